import type { DataSource, EntityManager } from 'typeorm';
import {
  checkpointOf,
  checkpointOfRow,
  countAfter,
  countUnreadUpTo,
  lastCommittedPosition,
  NUDGE_DELAY_MS,
  PollLoop,
  readLog,
  type Checkpoint,
  type LogEvent,
} from '@luodi/messaging';
import { readAhead, type Projection } from './projection';

/** How often a rebuild re-counts the events left (new ones keep arriving while it runs). */
const RECOUNT_MS = 5000;

export interface ProjectorLogger {
  log(message: string): void;
  error(message: string, error?: unknown): void;
}

export interface ProjectorOptions {
  batchSize?: number;
  /** Events a rebuild applies in one transaction (default 2000): fewer, larger round trips. */
  rebuildBatchSize?: number;
  /** Idle poll interval of the live loop. */
  pollMs?: number;
  logger?: ProjectorLogger;
}

export interface RebuildProgress {
  name: string;
  generation: number;
  version: number;
  status: 'RUNNING' | 'SWITCHED' | 'FAILED' | 'ABANDONED';
  eventsDone: number;
  eventsTotal: number;
  eventsPerSecond: number;
  /** Estimated seconds left; null when unknown (nothing done yet) or finished. */
  secondsLeft: number | null;
  startedAt: string;
  finishedAt: string | null;
  error: string | null;
}

export interface ProjectionStatus {
  name: string;
  version: number;
  codeVersion: number;
  generation: number;
  checkpoint: Checkpoint | null;
  eventsDone: number;
  /** Events in the log not yet applied (commit-safe count). */
  lag: number;
  rebuild: RebuildProgress | null;
}

/** The checkpoint moved under us (another projector, or a rebuild switched over). */
class StaleCheckpointError extends Error {
  override readonly name = 'StaleCheckpointError';
}

export class UnknownProjectionError extends Error {
  override readonly name = 'UnknownProjectionError';
}

export class RebuildInProgressError extends Error {
  override readonly name = 'RebuildInProgressError';
}

interface RegistryRow {
  version: number;
  generation: number;
  tx_id: string | null;
  position: string | null;
  events_done: string;
}

interface RebuildRow {
  name: string;
  generation: number;
  version: number;
  status: RebuildProgress['status'];
  events_done: string;
  events_total: string;
  error: string | null;
  started_at: string;
  finished_at: string | null;
  elapsed: number;
}

const sameCheckpoint = (a: Checkpoint | null, b: Checkpoint | null): boolean =>
  a?.txId === b?.txId && a?.position === b?.position;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Runs projections over the log. Each batch is applied and its checkpoint moved in ONE
 * transaction (effectively once): a crash or a stale checkpoint rolls both back. Never calls
 * the DataSource from inside a transaction (on PGlite that would wait on its own session).
 */
export class Projector {
  private readonly batchSize: number;
  private readonly rebuildBatchSize: number;
  private readonly pollMs: number;
  private readonly logger: ProjectorLogger;
  private readonly byName: Map<string, Projection>;
  private chain: Promise<unknown> = Promise.resolve();
  private readonly loop: PollLoop;
  private stopping = false;
  private readonly rebuilds = new Map<string, Promise<RebuildProgress>>();

  constructor(
    private readonly dataSource: DataSource,
    readonly projections: readonly Projection[],
    options: ProjectorOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.rebuildBatchSize = options.rebuildBatchSize ?? 2000;
    this.pollMs = options.pollMs ?? 250;
    this.logger = options.logger ?? {
      log: (m) => console.log(m),
      error: (m, e) => console.error(m, e),
    };
    this.byName = new Map(projections.map((p) => [p.name, p]));
    this.loop = new PollLoop(() => this.runOnce(), {
      idleMs: this.pollMs,
      nudgeDelayMs: NUDGE_DELAY_MS,
      onError: (error) => this.logger.error('Projector batch failed; retrying', error),
    });
  }

  projection(name: string): Projection {
    const projection = this.byName.get(name);
    if (!projection) throw new UnknownProjectionError(`Unknown projection ${name}`);
    return projection;
  }

  /** Registers each projection (generation 1) and creates its active tables if missing. */
  async init(): Promise<void> {
    for (const projection of this.projections) {
      await this.dataSource.transaction(async (m) => {
        await m.query(
          `INSERT INTO projections (name, version, generation) VALUES ($1, $2, 1) ON CONFLICT (name) DO NOTHING`,
          [projection.name, projection.version],
        );
        const row = await this.registry(m, projection.name);
        await projection.createTables(m, row.generation);
      });
    }
  }

  /**
   * Checks versions (a projection whose stored version is stale is rebuilt) and, with `live`
   * (the default), starts following the log. Without it, events come from elsewhere (Kafka).
   */
  async start(options: { live?: boolean } = {}): Promise<void> {
    await this.init();
    for (const projection of this.projections) {
      const row = await this.registry(this.dataSource.manager, projection.name);
      if (row.version !== projection.version) {
        this.logger.log(
          `Projection ${projection.name} is at version ${row.version}, the code at ${projection.version}: rebuilding`,
        );
        this.rebuild(projection.name).catch((error: unknown) =>
          this.logger.error(`Rebuild of ${projection.name} failed`, error),
        );
      }
    }
    this.stopping = false;
    if (options.live ?? true) this.loop.start();
  }

  /** Stops the loop after the batch in flight and waits for running rebuilds to settle. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.loop.stop();
    await Promise.allSettled([...this.rebuilds.values()]);
    await this.chain.catch(() => undefined);
  }

  /** Makes the loop look at the log now (e.g. after an append). */
  nudge(): void {
    this.loop.nudge();
  }

  /**
   * Applies events delivered from elsewhere (a Kafka consumer) to each projection's active
   * generation, inside the caller's transaction. The registry row is share-locked so a
   * rebuild's switch-over waits for it, then re-reads the log tail: nothing falls between
   * generations. Projections are idempotent, so redeliveries are harmless.
   */
  async applyDelivered(manager: EntityManager, events: readonly LogEvent[]): Promise<void> {
    for (const projection of this.projections) {
      const rows: Array<{ generation: number }> = await manager.query(
        `SELECT generation FROM projections WHERE name = $1 FOR SHARE`,
        [projection.name],
      );
      const generation = rows[0]?.generation;
      if (generation === undefined) throw new UnknownProjectionError(projection.name);
      await projection.apply(manager, generation, events);
    }
  }

  /** One batch for every projection; returns how many events were applied. */
  runOnce(): Promise<number> {
    const next = this.chain.then(async () => {
      let applied = 0;
      for (const projection of this.projections) applied += await this.step(projection);
      return applied;
    });
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async step(projection: Projection): Promise<number> {
    const row = await this.registry(this.dataSource.manager, projection.name);
    const from = checkpointOfRow(row);
    const events = await readLog(this.dataSource.manager, from, this.batchSize);
    const last = events[events.length - 1];
    if (!last) return 0;
    try {
      await this.dataSource.transaction(async (m) => {
        // Lock the registry row and re-check it BEFORE applying: another projector instance
        // (or a rebuild's switch-over) that moved it first makes this batch stale.
        const locked = await this.registry(m, projection.name, { forUpdate: true });
        if (
          locked.generation !== row.generation ||
          !sameCheckpoint(checkpointOfRow(locked), from)
        ) {
          throw new StaleCheckpointError(projection.name);
        }
        await projection.apply(m, row.generation, events);
        await m.query(
          `UPDATE projections SET tx_id = $3::xid8, position = $4::bigint, events_done = events_done + $5, updated_at = now()
           WHERE name = $1 AND generation = $2`,
          [projection.name, row.generation, last.txId, last.position, events.length],
        );
      });
    } catch (error) {
      if (error instanceof StaleCheckpointError) return 0;
      throw error;
    }
    return events.length;
  }

  /**
   * Resolves once every event committed before the call has been applied by every
   * projection (the live loop keeps running; this only drives it).
   */
  async waitForCatchUp(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    // Not "no readable lag": a long transaction can hold the commit-safe horizon back while
    // later events are already committed. Wait until everything committed before the call is in.
    const target = await lastCommittedPosition(this.dataSource.manager);
    if (target === null) return;
    for (;;) {
      await this.runOnce();
      let lag = 0;
      for (const projection of this.projections) {
        const row = await this.registry(this.dataSource.manager, projection.name);
        lag += await countUnreadUpTo(this.dataSource.manager, checkpointOfRow(row), target);
      }
      if (lag === 0) return;
      if (Date.now() > deadline) throw new Error(`Projections still ${lag} event(s) behind`);
      await sleep(5);
    }
  }

  async status(): Promise<ProjectionStatus[]> {
    const result: ProjectionStatus[] = [];
    for (const projection of this.projections) {
      const row = await this.registry(this.dataSource.manager, projection.name);
      const checkpoint = checkpointOfRow(row);
      result.push({
        name: projection.name,
        version: row.version,
        codeVersion: projection.version,
        generation: row.generation,
        checkpoint,
        eventsDone: Number(row.events_done),
        lag: await countAfter(this.dataSource.manager, checkpoint),
        rebuild: await this.rebuildProgress(projection.name),
      });
    }
    return result;
  }

  /** The active generation whose tables serve reads. */
  async activeGeneration(name: string): Promise<number> {
    return (await this.registry(this.dataSource.manager, name)).generation;
  }

  /**
   * The active generation and the projection version that built it: after an upgrade the
   * old generation keeps serving, with the old tables, until the rebuild switches over.
   */
  async active(name: string): Promise<{ generation: number; version: number }> {
    const { generation, version } = await this.registry(this.dataSource.manager, name);
    return { generation, version };
  }

  /** The latest rebuild of a projection, with its progress. */
  async rebuildProgress(name: string): Promise<RebuildProgress | null> {
    const rows: RebuildRow[] = await this.dataSource.query(
      `SELECT name, generation, version, status, events_done::text AS events_done, events_total::text AS events_total,
              error, to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS started_at,
              to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS finished_at,
              extract(epoch FROM (coalesce(finished_at, now()) - started_at))::float8 AS elapsed
       FROM projection_rebuilds WHERE name = $1 ORDER BY generation DESC LIMIT 1`,
      [name],
    );
    const row = rows[0];
    return row ? toProgress(row) : null;
  }

  /**
   * Rebuilds a projection into a fresh generation of tables while the active one keeps
   * serving, then switches over atomically once caught up. Returns when switched; a second
   * call while one runs is refused (RebuildInProgressError). `start` only starts it.
   */
  rebuild(
    name: string,
    options: { onProgress?: (progress: RebuildProgress) => void } = {},
  ): Promise<RebuildProgress> {
    const projection = this.projection(name);
    if (this.rebuilds.has(name)) {
      return Promise.reject(new RebuildInProgressError(`A rebuild of ${name} is running`));
    }
    const running = this.doRebuild(projection, options.onProgress).finally(() =>
      this.rebuilds.delete(name),
    );
    this.rebuilds.set(name, running);
    return running;
  }

  /** Starts a rebuild in the background; resolves with its first progress record. */
  async startRebuild(name: string): Promise<RebuildProgress> {
    let resolveStarted!: (p: RebuildProgress) => void;
    const started = new Promise<RebuildProgress>((resolve) => (resolveStarted = resolve));
    const done = this.rebuild(name, { onProgress: (p) => resolveStarted(p) });
    done.catch((error: unknown) => this.logger.error(`Rebuild of ${name} failed`, error));
    return Promise.race([started, done]);
  }

  private async doRebuild(
    projection: Projection,
    onProgress?: (progress: RebuildProgress) => void,
  ): Promise<RebuildProgress> {
    const { name } = projection;
    const generation = await this.dataSource.transaction(async (m) => {
      const active = await this.registry(m, name);
      const max: Array<{ g: number | null }> = await m.query(
        `SELECT max(generation) AS g FROM projection_rebuilds WHERE name = $1`,
        [name],
      );
      const next = Math.max(active.generation, max[0]?.g ?? 0) + 1;
      await m.query(
        `UPDATE projection_rebuilds SET status = 'ABANDONED', finished_at = now(), updated_at = now()
         WHERE name = $1 AND status = 'RUNNING'`,
        [name],
      );
      // Keep the active generation and the one before it; drop older and abandoned ones.
      const tables: Array<{ tablename: string }> = await m.query(
        `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE $1`,
        [`rm\\_${name}\\_g%`],
      );
      for (const { tablename } of tables) {
        const g = Number(/_g(\d+)$/.exec(tablename)?.[1] ?? NaN);
        if (g !== active.generation && (g < active.generation - 1 || g > active.generation)) {
          await m.query(`DROP TABLE IF EXISTS "${tablename}"`);
        }
      }
      await projection.createTables(m, next, { rebuilding: true });
      const total = await countAfter(m, null);
      await m.query(
        `INSERT INTO projection_rebuilds (name, generation, version, status, events_total) VALUES ($1, $2, $3, 'RUNNING', $4)`,
        [name, next, projection.version, total],
      );
      return next;
    });
    const report = async () => {
      const progress = await this.rebuildProgress(name);
      if (progress) onProgress?.(progress);
      return progress;
    };
    try {
      await report();
      let checkpoint: Checkpoint | null = null;
      let recounted = Date.now();
      const readPage = (after: Checkpoint | null) =>
        readAhead(readLog(this.dataSource.manager, after, this.rebuildBatchSize));
      let next = readPage(null);
      for (;;) {
        if (this.stopping) throw new Error('The projector is stopping');
        const events = await next;
        if (events.length === 0) break;
        const last = events[events.length - 1]!;
        // Read ahead: the next page is read (and parsed) while this one is written.
        next = readPage(checkpointOf(last));
        await this.dataSource.transaction(async (m) => {
          await projection.apply(m, generation, events, { rebuilding: true });
          await m.query(
            `UPDATE projection_rebuilds SET tx_id = $3::xid8, position = $4::bigint, events_done = events_done + $5,
               events_total = greatest(events_total, events_done + $5), updated_at = now()
             WHERE name = $1 AND generation = $2`,
            [name, generation, last.txId, last.position, events.length],
          );
        });
        checkpoint = checkpointOf(last);
        // Counting what is left reads the rest of the log: now and then, not every batch.
        if (Date.now() - recounted >= RECOUNT_MS) {
          recounted = Date.now();
          const left = await countAfter(this.dataSource.manager, checkpoint);
          await this.dataSource.query(
            `UPDATE projection_rebuilds SET events_total = events_done + $3 WHERE name = $1 AND generation = $2`,
            [name, generation, left],
          );
        }
        await report();
      }
      await projection.finishRebuild?.(this.dataSource.manager, generation);
      // Caught up: apply what arrived meanwhile and switch, in one transaction that holds the
      // registry row, so the live loop can neither move the old checkpoint nor miss events.
      await this.dataSource.transaction(async (m) => {
        await m.query(`SELECT 1 FROM projections WHERE name = $1 FOR UPDATE`, [name]);
        let tail: LogEvent[];
        let done = 0;
        do {
          tail = await readLog(m, checkpoint, this.batchSize);
          if (tail.length > 0) {
            await projection.apply(m, generation, tail);
            checkpoint = checkpointOf(tail[tail.length - 1]!);
            done += tail.length;
          }
        } while (tail.length > 0);
        // UPDATE answers [rows, affected count] through TypeORM's postgres runner.
        const [totals]: [Array<{ n: string }>, number] = await m.query(
          `UPDATE projection_rebuilds SET status = 'SWITCHED', tx_id = $3::xid8, position = $4::bigint,
             events_done = events_done + $5, events_total = events_done + $5, finished_at = now(), updated_at = now()
           WHERE name = $1 AND generation = $2 RETURNING events_done::text AS n`,
          [name, generation, checkpoint?.txId ?? null, checkpoint?.position ?? null, done],
        );
        await m.query(
          `UPDATE projections SET generation = $2, version = $3, tx_id = $4::xid8, position = $5::bigint,
             events_done = $6, switched_at = now(), updated_at = now() WHERE name = $1`,
          [
            name,
            generation,
            projection.version,
            checkpoint?.txId ?? null,
            checkpoint?.position ?? null,
            Number(totals[0]?.n ?? 0),
          ],
        );
      });
      this.logger.log(`Projection ${name} rebuilt into generation ${generation} and switched over`);
      this.nudge();
      return (await report())!;
    } catch (error) {
      await this.dataSource
        .query(
          `UPDATE projection_rebuilds SET status = 'FAILED', error = $3, finished_at = now(), updated_at = now()
           WHERE name = $1 AND generation = $2 AND status = 'RUNNING'`,
          [name, generation, error instanceof Error ? error.message : String(error)],
        )
        .catch(() => undefined);
      throw error;
    }
  }

  private async registry(
    manager: EntityManager,
    name: string,
    options: { forUpdate?: boolean } = {},
  ): Promise<RegistryRow> {
    const rows: RegistryRow[] = await manager.query(
      `SELECT version, generation, tx_id::text AS tx_id, position::text AS position, events_done::text AS events_done
       FROM projections WHERE name = $1${options.forUpdate ? ' FOR UPDATE' : ''}`,
      [name],
    );
    const row = rows[0];
    if (!row) throw new UnknownProjectionError(`Projection ${name} is not registered`);
    return row;
  }
}

function toProgress(row: RebuildRow): RebuildProgress {
  const done = Number(row.events_done);
  const total = Math.max(Number(row.events_total), done);
  const rate = row.elapsed > 0 ? done / row.elapsed : 0;
  const running = row.status === 'RUNNING';
  return {
    name: row.name,
    generation: row.generation,
    version: row.version,
    status: row.status,
    eventsDone: done,
    eventsTotal: total,
    eventsPerSecond: Math.round(rate * 10) / 10,
    secondsLeft: running ? (rate > 0 ? Math.ceil((total - done) / rate) : null) : null,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    error: row.error,
  };
}
