// The raw limits of the same database in the same run: what plain SQL does with no
// framework, no validation and no read model. Every figure of the suite is set against one.

import { randomUUID } from 'node:crypto';
import type { DataSource, QueryRunner } from 'typeorm';
import { latency, type Latency } from './stats';

/** A copy of the events and streams tables (same columns, keys and indexes), off the log. */
export async function createBaselineTables(db: DataSource): Promise<void> {
  await db.query(`
    CREATE TABLE IF NOT EXISTS bench_streams (
      stream_id text PRIMARY KEY, version integer NOT NULL, updated_at timestamptz NOT NULL);
    CREATE TABLE IF NOT EXISTS bench_events (
      position bigserial PRIMARY KEY, event_id uuid NOT NULL UNIQUE, stream_id text NOT NULL,
      version integer NOT NULL, type text NOT NULL, schema_version integer NOT NULL,
      data jsonb NOT NULL, metadata jsonb NOT NULL DEFAULT '{}', occurred_on date,
      recorded_at timestamptz NOT NULL, tx_id xid8 NOT NULL DEFAULT pg_current_xact_id(),
      hash text NOT NULL, UNIQUE (stream_id, version));
    CREATE INDEX IF NOT EXISTS bench_events_tx_position_idx ON bench_events (tx_id, position);
  `);
}

const EVENT_DATA = JSON.stringify({
  occurredOn: '2026-06-01',
  type: 'VISIT',
  note: '赴企业走访,对接项目用地与用电需求',
});
const METADATA = JSON.stringify({ actor: randomUUID(), correlationId: 'bench-baseline' });

/**
 * One transaction: read the stream's version under a row lock (creating the stream when new),
 * insert one event, move the version. What an append needs, in plain SQL.
 */
export async function rawAppend(q: QueryRunner, streamId: string): Promise<void> {
  await q.startTransaction();
  try {
    await q.query(
      `INSERT INTO bench_streams VALUES ($1, 0, now()) ON CONFLICT (stream_id) DO NOTHING`,
      [streamId],
    );
    const rows: Array<{ version: number }> = await q.query(
      `SELECT version FROM bench_streams WHERE stream_id = $1 FOR UPDATE`,
      [streamId],
    );
    const version = (rows[0]?.version ?? 0) + 1;
    await q.query(
      `INSERT INTO bench_events (event_id, stream_id, version, type, schema_version, data, metadata, occurred_on, recorded_at, hash)
       VALUES ($1, $2, $3, 'ActivityLogged', 1, $4, $5, '2026-06-01', now(), $6)`,
      [randomUUID(), streamId, version, EVENT_DATA, METADATA, randomUUID()],
    );
    await q.query(
      `UPDATE bench_streams SET version = $2, updated_at = now() WHERE stream_id = $1`,
      [streamId, version],
    );
    await q.commitTransaction();
  } catch (error) {
    await q.rollbackTransaction();
    throw error;
  }
}

export interface ThroughputResult {
  perSecond: number;
  latency: Latency;
  count: number;
}

/**
 * Raw append transactions from `connections` sessions for `seconds`: on distinct streams, or
 * all on `streams` shared ones (contention).
 */
export async function rawAppendThroughput(
  db: DataSource,
  options: { connections: number; seconds: number; sharedStreams?: number },
): Promise<ThroughputResult> {
  const samples: number[] = [];
  const shared = Array.from({ length: options.sharedStreams ?? 0 }, () => `bench-${randomUUID()}`);
  const deadline = performance.now() + options.seconds * 1000;
  const started = performance.now();
  const worker = async (n: number) => {
    const q = db.createQueryRunner();
    await q.connect();
    try {
      for (let i = 0; performance.now() < deadline; i++) {
        const stream =
          shared.length > 0 ? shared[(n + i) % shared.length]! : `bench-${randomUUID()}`;
        const t = performance.now();
        await rawAppend(q, stream);
        samples.push(performance.now() - t);
      }
    } finally {
      await q.release();
    }
  };
  await Promise.all(Array.from({ length: options.connections }, (_, n) => worker(n)));
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: samples.length / seconds, latency: latency(samples), count: samples.length };
}

/**
 * Reads the whole log in commit order a page at a time, as the projector does, doing nothing.
 * ORDER BY names the table's columns: the text aliases of the select list would sort as text.
 */
export async function rawLogScan(
  db: DataSource,
  page: number,
): Promise<{ events: number; seconds: number }> {
  const started = performance.now();
  let events = 0;
  let after: { txId: string; position: string } | null = null;
  for (;;) {
    const rows: Array<{ tx_id: string; position: string }> = after
      ? await db.query(
          `SELECT position::text AS position, tx_id::text AS tx_id, event_id, stream_id, version, type, schema_version, data, metadata, occurred_on, recorded_at, hash
           FROM events WHERE (events.tx_id, events.position) > ($1::xid8, $2::bigint)
           ORDER BY events.tx_id, events.position LIMIT $3`,
          [after.txId, after.position, page],
        )
      : await db.query(
          `SELECT position::text AS position, tx_id::text AS tx_id, event_id, stream_id, version, type, schema_version, data, metadata, occurred_on, recorded_at, hash
           FROM events ORDER BY events.tx_id, events.position LIMIT $1`,
          [page],
        );
    events += rows.length;
    const last = rows.at(-1);
    if (!last || rows.length < page) break;
    after = { txId: last.tx_id, position: last.position };
  }
  return { events, seconds: (performance.now() - started) / 1000 };
}

const WARM_UP_QUERIES = 3;

/** Latency of one query run `times` times in a row (after WARM_UP_QUERIES untimed runs). */
export async function queryLatency(
  db: DataSource,
  sql: string,
  params: unknown[],
  times: number,
): Promise<Latency & { rows: number }> {
  const samples: number[] = [];
  let rows = 0;
  // Not counted: the first runs plan the statement and bring its pages into memory, as the
  // reports' own warm-up does for them.
  for (let i = 0; i < WARM_UP_QUERIES; i++) await db.query(sql, params);
  for (let i = 0; i < times; i++) {
    const t = performance.now();
    const result: unknown[] = await db.query(sql, params);
    samples.push(performance.now() - t);
    rows = result.length;
  }
  return { ...latency(samples), rows };
}
