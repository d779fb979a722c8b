import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDataSource } from '@luodi/event-store';
import type { DataSource } from 'typeorm';
import { ensureBuilt } from './build';
import { RestartableBroker } from './kafka';
import { runningChildren, runScript, ServiceProcess, type Deployable } from './processes';
import {
  privatePostgresUnavailable,
  runningServers,
  startPrivatePostgres,
  type PrivatePostgres,
  type TinyDisk,
} from './private-postgres';
import { freePort, waitFor } from './util';

export interface WorldOptions {
  /** Names the temporary directory and the database. */
  name: string;
  database: 'pglite' | 'postgres';
  kafka?: boolean;
  /** Create the PostgreSQL database in a tablespace on a tiny filesystem (see tinyDiskMb). */
  tinyDiskMb?: number;
}

/** The seed of every fault point and load choice; LUODI_FAULT_SEED replays a failed run. */
export const FAULT_SEED = Number(process.env.LUODI_FAULT_SEED ?? 20_261_122);

/** Why the PostgreSQL scenarios cannot run here (they are then skipped with a warning). */
export const postgresSkipReason = privatePostgresUnavailable();

/** For afterAll: no luodi process and no private PostgreSQL server of this worker is left. */
export function expectNothingLeftRunning(): void {
  expect({ processes: runningChildren(), servers: runningServers() }).toEqual({
    processes: 0,
    servers: 0,
  });
}

/**
 * Everything one scenario runs: a temporary directory for logs and PGlite data, optionally a
 * private PostgreSQL server and a Mokapi broker, and the luodi processes. On failure the logs
 * are kept and their tails added to the error; close() leaves nothing running.
 */
export class FaultWorld {
  readonly adminKey = `fault-admin-key-${Math.random().toString(36).slice(2)}-0123456789`;
  readonly services: ServiceProcess[] = [];
  pg: PrivatePostgres | undefined;
  databaseUrl: string | undefined;
  broker: RestartableBroker | undefined;
  /** The filesystem the database lives on, when created with tinyDiskMb (null: none here). */
  tinyDisk: TinyDisk | null = null;
  private failed = false;

  private constructor(
    readonly options: WorldOptions,
    readonly dir: string,
  ) {}

  static async create(options: WorldOptions): Promise<FaultWorld> {
    await ensureBuilt();
    const world = new FaultWorld(
      options,
      mkdtempSync(join(tmpdir(), `luodi-fault-${options.name}-`)),
    );
    try {
      if (options.database === 'postgres') {
        world.pg = await startPrivatePostgres();
        let tablespace: string | undefined;
        if (options.tinyDiskMb) {
          // null when no tmpfs can be mounted here: the scenario then says what it skips.
          world.tinyDisk = await world.pg.tinyTablespace('tiny', options.tinyDiskMb);
          tablespace = world.tinyDisk?.tablespace;
        }
        world.databaseUrl = await world.pg.createDatabase(
          `fault_${options.name.replace(/[^a-z0-9]/g, '_')}`,
          tablespace ? { tablespace } : {},
        );
      }
      if (options.kafka) world.broker = await RestartableBroker.start();
    } catch (error) {
      await world.close();
      throw error;
    }
    return world;
  }

  /** luodi's configuration for this world (every process of it shares the database). */
  env(extra: Record<string, string> = {}): Record<string, string> {
    return {
      ...(this.databaseUrl
        ? { DATABASE_URL: this.databaseUrl }
        : { DATA_DIR: join(this.dir, 'data') }),
      ...(this.broker ? { KAFKA_BROKERS: this.broker.brokers.join(',') } : {}),
      BOOTSTRAP_ADMIN_KEY: this.adminKey,
      LOG_LEVEL: 'info',
      // Supervision still follows every event; only the daily schedule (and its run at
      // start-up, which would evaluate everything on every restart) is off.
      SUPERVISION_SCHEDULE: 'off',
      ...extra,
    };
  }

  /** Starts a deployable on a port of its own and waits until it is healthy. */
  async start(
    name: string,
    deployable: Deployable,
    extra: Record<string, string> = {},
  ): Promise<ServiceProcess> {
    const service = new ServiceProcess(
      name,
      deployable,
      await freePort(),
      this.env({ KAFKA_CLIENT_ID: `luodi-${name}`, ...extra }),
      this.dir,
    );
    this.services.push(service);
    await service.start();
    return service;
  }

  /** A connection of the test's own to the database (PGlite: only while no process holds it). */
  async openDatabase(): Promise<DataSource> {
    const ds = createDataSource(
      this.databaseUrl
        ? { databaseUrl: this.databaseUrl }
        : { dataDir: join(this.dir, 'data', 'pglite') },
    );
    await ds.initialize();
    return ds;
  }

  async withDatabase<T>(work: (ds: DataSource) => Promise<T>): Promise<T> {
    const ds = await this.openDatabase();
    try {
      return await work(ds);
    } finally {
      await ds.destroy();
    }
  }

  /** `npm run projections:rebuild` on this world's database (every process stopped on PGlite). */
  rebuildProjections(): Promise<void> {
    return runScript('rebuild', this.env(), join(this.dir, 'rebuild.log'));
  }

  /** GET with the admin key. */
  async get(
    service: ServiceProcess,
    path: string,
  ): Promise<{ status: number; body: unknown; contentType: string | null }> {
    const response = await fetch(`${service.url}${path}`, {
      headers: { Authorization: `Bearer ${this.adminKey}` },
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON
    }
    return { status: response.status, body, contentType: response.headers.get('content-type') };
  }

  /** Waits until the in-process projector has applied everything (GET /api/v1/projections). */
  async waitForProjections(api: ServiceProcess, timeoutMs = 60_000): Promise<void> {
    await waitFor(
      'the projections to catch up',
      async () => {
        const { status, body } = await this.get(api, '/api/v1/projections');
        return status === 200 && (body as Array<{ lag: number }>).every((p) => p.lag === 0);
      },
      timeoutMs,
    );
  }

  /** Runs a scenario; on failure adds the seed and every log's tail to the error. */
  async run(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.failed = true;
      const message = error instanceof Error ? error.message : String(error);
      const report = `${message}\n\n${this.diagnostics()}`;
      if (error instanceof Error) {
        error.message = report;
        throw error;
      }
      throw new Error(report, { cause: error });
    }
  }

  diagnostics(): string {
    const parts = [`seed ${FAULT_SEED} (LUODI_FAULT_SEED), logs kept in ${this.dir}`];
    for (const service of this.services) {
      parts.push(`--- ${service.name} (${service.logFile}):\n${service.logTail(30)}`);
    }
    if (this.pg) parts.push(`--- private PostgreSQL:\n${this.pg.logTail(20)}`);
    if (this.broker) {
      const errors = this.broker.errors();
      parts.push(`--- Mokapi errors (${errors.length}):\n${errors.slice(-10).join('\n')}`);
    }
    return parts.join('\n\n');
  }

  /** Stops every process and server; removes the temporary directory unless a scenario failed. */
  async close(): Promise<void> {
    await Promise.all(this.services.map((s) => s.stop().catch(() => s.kill9())));
    await this.broker?.stop().catch(() => undefined);
    await this.pg?.destroy().catch(() => undefined);
    if (this.failed)
      console.warn(`Fault scenario ${this.options.name} failed; logs kept in ${this.dir}`);
    else rmSync(this.dir, { recursive: true, force: true });
  }
}
