import type { INestApplication } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { Principal } from '../auth/scopes';
import { Clock } from '../common/clock';
import { foldSnapshots } from './project-snapshot';
import { ConversionHandler } from './queries/conversion.handler';
import { FunnelHandler } from './queries/funnel.handler';
import { IndicatorsHandler } from './queries/indicators.handler';
import { WeeklyMeetingHandler } from './queries/weekly-meeting.handler';
import { ReportDataService, type RegionContext } from './report-data.service';
import { ReportsController } from './reports.controller';
import { FactLog } from './testing/fact-log';
import { ItemLog } from './testing/item-log';

// The response schemas in the OpenAPI document must say exactly what the reports return: each
// report is run through the controller and query bus on in-memory data (no database) and its
// JSON is checked against the document with no property left out and none unlisted.

const CITY = '410900';
const PUYANG = '410928';
const PUYANG_ZONE = '410928400';
const QINGFENG = '410922';

/** 濮阳市 with two counties; 濮阳县 has a zone; targets for the city and 濮阳县 only. */
class InMemoryReportData {
  constructor(
    private readonly facts: FactLog,
    private readonly items: ItemLog,
  ) {}

  private readonly tree = new Map<string, { name: string; codes: string[] }>([
    [CITY, { name: '濮阳市', codes: [CITY, PUYANG, PUYANG_ZONE, QINGFENG] }],
    [PUYANG, { name: '濮阳县', codes: [PUYANG, PUYANG_ZONE] }],
    [PUYANG_ZONE, { name: '濮阳县产业集聚区', codes: [PUYANG_ZONE] }],
    [QINGFENG, { name: '清丰县', codes: [QINGFENG] }],
  ]);
  private readonly childrenOf = new Map<string | null, string[]>([
    [null, [CITY]],
    [CITY, [PUYANG, QINGFENG]],
    [PUYANG, [PUYANG_ZONE]],
  ]);

  context(_principal: Principal, regionCode: string | undefined): Promise<RegionContext> {
    const code = regionCode ?? null;
    const children = (this.childrenOf.get(code) ?? []).map((c) => ({
      code: c,
      name: this.tree.get(c)!.name,
      codes: new Set(this.tree.get(c)!.codes),
    }));
    if (code === null) return Promise.resolve({ code, name: '全部', codes: null, children });
    const region = this.tree.get(code)!;
    return Promise.resolve({ code, name: region.name, codes: new Set(region.codes), children });
  }

  snapshots(ctx: RegionContext, asOf: string) {
    const all = foldSnapshots(this.facts.facts.filter((f) => f.occurredOn <= asOf));
    return Promise.resolve(ctx.codes ? all.filter((p) => ctx.codes!.has(p.regionCode)) : all);
  }

  supervisionItems(asOf: string) {
    return Promise.resolve(this.items.itemsAt(asOf));
  }

  targets(_year: number, regionCode: string | null) {
    const yuan = (wan: number) => wan * 10_000;
    const targets: Record<string, Record<string, number>> = {
      [CITY]: {
        contractInvestment: yuan(150_000),
        fundsArrived: yuan(20_000),
        signedProjectsOver100m: 6,
        negotiatingInvestmentOver100m: yuan(30_000),
      },
      [PUYANG]: { contractInvestment: yuan(100_000), signedProjects: 4 },
    };
    return Promise.resolve(new Map(Object.entries(targets[regionCode ?? ''] ?? {})));
  }

  async targetsBelow(year: number, ctx: RegionContext) {
    const byRegion = new Map<string, Map<string, number>>();
    for (const c of ctx.children) byRegion.set(c.code, await this.targets(year, c.code));
    return byRegion;
  }
}

let ids = 0;
/** Projects and issues have UUIDs, as the schema says; tests find projects by name. */
const uuid = () => `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`;
const CITY_ISSUE = uuid();
const TOWN_ISSUE = uuid();

/** A week before the meeting of 2026-06-23 with something in every section of the agenda. */
function demoData(): { facts: FactLog; items: ItemLog } {
  const log = new FactLog();
  const items = new ItemLog();
  const project = (
    name: string,
    regionCode: string,
    estimated: { wan: number; currency?: string },
  ) => log.project(uuid()).lead('2026-01-05', { name, regionCode, estimated });
  const signed = (name: string, regionCode: string, signOn: string, wan: number) =>
    project(name, regionCode, { wan }).negotiate('2026-01-20', { wan }).sign(signOn, { wan });
  const major = signed('major', PUYANG_ZONE, '2026-03-10', 60_000)
    .assignResponsibility('2026-03-11', '濮阳县商务局')
    .arrive('2026-04-01', { wan: 6_000 })
    .raiseIssue('2026-05-01', CITY_ISSUE, { category: 'LAND', coordinationLevel: 'CITY' })
    .assignIssue('2026-05-02', CITY_ISSUE, '濮阳市自然资源和规划局', '2026-06-01')
    .raiseIssue('2026-06-01', TOWN_ISSUE, { category: 'POWER', coordinationLevel: 'TOWN' });
  signed('signed-this-week', QINGFENG, '2026-06-18', 15_000).arrive('2026-06-20', { wan: 1_000 });
  signed('groundbroken', PUYANG, '2026-02-01', 20_000)
    .register('2026-03-01')
    .breakGround('2026-06-17');
  signed('producing', PUYANG, '2026-01-25', 12_000)
    .register('2026-02-10')
    .breakGround('2026-03-01')
    .startProduction('2026-06-19');
  const registered = signed('registered', QINGFENG, '2026-02-15', 8_000).register('2026-06-21');
  project('usd', QINGFENG, { wan: 5_000, currency: 'USD' })
    .negotiate('2026-02-01')
    .sign('2026-06-16', { wan: 5_900, currency: 'USD' });
  project('talks', PUYANG, { wan: 20_000 }).negotiate('2026-03-01', { wan: 30_000 });
  project('dropped', QINGFENG, { wan: 9_000 })
    .negotiate('2026-03-01', { wan: 9_000 })
    .drop('2026-04-01');

  // 督办: 'major' is red (and has a yellow problem), 'registered' yellow; decisions of two meetings.
  items
    .raise('2026-06-09', {
      ruleId: 'REGISTRATION_DEADLINE',
      projectId: major.id,
      regionCode: PUYANG_ZONE,
      severity: 'RED',
      reason: '签约已 91 天未注册,承诺注册日期 2026-06-08 已逾期 1 天',
      dueOn: '2026-06-14',
    })
    .acknowledge('2026-06-10');
  items.raise('2026-06-04', {
    ruleId: 'ISSUE_UNASSIGNED',
    kind: 'ISSUE',
    subjectId: TOWN_ISSUE,
    projectId: major.id,
    regionCode: PUYANG_ZONE,
    severity: 'YELLOW',
    unit: null,
  });
  items.raise('2026-06-10', {
    ruleId: 'COMMITMENT_SLIPPED',
    projectId: registered.id,
    regionCode: QINGFENG,
    severity: 'YELLOW',
    dueOn: '2026-06-20',
  });
  items
    .decide('2026-06-09', {
      text: '协调土地报批',
      unit: '市自然资源和规划局',
      dueOn: '2026-06-12',
      regionCode: PUYANG,
    })
    .escalate('2026-06-13', 'RED', 'DEPUTY_MAYOR', '议定事项已逾期 1 天');
  items
    .decide('2026-06-16', {
      text: '协调解决项目用电增容',
      unit: '市发展改革委',
      leader: '王副市长',
      dueOn: '2026-06-20',
      regionCode: PUYANG_ZONE,
      projectId: major.id,
    })
    .reviewed('2026-06-19')
    .close('2026-06-19');
  items.decide('2026-06-16', {
    text: '清丰县招商推介',
    unit: '清丰县商务局',
    dueOn: '2026-06-30',
    regionCode: QINGFENG,
  });
  return { facts: log, items };
}

/** OpenAPI 3.0 → JSON Schema that refuses unlisted properties (`nullable` → `null` allowed). */
function strict(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strict);
  if (typeof schema !== 'object' || schema === null) return schema;
  const { nullable, ...rest } = schema as Record<string, unknown>;
  const out: Record<string, unknown> = Object.fromEntries(
    Object.entries(rest).map(([k, v]) => [
      k,
      k === 'properties'
        ? Object.fromEntries(Object.entries(v as object).map(([p, s]) => [p, strict(s)]))
        : ['items', 'allOf', 'anyOf', 'oneOf', 'additionalProperties'].includes(k)
          ? strict(v)
          : v,
    ]),
  );
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  return nullable ? { anyOf: [{ type: 'null' }, out] } : out;
}

const admin: Principal = { clientId: 'c1', name: 'test', scopes: ['admin'], regionCodes: [] };

describe('report responses and their OpenAPI schemas', () => {
  let app: INestApplication;
  let controller: ReportsController;
  let document: OpenAPIObject;
  let ajv: Ajv;

  beforeAll(async () => {
    const demo = demoData();
    const moduleRef = await Test.createTestingModule({
      imports: [CqrsModule.forRoot()],
      controllers: [ReportsController],
      providers: [
        IndicatorsHandler,
        ConversionHandler,
        FunnelHandler,
        WeeklyMeetingHandler,
        {
          provide: ReportDataService,
          useValue: new InMemoryReportData(demo.facts, demo.items),
        },
        { provide: Clock, useValue: { now: () => new Date('2026-06-22T04:00:00Z') } },
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    controller = app.get(ReportsController);
    document = SwaggerModule.createDocument(app, new DocumentBuilder().build());
    ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const schemas = Object.entries(document.components?.schemas ?? {});
    ajv.addSchema({
      $id: 'openapi',
      components: { schemas: Object.fromEntries(schemas.map(([k, v]) => [k, strict(v)])) },
    });
  });
  afterAll(() => app.close());

  /** The schema the document gives the 200 answer of GET /reports/{path}. */
  function responseSchema(path: string): string {
    const ok = document.paths[`/reports/${path}`]?.get?.responses['200'] as {
      content?: Record<string, { schema?: { $ref?: string } }>;
    };
    const ref = ok.content?.['application/json']?.schema?.$ref;
    expect(ref).toMatch(/^#\/components\/schemas\/\w+Dto$/);
    return ref!;
  }

  function expectConforms(path: string, body: unknown): void {
    const validate = ajv.getSchema(`openapi${responseSchema(path)}`)!;
    const json: unknown = JSON.parse(JSON.stringify(body));
    const valid = validate(json);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  }

  it('documents the indicators report', async () => {
    const body = await controller.indicators(
      { year: 2026, regionCode: CITY, asOf: '2026-06-22' },
      admin,
    );
    // The optional fields are there to be checked too.
    expect(body.indicators.find((i) => i.key === 'signedProjectsOver100m')?.started).toBe(2);
    expect(body.indicators.find((i) => i.key === 'negotiatingInvestmentOver100m')?.count).toBe(1);
    expect(body.regions.map((r) => [r.rank, r.regionCode, r.completion])).toEqual([
      [1, PUYANG, 92],
      [2, QINGFENG, null],
    ]);
    expectConforms('indicators', body);
  });

  it('documents the conversion report, grouped by region and otherwise', async () => {
    const params = { signedFrom: '2026-01-01', signedTo: '2026-06-30', asOf: '2026-06-22' };
    const byRegion = await controller.conversion({ ...params, regionCode: CITY }, admin);
    expect(byRegion.groups.map((g) => g.name)).toEqual(['清丰县', '濮阳县']);
    expectConforms('conversion', byRegion);
    const byChain = await controller.conversion(
      { ...params, groupBy: 'industryChain', landing: 'REGISTERED' },
      admin,
    );
    expect(byChain.groups[0]).not.toHaveProperty('name');
    expectConforms('conversion', byChain);
  });

  it('documents the funnel', async () => {
    const body = await controller.funnel(
      { from: '2026-01-01', to: '2026-06-30', asOf: '2026-06-22' },
      admin,
    );
    expect(body.entered).toBe(8);
    expectConforms('funnel', body);
  });

  it('documents the weekly meeting agenda, every section filled', async () => {
    const body = await controller.weekly({ date: '2026-06-23', regionCode: CITY }, admin);
    const names = (rows: Array<{ name: string }>) => rows.map((r) => r.name);
    expect(names(body.thisWeek.signings)).toEqual(['usd', 'signed-this-week']);
    expect(body.thisWeek.signedInvestment.wan).toBe(15_000);
    expect(names(body.thisWeek.registrations)).toEqual(['registered']);
    expect(names(body.thisWeek.groundbreakings)).toEqual(['groundbroken']);
    expect(names(body.thisWeek.productions)).toEqual(['producing']);
    expect(body.problems.map((p) => [p.issueId, p.responsibleUnit, p.daysOpen])).toEqual([
      [CITY_ISSUE, '濮阳市自然资源和规划局', 53],
      [TOWN_ISSUE, '濮阳县商务局', 22],
    ]);
    expect(body.redYellowProjects.projects.map((p) => [p.name, p.light, p.items.length])).toEqual([
      ['major', 'RED', 2],
      ['registered', 'YELLOW', 1],
    ]);
    expect(body.redYellowProjects).toMatchObject({ red: 1, yellow: 1 });
    expect(body.lastMeetingDecisions).toMatchObject({
      lastMeetingDate: '2026-06-16',
      done: 1,
      total: 2,
    });
    expect(body.lastMeetingDecisions.stillOpenEarlier.map((d) => [d.text, d.overdueDays])).toEqual([
      ['协调土地报批', 11],
    ]);
    expect(names(body.signedNotStarted)).toEqual(['registered', 'major']);
    expect(names(body.majorProjects)).toEqual(['major']);
    expect(body.regionRanking).toHaveLength(2);
    expectConforms('weekly-meeting', body);
  });

  it('would notice a property the schema does not list', async () => {
    const body = await controller.funnel(
      { from: '2026-01-01', to: '2026-06-30', asOf: '2026-06-22' },
      admin,
    );
    const validate = ajv.getSchema(`openapi${responseSchema('funnel')}`)!;
    expect(validate({ ...JSON.parse(JSON.stringify(body)), surprise: 1 })).toBe(false);
    const { entered: _entered, ...missing } = JSON.parse(JSON.stringify(body));
    expect(validate(missing)).toBe(false);
  });
});
