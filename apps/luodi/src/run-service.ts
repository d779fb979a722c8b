import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { createApp } from './app.factory';
import { ADMIN_KEY_FILE, bootstrapAdmin } from './auth/admin-bootstrap';
import { ClientsRepository } from './auth/clients.repository';
import { SystemClock } from './common/clock';
import { ConfigError, loadConfig, type AppConfig } from './config/app-config';
import { openDatabase } from './database/database.providers';
import { createLogger } from './logging';
import { SERVICE_ROLES, type ServiceRole } from './messaging/service-roles';

/**
 * Starts a luodi process with the given roles: the all-in-one default (every role), or one of
 * the deployables in apps/ (api, relay, projector). Every process serves /health.
 */
export async function runService(name: string, roles: readonly ServiceRole[] = SERVICE_ROLES) {
  // V8 lets the old generation grow to about twice what survived its last full collection
  // before collecting again (read at each collection, so setting it here takes effect): under
  // the command load that was some 140 MB of garbage, RSS 310 MB with 64 MB alive. Growing by
  // half keeps it near 210 MB at the same throughput (bench/README.md).
  setFlagsFromString('--heap-growing-percent=50');
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
  const log = new Logger(name);
  // Separate services meet through Kafka; without it only the all-in-one process is whole.
  if (roles.length < SERVICE_ROLES.length && !config.kafkaBrokers) {
    console.error(
      `${name} runs next to the other luodi services through Kafka: set KAFKA_BROKERS.`,
    );
    process.exit(2);
  }
  // PGlite is PostgreSQL compiled to WebAssembly. V8's optimising tier for it (TurboFan) kept
  // some 70 MB resident: with the baseline compiler (Liftoff) alone the all-in-one process on
  // PGlite measured 291 → 217 MB RSS at rest and 303 → 244 MB under the command load, at the
  // same command throughput; a PGlite rebuild ran about 5% slower (bench/README.md). Set
  // before PGlite compiles its module; a PostgreSQL server needs no WebAssembly.
  if (config.databaseUrl === undefined) setFlagsFromString('--liftoff-only');
  const logger = createLogger(config);
  const clock = new SystemClock();
  const dataSource = await openDatabase(config);
  const app = await createApp({ config, dataSource, clock, roles }, logger);
  if (roles.includes('api')) await bootstrapAdmin(config, app.get(ClientsRepository), clock);
  await app.listen(config.port, config.host);

  const base = `http://localhost:${config.port}`;
  log.log(
    `${name} (${roles.join(', ')}) on ${base}; ${config.kafkaBrokers ? `Kafka at ${config.kafkaBrokers.join(',')}` : 'single process, no Kafka'}`,
  );
  if (roles.includes('api')) {
    log.log(`API: ${base}/api/v1 — docs: ${base}/api/docs (OpenAPI JSON: ${base}/api/docs-json)`);
    if (config.bootstrapAdminKey === undefined) {
      log.log(`Admin key (first start only): ${join(config.dataDir, ADMIN_KEY_FILE)}`);
    }
  }
}

/** The entry point of a deployable: exits non-zero when startup fails. */
export function main(name: string, roles?: readonly ServiceRole[]): void {
  runService(name, roles).catch((error: unknown) => {
    console.error(`${name} failed to start:`, error);
    process.exit(1);
  });
}
