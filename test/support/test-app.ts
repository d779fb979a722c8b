import type { INestApplication, LoggerService } from '@nestjs/common';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApp } from '../../apps/luodi/src/app.factory';
import { generateApiKey, hashApiKey } from '../../apps/luodi/src/auth/api-key';
import { ClientsRepository } from '../../apps/luodi/src/auth/clients.repository';
import { loadConfig, type AppConfig } from '../../apps/luodi/src/config/app-config';
import { SupervisorService } from '../../apps/luodi/src/supervision/supervisor.service';
import { closeTestDataSource, createTestDataSource } from './test-data-source';
import { TestClock } from './test-clock';

export interface TestApp {
  app: INestApplication;
  http: ReturnType<typeof request>;
  dataSource: DataSource;
  clock: TestClock;
  adminKey: string;
  /** Resolves once supervision has evaluated every event committed so far. */
  supervised(): Promise<void>;
  /** `Authorization` header value for a key. */
  bearer(key: string): string;
  close(): Promise<void>;
}

export interface TestAppOptions {
  now?: string;
  /** Settings over the defaults. The rate limit is off unless given here. */
  config?: Partial<AppConfig>;
  /** Nest's logger (default: none); pass createLogger(config, stream) to capture the logs. */
  logger?: LoggerService;
}

/** The real Nest app over a fresh migrated database (PGlite, or PostgreSQL with DATABASE_URL). */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const dataSource = await createTestDataSource();
  const clock = new TestClock(new Date(options.now ?? '2026-06-30T10:00:00+08:00'));
  const config = {
    ...loadConfig({
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      SUPERVISION_SCHEDULE: 'off',
    }),
    commandRetries: 10,
    rateLimit: { perSecond: 0, burst: 0 },
    ...options.config,
  };
  const app = await createApp({ config, dataSource, clock }, options.logger ?? false);
  const adminKey = generateApiKey();
  await app.get(ClientsRepository).create({
    name: 'test-admin',
    scopes: ['admin'],
    regionCodes: [],
    keyHash: hashApiKey(adminKey),
  });
  return {
    app,
    http: request(app.getHttpServer()),
    dataSource,
    clock,
    adminKey,
    supervised: () => app.get(SupervisorService).catchUp(),
    bearer: (key: string) => `Bearer ${key}`,
    close: async () => {
      await app.close();
      await closeTestDataSource(dataSource);
    },
  };
}

/**
 * Counts rows that a refused request must not have written. `events` are the project (and
 * rules) events, not the `client-*` streams that record keys; `items` the supervision item
 * events, which the supervisor writes after a command: given a TestApp, supervision first
 * catches up so the counts are settled.
 */
export async function writeCounts(
  from: TestApp | DataSource,
): Promise<{ events: number; items: number; projects: number; idempotency: number }> {
  const dataSource = 'dataSource' in from ? from.dataSource : from;
  if ('supervised' in from) await from.supervised();
  const rows: Array<{ events: string; items: string; projects: string; idempotency: string }> =
    await dataSource.query(
      `SELECT (SELECT count(*) FROM events WHERE stream_id NOT LIKE 'supervision-item-%' AND stream_id NOT LIKE 'client-%')::text AS events,
              (SELECT count(*) FROM events WHERE stream_id LIKE 'supervision-item-%')::text AS items,
              (SELECT count(*) FROM project_list)::text AS projects,
              (SELECT count(*) FROM idempotency_keys)::text AS idempotency`,
    );
  const row = rows[0]!;
  return {
    events: Number(row.events),
    items: Number(row.items),
    projects: Number(row.projects),
    idempotency: Number(row.idempotency),
  };
}
