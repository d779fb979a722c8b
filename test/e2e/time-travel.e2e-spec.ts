import { createTestApp, type TestApp } from '../support/test-app';
import {
  as,
  createProject,
  expectRefused,
  leadBody,
  projectAt,
  seedReference,
  STAGE_DATES,
  walkTo,
} from '../support/fixtures';

jest.setTimeout(60_000);

const TODAY_NOON = '2026-06-30T10:00:00+08:00';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An instant written with the +08:00 offset, as a Chinese caller would send it. */
function inShanghai(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().replace('Z', '+08:00');
}

/** The real instant now, safely between two recordings (recorded_at is the wall clock). */
async function instantBetweenRecordings(): Promise<Date> {
  await pause(25);
  const at = new Date();
  await pause(25);
  return at;
}

describe('time travel: asOf, knownAt and the clock', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ now: TODAY_NOON });
    await seedReference(t);
  });
  afterAll(() => t.close());
  afterEach(() => t.clock.set(TODAY_NOON));

  describe('a late-reported signing', () => {
    let id: string;
    let beforeSigningWasKnown: Date;

    beforeAll(async () => {
      id = await createProject(t);
      await walkTo(t, id, 'NEGOTIATING');
      beforeSigningWasKnown = await instantBetweenRecordings();
      // The county reports on 2026-06-30 a signing that happened on 2026-03-18.
      await as(t)
        .post(`/projects/${id}/signing`, {
          occurredOn: STAGE_DATES.SIGNED,
          contractInvestment: 80000,
          occasion: 'CEREMONY',
        })
        .expect(200);
    });

    it('is SIGNED now, dated on its business date', async () => {
      const res = await as(t).get(`/projects/${id}`).expect(200);
      expect(res.body).toMatchObject({
        stage: 'SIGNED',
        stageDates: { SIGNED: STAGE_DATES.SIGNED },
        version: 3,
      });
    });

    it('knownAt an instant before it was recorded shows the earlier stage', async () => {
      for (const knownAt of [
        beforeSigningWasKnown.toISOString(),
        inShanghai(beforeSigningWasKnown),
      ]) {
        const res = await as(t)
          .get(`/projects/${id}?knownAt=${encodeURIComponent(knownAt)}`)
          .expect(200);
        expect(res.body).toMatchObject({
          stage: 'NEGOTIATING',
          version: 2,
          amounts: { contract: null },
          commitments: { defaulted: [] },
        });
        expect(res.body.stageDates.SIGNED).toBeUndefined();
        expect(res.headers.etag).toBe('"2"');
      }
      const later = await as(t)
        .get(`/projects/${id}?knownAt=${encodeURIComponent(new Date().toISOString())}`)
        .expect(200);
      expect(later.body).toMatchObject({ stage: 'SIGNED', version: 3 });
    });

    it('asOf a date before the signing date shows NEGOTIATING; asOf the signing date shows SIGNED', async () => {
      const before = await as(t).get(`/projects/${id}?asOf=2026-03-17`).expect(200);
      expect(before.body).toMatchObject({ stage: 'NEGOTIATING', version: 2 });
      const on = await as(t).get(`/projects/${id}?asOf=${STAGE_DATES.SIGNED}`).expect(200);
      expect(on.body).toMatchObject({ stage: 'SIGNED', version: 3 });
      const lead = await as(t).get(`/projects/${id}?asOf=${STAGE_DATES.LEAD}`).expect(200);
      expect(lead.body).toMatchObject({ stage: 'LEAD', version: 1 });
    });

    it('combines asOf and knownAt: as of a date, as it was known at an instant', async () => {
      const res = await as(t)
        .get(
          `/projects/${id}?asOf=2026-06-01&knownAt=${encodeURIComponent(beforeSigningWasKnown.toISOString())}`,
        )
        .expect(200);
      expect(res.body.stage).toBe('NEGOTIATING');
    });

    it('answers 404 before the project existed, on either axis', async () => {
      await expectRefused(t, () => as(t).get(`/projects/${id}?asOf=2026-01-04`), 404, 'NOT_FOUND');
      await expectRefused(
        t,
        () => as(t).get(`/projects/${id}?knownAt=2020-01-01T00:00:00%2B08:00`),
        404,
        'NOT_FOUND',
      );
    });

    it('refuses a malformed asOf or knownAt', async () => {
      for (const query of [
        'asOf=2026-02-30',
        'asOf=2026-6-1',
        'knownAt=yesterday',
        'knownAt=2026-06-01T10:00:00',
        'knownAt=2026-06-01',
      ]) {
        const res = await expectRefused(
          t,
          () => as(t).get(`/projects/${id}?${query}`),
          400,
          'VALIDATION_FAILED',
        );
        expect(res.body.errors[0].field).toBe(query.split('=')[0]);
      }
    });
  });

  describe('asOf through money, drops and corrections', () => {
    it('counts only the funds arrived by the asOf date, exactly', async () => {
      const id = await projectAt(t, 'SIGNED');
      for (const [occurredOn, amount] of [
        ['2026-04-01', 0.1],
        ['2026-05-01', 0.2],
        ['2026-06-01', 2999.9999],
      ] as const) {
        await as(t).post(`/projects/${id}/investments`, { occurredOn, amount }).expect(201);
      }
      const at = async (asOf: string) =>
        (await as(t).get(`/projects/${id}?asOf=${asOf}`).expect(200)).body.amounts.arrived.CNY;
      expect(await at('2026-03-31')).toBe(0);
      expect(await at('2026-04-30')).toBe(0.1);
      expect(await at('2026-05-01')).toBe(0.3);
      expect(await at('2026-06-30')).toBe(3000.2999);
    });

    it('shows DROPPED between a drop and the reactivation', async () => {
      const id = await projectAt(t, 'SIGNED');
      await as(t)
        .post(`/projects/${id}/drop`, { occurredOn: '2026-04-01', reason: '暂停' })
        .expect(200);
      await as(t).post(`/projects/${id}/reactivation`, { occurredOn: '2026-05-01' }).expect(200);
      const stageOn = async (asOf: string) =>
        (await as(t).get(`/projects/${id}?asOf=${asOf}`).expect(200)).body.stage;
      expect(await stageOn('2026-03-31')).toBe('SIGNED');
      expect(await stageOn('2026-04-15')).toBe('DROPPED');
      expect(await stageOn('2026-05-01')).toBe('SIGNED');
    });

    it('knownAt before a correction shows the name as first registered', async () => {
      const id = await createProject(t, { name: '原名项目' });
      const known = await instantBetweenRecordings();
      await as(t)
        .post(`/projects/${id}/corrections`, {
          occurredOn: '2026-06-30',
          changes: { name: '更正后项目' },
          reason: '名称有误',
        })
        .expect(200);
      const then = await as(t)
        .get(`/projects/${id}?knownAt=${encodeURIComponent(known.toISOString())}`)
        .expect(200);
      expect(then.body.name).toBe('原名项目');
      expect((await as(t).get(`/projects/${id}`).expect(200)).body.name).toBe('更正后项目');
    });
  });

  describe('the clock', () => {
    it('refuses dates after today in Asia/Shanghai, whatever the UTC date', async () => {
      const id = await createProject(t);
      // 23:59:59 in Shanghai on 2026-06-30: tomorrow is still the future.
      t.clock.set('2026-06-30T23:59:59+08:00');
      const res = await expectRefused(
        t,
        () => as(t).post(`/projects/${id}/activities`, { occurredOn: '2026-07-01', type: 'VISIT' }),
        400,
        'VALIDATION_FAILED',
      );
      expect(res.body.errors).toEqual([
        expect.objectContaining({ field: 'occurredOn', code: 'DATE_IN_FUTURE' }),
      ]);
      expect(res.body.detail).toContain('2026-06-30');
      // 00:00:30 in Shanghai on 2026-07-01 is still 2026-06-30 in UTC, yet 07-01 is today.
      t.clock.set('2026-06-30T16:00:30Z');
      await as(t)
        .post(`/projects/${id}/activities`, { occurredOn: '2026-07-01', type: 'VISIT' })
        .expect(201);
      await expectRefused(
        t,
        () => as(t).post('/projects', leadBody({ occurredOn: '2026-07-02' })),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('turns the light yellow 15 days before a deadline and red after it', async () => {
      const id = await projectAt(t, 'NEGOTIATING');
      await as(t)
        .post(`/projects/${id}/signing`, {
          occurredOn: '2026-06-20',
          contractInvestment: 30000,
          occasion: 'INDIVIDUAL',
        })
        .expect(200);
      const light = async (query = '') =>
        (await as(t).get(`/projects/${id}${query}`).expect(200)).body.light;
      const listed = async (l: string) =>
        (await as(t).get(`/projects?light=${l}&limit=200`).expect(200)).body.items.map(
          (p: { id: string }) => p.id,
        );
      // registerBy defaults to 2026-09-18. Time passes through the scheduled evaluation.
      const evaluateAt = async (at: string) => {
        t.clock.set(at);
        await as(t).post('/supervision/evaluations', {}).expect(200);
      };
      await t.supervised();
      expect(await light()).toBe('GREEN');
      await evaluateAt('2026-09-02T10:00:00+08:00');
      expect(await light()).toBe('GREEN');
      await evaluateAt('2026-09-03T10:00:00+08:00');
      expect(await light()).toBe('YELLOW');
      expect(await listed('YELLOW')).toContain(id);
      await evaluateAt('2026-09-18T23:00:00+08:00');
      expect(await light()).toBe('YELLOW');
      // 00:30 in Shanghai on 2026-09-19 is still 2026-09-18 in UTC, yet the deadline has passed.
      await evaluateAt('2026-09-19T00:30:00+08:00');
      expect(await light()).toBe('RED');
      expect(await listed('RED')).toContain(id);
      expect(await listed('YELLOW')).not.toContain(id);
      // asOf judges the light on that date, not today.
      expect(await light('?asOf=2026-06-30')).toBe('GREEN');
      // Registering clears the registration deadline.
      await as(t)
        .post(`/projects/${id}/registration`, {
          occurredOn: '2026-09-19',
          creditCode: '91350100M000100Y43',
          companyName: '濮阳某氢能有限公司',
        })
        .expect(200);
      await t.supervised();
      expect(await light()).toBe('GREEN');
      expect(await listed('GREEN')).toContain(id);
    });
  });
});
