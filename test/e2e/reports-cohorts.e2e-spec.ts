import { ProjectorService } from '../../apps/luodi/src/projections/projector.service';
import { as, createProject, REGION, seedReference, walkTo } from '../support/fixtures';
import { createTestApp, type TestApp } from '../support/test-app';

// Response bodies are checked loosely here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>;

/** Supervision writes its items after each command: let it finish, then the read models. */
const caughtUp = async (t: TestApp) => {
  await t.supervised();
  await t.app.get(ProjectorService).waitForCatchUp();
};

async function factRows(t: TestApp, generation: number): Promise<unknown[]> {
  return t.dataSource.query(
    `SELECT position::text, project_id, version, type, occurred_on::text, recorded_at, stage,
            amount_yuan::text, region_code, issue_id, detail FROM rm_facts_g${generation} ORDER BY position`,
  );
}

describe('conversion, funnel, weekly meeting and rebuild', () => {
  let t: TestApp;
  let dropped: string;
  let reactivated: string;
  beforeAll(async () => {
    t = await createTestApp();
    await seedReference(t);
    // Signed 2026-03-18 (fixtures' walk): one producing, one broke ground, one registered.
    await walkTo(t, await createProject(t), 'IN_PRODUCTION');
    await walkTo(t, await createProject(t, { regionCode: REGION.QINGFENG }), 'UNDER_CONSTRUCTION');
    await walkTo(t, await createProject(t, { regionCode: REGION.PUYANG_TOWN }), 'REGISTERED');
    dropped = await createProject(t);
    await walkTo(t, dropped, 'SIGNED');
    await as(t)
      .post(`/projects/${dropped}/drop`, { occurredOn: '2026-04-01', reason: '资金链断裂' })
      .expect(200);
    reactivated = await createProject(t);
    await walkTo(t, reactivated, 'SIGNED');
    await as(t)
      .post(`/projects/${reactivated}/drop`, { occurredOn: '2026-04-01', reason: '暂停' })
      .expect(200);
    await as(t)
      .post(`/projects/${reactivated}/reactivation`, { occurredOn: '2026-05-01' })
      .expect(200);
    await as(t)
      .post(`/projects/${reactivated}/investments`, { occurredOn: '2026-05-02', amount: 20000 })
      .expect(201);
    await caughtUp(t);
  }, 120_000);
  afterAll(() => t.close());

  it('converts the signing cohort, stating the landing rule', async () => {
    const q = '/reports/conversion?signedFrom=2026-01-01&signedTo=2026-06-30&asOf=2026-06-30';
    const res = await as(t).get(q).expect(200);
    expect(res.body.landing.rule).toBe('UNDER_CONSTRUCTION');
    expect(res.body.total).toMatchObject({
      signed: 5,
      registered: 3,
      groundbroken: 2,
      inProduction: 1,
      dropped: 1,
      landed: 2,
      registrationRate: 60.0,
      groundbreakingRate: 40.0,
      landingRate: 40.0,
      fundsArrivalRate: 5.0,
      medianDaysSignedToRegistered: 23,
      medianDaysSignedToGroundbroken: 49,
    });
    expect(res.body.total.contractInvestment.yi).toBe('40');
    const registered = await as(t).get(`${q}&landing=REGISTERED&groupBy=signedMonth`).expect(200);
    expect(registered.body.landing.rule).toBe('REGISTERED');
    expect(registered.body.total.landingRate).toBe(60.0);
    expect(registered.body.groups.map((g: Row) => g.key)).toEqual(['2026-03']);
    // While dropped (asOf 2026-04-15) the reactivated project counts as dropped too.
    const april = await as(t).get(q.replace('asOf=2026-06-30', 'asOf=2026-04-15')).expect(200);
    expect(april.body.total.dropped).toBe(2);
    expect(april.body.total.groundbroken).toBe(0);
  });

  it('counts the funnel with step conversion and median days', async () => {
    const res = await as(t)
      .get('/reports/funnel?from=2026-01-01&to=2026-01-31&asOf=2026-06-30')
      .expect(200);
    expect(res.body.entered).toBe(5);
    const stage = (s: string) => res.body.stages.find((x: Row) => x.stage === s);
    expect(stage('SIGNED')).toMatchObject({
      reached: 5,
      conversionFromPrevious: 100.0,
      medianDaysInStage: 23,
    });
    expect(stage('REGISTERED')).toMatchObject({ reached: 3, conversionFromPrevious: 60.0 });
    expect(stage('IN_PRODUCTION')).toMatchObject({ reached: 1, medianDaysInStage: null });
  });

  it('produces the weekly agenda', async () => {
    const res = await as(t).get('/reports/weekly-meeting?date=2026-06-23').expect(200);
    expect(res.body.week).toEqual({ from: '2026-06-16', to: '2026-06-22' });
    expect(res.body.thisWeek.productions).toHaveLength(1);
    expect(res.body.signedNotStarted.map((p: Row) => p.stage).sort()).toEqual([
      'REGISTERED',
      'SIGNED',
    ]);
    expect(res.body.lastMeetingDecisions).toMatchObject({ items: [] });
    expect(res.body.regionRanking.map((r: Row) => r.regionCode)).toEqual(
      expect.arrayContaining([REGION.CITY]),
    );
  });

  it('rebuilds while commands keep arriving and switches over to an equal projection', async () => {
    const before = (await as(t).get('/projections').expect(200)).body[0];
    expect(before.name).toBe('facts');
    const writes = (async () => {
      for (let i = 0; i < 6; i++) await walkTo(t, await createProject(t), 'REGISTERED');
    })();
    const started = await as(t).post('/projections/facts/rebuild').expect(202);
    expect(started.body).toMatchObject({ name: 'facts', generation: before.generation + 1 });
    await writes;
    let progress: Row = {};
    for (let i = 0; i < 200; i++) {
      progress = (await as(t).get('/projections/facts/rebuild').expect(200)).body;
      if (progress.status !== 'RUNNING') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(progress.status).toBe('SWITCHED');
    expect(progress.eventsDone).toBeGreaterThan(0);
    expect(typeof progress.eventsPerSecond).toBe('number');
    await caughtUp(t);
    const after = (await as(t).get('/projections').expect(200)).body[0];
    expect(after.generation).toBe(before.generation + 1);
    expect(after.lag).toBe(0);
    // A second from-scratch rebuild equals the live-maintained one.
    await t.app.get(ProjectorService).projector.rebuild('facts');
    await caughtUp(t);
    expect(await factRows(t, before.generation + 2)).toEqual(
      await factRows(t, before.generation + 1),
    );
    await as(t).post('/projections/nope/rebuild').expect(404);
  });
});
