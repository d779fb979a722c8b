import { Client } from 'pg';
import { provisionTestDatabase } from '../../../test/support/test-database';

jest.setTimeout(60_000);

const onServer = Boolean(process.env.DATABASE_URL);

(onServer ? describe : describe.skip)('dropping a test database on a PostgreSQL server', () => {
  async function exists(name: string): Promise<boolean> {
    const admin = new Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    try {
      const result = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      return result.rowCount === 1;
    } finally {
      await admin.end();
    }
  }

  it('ends the sessions still in it, an open transaction included, and drops it', async () => {
    const database = await provisionTestDatabase();
    const url = database.config.databaseUrl!;
    const name = decodeURIComponent(new URL(url).pathname.slice(1));
    const idle = new Client({ connectionString: url });
    const busy = new Client({ connectionString: url });
    for (const client of [idle, busy]) {
      client.on('error', () => undefined); // ended by the drop, as expected
      await client.connect();
    }
    try {
      await busy.query('BEGIN');
      await busy.query('CREATE TABLE held (id int)');

      await database.drop();

      expect(await exists(name)).toBe(false);
      await expect(idle.query('SELECT 1')).rejects.toThrow();
      await expect(busy.query('SELECT 1')).rejects.toThrow();
      // Dropping what is gone already is not an error (a test's cleanup may run twice).
      await expect(database.drop()).resolves.toBeUndefined();
    } finally {
      await Promise.allSettled([idle.end(), busy.end()]);
    }
  });
});
