import type { Response } from 'supertest';
import { createTestApp, writeCounts, type TestApp } from '../support/test-app';
import {
  as,
  createClient,
  createProject,
  expectProblem,
  expectRefused,
  leadBody,
  projectAt,
  seedReference,
} from '../support/fixtures';

jest.setTimeout(60_000);

describe('idempotency, ETag / If-Match and concurrency', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
    await seedReference(t);
  });
  afterAll(() => t.close());

  describe('Idempotency-Key', () => {
    it('replays POST /projects: same status, body, Location and ETag, marked replayed, nothing new written', async () => {
      const body = leadBody({ name: '幂等登记项目' });
      const first = await as(t)
        .post('/projects', body)
        .set('Idempotency-Key', 'lead-0001')
        .expect(201);
      expect(first.headers['idempotent-replayed']).toBeUndefined();
      const before = await writeCounts(t);

      // The same body with its keys in another order is the same request.
      const reordered = Object.fromEntries(Object.entries(body).reverse());
      const again = await as(t).post('/projects', reordered).set('Idempotency-Key', 'lead-0001');
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.headers.location).toBe(first.headers.location);
      expect(again.headers.etag).toBe(first.headers.etag);
      expect(await writeCounts(t)).toEqual(before);

      const list = await as(t)
        .get(`/projects?q=${encodeURIComponent('幂等登记项目')}`)
        .expect(200);
      expect(list.body.items).toHaveLength(1);
    });

    it('replays a command (200 and 201 alike) even after the project moved on', async () => {
      const id = await createProject(t);
      const negotiation = { occurredOn: '2026-02-01', leadOfficer: '李科长' };
      const first = await as(t)
        .post(`/projects/${id}/negotiation`, negotiation)
        .set('Idempotency-Key', `neg-${id}`)
        .expect(200);
      expect(first.body).toEqual({ id, stage: 'NEGOTIATING', version: 2 });
      const activity = { occurredOn: '2026-02-02', type: 'MEETING' };
      const logged = await as(t)
        .post(`/projects/${id}/activities`, activity)
        .set('Idempotency-Key', `act-${id}`)
        .expect(201);
      const before = await writeCounts(t);

      const replayedNegotiation = await as(t)
        .post(`/projects/${id}/negotiation`, negotiation)
        .set('Idempotency-Key', `neg-${id}`);
      expect(replayedNegotiation.status).toBe(200);
      expect(replayedNegotiation.body).toEqual(first.body);
      expect(replayedNegotiation.headers.etag).toBe('"2"');
      expect(replayedNegotiation.headers['idempotent-replayed']).toBe('true');

      const replayedActivity = await as(t)
        .post(`/projects/${id}/activities`, activity)
        .set('Idempotency-Key', `act-${id}`);
      expect(replayedActivity.status).toBe(201);
      expect(replayedActivity.body).toEqual(logged.body);
      expect(replayedActivity.headers['idempotent-replayed']).toBe('true');
      expect(await writeCounts(t)).toEqual(before);

      const project = await as(t).get(`/projects/${id}`).expect(200);
      expect(project.body.activities.MEETING).toBe(1);
      expect(project.body.version).toBe(3);
    });

    it('refuses the same key with another body or path: 422 IDEMPOTENCY_KEY_REUSED, nothing written', async () => {
      const id = await createProject(t);
      await as(t)
        .post(`/projects/${id}/activities`, { occurredOn: '2026-02-02', type: 'VISIT' })
        .set('Idempotency-Key', 'reuse-me')
        .expect(201);
      const res = await expectRefused(
        t,
        () =>
          as(t)
            .post(`/projects/${id}/activities`, { occurredOn: '2026-02-02', type: 'RECEPTION' })
            .set('Idempotency-Key', 'reuse-me'),
        422,
        'IDEMPOTENCY_KEY_REUSED',
      );
      expect(res.body.detail).toContain('reuse-me');
      await expectRefused(
        t,
        () => as(t).post('/projects', leadBody()).set('Idempotency-Key', 'reuse-me'),
        422,
        'IDEMPOTENCY_KEY_REUSED',
      );
      const project = await as(t).get(`/projects/${id}`).expect(200);
      expect(project.body.activities).toMatchObject({ VISIT: 1, RECEPTION: 0 });
    });

    it('keeps keys per client: another client using the same key is a new request', async () => {
      const other = await createClient(t, { scopes: ['projects:read', 'projects:write'] });
      const body = leadBody({ name: '每个调用方各自的键' });
      const mine = await as(t)
        .post('/projects', body)
        .set('Idempotency-Key', 'shared-key')
        .expect(201);
      const theirs = await as(t, other.apiKey)
        .post('/projects', body)
        .set('Idempotency-Key', 'shared-key')
        .expect(201);
      expect(theirs.body.id).not.toBe(mine.body.id);
      expect(theirs.headers['idempotent-replayed']).toBeUndefined();
    });

    it('refuses a malformed key', async () => {
      await expectRefused(
        t,
        () => as(t).post('/projects', leadBody()).set('Idempotency-Key', 'x'.repeat(201)),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('answers concurrent retries of one request once: one event, the same answer to all', async () => {
      const id = await projectAt(t, 'SIGNED');
      const before = await writeCounts(t);
      const body = { occurredOn: '2026-04-01', amount: 123.4567 };
      const answers = await Promise.all(
        Array.from({ length: 5 }, () =>
          as(t).post(`/projects/${id}/investments`, body).set('Idempotency-Key', `retry-${id}`),
        ),
      );
      expect(answers.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
      for (const answer of answers)
        expect(answer.body).toEqual({ id, stage: 'SIGNED', version: 4 });
      expect(answers.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(4);
      expect(await writeCounts(t)).toEqual({
        ...before,
        events: before.events + 1,
        idempotency: before.idempotency + 1,
      });
      const project = await as(t).get(`/projects/${id}`).expect(200);
      expect(project.body.amounts.arrived.CNY).toBe(123.4567);
    });
  });

  describe('ETag and If-Match', () => {
    it('sends ETag "<version>" on every project response', async () => {
      const created = await as(t).post('/projects', leadBody()).expect(201);
      expect(created.headers.etag).toBe('"1"');
      const id = created.body.id;
      const got = await as(t).get(`/projects/${id}`).expect(200);
      expect(got.headers.etag).toBe('"1"');
      const moved = await as(t)
        .post(`/projects/${id}/negotiation`, { occurredOn: '2026-02-01' })
        .expect(200);
      expect(moved.headers.etag).toBe('"2"');
      expect((await as(t).get(`/projects/${id}`).expect(200)).headers.etag).toBe('"2"');
      const past = await as(t).get(`/projects/${id}?asOf=2026-01-20`).expect(200);
      expect(past.headers.etag).toBe('"1"');
    });

    it('refuses a stale If-Match with 412 VERSION_CONFLICT naming the current version, and accepts a matching one', async () => {
      const id = await projectAt(t, 'NEGOTIATING');
      const res = await expectRefused(
        t,
        () =>
          as(t)
            .post(`/projects/${id}/activities`, { occurredOn: '2026-03-01', type: 'VISIT' })
            .set('If-Match', '"1"'),
        412,
        'VERSION_CONFLICT',
      );
      expect(res.body.currentVersion).toBe(2);
      await expectRefused(
        t,
        () =>
          as(t)
            .post(`/projects/${id}/drop`, { occurredOn: '2026-03-01', reason: '无' })
            .set('If-Match', '"7"'),
        412,
        'VERSION_CONFLICT',
      );
      const ok = await as(t)
        .post(`/projects/${id}/signing`, {
          occurredOn: '2026-03-18',
          contractInvestment: 100,
          occasion: 'INDIVIDUAL',
        })
        .set('If-Match', '"2"')
        .expect(200);
      expect(ok.body).toEqual({ id, stage: 'SIGNED', version: 3 });
      expect(ok.headers.etag).toBe('"3"');
      // A weak validator or a bare number name the same version.
      await as(t)
        .post(`/projects/${id}/activities`, { occurredOn: '2026-03-19', type: 'VISIT' })
        .set('If-Match', 'W/"3"')
        .expect(201);
      await as(t)
        .post(`/projects/${id}/activities`, { occurredOn: '2026-03-19', type: 'VISIT' })
        .set('If-Match', '4')
        .expect(201);
    });

    it('refuses a malformed If-Match with 400', async () => {
      const id = await createProject(t);
      const res = await expectRefused(
        t,
        () =>
          as(t)
            .post(`/projects/${id}/activities`, { occurredOn: '2026-03-01', type: 'VISIT' })
            .set('If-Match', 'yesterday'),
        400,
        'VALIDATION_FAILED',
      );
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'If-Match' })]);
    });
  });

  describe('concurrent commands on one project', () => {
    it('without If-Match: all 10 succeed, versions run on without a gap, the arrived total is exact', async () => {
      const id = await projectAt(t, 'SIGNED');
      const amounts = Array.from({ length: 10 }, (_, i) => 1000 + i + (i + 1) / 10_000); // 1000.0001 … 1009.001
      const responses = await Promise.all(
        amounts.map((amount) =>
          as(t).post(`/projects/${id}/investments`, { occurredOn: '2026-04-01', amount }),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
      const versions = responses.map((r) => r.body.version as number).sort((a, b) => a - b);
      expect(versions).toEqual([4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
      for (const r of responses) expect(r.headers.etag).toBe(`"${r.body.version}"`);

      const events = await as(t).get(`/projects/${id}/events?verify=true`).expect(200);
      expect(events.body.events.map((e: { version: number }) => e.version)).toEqual(
        Array.from({ length: 13 }, (_, i) => i + 1),
      );
      expect(events.body.verification).toEqual({ ok: true, checked: 13 });
      const project = await as(t).get(`/projects/${id}`).expect(200);
      // 10045 + 0.0055 = 10045.0055 exactly.
      expect(project.body.amounts.arrived.CNY).toBe(10045.0055);
      expect(project.body.version).toBe(13);
      const listed = await as(t).get('/projects?stage=SIGNED&limit=200').expect(200);
      expect(listed.body.items.find((p: { id: string }) => p.id === id)).toMatchObject({
        arrived: 10045.0055,
        version: 13,
      });
    });

    it('without If-Match: 10 concurrent activities all count', async () => {
      const id = await createProject(t);
      const responses = await Promise.all(
        Array.from({ length: 10 }, () =>
          as(t).post(`/projects/${id}/activities`, {
            occurredOn: '2026-02-01',
            type: 'PROMOTION_EVENT',
          }),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(10).fill(201));
      expect(new Set(responses.map((r) => r.body.version)).size).toBe(10);
      const project = await as(t).get(`/projects/${id}`).expect(200);
      expect(project.body.activities.PROMOTION_EVENT).toBe(10);
      expect(project.body.version).toBe(11);
    });

    it('with the same If-Match: exactly one succeeds, the other nine get 412, one event written', async () => {
      const id = await projectAt(t, 'SIGNED');
      const before = await writeCounts(t);
      const responses: Response[] = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          as(t)
            .post(`/projects/${id}/investments`, { occurredOn: '2026-04-01', amount: 10 + i })
            .set('If-Match', '"3"'),
        ),
      );
      const won = responses.filter((r) => r.status === 201);
      const lost = responses.filter((r) => r.status !== 201);
      expect(won).toHaveLength(1);
      expect(won[0]!.body).toEqual({ id, stage: 'SIGNED', version: 4 });
      expect(lost).toHaveLength(9);
      for (const r of lost) {
        expectProblem(r, 412, 'VERSION_CONFLICT');
        expect(r.body.currentVersion).toBe(4);
      }
      expect(await writeCounts(t)).toEqual({ ...before, events: before.events + 1 });
      const project = await as(t).get(`/projects/${id}`).expect(200);
      expect(project.body.version).toBe(4);
      expect([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]).toContain(project.body.amounts.arrived.CNY);
    });

    it('refuses every stage step but one when the same step races', async () => {
      const id = await projectAt(t, 'NEGOTIATING');
      const responses = await Promise.all(
        Array.from({ length: 4 }, () =>
          as(t).post(`/projects/${id}/signing`, {
            occurredOn: '2026-03-18',
            contractInvestment: 500,
            occasion: 'CEREMONY',
          }),
        ),
      );
      expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
      for (const r of responses.filter((x) => x.status !== 200)) {
        expectProblem(r, 409, 'STAGE_TRANSITION_NOT_ALLOWED');
        expect(r.body.currentStage).toBe('SIGNED');
      }
      const types = (await as(t).get(`/projects/${id}/events`).expect(200)).body.events.map(
        (e: { type: string }) => e.type,
      );
      expect(types.filter((x: string) => x === 'ContractSigned')).toHaveLength(1);
    });

    it('registers leads concurrently without interference', async () => {
      const before = await writeCounts(t);
      const responses = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          as(t).post('/projects', leadBody({ name: `并发线索${i}` })),
        ),
      );
      expect(responses.map((r) => r.status)).toEqual(Array(8).fill(201));
      expect(new Set(responses.map((r) => r.body.id)).size).toBe(8);
      expect(await writeCounts(t)).toEqual({
        ...before,
        events: before.events + 8,
        projects: before.projects + 8,
      });
    });
  });
});
