import { isProjectEventType, upcast } from '@luodi/domain';
import type { EntityManager } from 'typeorm';

/** Where a projection is in the log: the (tx_id, position) of the last event it applied. */
export interface Checkpoint {
  txId: string;
  position: string;
}

/** An event as a projection sees it: upcast to the current schema, recorded_at to the µs. */
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

interface Row {
  event_id: string;
  position: string;
  tx_id: string;
  stream_id: string;
  version: number;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: Record<string, unknown> | null;
  occurred_on: string | null;
  recorded_at: string;
}

/**
 * The log in commit-safe order (the same rule as EventStore.readAll: only transactions older
 * than every one still in flight, by (tx_id, position)), through a given manager so it can
 * run inside a projection's own transaction (the switch-over of a rebuild does).
 */
export async function readLog(
  manager: EntityManager,
  after: Checkpoint | null,
  limit: number,
): Promise<LogEvent[]> {
  const params: unknown[] = [limit];
  let resume = '';
  if (after) {
    params.push(after.txId, after.position);
    resume = 'AND (tx_id, position) > ($2::xid8, $3::bigint)';
  }
  const rows: Row[] = await manager.query(
    `SELECT event_id::text AS event_id, position::text AS position, tx_id::text AS tx_id, stream_id, version, type,
            schema_version, data, metadata,
            to_char(occurred_on, 'YYYY-MM-DD') AS occurred_on,
            to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS recorded_at
     FROM events
     WHERE tx_id < pg_snapshot_xmin(pg_current_snapshot()) ${resume}
     -- Qualified: the bare names would sort by the text aliases above ('10' < '9').
     ORDER BY events.tx_id, events.position
     LIMIT $1`,
    params,
  );
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
      recordedAt: row.recorded_at,
    };
  });
}

/** How many events are readable after a checkpoint (for progress and catch-up checks). */
export async function countAfter(
  manager: EntityManager,
  after: Checkpoint | null,
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

export const checkpointOf = (event: LogEvent): Checkpoint => ({
  txId: event.txId,
  position: event.position,
});
