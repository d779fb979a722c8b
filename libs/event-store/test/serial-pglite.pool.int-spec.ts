import { DataSource } from 'typeorm';
import { isPglite, serialPgliteDriver } from '@luodi/event-store';
import { closeTestDataSource, createTestDataSource } from '../../../test/support';
import { sleep } from '../../../test/support/event-store.fixtures';

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
});
