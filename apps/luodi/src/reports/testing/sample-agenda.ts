import type { Principal } from '../../auth/scopes';
import { foldSnapshots } from '@luodi/projections';
import type { WeeklyMeetingDto } from '../queries/weekly-meeting.dto';
import { WeeklyMeetingHandler } from '../queries/weekly-meeting.handler';
import { WeeklyMeetingQuery } from '../queries/weekly-meeting.query';
import type { RegionContext, ReportDataService } from '../report-data.service';
import { FactLog } from './fact-log';
import { ItemLog } from './item-log';

// Report data in memory (no database), with something in every section of the weekly agenda
// of 2026-06-23: the OpenAPI schema check and the page and workbook tests share it.

export const CITY = '410900';
export const PUYANG = '410928';
const PUYANG_ZONE = '410928400';
export const QINGFENG = '410922';

/** 濮阳市 with two counties; 濮阳县 has a zone; targets for the city and 濮阳县 only. */
export class InMemoryReportData {
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
    const names = new Map([...this.tree].map(([c, r]) => [c, r.name]));
    const children = (this.childrenOf.get(code) ?? []).map((c) => ({
      code: c,
      name: this.tree.get(c)!.name,
      codes: new Set(this.tree.get(c)!.codes),
    }));
    if (code === null) return Promise.resolve({ code, name: '全部', codes: null, children, names });
    const region = this.tree.get(code)!;
    return Promise.resolve({
      code,
      name: region.name,
      codes: new Set(region.codes),
      children,
      names,
    });
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
export const CITY_ISSUE = uuid();
export const TOWN_ISSUE = uuid();

/** A week before the meeting of 2026-06-23 with something in every section of the agenda. */
export function demoData(): { facts: FactLog; items: ItemLog } {
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

export const SAMPLE_ADMIN: Principal = {
  clientId: 'c1',
  name: 'test',
  scopes: ['admin'],
  regionCodes: [],
};

/** The agenda of the meeting of 2026-06-23 for the whole city, every section filled. */
export function sampleAgenda(): Promise<WeeklyMeetingDto> {
  const { facts, items } = demoData();
  const data = new InMemoryReportData(facts, items) as unknown as ReportDataService;
  return new WeeklyMeetingHandler(data).execute(
    new WeeklyMeetingQuery(SAMPLE_ADMIN, { date: '2026-06-23', regionCode: CITY }, null),
  );
}
