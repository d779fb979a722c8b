import { creditCode, leadBody, REGION, STAGE_DATES } from '../fixtures';
import type { FuzzWorld } from './fuzz-world';
import type { Hostile } from './hostile-values';

/** A request the API accepts; the fuzz spoils one part of it per case. */
export interface ValidRequest {
  pathParams?: Record<string, string>;
  query?: Record<string, string>;
  body?: { [field: string]: Hostile };
  /** Sent without a key (public routes). */
  anonymous?: boolean;
}

export interface Endpoint {
  /** `METHOD /path/{param}` as in the OpenAPI document. */
  key: string;
  valid(world: FuzzWorld): Promise<ValidRequest>;
  /** After a success: give up what it used (a project moved on, an item closed, a key revoked). */
  afterSuccess?(world: FuzzWorld): Promise<void>;
}

const P = '/api/v1';
let registrations = 0;

/**
 * A command on a project of its own slot. `renew`: a success uses the project up (it moved on,
 * or the same change again would be refused as no change), so the next case gets a fresh one.
 */
function projectCommand(
  method: 'POST' | 'PUT',
  step: string,
  stage: Parameters<FuzzWorld['project']>[1],
  body: () => { [field: string]: Hostile },
  renew: boolean,
): Endpoint {
  const key = `${method} ${P}/projects/{id}/${step}`;
  return {
    key,
    valid: async (w) => ({ pathParams: { id: await w.project(key, stage) }, body: body() }),
    ...(renew ? { afterSuccess: (w: FuzzWorld) => Promise.resolve(w.forget(key)) } : {}),
  };
}

function issueCommand(step: string, body: () => { [field: string]: Hostile }): Endpoint {
  const key = `POST ${P}/projects/{id}/issues/{issueId}/${step}`;
  return {
    key,
    valid: async (w) => {
      const { projectId, issueId } = await w.issue(key);
      return { pathParams: { id: projectId, issueId }, body: body() };
    },
    afterSuccess: (w) => Promise.resolve(w.forget(key)),
  };
}

function itemStep(
  step: string,
  status: Parameters<FuzzWorld['item']>[1],
  body: { [field: string]: Hostile },
): Endpoint {
  const key = `POST ${P}/supervision/items/{id}/${step}`;
  return {
    key,
    valid: async (w) => ({ pathParams: { id: await w.item(key, status) }, body }),
    afterSuccess: (w) => Promise.resolve(w.forget(key)),
  };
}

const query = (
  key: string,
  q: Record<string, string> = {},
  pathParams?: (w: FuzzWorld) => Promise<Record<string, string>>,
): Endpoint => ({
  key: `GET ${P}${key}`,
  valid: async (w) => ({ query: q, ...(pathParams ? { pathParams: await pathParams(w) } : {}) }),
});

const TIME_TRAVEL = { asOf: '2026-06-01', knownAt: '2026-06-30T09:00:00+08:00' };
const ITEM_FILTERS = {
  limit: '20',
  status: 'OPEN',
  severity: 'GREEN',
  kind: 'DECISION',
  ruleId: 'MEETING_DECISION',
  escalationLevel: 'UNIT',
  regionCode: REGION.CITY,
  overdue: 'false',
};

/**
 * Every endpoint with a valid request; the suites fail when the OpenAPI document has more.
 * A rebuild, an evaluation and a log verification work through the whole log, so they come
 * first, while it is short.
 */
export const COMMANDS: Endpoint[] = [
  { key: `POST ${P}/log/verifications`, valid: () => Promise.resolve({}) },
  {
    key: `POST ${P}/projections/{name}/rebuild`,
    valid: () => Promise.resolve({ pathParams: { name: 'facts' } }),
  },
  {
    key: `POST ${P}/supervision/evaluations`,
    valid: () => Promise.resolve({ body: { at: '2026-06-30T00:05:00+08:00' } }),
  },
  {
    key: `POST ${P}/clients`,
    valid: () =>
      Promise.resolve({
        body: {
          name: '县招商系统',
          scopes: ['projects:read', 'projects:write'],
          regionCodes: [REGION.PUYANG],
        },
      }),
  },
  {
    key: `DELETE ${P}/clients/{id}`,
    valid: (w) => Promise.resolve({ pathParams: { id: w.client } }),
    afterSuccess: (w) => w.renewClient(),
  },
  {
    key: `PUT ${P}/regions/{code}`,
    valid: () =>
      Promise.resolve({
        pathParams: { code: '410928102' },
        body: { name: '柳屯镇', parentCode: REGION.PUYANG },
      }),
  },
  {
    key: `PUT ${P}/industry-chains/{code}`,
    valid: () =>
      Promise.resolve({
        pathParams: { code: 'BIOMEDICINE' },
        body: { name: '生物医药', chainLeader: '刘副市长' },
      }),
  },
  {
    key: `PUT ${P}/targets/{year}/{regionCode}`,
    valid: () =>
      Promise.resolve({
        pathParams: { year: '2026', regionCode: REGION.PUYANG },
        body: {
          signedProjects: 12,
          signedProjectsOver100m: 4,
          majorProjectsSigned: 1,
          contractInvestment: 150000.5,
          fundsArrived: 80000,
          groundbrokenProjects: 6,
          negotiatingInvestmentOver100m: 200000,
        },
      }),
  },
  {
    key: `POST ${P}/projects`,
    valid: () =>
      Promise.resolve({
        body: leadBody({ currency: 'CNY', externalRef: 'PY-2026-0042' }) as {
          [k: string]: Hostile;
        },
      }),
  },
  projectCommand(
    'POST',
    'negotiation',
    'LEAD',
    () => ({
      occurredOn: STAGE_DATES.NEGOTIATING,
      plannedInvestment: 60000,
      leadOfficer: '李科长',
    }),
    true,
  ),
  projectCommand(
    'POST',
    'signing',
    'NEGOTIATING',
    () => ({
      occurredOn: STAGE_DATES.SIGNED,
      contractInvestment: 80000.1234,
      currency: 'CNY',
      occasion: 'CEREMONY',
      commitments: {
        registerBy: '2026-06-18',
        breakGroundBy: '2026-09-18',
        produceBy: '2027-03-18',
      },
    }),
    true,
  ),
  projectCommand(
    'POST',
    'registration',
    'SIGNED',
    () => ({
      occurredOn: STAGE_DATES.REGISTERED,
      creditCode: creditCode(1000 + ++registrations),
      companyName: '濮阳某新材料有限公司',
      registeredCapital: 5000,
    }),
    true,
  ),
  projectCommand(
    'POST',
    'groundbreaking',
    'REGISTERED',
    () => ({ occurredOn: STAGE_DATES.UNDER_CONSTRUCTION }),
    true,
  ),
  projectCommand(
    'POST',
    'production',
    'UNDER_CONSTRUCTION',
    () => ({ occurredOn: STAGE_DATES.IN_PRODUCTION }),
    true,
  ),
  projectCommand(
    'POST',
    'drop',
    'NEGOTIATING',
    () => ({ occurredOn: '2026-06-01', reason: '投资方撤回' }),
    true,
  ),
  projectCommand(
    'POST',
    'reactivation',
    'DROPPED',
    () => ({ occurredOn: '2026-06-10', reason: '重新洽谈' }),
    true,
  ),
  projectCommand(
    'POST',
    'investments',
    'SIGNED',
    () => ({ occurredOn: '2026-06-01', amount: 100.5, currency: 'CNY' }),
    false,
  ),
  projectCommand(
    'POST',
    'issues',
    'SIGNED',
    () => ({
      occurredOn: '2026-06-01',
      category: 'POWER',
      description: '用电增容未批复',
      coordinationLevel: 'TOWN',
    }),
    false,
  ),
  issueCommand('assignment', () => ({
    occurredOn: '2026-06-02',
    unit: '文留镇政府',
    dueOn: '2026-07-15',
  })),
  issueCommand('escalation', () => ({
    occurredOn: '2026-06-03',
    coordinationLevel: 'CITY',
    reason: '镇级无法协调',
  })),
  issueCommand('resolution', () => ({ occurredOn: '2026-06-04', note: '已完成用地报批' })),
  projectCommand(
    'POST',
    'activities',
    'NEGOTIATING',
    () => ({ occurredOn: '2026-06-01', type: 'VISIT', note: '赴深圳拜访投资方' }),
    false,
  ),
  projectCommand(
    'PUT',
    'responsibility',
    'NEGOTIATING',
    () => ({
      occurredOn: '2026-06-01',
      leader: '王副县长',
      secretary: '李秘书',
      unit: '县招商局',
      chainLeader: '张副市长',
    }),
    false,
  ),
  projectCommand(
    'POST',
    'commitments',
    'SIGNED',
    () => ({
      occurredOn: '2026-06-01',
      registerBy: '2026-08-01',
      breakGroundBy: '2026-10-01',
      produceBy: '2027-06-01',
      reason: '环评延期',
    }),
    true,
  ),
  projectCommand(
    'POST',
    'corrections',
    'LEAD',
    () => ({
      occurredOn: '2026-06-01',
      changes: {
        name: '年产8万吨高性能复合材料项目',
        investor: { name: '深圳市某新材料科技有限公司', origin: '广东深圳' },
        industryChain: 'HYDROGEN',
        regionCode: REGION.PUYANG_TOWN,
        source: 'FAIR',
        estimatedInvestment: 60000,
        externalRef: 'PY-2026-0043',
      },
      reason: '投资方名称录入有误',
    }),
    true,
  ),
  {
    key: `POST ${P}/reports/links`,
    valid: () =>
      Promise.resolve({
        body: {
          report: 'weekly-meeting',
          date: '2026-06-23',
          regionCode: REGION.CITY,
          knownAt: '2026-06-22T18:00:00+08:00',
          format: 'xlsx',
          ttlSeconds: 900,
        },
      }),
  },
  itemStep('acknowledgement', 'ISSUED', {
    occurredOn: '2026-06-30',
    note: '已签收,由招商二科牵头办理',
  }),
  itemStep('feedback', 'ACKNOWLEDGED', {
    occurredOn: '2026-06-30',
    note: '已与供电公司对接',
    done: true,
  }),
  itemStep('review', 'FEEDBACK_SUBMITTED', {
    occurredOn: '2026-06-30',
    approved: true,
    note: '经现场核实',
  }),
  itemStep('closure', 'ACKNOWLEDGED', { occurredOn: '2026-06-30', note: '已办结' }),
  {
    key: `PUT ${P}/supervision/rules`,
    valid: (w) => Promise.resolve({ body: { ...w.rules, reason: '按市督查室新规调整' } }),
  },
  {
    key: `POST ${P}/meetings/{date}/decisions`,
    valid: async (w) => ({
      pathParams: { date: '2026-06-23' },
      body: {
        projectId: await w.project('decisions', 'SIGNED'),
        text: '协调解决项目用电增容',
        unit: '市发展改革委',
        leader: '王副市长',
        dueOn: '2026-07-31',
      },
    }),
  },
];

export const QUERIES: Endpoint[] = [
  { key: 'GET /health', valid: () => Promise.resolve({ anonymous: true }) },
  { key: `GET ${P}/asyncapi`, valid: () => Promise.resolve({ anonymous: true }) },
  { key: `GET ${P}/asyncapi.json`, valid: () => Promise.resolve({ anonymous: true }) },
  query('/clients'),
  query('/clients/{id}/events', { verify: 'true' }, (w) => Promise.resolve({ id: w.client })),
  query('/regions'),
  query('/industry-chains'),
  query('/targets/{year}', { regionCode: REGION.CITY }, () => Promise.resolve({ year: '2026' })),
  query('/projects', {
    limit: '10',
    stage: 'SIGNED',
    regionCode: REGION.CITY,
    industryChain: 'NEW_MATERIALS',
    light: 'GREEN',
    minInvestment: '100.5',
    q: '新材料',
    format: 'json',
  }),
  query('/projects/{id}', TIME_TRAVEL, async (w) => ({ id: await w.project('query', 'SIGNED') })),
  query('/projects/{id}/events', { verify: 'true' }, async (w) => ({
    id: await w.project('query', 'SIGNED'),
  })),
  query('/projections'),
  query('/projections/{name}/rebuild', {}, () => Promise.resolve({ name: 'facts' })),
  query('/reports/indicators', {
    year: '2026',
    regionCode: REGION.CITY,
    rankBy: 'fundsArrived',
    ...TIME_TRAVEL,
  }),
  query('/reports/conversion', {
    signedFrom: '2026-01-01',
    signedTo: '2026-06-30',
    groupBy: 'industryChain',
    landing: 'REGISTERED',
    regionCode: REGION.CITY,
    ...TIME_TRAVEL,
  }),
  query('/reports/funnel', {
    from: '2026-01-01',
    to: '2026-06-30',
    regionCode: REGION.CITY,
    ...TIME_TRAVEL,
  }),
  query('/reports/weekly-meeting', {
    date: '2026-06-23',
    regionCode: REGION.CITY,
    knownAt: TIME_TRAVEL.knownAt,
    format: 'json',
  }),
  {
    key: `GET ${P}/reports/links/{token}`,
    valid: (w) => Promise.resolve({ pathParams: { token: w.link }, anonymous: true }),
  },
  query('/supervision/items', ITEM_FILTERS),
  query('/supervision/items/{id}', {}, async (w) => ({
    id: await w.item('query', 'ACKNOWLEDGED'),
  })),
  query('/supervision/rules'),
  query('/supervision/rules/history'),
  query('/supervision/evaluations'),
  query('/meetings/{date}/decisions', ITEM_FILTERS, () => Promise.resolve({ date: '2026-06-23' })),
];
