import type { EntityManager } from 'typeorm';
import { EVENT_COLUMNS, toStoredEvent, type EventRow } from './event-row.mapper';
import type {
  LogCheckpoint,
  ReadAllResult,
  ReadStreamOptions,
  StoredEvent,
  Upcaster,
} from './event-store.types';

export async function readStream(
  manager: EntityManager,
  streamId: string,
  options: ReadStreamOptions,
  upcast?: Upcaster,
): Promise<StoredEvent[]> {
  const params: unknown[] = [streamId, options.fromVersion ?? 1];
  let knownAt = '';
  if (options.knownAt) {
    params.push(options.knownAt);
    knownAt = 'AND recorded_at <= $3';
  }
  const rows: EventRow[] = await manager.query(
    `SELECT ${EVENT_COLUMNS} FROM events
     WHERE stream_id = $1 AND version >= $2 ${knownAt}
     ORDER BY version`,
    params,
  );
  return rows.map((row) => toStoredEvent(row, upcast));
}

/**
 * The log in commit-safe order. Positions are handed out when rows are inserted, not when
 * they commit, so a reader going by position alone could pass a slow transaction's event
 * before it commits and never come back. Only transactions older than every transaction
 * still running (tx_id < xmin of the current snapshot) are read, ordered by
 * (tx_id, position): nothing can later appear before the checkpoint. Every log follower
 * (readAll, the projector, the relay, the feeds) reads through here.
 */
export async function readLogRows(
  manager: EntityManager,
  after: LogCheckpoint | null,
  limit: number,
): Promise<EventRow[]> {
  if (!Number.isSafeInteger(limit) || limit < 1) {
    throw new RangeError(`limit must be ≥ 1; got ${limit}`);
  }
  const params: unknown[] = [limit];
  let resume = '';
  if (after) {
    params.push(after.txId, after.position);
    resume = 'AND (tx_id, position) > ($2::xid8, $3::bigint)';
  }
  return manager.query(
    `SELECT ${EVENT_COLUMNS} FROM events
     WHERE tx_id < pg_snapshot_xmin(pg_current_snapshot()) ${resume}
     -- Qualified: the bare names would sort by the text aliases of EVENT_COLUMNS ('10' < '9').
     ORDER BY events.tx_id, events.position
     LIMIT $1`,
    params,
  );
}

/** How many events are readable (commit-safe) after a checkpoint: lag and progress. */
export async function countLogAfter(
  manager: EntityManager,
  after: LogCheckpoint | null,
): Promise<number> {
  const params: unknown[] = [];
  let resume = '';
  if (after) {
    params.push(after.txId, after.position);
    resume = 'AND (tx_id, position) > ($1::xid8, $2::bigint)';
  }
  const rows: Array<{ n: string }> = await manager.query(
    `SELECT count(*)::text AS n FROM events
     WHERE tx_id < pg_snapshot_xmin(pg_current_snapshot()) ${resume}`,
    params,
  );
  return Number(rows[0]?.n ?? 0);
}

/** The newest committed position visible now (null for an empty log): "everything so far". */
export async function lastCommittedPosition(manager: EntityManager): Promise<string | null> {
  const rows: Array<{ p: string | null }> = await manager.query(
    `SELECT max(events.position)::text AS p FROM events`,
  );
  return rows[0]?.p ?? null;
}

/**
 * Committed events at or before `upTo` that a follower at `after` has not read yet, whether or
 * not the commit-safe horizon has passed them: a waiter that wants "everything committed
 * before I asked" must not stop while a long transaction holds the horizon back.
 */
export async function countUnreadUpTo(
  manager: EntityManager,
  after: LogCheckpoint | null,
  upTo: string,
): Promise<number> {
  const params: unknown[] = [upTo];
  let resume = '';
  if (after) {
    params.push(after.txId, after.position);
    resume = 'AND (events.tx_id, events.position) > ($2::xid8, $3::bigint)';
  }
  const rows: Array<{ n: string }> = await manager.query(
    `SELECT count(*)::text AS n FROM events WHERE events.position <= $1::bigint ${resume}`,
    params,
  );
  return Number(rows[0]?.n ?? 0);
}

export async function readAll(
  manager: EntityManager,
  after: LogCheckpoint | null,
  limit: number,
  upcast?: Upcaster,
): Promise<ReadAllResult> {
  const rows = await readLogRows(manager, after, limit);
  const events = rows.map((row) => toStoredEvent(row, upcast));
  const last = events[events.length - 1];
  return {
    events,
    checkpoint: last ? { txId: last.txId, position: last.position } : after,
  };
}
