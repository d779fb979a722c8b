import type { LoggerService } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import pino, { type DestinationStream, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { correlationIdOf } from './common/correlation';
import type { AppConfig } from './config/app-config';

/** Nest's logger interface over pino; `pino` is the root, for the request log. */
export interface AppLogger extends LoggerService {
  readonly pino: Logger;
}

const REDACTED = '[REDACTED]';

/**
 * Secrets that must never reach a log line: bearer keys and cookies (headers are never logged,
 * this is the second line), keys in bodies (`apiKey` of a new client) and key hashes.
 */
const REDACT_PATHS = [
  'headers.authorization',
  'headers.cookie',
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'apiKey',
  '*.apiKey',
  'keyHash',
  '*.keyHash',
];

/** The values a failed query was run with may be a key hash, or anything a caller sent. */
const QUERY_VALUES = new Set(['parameters', 'params']);

/** Errors as pino serialises them, without the values of failed queries, at any depth. */
function errorWithoutQueryValues(error: Error): unknown {
  const strip = (value: Record<string, unknown>, depth: number): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [
        key,
        QUERY_VALUES.has(key)
          ? REDACTED
          : depth < 4 && inner !== null && typeof inner === 'object' && !Array.isArray(inner)
            ? strip(inner as Record<string, unknown>, depth + 1)
            : inner,
      ]),
    );
  const serialized: unknown = pino.stdSerializers.err(error);
  return serialized !== null && typeof serialized === 'object'
    ? strip(serialized as Record<string, unknown>, 0)
    : serialized;
}

/** Signed report links carry their grant in the path; generated keys have a known shape. */
const LINK_TOKEN = /(\/reports\/links\/)[\w.~%-]+/g;
const GENERATED_KEY = /ldk_[A-Za-z0-9_-]{20,}/g;
const BEARER = /(Bearer\s+)[^\s"'\\]+/gi;

/** Masks link tokens and keys anywhere in a text (a URL, a message, a whole log line). */
export function scrubSecrets(text: string): string {
  return text
    .replace(LINK_TOKEN, `$1${REDACTED}`)
    .replace(GENERATED_KEY, `ldk_${REDACTED}`)
    .replace(BEARER, `$1${REDACTED}`);
}

/** Structured JSON logs (pino) behind Nest's logger interface. */
export function createLogger(config: AppConfig, destination?: DestinationStream): AppLogger {
  const root = pino(
    {
      level: config.logLevel,
      base: { service: 'luodi' },
      redact: { paths: REDACT_PATHS, censor: REDACTED },
      serializers: { err: errorWithoutQueryValues },
      // The last line of defence: whatever a log call carried, the written line is scrubbed.
      hooks: { streamWrite: scrubSecrets },
    },
    destination,
  );
  const write =
    (level: 'info' | 'warn' | 'error' | 'debug' | 'trace') =>
    (message: unknown, ...rest: unknown[]) => {
      const context =
        typeof rest[rest.length - 1] === 'string' ? (rest[rest.length - 1] as string) : undefined;
      if (typeof message === 'object' && message !== null) root[level]({ context, ...message });
      else root[level]({ context }, String(message));
    };
  return {
    pino: root,
    log: write('info'),
    warn: write('warn'),
    error: write('error'),
    debug: write('debug'),
    verbose: write('trace'),
  };
}

type LoggedRequest = IncomingMessage & { originalUrl?: string; principal?: { clientId: string } };

/**
 * One line per request: method, path (link tokens masked), status, time, the request id and the
 * acting client. No headers and no bodies, so keys and cookies have nothing to leak through.
 */
export function requestLogging(
  logger: Logger,
): (req: Request, res: Response, next: NextFunction) => void {
  const middleware = pinoHttp<LoggedRequest, ServerResponse>({
    logger,
    genReqId: (req) => correlationIdOf(req as unknown as Request) ?? '',
    wrapSerializers: false,
    serializers: {
      req: (req: LoggedRequest) => ({
        method: req.method,
        url: scrubSecrets(req.originalUrl ?? req.url ?? ''),
        remoteAddress: req.socket?.remoteAddress,
      }),
      res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
      err: errorWithoutQueryValues,
    },
    customProps: (req) => (req.principal ? { clientId: req.principal.clientId } : {}),
    customLogLevel: (_req, res, error) =>
      error !== undefined || res.statusCode >= 500 ? 'error' : 'info',
  });
  return (req, res, next) => middleware(req as never, res, next);
}
