import type { HashedContent } from './event-hash.util';
import type { EventMetadata, StoredEvent, Upcaster } from './event-store.types';

/**
 * Columns read for an event. Bigints, xid8, dates and the µs timestamp are formatted in SQL
 * so PostgreSQL (node-postgres) and PGlite hand back identical values.
 */
export const EVENT_COLUMNS = `
  position::text AS position, event_id::text AS event_id, stream_id, version, type,
  schema_version, data, metadata, to_char(occurred_on, 'YYYY-MM-DD') AS occurred_on,
  recorded_at, to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
  AS recorded_at_us, tx_id::text AS tx_id, hash`;

export interface EventRow {
  position: string;
  event_id: string;
  stream_id: string;
  version: number;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: EventMetadata;
  occurred_on: string | null;
  recorded_at: Date;
  recorded_at_us: string;
  tx_id: string;
  hash: string;
}

export function toStoredEvent(row: EventRow, upcast?: Upcaster): StoredEvent {
  const current = upcast
    ? upcast(row.type, row.schema_version, row.data)
    : { type: row.type, schemaVersion: row.schema_version, data: row.data };
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    version: row.version,
    type: current.type,
    schemaVersion: current.schemaVersion,
    data: current.data,
    metadata: row.metadata,
    occurredOn: row.occurred_on,
    recordedAt: new Date(row.recorded_at),
    position: row.position,
    txId: row.tx_id,
    hash: row.hash,
  };
}

/** The content the hash covers, from the stored (not upcast) row. */
export function hashedContentOf(row: EventRow): HashedContent {
  return {
    eventId: row.event_id,
    streamId: row.stream_id,
    version: row.version,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata,
    occurredOn: row.occurred_on,
    recordedAt: row.recorded_at_us,
  };
}
