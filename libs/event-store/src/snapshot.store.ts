import type { EntityManager } from 'typeorm';

/** A folded state of a stream up to `version`; a cache, never the truth. */
export interface Snapshot<S = unknown> {
  snapshotType: string;
  /** Version of the state's shape: a snapshot with another shape version is ignored. */
  snapshotVersion: number;
  /** Stream version of the last event folded into `state`. */
  version: number;
  state: S;
  /** recorded_at of that last event. */
  lastRecordedAt: Date;
}

/** The stream's snapshot of this type and shape, if any (and, with knownAt, if early enough). */
export async function loadSnapshot<S>(
  manager: EntityManager,
  streamId: string,
  snapshotType: string,
  snapshotVersion: number,
  knownAt?: Date,
): Promise<Snapshot<S> | null> {
  const params: unknown[] = [streamId, snapshotType, snapshotVersion];
  let knownAtClause = '';
  if (knownAt) {
    params.push(knownAt);
    knownAtClause = 'AND last_recorded_at <= $4';
  }
  const rows: Array<{ version: number; state: S; last_recorded_at: Date }> = await manager.query(
    `SELECT version, state, last_recorded_at FROM snapshots
     WHERE stream_id = $1 AND snapshot_type = $2 AND snapshot_version = $3 ${knownAtClause}`,
    params,
  );
  const row = rows[0];
  if (!row) return null;
  return {
    snapshotType,
    snapshotVersion,
    version: row.version,
    state: row.state,
    lastRecordedAt: new Date(row.last_recorded_at),
  };
}

/**
 * Keeps one snapshot per (stream, type): replaced by a later version or by a new shape
 * version, never by an older version (a slow loader cannot roll it back).
 */
export async function saveSnapshot(
  manager: EntityManager,
  streamId: string,
  snapshot: Snapshot,
): Promise<void> {
  await manager.query(
    `INSERT INTO snapshots (stream_id, snapshot_type, snapshot_version, version, state,
                            last_recorded_at)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6)
     ON CONFLICT (stream_id, snapshot_type) DO UPDATE
       SET snapshot_version = EXCLUDED.snapshot_version, version = EXCLUDED.version,
           state = EXCLUDED.state, last_recorded_at = EXCLUDED.last_recorded_at,
           created_at = now()
       WHERE snapshots.version < EXCLUDED.version
          OR snapshots.snapshot_version <> EXCLUDED.snapshot_version`,
    [
      streamId,
      snapshot.snapshotType,
      snapshot.snapshotVersion,
      snapshot.version,
      JSON.stringify(snapshot.state),
      snapshot.lastRecordedAt,
    ],
  );
}
