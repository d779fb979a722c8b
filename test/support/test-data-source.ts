import type { DataSource } from 'typeorm';
import { createDataSource } from '@luodi/event-store';
import { provisionTestDatabase } from './test-database';

const drops = new WeakMap<DataSource, () => Promise<void>>();

/**
 * A migrated DataSource for one test file: in-memory PGlite, or a fresh database on the
 * DATABASE_URL server (see provisionTestDatabase). Close it with `closeTestDataSource`.
 */
export async function createTestDataSource(): Promise<DataSource> {
  const database = await provisionTestDatabase();
  const dataSource = createDataSource(database.config);
  try {
    await dataSource.initialize();
    await dataSource.runMigrations();
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.drop();
    throw error;
  }
  drops.set(dataSource, database.drop);
  return dataSource;
}

/** Destroys the DataSource (closing PGlite) and drops its test database. */
export async function closeTestDataSource(dataSource: DataSource | undefined): Promise<void> {
  if (!dataSource) return;
  if (dataSource.isInitialized) await dataSource.destroy();
  await drops.get(dataSource)?.();
  drops.delete(dataSource);
}
