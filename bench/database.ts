// The databases a benchmark run measures: PGlite always, a PostgreSQL server when DATABASE_URL
// is set. Each data-set size gets a database of its own (a PGlite folder under bench/.data, or
// a database named luodi_bench_<size> beside DATABASE_URL's), made fresh for every run.

import { loadConfig, type AppConfig } from '@luodi/app/config/app-config';
import { openDatabase } from '@luodi/app/database/database.providers';
import { dropDatabase, quoteIdent } from '@luodi/event-store';
import { rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';

export type DatabaseKind = 'pglite' | 'postgres';

export interface BenchDatabase {
  kind: DatabaseKind;
  /** The name in the results: "PGlite" or "PostgreSQL 15". */
  label: string;
  /** What the server process needs to open it (DATA_DIR or DATABASE_URL). */
  env: Record<string, string>;
}

export const BENCH_DATA_DIR = resolve(__dirname, '../../bench/.data');

export function benchDatabase(kind: DatabaseKind, name: string): BenchDatabase {
  if (kind === 'pglite') {
    return { kind, label: 'PGlite', env: { DATA_DIR: join(BENCH_DATA_DIR, name) } };
  }
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error('PostgreSQL benchmarks need DATABASE_URL');
  const url = new URL(base);
  url.pathname = `/luodi_bench_${name}`;
  return { kind, label: 'PostgreSQL', env: { DATABASE_URL: url.toString() } };
}

/** Drops whatever a previous run left and creates the database empty. */
export async function recreate(db: BenchDatabase): Promise<void> {
  if (db.kind === 'pglite') {
    await rm(db.env.DATA_DIR!, { recursive: true, force: true });
    return;
  }
  const target = new URL(db.env.DATABASE_URL!);
  const name = target.pathname.slice(1);
  const admin = new Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  try {
    await dropDatabase(admin, name);
    await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
  } finally {
    await admin.end();
  }
}

export function configFor(db: BenchDatabase): AppConfig {
  return loadConfig({ LOG_LEVEL: 'warn', SUPERVISION_SCHEDULE: 'off', ...db.env });
}

/** Opens (and migrates) the database in this process. */
export function open(db: BenchDatabase): Promise<DataSource> {
  return openDatabase(configFor(db));
}

export async function serverVersion(dataSource: DataSource): Promise<string> {
  const rows: Array<{ v: string }> = await dataSource.query(
    `SELECT current_setting('server_version') AS v`,
  );
  return rows[0]?.v ?? '?';
}
