/** For exhaustive switches: a new union member becomes a compile error here. */
export function missingCase(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}
