import type { INestApplication } from '@nestjs/common';
import { CqrsModule, QueryBus } from '@nestjs/cqrs';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { Test } from '@nestjs/testing';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import type { Principal } from '../auth/scopes';
import { Clock } from '../common/clock';
import { ConversionHandler } from './queries/conversion.handler';
import { FunnelHandler } from './queries/funnel.handler';
import { IndicatorsHandler } from './queries/indicators.handler';
import { WeeklyMeetingHandler } from './queries/weekly-meeting.handler';
import { WeeklyMeetingQuery } from './queries/weekly-meeting.query';
import { ReportLinksService } from './links/report-links.service';
import { ReportDataService } from './report-data.service';
import { ReportsController } from './reports.controller';
import { WeeklyReportOutput } from './weekly-report.output';
import {
  CITY,
  CITY_ISSUE,
  demoData,
  InMemoryReportData,
  PUYANG,
  QINGFENG,
  TOWN_ISSUE,
} from './testing/sample-agenda';

// The response schemas in the OpenAPI document must say exactly what the reports return: each
// report is run through the controller and query bus on in-memory data (no database) and its
// JSON is checked against the document with no property left out and none unlisted.

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
        // Only the JSON form is documented here; links and rendering have their own tests.
        { provide: ReportLinksService, useValue: {} },
        { provide: WeeklyReportOutput, useValue: {} },
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
    const body = await app
      .get(QueryBus)
      .execute(new WeeklyMeetingQuery(admin, { date: '2026-06-23', regionCode: CITY }, null));
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
