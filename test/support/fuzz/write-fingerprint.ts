import type { DataSource } from 'typeorm';

/**
 * A fingerprint of everything a request can write, cheap enough to take after every fuzz case
 * (one round trip, well under a millisecond on the fuzz suite's small tables).
 *
 * - `events` is append-only (the hash chain would show an edit), so its row count and highest
 *   position change with every write, supervision item events included.
 * - `project_list` and `idempotency_keys` are written with events or replace nothing: counts.
 * - Tables that commands update in place (clients revoked, regions renamed, targets changed,
 *   items moved on, evaluations, link keys) are summed row by row with `hashtext`, so an
 *   update shows as well as an insert.
 *
 * Left out on purpose: the projector's read models and checkpoints (`facts_*`, `projections`,
 * `projection_rebuilds`), which follow the log in the background and are rebuilt from it, and
 * `snapshots`, a cache that loading a long stream may refresh even for a refused command.
 */
const ROW_COUNTED = ['project_list', 'idempotency_keys', 'streams'];
const CONTENT_HASHED = [
  'clients',
  'regions',
  'industry_chains',
  'targets',
  'supervision_items',
  'supervision_evaluations',
  'link_signing_keys',
];

const SQL = `SELECT concat_ws(' ',
  (SELECT 'events=' || count(*) || '@' || coalesce(max(position), 0) FROM events),
  ${ROW_COUNTED.map((table) => `(SELECT '${table}=' || count(*) FROM ${table})`).join(',\n  ')},
  ${CONTENT_HASHED.map(
    (table) =>
      `(SELECT '${table}=' || count(*) || '#' || coalesce(sum(hashtext(t::text)), 0) FROM ${table} t)`,
  ).join(',\n  ')}) AS fingerprint`;

export async function writeFingerprint(dataSource: DataSource): Promise<string> {
  const rows: Array<{ fingerprint: string }> = await dataSource.query(SQL);
  return rows[0]!.fingerprint;
}

/** The first transaction id not yet completed: every committed or aborted write moves it. */
async function nextTransactionId(dataSource: DataSource): Promise<string> {
  const rows: Array<{ xmax: string }> = await dataSource.query(
    'SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS xmax',
  );
  return rows[0]!.xmax;
}

/**
 * Watches for writes between fuzz cases. Every write runs in a transaction that is given an id,
 * and a read-only request gets none, so while the next transaction id stays put nothing can
 * have been written: one trivial query. When it moved (a write, a rolled-back write, or on a
 * PostgreSQL server another database's work), the fingerprints are compared.
 */
export class WriteWatch {
  private xid = '';
  private fingerprint = '';
  /** How often the cheap look was not enough and the fingerprints were compared. */
  comparisons = 0;

  constructor(private readonly dataSource: DataSource) {}

  /** Takes the database as it is now as the state to compare with. */
  async settle(): Promise<void> {
    this.xid = await nextTransactionId(this.dataSource);
    this.fingerprint = await writeFingerprint(this.dataSource);
  }

  /** Whether any transaction ended since the last look (cheap; may be another's). */
  async moved(): Promise<boolean> {
    return (await nextTransactionId(this.dataSource)) !== this.xid;
  }

  /**
   * What was written since `settle` (empty when nothing); the new state becomes the baseline.
   * Supervision that follows the log may still be finishing an earlier success's events when
   * the next request is answered (on a PostgreSQL server the commit-safe horizon is the whole
   * cluster's); its item events name their cause, an event older than the baseline, and are
   * not the request's doing: they are counted in `lateSupervision` instead.
   */
  async writes(): Promise<string> {
    const xid = await nextTransactionId(this.dataSource);
    if (xid === this.xid) return '';
    this.comparisons += 1;
    const fingerprint = await writeFingerprint(this.dataSource);
    const old = new Set(this.fingerprint.split(' '));
    const changed = fingerprint.split(' ').filter((part) => !old.has(part));
    const since = /events=\d+@(\d+)/.exec(this.fingerprint)?.[1] ?? '0';
    this.xid = xid;
    this.fingerprint = fingerprint;
    if (changed.length === 0) return '';
    const events = await this.eventsAfter(since);
    const onlySupervisionTables = changed.every((part) =>
      /^(events|streams|supervision_items)=/.test(part),
    );
    if (onlySupervisionTables && events.length > 0 && events.every((e) => e.lateSupervision)) {
      this.lateSupervision += 1;
      return '';
    }
    return [...changed, ...events.slice(0, 3).map((e) => e.text)].join(' ');
  }

  /** Supervision writes that followed an earlier success late (see `writes`). */
  lateSupervision = 0;

  /** The events appended after a position: who wrote them, and whether supervision did, late. */
  private async eventsAfter(
    position: string,
  ): Promise<Array<{ text: string; lateSupervision: boolean }>> {
    const rows: Array<{
      type: string;
      stream_id: string;
      metadata: Record<string, unknown>;
      cause: string | null;
    }> = await this.dataSource.query(
      `SELECT e.type, e.stream_id, e.metadata, c.position::text AS cause
         FROM events e LEFT JOIN events c ON c.event_id::text = e.metadata->>'causationId'
        WHERE e.position > $1 ORDER BY e.position`,
      [position],
    );
    return rows.map((row) => ({
      text: `${row.type}@${row.stream_id} ${JSON.stringify(row.metadata).slice(0, 200)}`,
      lateSupervision:
        row.metadata.actor === 'supervision' &&
        row.stream_id.startsWith('supervision-item-') &&
        row.cause !== null &&
        BigInt(row.cause) <= BigInt(position),
    }));
  }
}
