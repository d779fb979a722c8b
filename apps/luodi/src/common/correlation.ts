import { randomUUID } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';

const HEADER = 'x-request-id';
const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,128}$/;
const KEY = Symbol('correlationId');

type WithCorrelation = Request & { [KEY]?: string };

/** Takes the caller's X-Request-Id when it is sane, otherwise makes one, and echoes it. */
export function correlationMiddleware(req: Request, res: Response, next: NextFunction): void {
  const given = req.header(HEADER);
  const id = given !== undefined && ACCEPTABLE.test(given) ? given : randomUUID();
  (req as WithCorrelation)[KEY] = id;
  res.setHeader('X-Request-Id', id);
  next();
}

export function correlationIdOf(req: Request): string | undefined {
  return (req as WithCorrelation)[KEY];
}
