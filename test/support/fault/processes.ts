import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, closeSync, existsSync, openSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { readTail, sleep } from './util';

export const REPO_ROOT = resolve(__dirname, '../../..');

/** The built entry points (after `npm run build`) the suite runs as child processes. */
export const ENTRY_POINTS = {
  luodi: 'dist/apps/luodi/src/main.js',
  api: 'dist/apps/api/src/main.js',
  relay: 'dist/apps/relay/src/main.js',
  projector: 'dist/apps/projector/src/main.js',
  supervisor: 'dist/apps/supervisor/src/main.js',
  rebuild: 'dist/apps/luodi/src/projections/rebuild.main.js',
} as const;

export type Deployable = Exclude<keyof typeof ENTRY_POINTS, 'rebuild'>;

/** Variables of the jest process that must not leak into a child's configuration. */
const APP_VARIABLES = [
  'PORT',
  'HOST',
  'DATA_DIR',
  'DATABASE_URL',
  'BOOTSTRAP_ADMIN_KEY',
  'LOG_LEVEL',
  'COMMAND_RETRIES',
  'KAFKA_BROKERS',
  'KAFKA_CLIENT_ID',
  'SUPERVISION_SCHEDULE',
];

/** The environment of a child: the jest process's minus luodi's own settings, plus `env`. */
export function childEnv(env: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env };
  for (const name of APP_VARIABLES) delete base[name];
  for (const [name, value] of Object.entries(env)) if (value !== undefined) base[name] = value;
  return base;
}

const live = new Set<ChildProcess>();
let exitHook = false;

/** Every child still running is killed when the jest worker exits, whatever happened. */
function track(child: ChildProcess): void {
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (exitHook) return;
  exitHook = true;
  process.once('exit', () => {
    for (const c of live) c.kill('SIGKILL');
  });
}

/** How many luodi children of this worker are running (the suite asserts none are left). */
export const runningChildren = (): number => live.size;

/**
 * One luodi deployable run from dist/ as a child process, on a fixed port so that a restart is
 * found where the clients expect it. Its stdout and stderr go to a log file that survives kills.
 */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  private exit: Promise<void> = Promise.resolve();
  private starts = 0;
  readonly logFile: string;

  constructor(
    readonly name: string,
    readonly deployable: Deployable,
    readonly port: number,
    private readonly env: Record<string, string | undefined>,
    logDir: string,
  ) {
    this.logFile = join(logDir, `${name}.log`);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Starts the process and waits until GET /health answers 200. */
  async start(timeoutMs = 90_000): Promise<void> {
    if (this.child) throw new Error(`${this.name} is already running`);
    const entry = join(REPO_ROOT, ENTRY_POINTS[this.deployable]);
    if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first`);
    this.starts++;
    appendFileSync(
      this.logFile,
      `\n===== ${this.name} start #${this.starts} at ${new Date().toISOString()}\n`,
    );
    const out = openSync(this.logFile, 'a');
    const child = spawn(process.execPath, ['-r', './scripts/register-paths.js', entry], {
      cwd: REPO_ROOT,
      env: childEnv({ ...this.env, PORT: String(this.port), HOST: '127.0.0.1' }),
      stdio: ['ignore', out, out],
    });
    closeSync(out);
    track(child);
    this.child = child;
    this.exit = new Promise<void>((resolve) => {
      child.once('exit', (code, signal) => {
        appendFileSync(this.logFile, `\n===== ${this.name} exited (${signal ?? `code ${code}`})\n`);
        if (this.child === child) this.child = undefined;
        resolve();
      });
    });
    await this.waitHealthy(timeoutMs);
  }

  /** kill -9: no shutdown hook runs, requests in flight get a reset connection. */
  async kill9(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGKILL');
    await this.exit;
  }

  /** SIGTERM (finishes requests in flight and closes the database), SIGKILL after 20 s. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await this.exit;
    clearTimeout(timer);
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async waitHealthy(timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!this.child) throw new Error(`${this.name} exited while starting:\n${this.logTail(40)}`);
      try {
        const response = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(2000) });
        if (response.status === 200) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        throw new Error(`${this.name} was not healthy after ${timeoutMs} ms:\n${this.logTail(40)}`);
      }
      await sleep(100);
    }
  }

  /** GET /health as JSON (any status). */
  async health(): Promise<{ status: number; body: Record<string, unknown> }> {
    const response = await fetch(`${this.url}/health`, { signal: AbortSignal.timeout(5000) });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  }

  logTail(lines = 40): string {
    return readTail(this.logFile, lines);
  }
}

/** Runs a built one-shot script (e.g. the projection rebuild) to completion; throws on failure. */
export async function runScript(
  entry: keyof typeof ENTRY_POINTS,
  env: Record<string, string | undefined>,
  logFile: string,
  args: string[] = [],
  timeoutMs = 120_000,
): Promise<void> {
  appendFileSync(logFile, `\n===== ${entry} ${args.join(' ')} at ${new Date().toISOString()}\n`);
  const out = openSync(logFile, 'a');
  const child = spawn(
    process.execPath,
    ['-r', './scripts/register-paths.js', join(REPO_ROOT, ENTRY_POINTS[entry]), ...args],
    { cwd: REPO_ROOT, env: childEnv(env), stdio: ['ignore', out, out] },
  );
  closeSync(out);
  track(child);
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((done) => child.once('exit', (c) => done(c)));
  clearTimeout(timer);
  if (code !== 0) throw new Error(`${entry} exited with ${code}:\n${readTail(logFile, 30)}`);
}
