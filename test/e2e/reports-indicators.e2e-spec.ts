import { ProjectorService } from '../../apps/luodi/src/projections/projector.service';
import { as, createClient, creditCode } from '../support/fixtures';
import { createTestApp, type TestApp } from '../support/test-app';

// Response bodies are checked loosely here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>;

// 谷城经济开发区 as of 2021-05-31 (the brief's published figures).
const CITY = '420600';
const COUNTY = '420625';
const ZONE = '420625400';
const OTHER = '420682';
const CHAIN = 'NEW_MATERIALS';

const caughtUp = (t: TestApp) => t.app.get(ProjectorService).waitForCatchUp();

async function lead(t: TestApp, region: string, on: string, wan = 20000): Promise<string> {
  const res = await as(t)
    .post('/projects', {
      name: `项目${on}${Math.random().toString(36).slice(2, 8)}`,
      investor: { name: '某投资有限公司' },
      industryChain: CHAIN,
      regionCode: region,
      source: 'FAIR',
      estimatedInvestment: wan,
      occurredOn: on,
    })
    .expect(201);
  return res.body.id as string;
}

const negotiate = (t: TestApp, id: string, on: string, wan: number) =>
  as(t).post(`/projects/${id}/negotiation`, { occurredOn: on, plannedInvestment: wan }).expect(200);
const sign = (t: TestApp, id: string, on: string, wan: number) =>
  as(t)
    .post(`/projects/${id}/signing`, {
      occurredOn: on,
      contractInvestment: wan,
      occasion: 'CEREMONY',
    })
    .expect(200);
let seed = 1;
const register = (t: TestApp, id: string, on: string) =>
  as(t)
    .post(`/projects/${id}/registration`, {
      occurredOn: on,
      creditCode: creditCode(seed++),
      companyName: `谷城某公司${seed}`,
    })
    .expect(200);
const breakGround = (t: TestApp, id: string, on: string) =>
  as(t).post(`/projects/${id}/groundbreaking`, { occurredOn: on }).expect(200);
const arrive = (t: TestApp, id: string, on: string, wan: number) =>
  as(t).post(`/projects/${id}/investments`, { occurredOn: on, amount: wan }).expect(201);

async function signed(t: TestApp, region: string, signOn: string, wan: number): Promise<string> {
  const id = await lead(t, region, '2020-12-01', wan);
  await negotiate(t, id, '2020-12-15', wan);
  await sign(t, id, signOn, wan);
  return id;
}

const byKey = (body: { indicators: Array<{ key: string }> }, key: string) =>
  body.indicators.find((i) => i.key === key) as Row;

describe('GET /reports/indicators', () => {
  let t: TestApp;
  let zoneProjects: string[];
  beforeAll(async () => {
    t = await createTestApp();
    const admin = as(t);
    await admin.put(`/regions/${CITY}`, { name: '襄阳市' }).expect(201);
    await admin.put(`/regions/${COUNTY}`, { name: '谷城县', parentCode: CITY }).expect(201);
    await admin.put(`/regions/${ZONE}`, { name: '谷城经济开发区', parentCode: COUNTY }).expect(201);
    await admin.put(`/regions/${OTHER}`, { name: '老河口市', parentCode: CITY }).expect(201);
    await admin.put(`/industry-chains/${CHAIN}`, { name: '新材料' }).expect(201);
    await admin
      .put(`/targets/2021/${ZONE}`, {
        contractInvestment: 741800,
        fundsArrived: 675500,
        signedProjectsOver100m: 24,
        negotiatingInvestmentOver100m: 1116000,
      })
      .expect(200);
    await admin
      .put(`/targets/2021/${COUNTY}`, { contractInvestment: 800000, fundsArrived: 700000 })
      .expect(200);
    await admin.put(`/targets/2021/${OTHER}`, { contractInvestment: 100000 }).expect(200);

    // 19 projects ≥ 1 亿 signed Jan–May 2021: 18 × 4.4 亿 + 5.37 亿 = 84.57 亿.
    zoneProjects = [];
    for (let i = 0; i < 19; i++) {
      const month = String((i % 5) + 1).padStart(2, '0');
      zoneProjects.push(await signed(t, ZONE, `2021-${month}-10`, i === 18 ? 53700 : 44000));
    }
    // 7 of them broke ground.
    for (const id of zoneProjects.slice(0, 7)) {
      await register(t, id, '2021-05-15');
      await breakGround(t, id, '2021-05-20');
    }
    // 35.8 亿 arrived in 2021 (8 × 4.475 亿), plus money dated after the as-of date.
    for (const id of zoneProjects.slice(0, 8)) await arrive(t, id, '2021-05-25', 44750);
    await arrive(t, zoneProjects[10]!, '2021-06-05', 10000);
    // 45 projects ≥ 1 亿 in negotiation: 44 × 2.8 亿 + 2.9 亿 = 126.1 亿.
    for (let i = 0; i < 45; i++) {
      const id = await lead(t, ZONE, '2021-02-01');
      await negotiate(t, id, '2021-03-01', i === 44 ? 29000 : 28000);
    }
    // Noise: signed in 2020, a small negotiation, a project in another county.
    await signed(t, ZONE, '2020-12-20', 30000);
    const small = await lead(t, ZONE, '2021-02-01', 5000);
    await negotiate(t, small, '2021-03-01', 5000);
    await signed(t, OTHER, '2021-04-01', 20000);
    await caughtUp(t);
  }, 240_000);
  afterAll(() => t.close());

  it('reads the 谷城 figures of 2021-05-31', async () => {
    const res = await as(t)
      .get(`/reports/indicators?year=2021&regionCode=${ZONE}&asOf=2021-05-31`)
      .expect(200);
    const body = res.body;
    expect(body.timeProgress).toBe(41.4);
    const contract = byKey(body, 'contractInvestment');
    expect(contract.actualAmount).toEqual({ yuan: 8_457_000_000, wan: 845700, yi: '84.57' });
    expect(contract.completion).toBe(114.0);
    expect(contract.behindSchedule).toBe(false);
    const funds = byKey(body, 'fundsArrived');
    expect(funds.actualAmount.yi).toBe('35.8');
    expect(funds.completion).toBe(53.0);
    const over = byKey(body, 'signedProjectsOver100m');
    expect(over).toMatchObject({ actual: 19, target: 24, completion: 79.2, started: 7 });
    const negotiating = byKey(body, 'negotiatingInvestmentOver100m');
    expect(negotiating.count).toBe(45);
    expect(negotiating.actualAmount.yi).toBe('126.1');
    expect(negotiating.completion).toBe(113.0);
    expect(byKey(body, 'signedProjects').actual).toBe(19);
    expect(byKey(body, 'majorProjectsSigned').actual).toBe(1);
    expect(byKey(body, 'groundbrokenProjects').actual).toBe(7);
    expect(body.doubleHalf).toMatchObject({ achieved: true, early: true });
    expect(typeof contract.rule).toBe('string');
  });

  it('rolls the regions below up and ranks them by completion', async () => {
    const res = await as(t)
      .get(`/reports/indicators?year=2021&regionCode=${CITY}&asOf=2021-05-31`)
      .expect(200);
    // The city sees both counties: 84.57 + 2 亿.
    expect(byKey(res.body, 'contractInvestment').actualAmount.yi).toBe('86.57');
    expect(byKey(res.body, 'signedProjects').actual).toBe(20);
    expect(res.body.regions.map((r: Row) => [r.rank, r.regionCode, r.completion])).toEqual([
      [1, COUNTY, 105.7],
      [2, OTHER, 20.0],
    ]);
    expect(res.body.regions[1].behindSchedule).toBe(true);
  });

  it('counts only what was recorded by knownAt (late reports)', async () => {
    const printed = new Date();
    await new Promise((r) => setTimeout(r, 20));
    // A county enters a signing of 2021-05-28 only now.
    await signed(t, ZONE, '2021-05-28', 10000);
    await caughtUp(t);
    const q = `/reports/indicators?year=2021&regionCode=${ZONE}&asOf=2021-05-31`;
    const then = await as(t)
      .get(`${q}&knownAt=${encodeURIComponent(printed.toISOString())}`)
      .expect(200);
    const now = await as(t).get(q).expect(200);
    expect(byKey(then.body, 'signedProjectsOver100m').actual).toBe(19);
    expect(byKey(now.body, 'signedProjectsOver100m').actual).toBe(20);
    expect(byKey(now.body, 'contractInvestment').actualAmount.yi).toBe('85.57');
    // And asOf before the signing does not see it either.
    const earlier = await as(t)
      .get(`/reports/indicators?year=2021&regionCode=${ZONE}&asOf=2021-05-27`)
      .expect(200);
    expect(byKey(earlier.body, 'signedProjectsOver100m').actual).toBe(19);
  });

  it('needs reports:read and refuses regions outside the key', async () => {
    const county = await createClient(t, { scopes: ['reports:read'], regionCodes: [OTHER] });
    await as(t, county.apiKey).get(`/reports/indicators?year=2021&regionCode=${ZONE}`).expect(403);
    const own = await as(t, county.apiKey)
      .get('/reports/indicators?year=2021&asOf=2021-05-31')
      .expect(200);
    expect(own.body.regionCode).toBe(OTHER);
    const reader = await createClient(t, { scopes: ['projects:read'] });
    await as(t, reader.apiKey).get('/reports/indicators?year=2021').expect(403);
    await as(t).get('/reports/indicators?year=2021&asOf=2021-02-30').expect(400);
  });
});
