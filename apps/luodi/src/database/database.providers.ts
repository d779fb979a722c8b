import { Logger, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { upcast } from '@luodi/domain';
import { createDataSource, EventStore } from '@luodi/event-store';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource, MigrationExecutor } from 'typeorm';
import type { AppConfig } from '../config/app-config';

/** PostgreSQL when DATABASE_URL is set, otherwise PGlite in DATA_DIR/pglite; migrated before use. */
export async function openDatabase(config: AppConfig): Promise<DataSource> {
  const logger = new Logger('Database');
  if (config.databaseUrl === undefined) mkdirSync(config.dataDir, { recursive: true });
  const dataSource = createDataSource(
    config.databaseUrl !== undefined
      ? { databaseUrl: config.databaseUrl, statementTimeoutMs: config.statementTimeoutMs }
      : { dataDir: join(config.dataDir, 'pglite') },
  );
  await dataSource.initialize();
  const applied = await migrateExclusively(dataSource, config.databaseUrl !== undefined);
  logger.log(
    `${config.databaseUrl !== undefined ? 'PostgreSQL server' : `PGlite in ${join(config.dataDir, 'pglite')}`}; ` +
      `${applied.length} migration(s) applied`,
  );
  return dataSource;
}

/**
 * Runs pending migrations. On a server, several services may start at once: a session advisory
 * lock lets one migrate while the others wait, then find nothing left to do. Waiting and
 * migrating happen in one session without the API's statement timeout.
 */
async function migrateExclusively(dataSource: DataSource, server: boolean) {
  if (!server) return dataSource.runMigrations({ transaction: 'each' });
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query(`SET statement_timeout = 0`);
    await runner.query(`SELECT pg_advisory_lock(hashtext('luodi.migrations'))`);
    const migrations = new MigrationExecutor(dataSource, runner);
    migrations.transaction = 'each';
    return await migrations.executePendingMigrations();
  } finally {
    await runner
      .query(`SELECT pg_advisory_unlock(hashtext('luodi.migrations'))`)
      .catch(() => undefined);
    // Back to the connection's own timeout before the session returns to the pool.
    await runner.query(`RESET statement_timeout`).catch(() => undefined);
    await runner.release();
  }
}

/** Closes the database after the HTTP server stopped taking requests. */
export class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(private readonly dataSource: DataSource) {}
  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}

export function databaseProviders(dataSource: DataSource): Provider[] {
  return [
    { provide: DataSource, useValue: dataSource },
    {
      provide: EventStore,
      useFactory: () => {
        const logger = new Logger('EventStore');
        return new EventStore(dataSource, {
          upcast,
          logger: {
            warn: (message, error) =>
              logger.warn(`${message}${error instanceof Error ? `: ${error.message}` : ''}`),
          },
        });
      },
    },
    { provide: DatabaseLifecycle, useFactory: () => new DatabaseLifecycle(dataSource) },
  ];
}
