import 'reflect-metadata';
import { ConfigError, loadConfig } from './config/app-config';
import { openDatabase } from './database/database.providers';

/** `npm run migration:run`: applies pending migrations to the configured database and exits. */
async function main(): Promise<void> {
  const config = loadConfig();
  const dataSource = await openDatabase(config);
  const pending = await dataSource.showMigrations();
  await dataSource.destroy();
  console.log(
    pending ? 'Some migrations are still pending.' : 'The database schema is up to date.',
  );
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
