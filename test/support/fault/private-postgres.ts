import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chownSync,
  readdirSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  closeSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, readTail, sleep } from './util';

/**
 * A PostgreSQL server of the suite's own, so that it can be stopped, restarted, made read-only
 * or run out of disk without touching the shared cluster other tests use. initdb and postgres
 * refuse to run as root: they run as the `postgres` user (spawned with its uid/gid), on a free
 * port of 127.0.0.1, with trust authentication, in a temporary directory.
 */
export interface PrivatePostgres {
  readonly port: number;
  readonly dir: string;
  /** postgres://luodi:luodi@127.0.0.1:<port>/<database> (the application's role, not superuser). */
  url(database: string): string;
  /** Creates a database owned by the application's role (optionally in a tablespace). */
  createDatabase(name: string, options?: { tablespace?: string }): Promise<string>;
  /** Runs SQL as the superuser on `database` (default postgres). */
  query<T = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
    database?: string,
  ): Promise<T[]>;
  /** `fast` ends sessions with 57P01, `immediate` is a crash (57P02, recovery on start). */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  readonly running: boolean;
  /**
   * A tablespace on a small tmpfs of its own (`sizeMb`), for running the database out of disk;
   * null when this machine cannot mount one (no root or no CAP_SYS_ADMIN).
   */
  tinyTablespace(name: string, sizeMb: number): Promise<TinyDisk | null>;
  logTail(lines?: number): string;
  /** Stops the server (immediately), unmounts what it mounted and removes its directory. */
  destroy(): Promise<void>;
}

export interface TinyDisk {
  tablespace: string;
  mountPoint: string;
  /** Fills the filesystem, leaving `leaveKb` free. */
  fill(leaveKb?: number): void;
  /** Removes the filler. */
  free(): void;
  usage(): { sizeKb: number; usedKb: number; availKb: number };
}

const PG_ROOT = '/usr/lib/postgresql';

/** Where initdb and postgres are (the newest installed version), or null when none is. */
export function postgresBinDir(): string | null {
  if (process.env.LUODI_FAULT_PG_BIN) return process.env.LUODI_FAULT_PG_BIN;
  const versions = existsSync(PG_ROOT) ? readdirSync(PG_ROOT) : [];
  return (
    versions
      .sort((a, b) => Number(b) - Number(a))
      .map((version) => join(PG_ROOT, version, 'bin'))
      .find((dir) => existsSync(join(dir, 'postgres')) && existsSync(join(dir, 'initdb'))) ?? null
  );
}

/** Why the private server cannot run here, or null when it can. */
export function privatePostgresUnavailable(): string | null {
  if (!postgresBinDir()) {
    return `no PostgreSQL server binaries in ${PG_ROOT}/<version>/bin (or LUODI_FAULT_PG_BIN)`;
  }
  if (process.getuid?.() !== 0)
    return 'the suite must run as root to start postgres as the postgres user';
  if (!postgresUser()) return 'there is no postgres system user';
  return null;
}

function postgresUser(): { uid: number; gid: number } | null {
  const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (id.status !== 0 || gid.status !== 0) return null;
  return { uid: Number(id.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

const live = new Set<ChildProcess>();
const mounts = new Set<string>();
let exitHook = false;

/** Private servers of this worker still running (the suite asserts none are left). */
export const runningServers = (): number => live.size;

function installExitHook(): void {
  if (exitHook) return;
  exitHook = true;
  // A test that dies before afterAll must not leave a server running or a tmpfs mounted.
  process.once('exit', () => {
    for (const child of live) child.kill('SIGQUIT');
    for (const mount of mounts) spawnSync('umount', ['-l', mount]);
  });
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const why = privatePostgresUnavailable();
  if (why) throw new Error(`Cannot start a private PostgreSQL server: ${why}`);
  installExitHook();
  const bin = postgresBinDir()!;
  const user = postgresUser()!;
  const dir = mkdtempSync(join(tmpdir(), 'luodi-fault-pg-'));
  chownSync(dir, user.uid, user.gid);
  const data = join(dir, 'data');
  const logFile = join(dir, 'postgres.log');
  closeSync(openSync(logFile, 'a'));
  chownSync(logFile, user.uid, user.gid);
  const asPostgres = { uid: user.uid, gid: user.gid, cwd: dir };
  const init = spawnSync(
    join(bin, 'initdb'),
    [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth=trust',
      '--encoding=UTF8',
      '--locale=C.UTF-8',
      '--no-sync',
    ],
    { ...asPostgres, encoding: 'utf8' },
  );
  if (init.status !== 0) throw new Error(`initdb failed:\n${init.stdout}\n${init.stderr}`);
  const port = await freePort();
  let child: ChildProcess | undefined;
  const myMounts: string[] = [];

  const start = async (): Promise<void> => {
    if (child) return;
    const out = openSync(logFile, 'a');
    const server = spawn(
      join(bin, 'postgres'),
      [
        '-D',
        data,
        '-p',
        String(port),
        '-k',
        dir,
        '-c',
        'listen_addresses=127.0.0.1',
        // Durability against a crash of the server process is what the suite needs; the OS
        // does not crash here, so fsync can go (fast on a shared 2-core machine).
        '-c',
        'fsync=off',
        '-c',
        'full_page_writes=off',
        '-c',
        'max_connections=100',
        '-c',
        'shared_buffers=32MB',
        '-c',
        'log_min_messages=warning',
      ],
      { ...asPostgres, stdio: ['ignore', out, out] },
    );
    closeSync(out);
    child = server;
    live.add(server);
    server.once('exit', () => {
      live.delete(server);
      if (child === server) child = undefined;
    });
    await waitAccepting(port, () => child !== server, logFile);
  };

  const stop = async (mode: 'fast' | 'immediate' = 'fast'): Promise<void> => {
    const server = child;
    if (!server) return;
    const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
    server.kill(mode === 'fast' ? 'SIGINT' : 'SIGQUIT');
    const timer = setTimeout(() => server.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  };

  const superuser = async <T>(database: string, work: (c: Client) => Promise<T>): Promise<T> => {
    // Immune to the read-only setting the read-only scenario switches on.
    const client = new Client({
      host: '127.0.0.1',
      port,
      user: 'postgres',
      database,
      options: '-c default_transaction_read_only=off',
    });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end().catch(() => undefined);
    }
  };

  await start();
  await superuser('postgres', (c) => c.query(`CREATE ROLE luodi LOGIN PASSWORD 'luodi'`));

  const pg: PrivatePostgres = {
    port,
    dir,
    get running() {
      return child !== undefined;
    },
    url: (database) => `postgres://luodi:luodi@127.0.0.1:${port}/${database}`,
    async createDatabase(name, options = {}) {
      if (!/^[a-z][a-z0-9_]{0,50}$/.test(name)) throw new Error(`bad database name ${name}`);
      const space = options.tablespace ? ` TABLESPACE ${options.tablespace}` : '';
      await superuser('postgres', (c) => c.query(`CREATE DATABASE ${name} OWNER luodi${space}`));
      return pg.url(name);
    },
    query: <T>(sql: string, params: unknown[] = [], database = 'postgres') =>
      superuser(database, async (c) => (await c.query(sql, params)).rows as T[]),
    stop,
    start,
    async tinyTablespace(name, sizeMb) {
      const mountPoint = join(dir, `disk-${name}`);
      mkdirSync(mountPoint);
      const mounted = spawnSync(
        'mount',
        [
          '-t',
          'tmpfs',
          '-o',
          `size=${sizeMb}m,uid=${user.uid},gid=${user.gid},mode=0700`,
          'tmpfs',
          mountPoint,
        ],
        { encoding: 'utf8' },
      );
      if (mounted.status !== 0) return null;
      mounts.add(mountPoint);
      myMounts.push(mountPoint);
      const location = join(mountPoint, 'pg');
      mkdirSync(location);
      chownSync(location, user.uid, user.gid);
      await superuser('postgres', (c) =>
        c.query(`CREATE TABLESPACE ${name} OWNER luodi LOCATION '${location}'`),
      );
      const filler = join(mountPoint, 'filler');
      const usage = () => {
        const df = spawnSync('df', ['-k', '--output=size,used,avail', mountPoint], {
          encoding: 'utf8',
        });
        const [size, used, avail] = (df.stdout.trim().split('\n')[1] ?? '')
          .trim()
          .split(/\s+/)
          .map(Number);
        return { sizeKb: size ?? 0, usedKb: used ?? 0, availKb: avail ?? 0 };
      };
      return {
        tablespace: name,
        mountPoint,
        usage,
        fill(leaveKb = 0) {
          rmSync(filler, { force: true });
          const kb = Math.max(0, usage().availKb - leaveKb);
          // dd stops at ENOSPC when asked for more than there is: the disk is then full.
          spawnSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=1024', `count=${kb}`], {
            encoding: 'utf8',
          });
        },
        free() {
          rmSync(filler, { force: true });
        },
      };
    },
    logTail: (lines = 40) => readTail(logFile, lines),
    async destroy() {
      await stop('immediate');
      for (const mount of myMounts) {
        spawnSync('umount', ['-l', mount]);
        mounts.delete(mount);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return pg;
}

async function waitAccepting(port: number, gone: () => boolean, logFile: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (gone()) throw new Error(`postgres exited while starting:\n${readTail(logFile, 30)}`);
    const client = new Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(
          `postgres did not accept connections (${String(error)}):\n${readTail(logFile, 30)}`,
          { cause: error },
        );
      }
    } finally {
      await client.end().catch(() => undefined);
    }
    await sleep(100);
  }
}
