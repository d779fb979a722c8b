import type { LoggerService } from '@nestjs/common';
import pino from 'pino';
import type { AppConfig } from './config/app-config';

/** Structured JSON logs (pino) behind Nest's logger interface. */
export function createLogger(config: AppConfig): LoggerService {
  const root = pino({ level: config.logLevel, base: { service: 'luodi' } });
  const write =
    (level: 'info' | 'warn' | 'error' | 'debug' | 'trace') =>
    (message: unknown, ...rest: unknown[]) => {
      const context =
        typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
      if (typeof message === 'object' && message !== null) root[level]({ context, ...message });
      else root[level]({ context }, String(message));
    };
  return {
    log: write('info'),
    warn: write('warn'),
    error: write('error'),
    debug: write('debug'),
    verbose: write('trace'),
  };
}
