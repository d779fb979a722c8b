import { createTestApp, type TestApp } from '../support/test-app';
import {
  API,
  as,
  createProject,
  expectProblem,
  expectRefused,
  projectAt,
  REGION,
  seedReference,
} from '../support/fixtures';

jest.setTimeout(60_000);

// Defects the hostile-input fuzz suite (test/e2e/fuzz) found, one sharp test each.
describe('hostile input the fuzz suite found', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await seedReference(t);
  });
  afterAll(() => t.close());

  const rawJson = (path: string, text: string, headers: Record<string, string> = {}) => {
    let req = t.http.post(API + path).set('Authorization', t.bearer(t.adminKey));
    for (const [name, value] of Object.entries({
      'Content-Type': 'application/json',
      ...headers,
    })) {
      req = req.set(name, value);
    }
    return req.send(text);
  };

  it('refuses JSON nested 10 000 levels deep, with or without Idempotency-Key (the stack overflowed: 500)', async () => {
    const id = await createProject(t);
    const deep = '['.repeat(10_000) + ']'.repeat(10_000);
    for (const headers of [{}, { 'Idempotency-Key': 'deep-1' }] as Array<Record<string, string>>) {
      const res = await expectRefused(
        t,
        () =>
          rawJson(
            `/projects/${id}/activities`,
            `{"occurredOn":"2026-06-01","type":"VISIT","note":${deep}}`,
            headers,
          ),
        400,
        'VALIDATION_FAILED',
      );
      expect(res.body.errors[0].message).toMatch(/nests deeper than 32 levels/);
    }
    await expectRefused(
      t,
      () => rawJson(`/projects/${id}/activities`, deep),
      400,
      'VALIDATION_FAILED',
    );
  });

  it.each(['__proto__', 'constructor', 'toString', 'prototype'])(
    'refuses the unknown field %s (class-transformer dropped it and the command ran)',
    async (key) => {
      const id = await createProject(t);
      const res = await expectRefused(
        t,
        () =>
          rawJson(
            `/projects/${id}/activities`,
            `{"occurredOn":"2026-06-01","type":"VISIT",${JSON.stringify(key)}:{"x":1}}`,
          ),
        400,
        'VALIDATION_FAILED',
      );
      expect(res.body.errors).toEqual([{ field: key, message: `unknown field ${key}` }]);
    },
  );

  it('refuses a command body that is not declared JSON with 415 instead of running the command without it', async () => {
    const evaluations = async () =>
      (await as(t).get('/supervision/evaluations').expect(200)).body.length as number;
    const before = await evaluations();
    const res = await t.http
      .post(`${API}/supervision/evaluations`)
      .set('Authorization', t.bearer(t.adminKey))
      .set('Content-Type', 'text/plain')
      .send('{"at":"2026-06-01T00:00:00+08:00"}');
    expectProblem(res, 415, 'UNSUPPORTED_MEDIA_TYPE');
    expect(await evaluations()).toBe(before);
  });

  it('refuses instants outside the years 1000 to 9999 (year 0000 reached PostgreSQL: 500), and unreal ones', async () => {
    const id = await createProject(t);
    for (const path of [
      `/projects/${id}?knownAt=0000-01-01T00:00:00Z`,
      '/reports/funnel?from=2026-01-01&to=2026-06-30&knownAt=0000-01-01T00:00:00Z',
      `/reports/weekly-meeting?date=2026-06-23&knownAt=${encodeURIComponent('0999-12-31T23:59:59+00:00')}`,
      // Date() read 30 February as 2 March.
      `/projects/${id}?knownAt=2026-02-30T00:00:00Z`,
    ]) {
      const res = await as(t).get(path);
      expectProblem(res, 400, 'VALIDATION_FAILED');
      expect(res.body.errors[0].field).toBe('knownAt');
    }
    await expectRefused(
      t,
      () => as(t).post('/supervision/evaluations', { at: '0000-01-01T00:00:00Z' }),
      400,
      'VALIDATION_FAILED',
    );
    await as(t).get(`/projects/${id}?knownAt=1000-01-01T00:00:00Z`).expect(404);
  });

  it('refuses a lone surrogate in free text (PostgreSQL refused it in jsonb: 500; text columns stored U+FFFD)', async () => {
    const id = await projectAt(t, 'NEGOTIATING');
    const res = await expectRefused(
      t,
      () =>
        as(t).post(`/projects/${id}/drop`, {
          occurredOn: '2026-06-01',
          reason: `${'😀'.repeat(500)}\ud83d`,
        }),
      400,
      'VALIDATION_FAILED',
    );
    expect(res.body.errors).toEqual([
      expect.objectContaining({ field: 'reason', code: 'isWellFormedText' }),
    ]);
    const chain = await as(t).put('/industry-chains/LONE_SURROGATE', { name: 'a\udfffb' });
    expectProblem(chain, 400, 'VALIDATION_FAILED');
    const chains = await as(t).get('/industry-chains').expect(200);
    expect(chains.body.map((c: { code: string }) => c.code)).not.toContain('LONE_SURROGATE');
  });

  it('refuses null for an annual target (it reached the database: 500)', async () => {
    const res = await as(t).put(`/targets/2026/${REGION.CITY}`, {
      signedProjects: null,
      fundsArrived: null,
    });
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['signedProjects', 'fundsArrived']),
    );
  });

  it('refuses supervision rules without their thresholds (the handler read undefined: 500)', async () => {
    const res = await expectRefused(
      t,
      () => as(t).put('/supervision/rules', { reason: '调整' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(
      expect.arrayContaining(['rules', 'escalation', 'responseDays']),
    );
    // The OpenAPI document names the nested schemas (its $ref named none).
    const docs = await t.http.get('/api/docs-json').expect(200);
    expect(docs.body.components.schemas.SupervisionSettingsDto.properties.rules).toEqual({
      $ref: '#/components/schemas/RuleThresholdsDto',
    });
  });

  it('lists errors[] for a 400 the framework raises (an undecodable path, a body it cannot inflate)', async () => {
    const path = await as(t).get('/projects/%zz');
    expectProblem(path, 400, 'VALIDATION_FAILED');
    expect(path.body.errors).toEqual([expect.objectContaining({ field: 'request' })]);
    const id = await createProject(t);
    const gzip = await expectRefused(
      t,
      () =>
        rawJson(`/projects/${id}/activities`, '{"occurredOn":"2026-06-01","type":"VISIT"}', {
          'Content-Encoding': 'gzip',
        }),
      400,
      'VALIDATION_FAILED',
    );
    expect(gzip.body.errors).toEqual([expect.objectContaining({ field: 'request' })]);
  });

  it.each([1e-7, 5e-324, 2.5e-5])(
    'refuses the amount %p, a fraction beyond 4 decimals in exponent notation (class-validator threw: 500)',
    async (amount) => {
      const id = await projectAt(t, 'SIGNED');
      const res = await expectRefused(
        t,
        () => as(t).post(`/projects/${id}/investments`, { occurredOn: '2026-06-01', amount }),
        400,
        'VALIDATION_FAILED',
      );
      expect(res.body.errors).toContainEqual(
        expect.objectContaining({ field: 'amount', code: 'isWan' }),
      );
    },
  );

  it('refuses a correction whose investor is null (the mapping read null.name: 500)', async () => {
    const id = await createProject(t);
    const res = await expectRefused(
      t,
      () =>
        as(t).post(`/projects/${id}/corrections`, {
          occurredOn: '2026-06-01',
          changes: { investor: null },
          reason: '更正',
        }),
      400,
      'VALIDATION_FAILED',
    );
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field: 'changes.investor' }));
  });

  it.each([
    ['/projects?limit=0x10', 'limit'],
    ['/projects?limit=%201', 'limit'],
    ['/projects?limit=1e1', 'limit'],
    ['/projects?minInvestment=1e3', 'minInvestment'],
    ['/reports/indicators?year=%202026', 'year'],
  ])('reads %s as a plain decimal number only (Number() read it)', async (path, field) => {
    const res = await as(t).get(path);
    expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(res.body.errors).toContainEqual(expect.objectContaining({ field }));
  });

  it('still reads plain numbers in the query string', async () => {
    await as(t).get('/projects?limit=10&minInvestment=100.5').expect(200);
    await as(t).get('/reports/indicators?year=2026').expect(200);
  });
});
