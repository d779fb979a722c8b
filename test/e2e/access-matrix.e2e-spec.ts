import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { Response, Test } from 'supertest';
import type { Scope } from '../../apps/luodi/src/auth/scopes';
import {
  API,
  as,
  createClient,
  createProject,
  expectProblem,
  expectRefused,
  REGION,
  seedReference,
  walkTo,
  type PipelineStage,
} from '../support/fixtures';
import { createTestApp, type TestApp } from '../support/test-app';

jest.setTimeout(600_000);

// Who may call what. Every operation of the served OpenAPI document is in MATRIX (a test fails
// when one is missing), and each is called by every kind of principal; the expected status
// follows from the operation's scopes and how it relates to a region:
//   project / item: names a project (or 督办 item) of 濮阳县: another county's key gets 404,
//                   exactly as for an id that does not exist;
//   region:         names the region 濮阳县: another county's key gets 403 (regions are public);
//   global:         no region (lists filter by the key's regions, checked further down).

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>;

const KINDS = [
  'none',
  'revoked',
  'wrongScope',
  'countyOther',
  'countyOwn',
  'cityWide',
  'admin',
] as const;
type Kind = (typeof KINDS)[number];

type Fixture = Record<string, string>;
type RegionRelation = 'project' | 'item' | 'region' | 'global';

interface Operation {
  scopes: Scope[] | 'public';
  region: RegionRelation;
  /** The status of a call that is allowed. */
  ok: number;
  /** An allowed call changes state: each principal that passes gets a fresh target. */
  mutates: boolean;
  prepare: () => Promise<Fixture>;
  send: (key: string | undefined, f: Fixture) => Test;
}

const NON_ADMIN: Scope[] = [
  'projects:read',
  'projects:write',
  'reports:read',
  'supervision:read',
  'supervision:write',
];
const TODAY = '2026-06-30';
const MEETING = '2026-06-23';
const CODES: Record<number, string> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
};

let t: TestApp;

function call(method: 'get' | 'post' | 'put' | 'delete', path: string, key: string | undefined) {
  const req = t.http[method](path);
  return key === undefined ? req : req.set('Authorization', `Bearer ${key}`);
}

let serial = 0;
const next = () => ++serial;

// Targets, made with the admin key: everything in 濮阳县.
async function projectIn(stage: PipelineStage = 'LEAD'): Promise<string> {
  const id = await createProject(t, { name: `矩阵项目${next()}`, regionCode: REGION.PUYANG });
  await walkTo(t, id, stage);
  return id;
}

async function issueOf(): Promise<Fixture> {
  const id = await projectIn();
  const res = await as(t)
    .post(`/projects/${id}/issues`, {
      occurredOn: '2026-06-01',
      category: 'LAND',
      description: '用地指标未落实',
      coordinationLevel: 'COUNTY',
    })
    .expect(201);
  return { id, issueId: res.body.issueId as string };
}

async function itemAt(status: 'ISSUED' | 'ACKNOWLEDGED' | 'FEEDBACK_SUBMITTED'): Promise<Fixture> {
  const project = await projectIn();
  const res = await as(t)
    .post(`/meetings/${MEETING}/decisions`, {
      projectId: project,
      text: `落实项目用地${next()}`,
      unit: '县自然资源局',
      dueOn: '2026-07-15',
    })
    .expect(201);
  const id = res.body.id as string;
  if (status !== 'ISSUED') await as(t).post(`/supervision/items/${id}/acknowledgement`).expect(200);
  if (status === 'FEEDBACK_SUBMITTED')
    await as(t).post(`/supervision/items/${id}/feedback`, { note: '已办结' }).expect(200);
  return { id, project };
}

const none = () => Promise.resolve({} as Fixture);

/** One rebuild at a time (a second one is 409 CONFLICT): waits for the running one to finish. */
async function noRebuildRunning(): Promise<Fixture> {
  for (let i = 0; i < 400; i++) {
    const res = await as(t).get('/projections/facts/rebuild');
    if (res.status === 404 || res.body.status !== 'RUNNING') return {};
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the facts rebuild did not finish');
}
const project = (stage: PipelineStage) => async () => ({ id: await projectIn(stage) });

/** A project command on /projects/{id}/<path>. */
function command(
  path: string,
  stage: PipelineStage,
  body: (f: Fixture) => object,
  ok = 200,
  method: 'post' | 'put' = 'post',
): Operation {
  return {
    scopes: ['projects:write'],
    region: 'project',
    ok,
    mutates: true,
    prepare: project(stage),
    send: (key, f) => call(method, `${API}/projects/${f.id}/${path}`, key).send(body(f)),
  };
}

function issueCommand(path: string, body: object): Operation {
  return {
    scopes: ['projects:write'],
    region: 'project',
    ok: 200,
    mutates: true,
    prepare: issueOf,
    send: (key, f) =>
      call('post', `${API}/projects/${f.id}/issues/${f.issueId}/${path}`, key).send(body),
  };
}

function itemStep(
  path: string,
  status: 'ISSUED' | 'ACKNOWLEDGED' | 'FEEDBACK_SUBMITTED',
  body: object,
): Operation {
  return {
    scopes: ['supervision:write'],
    region: 'item',
    ok: 200,
    mutates: true,
    prepare: () => itemAt(status),
    send: (key, f) => call('post', `${API}/supervision/items/${f.id}/${path}`, key).send(body),
  };
}

function read(
  scopes: Scope[] | 'public',
  region: RegionRelation,
  path: (f: Fixture) => string,
  prepare: () => Promise<Fixture> = none,
): Operation {
  return {
    scopes,
    region,
    ok: 200,
    mutates: false,
    prepare,
    send: (key, f) => call('get', path(f), key),
  };
}

let rulesSettings: Row;
let existingClient: string;
let linkPath: string;

const MATRIX: Record<string, Operation> = {
  'GET /health': read('public', 'global', () => '/health'),
  'GET /api/v1/asyncapi': read('public', 'global', () => `${API}/asyncapi`),
  'GET /api/v1/asyncapi.json': read('public', 'global', () => `${API}/asyncapi.json`),

  'POST /api/v1/clients': {
    scopes: ['admin'],
    region: 'global',
    ok: 201,
    mutates: true,
    prepare: none,
    send: (key) =>
      call('post', `${API}/clients`, key).send({
        name: `矩阵客户${next()}`,
        scopes: ['projects:read'],
      }),
  },
  'GET /api/v1/clients': read(['admin'], 'global', () => `${API}/clients`),
  'DELETE /api/v1/clients/{id}': {
    scopes: ['admin'],
    region: 'global',
    ok: 204,
    mutates: true,
    prepare: async () => ({ id: (await createClient(t, { scopes: ['projects:read'] })).id }),
    send: (key, f) => call('delete', `${API}/clients/${f.id}`, key),
  },
  'GET /api/v1/clients/{id}/events': read(
    ['admin'],
    'global',
    () => `${API}/clients/${existingClient}/events?verify=true`,
  ),
  'POST /api/v1/log/verifications': {
    scopes: ['admin'],
    region: 'global',
    ok: 200,
    mutates: false,
    prepare: none,
    send: (key) => call('post', `${API}/log/verifications`, key),
  },

  'PUT /api/v1/regions/{code}': {
    scopes: ['admin'],
    region: 'global',
    ok: 201,
    mutates: true,
    prepare: () => Promise.resolve({ code: `4109${String(next()).padStart(5, '0')}` }),
    send: (key, f) =>
      call('put', `${API}/regions/${f.code}`, key).send({
        name: '矩阵开发区',
        parentCode: REGION.CITY,
      }),
  },
  'GET /api/v1/regions': read(
    ['admin', 'projects:read', 'reports:read', 'supervision:read'],
    'global',
    () => `${API}/regions`,
  ),
  'PUT /api/v1/industry-chains/{code}': {
    scopes: ['admin'],
    region: 'global',
    ok: 201,
    mutates: true,
    prepare: () => Promise.resolve({ code: `MATRIX_${next()}` }),
    send: (key, f) => call('put', `${API}/industry-chains/${f.code}`, key).send({ name: '矩阵链' }),
  },
  'GET /api/v1/industry-chains': read(
    ['admin', 'projects:read', 'reports:read', 'supervision:read'],
    'global',
    () => `${API}/industry-chains`,
  ),
  'PUT /api/v1/targets/{year}/{regionCode}': {
    scopes: ['admin'],
    region: 'region',
    ok: 200,
    mutates: false,
    prepare: none,
    send: (key) =>
      call('put', `${API}/targets/2026/${REGION.PUYANG}`, key).send({ signedProjects: 12 }),
  },
  'GET /api/v1/targets/{year}': read(
    ['admin', 'reports:read'],
    'region',
    () => `${API}/targets/2026?regionCode=${REGION.PUYANG}`,
  ),

  'POST /api/v1/projects': {
    scopes: ['projects:write'],
    region: 'region',
    ok: 201,
    mutates: true,
    prepare: none,
    send: (key) =>
      call('post', `${API}/projects`, key).send({
        name: `矩阵线索${next()}`,
        investor: { name: '某投资公司' },
        industryChain: 'NEW_MATERIALS',
        regionCode: REGION.PUYANG,
        source: 'EXISTING_INVESTOR',
        estimatedInvestment: 1000,
        occurredOn: '2026-06-01',
      }),
  },
  'POST /api/v1/projects/{id}/negotiation': command('negotiation', 'LEAD', () => ({
    occurredOn: '2026-06-01',
  })),
  'POST /api/v1/projects/{id}/signing': command('signing', 'NEGOTIATING', () => ({
    occurredOn: '2026-06-01',
    contractInvestment: 20000,
    occasion: 'INDIVIDUAL',
  })),
  'POST /api/v1/projects/{id}/registration': command('registration', 'SIGNED', () => ({
    occurredOn: '2026-06-01',
    creditCode: '91350100M000100Y43',
    companyName: '矩阵公司',
  })),
  'POST /api/v1/projects/{id}/groundbreaking': command('groundbreaking', 'REGISTERED', () => ({
    occurredOn: '2026-06-01',
  })),
  'POST /api/v1/projects/{id}/production': command('production', 'UNDER_CONSTRUCTION', () => ({
    occurredOn: '2026-06-25',
  })),
  'POST /api/v1/projects/{id}/drop': command('drop', 'LEAD', () => ({
    occurredOn: '2026-06-01',
    reason: '投资方撤回',
  })),
  'POST /api/v1/projects/{id}/reactivation': {
    ...command('reactivation', 'LEAD', () => ({ occurredOn: '2026-06-10' })),
    prepare: async () => {
      const id = await projectIn();
      await as(t)
        .post(`/projects/${id}/drop`, { occurredOn: '2026-06-01', reason: '暂停' })
        .expect(200);
      return { id };
    },
  },
  'POST /api/v1/projects/{id}/investments': command(
    'investments',
    'SIGNED',
    () => ({ occurredOn: '2026-06-01', amount: 100 }),
    201,
  ),
  'POST /api/v1/projects/{id}/issues': command(
    'issues',
    'LEAD',
    () => ({
      occurredOn: '2026-06-01',
      category: 'POWER',
      description: '用电增容',
      coordinationLevel: 'TOWN',
    }),
    201,
  ),
  'POST /api/v1/projects/{id}/issues/{issueId}/assignment': issueCommand('assignment', {
    occurredOn: '2026-06-02',
    unit: '县发改委',
    dueOn: '2026-07-30',
  }),
  'POST /api/v1/projects/{id}/issues/{issueId}/escalation': issueCommand('escalation', {
    occurredOn: '2026-06-02',
    coordinationLevel: 'CITY',
    reason: '县级无法协调',
  }),
  'POST /api/v1/projects/{id}/issues/{issueId}/resolution': issueCommand('resolution', {
    occurredOn: '2026-06-02',
    note: '已解决',
  }),
  'POST /api/v1/projects/{id}/activities': command(
    'activities',
    'LEAD',
    () => ({ occurredOn: '2026-06-01', type: 'VISIT' }),
    201,
  ),
  'PUT /api/v1/projects/{id}/responsibility': command(
    'responsibility',
    'LEAD',
    () => ({ occurredOn: '2026-06-01', leader: `副县长${next()}` }),
    200,
    'put',
  ),
  'POST /api/v1/projects/{id}/commitments': command('commitments', 'SIGNED', () => ({
    occurredOn: '2026-06-01',
    registerBy: '2026-08-31',
    reason: '企业注册推迟',
  })),
  'POST /api/v1/projects/{id}/corrections': command('corrections', 'LEAD', () => ({
    occurredOn: '2026-06-01',
    changes: { name: `更正名称${next()}` },
    reason: '名称有误',
  })),
  'GET /api/v1/projects': read(['projects:read'], 'global', () => `${API}/projects`),
  'GET /api/v1/projects/{id}': read(
    ['projects:read'],
    'project',
    (f) => `${API}/projects/${f.id}`,
    project('SIGNED'),
  ),
  'GET /api/v1/projects/{id}/events': read(
    ['projects:read'],
    'project',
    (f) => `${API}/projects/${f.id}/events?verify=true`,
    project('NEGOTIATING'),
  ),

  'GET /api/v1/projections': read(['admin'], 'global', () => `${API}/projections`),
  'POST /api/v1/projections/{name}/rebuild': {
    scopes: ['admin'],
    region: 'global',
    ok: 202,
    mutates: true,
    prepare: noRebuildRunning,
    send: (key) => call('post', `${API}/projections/facts/rebuild`, key),
  },
  'GET /api/v1/projections/{name}/rebuild': read(
    ['admin'],
    'global',
    () => `${API}/projections/facts/rebuild`,
  ),

  'GET /api/v1/reports/indicators': read(
    ['reports:read'],
    'region',
    () => `${API}/reports/indicators?year=2026&regionCode=${REGION.PUYANG}`,
  ),
  'GET /api/v1/reports/conversion': read(
    ['reports:read'],
    'region',
    () =>
      `${API}/reports/conversion?signedFrom=2026-01-01&signedTo=${TODAY}&regionCode=${REGION.PUYANG}`,
  ),
  'GET /api/v1/reports/funnel': read(
    ['reports:read'],
    'region',
    () => `${API}/reports/funnel?from=2026-01-01&to=${TODAY}&regionCode=${REGION.PUYANG}`,
  ),
  'GET /api/v1/reports/weekly-meeting': read(
    ['reports:read'],
    'region',
    () => `${API}/reports/weekly-meeting?date=${TODAY}&regionCode=${REGION.PUYANG}`,
  ),
  'POST /api/v1/reports/links': {
    scopes: ['reports:read'],
    region: 'region',
    ok: 201,
    mutates: false,
    prepare: none,
    send: (key) =>
      call('post', `${API}/reports/links`, key).send({
        report: 'weekly-meeting',
        date: TODAY,
        regionCode: REGION.PUYANG,
      }),
  },
  'GET /api/v1/reports/links/{token}': read('public', 'global', () => linkPath),

  'GET /api/v1/supervision/items': read(
    ['supervision:read'],
    'global',
    () => `${API}/supervision/items`,
  ),
  'GET /api/v1/supervision/items/{id}': read(
    ['supervision:read'],
    'item',
    (f) => `${API}/supervision/items/${f.id}`,
    () => itemAt('ISSUED'),
  ),
  'POST /api/v1/supervision/items/{id}/acknowledgement': itemStep('acknowledgement', 'ISSUED', {
    note: '已签收',
  }),
  'POST /api/v1/supervision/items/{id}/feedback': itemStep('feedback', 'ACKNOWLEDGED', {
    note: '已落实',
  }),
  'POST /api/v1/supervision/items/{id}/review': itemStep('review', 'FEEDBACK_SUBMITTED', {
    note: '核实无误',
    approved: true,
  }),
  'POST /api/v1/supervision/items/{id}/closure': itemStep('closure', 'ISSUED', { note: '销号' }),
  'GET /api/v1/supervision/rules': read(
    ['supervision:read'],
    'global',
    () => `${API}/supervision/rules`,
  ),
  'GET /api/v1/supervision/rules/history': read(
    ['supervision:read'],
    'global',
    () => `${API}/supervision/rules/history`,
  ),
  'PUT /api/v1/supervision/rules': {
    scopes: ['admin'],
    region: 'global',
    ok: 200,
    mutates: true,
    prepare: none,
    send: (key) =>
      call('put', `${API}/supervision/rules`, key).send({ ...rulesSettings, reason: '矩阵测试' }),
  },
  'POST /api/v1/supervision/evaluations': {
    scopes: ['admin'],
    region: 'global',
    ok: 200,
    mutates: true,
    prepare: none,
    send: (key) => call('post', `${API}/supervision/evaluations`, key).send({}),
  },
  'GET /api/v1/supervision/evaluations': read(
    ['supervision:read'],
    'global',
    () => `${API}/supervision/evaluations`,
  ),
  'POST /api/v1/meetings/{date}/decisions': {
    scopes: ['supervision:write'],
    region: 'project',
    ok: 201,
    mutates: true,
    prepare: project('SIGNED'),
    send: (key, f) =>
      call('post', `${API}/meetings/${MEETING}/decisions`, key).send({
        projectId: f.id,
        text: '尽快开工',
        unit: '县住建局',
        dueOn: '2026-07-31',
      }),
  },
  'GET /api/v1/meetings/{date}/decisions': read(
    ['supervision:read'],
    'global',
    () => `${API}/meetings/${MEETING}/decisions`,
  ),
};

/** What each kind of principal gets from an operation. */
function expectedStatus(op: Operation, kind: Kind): number {
  if (op.scopes === 'public') return op.ok;
  if (kind === 'none' || kind === 'revoked') return 401;
  if (kind === 'wrongScope') return 403;
  if (kind === 'cityWide' || kind === 'admin') return op.ok;
  const countyHasScope = op.scopes.some((s) => s !== 'admin');
  if (!countyHasScope) return 403;
  if (kind === 'countyOwn') return op.ok;
  return op.region === 'project' || op.region === 'item'
    ? 404
    : op.region === 'region'
      ? 403
      : op.ok;
}

describe('the access matrix: every operation × every kind of principal', () => {
  const keys = new Map<string, string>();
  let revoked: string;
  let countyOwn: string;
  let countyOther: string;

  async function keyWith(scopes: Scope[]): Promise<string> {
    const name = [...scopes].sort().join(',');
    if (!keys.has(name)) keys.set(name, (await createClient(t, { name, scopes })).apiKey);
    return keys.get(name)!;
  }

  async function keyOf(kind: Kind, op: Operation): Promise<string | undefined> {
    const scopes = op.scopes === 'public' ? NON_ADMIN : op.scopes;
    switch (kind) {
      case 'none':
        return undefined;
      case 'revoked':
        return revoked;
      case 'wrongScope':
        // (A public operation needs no scope: any key will do.)
        return keyWith(
          op.scopes === 'public' ? ['projects:read'] : NON_ADMIN.filter((s) => !scopes.includes(s)),
        );
      case 'cityWide':
        return keyWith([scopes.find((s) => s !== 'admin') ?? 'admin']);
      case 'countyOwn':
        return countyOwn;
      case 'countyOther':
        return countyOther;
      case 'admin':
        return t.adminKey;
    }
  }

  beforeAll(async () => {
    t = await createTestApp({ now: `${TODAY}T10:00:00+08:00` });
    await seedReference(t);
    const gone = await createClient(t, { name: '已撤销', scopes: ['admin'] });
    await as(t).delete(`/clients/${gone.id}`).expect(204);
    revoked = gone.apiKey;
    existingClient = gone.id;
    countyOwn = (
      await createClient(t, { name: '濮阳县', scopes: NON_ADMIN, regionCodes: [REGION.PUYANG] })
    ).apiKey;
    countyOther = (
      await createClient(t, { name: '清丰县', scopes: NON_ADMIN, regionCodes: [REGION.QINGFENG] })
    ).apiKey;
    rulesSettings = (await as(t).get('/supervision/rules').expect(200)).body.settings as Row;
    linkPath = (
      await as(t)
        .post('/reports/links', {
          report: 'weekly-meeting',
          date: TODAY,
          regionCode: REGION.PUYANG,
        })
        .expect(201)
    ).body.path as string;
    await as(t).post('/projections/facts/rebuild').expect(202);
  });
  afterAll(() => t?.close());

  it('covers every operation of the served OpenAPI document, and nothing else', async () => {
    const doc = (await t.http.get('/api/docs-json').expect(200)).body as {
      paths: Record<string, Record<string, unknown>>;
    };
    const served = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods)
        .filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
        .map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect([...served].sort()).toEqual(Object.keys(MATRIX).sort());
  });

  it.each(Object.keys(MATRIX))('%s', async (name) => {
    const op = MATRIX[name]!;
    const shared = await op.prepare();
    const seen: Record<string, number> = {};
    for (const kind of KINDS) {
      const key = await keyOf(kind, op);
      const expected = expectedStatus(op, kind);
      if (expected !== op.ok) {
        const res = await expectRefused(t, () => op.send(key, shared), expected, CODES[expected]!);
        seen[kind] = res.status;
        continue;
      }
      const fixture = op.mutates ? await op.prepare() : shared;
      const res: Response = await op.send(key, fixture);
      seen[kind] = res.status;
      if (res.status !== op.ok)
        throw new Error(`${kind}: ${res.status} ${JSON.stringify(res.body)}`);
    }
    expect(seen).toEqual(Object.fromEntries(KINDS.map((k) => [k, expectedStatus(op, k)])));
  });

  it('lets no county key tell another county’s project or item from one that does not exist', async () => {
    const probes = Object.entries(MATRIX).filter(
      ([, op]) => op.region === 'project' || op.region === 'item',
    );
    expect(probes.length).toBeGreaterThan(20);
    for (const [name, op] of probes) {
      const real = await op.prepare();
      const fake = Object.fromEntries(Object.keys(real).map((k) => [k, randomUUID()]));
      const answers = [];
      for (const f of [real, fake]) {
        const res = await op.send(countyOther, f).set('X-Request-Id', 'probe');
        let text = JSON.stringify(res.body);
        for (const id of Object.values(f)) text = text.split(id).join('<id>');
        const headers: Row = { ...res.headers };
        delete headers.date;
        answers.push({ status: res.status, body: text, headers });
      }
      expect({ name, ...answers[0] }).toEqual({ name, ...answers[1] });
      expect(answers[0]!.status).toBe(404);
      expect(answers[0]!.headers.etag).toBeUndefined();
    }
    // Filtering a list by the project id says nothing either.
    const real = await projectIn('SIGNED');
    await as(t)
      .post(`/meetings/${MEETING}/decisions`, {
        projectId: real,
        text: '落实',
        unit: '县住建局',
        dueOn: '2026-07-31',
      })
      .expect(201);
    for (const id of [real, randomUUID()]) {
      const res = await as(t, countyOther).get(`/supervision/items?projectId=${id}`).expect(200);
      expect(res.body).toEqual({ items: [], nextCursor: null });
    }
    const own = (await as(t, countyOwn).get(`/supervision/items?projectId=${real}`).expect(200))
      .body.items as Row[];
    expect(own.some((i) => i.kind === 'DECISION')).toBe(true);
    expect(own.every((i) => i.projectId === real)).toBe(true);
  });
});

describe('what a county key sees: lists, the ledger, reports, the supervision queue', () => {
  const names = {
    own: '濮阳县化工新材料项目',
    town: '文留镇氢能项目',
    other: '清丰县家具产业园项目',
    otherTown: '马庄桥镇食品项目',
  };
  const ids: Record<keyof typeof names, string> = { own: '', town: '', other: '', otherTown: '' };
  let county: string;

  beforeAll(async () => {
    t = await createTestApp({ now: `${TODAY}T10:00:00+08:00` });
    await seedReference(t);
    const regions = {
      own: REGION.PUYANG,
      town: REGION.PUYANG_TOWN,
      other: REGION.QINGFENG,
      otherTown: REGION.QINGFENG_TOWN,
    };
    for (const key of Object.keys(names) as Array<keyof typeof names>) {
      for (let i = 0; i < 3; i++) {
        const id = await createProject(t, {
          name: `${names[key]}${i}`,
          regionCode: regions[key],
          investor: { name: `${names[key]}投资方${i}` },
        });
        if (i === 0) ids[key] = id;
        await walkTo(t, id, i === 0 ? 'UNDER_CONSTRUCTION' : i === 1 ? 'SIGNED' : 'NEGOTIATING');
      }
      await as(t)
        .post(`/meetings/${MEETING}/decisions`, {
          projectId: ids[key],
          text: `${names[key]}尽快投产`,
          unit: '住建局',
          dueOn: '2026-07-31',
        })
        .expect(201);
    }
    for (const region of [REGION.CITY, REGION.PUYANG, REGION.QINGFENG]) {
      await as(t).put(`/targets/2026/${region}`, {
        signedProjects: 10,
        contractInvestment: 100000,
      });
    }
    await t.supervised();
    county = (
      await createClient(t, { scopes: NON_ADMIN, regionCodes: [REGION.PUYANG], name: '濮阳县' })
    ).apiKey;
  });
  afterAll(() => t?.close());

  const ownIds = async () =>
    new Set(
      (
        (await as(t).get(`/projects?regionCode=${REGION.PUYANG}&limit=200`).expect(200)).body
          .items as Row[]
      ).map((p) => p.id as string),
    );
  const listIds = (res: Response) => (res.body.items as Row[]).map((p) => p.id as string);
  const otherNames = [names.other, names.otherTown];
  const mentionsOther = (text: string) => otherNames.some((n) => text.includes(n));

  it('lists only its own county and the towns below, with or without filters', async () => {
    const own = await ownIds();
    expect(own.size).toBe(6);
    const all = listIds(await as(t, county).get('/projects?limit=200').expect(200));
    expect(new Set(all)).toEqual(own);
    for (const query of [
      'stage=SIGNED',
      'industryChain=NEW_MATERIALS',
      'minInvestment=1',
      'light=GREEN',
      `regionCode=${REGION.PUYANG_TOWN}`,
      `q=${encodeURIComponent('项目')}`,
      `q=${encodeURIComponent(names.other)}`,
      `q=${encodeURIComponent('清丰县家具产业园项目0')}`,
    ]) {
      const res = await as(t, county).get(`/projects?${query}&limit=200`).expect(200);
      expect(listIds(res).every((id) => own.has(id))).toBe(true);
      expect(mentionsOther(JSON.stringify(res.body))).toBe(false);
    }
    expect(
      listIds(
        await as(t, county)
          .get(`/projects?q=${encodeURIComponent(names.other)}`)
          .expect(200),
      ),
    ).toEqual([]);
  });

  it('is refused a region outside its own, the parent city included (region codes are public)', async () => {
    for (const region of [REGION.QINGFENG, REGION.QINGFENG_TOWN, REGION.CITY]) {
      for (const path of [
        `/projects?regionCode=${region}`,
        `/projects?regionCode=${region}&format=xlsx`,
        `/supervision/items?regionCode=${region}`,
        `/meetings/${MEETING}/decisions?regionCode=${region}`,
        `/targets/2026?regionCode=${region}`,
        `/reports/indicators?year=2026&regionCode=${region}`,
        `/reports/conversion?signedFrom=2026-01-01&signedTo=${TODAY}&regionCode=${region}`,
        `/reports/funnel?from=2026-01-01&to=${TODAY}&regionCode=${region}`,
        `/reports/weekly-meeting?date=${TODAY}&regionCode=${region}`,
      ]) {
        const res = await as(t, county).get(path);
        expect({ path, status: res.status }).toEqual({ path, status: 403 });
        expectProblem(res, 403, 'FORBIDDEN');
      }
    }
  });

  it('pages through to the end seeing each of its projects once and no other', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const res = await as(t, county).get(`/projects?limit=1${query}`).expect(200);
      seen.push(...listIds(res));
      cursor = res.body.nextCursor as string | null;
    } while (cursor !== null);
    expect(seen).toHaveLength(new Set(seen).size);
    expect(new Set(seen)).toEqual(await ownIds());
  });

  it('exports a ledger (xlsx) of its own projects only', async () => {
    const res = await as(t, county)
      .get('/projects?format=xlsx')
      .buffer(true)
      .parse((stream, done) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Uint8Array.from(res.body as Buffer).buffer);
    const cells: string[] = [];
    workbook.eachSheet((sheet) =>
      sheet.eachRow((row) => row.eachCell((cell) => cells.push(cell.text))),
    );
    const text = cells.join('\n');
    for (let i = 0; i < 3; i++) {
      expect(text).toContain(`${names.own}${i}`);
      expect(text).toContain(`${names.town}${i}`);
    }
    expect(mentionsOther(text)).toBe(false);
  });

  it('gets reports that roll up its own regions only: the same figures as the admin’s for its county', async () => {
    for (const [path, query] of [
      ['/reports/indicators', 'year=2026'],
      ['/reports/conversion', `signedFrom=2026-01-01&signedTo=${TODAY}&groupBy=region`],
      ['/reports/funnel', `from=2026-01-01&to=${TODAY}`],
      ['/reports/weekly-meeting', `date=${TODAY}`],
    ] as const) {
      const mine = await as(t, county).get(`${path}?${query}`).expect(200);
      const admins = await as(t).get(`${path}?${query}&regionCode=${REGION.PUYANG}`).expect(200);
      expect({ path, body: mine.body }).toEqual({ path, body: admins.body });
      expect(mentionsOther(JSON.stringify(mine.body))).toBe(false);
      const city = await as(t).get(`${path}?${query}&regionCode=${REGION.CITY}`).expect(200);
      expect(JSON.stringify(city.body)).not.toEqual(JSON.stringify(mine.body));
    }
  });

  it('sees its own 督办 items and decisions, and its own targets, only', async () => {
    const mine = await as(t, county).get('/supervision/items?limit=200').expect(200);
    const admins = await as(t)
      .get(`/supervision/items?limit=200&regionCode=${REGION.PUYANG}`)
      .expect(200);
    expect(mine.body).toEqual(admins.body);
    const regions = new Set<string>([REGION.PUYANG, REGION.PUYANG_TOWN]);
    expect((mine.body.items as Row[]).every((i) => regions.has(i.regionCode as string))).toBe(true);
    expect((mine.body.items as Row[]).filter((i) => i.kind === 'DECISION')).toHaveLength(2);
    expect(mentionsOther(JSON.stringify(mine.body))).toBe(false);
    const decisions = await as(t, county).get(`/meetings/${MEETING}/decisions`).expect(200);
    expect((decisions.body.items as Row[]).map((i) => i.projectId).sort()).toEqual(
      [ids.own, ids.town].sort(),
    );
    const targets = await as(t, county).get('/targets/2026').expect(200);
    expect(Object.keys(targets.body)).toEqual([REGION.PUYANG]);
  });
});
