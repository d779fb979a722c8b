import fc from 'fast-check';
import type { TestApp } from '../test-app';
import { answerViolations } from './answer-rules';
import type { ValueSpec } from './contract-checks';
import type { Endpoint } from './endpoint-catalogue';
import type { FuzzWorld } from './fuzz-world';
import { buildCase, mutationsFor, type FuzzCase } from './mutations';
import type { OpenApiDocument, Operation } from './openapi-operations';
import { operationsOf } from './openapi-operations';
import { RawHttp, type RawResponse } from './raw-http';
import { WriteWatch } from './write-fingerprint';

/** Fixed by default so CI is reproducible; FUZZ_SEED, FUZZ_RUNS and FUZZ_TIMEOUT_MS change it. */
export interface FuzzSettings {
  seed: number;
  runs: number;
  timeoutMs: number;
}

export const DEFAULT_SEED = 20260630;
export const DEFAULT_RUNS = 300;

export function fuzzSettings(): FuzzSettings {
  const number = (name: string, fallback: number) => {
    const raw = process.env[name];
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, not ${raw}`);
    return value;
  };
  return {
    seed: number('FUZZ_SEED', DEFAULT_SEED),
    runs: number('FUZZ_RUNS', DEFAULT_RUNS),
    timeoutMs: number('FUZZ_TIMEOUT_MS', 10_000),
  };
}

export interface EndpointReport {
  key: string;
  cases: number;
  accepted: number;
  refused: number;
  /** Cases the contract says must be refused (unknown field, wrong type, bad date, …). */
  mustRefuse: number;
  /** Refusals after which a transaction had ended, so the write fingerprints were compared. */
  compared: number;
  /** Supervision writes that followed an earlier success late (not the refused request's). */
  lateSupervision: number;
  ms: number;
  /** Distinct defects, each with how often it happened and one example. */
  violations: string[];
}

/** Each endpoint gets its own stream of cases, so adding one leaves the others' cases alone. */
function seedFor(seed: number, key: string): number {
  let hash = 2166136261;
  for (const char of key) hash = Math.imul(hash ^ char.charCodeAt(0), 16777619);
  return (seed ^ hash) | 0;
}

function show(res: RawResponse): string {
  const text = res.body.toString('utf8');
  return `${res.status} ${String(res.headers['content-type'] ?? '-')} ${text.length > 300 ? `${text.slice(0, 300)}…` : text}`;
}

function describeRequest(c: FuzzCase): string {
  const path = c.request.path.length > 200 ? `${c.request.path.slice(0, 200)}…` : c.request.path;
  return `${c.request.method} ${path}`;
}

/** Sends every endpoint its cases and checks each answer, and that refusals write nothing. */
export class FuzzRunner {
  readonly reports: EndpointReport[] = [];

  private constructor(
    private readonly t: TestApp,
    readonly http: RawHttp,
    private readonly world: FuzzWorld,
    readonly operations: Map<string, Operation>,
    readonly settings: FuzzSettings,
  ) {}

  static async start(t: TestApp, world: FuzzWorld, settings: FuzzSettings): Promise<FuzzRunner> {
    const http = await RawHttp.listen(t.app, settings.timeoutMs);
    const docs = await http.send({ method: 'GET', path: '/api/docs-json', headers: {} });
    const operations = operationsOf(docs.json as OpenApiDocument);
    return new FuzzRunner(t, http, world, new Map(operations.map((op) => [op.key, op])), settings);
  }

  async fuzz(endpoint: Endpoint): Promise<EndpointReport> {
    const operation = this.operations.get(endpoint.key);
    if (!operation) throw new Error(`${endpoint.key} is not in the OpenAPI document`);
    const sample = await endpoint.valid(this.world);
    const querySpecs = this.querySpecs(operation, sample.query ?? {});
    const found = new Map<string, { count: number; example: string }>();
    const report: EndpointReport = {
      key: endpoint.key,
      cases: 0,
      accepted: 0,
      refused: 0,
      mustRefuse: 0,
      compared: 0,
      lateSupervision: 0,
      ms: 0,
      violations: [],
    };
    const note = (problem: string, example: string) => {
      // Alike problems (the same write seen at another position) count as one defect.
      const kind = problem.replace(/\d+/g, '#');
      const seen = found.get(kind);
      if (seen) seen.count += 1;
      else found.set(kind, { count: 1, example: `${problem}\n    e.g. ${example}` });
    };
    const watch = new WriteWatch(this.t.dataSource);
    await this.t.supervised();
    await watch.settle();
    const started = performance.now();

    await fc.assert(
      fc.asyncProperty(mutationsFor(operation, sample), async (mutation) => {
        report.cases += 1;
        const valid = await endpoint.valid(this.world);
        const c = buildCase(operation, valid, mutation, this.t.bearer(this.t.adminKey), querySpecs);
        let res: RawResponse;
        try {
          res = c.rawBytes
            ? await this.http.sendBytes(c.rawBytes)
            : await this.http.send(c.request);
        } catch (error) {
          note(
            `no answer: ${(error as Error).message.slice(0, 200)}`,
            `${c.summary} — ${describeRequest(c)}`,
          );
          await watch.settle();
          return;
        }
        if (c.mustRefuse) report.mustRefuse += 1;
        const problems = answerViolations(res);
        const success = res.status >= 200 && res.status < 300;
        if (success && c.mustRefuse)
          problems.push(`accepted what must be refused (${c.mustRefuse})`);
        if (c.mustStatus !== undefined && res.status !== c.mustStatus)
          problems.push(`answered ${res.status} where ${c.mustStatus} is due`);
        if (success) {
          report.accepted += 1;
          // What a write triggers (supervision, a fresh slot) settles before the next case.
          if (await watch.moved()) {
            await this.t.supervised();
            await endpoint.afterSuccess?.(this.world);
            await endpoint.valid(this.world);
            await this.t.supervised();
            await watch.settle();
          }
        } else {
          report.refused += 1;
          const writes = await watch.writes();
          if (writes !== '') problems.push(`a refused request wrote (${writes})`);
        }
        for (const problem of problems)
          note(problem, `${c.summary} — ${describeRequest(c)} → ${show(res)}`);
      }),
      { seed: seedFor(this.settings.seed, endpoint.key), numRuns: this.settings.runs },
    );

    report.ms = Math.round(performance.now() - started);
    report.compared = watch.comparisons;
    report.lateSupervision = watch.lateSupervision;
    report.violations = [...found.values()].map(({ count, example }) => `${count}× ${example}`);
    this.reports.push(report);
    return report;
  }

  /** Query parameters as documented, with the valid request's value showing their kind. */
  private querySpecs(
    operation: Operation,
    sample: Record<string, string>,
  ): Record<string, ValueSpec> {
    return Object.fromEntries(
      Object.entries(operation.querySchemas).map(([name, schema]) => [
        name,
        {
          ...(schema.type ? { type: schema.type } : {}),
          ...(schema.enum ? { enum: schema.enum } : {}),
          required: schema.required,
          sample: sample[name],
        },
      ]),
    );
  }

  summary(): string {
    const pad = (value: number, width: number) => String(value).padStart(width);
    const lines = this.reports.map(
      (r) =>
        `${r.key.padEnd(58)}${pad(r.cases, 6)} cases${pad(r.accepted, 5)} ok${pad(r.refused, 6)} refused` +
        ` (${pad(r.mustRefuse, 5)} had to be; ${pad(r.compared, 4)} compared, ${pad(r.lateSupervision, 2)} late)` +
        `${pad(r.ms, 7)} ms` +
        `${(r.ms / Math.max(1, r.cases)).toFixed(2).padStart(7)} ms/case`,
    );
    const total = this.reports.reduce((sum, r) => sum + r.cases, 0);
    const ms = this.reports.reduce((sum, r) => sum + r.ms, 0);
    return [
      `fuzz seed ${this.settings.seed} (FUZZ_SEED), ${this.settings.runs} cases per endpoint (FUZZ_RUNS), ${this.settings.timeoutMs} ms per request (FUZZ_TIMEOUT_MS)`,
      ...lines,
      `${this.reports.length} endpoints, ${total} cases in ${(ms / 1000).toFixed(1)} s`,
    ].join('\n');
  }

  close(): void {
    this.http.close();
  }
}
