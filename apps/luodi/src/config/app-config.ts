import { isAbsolute, resolve } from 'node:path';
import { validateCronExpression } from 'cron';

/** Validated settings. Every value comes from the environment; a bad one stops startup. */
export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl?: string;
  bootstrapAdminKey?: string;
  logLevel: LogLevel;
  /** Attempts for a command that lost a version race and carries no If-Match. */
  commandRetries: number;
  /** Kafka bootstrap servers; unset means single-process mode (handlers fed from the log). */
  kafkaBrokers?: string[];
  kafkaClientId: string;
  /** Cron (with seconds, Asia/Shanghai) of the scheduled supervision evaluation; null = off. */
  supervisionSchedule: string | null;
  /**
   * Requests per client (per IP without a key): `perSecond` sustained over 10 s, at most
   * `burst` in any one second. 0 = no limit.
   */
  rateLimit: { perSecond: number; burst: number };
  /** Time to receive a whole request (headers and body); a slower client gets 408. */
  requestTimeoutMs: number;
  /** PostgreSQL statement_timeout of the server's connections; 0 = none (PGlite has none). */
  statementTimeoutMs: number;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): AppConfig {
  const problems: string[] = [];
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      problems.push(`${name}=${raw} must be an integer from ${min} to ${max}`);
      return fallback;
    }
    return value;
  };

  const port = int('PORT', 3000, 0, 65535);
  const commandRetries = int('COMMAND_RETRIES', 5, 1, 50);
  // Generous: `npm run demo` sends ~150 requests a second from one admin key.
  const perSecond = int('RATE_LIMIT_PER_SECOND', 300, 0, 1_000_000);
  const burst = int('RATE_LIMIT_BURST', perSecond * 2, 0, 1_000_000);
  if (perSecond > 0 && burst < perSecond) {
    problems.push(`RATE_LIMIT_BURST=${burst} must be at least RATE_LIMIT_PER_SECOND=${perSecond}`);
  }
  const requestTimeoutMs = int('REQUEST_TIMEOUT_MS', 30_000, 1_000, 600_000);
  const statementTimeoutMs = int('DATABASE_STATEMENT_TIMEOUT_MS', 30_000, 0, 3_600_000);

  const databaseUrl = emptyToUndefined(env.DATABASE_URL);
  if (databaseUrl !== undefined && !isPostgresUrl(databaseUrl)) {
    problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL with a database name');
  }

  const bootstrapAdminKey = emptyToUndefined(env.BOOTSTRAP_ADMIN_KEY);
  if (bootstrapAdminKey !== undefined && !/^[\x21-\x7e]{24,200}$/.test(bootstrapAdminKey)) {
    problems.push('BOOTSTRAP_ADMIN_KEY must be 24 to 200 printable ASCII characters, no spaces');
  }

  const logLevel = (emptyToUndefined(env.LOG_LEVEL) ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) {
    problems.push(`LOG_LEVEL=${logLevel} must be one of ${LOG_LEVELS.join(', ')}`);
  }

  const brokersRaw = emptyToUndefined(env.KAFKA_BROKERS);
  const kafkaBrokers = brokersRaw?.split(',').map((b) => b.trim());
  if (kafkaBrokers?.some((b) => !/^[A-Za-z0-9.-]+:\d{1,5}$/.test(b))) {
    problems.push(`KAFKA_BROKERS=${brokersRaw} must be a comma-separated list of host:port`);
  }
  const kafkaClientId = emptyToUndefined(env.KAFKA_CLIENT_ID) ?? 'luodi';
  if (!/^[A-Za-z0-9._-]{1,100}$/.test(kafkaClientId)) {
    problems.push('KAFKA_CLIENT_ID must be 1 to 100 letters, digits, dots, dashes or underscores');
  }

  const schedule = emptyToUndefined(env.SUPERVISION_SCHEDULE) ?? '0 5 0 * * *';
  const supervisionSchedule = schedule === 'off' ? null : schedule;
  if (supervisionSchedule !== null && !validateCronExpression(supervisionSchedule).valid) {
    problems.push(`SUPERVISION_SCHEDULE=${schedule} must be a cron expression or off`);
  }

  const rawDir = emptyToUndefined(env.DATA_DIR) ?? 'data';
  const dataDir = isAbsolute(rawDir) ? rawDir : resolve(process.cwd(), rawDir);
  const host = emptyToUndefined(env.HOST) ?? '0.0.0.0';

  if (problems.length > 0) throw new ConfigError(problems);
  return {
    port,
    host,
    dataDir,
    databaseUrl,
    bootstrapAdminKey,
    logLevel,
    commandRetries,
    kafkaBrokers,
    kafkaClientId,
    supervisionSchedule,
    rateLimit: { perSecond, burst: perSecond === 0 ? 0 : burst },
    requestTimeoutMs,
    statementTimeoutMs,
  };
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.pathname.length > 1
    );
  } catch {
    return false;
  }
}
