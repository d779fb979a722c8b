/**
 * Drops keys whose value is undefined, so events and state are identical before and after a
 * JSON round trip (snapshots, jsonb, event hashes) rather than "missing" vs "undefined".
 */
export function omitUndefined<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v !== undefined) out[key] = v;
  }
  return out as T;
}
