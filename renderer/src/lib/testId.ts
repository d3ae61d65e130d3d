/**
 * `data-testid` for components that take props objects (okButtonProps, …): an object literal
 * would trip TypeScript's excess-property check, a spread value does not.
 */
export function testId(id: string): { 'data-testid': string } {
  return { 'data-testid': id };
}

/** `data-*` attributes for props objects (a Table's onRow, …), for the same reason as testId. */
export function dataAttributes(values: Record<string, string | number | boolean>): Record<`data-${string}`, string> {
  const attributes: Record<`data-${string}`, string> = {};
  for (const [name, value] of Object.entries(values)) attributes[`data-${name}`] = String(value);
  return attributes;
}
