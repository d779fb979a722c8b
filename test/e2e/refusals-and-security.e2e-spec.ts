import { createTestApp, writeCounts, type TestApp } from '../support/test-app';
import {
  API,
  as,
  badCreditCode,
  createClient,
  createProject,
  creditCode,
  expectProblem,
  expectRefused,
  leadBody,
  projectAt,
  REGION,
  seedReference,
  STAGE_DATES,
} from '../support/fixtures';

jest.setTimeout(60_000);

describe('refusals and security', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await seedReference(t);
  });
  afterAll(() => t.close());

  describe('stage rules', () => {
    it('refuses a stage skip with 409 naming the current stage and the one needed', async () => {
      const id = await createProject(t);
      const res = await expectRefused(
        t,
        () =>
          as(t).post(`/projects/${id}/signing`, {
            occurredOn: '2026-03-01',
            contractInvestment: 80000,
            occasion: 'INDIVIDUAL',
          }),
        409,
        'STAGE_TRANSITION_NOT_ALLOWED',
      );
      expect(res.body).toMatchObject({ currentStage: 'LEAD', requiredStage: 'NEGOTIATING' });
      expect(res.body.detail).toContain('LEAD');
      expect(res.body.detail).toContain('线索');
      expect(res.body.detail).toContain('NEGOTIATING');
      expect(res.body.instance).toBe(`/api/v1/projects/${id}/signing`);
      const project = await as(t).get(`/projects/${id}`).expect(200);
      expect(project.body).toMatchObject({ stage: 'LEAD', version: 1 });
    });

    it.each([
      ['registration', 'NEGOTIATING', { creditCode: creditCode(7), companyName: '某公司' }],
      ['groundbreaking', 'NEGOTIATING', {}],
      ['production', 'SIGNED', {}],
      ['negotiation', 'SIGNED', {}],
      ['signing', 'REGISTERED', { contractInvestment: 1, occasion: 'INDIVIDUAL' }],
    ] as const)(
      'refuses POST /%s on a %s project (skip or backwards)',
      async (path, stage, extra) => {
        const id = await projectAt(t, stage);
        const res = await expectRefused(
          t,
          () => as(t).post(`/projects/${id}/${path}`, { occurredOn: '2026-06-25', ...extra }),
          409,
          'STAGE_TRANSITION_NOT_ALLOWED',
        );
        expect(res.body.currentStage).toBe(stage);
        expect(res.body.detail).toContain(stage);
      },
    );

    it('refuses money before signing with 409 NOT_SIGNED', async () => {
      const id = await projectAt(t, 'NEGOTIATING');
      const res = await expectRefused(
        t,
        () => as(t).post(`/projects/${id}/investments`, { occurredOn: '2026-06-01', amount: 100 }),
        409,
        'NOT_SIGNED',
      );
      expect(res.body.currentStage).toBe('NEGOTIATING');
      await expectRefused(
        t,
        () =>
          as(t).post(`/projects/${id}/commitments`, {
            occurredOn: '2026-06-01',
            registerBy: '2026-09-01',
            reason: '调整',
          }),
        409,
        'NOT_SIGNED',
      );
    });

    it('refuses a stage dated before the previous stage', async () => {
      const id = await projectAt(t, 'NEGOTIATING');
      const res = await expectRefused(
        t,
        () =>
          as(t).post(`/projects/${id}/signing`, {
            occurredOn: '2026-01-31',
            contractInvestment: 1,
            occasion: 'INDIVIDUAL',
          }),
        400,
        'VALIDATION_FAILED',
      );
      expect(res.body.errors).toEqual([
        expect.objectContaining({ field: 'occurredOn', code: 'DATE_BEFORE_PREVIOUS' }),
      ]);
    });
  });

  describe('dates', () => {
    it('refuses a business date after today in Asia/Shanghai (the TestClock says 2026-06-30)', async () => {
      const id = await createProject(t);
      const res = await expectRefused(
        t,
        () => as(t).post(`/projects/${id}/negotiation`, { occurredOn: '2026-07-01' }),
        400,
        'VALIDATION_FAILED',
      );
      expect(res.body.errors).toEqual([
        expect.objectContaining({ field: 'occurredOn', code: 'DATE_IN_FUTURE' }),
      ]);
      await expectRefused(
        t,
        () => as(t).post('/projects', leadBody({ occurredOn: '2026-07-01' })),
        400,
        'VALIDATION_FAILED',
      );
      // Today itself is fine.
      await as(t).post(`/projects/${id}/negotiation`, { occurredOn: '2026-06-30' }).expect(200);
    });

    it.each([
      '2026-02-30',
      '2026-13-01',
      '2026-2-3',
      '20260203',
      '2026-02-03T00:00:00+08:00',
      20260203,
    ])('refuses the date %p with a field error on occurredOn', async (occurredOn) => {
      const res = await expectRefused(
        t,
        () => as(t).post('/projects', leadBody({ occurredOn })),
        400,
        'VALIDATION_FAILED',
      );
      expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'occurredOn' }));
    });

    it('refuses 2026-02-30 in a nested or secondary date too', async () => {
      const id = await projectAt(t, 'NEGOTIATING');
      const signing = await expectRefused(
        t,
        () =>
          as(t).post(`/projects/${id}/signing`, {
            occurredOn: STAGE_DATES.SIGNED,
            contractInvestment: 1,
            occasion: 'INDIVIDUAL',
            commitments: { registerBy: '2026-02-30' },
          }),
        400,
        'VALIDATION_FAILED',
      );
      expect(signing.body.errors).toContainEqual(
        expect.objectContaining({ field: 'commitments.registerBy' }),
      );
      const raised = await as(t)
        .post(`/projects/${id}/issues`, {
          occurredOn: '2026-03-01',
          category: 'WATER',
          description: '供水管网未接入',
          coordinationLevel: 'TOWN',
        })
        .expect(201);
      const assign = await expectRefused(
        t,
        () =>
          as(t).post(`/projects/${id}/issues/${raised.body.issueId}/assignment`, {
            occurredOn: '2026-03-02',
            unit: '镇政府',
            dueOn: '2026-02-30',
          }),
        400,
        'VALIDATION_FAILED',
      );
      expect(assign.body.errors).toContainEqual(expect.objectContaining({ field: 'dueOn' }));
    });
  });

  describe('bodies', () => {
    it('refuses an unknown field, top-level or nested, naming it', async () => {
      const top = await expectRefused(
        t,
        () => as(t).post('/projects', leadBody({ priority: 'HIGH' })),
        400,
        'VALIDATION_FAILED',
      );
      expect(top.body.errors).toContainEqual(
        expect.objectContaining({ field: 'priority', message: 'unknown field priority' }),
      );
      const nested = await expectRefused(
        t,
        () => as(t).post('/projects', leadBody({ investor: { name: '某公司', phone: '123' } })),
        400,
        'VALIDATION_FAILED',
      );
      expect(nested.body.errors).toContainEqual(
        expect.objectContaining({ field: 'investor.phone' }),
      );
      const id = await createProject(t);
      await expectRefused(
        t,
        () =>
          as(t).post(`/projects/${id}/activities`, {
            occurredOn: '2026-06-01',
            type: 'VISIT',
            stage: 'SIGNED',
          }),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('refuses missing fields, wrong enums, more than 4 decimals, and malformed JSON', async () => {
      const missing = await expectRefused(
        t,
        () => as(t).post('/projects', { occurredOn: '2026-06-01' }),
        400,
        'VALIDATION_FAILED',
      );
      const fields = missing.body.errors.map((e: { field: string }) => e.field);
      expect(fields).toEqual(
        expect.arrayContaining([
          'name',
          'investor',
          'industryChain',
          'regionCode',
          'source',
          'estimatedInvestment',
        ]),
      );
      await expectRefused(
        t,
        () => as(t).post('/projects', leadBody({ source: 'LOTTERY' })),
        400,
        'VALIDATION_FAILED',
      );
      await expectRefused(
        t,
        () => as(t).post('/projects', leadBody({ currency: 'EUR' })),
        400,
        'VALIDATION_FAILED',
      );
      const decimals = await expectRefused(
        t,
        () => as(t).post('/projects', leadBody({ estimatedInvestment: 1.00001 })),
        400,
        'VALIDATION_FAILED',
      );
      expect(decimals.body.errors).toContainEqual(
        expect.objectContaining({ field: 'estimatedInvestment' }),
      );
      await expectRefused(
        t,
        () => as(t).post('/projects', leadBody({ estimatedInvestment: '5000' })),
        400,
        'VALIDATION_FAILED',
      );
      const json = await expectRefused(
        t,
        () =>
          t.http
            .post(`${API}/projects`)
            .set('Authorization', t.bearer(t.adminKey))
            .set('Content-Type', 'application/json')
            .send('{"name": "半截'),
        400,
        'VALIDATION_FAILED',
      );
      expect(json.body.errors).toEqual([expect.objectContaining({ field: 'body' })]);
    });

    it('refuses an unknown region or industry chain on a new lead', async () => {
      const region = await expectRefused(
        t,
        () => as(t).post('/projects', leadBody({ regionCode: '999999' })),
        400,
        'VALIDATION_FAILED',
      );
      expect(region.body.errors).toEqual([expect.objectContaining({ field: 'regionCode' })]);
      const chain = await expectRefused(
        t,
        () => as(t).post('/projects', leadBody({ industryChain: 'TEXTILES' })),
        400,
        'VALIDATION_FAILED',
      );
      expect(chain.body.errors).toEqual([expect.objectContaining({ field: 'industryChain' })]);
    });

    it('refuses a body over 64 KB with 413 PAYLOAD_TOO_LARGE', async () => {
      const id = await createProject(t);
      const res = await expectRefused(
        t,
        () =>
          as(t).post(`/projects/${id}/activities`, {
            occurredOn: '2026-06-01',
            type: 'VISIT',
            note: '拜访'.repeat(12_000), // 24,000 characters, 72,000 bytes in UTF-8
          }),
        413,
        'PAYLOAD_TOO_LARGE',
      );
      expect(res.body.detail).toContain('64 KB');
      const ascii = await t.http
        .post(`${API}/projects`)
        .set('Authorization', t.bearer(t.adminKey))
        .send(leadBody({ name: 'x'.repeat(66 * 1024) }));
      expectProblem(ascii, 413, 'PAYLOAD_TOO_LARGE');
    });

    it('refuses a bad credit code and accepts a valid one (GB 32100-2015 check)', async () => {
      const id = await projectAt(t, 'SIGNED');
      const good = creditCode(2026);
      for (const bad of [
        badCreditCode(2026),
        good.toLowerCase(),
        good.slice(0, 17),
        `${good}0`,
        'I1410928MA00000000',
      ]) {
        const res = await expectRefused(
          t,
          () =>
            as(t).post(`/projects/${id}/registration`, {
              occurredOn: '2026-04-10',
              creditCode: bad,
              companyName: '濮阳某新材料有限公司',
            }),
          400,
          'VALIDATION_FAILED',
        );
        expect(res.body.errors).toEqual([expect.objectContaining({ field: 'creditCode' })]);
      }
      await as(t)
        .post(`/projects/${id}/registration`, {
          occurredOn: '2026-04-10',
          creditCode: good,
          companyName: '濮阳某新材料有限公司',
        })
        .expect(200, { id, stage: 'REGISTERED', version: 4 });
      // Known real-world codes from the standard's examples pass too.
      const other = await projectAt(t, 'SIGNED');
      await as(t)
        .post(`/projects/${other}/registration`, {
          occurredOn: '2026-04-10',
          creditCode: '91350100M000100Y43',
          companyName: '福建某公司',
        })
        .expect(200);
    });

    it('refuses an unknown project (404) and a malformed id (400)', async () => {
      const unknown = '6f1c2a40-2f7e-4c55-9d4e-1b0f1c9c0a11';
      await expectRefused(t, () => as(t).get(`/projects/${unknown}`), 404, 'NOT_FOUND');
      await expectRefused(t, () => as(t).get(`/projects/${unknown}/events`), 404, 'NOT_FOUND');
      await expectRefused(
        t,
        () => as(t).post(`/projects/${unknown}/negotiation`, { occurredOn: '2026-06-01' }),
        404,
        'NOT_FOUND',
      );
      const bad = await expectRefused(t, () => as(t).get('/projects/42'), 400, 'VALIDATION_FAILED');
      expect(bad.body.errors).toEqual([expect.objectContaining({ field: 'id' })]);
      await expectRefused(t, () => as(t).get('/no-such-route'), 404, 'NOT_FOUND');
    });
  });

  describe('authentication and scopes', () => {
    it('refuses a missing, malformed or unknown key with 401 and WWW-Authenticate', async () => {
      const id = await createProject(t);
      const missing = await expectRefused(
        t,
        () =>
          t.http
            .post(`${API}/projects/${id}/activities`)
            .send({ occurredOn: '2026-06-01', type: 'VISIT' }),
        401,
        'UNAUTHENTICATED',
      );
      expect(missing.headers['www-authenticate']).toBe('Bearer');
      await expectRefused(t, () => t.http.get(`${API}/projects/${id}`), 401, 'UNAUTHENTICATED');
      await expectRefused(
        t,
        () => t.http.get(`${API}/projects`).set('Authorization', `Basic ${t.adminKey}`),
        401,
        'UNAUTHENTICATED',
      );
      await expectRefused(
        t,
        () => as(t, 'ldk_not-a-key').post('/projects', leadBody()),
        401,
        'UNAUTHENTICATED',
      );
    });

    it('refuses a revoked key with 401 right after DELETE /clients/{id}', async () => {
      const client = await createClient(t, { scopes: ['projects:read', 'projects:write'] });
      const id = await createProject(t, {}, client.apiKey);
      await as(t).delete(`/clients/${client.id}`).expect(204);
      await expectRefused(
        t,
        () =>
          as(t, client.apiKey).post(`/projects/${id}/negotiation`, { occurredOn: '2026-06-01' }),
        401,
        'UNAUTHENTICATED',
      );
      await expectRefused(
        t,
        () => as(t, client.apiKey).get(`/projects/${id}`),
        401,
        'UNAUTHENTICATED',
      );
      expect((await as(t).get(`/projects/${id}`).expect(200)).body.stage).toBe('LEAD');
    });

    it('refuses a key without the scope with 403', async () => {
      const reader = await createClient(t, { scopes: ['projects:read'] });
      const writer = await createClient(t, { scopes: ['projects:write'] });
      const reporter = await createClient(t, { scopes: ['reports:read', 'supervision:write'] });
      const id = await createProject(t);
      const res = await expectRefused(
        t,
        () =>
          as(t, reader.apiKey).post(`/projects/${id}/activities`, {
            occurredOn: '2026-06-01',
            type: 'VISIT',
          }),
        403,
        'FORBIDDEN',
      );
      expect(res.body.detail).toContain('projects:write');
      await expectRefused(
        t,
        () => as(t, reader.apiKey).post('/projects', leadBody()),
        403,
        'FORBIDDEN',
      );
      await expectRefused(t, () => as(t, writer.apiKey).get(`/projects/${id}`), 403, 'FORBIDDEN');
      await expectRefused(t, () => as(t, writer.apiKey).get('/projects'), 403, 'FORBIDDEN');
      await expectRefused(
        t,
        () => as(t, reporter.apiKey).get(`/projects/${id}/events`),
        403,
        'FORBIDDEN',
      );
      await expectRefused(
        t,
        () => as(t, writer.apiKey).post('/clients', { name: 'x', scopes: ['admin'] }),
        403,
        'FORBIDDEN',
      );
      // The reader reads, the writer writes.
      await as(t, reader.apiKey).get(`/projects/${id}`).expect(200);
      await as(t, writer.apiKey)
        .post(`/projects/${id}/activities`, { occurredOn: '2026-06-01', type: 'VISIT' })
        .expect(201);
    });
  });

  describe('region-scoped keys', () => {
    let county: { id: string; apiKey: string };
    const ids: Record<string, string> = {};
    beforeAll(async () => {
      county = await createClient(t, {
        name: '濮阳县系统',
        scopes: ['projects:read', 'projects:write'],
        regionCodes: [REGION.PUYANG],
      });
      ids.own = await createProject(t, { name: '本县项目', regionCode: REGION.PUYANG });
      ids.town = await createProject(t, { name: '本县乡镇项目', regionCode: REGION.PUYANG_TOWN });
      ids.other = await createProject(t, { name: '外县项目', regionCode: REGION.QINGFENG });
      ids.otherTown = await createProject(t, {
        name: '外县乡镇项目',
        regionCode: REGION.QINGFENG_TOWN,
      });
    });

    it('sees its county and its towns in GET /projects, never another county', async () => {
      const res = await as(t, county.apiKey).get('/projects?limit=200').expect(200);
      const seen = res.body.items.map((p: { id: string }) => p.id);
      expect(seen).toEqual(expect.arrayContaining([ids.own, ids.town]));
      expect(seen).not.toContain(ids.other);
      expect(seen).not.toContain(ids.otherTown);
      expect(
        res.body.items.every((p: { regionCode: string }) =>
          [REGION.PUYANG, REGION.PUYANG_TOWN].includes(p.regionCode as never),
        ),
      ).toBe(true);
      // Region codes are public: asking for a region outside the key's is refused outright.
      for (const region of [REGION.QINGFENG, REGION.CITY]) {
        expectProblem(
          await as(t, county.apiKey).get(`/projects?regionCode=${region}&limit=200`),
          403,
          'FORBIDDEN',
        );
      }
    });

    it('reads and writes its own county and towns', async () => {
      await as(t, county.apiKey).get(`/projects/${ids.own}`).expect(200);
      await as(t, county.apiKey).get(`/projects/${ids.town}/events`).expect(200);
      await as(t, county.apiKey)
        .post(`/projects/${ids.town}/activities`, { occurredOn: '2026-06-01', type: 'RECEPTION' })
        .expect(201);
      await as(t, county.apiKey)
        .post('/projects', leadBody({ regionCode: REGION.PUYANG_TOWN }))
        .expect(201);
    });

    it('gets 404 on another county’s project, as if it did not exist, writing nothing', async () => {
      for (const id of [ids.other!, ids.otherTown!]) {
        const res = await expectRefused(
          t,
          () => as(t, county.apiKey).get(`/projects/${id}`),
          404,
          'NOT_FOUND',
        );
        expect(res.body.detail).toBe(`No project ${id}.`);
        expect(res.headers.etag).toBeUndefined();
        await expectRefused(
          t,
          () => as(t, county.apiKey).get(`/projects/${id}/events`),
          404,
          'NOT_FOUND',
        );
        await expectRefused(
          t,
          () =>
            as(t, county.apiKey).post(`/projects/${id}/activities`, {
              occurredOn: '2026-06-01',
              type: 'VISIT',
            }),
          404,
          'NOT_FOUND',
        );
        await expectRefused(
          t,
          () =>
            as(t, county.apiKey).post(`/projects/${id}/drop`, {
              occurredOn: '2026-06-01',
              reason: '越权',
            }),
          404,
          'NOT_FOUND',
        );
      }
    });

    it('may neither register a lead in another county nor move its own project there', async () => {
      await expectRefused(
        t,
        () => as(t, county.apiKey).post('/projects', leadBody({ regionCode: REGION.QINGFENG })),
        403,
        'FORBIDDEN',
      );
      await expectRefused(
        t,
        () =>
          as(t, county.apiKey).post(`/projects/${ids.own}/corrections`, {
            occurredOn: '2026-06-01',
            changes: { regionCode: REGION.QINGFENG },
            reason: '迁移',
          }),
        403,
        'FORBIDDEN',
      );
      const project = await as(t).get(`/projects/${ids.own}`).expect(200);
      expect(project.body.regionCode).toBe(REGION.PUYANG);
    });
  });

  describe('correlation ids', () => {
    it('echoes X-Request-Id and records it as correlationId, with the acting client as actor', async () => {
      const client = await createClient(t, {
        name: '登记系统',
        scopes: ['projects:read', 'projects:write'],
      });
      const created = await as(t, client.apiKey)
        .post('/projects', leadBody())
        .set('X-Request-Id', 'e2e-req-0001')
        .expect(201);
      expect(created.headers['x-request-id']).toBe('e2e-req-0001');
      const id = created.body.id;
      await as(t, client.apiKey)
        .post(`/projects/${id}/negotiation`, { occurredOn: '2026-02-01' })
        .set('X-Request-Id', 'e2e-req-0002')
        .expect(200);
      const events = await as(t).get(`/projects/${id}/events`).expect(200);
      expect(
        events.body.events.map((e: Record<string, unknown>) => ({
          type: e.type,
          correlationId: e.correlationId,
          actor: e.actor,
          actorName: e.actorName,
        })),
      ).toEqual([
        {
          type: 'LeadRegistered',
          correlationId: 'e2e-req-0001',
          actor: client.id,
          actorName: '登记系统',
        },
        {
          type: 'NegotiationStarted',
          correlationId: 'e2e-req-0002',
          actor: client.id,
          actorName: '登记系统',
        },
      ]);
    });

    it('makes one up when absent or unusable, and puts it in problem bodies', async () => {
      const made = await as(t).get('/projects').expect(200);
      expect(made.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const unusable = await as(t)
        .get('/projects')
        .set('X-Request-Id', 'has spaces; and ¿')
        .expect(200);
      expect(unusable.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      const refused = await t.http.get(`${API}/projects`).set('X-Request-Id', 'e2e-refused-1');
      expectProblem(refused, 401, 'UNAUTHENTICATED');
      expect(refused.headers['x-request-id']).toBe('e2e-refused-1');
      expect(refused.body.correlationId).toBe('e2e-refused-1');
    });
  });

  it('a refused command with an Idempotency-Key stores nothing, so the key stays free', async () => {
    const id = await createProject(t);
    await expectRefused(
      t,
      () =>
        as(t)
          .post(`/projects/${id}/investments`, { occurredOn: '2026-06-01', amount: 1 })
          .set('Idempotency-Key', 'refused-once'),
      409,
      'NOT_SIGNED',
    );
    const before = await writeCounts(t);
    await as(t)
      .post(`/projects/${id}/activities`, { occurredOn: '2026-06-01', type: 'MEETING' })
      .set('Idempotency-Key', 'refused-once')
      .expect(201);
    expect(await writeCounts(t)).toEqual({
      ...before,
      events: before.events + 1,
      idempotency: before.idempotency + 1,
    });
  });
});
