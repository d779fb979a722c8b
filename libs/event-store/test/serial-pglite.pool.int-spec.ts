import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { EventStore, createDataSource, isPglite, serialPgliteDriver } from '@luodi/event-store';
import { closeTestDataSource, createTestDataSource } from '../../../test/support';
import { sleep } from '../../../test/support/event-store.fixtures';

// Creating a database takes seconds; jest ignores the per-project testTimeout.
jest.setTimeout(60_000);

describe('transactions on the data source (serialised on PGlite)', () => {
  let dataSource: DataSource;

  beforeAll(async () => {
    dataSource = await createTestDataSource();
    await dataSource.query('CREATE TABLE pool_probe (id int)');
  });
  afterAll(() => closeTestDataSource(dataSource));

  it('a concurrent transaction never sees another one’s uncommitted rows', async () => {
    const writer = dataSource
      .transaction(async (manager) => {
        await manager.query('INSERT INTO pool_probe VALUES (1)');
        await sleep(50);
        throw new Error('roll back');
      })
      .catch((error: Error) => error.message);
    const reader = dataSource.transaction(async (manager) => {
      await sleep(10);
      return manager.query('SELECT count(*)::int AS n FROM pool_probe');
    });
    await expect(Promise.all([writer, reader])).resolves.toEqual(['roll back', [{ n: 0 }]]);
    await expect(dataSource.query('SELECT count(*)::int AS n FROM pool_probe')).resolves.toEqual([
      { n: 0 },
    ]);
  });

  it('asking the data source from inside a transaction fails loudly on PGlite instead of hanging', async () => {
    if (!isPglite(dataSource)) {
      // A server pool has other connections: the nested query simply runs.
      await expect(
        dataSource.transaction(() => dataSource.query('SELECT 1 AS one')),
      ).resolves.toEqual([{ one: 1 }]);
      return;
    }
    const impatient = new DataSource({
      type: 'postgres',
      driver: serialPgliteDriver({ acquireTimeoutMs: 200 }),
    });
    await impatient.initialize();
    try {
      await expect(impatient.transaction(() => impatient.query('SELECT 1'))).rejects.toThrow(
        /not released within 200 ms/,
      );
      // The session is usable again afterwards.
      await expect(impatient.query('SELECT 1 AS one')).resolves.toEqual([{ one: 1 }]);
    } finally {
      await impatient.destroy();
    }
  });

  it('parses values like node-postgres', async () => {
    const [row] = await dataSource.query(
      `SELECT 9007199254740993::bigint AS big, 1.50::numeric AS num, DATE '2025-11-21' AS day,
              pg_current_xact_id() AS xid, '{"a":[1]}'::jsonb AS doc, true AS yes`,
    );
    expect(row.big).toBe('9007199254740993');
    expect(row.num).toBe('1.50');
    expect(row.day).toBeInstanceOf(Date);
    expect([row.day.getFullYear(), row.day.getMonth(), row.day.getDate()]).toEqual([2025, 10, 21]);
    expect(typeof row.xid).toBe('string');
    expect(row.doc).toEqual({ a: [1] });
    expect(row.yes).toBe(true);
  });

  it('keeps a PGlite dataDir across a close and reopen', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'luodi-pglite-'));
    try {
      const first = createDataSource({ dataDir });
      await first.initialize();
      await first.runMigrations();
      await new EventStore(first).append('kept-1', 'no-stream', [
        { type: 'Kept', schemaVersion: 1, data: {} },
      ]);
      await first.destroy();

      const second = createDataSource({ dataDir });
      await second.initialize();
      try {
        await expect(second.runMigrations()).resolves.toEqual([]);
        await expect(new EventStore(second).verifyAll()).resolves.toEqual({ ok: true, checked: 1 });
      } finally {
        await second.destroy();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
