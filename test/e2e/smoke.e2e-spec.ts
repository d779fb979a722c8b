import { createTestApp, type TestApp } from '../support/test-app';

describe('the app boots', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers health without a key and refuses the API without one', async () => {
    await t.http.get('/health').expect(200, {
      status: 'ok',
      database: 'up',
      roles: ['api', 'relay', 'projector', 'supervisor'],
    });
    const refused = await t.http.get('/api/v1/projects').expect(401);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body.code).toBe('UNAUTHENTICATED');
    await t.http
      .get('/api/v1/projects')
      .set('Authorization', t.bearer(t.adminKey))
      .expect(200, { items: [], nextCursor: null });
  });

  it('serves the AsyncAPI event contract without a key, as YAML and as JSON', async () => {
    const yaml = await t.http.get('/api/v1/asyncapi').expect(200);
    expect(yaml.headers['content-type']).toMatch(/application\/yaml/);
    expect(yaml.text).toMatch(/^asyncapi: ['"]?3\.0\.0/m);
    const json = await t.http.get('/api/v1/asyncapi.json').expect(200);
    expect(
      Object.values(json.body.channels).map((c) => (c as { address: string }).address),
    ).toEqual(expect.arrayContaining(['projects.lifecycle.v1', 'supervision.alerts.v1']));
  });
});
