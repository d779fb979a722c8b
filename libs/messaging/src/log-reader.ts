import { isProjectEventType, upcast } from '@luodi/domain';
import {
  countLogAfter,
  countUnreadUpTo,
  lastCommittedPosition,
  readLogRows,
  type LogCheckpoint,
} from '@luodi/event-store';
import type { EntityManager } from 'typeorm';

/** Where a follower is in the log: the (tx_id, position) of the last event it took. */
export type Checkpoint = LogCheckpoint;

/** An event as a follower sees it: upcast to the current schema, recorded_at to the µs. */
export interface LogEvent {
  eventId: string;
  position: string;
  txId: string;
  streamId: string;
  version: number;
  type: string;
  schemaVersion: number;
  data: unknown;
  /** Who and which request wrote it (actor, correlationId, ...). */
  metadata: Record<string, unknown>;
  occurredOn: string | null;
  /** ISO-8601 UTC with microseconds, exactly as stored. */
  recordedAt: string;
}

/**
 * The log in commit-safe order (the event store's rule), through a given manager so it can
 * run inside a follower's own transaction (a feed's batch, a rebuild's switch-over).
 */
export async function readLog(
  manager: EntityManager,
  after: Checkpoint | null,
  limit: number,
): Promise<LogEvent[]> {
  const rows = await readLogRows(manager, after, limit);
  return rows.map((row) => {
    const current = isProjectEventType(row.type)
      ? upcast(row.type, row.schema_version, row.data)
      : { type: row.type, schemaVersion: row.schema_version, data: row.data };
    return {
      eventId: row.event_id,
      position: row.position,
      txId: row.tx_id,
      streamId: row.stream_id,
      version: row.version,
      type: current.type,
      schemaVersion: current.schemaVersion,
      data: current.data,
      metadata: row.metadata ?? {},
      occurredOn: row.occurred_on,
      recordedAt: row.recorded_at_us,
    };
  });
}

/** How many events are readable after a checkpoint (lag, progress). */
export const countAfter = countLogAfter;

/** For "wait until everything committed so far is handled" (see countUnreadUpTo). */
export { countUnreadUpTo, lastCommittedPosition };

export const checkpointOf = (event: LogEvent): Checkpoint => ({
  txId: event.txId,
  position: event.position,
});

/** The checkpoint stored in a row's tx_id / position columns (null before the first event). */
export const checkpointOfRow = (row: {
  tx_id: string | null;
  position: string | null;
}): Checkpoint | null =>
  row.tx_id !== null && row.position !== null ? { txId: row.tx_id, position: row.position } : null;
