// The reports leadership reads, over HTTP one request at a time (the latency a reader sees),
// against one indexed SELECT of the project states those reports read (each project's row
// on the as-of date) on the same database.

import type { DataSource } from 'typeorm';
import { queryLatency } from '../baselines';
import { load } from '../http';
import type { Results } from '../results';
import type { Server } from '../server';
import { DATASET_TODAY } from '../dataset/generate';

const YEAR = DATASET_TODAY.slice(0, 4);
/** Requests before each report's measured load, not counted. */
const WARM_UP_SECONDS = 2;
/** The Tuesday after the data set's last day. */
const MEETING = '2026-06-30';

export const REPORTS = [
  { name: 'weekly agenda', path: `/reports/weekly-meeting?date=${MEETING}` },
  { name: 'indicators', path: `/reports/indicators?year=${YEAR}&asOf=${DATASET_TODAY}` },
  {
    name: 'conversion',
    path: `/reports/conversion?signedFrom=${YEAR}-01-01&signedTo=${DATASET_TODAY}&asOf=${DATASET_TODAY}`,
  },
] as const;

/** One indexed SELECT of the rows the reports read: every project's state on the as-of date. */
export async function reportBaseline(db: DataSource): Promise<{ p95: number; rows: number }> {
  const rows: Array<{ generation: number }> = await db.query(
    `SELECT generation FROM projections WHERE name = 'facts'`,
  );
  const table = `rm_project_states_g${rows[0]!.generation}`;
  return queryLatency(db, `SELECT * FROM ${table} WHERE valid @> $1::date`, [DATASET_TODAY], 30);
}

export async function reportSuite(input: {
  server: Server;
  results: Results;
  database: string;
  size: string;
  seconds: number;
  baseline: { p95: number; rows: number };
}): Promise<void> {
  const target = input.size === '100k' ? 500 : 150;
  for (const report of REPORTS) {
    const request = {
      url: input.server.url,
      connections: 1,
      requests: [{ method: 'GET' as const, path: `/api/v1${report.path}` }],
      headers: { authorization: `Bearer ${input.server.adminKey}` },
    };
    // Not counted: a fresh process compiles and loads each report's code on its first
    // requests (the first agenda took 230-280 ms, the next ones 100-170), and at 10k the
    // ~70 requests of a load have only three or four above their p95.
    await load({ ...request, seconds: WARM_UP_SECONDS });
    const result = await load({ ...request, seconds: input.seconds });
    const failed = Object.entries(result.statuses).filter(([s]) => !s.startsWith('2'));
    input.results.add({
      benchmark: `report: ${report.name}`,
      database: input.database,
      size: input.size,
      metric: 'ms p95',
      value: result.latency.p95,
      baseline: {
        what: `ms p95 indexed SELECT of ${input.baseline.rows} project states`,
        value: input.baseline.p95,
      },
      ratio: input.baseline.p95 / result.latency.p95,
      ...(input.size === '1k'
        ? {}
        : { target: `≤ ${target} ms`, met: result.latency.p95 <= target && failed.length === 0 }),
      note: `p50 ${result.latency.p50.toFixed(1)} ms, p99 ${result.latency.p99.toFixed(1)}, ${result.latency.count} requests${failed.length ? `; FAILED ${JSON.stringify(failed)}` : ''}`,
    });
  }
}
