// `npm run bench`: every benchmark on PGlite, and on PostgreSQL when DATABASE_URL is set, each
// beside a raw baseline measured in the same run; a table at the end and a JSON file in
// bench/results/. See bench/README.md.

import 'reflect-metadata';
import { createBaselineTables, rawAppendThroughput } from './baselines';
import {
  benchDatabase,
  open,
  recreate,
  serverVersion,
  type BenchDatabase,
  type DatabaseKind,
} from './database';
import {
  DATASET_SIZES,
  DATASET_VERSION,
  generateDataset,
  type DatasetSize,
} from './dataset/generate';
import { loadDataset } from './dataset/load';
import { progress } from './progress';
import { Results } from './results';
import { startServer } from './server';
import { commandSuite } from './suites/commands';
import { lagSuite } from './suites/lag';
import { rebuildSuite } from './suites/rebuild';
import { reportBaseline, reportSuite } from './suites/reports';
import { streamSuite } from './suites/streams';
import { supervisionSuite } from './suites/supervision';
import type { DataSource } from 'typeorm';

interface Options {
  sizes: DatasetSize[];
  /** The size every benchmark runs at; the other sizes run the size-dependent ones. */
  full: DatasetSize;
  databases: DatabaseKind[];
  seconds: number;
  connections: number;
  reuse: boolean;
  lag: boolean;
  /** Only the lag suite (--lag-only): no data set, a few seconds a database. */
  lagOnly: boolean;
}

function parseArgs(argv: string[]): Options {
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const size = (value('size') ?? '10k') as DatasetSize;
  if (!(size in DATASET_SIZES))
    throw new Error(`--size must be one of ${Object.keys(DATASET_SIZES).join(', ')}`);
  const db = value('db') ?? (process.env.DATABASE_URL ? 'all' : 'pglite');
  const databases: DatabaseKind[] = db === 'all' ? ['pglite', 'postgres'] : [db as DatabaseKind];
  if (databases.includes('postgres') && !process.env.DATABASE_URL) {
    throw new Error('--db postgres needs DATABASE_URL (a role that may CREATE DATABASE)');
  }
  return {
    // The 10k run also times the reports at 1k, to show how they grow.
    sizes: size === '10k' ? ['1k', '10k'] : [size],
    full: size,
    databases,
    seconds: Number(value('seconds') ?? 10),
    connections: Number(value('connections') ?? 10),
    reuse: argv.includes('--reuse'),
    lag: !argv.includes('--no-lag'),
    lagOnly: argv.includes('--lag-only'),
  };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const results = new Results();
  const started = Date.now();
  console.log(
    `luodi benchmarks: ${options.databases.join(' and ')}, data sets ${options.sizes.join(', ')}, ` +
      `${options.seconds} s a load, ${options.connections} connections`,
  );
  for (const kind of options.databases) {
    for (const size of options.lagOnly ? [] : options.sizes) {
      await runSize(kind, size, size === options.full, options, results);
    }
    if (options.lag)
      await lagSuite({ target: benchDatabase(kind, 'lag'), results, seconds: options.seconds });
  }
  console.log(`\n${results.table()}\n`);
  const file = await results.write({ ...options });
  const missed = results.figures.filter((f) => f.met === false).length;
  console.log(
    `Written to ${file} (and bench/results/latest.json) in ${((Date.now() - started) / 60000).toFixed(1)} min; ` +
      `${missed === 0 ? 'every target met' : `${missed} target(s) missed`}.`,
  );
}

async function runSize(
  kind: DatabaseKind,
  size: DatasetSize,
  full: boolean,
  options: Options,
  results: Results,
): Promise<void> {
  const target = benchDatabase(kind, size);
  const dataset = generateDataset(size);
  const db = await prepare(target, size, dataset, options.reuse);
  const version = await serverVersion(db);
  const label = `${target.label} ${kind === 'postgres' ? version.split(' ')[0] : `(PostgreSQL ${version.split(' ')[0]})`}`;
  console.log(`\n== ${label}, ${size}`);
  const ctx = { db, target, size, results, seconds: options.seconds };
  let raw;
  if (full) {
    await createBaselineTables(db);
    raw = {
      distinct: await rawAppendThroughput(db, {
        connections: options.connections,
        seconds: options.seconds,
      }),
      contended: await rawAppendThroughput(db, {
        connections: options.connections,
        seconds: options.seconds,
        sharedStreams: 4,
      }),
    };
    await streamSuite(ctx);
  }
  await rebuildSuite(ctx);
  await settle(db);
  const baseline = await reportBaseline(db);
  // Closes the database: a PGlite folder belongs to one process, the server's next.
  await supervisionSuite(ctx);

  const reporting = await startServer(target.env);
  try {
    await reportSuite({
      server: reporting,
      results,
      database: target.label,
      size,
      seconds: options.seconds,
      baseline,
    });
    results.add({
      benchmark: 'memory (all-in-one process)',
      database: target.label,
      size,
      metric: 'MB peak RSS under the report load',
      value: reporting.peakRssMb(),
      note: 'reports hold every project of the data set while they are computed',
    });
  } finally {
    await reporting.stop();
  }
  // A process of its own, so that the memory figure is the command load's, not the heap
  // that the reports left behind (V8 keeps what it grew).
  const server = full && raw ? await startServer(target.env) : undefined;
  try {
    if (server && raw) {
      await commandSuite({
        server,
        plan: dataset.plan,
        results,
        database: target.label,
        size,
        kind,
        seconds: options.seconds,
        connections: options.connections,
        raw,
      });
    }
  } finally {
    await server?.stop();
  }
}

/** A fresh database with the data set (or the one a previous run left, with --reuse). */
async function prepare(
  target: BenchDatabase,
  size: DatasetSize,
  dataset: ReturnType<typeof generateDataset>,
  reuse: boolean,
): Promise<DataSource> {
  if (reuse) {
    const db = await open(target);
    const loaded: unknown[] = await db
      .query(`SELECT 1 FROM bench_dataset WHERE size = $1 AND version = $2`, [
        size,
        DATASET_VERSION,
      ])
      .catch(() => []);
    if (loaded.length > 0) return db;
    await db.destroy();
  }
  await recreate(target);
  const db = await open(target);
  const summary = await loadDataset(db, dataset, progress(`loading ${size}`, 'projects'));
  console.log(
    `  data set ${size}: ${summary.projects} projects, ${summary.events} events loaded in ` +
      `${summary.seconds.toFixed(1)} s (${Math.round(summary.events / summary.seconds)} events/s)` +
      (summary.refused > 0 ? `; ${summary.refused} follow-ups refused by the domain` : ''),
  );
  return db;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * VACUUM (ANALYZE) before the timed reads, as pgbench vacuums before its runs: the data set's
 * load and the rebuild leave some 400,000 fresh rows at 10k, and autovacuum would otherwise
 * read and analyse them during the report loads (at 10k it ran within a minute of the rebuild,
 * in the middle of them).
 */
async function settle(db: DataSource): Promise<void> {
  const started = performance.now();
  process.stdout.write('  vacuuming and analysing the tables before the timed reads…');
  // Only luodi's tables: the shared catalogs belong to the superuser.
  const tables: Array<{ name: string }> = await db.query(
    `SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public'`,
  );
  // One session without the server's statement timeout: at 100k it takes longer.
  const session = db.createQueryRunner();
  try {
    await session.query('SET statement_timeout = 0');
    await session.query(`VACUUM (ANALYZE) ${tables.map((t) => t.name).join(', ')}`);
    await session.query('RESET statement_timeout');
  } finally {
    await session.release();
  }
  console.log(` ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
