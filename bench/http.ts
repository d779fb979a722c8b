// HTTP load with autocannon, and a steadily paced load for latency at a given rate: every
// response's latency is kept, so percentiles are exact.

import autocannon from 'autocannon';
import { Agent, request as httpRequest } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
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

/**
 * A steady load at `rate` requests a second. autocannon's own rate limit lets each connection
 * send its quota for the second at once and then wait, so "half the peak rate" measured bursts
 * at full speed, not a server half loaded. Here the request lists run as rounds (one list, in
 * order, with its own context, as autocannon runs them), a round due every
 * `requests.length / rate` seconds whatever the rounds before it did, at most `connections`
 * requests in flight. A round's first latency counts from when it was due, so waiting for a
 * free connection is charged too (no coordinated omission); the next ones from when they were
 * sent, since each needs the answer before it.
 */
export async function pacedLoad(options: {
  url: string;
  connections: number;
  seconds: number;
  rate: number;
  requests: Request[];
  headers?: Record<string, string>;
}): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections });
  const samples: number[] = [];
  const statuses: Record<string, number> = {};
  let errors = 0;
  const round = async (due: number) => {
    const context: Record<string, unknown> = {};
    let from = due;
    for (const r of options.requests) {
      const base = {
        method: r.method ?? 'GET',
        path: r.path ?? '/',
        headers: { ...options.headers, ...r.headers },
        body: r.body,
      } as autocannon.Request;
      const req = typeof r.setupRequest === 'function' ? r.setupRequest(base, context) : base;
      const answer = await send(agent, options.url, req);
      samples.push(performance.now() - from);
      if (answer.status === 0) errors++;
      else statuses[answer.status] = (statuses[answer.status] ?? 0) + 1;
      if (typeof r.onResponse === 'function') {
        r.onResponse(answer.status, answer.body, context, undefined);
      }
      from = performance.now();
    }
  };
  const interval = (1000 * options.requests.length) / options.rate;
  const rounds = Math.max(1, Math.floor((options.seconds * 1000) / interval));
  const start = performance.now();
  const running: Array<Promise<void>> = [];
  for (let i = 0; i < rounds; i++) {
    const due = start + i * interval;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    running.push(round(due));
  }
  await Promise.all(running);
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  const ok = Object.entries(statuses)
    .filter(([s]) => s.startsWith('2'))
    .reduce((n, [, c]) => n + c, 0);
  return { perSecond: ok / seconds, latency: latency(samples), statuses, errors, timeouts: 0 };
}

function send(
  agent: Agent,
  url: string,
  req: autocannon.Request,
): Promise<{ status: number; body: string }> {
  const body = typeof req.body === 'string' ? req.body : undefined;
  return new Promise((resolve) => {
    const outgoing = httpRequest(
      new URL(req.path ?? '/', url),
      {
        method: req.method,
        agent,
        headers: {
          ...(req.headers as Record<string, string>),
          ...(body === undefined ? {} : { 'content-length': Buffer.byteLength(body) }),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
        );
        res.on('error', () => resolve({ status: 0, body: '' }));
      },
    );
    outgoing.setTimeout(30_000, () => outgoing.destroy());
    outgoing.on('error', () => resolve({ status: 0, body: '' }));
    outgoing.end(body);
  });
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
