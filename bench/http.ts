// HTTP load with autocannon: every response's latency is kept, so percentiles are exact.

import autocannon from 'autocannon';
import { latency, type Latency } from './stats';

export type Request = autocannon.Request;

export interface LoadResult {
  /** Successful (2xx) responses per second. */
  perSecond: number;
  latency: Latency;
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
}

export async function load(options: {
  url: string;
  connections: number;
  seconds: number;
  /** Requests per second over all connections; unlimited when absent. */
  rate?: number;
  requests: Request[];
  headers?: Record<string, string>;
}): Promise<LoadResult> {
  const samples: number[] = [];
  const statuses: Record<string, number> = {};
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.seconds,
    ...(options.rate ? { overallRate: options.rate } : {}),
    requests: options.requests,
    headers: options.headers,
    timeout: 30,
  });
  (instance as unknown as NodeJS.EventEmitter).on(
    'response',
    (_client: unknown, status: number, _bytes: number, ms: number) => {
      samples.push(ms);
      statuses[status] = (statuses[status] ?? 0) + 1;
    },
  );
  const result = await instance;
  const ok = Object.entries(statuses)
    .filter(([s]) => s.startsWith('2'))
    .reduce((n, [, c]) => n + c, 0);
  return {
    perSecond: ok / (result.duration || options.seconds),
    latency: latency(samples),
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/** A JSON request to the API with the admin key. */
export async function api<T>(
  url: string,
  key: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const response = await fetch(`${url}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}
