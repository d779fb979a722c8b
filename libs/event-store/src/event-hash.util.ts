import { createHash } from 'node:crypto';

/** The hashed content of one event, exactly as stored. */
export interface HashedContent {
  eventId: string;
  streamId: string;
  version: number;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: unknown;
  occurredOn: string | null;
  /** recorded_at in microseconds, UTC: `YYYY-MM-DDTHH:MM:SS.ffffffZ` (see `isoMicros`). */
  recordedAt: string;
}

/** sha256(previous hash in the stream, '' for the first event + canonical JSON content). */
export function eventHash(previousHash: string, content: HashedContent): string {
  return createHash('sha256').update(previousHash).update(canonicalJson(content)).digest('hex');
}

/**
 * recorded_at as PostgreSQL keeps it (microseconds), so a hash computed from a JS Date at
 * write time equals one computed from the stored value, and a µs-level edit still shows.
 */
export function isoMicros(date: Date): string {
  return `${date.toISOString().slice(0, 23)}000Z`;
}

/** JSON with object keys sorted at every level; undefined members dropped like JSON does. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  }
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .filter((key) => record[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
  return `{${members.join(',')}}`;
}

/** What jsonb will hand back: plain JSON (Dates become strings, undefined disappears). */
export function toJsonValue<T>(value: T): T {
  return JSON.parse(JSON.stringify(value ?? null)) as T;
}
