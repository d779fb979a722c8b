import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { from, Observable, of } from 'rxjs';
import { catchError, mergeMap } from 'rxjs/operators';
import type { AuthenticatedRequest } from '../auth/decorators';
import { ApiProblem, validationProblem } from '../common/problem/problem';
import { IDEMPOTENCY_KEY_PATTERN, requestHash, type IdempotencyContext } from './idempotency';
import { IdempotencyRepository, isIdempotencyRace } from './idempotency.repository';

export type IdempotentRequest = AuthenticatedRequest & {
  idempotency?: IdempotencyContext;
  idempotencySaved?: boolean;
};

const REPLAYED_HEADERS = ['etag', 'location'];
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Idempotency-Key: the same key and body replay the first response without writing; the same
 * key with another body is refused with 422. Keys are kept per client.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(private readonly repository: IdempotencyRepository) {}

  async intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    const request = context.switchToHttp().getRequest<IdempotentRequest>();
    const response = context.switchToHttp().getResponse<Response>();
    const key = request.header('idempotency-key');
    if (key === undefined || !WRITES.has(request.method) || !request.principal)
      return next.handle();
    if (!IDEMPOTENCY_KEY_PATTERN.test(key)) {
      throw validationProblem([
        { field: 'Idempotency-Key', message: 'must be 1-200 printable ASCII characters' },
      ]);
    }
    const idem: IdempotencyContext = {
      clientId: request.principal.clientId,
      key,
      requestHash: requestHash(request.method, request.originalUrl, request.body),
    };
    const replay = await this.replay(idem, response);
    if (replay.done) return of(replay.body);
    request.idempotency = idem;

    return next.handle().pipe(
      mergeMap((body: unknown) =>
        from(
          (async () => {
            if (!request.idempotencySaved) {
              await this.repository.saveIfAbsent(idem, {
                status: response.statusCode,
                body,
                headers: pickHeaders(response),
              });
            }
            return body;
          })(),
        ),
      ),
      catchError((error: unknown) =>
        from(
          (async () => {
            if (!isIdempotencyRace(error)) throw error;
            const raced = await this.replay(idem, response);
            if (!raced.done) throw error;
            return raced.body;
          })(),
        ),
      ),
    );
  }

  private async replay(
    idem: IdempotencyContext,
    response: Response,
  ): Promise<{ done: boolean; body?: unknown }> {
    const stored = await this.repository.find(idem.clientId, idem.key);
    if (!stored) return { done: false };
    if (stored.requestHash !== idem.requestHash) {
      throw new ApiProblem(
        'IDEMPOTENCY_KEY_REUSED',
        `Idempotency-Key "${idem.key}" was already used with another request.`,
      );
    }
    response.status(stored.status);
    for (const [name, value] of Object.entries(stored.headers)) response.setHeader(name, value);
    response.setHeader('Idempotent-Replayed', 'true');
    return { done: true, body: stored.body };
  }
}

export function pickHeaders(response: Response): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const name of REPLAYED_HEADERS) {
    const value = response.getHeader(name);
    if (typeof value === 'string') headers[name] = value;
  }
  return headers;
}
