import { createTestApp, writeCounts, type TestApp } from '../support/test-app';
import {
  API,
  as,
  CHAIN,
  createClient,
  expectProblem,
  expectRefused,
  REGION,
  seedReference,
} from '../support/fixtures';

jest.setTimeout(60_000);

describe('reference data, clients and the OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await seedReference(t);
  });
  afterAll(() => t.close());

  describe('regions', () => {
    it('answers the tree with parent codes, Chinese names intact', async () => {
      const res = await as(t).get('/regions').expect(200);
      expect(res.body).toEqual([
        {
          code: REGION.CITY,
          name: '濮阳市',
          parentCode: null,
          children: expect.arrayContaining([
            {
              code: REGION.PUYANG,
              name: '濮阳县',
              parentCode: REGION.CITY,
              children: [
                {
                  code: REGION.PUYANG_TOWN,
                  name: '文留镇',
                  parentCode: REGION.PUYANG,
                  children: [],
                },
              ],
            },
            {
              code: REGION.QINGFENG,
              name: '清丰县',
              parentCode: REGION.CITY,
              children: [
                {
                  code: REGION.QINGFENG_TOWN,
                  name: '马庄桥镇',
                  parentCode: REGION.QINGFENG,
                  children: [],
                },
              ],
            },
          ]),
        },
      ]);
      expect(res.body[0].children).toHaveLength(2);
    });

    it('creates with 201, renames with 200 and keeps the parent', async () => {
      const created = await as(t)
        .put('/regions/410928102', { name: '户部寨镇', parentCode: REGION.PUYANG })
        .expect(201);
      expect(created.body).toEqual({
        code: '410928102',
        name: '户部寨镇',
        parentCode: REGION.PUYANG,
        children: [],
      });
      await as(t)
        .put('/regions/410928102', { name: '户部寨镇(新)', parentCode: REGION.PUYANG })
        .expect(200);
      const tree = await as(t).get('/regions').expect(200);
      const puyang = tree.body[0].children.find((r: { code: string }) => r.code === REGION.PUYANG);
      expect(puyang.children).toContainEqual({
        code: '410928102',
        name: '户部寨镇(新)',
        parentCode: REGION.PUYANG,
        children: [],
      });
    });

    it('refuses an unknown parent and a cycle, writing nothing', async () => {
      const before = await as(t).get('/regions').expect(200);
      const unknown = await expectRefused(
        t,
        () => as(t).put('/regions/999999', { name: '无名', parentCode: 'NOPE' }),
        400,
        'VALIDATION_FAILED',
      );
      expect(unknown.body.errors).toContainEqual(expect.objectContaining({ field: 'parentCode' }));
      const cycle = await expectRefused(
        t,
        () =>
          as(t).put(`/regions/${REGION.CITY}`, { name: '濮阳市', parentCode: REGION.PUYANG_TOWN }),
        400,
        'VALIDATION_FAILED',
      );
      expect(cycle.body.errors).toContainEqual(expect.objectContaining({ field: 'parentCode' }));
      await expectRefused(
        t,
        () => as(t).put('/regions/bad code!', { name: 'x' }),
        400,
        'VALIDATION_FAILED',
      );
      expect((await as(t).get('/regions').expect(200)).body).toEqual(before.body);
    });

    it('is readable with projects:read but writable only with admin', async () => {
      const reader = await createClient(t, { scopes: ['projects:read'] });
      await as(t, reader.apiKey).get('/regions').expect(200);
      await expectRefused(
        t,
        () => as(t, reader.apiKey).put('/regions/410900999', { name: '某开发区' }),
        403,
        'FORBIDDEN',
      );
      const tree = await as(t).get('/regions').expect(200);
      expect(JSON.stringify(tree.body)).not.toContain('410900999');
    });
  });

  describe('industry chains', () => {
    it('lists chains with their leaders, and updates one', async () => {
      const list = await as(t).get('/industry-chains').expect(200);
      expect(list.body).toEqual([
        { code: CHAIN.HYDROGEN, name: '氢能', chainLeader: null },
        { code: CHAIN.NEW_MATERIALS, name: '新材料', chainLeader: '张副市长' },
      ]);
      const updated = await as(t)
        .put(`/industry-chains/${CHAIN.HYDROGEN}`, { name: '氢能', chainLeader: '李副市长' })
        .expect(200);
      expect(updated.body).toEqual({ code: CHAIN.HYDROGEN, name: '氢能', chainLeader: '李副市长' });
      const again = await as(t).get('/industry-chains').expect(200);
      expect(again.body[0]).toEqual({
        code: CHAIN.HYDROGEN,
        name: '氢能',
        chainLeader: '李副市长',
      });
    });

    it('refuses an unknown field and a blank name', async () => {
      const unknown = await expectRefused(
        t,
        () => as(t).put('/industry-chains/FOOD', { name: '农产品加工', colour: 'green' }),
        400,
        'VALIDATION_FAILED',
      );
      expect(unknown.body.errors).toContainEqual(expect.objectContaining({ field: 'colour' }));
      await expectRefused(
        t,
        () => as(t).put('/industry-chains/FOOD', { name: '   ' }),
        400,
        'VALIDATION_FAILED',
      );
      const list = await as(t).get('/industry-chains').expect(200);
      expect(list.body.map((c: { code: string }) => c.code)).not.toContain('FOOD');
    });
  });

  describe('targets', () => {
    it('stores counts and exact 万元 amounts, changing only the indicators given', async () => {
      const first = await as(t)
        .put(`/targets/2026/${REGION.PUYANG}`, {
          signedProjects: 60,
          contractInvestment: 741800.1234,
          fundsArrived: 675500,
        })
        .expect(200);
      expect(first.body).toEqual({
        signedProjects: 60,
        contractInvestment: 741800.1234,
        fundsArrived: 675500,
      });
      const second = await as(t)
        .put(`/targets/2026/${REGION.PUYANG}`, {
          signedProjectsOver100m: 24,
          majorProjectsSigned: 4,
          groundbrokenProjects: 20,
          negotiatingInvestmentOver100m: 1116000.0001,
          signedProjects: 61,
        })
        .expect(200);
      expect(second.body).toEqual({
        signedProjects: 61,
        signedProjectsOver100m: 24,
        majorProjectsSigned: 4,
        groundbrokenProjects: 20,
        contractInvestment: 741800.1234,
        fundsArrived: 675500,
        negotiatingInvestmentOver100m: 1116000.0001,
      });
    });

    it('refuses an unknown region (404), an empty body, too many decimals and a bad year', async () => {
      await expectRefused(
        t,
        () => as(t).put('/targets/2026/000000', { signedProjects: 1 }),
        404,
        'NOT_FOUND',
      );
      await expectRefused(
        t,
        () => as(t).put(`/targets/2026/${REGION.QINGFENG}`, {}),
        400,
        'VALIDATION_FAILED',
      );
      const decimals = await expectRefused(
        t,
        () => as(t).put(`/targets/2026/${REGION.QINGFENG}`, { fundsArrived: 1.00001 }),
        400,
        'VALIDATION_FAILED',
      );
      expect(decimals.body.errors).toContainEqual(
        expect.objectContaining({ field: 'fundsArrived' }),
      );
      await expectRefused(
        t,
        () => as(t).put(`/targets/1999/${REGION.QINGFENG}`, { signedProjects: 1 }),
        400,
        'VALIDATION_FAILED',
      );
      const stored = await as(t).get(`/targets/2026?regionCode=${REGION.QINGFENG}`).expect(200);
      expect(stored.body).toEqual({});
    });
  });

  describe('clients', () => {
    it('creates a client whose key is shown once and works at once', async () => {
      const res = await as(t)
        .post('/clients', {
          name: '濮阳县招商管理系统',
          scopes: ['projects:read', 'projects:write'],
          regionCodes: [REGION.PUYANG],
        })
        .expect(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: '濮阳县招商管理系统',
        scopes: ['projects:read', 'projects:write'],
        regionCodes: [REGION.PUYANG],
        createdAt: expect.any(String),
        revokedAt: null,
        apiKey: expect.stringMatching(/^ldk_/),
      });
      await as(t, res.body.apiKey).get('/projects').expect(200);

      const list = await as(t).get('/clients').expect(200);
      const listed = list.body.find((c: { id: string }) => c.id === res.body.id);
      expect(listed).toEqual({
        id: res.body.id,
        name: '濮阳县招商管理系统',
        scopes: ['projects:read', 'projects:write'],
        regionCodes: [REGION.PUYANG],
        createdAt: res.body.createdAt,
        revokedAt: null,
      });
      expect(JSON.stringify(list.body)).not.toContain(res.body.apiKey);
      expect(list.body.some((c: { name: string }) => c.name === 'test-admin')).toBe(true);
    });

    it('revokes at once: the next request with the key is 401, and the list shows revokedAt', async () => {
      const client = await createClient(t, { scopes: ['projects:read'] });
      await as(t, client.apiKey).get('/projects').expect(200);
      await as(t).delete(`/clients/${client.id}`).expect(204);
      await expectRefused(t, () => as(t, client.apiKey).get('/projects'), 401, 'UNAUTHENTICATED');
      const list = await as(t).get('/clients').expect(200);
      const revoked = list.body.find((c: { id: string }) => c.id === client.id);
      expect(revoked.revokedAt).toEqual(expect.any(String));
      // Revoking twice is harmless.
      await as(t).delete(`/clients/${client.id}`).expect(204);
    });

    it('refuses an unknown client, an unknown scope or region, and a non-admin caller', async () => {
      await expectRefused(
        t,
        () => as(t).delete('/clients/6f1c2a40-2f7e-4c55-9d4e-1b0f1c9c0a11'),
        404,
        'NOT_FOUND',
      );
      await expectRefused(t, () => as(t).delete('/clients/not-a-uuid'), 400, 'VALIDATION_FAILED');
      const countBefore = (await as(t).get('/clients').expect(200)).body.length;
      const scope = await expectRefused(
        t,
        () => as(t).post('/clients', { name: 'x', scopes: ['projects:everything'] }),
        400,
        'VALIDATION_FAILED',
      );
      expect(scope.body.errors).toContainEqual(expect.objectContaining({ field: 'scopes' }));
      const region = await expectRefused(
        t,
        () =>
          as(t).post('/clients', { name: 'x', scopes: ['projects:read'], regionCodes: ['000000'] }),
        400,
        'VALIDATION_FAILED',
      );
      expect(region.body.errors).toContainEqual(
        expect.objectContaining({ field: 'regionCodes.0' }),
      );
      const writer = await createClient(t, { scopes: ['projects:write'] });
      await expectRefused(
        t,
        () => as(t, writer.apiKey).post('/clients', { name: 'x', scopes: ['admin'] }),
        403,
        'FORBIDDEN',
      );
      expect((await as(t).get('/clients').expect(200)).body.length).toBe(countBefore + 1);
    });
  });

  describe('the OpenAPI document', () => {
    it('is served without a key at /api/docs-json and lists every contract path and method', async () => {
      const res = await t.http.get('/api/docs-json').expect(200);
      const paths = res.body.paths as Record<string, Record<string, unknown>>;
      const expected: Array<[string, string]> = [
        ['put', '/regions/{code}'],
        ['get', '/regions'],
        ['put', '/industry-chains/{code}'],
        ['get', '/industry-chains'],
        ['put', '/targets/{year}/{regionCode}'],
        ['post', '/clients'],
        ['delete', '/clients/{id}'],
        ['post', '/projects'],
        ['post', '/projects/{id}/negotiation'],
        ['post', '/projects/{id}/signing'],
        ['post', '/projects/{id}/registration'],
        ['post', '/projects/{id}/groundbreaking'],
        ['post', '/projects/{id}/production'],
        ['post', '/projects/{id}/drop'],
        ['post', '/projects/{id}/reactivation'],
        ['post', '/projects/{id}/investments'],
        ['post', '/projects/{id}/issues'],
        ['post', '/projects/{id}/issues/{issueId}/assignment'],
        ['post', '/projects/{id}/issues/{issueId}/escalation'],
        ['post', '/projects/{id}/issues/{issueId}/resolution'],
        ['post', '/projects/{id}/activities'],
        ['put', '/projects/{id}/responsibility'],
        ['post', '/projects/{id}/commitments'],
        ['post', '/projects/{id}/corrections'],
        ['get', '/projects/{id}'],
        ['get', '/projects/{id}/events'],
        ['get', '/projects'],
        ['get', '/supervision/items'],
        ['post', '/supervision/items/{id}/acknowledgement'],
        ['post', '/supervision/items/{id}/feedback'],
        ['post', '/supervision/items/{id}/review'],
        ['post', '/supervision/items/{id}/closure'],
        ['get', '/supervision/rules'],
        ['put', '/supervision/rules'],
        ['post', '/supervision/evaluations'],
        ['post', '/meetings/{date}/decisions'],
      ];
      const missing = expected.filter(([method, path]) => !paths[API + path]?.[method]);
      expect(missing).toEqual([]);
      expect(res.body.components.schemas.ProblemDto).toBeDefined();
    });
  });

  describe('Chinese text', () => {
    it('round-trips through reference data unchanged', async () => {
      const name = '濮阳经济技术开发区(含「化工园区」)·测试';
      await as(t).put('/regions/410971', { name, parentCode: REGION.CITY }).expect(201);
      const tree = await as(t).get('/regions').expect(200);
      expect(tree.headers['content-type']).toMatch(/application\/json; charset=utf-8/);
      const zone = tree.body[0].children.find((r: { code: string }) => r.code === '410971');
      expect(zone.name).toBe(name);
    });
  });

  it('never wrote an event or project row while managing reference data', async () => {
    expect(await writeCounts(t)).toEqual({ events: 0, items: 0, projects: 0, idempotency: 0 });
    const res = await t.http.get(`${API}/regions`);
    expectProblem(res, 401, 'UNAUTHENTICATED');
  });
});
