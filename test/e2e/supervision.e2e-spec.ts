import { createTestApp, type TestApp } from '../support/test-app';
import {
  as,
  createClient,
  createProject,
  expectRefused,
  projectAt,
  REGION,
  seedReference,
} from '../support/fixtures';

jest.setTimeout(60_000);

// A project registered on 2026-04-10 after signing on 2026-03-18 with default commitments:
// ground must be broken by 2026-09-14 (signing + 180 days).
const BREAK_GROUND_BY = '2026-09-14';
const noon = (date: string) => `${date}T10:00:00+08:00`;

interface Item {
  id: string;
  ruleId: string;
  kind: string;
  severity: string;
  status: string;
  escalationLevel: string;
  reason: string;
  closure: string | null;
  projectId: string | null;
  history: Array<{ type: string; status: string }>;
}

describe('supervision: rules, 督办 items and the light', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ now: noon('2026-06-30') });
    await seedReference(t);
  });
  afterAll(() => t.close());

  const evaluate = async (date: string) => {
    t.clock.set(noon(date));
    return (await as(t).post('/supervision/evaluations', {}).expect(200)).body as {
      raised: number;
      escalated: number;
      cleared: number;
    };
  };
  const itemsOf = async (projectId: string, query = '') =>
    (await as(t).get(`/supervision/items?projectId=${projectId}&limit=200${query}`).expect(200))
      .body.items as Item[];
  const openItem = async (projectId: string, ruleId: string) =>
    (await itemsOf(projectId, `&status=OPEN&ruleId=${ruleId}`))[0];
  const light = async (id: string) => (await as(t).get(`/projects/${id}`).expect(200)).body.light;

  describe('the groundbreaking deadline', () => {
    let id: string;
    beforeAll(async () => {
      t.clock.set(noon('2026-06-30'));
      id = await projectAt(t, 'REGISTERED');
      await t.supervised();
    });

    it('is green 16 days before the deadline and yellow 15 days before, at the unit', async () => {
      await evaluate('2026-08-29');
      expect(await openItem(id, 'GROUNDBREAKING_DEADLINE')).toBeUndefined();
      expect(await light(id)).toBe('GREEN');

      const first = await evaluate('2026-08-30');
      expect(first.raised).toBeGreaterThanOrEqual(1);
      const item = await openItem(id, 'GROUNDBREAKING_DEADLINE');
      expect(item).toMatchObject({
        kind: 'PROJECT',
        severity: 'YELLOW',
        status: 'ISSUED',
        escalationLevel: 'UNIT',
      });
      expect(item!.reason).toContain(`承诺开工日期 ${BREAK_GROUND_BY},距期限仅剩 15 天`);
      expect(await light(id)).toBe('YELLOW');
      const listed = await as(t).get('/projects?light=YELLOW&limit=200').expect(200);
      expect(listed.body.items.map((p: { id: string }) => p.id)).toContain(id);
    });

    it('changes nothing when the same instant is evaluated again', async () => {
      const before = await t.dataSource.query(`SELECT count(*)::int AS n FROM events`);
      const again = await evaluate('2026-08-30');
      expect(again).toMatchObject({ raised: 0, escalated: 0, cleared: 0 });
      expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM events`)).toEqual(before);
    });

    it('turns red the day after the deadline, once, at the deputy mayor', async () => {
      const later = await evaluate('2026-09-15');
      expect(later.escalated).toBeGreaterThanOrEqual(1);
      const item = await openItem(id, 'GROUNDBREAKING_DEADLINE');
      expect(item).toMatchObject({ severity: 'RED', escalationLevel: 'DEPUTY_MAYOR' });
      expect(item!.reason).toBe(`签约已 181 天未开工,承诺开工日期 ${BREAK_GROUND_BY} 已逾期 1 天`);
      expect(item!.history.map((h) => h.type)).toEqual([
        'SupervisionItemRaised',
        'SupervisionItemEscalated',
      ]);
      expect(await light(id)).toBe('RED');
      expect((await evaluate('2026-09-15')).escalated).toBe(0);
    });

    it('clears at once when the ground is broken', async () => {
      const before = await openItem(id, 'GROUNDBREAKING_DEADLINE');
      t.clock.set(noon('2026-09-16'));
      await as(t).post(`/projects/${id}/groundbreaking`, { occurredOn: '2026-09-16' }).expect(200);
      await t.supervised();
      expect(await openItem(id, 'GROUNDBREAKING_DEADLINE')).toBeUndefined();
      const closed = (await as(t).get(`/supervision/items/${before!.id}`).expect(200)).body as Item;
      expect(closed).toMatchObject({ status: 'CLOSED', closure: 'CLEARED' });
      expect(closed.reason).toBe('项目已于 2026-09-16 开工,预警解除');
      expect(await light(id)).toBe('GREEN');
      // The light on a past date comes from the items as they were then.
      expect((await as(t).get(`/projects/${id}?asOf=2026-09-15`).expect(200)).body.light).toBe(
        'RED',
      );
    });

    it('does not raise again for a day before the item knew better (a backfill)', async () => {
      const count = (await itemsOf(id, '&ruleId=GROUNDBREAKING_DEADLINE')).length;
      t.clock.set(noon('2026-09-20'));
      await as(t)
        .post('/supervision/evaluations', { at: noon('2026-09-15') })
        .expect(200);
      expect(await itemsOf(id, '&ruleId=GROUNDBREAKING_DEADLINE')).toHaveLength(count);
    });
  });

  it('raises a yellow on the third reschedule of the same deadline', async () => {
    t.clock.set(noon('2026-06-30'));
    const id = await projectAt(t, 'REGISTERED');
    const reschedule = async (breakGroundBy: string) => {
      await as(t)
        .post(`/projects/${id}/commitments`, {
          occurredOn: '2026-06-30',
          breakGroundBy,
          reason: '投资方调整计划',
        })
        .expect(200);
      await t.supervised();
    };
    await reschedule('2026-10-31');
    await reschedule('2026-11-30');
    expect(await openItem(id, 'COMMITMENT_SLIPPED')).toBeUndefined();
    await reschedule('2026-12-31');
    const item = await openItem(id, 'COMMITMENT_SLIPPED');
    expect(item).toMatchObject({ severity: 'YELLOW', escalationLevel: 'UNIT' });
    expect(item!.reason).toBe('承诺开工日期已调整 3 次(现为 2026-12-31)');
  });

  describe('a problem nobody was made responsible for', () => {
    let id: string;
    let issueId: string;
    beforeAll(async () => {
      t.clock.set(noon('2026-06-29'));
      id = await projectAt(t, 'REGISTERED');
      const res = await as(t)
        .post(`/projects/${id}/issues`, {
          occurredOn: '2026-06-27',
          category: 'LAND',
          description: '项目用地指标尚未落实',
          coordinationLevel: 'COUNTY',
        })
        .expect(201);
      issueId = res.body.issueId;
      await t.supervised();
    });

    it('goes yellow 3 days after it was raised, not before', async () => {
      expect(await openItem(id, 'ISSUE_UNASSIGNED')).toBeUndefined();
      await evaluate('2026-06-30');
      const item = await openItem(id, 'ISSUE_UNASSIGNED');
      expect(item).toMatchObject({ kind: 'ISSUE', severity: 'YELLOW' });
      expect(item!.reason).toBe('问题「项目用地指标尚未落实」提出已 3 天仍未明确责任单位');
    });

    it('walks the 督办单 ladder and refuses steps out of order', async () => {
      const item = (await openItem(id, 'ISSUE_UNASSIGNED'))!;
      const step = (path: string, body: object = {}) =>
        as(t).post(`/supervision/items/${item.id}/${path}`, body);
      await expectRefused(
        t,
        () => step('review', { approved: true, note: '同意' }),
        409,
        'ITEM_STEP_NOT_ALLOWED',
      );
      expect((await step('acknowledgement', { note: '已签收' }).expect(200)).body.status).toBe(
        'ACKNOWLEDGED',
      );
      expect(
        (await step('feedback', { note: '正在协调', done: false }).expect(200)).body.status,
      ).toBe('IN_PROGRESS');
      expect((await step('feedback', { note: '已报县政府' }).expect(200)).body.status).toBe(
        'FEEDBACK_SUBMITTED',
      );
      expect(
        (await step('review', { approved: false, note: '未落实' }).expect(200)).body.status,
      ).toBe('IN_PROGRESS');
      await step('feedback', { note: '县自然资源局牵头' }).expect(200);
      expect((await step('review', { approved: true, note: '属实' }).expect(200)).body.status).toBe(
        'REVIEWED',
      );
      await expectRefused(t, () => step('closure', {}), 400, 'VALIDATION_FAILED');
      const closed = (await step('closure', { note: '已办结' }).expect(200)).body as Item;
      expect(closed).toMatchObject({ status: 'CLOSED', closure: 'COMPLETED' });
      expect(closed.history.map((h) => h.status)).toEqual([
        'ISSUED',
        'ACKNOWLEDGED',
        'IN_PROGRESS',
        'FEEDBACK_SUBMITTED',
        'IN_PROGRESS',
        'FEEDBACK_SUBMITTED',
        'REVIEWED',
        'CLOSED',
      ]);
      await expectRefused(t, () => step('acknowledgement'), 409, 'ITEM_STEP_NOT_ALLOWED');
    });

    it('raises again one level higher while the condition holds, and clears on assignment', async () => {
      await evaluate('2026-07-01');
      const again = await openItem(id, 'ISSUE_UNASSIGNED');
      expect(again).toMatchObject({ severity: 'YELLOW', escalationLevel: 'DEPUTY_MAYOR' });
      await as(t)
        .post(`/projects/${id}/issues/${issueId}/assignment`, {
          occurredOn: '2026-07-01',
          unit: '县自然资源局',
          dueOn: '2026-07-31',
        })
        .expect(200);
      await t.supervised();
      expect(await openItem(id, 'ISSUE_UNASSIGNED')).toBeUndefined();
    });
  });

  describe('thresholds', () => {
    it('are versioned, and a change applies from the next evaluation', async () => {
      t.clock.set(noon('2026-06-30'));
      const id = await projectAt(t, 'REGISTERED', { name: '阈值项目' });
      const rules = await as(t).get('/supervision/rules').expect(200);
      expect(rules.headers.etag).toBe('"0"');
      expect(rules.body.settings.rules.GROUNDBREAKING_DEADLINE).toEqual({
        enabled: true,
        yellowDaysBefore: 15,
      });

      await evaluate('2026-08-20');
      expect(await openItem(id, 'GROUNDBREAKING_DEADLINE')).toBeUndefined();
      const settings = structuredClone(rules.body.settings);
      settings.rules.GROUNDBREAKING_DEADLINE.yellowDaysBefore = 30;
      const changed = await as(t)
        .put('/supervision/rules', { ...settings, reason: '提前预警' })
        .set('If-Match', '"0"')
        .expect(200);
      expect(changed.body).toMatchObject({
        version: 1,
        reason: '提前预警',
        changedBy: 'test-admin',
      });
      expect(await openItem(id, 'GROUNDBREAKING_DEADLINE')).toBeUndefined();
      await evaluate('2026-08-20');
      expect(await openItem(id, 'GROUNDBREAKING_DEADLINE')).toMatchObject({ severity: 'YELLOW' });

      const history = await as(t).get('/supervision/rules/history').expect(200);
      expect(history.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 0]);
      await expectRefused(
        t,
        () =>
          as(t)
            .put('/supervision/rules', { ...settings, reason: '旧版本' })
            .set('If-Match', '"0"'),
        412,
        'VERSION_CONFLICT',
      );
      settings.rules.NEGOTIATION_STALLED.redAfterDays = 30;
      await expectRefused(
        t,
        () => as(t).put('/supervision/rules', { ...settings, reason: '错' }),
        400,
        'VALIDATION_FAILED',
      );
      await expectRefused(
        t,
        () => as(t).put('/supervision/rules', { ...rules.body.settings, reason: 'x', extra: 1 }),
        400,
        'VALIDATION_FAILED',
      );
      // Back to the defaults for the other tests.
      await as(t)
        .put('/supervision/rules', { ...rules.body.settings, reason: '恢复默认' })
        .expect(200);
    });
  });

  describe('meeting decisions', () => {
    it('are tracked items: green, yellow near the due date, red after it', async () => {
      t.clock.set(noon('2026-06-30'));
      const id = await createProject(t, { name: '议定事项项目' });
      const res = await as(t)
        .post('/meetings/2026-06-30/decisions', {
          projectId: id,
          text: '协调解决项目用电增容',
          unit: '市发展改革委',
          dueOn: '2026-07-10',
        })
        .expect(201);
      expect(res.headers.location).toBe(`/api/v1/supervision/items/${res.body.id}`);
      expect(res.body).toMatchObject({
        kind: 'DECISION',
        severity: 'GREEN',
        status: 'ISSUED',
        meetingDate: '2026-06-30',
      });
      await evaluate('2026-07-07');
      expect((await as(t).get(`/supervision/items/${res.body.id}`).expect(200)).body.severity).toBe(
        'YELLOW',
      );
      await evaluate('2026-07-11');
      const red = (await as(t).get(`/supervision/items/${res.body.id}`).expect(200)).body;
      expect(red).toMatchObject({
        severity: 'RED',
        escalationLevel: 'DEPUTY_MAYOR',
        overdueDays: 1,
      });
      expect(await light(id)).toBe('RED');
      const listed = await as(t).get('/meetings/2026-06-30/decisions').expect(200);
      expect(listed.body.items.map((i: Item) => i.id)).toEqual([res.body.id]);
      await expectRefused(
        t,
        () =>
          as(t).post('/meetings/2026-06-30/decisions', {
            text: '无区划',
            unit: '市商务局',
            dueOn: '2026-07-10',
          }),
        400,
        'VALIDATION_FAILED',
      );
      await expectRefused(
        t,
        () =>
          as(t).post('/meetings/2026-06-30/decisions', {
            projectId: id,
            text: '期限早于会议',
            unit: '市商务局',
            dueOn: '2026-06-01',
          }),
        400,
        'VALIDATION_FAILED',
      );
    });
  });

  it('keeps a county key to its own region', async () => {
    t.clock.set(noon('2026-07-11'));
    const county = await createClient(t, {
      scopes: ['supervision:read', 'supervision:write'],
      regionCodes: [REGION.QINGFENG],
    });
    const all = (await as(t).get('/supervision/items?limit=200').expect(200)).body.items as Array<
      Item & { regionCode: string }
    >;
    const puyang = all.find((i) => i.regionCode === REGION.PUYANG);
    expect(puyang).toBeDefined();
    const seen = (await as(t, county.apiKey).get('/supervision/items?limit=200').expect(200)).body
      .items as Array<{
      regionCode: string;
    }>;
    expect(seen.every((i) => i.regionCode.startsWith(REGION.QINGFENG))).toBe(true);
    // Another county's item answers like a missing one.
    await as(t, county.apiKey).get(`/supervision/items/${puyang!.id}`).expect(404);
    await expectRefused(
      t,
      () => as(t, county.apiKey).post(`/supervision/items/${puyang!.id}/closure`, { note: '越权' }),
      404,
      'NOT_FOUND',
    );
    await expectRefused(
      t,
      () => as(t, county.apiKey).post('/supervision/evaluations', {}),
      403,
      'FORBIDDEN',
    );
  });

  it('refuses an evaluation in the future', async () => {
    t.clock.set(noon('2026-07-11'));
    await expectRefused(
      t,
      () => as(t).post('/supervision/evaluations', { at: noon('2026-07-12') }),
      400,
      'VALIDATION_FAILED',
    );
  });
});
