import { createTestApp, type TestApp } from '../support/test-app';

describe('the app boots', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('answers health without a key and refuses the API without one', async () => {
    await t.http.get('/health').expect(200, { status: 'ok', database: 'up' });
    const refused = await t.http.get('/api/v1/projects').expect(401);
    expect(refused.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(refused.body.code).toBe('UNAUTHENTICATED');
    await t.http
      .get('/api/v1/projects')
      .set('Authorization', t.bearer(t.adminKey))
      .expect(200, { items: [], nextCursor: null });
  });
});
