import { EventEmitter } from 'node:events';
import { PGlite, types, type Results } from '@electric-sql/pglite';

/**
 * A node-postgres-shaped pool of ONE over a PGlite instance, handed to TypeORM's postgres
 * driver as `options.driver`.
 *
 * PGlite is a single database session. typeorm-pglite's pool hands that session to every
 * query runner at once, so two concurrent TypeORM transactions interleave their statements
 * (BEGIN; BEGIN; ...) and isolation is lost. Here `connect()` leases the session to one
 * query runner at a time and queues the others FIFO until the holder releases it.
 *
 * Deadlock rule: code holding a lease (e.g. inside `dataSource.transaction(...)`) must use
 * that transaction's manager/query runner only. Calling `dataSource.query()` or
 * `dataSource.manager` meanwhile asks for a second lease and waits for itself; the wait is
 * cut after `acquireTimeoutMs` with an error that says so.
 *
 * Each pool owns its own PGlite (typeorm-pglite keeps a process-wide singleton, which would
 * let two DataSources in one process share, and interleave on, one session again).
 */
export interface SerialPgliteOptions {
  /** Folder for the PGlite data; in-memory when undefined. */
  dataDir?: string;
  /** How long `connect()` waits for the session before failing (likely a deadlock). */
  acquireTimeoutMs?: number;
}

type Release = (error?: unknown) => void;
type ConnectCallback = (error: Error | null, client: PgliteClient | null, release: Release) => void;

const DEFAULT_ACQUIRE_TIMEOUT_MS = 30_000;

/** Marks the driver object so `isPglite()` can recognise a data source built on it. */
export const SERIAL_PGLITE_DRIVER = Symbol.for('luodi.serial-pglite-driver');

export interface SerialPgliteDriver {
  readonly Pool: new () => SerialPglitePool;
  readonly [SERIAL_PGLITE_DRIVER]: true;
}

/** The object TypeORM's postgres driver expects in `options.driver` (a `pg`-like module). */
export function serialPgliteDriver(options: SerialPgliteOptions = {}): SerialPgliteDriver {
  class BoundPool extends SerialPglitePool {
    constructor() {
      super(options);
    }
  }
  return { Pool: BoundPool, [SERIAL_PGLITE_DRIVER]: true };
}

/** The one client of the pool: the PGlite session with a node-postgres `query` shape. */
export class PgliteClient extends EventEmitter {
  constructor(private readonly db: PGlite) {
    super();
  }

  async query(sql: string, params?: unknown[]): Promise<Results> {
    if (params !== undefined && params.length > 0) return this.db.query(sql, params);
    // Without parameters use the simple protocol so multi-statement migrations work; like
    // node-postgres, answer with the last statement's result.
    const results = await this.db.exec(sql);
    return results[results.length - 1] ?? { rows: [], fields: [], affectedRows: 0 };
  }
}

export class SerialPglitePool extends EventEmitter {
  private db: Promise<PGlite> | null = null;
  private held = false;
  private readonly waiters: Array<() => void> = [];
  private readonly acquireTimeoutMs: number;

  constructor(private readonly options: SerialPgliteOptions = {}) {
    super();
    this.acquireTimeoutMs = options.acquireTimeoutMs ?? DEFAULT_ACQUIRE_TIMEOUT_MS;
  }

  /** Leases the session; TypeORM uses the callback form. */
  connect(callback?: ConnectCallback): Promise<PgliteClient> {
    const leased = this.lease();
    if (callback) {
      leased.then(
        ([client, release]) => callback(null, client, release),
        (error: Error) => callback(error, null, () => undefined),
      );
    }
    const client = leased.then(([leasedClient]) => leasedClient);
    // With a callback the error went there; TypeORM ignores the promise.
    if (callback) client.catch(() => undefined);
    return client;
  }

  /** Closes the PGlite instance; the pool cannot be used afterwards. */
  end(callback?: (error?: Error | null) => void): Promise<void> {
    const closing = (async () => {
      const db = this.db;
      this.db = null;
      if (db) await (await db).close();
    })();
    if (callback)
      closing.then(
        () => callback(null),
        (error: Error) => callback(error),
      );
    return closing;
  }

  private async lease(): Promise<[PgliteClient, Release]> {
    await this.acquire();
    let db: PGlite;
    try {
      db = await this.instance();
    } catch (error) {
      this.passOn();
      throw error;
    }
    let released = false;
    const release: Release = () => {
      if (released) return;
      released = true;
      void this.handOver(db);
    };
    return [new PgliteClient(db), release];
  }

  private acquire(): Promise<void> {
    if (!this.held) {
      this.held = true;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(
          new Error(
            `PGlite session not released within ${this.acquireTimeoutMs} ms. PGlite is a single ` +
              'session: code inside a transaction must use the transaction manager, never the ' +
              'DataSource (that waits for its own lease).',
          ),
        );
      }, this.acquireTimeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** A holder that released mid-transaction must not leak it into the next lease. */
  private async handOver(db: PGlite): Promise<void> {
    try {
      if (!db.closed && db.isInTransaction()) await db.exec('ROLLBACK');
    } catch (error) {
      this.emit('error', error);
    } finally {
      this.passOn();
    }
  }

  private passOn(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.held = false;
  }

  private instance(): Promise<PGlite> {
    this.db ??= PGlite.create(this.options.dataDir, {
      parsers: PG_COMPATIBLE_PARSERS,
      serializers: { [types.BOOL]: serializeBool },
      // PostgreSQL's default 128 MB of shared buffers lives in this process's WebAssembly
      // memory, which never shrinks. The data files sit in the operating system's page cache
      // anyway, so 16 MB costs little speed: the all-in-one process at rest 429 → 270 MB RSS,
      // under the command load 542 → 391 MB, same throughput.
      startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'],
    });
    return this.db;
  }
}

/** Parse like node-postgres so code behaves the same on PostgreSQL and PGlite. */
const PG_COMPATIBLE_PARSERS = {
  [types.INT8]: (value: string) => value,
  [types.NUMERIC]: (value: string) => value,
  // node-postgres reads a date as local midnight.
  [types.DATE]: (value: string) => {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    if (!match) return value;
    return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  },
};

// Same as typeorm-pglite: TypeORM may send booleans as 1/0 or strings.
function serializeBool(value: unknown): string {
  if (value === true || value === 'true' || value === 1) return 'TRUE';
  if (value === false || value === 'false' || value === 0) return 'FALSE';
  return String(value);
}
