import type { Request } from 'express';
import { correlationIdOf } from '../../common/correlation';
import { validationProblem } from '../../common/problem/problem';
import type { IdempotentRequest } from '../../idempotency/idempotency.interceptor';
import type { CommandMeta } from './execute-project-command.command';

/** Reads who is calling, the correlation id, If-Match and the idempotency context off a request. */
export function commandMetaOf(request: Request, successStatus: number): CommandMeta {
  const req = request as IdempotentRequest;
  if (!req.principal) throw new Error('command route without authentication');
  const ifMatch = parseIfMatch(req.header('if-match'));
  return {
    principal: req.principal,
    correlationId: correlationIdOf(req) ?? 'unknown',
    successStatus,
    ...(ifMatch !== undefined ? { ifMatch } : {}),
    ...(req.idempotency ? { idempotency: req.idempotency } : {}),
    onIdempotencySaved: () => {
      req.idempotencySaved = true;
    },
  };
}

/** `If-Match: "3"` (also W/"3" or 3) → 3. */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!match?.[1]) {
    throw validationProblem([
      { field: 'If-Match', message: 'must be a project version as given by ETag, e.g. "3"' },
    ]);
  }
  return Number(match[1]);
}
