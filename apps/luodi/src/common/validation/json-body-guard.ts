import type { NextFunction, Request, Response } from 'express';
import { ApiProblem, validationProblem } from '../problem/problem';

/** No DTO nests more than a few levels; anything deeper is refused before it is walked. */
export const MAX_JSON_DEPTH = 32;

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/**
 * Runs after the JSON body parser, before guards, interceptors and pipes:
 * - a body that is not declared JSON is refused (415) instead of being silently ignored;
 * - a body nested deeper than MAX_JSON_DEPTH is refused (400): class-transformer and the
 *   idempotency hash walk bodies recursively and would overflow the stack (a 500);
 * - keys that name Object.prototype members (`__proto__`, `constructor`, `toString`, …) or
 *   `prototype` are refused as unknown fields (400): class-transformer drops them silently,
 *   so the whitelist would never see them.
 */
export function jsonBodyGuard(req: Request, _res: Response, next: NextFunction): void {
  if (
    WITH_BODY.has(req.method) &&
    hasBody(req) &&
    !req.is(['application/json', 'application/*+json'])
  ) {
    next(new ApiProblem('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json in UTF-8.'));
    return;
  }
  const problem = bodyProblem(req.body as unknown);
  next(problem ? validationProblem([problem]) : undefined);
}

function hasBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/** Walks the parsed body without recursion; the first problem found, if any. */
function bodyProblem(body: unknown): { field: string; message: string } | undefined {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [
    { value: body, path: '', depth: 1 },
  ];
  while (stack.length > 0) {
    const { value, path, depth } = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth > MAX_JSON_DEPTH) {
      return {
        field: path || 'body',
        message: `the body nests deeper than ${MAX_JSON_DEPTH} levels`,
      };
    }
    for (const key of Object.keys(value)) {
      const field = path ? `${path}.${key}` : key;
      if (key === 'prototype' || key in Object.prototype) {
        return { field, message: `unknown field ${field}` };
      }
      stack.push({ value: (value as Record<string, unknown>)[key], path: field, depth: depth + 1 });
    }
  }
  return undefined;
}
