// A small HTTP client for the demo: bearer key, Idempotency-Key, retries on transient failures
// (safe: every write carries an Idempotency-Key), and problem+json errors kept for the report.

import { setTimeout as sleep } from 'node:timers/promises';

export type ApiResponse<T = unknown> = { status: number; body: T; replayed: boolean };

/** A request the server refused (or never answered): what was sent and what came back. */
export class ApiError extends Error {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly idempotencyKey: string | undefined,
    readonly requestBody: unknown,
    readonly status: number | undefined,
    readonly problem: unknown,
  ) {
    super(
      status === undefined
        ? `${method} ${url} failed: ${String(problem)}`
        : `${method} ${url} answered ${status}`,
    );
  }

  describe(): string {
    const lines = [`Request:  ${this.method} ${this.url}`];
    if (this.idempotencyKey) lines.push(`Idempotency-Key: ${this.idempotencyKey}`);
    if (this.requestBody !== undefined) {
      lines.push(
        `Body:     ${JSON.stringify(this.requestBody, null, 2).replaceAll('\n', '\n          ')}`,
      );
    }
    lines.push(
      this.status === undefined
        ? `Error:    ${String(this.problem)}`
        : `Response: ${this.status}\n${JSON.stringify(this.problem, null, 2)}`,
    );
    return lines.join('\n');
  }
}

const TRANSIENT = new Set([429, 502, 503, 504]);

export class LuodiClient {
  requests = 0;
  replays = 0;

  constructor(
    readonly baseUrl: string,
    private readonly apiKey: string,
  ) {}

  get apiUrl(): string {
    return `${this.baseUrl}/api/v1`;
  }

  async get<T>(path: string): Promise<T> {
    return (await this.send<T>('GET', path)).body;
  }

  async send<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    idempotencyKey?: string,
  ): Promise<ApiResponse<T>> {
    const url = `${this.apiUrl}${path}`;
    const headers: Record<string, string> = {
      authorization: `Bearer ${this.apiKey}`,
      accept: 'application/json',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        this.requests++;
        response = await fetch(url, {
          method,
          headers,
          ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
          signal: AbortSignal.timeout(30_000),
        });
      } catch (error) {
        if (attempt < 5) {
          await sleep(250 * 2 ** attempt);
          continue;
        }
        const cause = error instanceof Error ? (error.cause ?? error.message) : error;
        throw new ApiError(method, url, idempotencyKey, body, undefined, cause);
      }
      const text = await response.text();
      let parsed: unknown = text;
      try {
        parsed = text === '' ? undefined : JSON.parse(text);
      } catch {
        // not JSON: keep the text for the error report
      }
      if (response.ok) {
        const replayed = response.headers.get('idempotent-replayed') === 'true';
        if (replayed) this.replays++;
        return { status: response.status, body: parsed as T, replayed };
      }
      if (TRANSIENT.has(response.status) && attempt < 5) {
        const retryAfter = Number(response.headers.get('retry-after'));
        await sleep(
          Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 250 * 2 ** attempt,
        );
        continue;
      }
      throw new ApiError(method, url, idempotencyKey, body, response.status, parsed);
    }
  }
}
