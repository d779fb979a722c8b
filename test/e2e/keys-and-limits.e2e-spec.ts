import { Writable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { toLifecycleMessage } from '@luodi/contracts';
import {
  EventRelay,
  isProjectStream,
  lifecycleEnvelope,
  readLog,
  type OutgoingMessage,
} from '@luodi/messaging';
import { bootstrapAdmin } from '../../apps/luodi/src/auth/admin-bootstrap';
import { hashApiKey } from '../../apps/luodi/src/auth/api-key';
import { ClientsRepository } from '../../apps/luodi/src/auth/clients.repository';
import { loadConfig } from '../../apps/luodi/src/config/app-config';
import { createLogger } from '../../apps/luodi/src/logging';
import { ProjectorService } from '../../apps/luodi/src/projections/projector.service';
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
} from '../support/fixtures';
import { createTestApp, type TestApp } from '../support/test-app';

jest.setTimeout(120_000);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>;

const json = <T>(value: T | string): T =>
  typeof value === 'string' ? (JSON.parse(value) as T) : value;

async function clientEvents(t: TestApp, clientId: string) {
  const rows: Row[] = await t.dataSource.query(
    `SELECT version, type, data, metadata FROM events WHERE stream_id = $1 ORDER BY version`,
    [`client-${clientId}`],
  );
  return rows.map((r) => ({
    version: r.version,
    type: r.type,
    data: json<Row>(r.data),
    metadata: json<Row>(r.metadata),
  }));
}

/** How often a text occurs anywhere in the stored events (data or metadata). */
async function occurrencesInLog(t: TestApp, text: string): Promise<number> {
  const rows: Array<{ n: number }> = await t.dataSource.query(
    `SELECT count(*)::int AS n FROM events WHERE strpos(data::text || metadata::text, $1) > 0`,
    [text],
  );
  return rows[0]!.n;
}

async function clientStreamEventCount(t: TestApp): Promise<number> {
  const rows: Array<{ n: number }> = await t.dataSource.query(
    `SELECT count(*)::int AS n FROM events WHERE stream_id LIKE 'client-%'`,
  );
  return rows[0]!.n;
}

describe('keys as recorded events', () => {
  let t: TestApp;
  let adminId: string;
  beforeAll(async () => {
    t = await createTestApp();
    await seedReference(t);
    const clients = (await as(t).get('/clients').expect(200)).body as Row[];
    adminId = clients.find((c) => c.name === 'test-admin')!.id as string;
  });
  afterAll(() => t?.close());

  it('records the first admin as registered by the system', async () => {
    expect(await clientEvents(t, adminId)).toEqual([
      {
        version: 1,
        type: 'ClientRegistered',
        data: expect.objectContaining({
          clientId: adminId,
          name: 'test-admin',
          scopes: ['admin'],
          regionCodes: [],
          bootstrap: false,
        }),
        metadata: { actorName: 'system' },
      },
    ]);
  });

  it('records ClientRegistered with who issued the key, and never the key or its hash', async () => {
    const res = await as(t)
      .post('/clients', {
        name: '濮阳县招商系统',
        scopes: ['projects:read', 'projects:write'],
        regionCodes: [REGION.PUYANG],
      })
      .set('X-Request-Id', 'keys-e2e-create')
      .expect(201);
    const { id, apiKey, createdAt } = res.body as Row;
    expect(await clientEvents(t, id)).toEqual([
      {
        version: 1,
        type: 'ClientRegistered',
        data: {
          clientId: id,
          name: '濮阳县招商系统',
          scopes: ['projects:read', 'projects:write'],
          regionCodes: [REGION.PUYANG],
          bootstrap: false,
          registeredAt: createdAt,
          reason: null,
        },
        metadata: { actor: adminId, actorName: 'test-admin', correlationId: 'keys-e2e-create' },
      },
    ]);
    expect(await occurrencesInLog(t, apiKey)).toBe(0);
    expect(await occurrencesInLog(t, hashApiKey(apiKey))).toBe(0);
    expect(await occurrencesInLog(t, hashApiKey(t.adminKey))).toBe(0);
  });

  it('records ClientRevoked once, and the key is refused from the very next request', async () => {
    const client = await createClient(t, { name: '撤销测试', scopes: ['projects:read'] });
    await as(t, client.apiKey).get('/projects').expect(200);
    await as(t).delete(`/clients/${client.id}`).set('X-Request-Id', 'keys-e2e-revoke').expect(204);
    expectProblem(await as(t, client.apiKey).get('/projects'), 401, 'UNAUTHENTICATED');
    const events = await clientEvents(t, client.id);
    expect(events.map((e) => e.type)).toEqual(['ClientRegistered', 'ClientRevoked']);
    const listed = ((await as(t).get('/clients').expect(200)).body as Row[]).find(
      (c) => c.id === client.id,
    )!;
    expect(events[1]).toEqual({
      version: 2,
      type: 'ClientRevoked',
      data: { clientId: client.id, revokedAt: listed.revokedAt, reason: null },
      metadata: { actor: adminId, actorName: 'test-admin', correlationId: 'keys-e2e-revoke' },
    });
    // Revoking again changes nothing and records nothing.
    await as(t).delete(`/clients/${client.id}`).expect(204);
    expect(await clientEvents(t, client.id)).toHaveLength(2);
    const before = await clientStreamEventCount(t);
    expectProblem(await as(t).delete(`/clients/${randomUUID()}`), 404, 'NOT_FOUND');
    expect(await clientStreamEventCount(t)).toBe(before);
  });

  it('refuses an admin key limited to regions; a refused creation records nothing', async () => {
    const writer = await createClient(t, { scopes: ['projects:write'] });
    const clientsBefore = ((await as(t).get('/clients').expect(200)).body as Row[]).length;
    const eventsBefore = await clientStreamEventCount(t);
    const limited = await expectRefused(
      t,
      () =>
        as(t).post('/clients', {
          name: '县级管理员',
          scopes: ['admin'],
          regionCodes: [REGION.PUYANG],
        }),
      400,
      'VALIDATION_FAILED',
    );
    expect(limited.body.errors).toContainEqual(expect.objectContaining({ field: 'regionCodes' }));
    await expectRefused(
      t,
      () => as(t, writer.apiKey).post('/clients', { name: 'x', scopes: ['projects:read'] }),
      403,
      'FORBIDDEN',
    );
    expect(((await as(t).get('/clients').expect(200)).body as Row[]).length).toBe(clientsBefore);
    expect(await clientStreamEventCount(t)).toBe(eventsBefore);
  });

  it('shows an admin a client’s history with its hash chain verified', async () => {
    const client = await createClient(t, { name: '历史', scopes: ['reports:read'] });
    await as(t).delete(`/clients/${client.id}`).expect(204);
    const res = await as(t).get(`/clients/${client.id}/events?verify=true`).expect(200);
    expect(res.body).toMatchObject({
      clientId: client.id,
      verification: { ok: true, checked: 2 },
    });
    expect(res.body.events).toEqual([
      expect.objectContaining({
        version: 1,
        type: 'ClientRegistered',
        actor: adminId,
        actorName: 'test-admin',
        hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      }),
      expect.objectContaining({ version: 2, type: 'ClientRevoked', actor: adminId }),
    ]);
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(client.apiKey);
    expect(text).not.toContain(hashApiKey(client.apiKey));
    expectProblem(await as(t).get(`/clients/${randomUUID()}/events`), 404, 'NOT_FOUND');
    expectProblem(
      await as(t).get(`/clients/${client.id}/events?verify=yes`),
      400,
      'VALIDATION_FAILED',
    );
    expectProblem(
      await as(t, (await createClient(t, { scopes: ['projects:read'] })).apiKey).get(
        `/clients/${client.id}/events`,
      ),
      403,
      'FORBIDDEN',
    );
  });

  it('records the bootstrap key: registered, replaced, brought back; each start is idempotent', async () => {
    const repo = t.app.get(ClientsRepository);
    const first = 'bootstrap-key-one-'.padEnd(40, '1');
    const second = 'bootstrap-key-two-'.padEnd(40, '2');
    const start = (key: string) =>
      bootstrapAdmin({ ...loadConfig({}), bootstrapAdminKey: key }, repo, t.clock);
    const idOf = async (key: string) =>
      (
        await t.dataSource.query<Row[]>(`SELECT id FROM clients WHERE key_hash = $1`, [
          hashApiKey(key),
        ])
      )[0]!.id as string;
    const types = async (key: string) =>
      (await clientEvents(t, await idOf(key))).map((e) => e.type);

    await start(first);
    await start(first);
    await as(t, first).get('/clients').expect(200);
    expect(await clientEvents(t, await idOf(first))).toEqual([
      expect.objectContaining({
        type: 'ClientRegistered',
        data: expect.objectContaining({
          bootstrap: true,
          scopes: ['admin'],
          reason: 'BOOTSTRAP_ADMIN_KEY',
        }),
        metadata: { actorName: 'system' },
      }),
    ]);

    await start(second);
    expectProblem(await as(t, first).get('/clients'), 401, 'UNAUTHENTICATED');
    await as(t, second).get('/clients').expect(200);
    expect(await types(first)).toEqual(['ClientRegistered', 'ClientRevoked']);
    expect((await clientEvents(t, await idOf(first)))[1]!.data.reason).toBe(
      'BOOTSTRAP_ADMIN_KEY was changed',
    );
    expect(await types(second)).toEqual(['ClientRegistered']);

    await start(first);
    await start(first);
    await as(t, first).get('/clients').expect(200);
    expectProblem(await as(t, second).get('/clients'), 401, 'UNAUTHENTICATED');
    expect(await types(first)).toEqual(['ClientRegistered', 'ClientRevoked', 'ClientReinstated']);
    expect(await types(second)).toEqual(['ClientRegistered', 'ClientRevoked']);
    expect(await occurrencesInLog(t, first)).toBe(0);
    expect(await occurrencesInLog(t, hashApiKey(first))).toBe(0);
  });

  it('records clients written before keys were logged, once', async () => {
    const active = randomUUID();
    const revoked = randomUUID();
    await t.dataSource.query(
      `INSERT INTO clients (id, name, scopes, region_codes, key_hash, created_at, revoked_at) VALUES
         ($1, '旧系统', '{projects:read}', '{}', $3, '2026-01-02T03:04:05Z', NULL),
         ($2, '旧系统(已撤销)', '{reports:read}', '{410928}', $4, '2026-01-03T00:00:00Z', '2026-02-01T00:00:00Z')`,
      [active, revoked, hashApiKey(randomUUID()), hashApiKey(randomUUID())],
    );
    const repo = t.app.get(ClientsRepository);
    expect(await repo.recordUnrecorded()).toBe(2);
    expect(await repo.recordUnrecorded()).toBe(0);
    expect(await clientEvents(t, active)).toEqual([
      expect.objectContaining({
        type: 'ClientRegistered',
        data: expect.objectContaining({
          name: '旧系统',
          registeredAt: '2026-01-02T03:04:05.000Z',
          reason: expect.stringContaining('recorded late'),
        }),
      }),
    ]);
    expect(await clientEvents(t, revoked)).toEqual([
      expect.objectContaining({
        type: 'ClientRegistered',
        data: expect.objectContaining({ regionCodes: [REGION.PUYANG] }),
      }),
      expect.objectContaining({
        type: 'ClientRevoked',
        data: expect.objectContaining({ revokedAt: '2026-02-01T00:00:00.000Z' }),
      }),
    ]);
  });

  it('keeps client events off the lifecycle topic, out of the facts and the project list', async () => {
    const id = await createProject(t, { regionCode: REGION.PUYANG });
    await walkTo(t, id, 'SIGNED');
    await createClient(t, { name: '后来的系统', scopes: ['projects:read'] });
    const projector = t.app.get(ProjectorService);
    await projector.waitForCatchUp();
    await t.supervised();

    const log = await readLog(t.dataSource.manager, null, 100_000);
    const keys = log.filter((e) => e.streamId.startsWith('client-'));
    expect(keys.length).toBeGreaterThan(5);
    expect(keys.some(isProjectStream)).toBe(false);
    // Unfiltered, a client event is no lifecycle message: the relay's filter is what keeps it off.
    expect(() => toLifecycleMessage(lifecycleEnvelope(keys[0]!))).toThrow();

    // The relay as the API process configures it, publishing into memory.
    const published: OutgoingMessage[] = [];
    const relay = new EventRelay(
      t.dataSource,
      { publish: (messages) => Promise.resolve(void published.push(...messages)) },
      (event) => toLifecycleMessage(lifecycleEnvelope(event)),
      { name: 'keys-e2e', filter: isProjectStream },
    );
    await relay.drain();
    await relay.stop();
    const projectEvents = log.filter(isProjectStream);
    expect(published.map((m) => m.headers.ce_id)).toEqual(projectEvents.map((e) => e.eventId));

    const facts: Row[] = await t.dataSource.query(
      `SELECT DISTINCT project_id::text AS id FROM ${await projector.factsTable()}`,
    );
    const projectIds = new Set(projectEvents.map((e) => e.streamId.slice('project-'.length)));
    expect(facts.every((f) => projectIds.has(f.id))).toBe(true);
    const listed: Row[] = await t.dataSource.query(`SELECT id::text AS id FROM project_list`);
    expect(listed.every((p) => projectIds.has(p.id))).toBe(true);
  });
});

describe('rate limits per client', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ config: { rateLimit: { perSecond: 1, burst: 4 } } });
  });
  afterAll(() => t?.close());

  /** Waits until a new second-long window has started for every counter. */
  const nextWindow = () => new Promise((resolve) => setTimeout(resolve, 1_100));

  it('answers 429 RATE_LIMITED with Retry-After once a client’s burst is spent; others go on', async () => {
    const a = await createClient(t, { name: 'A', scopes: ['projects:read'] });
    const b = await createClient(t, { name: 'B', scopes: ['projects:read'] });
    await nextWindow();
    for (let i = 0; i < 4; i++) await as(t, a.apiKey).get('/projects').expect(200);
    const refused = await as(t, a.apiKey).get('/projects');
    expectProblem(refused, 429, 'RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(refused.body.retryAfterSeconds).toBe(Number(refused.headers['retry-after']));
    // Another client has its own budget, and so has a client acting on another route.
    await as(t, b.apiKey).get('/projects').expect(200);
    expectProblem(await as(t, a.apiKey).get('/regions'), 429, 'RATE_LIMITED');
    await nextWindow();
    await as(t, a.apiKey).get('/projects').expect(200);
  });

  it('holds a client to its sustained rate over ten seconds, bursts notwithstanding', async () => {
    const c = await createClient(t, { name: 'C', scopes: ['projects:read'] });
    await nextWindow();
    // perSecond 1 = 10 in any 10 s: two full bursts of 4 and two more fit, then no more.
    for (const burst of [4, 4, 2]) {
      for (let i = 0; i < burst; i++) await as(t, c.apiKey).get('/projects').expect(200);
      await nextWindow();
    }
    const refused = await as(t, c.apiKey).get('/projects');
    expectProblem(refused, 429, 'RATE_LIMITED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(1);
  });

  it('counts requests without a valid key, public routes included, per IP address', async () => {
    await nextWindow();
    const statuses: number[] = [];
    for (const send of [
      () => t.http.get(`${API}/projects`),
      () => t.http.get(`${API}/projects`).set('Authorization', 'Bearer not-a-key-at-all'),
      () => t.http.get('/health'),
      () => t.http.get(`${API}/asyncapi.json`),
      () => t.http.get(`${API}/projects`),
      () => t.http.get('/health'),
    ]) {
      statuses.push((await send()).status);
    }
    expect(statuses).toEqual([401, 401, 200, 200, 429, 429]);
    // A client with a key is counted on its own, not with its IP address.
    await as(t).get('/clients').expect(200);
  });
});

describe('secrets never reach the logs', () => {
  const lines: string[] = [];
  let t: TestApp;
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const logger = createLogger(loadConfig({ LOG_LEVEL: 'info' }), sink);
    t = await createTestApp({ now: '2026-06-30T10:00:00+08:00', logger });
    await seedReference(t);
  });
  afterAll(() => t?.close());

  it('logs each request without keys, cookies, link tokens, new keys or key hashes', async () => {
    const created = await as(t)
      .post('/clients', {
        name: '日志测试',
        scopes: ['reports:read', 'projects:read'],
        regionCodes: [REGION.PUYANG],
      })
      .set('Cookie', 'session=cookie-secret-value')
      .expect(201);
    const newKey = created.body.apiKey as string;
    await as(t, newKey).get('/projects').set('Cookie', 'session=cookie-secret-value').expect(200);
    const link = await as(t, newKey)
      .post('/reports/links', { report: 'weekly-meeting', date: '2026-06-30' })
      .expect(201);
    const token = (link.body.path as string).split('/').pop()!;
    await t.http.get(link.body.path as string).expect(200);
    await t.http.get(`${link.body.path as string}x`).expect(401);
    await t.http.get(`${API}/projects`).set('Authorization', `Bearer ${newKey}x`).expect(401);
    // A database failure while looking a key up: the failed query's parameters hold the hash.
    await t.dataSource.query(`ALTER TABLE clients RENAME TO clients_away`);
    try {
      expect((await as(t, newKey).get('/projects')).status).toBe(500);
    } finally {
      await t.dataSource.query(`ALTER TABLE clients_away RENAME TO clients`);
    }

    const text = lines.join('\n');
    for (const secret of [
      t.adminKey,
      newKey,
      hashApiKey(newKey),
      hashApiKey(t.adminKey),
      token,
      'cookie-secret-value',
    ]) {
      expect(text).not.toContain(secret);
    }
    const records = lines.map((line) => JSON.parse(line) as Row);
    const requests = records.filter((r) => r.req !== undefined);
    expect(requests).toContainEqual(
      expect.objectContaining({
        req: expect.objectContaining({ method: 'POST', url: '/api/v1/clients' }),
        res: { statusCode: 201 },
        clientId: expect.any(String),
      }),
    );
    expect(requests).toContainEqual(
      expect.objectContaining({
        req: expect.objectContaining({ url: '/api/v1/reports/links/[REDACTED]' }),
        res: { statusCode: 200 },
      }),
    );
    expect(requests.some((r) => r.res?.statusCode === 500 && r.level === 50)).toBe(true);
    expect(records.some((r) => r.context === 'ProblemFilter' || r.err !== undefined)).toBe(true);
  });
});
