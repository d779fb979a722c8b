import { randomUUID } from 'node:crypto';
import { creditCodeCheckChar } from '@luodi/domain';
import { Rng } from '@luodi/app/demo/prng';
import { sleep } from './util';

/**
 * A command load over HTTP, written like a careful client: every command carries an
 * X-Request-Id (recorded in its event's metadata) and either an Idempotency-Key or If-Match,
 * and is retried with the same headers after a reset connection, a timeout or a 503 until it is
 * answered. So every command takes effect at most once, and the log says which request wrote
 * each event. Each project walks lead → negotiation → signing → registration → investment →
 * groundbreaking → production.
 */

export const STEPS = [
  'lead',
  'negotiation',
  'signing',
  'registration',
  'investment',
  'groundbreaking',
  'production',
] as const;
export type Step = (typeof STEPS)[number];

/** The event each step appends (one per command). */
export const EVENT_OF: Record<Step, string> = {
  lead: 'LeadRegistered',
  negotiation: 'NegotiationStarted',
  signing: 'ContractSigned',
  registration: 'CompanyRegistered',
  investment: 'InvestmentArrived',
  groundbreaking: 'GroundBroken',
  production: 'ProductionStarted',
};

const PATH_OF: Record<Exclude<Step, 'lead'>, string> = {
  negotiation: 'negotiation',
  signing: 'signing',
  registration: 'registration',
  investment: 'investments',
  groundbreaking: 'groundbreaking',
  production: 'production',
};

export const LOAD_REGION = { CITY: '410900', COUNTY: '410928' } as const;
export const LOAD_CHAIN = 'NEW_MATERIALS';

export interface CommandRecord {
  /** The project's index in the load. */
  project: number;
  projectId?: string;
  step: Step;
  requestId: string;
  guard: 'idempotency-key' | 'if-match';
  /** The project's version before the command (0 for the lead). */
  expectedVersion: number;
  attempts: number;
  /**
   * acknowledged: a 2xx answer came back. committed-unacknowledged: no answer came back, and the
   * retry was refused with 412 because an earlier attempt had committed (If-Match). failed: no
   * answer before the load gave up. pending: still running.
   */
  outcome: 'acknowledged' | 'committed-unacknowledged' | 'failed' | 'pending';
  status?: number;
  /** The version the answer acknowledged. */
  version?: number;
  replayed?: boolean;
  acknowledgedAt?: number;
}

/** An answer no retrying client should ever get (a 500, a 503 that is not problem+json, ...). */
export interface Unexpected {
  requestId: string;
  step: Step;
  status: number;
  body: string;
}

export interface Unavailable {
  at: number;
  step: Step;
  code: unknown;
  detail: unknown;
  contentType: string | null;
}

export interface LoadOptions {
  baseUrl: string;
  adminKey: string;
  projects: number;
  concurrency: number;
  seed: number;
  /** Wait between two commands of a worker (spreads the load over time). */
  paceMs?: number;
  /** A command not answered within this long is given up (outcome failed). */
  giveUpMs?: number;
  requestTimeoutMs?: number;
}

export interface LoadResult {
  records: CommandRecord[];
  attempts: number;
  networkErrors: number;
  /**
   * Connection errors by cause: ECONNREFUSED while a process restarts; a reset or a closed
   * socket (ECONNRESET, UND_ERR_SOCKET) for a request in flight when its process died.
   */
  networkErrorCauses: Record<string, number>;
  /** 429 answers (retried after Retry-After). */
  rateLimited: number;
  unavailable: Unavailable[];
  unexpected: Unexpected[];
  /** projectId by project index, for the projects whose lead was acknowledged. */
  projectIds: Map<number, string>;
  elapsedMs: number;
}

const DATE_OF: Record<Step, string> = {
  lead: '2026-01-05',
  negotiation: '2026-02-01',
  signing: '2026-03-18',
  registration: '2026-04-10',
  investment: '2026-04-20',
  groundbreaking: '2026-05-06',
  production: '2026-06-20',
};

const CREDIT_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

function creditCode(seed: number): string {
  let n = seed;
  let serial = '';
  for (let i = 0; i < 7; i++) {
    serial = CREDIT_CHARSET.charAt(n % 31) + serial;
    n = Math.floor(n / 31);
  }
  const body = `91410928MA${serial}`;
  return body + (creditCodeCheckChar(body) ?? '0');
}

function bodyOf(step: Step, project: number): Record<string, unknown> {
  const occurredOn = DATE_OF[step];
  switch (step) {
    case 'lead':
      return {
        name: `故障注入项目 ${project}`,
        investor: { name: `某新材料科技有限公司 ${project}`, origin: '广东深圳' },
        industryChain: LOAD_CHAIN,
        regionCode: LOAD_REGION.COUNTY,
        source: 'EXISTING_INVESTOR',
        estimatedInvestment: 1000 + project,
        occurredOn,
      };
    case 'negotiation':
      return { occurredOn, plannedInvestment: 2000 + project };
    case 'signing':
      return { occurredOn, contractInvestment: 12000 + project, occasion: 'CEREMONY' };
    case 'registration':
      return {
        occurredOn,
        creditCode: creditCode(project + 1),
        companyName: `濮阳故障注入${project}有限公司`,
      };
    case 'investment':
      return { occurredOn, amount: 500 + project };
    case 'groundbreaking':
    case 'production':
      return { occurredOn };
  }
}

/** A running load: wait for progress to place faults, then for the end. */
export class CommandLoad {
  readonly records: CommandRecord[] = [];
  readonly result: Promise<LoadResult>;
  private readonly projectIds = new Map<number, string>();
  private acknowledged = 0;
  private attempts = 0;
  private networkErrors = 0;
  private readonly networkErrorCauses: Record<string, number> = {};
  private rateLimited = 0;
  private readonly unavailable: Unavailable[] = [];
  private readonly unexpected: Unexpected[] = [];
  private readonly waiters: Array<{ count: number; resolve: () => void }> = [];
  private readonly runId = randomUUID().slice(0, 8);

  constructor(private readonly options: LoadOptions) {
    this.result = this.run();
  }

  /** Commands acknowledged so far. */
  get acknowledgedCount(): number {
    return this.acknowledged;
  }

  /** Acknowledgements within [from, to) (ms since the epoch). */
  acknowledgedBetween(from: number, to: number): number {
    return this.records.filter(
      (r) => r.acknowledgedAt !== undefined && r.acknowledgedAt >= from && r.acknowledgedAt < to,
    ).length;
  }

  /** Resolves once `count` commands have been acknowledged (or the load ended). */
  waitForAcknowledged(count: number): Promise<void> {
    if (this.acknowledged >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  get unavailableAnswers(): readonly Unavailable[] {
    return this.unavailable;
  }

  private async run(): Promise<LoadResult> {
    const started = Date.now();
    let next = 0;
    const worker = async () => {
      while (next < this.options.projects) await this.walk(next++);
    };
    await Promise.all(Array.from({ length: this.options.concurrency }, worker));
    for (const waiter of this.waiters.splice(0)) waiter.resolve();
    return {
      records: this.records,
      attempts: this.attempts,
      networkErrors: this.networkErrors,
      networkErrorCauses: this.networkErrorCauses,
      rateLimited: this.rateLimited,
      unavailable: this.unavailable,
      unexpected: this.unexpected,
      projectIds: this.projectIds,
      elapsedMs: Date.now() - started,
    };
  }

  private async walk(project: number): Promise<void> {
    const rng = Rng.derive(this.options.seed, 'project', project);
    let version = 0;
    for (const step of STEPS) {
      const record: CommandRecord = {
        project,
        step,
        requestId: `fault-${this.runId}-${project}-${step}`,
        guard: step === 'lead' || rng.chance(0.5) ? 'idempotency-key' : 'if-match',
        expectedVersion: version,
        attempts: 0,
        outcome: 'pending',
        ...(this.projectIds.has(project) ? { projectId: this.projectIds.get(project) } : {}),
      };
      this.records.push(record);
      await this.execute(record);
      if (record.outcome === 'failed') return;
      version += 1;
      if (this.options.paceMs) await sleep(this.options.paceMs);
    }
  }

  private async execute(record: CommandRecord): Promise<void> {
    const { baseUrl, adminKey } = this.options;
    const path =
      record.step === 'lead'
        ? '/api/v1/projects'
        : `/api/v1/projects/${record.projectId}/${PATH_OF[record.step]}`;
    const headers: Record<string, string> = {
      Authorization: `Bearer ${adminKey}`,
      'Content-Type': 'application/json',
      'X-Request-Id': record.requestId,
    };
    if (record.guard === 'idempotency-key') headers['Idempotency-Key'] = record.requestId;
    else headers['If-Match'] = `"${record.expectedVersion}"`;
    const body = JSON.stringify(bodyOf(record.step, record.project));
    const deadline = Date.now() + (this.options.giveUpMs ?? 120_000);
    let wait = 50;
    for (;;) {
      record.attempts++;
      this.attempts++;
      const answer = await this.send(baseUrl + path, headers, body);
      if (answer) {
        const { status, text, contentType } = answer;
        if (status >= 200 && status < 300) {
          const parsed = JSON.parse(text) as { id: string; version: number };
          record.outcome = 'acknowledged';
          record.status = status;
          record.version = parsed.version;
          record.replayed = answer.replayed;
          record.acknowledgedAt = Date.now();
          if (record.step === 'lead') this.projectIds.set(record.project, parsed.id);
          record.projectId = parsed.id;
          this.acknowledge();
          return;
        }
        const problem = parseProblem(text);
        if (status === 503 && problem?.code === 'UNAVAILABLE' && isProblemJson(contentType)) {
          this.unavailable.push({
            at: Date.now(),
            step: record.step,
            code: problem.code,
            detail: problem.detail,
            contentType,
          });
        } else if (
          status === 412 &&
          record.guard === 'if-match' &&
          record.attempts > 1 &&
          problem?.currentVersion === record.expectedVersion + 1
        ) {
          // An earlier attempt committed but its answer was lost; the log check confirms
          // that the event at expectedVersion + 1 carries this request's id.
          record.outcome = 'committed-unacknowledged';
          record.status = status;
          return;
        } else if (status === 409 && problem?.code === 'IDEMPOTENCY_KEY_IN_USE') {
          // an earlier attempt is still running on the server: wait for it
        } else if (status === 429 && problem?.code === 'RATE_LIMITED') {
          // slow down as told (the retries of a burst after an outage may reach the limit)
          this.rateLimited++;
          wait = Math.max(wait, 1000 * Number(answer.retryAfter ?? 1));
        } else {
          this.unexpected.push({
            requestId: record.requestId,
            step: record.step,
            status,
            body: text.slice(0, 2000),
          });
          if (status < 500) {
            record.outcome = 'failed';
            record.status = status;
            return;
          }
        }
      }
      if (Date.now() > deadline) {
        record.outcome = 'failed';
        return;
      }
      await sleep(wait);
      wait = Math.min(500, wait * 2);
    }
  }

  private async send(
    url: string,
    headers: Record<string, string>,
    body: string,
  ): Promise<{
    status: number;
    text: string;
    contentType: string | null;
    replayed: boolean;
    retryAfter: string | null;
  } | null> {
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers,
        body,
        signal: AbortSignal.timeout(this.options.requestTimeoutMs ?? 30_000),
      });
      const text = await response.text();
      return {
        status: response.status,
        text,
        contentType: response.headers.get('content-type'),
        replayed: response.headers.get('idempotent-replayed') === 'true',
        retryAfter: response.headers.get('retry-after'),
      };
    } catch (error) {
      // reset, refused or timed out: the command may or may not have committed
      this.networkErrors++;
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
      this.networkErrorCauses[cause] = (this.networkErrorCauses[cause] ?? 0) + 1;
      return null;
    }
  }

  private acknowledge(): void {
    this.acknowledged++;
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      const waiter = this.waiters[i]!;
      if (this.acknowledged >= waiter.count) {
        this.waiters.splice(i, 1);
        waiter.resolve();
      }
    }
  }
}

function parseProblem(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

const isProblemJson = (contentType: string | null): boolean =>
  contentType?.startsWith('application/problem+json') ?? false;

/** Reference data the load needs (a city with a county, an industry chain), retried like commands. */
export async function seedLoadReference(baseUrl: string, adminKey: string): Promise<void> {
  const put = async (path: string, body: object): Promise<void> => {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const response = await fetch(`${baseUrl}/api/v1${path}`, {
        method: 'PUT',
        headers: { Authorization: `Bearer ${adminKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      }).catch(() => null);
      if (response?.ok) return;
      if (response && response.status !== 503) {
        throw new Error(`PUT ${path}: ${response.status} ${await response.text()}`);
      }
      if (Date.now() > deadline) throw new Error(`PUT ${path}: no answer for 60 s`);
      await sleep(200);
    }
  };
  await put(`/regions/${LOAD_REGION.CITY}`, { name: '濮阳市' });
  await put(`/regions/${LOAD_REGION.COUNTY}`, { name: '濮阳县', parentCode: LOAD_REGION.CITY });
  await put(`/industry-chains/${LOAD_CHAIN}`, { name: '新材料', chainLeader: '张副市长' });
}

/** Seeded fault points: `count` acknowledgement counts spread over (0, total), in order. */
export function faultPoints(seed: number, total: number, count: number): number[] {
  const rng = Rng.derive(seed, 'fault-points', total, count);
  const slice = total / (count + 1);
  return Array.from({ length: count }, (_, i) =>
    Math.round(slice * (i + 0.5) + rng.next() * slice),
  );
}

/** One line about a finished load, for the test output. */
export function describeLoad(result: LoadResult): string {
  const count = (outcome: CommandRecord['outcome']) =>
    result.records.filter((r) => r.outcome === outcome).length;
  const replayed = result.records.filter((r) => r.replayed).length;
  const retried = result.records.filter((r) => r.attempts > 1).length;
  return (
    `${result.records.length} commands in ${(result.elapsedMs / 1000).toFixed(1)} s: ` +
    `${count('acknowledged')} acknowledged (${replayed} replayed by idempotency key after a lost answer), ` +
    `${count('committed-unacknowledged')} committed without an answer (If-Match retry got 412), ` +
    `${count('failed')} failed; ${retried} retried, ${result.attempts} attempts, ` +
    `${result.networkErrors} connection errors ${JSON.stringify(result.networkErrorCauses)}, ` +
    `${result.unavailable.length} answers 503, ` +
    `${result.rateLimited} answers 429`
  );
}
