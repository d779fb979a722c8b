import { DataSource } from 'typeorm';
import { ALL_MIGRATIONS } from '@luodi/migrations';
import { SERIAL_PGLITE_DRIVER, serialPgliteDriver } from './serial-pglite.pool';

export interface DataSourceConfig {
  /** A PostgreSQL URL; PGlite is used when absent. */
  databaseUrl?: string;
  /** PGlite data folder; in-memory when absent. Ignored with `databaseUrl`. */
  dataDir?: string;
  logging?: boolean;
  /** PostgreSQL only: statement_timeout (ms) of every connection; absent or 0 = none. */
  statementTimeoutMs?: number;
}

/**
 * A TypeORM DataSource on PostgreSQL or on PGlite (serialised: a pool of one session).
 * Not initialised; migrations are listed but not run: call `initialize()` then
 * `runMigrations()`. Schema comes only from migrations, never `synchronize`.
 */
export function createDataSource(config: DataSourceConfig = {}): DataSource {
  const common = {
    type: 'postgres' as const,
    migrations: ALL_MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    logging: config.logging ?? false,
  };
  if (config.databaseUrl !== undefined) {
    const timeout = config.statementTimeoutMs ?? 0;
    return new DataSource({
      ...common,
      url: config.databaseUrl,
      ...(timeout > 0 ? { extra: { statement_timeout: timeout } } : {}),
    });
  }
  return new DataSource({
    ...common,
    driver: serialPgliteDriver({ dataDir: config.dataDir }),
    // The serialised pool has one session whatever TypeORM asks for.
    poolSize: 1,
  });
}

/** True when the data source runs on (serialised) PGlite rather than a PostgreSQL server. */
export function isPglite(dataSource: DataSource): boolean {
  const driver = (dataSource.options as { driver?: Record<symbol, unknown> }).driver;
  return driver?.[SERIAL_PGLITE_DRIVER] === true;
}
