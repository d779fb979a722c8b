// The system under test: the all-in-one luodi process (`npm start`'s dist build), started as a
// child process on a free port, so that its memory is its own and the load generator does
// not share its event loop.

import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { randomBytes } from 'node:crypto';

const ROOT = resolve(__dirname, '../..');

export interface Server {
  url: string;
  adminKey: string;
  pid: number;
  /** Peak resident memory (MB) seen since the last reset, sampled every 100 ms. */
  peakRssMb(): number;
  resetPeakRss(): void;
  stop(): Promise<void>;
}

export async function startServer(env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const adminKey = randomBytes(32).toString('base64url');
  const child = spawn(
    process.execPath,
    // As `npm start` runs it.
    ['-r', './scripts/register-paths.js', 'dist/apps/luodi/src/main.js'],
    {
      cwd: ROOT,
      env: {
        // The database comes from `env` alone: an inherited DATABASE_URL would win over DATA_DIR.
        ...withoutDatabase(process.env),
        PORT: String(port),
        HOST: '127.0.0.1',
        BOOTSTRAP_ADMIN_KEY: adminKey,
        LOG_LEVEL: 'warn',
        // The nightly evaluation's start-up run would compete with the measurements.
        SUPERVISION_SCHEDULE: 'off',
        RATE_LIMIT_PER_SECOND: '0',
        ...env,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child);
  let peak = 0;
  const sample = () => (peak = Math.max(peak, rssMb(child.pid!)));
  const sampler = setInterval(sample, 100);
  return {
    url,
    adminKey,
    pid: child.pid!,
    peakRssMb: () => (sample(), peak),
    resetPeakRss: () => (peak = rssMb(child.pid!)),
    stop: async () => {
      clearInterval(sampler);
      await stop(child);
    },
  };
}

function withoutDatabase(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { DATABASE_URL: _url, DATA_DIR: _dir, KAFKA_BROKERS: _kafka, ...rest } = env;
  return rest;
}

function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return 0;
  }
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`luodi exited with ${child.exitCode} at start`);
    try {
      const response = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  child.kill('SIGKILL');
  throw new Error('luodi did not become healthy within 120 s');
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(kill);
      done();
    });
    child.kill('SIGTERM');
  });
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}
