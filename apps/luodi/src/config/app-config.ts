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
