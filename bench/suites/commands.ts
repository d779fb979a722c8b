// Commands through HTTP (auth, validation, idempotency, the event append, the project list)
// against plain SQL transactions with the same number of connections; the all-in-one
// process's memory while it works; and many clients on a few projects.

import type { DemoPlan, DemoStep } from '@luodi/app/demo/generator';
import type { ThroughputResult } from '../baselines';
import { api, load, pacedLoad, type Request } from '../http';
import type { Results } from '../results';
import type { Server } from '../server';
import { latency } from '../stats';

export interface CommandSuiteInput {
  server: Server;
  plan: DemoPlan;
  results: Results;
  database: string;
  size: string;
  kind: 'pglite' | 'postgres';
  seconds: number;
  connections: number;
  /** Raw append transactions, distinct streams and shared ones, measured in this run. */
  raw: { distinct: ThroughputResult; contended: ThroughputResult };
}

type Context = { id?: string };

export async function commandSuite(input: CommandSuiteInput): Promise<void> {
  const { server, results } = input;
  const figure = { benchmark: 'HTTP commands', database: input.database, size: input.size };
  const requests = lifecycleRequests(input.plan);
  const auth = { authorization: `Bearer ${server.adminKey}`, 'content-type': 'application/json' };

  server.resetPeakRss();
  const peak = await load({
    url: server.url,
    connections: input.connections,
    seconds: input.seconds,
    requests,
    headers: auth,
  });
  const raw = input.raw.distinct;
  results.add({
    ...figure,
    metric: `commands/s at peak (${input.connections} connections)`,
    value: peak.perSecond,
    baseline: { what: 'raw SQL append transactions/s', value: raw.perSecond },
    ratio: peak.perSecond / raw.perSecond,
    target: input.kind === 'postgres' ? '≥ 0.5 of baseline' : undefined,
    met: input.kind === 'postgres' ? peak.perSecond / raw.perSecond >= 0.5 : undefined,
    note: `p50 ${peak.latency.p50.toFixed(1)} ms, p95 ${peak.latency.p95.toFixed(1)}, p99 ${peak.latency.p99.toFixed(1)}; statuses ${JSON.stringify(peak.statuses)}`,
  });
  refuseFailures('peak', peak.statuses, peak.errors);

  // Half the peak rate is a steady load: it starts once the read models have applied the
  // peak's events, which the all-in-one process does behind the commands it answers.
  const settled = await readModelsCaughtUp(server);
  const half = await pacedLoad({
    url: server.url,
    connections: input.connections,
    seconds: input.seconds,
    rate: Math.max(1, Math.floor(peak.perSecond / 2)),
    requests,
    headers: auth,
  });
  for (const [p, value] of [
    ['p50', half.latency.p50],
    ['p95', half.latency.p95],
    ['p99', half.latency.p99],
  ] as const) {
    results.add({
      ...figure,
      metric: `ms ${p} at half the peak rate (${Math.floor(peak.perSecond / 2)}/s)`,
      value,
      baseline: {
        what: `ms ${p} raw SQL transaction`,
        value: raw.latency[p],
      },
      ...(p === 'p99'
        ? {
            target: '< 50 ms',
            met: value < 50,
            note: `after the read models caught up on ${settled.lag} events of the peak (${settled.seconds.toFixed(1)} s)`,
          }
        : {}),
    });
  }
  refuseFailures('half rate', half.statuses, half.errors);
  results.add({
    benchmark: 'memory (all-in-one process)',
    database: input.database,
    size: input.size,
    metric: 'MB peak RSS under the command load',
    value: server.peakRssMb(),
    target: '≤ 300 MB',
    met: server.peakRssMb() <= 300,
  });

  // The same process answering a request that does next to nothing (the key check and a small
  // read): no command can be faster, so this floor shows how much of the gap to the raw
  // baseline is HTTP and the framework rather than the command.
  const floor = await load({
    url: server.url,
    connections: input.connections,
    seconds: input.seconds,
    requests: [{ method: 'GET', path: '/api/v1/regions' }],
    headers: auth,
  });
  refuseFailures('floor', floor.statuses, floor.errors);
  results.add({
    ...figure,
    benchmark: 'HTTP floor: GET /regions with the admin key',
    metric: `requests/s (${input.connections} connections)`,
    value: floor.perSecond,
    baseline: { what: 'raw SQL append transactions/s', value: raw.perSecond },
    ratio: floor.perSecond / raw.perSecond,
    note: `p50 ${floor.latency.p50.toFixed(1)} ms, p99 ${floor.latency.p99.toFixed(1)}`,
  });

  await contended(input, auth);
}

/** 10 connections on 4 projects, no If-Match: retried on conflict, never a lost update. */
async function contended(input: CommandSuiteInput, auth: Record<string, string>): Promise<void> {
  const { server, results } = input;
  const lead = stepOf(input.plan, 'lead');
  const ids: string[] = [];
  for (let i = 0; i < 4; i++) {
    const created = await api<{ id: string }>(server.url, server.adminKey, 'POST', '/projects', {
      ...lead.body,
      name: `争用测试项目 ${i}`,
    });
    ids.push(created.id);
  }
  const versions = async () =>
    Promise.all(
      ids.map(
        async (id) =>
          (await api<{ version: number }>(server.url, server.adminKey, 'GET', `/projects/${id}`))
            .version,
      ),
    );
  const before = await versions();
  // Plain fetch workers rather than autocannon: every request sent is waited for, so the
  // acknowledged count is exact (autocannon drops the answers in flight when time is up).
  const statuses: Record<string, number> = {};
  const samples: number[] = [];
  const deadline = performance.now() + input.seconds * 1000;
  let n = 0;
  const worker = async () => {
    while (performance.now() < deadline) {
      const id = ids[n++ % ids.length]!;
      const t = performance.now();
      const response = await fetch(`${server.url}/api/v1/projects/${id}/activities`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ occurredOn: lead.occurredOn, type: 'VISIT', note: '争用测试' }),
      });
      await response.arrayBuffer();
      samples.push(performance.now() - t);
      statuses[response.status] = (statuses[response.status] ?? 0) + 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: input.connections }, worker));
  const elapsed = (performance.now() - started) / 1000;
  const after = await versions();
  const written = after.reduce((s, v, i) => s + v - before[i]!, 0);
  const acknowledged = Object.entries(statuses)
    .filter(([s]) => s.startsWith('2'))
    .reduce((s, [, c]) => s + c, 0);
  let duplicates = 0;
  for (const [i, id] of ids.entries()) {
    const history = await api<{ events: unknown[]; verification?: { ok: boolean } }>(
      server.url,
      server.adminKey,
      'GET',
      `/projects/${id}/events?verify=true`,
    );
    const count = history.events.length;
    if (history.verification?.ok !== true) duplicates += 1;
    if (count !== after[i]) duplicates += Math.abs(count - after[i]!);
  }
  const raw = input.raw.contended;
  results.add({
    benchmark: 'contended commands (10 clients, 4 projects)',
    database: input.database,
    size: input.size,
    metric: 'commands/s',
    value: acknowledged / elapsed,
    baseline: { what: 'raw SQL transactions/s on 4 rows', value: raw.perSecond },
    ratio: acknowledged / elapsed / raw.perSecond,
    target: 'no lost update',
    met: written === acknowledged && duplicates === 0,
    note: `${acknowledged} acknowledged, ${written} events written, ${duplicates} unverified chains; p99 ${latency(samples).p99.toFixed(0)} ms; statuses ${JSON.stringify(statuses)}`,
  });
}

/** Lead → negotiation → signing on a new project per round, each with its own Idempotency-Key. */
function lifecycleRequests(plan: DemoPlan): Request[] {
  const [lead, negotiation, signing] = (['lead', 'negotiation', 'signing'] as const).map((k) =>
    stepOf(plan, k),
  );
  let counter = 0;
  const key = () => `bench-${process.pid}-${Date.now()}-${counter++}`;
  const post = (path: (c: Context) => string, body: Record<string, unknown>): Request => ({
    method: 'POST',
    setupRequest: (req, context: Context) => ({
      ...req,
      path: `/api/v1${path(context)}`,
      headers: { ...req.headers, 'idempotency-key': key() },
      body: JSON.stringify(body),
    }),
  });
  return [
    {
      ...post(() => '/projects', { ...lead!.body, name: '压测签约项目' }),
      onResponse: (status: number, body: string, context: Context) => {
        context.id = status === 201 ? (JSON.parse(body) as { id: string }).id : undefined;
      },
    },
    post((c) => `/projects/${c.id}/negotiation`, negotiation!.body),
    post((c) => `/projects/${c.id}/signing`, signing!.body),
  ];
}

/** The first project of the plan that was signed gives valid bodies for each step. */
function stepOf(plan: DemoPlan, kind: 'lead' | 'negotiation' | 'signing'): DemoStep {
  for (const p of plan.projects) {
    const kinds = p.steps.map((s) => s.kind);
    if (!kinds.includes('signing') || kinds.includes('correction')) continue;
    return p.steps.find((s) => s.kind === kind)!;
  }
  throw new Error('the plan has no signed project');
}

function refuseFailures(what: string, statuses: Record<string, number>, errors: number): void {
  const bad = Object.entries(statuses).filter(([s]) => !s.startsWith('2'));
  if (bad.length > 0 || errors > 0) {
    console.warn(`  ${what}: ${errors} errors, non-2xx ${JSON.stringify(Object.fromEntries(bad))}`);
  }
}

/** Waits (at most 30 s) until no projection lags behind the log; how far behind they were. */
async function readModelsCaughtUp(server: Server): Promise<{ lag: number; seconds: number }> {
  const started = performance.now();
  const lag = async () =>
    (await api<Array<{ lag: number }>>(server.url, server.adminKey, 'GET', '/projections')).reduce(
      (n, p) => n + p.lag,
      0,
    );
  const first = await lag();
  for (let now = first; now > 0 && performance.now() - started < 30_000; now = await lag()) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { lag: first, seconds: (performance.now() - started) / 1000 };
}
