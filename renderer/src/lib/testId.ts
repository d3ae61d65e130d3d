/**
 * `data-testid` for components that take props objects (okButtonProps, …): an object literal
 * would trip TypeScript's excess-property check, a spread value does not.
 */
export function testId(id: string): { 'data-testid': string } {
  return { 'data-testid': id };
}
