import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import {
  assertTestDatabase,
  dropDatabase,
  quoteIdent,
  type DataSourceConfig,
} from '@luodi/event-store';

export interface TestDatabase {
  /** Pass to `createDataSource` (or to the app's config). */
  config: DataSourceConfig;
  /** Drops the database created for this test file (a no-op on in-memory PGlite). */
  drop(): Promise<void>;
}

/**
 * A database for one test file. Without DATABASE_URL: in-memory PGlite (nothing to create).
 * With DATABASE_URL (its name must contain "test"): a fresh `<name>_<random>` database on
 * that server, so test files can run in parallel without seeing each other's rows.
 */
export async function provisionTestDatabase(): Promise<TestDatabase> {
  const url = process.env.DATABASE_URL;
  if (!url) return { config: {}, drop: () => Promise.resolve() };
  assertTestDatabase(url);

  const base = new URL(url);
  const baseName = decodeURIComponent(base.pathname.slice(1));
  const name = `${baseName.slice(0, 40)}_${randomBytes(6).toString('hex')}`;
  await withAdmin(url, (client) => client.query(`CREATE DATABASE ${quoteIdent(name)}`));
  const fresh = new URL(url);
  fresh.pathname = `/${encodeURIComponent(name)}`;
  return {
    config: { databaseUrl: fresh.toString() },
    drop: () => withAdmin(url, (client) => dropDatabase(client, name)),
  };
}

async function withAdmin(url: string, work: (client: Client) => Promise<unknown>): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
