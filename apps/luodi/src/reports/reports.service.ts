import { Injectable } from '@nestjs/common';
import {
  addDays,
  daysBetween,
  MAJOR_YUAN,
  PIPELINE,
  sumYuan,
  type PipelineStage,
} from '@luodi/domain';
import type { Principal } from '../auth/scopes';
import {
  computeIndicators,
  HEADLINE,
  INDICATOR_KEYS,
  stageLabel,
  type IndicatorKey,
} from './indicators';
import { cnyYuan, investmentOf, type ProjectSnapshot } from './project-snapshot';
import { ReportDataService, type RegionContext } from './report-data.service';
import { amountView, median, monthsBefore, percent } from './report-math';

export interface TimeTravel {
  asOf: string;
  /** null: everything recorded so far. */
  knownAt: Date | null;
}

export type LandingRule = 'REGISTERED' | 'UNDER_CONSTRUCTION' | 'IN_PRODUCTION';
export const LANDING_RULES: readonly LandingRule[] = [
  'REGISTERED',
  'UNDER_CONSTRUCTION',
  'IN_PRODUCTION',
];
export type ConversionGroupBy = 'region' | 'industryChain' | 'signedMonth';

const regionHeader = (ctx: RegionContext) => ({ regionCode: ctx.code, regionName: ctx.name });
const tt = (t: TimeTravel) => ({ asOf: t.asOf, knownAt: t.knownAt?.toISOString() ?? null });

@Injectable()
export class ReportsService {
  constructor(private readonly data: ReportDataService) {}

  async indicators(
    principal: Principal,
    params: { year: number; regionCode?: string; rankBy?: IndicatorKey },
    at: TimeTravel,
  ) {
    const ctx = await this.data.context(principal, params.regionCode);
    const projects = await this.data.snapshots(ctx, at.asOf, at.knownAt);
    const figures = computeIndicators(
      projects,
      await this.data.targets(params.year, ctx.code),
      params.year,
      at.asOf,
    );
    const rankBy = params.rankBy ?? 'contractInvestment';
    const regions = await this.ranking(ctx, projects, params.year, at.asOf, rankBy);
    return {
      year: params.year,
      ...regionHeader(ctx),
      ...tt(at),
      timeProgress: figures.timeProgress,
      indicators: INDICATOR_KEYS.map((k) => figures.values[k]),
      doubleHalf: figures.doubleHalf,
      rankBy,
      regions,
    };
  }

  /** The regions directly below, ranked by completion of `rankBy` (no target: last). */
  private async ranking(
    ctx: RegionContext,
    projects: readonly ProjectSnapshot[],
    year: number,
    asOf: string,
    rankBy: IndicatorKey,
  ) {
    const rows = [];
    for (const child of ctx.children) {
      const mine = projects.filter((p) => child.codes.has(p.regionCode));
      const figures = computeIndicators(
        mine,
        await this.data.targets(year, child.code),
        year,
        asOf,
      );
      rows.push({
        regionCode: child.code,
        regionName: child.name,
        completion: figures.values[rankBy].completion,
        behindSchedule: figures.values[rankBy].behindSchedule,
        doubleHalf: figures.doubleHalf.achieved,
        indicators: Object.fromEntries(
          INDICATOR_KEYS.map((k) => [
            k,
            {
              actual: figures.values[k].actual,
              target: figures.values[k].target,
              completion: figures.values[k].completion,
            },
          ]),
        ),
      });
    }
    rows.sort(
      (a, b) =>
        (b.completion ?? -1) - (a.completion ?? -1) || a.regionCode.localeCompare(b.regionCode),
    );
    return rows.map((row, i) => ({ rank: i + 1, ...row }));
  }

  async conversion(
    principal: Principal,
    params: {
      signedFrom: string;
      signedTo: string;
      groupBy?: ConversionGroupBy;
      landing?: LandingRule;
      regionCode?: string;
    },
    at: TimeTravel,
  ) {
    const ctx = await this.data.context(principal, params.regionCode);
    const landing = params.landing ?? 'UNDER_CONSTRUCTION';
    const projects = await this.data.snapshots(ctx, at.asOf, at.knownAt);
    const cohort = projects.filter((p) => {
      const signed = p.stageDates.SIGNED;
      return signed !== undefined && signed >= params.signedFrom && signed <= params.signedTo;
    });
    const groupBy = params.groupBy ?? 'region';
    const keyOf = (p: ProjectSnapshot): string => {
      if (groupBy === 'industryChain') return p.industryChain;
      if (groupBy === 'signedMonth') return p.stageDates.SIGNED!.slice(0, 7);
      return ctx.children.find((c) => c.codes.has(p.regionCode))?.code ?? p.regionCode;
    };
    const groups = new Map<string, ProjectSnapshot[]>();
    for (const p of cohort) {
      const key = keyOf(p);
      groups.set(key, [...(groups.get(key) ?? []), p]);
    }
    const names = new Map(ctx.children.map((c) => [c.code, c.name]));
    return {
      ...regionHeader(ctx),
      ...tt(at),
      signedFrom: params.signedFrom,
      signedTo: params.signedTo,
      groupBy,
      landing: {
        rule: landing,
        label: stageLabel(landing),
        description: `落地率: share of the signing cohort that reached ${landing} (${stageLabel(landing)}) by the as-of date. Rules: REGISTERED (注册落户, Hainan), UNDER_CONSTRUCTION (开工, the default), IN_PRODUCTION (投产).`,
      },
      rules: {
        cohort:
          'Projects whose signing date lies in [signedFrom, signedTo] and is on or before asOf.',
        reached:
          'A stage counts as reached when the project entered it by the as-of date, even if it was dropped afterwards; `dropped` counts projects in DROPPED at the as-of date (a reactivated project is not dropped).',
        fundsArrivalRate:
          '资金到位率: money arrived (CNY, by the as-of date) over the contract investment (CNY) of the cohort.',
        medians:
          'Median whole days between the stage dates, over the projects that reached the later stage.',
      },
      total: summarizeCohort(cohort, landing),
      groups: [...groups.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, members]) => ({
          key,
          ...(groupBy === 'region' ? { name: names.get(key) ?? key } : {}),
          ...summarizeCohort(members, landing),
        })),
    };
  }

  async funnel(
    principal: Principal,
    params: { from: string; to: string; regionCode?: string },
    at: TimeTravel,
  ) {
    const ctx = await this.data.context(principal, params.regionCode);
    const projects = (await this.data.snapshots(ctx, at.asOf, at.knownAt)).filter((p) => {
      const lead = p.stageDates.LEAD!;
      return lead >= params.from && lead <= params.to;
    });
    const stages = PIPELINE.map((stage, i) => {
      const reached = projects.filter((p) => p.stageDates[stage] !== undefined);
      const previous =
        i === 0 ? null : projects.filter((p) => p.stageDates[PIPELINE[i - 1]!] !== undefined);
      const next = PIPELINE[i + 1];
      const daysIn = next
        ? reached
            .filter((p) => p.stageDates[next] !== undefined)
            .map((p) => daysBetween(p.stageDates[stage]!, p.stageDates[next]!))
        : [];
      return {
        stage,
        label: stageLabel(stage),
        reached: reached.length,
        current: projects.filter((p) => p.stage === stage).length,
        conversionFromPrevious: previous === null ? null : percent(reached.length, previous.length),
        medianDaysInStage: next ? median(daysIn) : null,
      };
    });
    return {
      ...regionHeader(ctx),
      ...tt(at),
      from: params.from,
      to: params.to,
      rules: {
        cohort: 'Projects whose lead date (LeadRegistered) lies in [from, to].',
        reached: 'Projects that entered the stage by the as-of date (dropped ones included).',
        conversion: 'reached stage N / reached stage N−1, in %, one decimal.',
        medianDaysInStage:
          'Median days from entering a stage to entering the next, over projects that moved on.',
      },
      entered: projects.length,
      dropped: projects.filter((p) => p.stage === 'DROPPED').length,
      stages,
    };
  }

  async weeklyMeeting(
    principal: Principal,
    params: { date: string; regionCode?: string },
    knownAt: Date | null,
  ) {
    const asOf = addDays(params.date, -1);
    const weekFrom = addDays(params.date, -7);
    const year = Number(asOf.slice(0, 4));
    const at = { asOf, knownAt };
    const indicators = await this.indicators(
      principal,
      { year, ...(params.regionCode ? { regionCode: params.regionCode } : {}) },
      at,
    );
    const ctx = await this.data.context(principal, params.regionCode);
    const projects = await this.data.snapshots(ctx, asOf, knownAt);
    const inWeek = (d: string | undefined) => d !== undefined && d >= weekFrom && d <= asOf;
    const brief = (p: ProjectSnapshot) => {
      const investment = investmentOf(p);
      return {
        projectId: p.id,
        name: p.name,
        regionCode: p.regionCode,
        industryChain: p.industryChain,
        stage: p.stage,
        stageLabel: stageLabel(p.stage),
        investment:
          investment && investment.currency === 'CNY' ? amountView(investment.yuan) : null,
        currency: investment?.currency ?? null,
      };
    };
    const happened = (stage: PipelineStage) =>
      projects
        .filter((p) => inWeek(p.stageDates[stage]))
        .sort((a, b) => a.stageDates[stage]!.localeCompare(b.stageDates[stage]!))
        .map((p) => ({ ...brief(p), on: p.stageDates[stage]! }));
    const LEVEL_ORDER: Record<string, number> = { CITY: 0, COUNTY: 1, TOWN: 2 };
    const problems = projects
      .flatMap((p) =>
        p.issues
          .filter((i) => i.resolvedOn === null)
          .map((i) => ({
            projectId: p.id,
            projectName: p.name,
            regionCode: p.regionCode,
            issueId: i.issueId,
            category: i.category,
            description: i.description,
            coordinationLevel: i.coordinationLevel,
            responsibleUnit: i.unit ?? p.responsibleUnit,
            dueOn: i.dueOn,
            raisedOn: i.raisedOn,
            daysOpen: daysBetween(i.raisedOn, params.date),
          })),
      )
      .sort(
        (a, b) =>
          (LEVEL_ORDER[a.coordinationLevel] ?? 9) - (LEVEL_ORDER[b.coordinationLevel] ?? 9) ||
          a.raisedOn.localeCompare(b.raisedOn) ||
          a.issueId.localeCompare(b.issueId),
      );
    const threeMonthsAgo = monthsBefore(asOf, 3);
    const notStarted = projects
      .filter(
        (p) =>
          (p.stage === 'SIGNED' || p.stage === 'REGISTERED') &&
          p.stageDates.SIGNED !== undefined &&
          p.stageDates.SIGNED <= threeMonthsAgo,
      )
      .sort((a, b) => a.stageDates.SIGNED!.localeCompare(b.stageDates.SIGNED!))
      .map((p) => ({
        ...brief(p),
        signedOn: p.stageDates.SIGNED!,
        daysSinceSigning: daysBetween(p.stageDates.SIGNED!, params.date),
      }));
    const major = projects
      .filter((p) => p.stage !== 'DROPPED' && (cnyYuan(investmentOf(p)) ?? 0) >= MAJOR_YUAN)
      .sort((a, b) => (cnyYuan(investmentOf(b)) ?? 0) - (cnyYuan(investmentOf(a)) ?? 0))
      .map((p) => ({ ...brief(p), stageEnteredOn: p.stageEnteredOn }));
    const signedThisWeek = happened('SIGNED');
    return {
      meetingDate: params.date,
      ...regionHeader(ctx),
      asOf,
      knownAt: knownAt?.toISOString() ?? null,
      week: { from: weekFrom, to: asOf },
      rules: {
        week: 'This week = the 7 days before the meeting date; figures are as of the day before the meeting.',
        problems: 'Unresolved problems, city level first, then county, then town; oldest first.',
        notStarted:
          '签约三个月未开工: signed (SIGNED or REGISTERED now) 3+ calendar months before the as-of date, ground not broken.',
        major:
          '重大项目: live projects with contract (else planned, else estimated) investment ≥ 5 亿元.',
      },
      headline: {
        year,
        timeProgress: indicators.timeProgress,
        indicators: indicators.indicators.filter(
          (i) => HEADLINE.includes(i.key) || i.key === 'signedProjects',
        ),
        doubleHalf: indicators.doubleHalf,
      },
      thisWeek: {
        signings: signedThisWeek,
        signedInvestment: amountView(
          sumYuan(
            signedThisWeek.map((s) => (s.currency === 'CNY' ? (s.investment?.yuan ?? 0) : 0)),
          ),
        ),
        registrations: happened('REGISTERED'),
        groundbreakings: happened('UNDER_CONSTRUCTION'),
        productions: happened('IN_PRODUCTION'),
      },
      problems,
      signedNotStarted: notStarted,
      majorProjects: major,
      regionRanking: indicators.regions.map((r) => ({
        rank: r.rank,
        regionCode: r.regionCode,
        regionName: r.regionName,
        completion: r.completion,
        behindSchedule: r.behindSchedule,
      })),
      rankBy: indicators.rankBy,
      lastMeetingDecisions: {
        items: [] as unknown[],
        note: '会议议定事项落实情况 comes with the supervision work (POST /meetings/{date}/decisions); not recorded yet.',
      },
    };
  }
}

function summarizeCohort(members: readonly ProjectSnapshot[], landing: LandingRule) {
  const n = members.length;
  const reached = (stage: PipelineStage) =>
    members.filter((p) => p.stageDates[stage] !== undefined).length;
  const registered = reached('REGISTERED');
  const groundbroken = reached('UNDER_CONSTRUCTION');
  const producing = reached('IN_PRODUCTION');
  const landed = reached(landing);
  const contract = sumYuan(members.map((p) => cnyYuan(p.contract) ?? 0));
  const arrived = sumYuan(
    members.flatMap((p) => p.arrivals.filter((a) => a.currency === 'CNY').map((a) => a.yuan)),
  );
  const days = (stage: PipelineStage) =>
    members
      .filter((p) => p.stageDates[stage] !== undefined)
      .map((p) => daysBetween(p.stageDates.SIGNED!, p.stageDates[stage]!));
  return {
    signed: n,
    registered,
    groundbroken,
    inProduction: producing,
    dropped: members.filter((p) => p.stage === 'DROPPED').length,
    landed,
    registrationRate: percent(registered, n),
    groundbreakingRate: percent(groundbroken, n),
    productionRate: percent(producing, n),
    landingRate: percent(landed, n),
    contractInvestment: amountView(contract),
    fundsArrived: amountView(arrived),
    fundsArrivalRate: percent(arrived, contract),
    medianDaysSignedToRegistered: median(days('REGISTERED')),
    medianDaysSignedToGroundbroken: median(days('UNDER_CONSTRUCTION')),
  };
}
