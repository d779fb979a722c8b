import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { join } from 'node:path';
import { createApp } from './app.factory';
import { ADMIN_KEY_FILE, bootstrapAdmin } from './auth/admin-bootstrap';
import { ClientsRepository } from './auth/clients.repository';
import { SystemClock } from './common/clock';
import { ConfigError, loadConfig, type AppConfig } from './config/app-config';
import { openDatabase } from './database/database.providers';
import { createLogger } from './logging';

/** `npm start`: the whole system in one process, on PGlite unless DATABASE_URL is set. */
async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(2);
    }
    throw error;
  }
  const logger = createLogger(config);
  const clock = new SystemClock();
  const dataSource = await openDatabase(config);
  const app = await createApp({ config, dataSource, clock }, logger);
  await bootstrapAdmin(config, app.get(ClientsRepository), clock);
  await app.listen(config.port, config.host);

  const base = `http://localhost:${config.port}`;
  const log = new Logger('luodi');
  log.log(`luodi is listening on ${base}/api/v1`);
  log.log(`API docs: ${base}/api/docs (OpenAPI JSON: ${base}/api/docs-json)`);
  if (config.bootstrapAdminKey === undefined) {
    log.log(`Admin key (first start only): ${join(config.dataDir, ADMIN_KEY_FILE)}`);
  }
}

main().catch((error: unknown) => {
  console.error('luodi failed to start:', error);
  process.exit(1);
});
