import type { DataSource } from 'typeorm';
import {
  closeTestDataSource,
  createTestDataSource,
} from '../../../../test/support/test-data-source';
import { itemEventsSql } from './supervision-items.repository';

jest.setTimeout(60_000);

describe('the 督办 items read', () => {
  let dataSource: DataSource;
  beforeAll(async () => {
    dataSource = await createTestDataSource();
  });
  afterAll(() => closeTestDataSource(dataSource));

  /** The plan PostgreSQL picks for a query when it may not scan the table instead. */
  const planOf = (sql: string) =>
    dataSource.transaction(async (m) => {
      await m.query('SET LOCAL enable_seqscan = off');
      const rows: Array<Record<string, unknown>> = await m.query(`EXPLAIN (FORMAT JSON) ${sql}`, [
        null,
        null,
      ]);
      return JSON.stringify(rows);
    });

  it('goes through the partial index on the item streams (its prefix reads as the index predicate)', async () => {
    expect(await planOf(itemEventsSql(false))).toContain('events_item_streams_idx');
    // Any other prefix cannot use it: the check above would catch a predicate that drifted.
    const drifted = itemEventsSql(false).replace("'supervision-item-%'", "'supervision-%'");
    expect(drifted).not.toBe(itemEventsSql(false));
    expect(await planOf(drifted)).not.toContain('events_item_streams_idx');
  });
});
