import { randomUUID } from 'node:crypto';
import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';
import { eventHash, isoMicros, toJsonValue } from './event-hash.util';
import {
  DuplicateEventError,
  WrongExpectedVersionError,
  type ActualVersion,
} from './event-store.errors';
import type {
  AppendOptions,
  AppendResult,
  ExpectedVersion,
  NewEvent,
  StoredEvent,
} from './event-store.types';
import { assertValidExpected, satisfies } from './expected-version.policy';

interface PreparedEvent {
  eventId: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata: Record<string, unknown>;
  occurredOn: string | null;
}

interface LockedStream {
  /** Version before this append; 0 for a stream this append creates. */
  version: number;
  recordedAt: Date;
  created: boolean;
}

/** 9 parameters an event: stay well under PostgreSQL's 65535 bind parameters. */
const INSERT_CHUNK = 1000;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Raised inside the transaction when the unique (stream_id, version) index fires. */
class VersionClash extends Error {}

/**
 * Appends in one transaction. Appenders to one stream serialise on its `streams` row
 * (FOR UPDATE, or INSERT ... ON CONFLICT for a new stream); the unique (stream_id, version)
 * index backs that up and maps to the same WrongExpectedVersionError.
 * Everything inside uses the transaction's manager only (see serial-pglite.pool.ts).
 */
export async function appendToStream(
  dataSource: DataSource,
  streamId: string,
  expected: ExpectedVersion,
  events: readonly NewEvent[],
  options: AppendOptions = {},
): Promise<AppendResult> {
  assertValidExpected(expected);
  const prepared = events.map(prepare);
  assertUniqueIds(streamId, prepared);
  try {
    return await dataSource.transaction(async (manager) => {
      const result = await appendPrepared(manager, streamId, expected, prepared);
      await options.onAppended?.(manager, result.events);
      return result;
    });
  } catch (error) {
    if (!(error instanceof VersionClash)) throw error;
    // The transaction is over, so asking the data source directly is safe here.
    const actual = await currentVersion(dataSource.manager, streamId);
    throw new WrongExpectedVersionError(streamId, expected, actual);
  }
}

/**
 * Appends inside the caller's transaction, for writers that change several streams or a
 * checkpoint atomically (a supervision evaluation). A version clash aborts the caller's
 * transaction; the caller retries the whole unit of work.
 */
export async function appendInTransaction(
  manager: EntityManager,
  streamId: string,
  expected: ExpectedVersion,
  events: readonly NewEvent[],
): Promise<AppendResult> {
  assertValidExpected(expected);
  const prepared = events.map(prepare);
  assertUniqueIds(streamId, prepared);
  try {
    return await appendPrepared(manager, streamId, expected, prepared);
  } catch (error) {
    if (!(error instanceof VersionClash)) throw error;
    throw new WrongExpectedVersionError(streamId, expected, 'unknown');
  }
}

async function appendPrepared(
  manager: EntityManager,
  streamId: string,
  expected: ExpectedVersion,
  prepared: PreparedEvent[],
): Promise<AppendResult> {
  if (prepared.length === 0) return checkOnly(manager, streamId, expected);
  const locked = await lockStream(manager, streamId, expected, prepared.length);
  const stored = await insertEvents(manager, streamId, locked, prepared);
  const nextExpectedVersion = locked.version + prepared.length;
  return { nextExpectedVersion, events: stored };
}

export async function currentVersion(
  manager: EntityManager,
  streamId: string,
): Promise<number | 'no-stream'> {
  const rows: Array<{ version: number }> = await manager.query(
    'SELECT version FROM streams WHERE stream_id = $1',
    [streamId],
  );
  return rows[0]?.version ?? 'no-stream';
}

async function checkOnly(
  manager: EntityManager,
  streamId: string,
  expected: ExpectedVersion,
): Promise<AppendResult> {
  const actual = await currentVersion(manager, streamId);
  if (!satisfies(expected, actual)) throw new WrongExpectedVersionError(streamId, expected, actual);
  return { nextExpectedVersion: actual === 'no-stream' ? 0 : actual, events: [] };
}

async function lockStream(
  manager: EntityManager,
  streamId: string,
  expected: ExpectedVersion,
  count: number,
): Promise<LockedStream> {
  if (expected === 'no-stream' || expected === 'any') {
    // Creating the row both claims a new stream and locks it; a concurrent creator waits.
    const recordedAt = new Date();
    const created: unknown[] = await manager.query(
      `INSERT INTO streams (stream_id, version, updated_at) VALUES ($1, $2, $3)
       ON CONFLICT (stream_id) DO NOTHING RETURNING stream_id`,
      [streamId, count, recordedAt],
    );
    if (created.length > 0) return { version: 0, recordedAt, created: true };
  }
  const rows: Array<{ version: number; updated_at: Date }> = await manager.query(
    'SELECT version, updated_at FROM streams WHERE stream_id = $1 FOR UPDATE',
    [streamId],
  );
  const row = rows[0];
  const actual: ActualVersion = row?.version ?? 'no-stream';
  if (!row || !satisfies(expected, actual) || expected === 'no-stream') {
    throw new WrongExpectedVersionError(streamId, expected, actual);
  }
  // recorded_at never goes backwards in a stream (clock skew between app instances), so a
  // knownAt read never sees version n+1 without version n.
  const now = new Date();
  const last = new Date(row.updated_at);
  return { version: row.version, recordedAt: now > last ? now : last, created: false };
}

async function insertEvents(
  manager: EntityManager,
  streamId: string,
  locked: LockedStream,
  events: PreparedEvent[],
): Promise<StoredEvent[]> {
  // Read after the lock: a statement that took the lock would still see its old snapshot.
  let previousHash = await lastHash(manager, streamId, locked.version);
  const recordedAtUs = isoMicros(locked.recordedAt);
  const rows = events.map((event, index) => {
    const version = locked.version + index + 1;
    const hash = eventHash(previousHash, {
      eventId: event.eventId,
      streamId,
      version,
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.data,
      metadata: event.metadata,
      occurredOn: event.occurredOn,
      recordedAt: recordedAtUs,
    });
    previousHash = hash;
    return { ...event, version, hash };
  });

  const stored: StoredEvent[] = [];
  for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
    const chunk = rows.slice(start, start + INSERT_CHUNK);
    const params: unknown[] = [];
    const values = chunk.map((row) => {
      const base = params.length;
      params.push(
        row.eventId,
        streamId,
        row.version,
        row.type,
        row.schemaVersion,
        // Strings, not objects: node-postgres would turn a JS array into a PG array literal.
        JSON.stringify(row.data),
        JSON.stringify(row.metadata),
        row.occurredOn,
        locked.recordedAt,
        row.hash,
      );
      const p = (n: number) => `$${base + n}`;
      return `(${p(1)}::uuid, ${p(2)}, ${p(3)}::int, ${p(4)}, ${p(5)}::int, ${p(6)}::jsonb, ${p(7)}::jsonb, ${p(8)}::date, ${p(9)}::timestamptz, ${p(10)})`;
    });
    // The last chunk also moves the stream's version (a created stream already has it).
    const last = start + INSERT_CHUNK >= rows.length;
    const move = last && !locked.created ? moveStream(params, streamId, rows.length, locked) : '';
    const inserted = await insertChunk(manager, streamId, chunk, values, params, move);
    chunk.forEach((row, index) => {
      const ids = inserted[index];
      if (!ids) throw new Error(`Insert into ${streamId} returned fewer rows than sent`);
      stored.push({
        eventId: row.eventId,
        streamId,
        version: row.version,
        type: row.type,
        schemaVersion: row.schemaVersion,
        data: row.data,
        metadata: row.metadata,
        occurredOn: row.occurredOn,
        recordedAt: locked.recordedAt,
        position: ids.position,
        txId: ids.tx_id,
        hash: row.hash,
      });
    });
  }
  return stored;
}

async function lastHash(manager: EntityManager, streamId: string, version: number) {
  if (version === 0) return '';
  const rows: Array<{ hash: string }> = await manager.query(
    'SELECT hash FROM events WHERE stream_id = $1 AND version = $2',
    [streamId, version],
  );
  const hash = rows[0]?.hash;
  if (hash === undefined) throw new Error(`Stream ${streamId} has no event at version ${version}`);
  return hash;
}

/** A CTE that sets the stream's version and recorded_at, its parameters added to `params`. */
function moveStream(params: unknown[], streamId: string, count: number, locked: LockedStream) {
  params.push(streamId, locked.version + count, locked.recordedAt);
  const n = params.length;
  return `,
       moved AS (UPDATE streams SET version = $${n - 1}::int, updated_at = $${n}::timestamptz
                 WHERE stream_id = $${n - 2})`;
}

async function insertChunk(
  manager: EntityManager,
  streamId: string,
  chunk: Array<{ eventId: string }>,
  values: string[],
  params: unknown[],
  move: string,
): Promise<Array<{ position: string; tx_id: string }>> {
  try {
    // ORDER BY keeps RETURNING aligned with the VALUES order (positions ascend with it).
    return await manager.query(
      `WITH inserted AS (
         INSERT INTO events (event_id, stream_id, version, type, schema_version, data, metadata,
                             occurred_on, recorded_at, hash)
         VALUES ${values.join(', ')}
         RETURNING position, tx_id)${move}
       SELECT position::text AS position, tx_id::text AS tx_id FROM inserted ORDER BY inserted.position`,
      params,
    );
  } catch (error) {
    const driverError = error instanceof QueryFailedError ? (error.driverError as PgError) : null;
    if (driverError?.code !== '23505') throw error;
    if (driverError.constraint === 'events_event_id_key') {
      const id = /\(event_id\)=\(([^)]+)\)/.exec(driverError.detail ?? '')?.[1];
      throw new DuplicateEventError(streamId, id ? [id] : chunk.map((event) => event.eventId));
    }
    if (driverError.constraint === 'events_stream_version_key') throw new VersionClash();
    throw error;
  }
}

interface PgError {
  code?: string;
  constraint?: string;
  detail?: string;
}

function prepare(event: NewEvent): PreparedEvent {
  const occurredOn = event.occurredOn ?? null;
  if (occurredOn !== null && !DATE_PATTERN.test(occurredOn)) {
    throw new RangeError(`occurredOn must be YYYY-MM-DD; got ${occurredOn}`);
  }
  if (!Number.isSafeInteger(event.schemaVersion) || event.schemaVersion < 1) {
    throw new RangeError(`schemaVersion must be an integer ≥ 1; got ${event.schemaVersion}`);
  }
  // Lower case, as PostgreSQL prints a uuid, so the hash matches the stored id.
  const eventId = (event.eventId ?? randomUUID()).toLowerCase();
  if (!UUID_PATTERN.test(eventId)) throw new RangeError(`eventId must be a UUID; got ${eventId}`);
  return {
    eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    // Hash exactly what jsonb will give back.
    data: toJsonValue(event.data),
    metadata: toJsonValue(event.metadata ?? {}),
    occurredOn,
  };
}

function assertUniqueIds(streamId: string, events: PreparedEvent[]): void {
  const seen = new Set<string>();
  const repeated = events.map((event) => event.eventId).filter((id) => !seen.add(id));
  if (repeated.length > 0) throw new DuplicateEventError(streamId, repeated);
}
