/** Compile-time exhaustiveness check; at run time it means a value arrived that the types forbid. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
