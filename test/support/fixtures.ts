import type { Response, Test } from 'supertest';
import { creditCodeCheckChar } from '@luodi/domain';
import { writeCounts, type TestApp } from './test-app';

/** Base path of the contract. */
export const API = '/api/v1';

/** A small region tree: 濮阳市 → two counties → a town under each. */
export const REGION = {
  CITY: '410900',
  PUYANG: '410928',
  PUYANG_TOWN: '410928101',
  QINGFENG: '410922',
  QINGFENG_TOWN: '410922100',
} as const;

export const CHAIN = { NEW_MATERIALS: 'NEW_MATERIALS', HYDROGEN: 'HYDROGEN' } as const;

/** Dates (before the TestClock's default today, 2026-06-30) at which a walk enters each stage. */
export const STAGE_DATES = {
  LEAD: '2026-01-05',
  NEGOTIATING: '2026-02-01',
  SIGNED: '2026-03-18',
  REGISTERED: '2026-04-10',
  UNDER_CONSTRUCTION: '2026-05-06',
  IN_PRODUCTION: '2026-06-20',
} as const;

export type PipelineStage = keyof typeof STAGE_DATES;
const PIPELINE: PipelineStage[] = [
  'LEAD',
  'NEGOTIATING',
  'SIGNED',
  'REGISTERED',
  'UNDER_CONSTRUCTION',
  'IN_PRODUCTION',
];

/** Requests under /api/v1 with `Authorization: Bearer <key>` (the admin key by default). */
export function as(t: TestApp, key: string = t.adminKey) {
  const auth = (test: Test) => test.set('Authorization', t.bearer(key));
  return {
    get: (path: string) => auth(t.http.get(API + path)),
    post: (path: string, body: object = {}) => auth(t.http.post(API + path)).send(body),
    put: (path: string, body: object = {}) => auth(t.http.put(API + path)).send(body),
    delete: (path: string) => auth(t.http.delete(API + path)),
  };
}

/** Creates the region tree and two industry chains. */
export async function seedReference(t: TestApp): Promise<void> {
  const admin = as(t);
  const regions: Array<[string, string, string?]> = [
    [REGION.CITY, '濮阳市'],
    [REGION.PUYANG, '濮阳县', REGION.CITY],
    [REGION.PUYANG_TOWN, '文留镇', REGION.PUYANG],
    [REGION.QINGFENG, '清丰县', REGION.CITY],
    [REGION.QINGFENG_TOWN, '马庄桥镇', REGION.QINGFENG],
  ];
  for (const [code, name, parentCode] of regions) {
    await admin.put(`/regions/${code}`, parentCode ? { name, parentCode } : { name }).expect(201);
  }
  await admin
    .put(`/industry-chains/${CHAIN.NEW_MATERIALS}`, { name: '新材料', chainLeader: '张副市长' })
    .expect(201);
  await admin.put(`/industry-chains/${CHAIN.HYDROGEN}`, { name: '氢能' }).expect(201);
}

/** Registers a client through the API; returns its id and key. */
export async function createClient(
  t: TestApp,
  input: { name?: string; scopes: string[]; regionCodes?: string[] },
): Promise<{ id: string; apiKey: string }> {
  const res = await as(t)
    .post('/clients', { name: input.name ?? 'e2e client', ...input })
    .expect(201);
  return { id: res.body.id, apiKey: res.body.apiKey };
}

/** A valid `POST /projects` body; fields may be overridden. */
export function leadBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: '年产5万吨高性能复合材料项目',
    investor: { name: '深圳市某新材料科技有限公司', origin: '广东深圳' },
    industryChain: CHAIN.NEW_MATERIALS,
    regionCode: REGION.PUYANG,
    source: 'EXISTING_INVESTOR',
    estimatedInvestment: 50000,
    occurredOn: STAGE_DATES.LEAD,
    ...overrides,
  };
}

/** Registers a lead and returns the new project's id. */
export async function createProject(
  t: TestApp,
  overrides: Record<string, unknown> = {},
  key: string = t.adminKey,
): Promise<string> {
  const res = await as(t, key).post('/projects', leadBody(overrides)).expect(201);
  return res.body.id as string;
}

/** The body of the command that moves a project into `stage`. */
export function stepBody(stage: PipelineStage, occurredOn: string = STAGE_DATES[stage]): object {
  switch (stage) {
    case 'NEGOTIATING':
      return { occurredOn, plannedInvestment: 60000, leadOfficer: '李科长' };
    case 'SIGNED':
      return { occurredOn, contractInvestment: 80000, occasion: 'CEREMONY' };
    case 'REGISTERED':
      return { occurredOn, creditCode: creditCode(1), companyName: '濮阳某新材料有限公司' };
    default:
      return { occurredOn };
  }
}

export const STEP_PATH: Record<Exclude<PipelineStage, 'LEAD'>, string> = {
  NEGOTIATING: 'negotiation',
  SIGNED: 'signing',
  REGISTERED: 'registration',
  UNDER_CONSTRUCTION: 'groundbreaking',
  IN_PRODUCTION: 'production',
};

/** Moves a project from LEAD forward, one step at a time, up to `stage`; returns the version. */
export async function walkTo(
  t: TestApp,
  id: string,
  stage: PipelineStage,
  options: { key?: string; dates?: Partial<Record<PipelineStage, string>> } = {},
): Promise<number> {
  let version = 1;
  for (const next of PIPELINE.slice(1, PIPELINE.indexOf(stage) + 1)) {
    const step = next as Exclude<PipelineStage, 'LEAD'>;
    const res = await as(t, options.key)
      .post(`/projects/${id}/${STEP_PATH[step]}`, stepBody(step, options.dates?.[step]))
      .expect(200);
    expect(res.body.stage).toBe(step);
    version = res.body.version as number;
  }
  return version;
}

/** Creates a project and walks it to `stage`; returns its id. */
export async function projectAt(
  t: TestApp,
  stage: PipelineStage,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const id = await createProject(t, overrides);
  await walkTo(t, id, stage);
  return id;
}

const CREDIT_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A valid 统一社会信用代码 (GB 32100-2015 check character), distinct for each seed. */
export function creditCode(seed: number): string {
  let n = seed;
  let serial = '';
  for (let i = 0; i < 7; i++) {
    serial = CREDIT_CHARSET.charAt(n % 31) + serial;
    n = Math.floor(n / 31);
  }
  const first17 = `91410928MA${serial}`;
  const check = creditCodeCheckChar(first17);
  if (check === undefined) throw new Error(`bad credit code body ${first17}`);
  return first17 + check;
}

/** The same code with a wrong check character. */
export function badCreditCode(seed: number): string {
  const good = creditCode(seed);
  const wrong = CREDIT_CHARSET.charAt((CREDIT_CHARSET.indexOf(good.charAt(17)) + 1) % 31);
  return good.slice(0, 17) + wrong;
}

/** Asserts an RFC 9457 problem+json answer with the contract's status and code. */
export function expectProblem(res: Response, status: number, code: string): void {
  expect({ status: res.status, code: res.body?.code }).toEqual({ status, code });
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code });
  expect(typeof res.body.type).toBe('string');
  expect(typeof res.body.title).toBe('string');
  expect(typeof res.body.detail).toBe('string');
}

/**
 * Sends a request that must be refused: asserts the problem+json answer and that nothing was
 * written (events, project rows, idempotency rows). Returns the response for further checks.
 */
export async function expectRefused(
  t: TestApp,
  send: () => PromiseLike<Response>,
  status: number,
  code: string,
): Promise<Response> {
  const before = await writeCounts(t);
  const res = await send();
  expectProblem(res, status, code);
  expect(await writeCounts(t)).toEqual(before);
  return res;
}

/** The event types of a project, in order. */
export async function eventTypes(t: TestApp, id: string): Promise<string[]> {
  const res = await as(t).get(`/projects/${id}/events`).expect(200);
  return (res.body.events as Array<{ type: string }>).map((e) => e.type);
}
