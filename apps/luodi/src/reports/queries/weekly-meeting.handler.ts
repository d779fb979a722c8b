import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { addDays } from '@luodi/domain';
import { computeIndicators, HEADLINE, INDICATOR_KEYS } from '../indicators';
import { DEFAULT_RANK_BY, rankRegions } from '../region-ranking';
import { ReportDataService } from '../report-data.service';
import { reportHeader } from '../report-header';
import { lastMeetingDecisions, redYellowProjects } from '../supervision-agenda';
import {
  landingThisYear,
  majorProjects,
  monthlyMilestones,
  openProblems,
  reachedDuringWeek,
  signedInvestment,
  signedNotStarted,
} from '../weekly-agenda';
import type { WeeklyMeetingDto } from './weekly-meeting.dto';
import { WeeklyMeetingQuery } from './weekly-meeting.query';

const RULES = {
  week: 'This week = the 7 days before the meeting date; figures are as of the day before the meeting.',
  problems: 'Unresolved problems, city level first, then county, then town; oldest first.',
  notStarted:
    '签约三个月未开工: signed (SIGNED or REGISTERED now) 3+ calendar months before the as-of date, ground not broken.',
  major:
    '重大项目: live projects with contract (else planned, else estimated) investment ≥ 5 亿元.',
  redYellow:
    '红黄灯项目: projects with open red or yellow 督办 items on projects or their problems as of the as-of date; red (any red item) first, then the longest-standing.',
  landing:
    '签约到落地: projects signed from 1 January to the as-of date, and how many have registered, broken ground (landed) and started production by then; monthly: signings and groundbreakings per month.',
  decisions:
    '会议议定事项: the decisions of the latest meeting before this one that recorded any, done when 办结 (closed) by the as-of date, overdue days counted to the meeting date; plus the still-open decisions of earlier meetings.',
};

/** The weekly meeting agenda (周例会); every section is computed from the same snapshots. */
@QueryHandler(WeeklyMeetingQuery)
export class WeeklyMeetingHandler implements IQueryHandler<WeeklyMeetingQuery, WeeklyMeetingDto> {
  constructor(private readonly data: ReportDataService) {}

  async execute({ principal, params, knownAt }: WeeklyMeetingQuery): Promise<WeeklyMeetingDto> {
    const meetingDate = params.date;
    const asOf = addDays(meetingDate, -1);
    const week = { from: addDays(meetingDate, -7), to: asOf };
    const year = Number(asOf.slice(0, 4));
    const ctx = await this.data.context(principal, params.regionCode);
    // Independent reads, sent together: the targets and items arrive while the states parse.
    const [projects, items, targets, targetsBelow] = await Promise.all([
      this.data.snapshots(ctx, asOf, knownAt),
      this.data.supervisionItems(asOf, knownAt),
      this.data.targets(year, ctx.code),
      this.data.targetsBelow(year, ctx),
    ]);
    const figures = computeIndicators(projects, targets, year, asOf);
    const ranking = rankRegions(ctx.children, projects, targetsBelow, year, asOf, DEFAULT_RANK_BY);
    // Rows carry their region's name as well as its code: leaders read names.
    const named = <T extends { regionCode: string }>(rows: T[]) =>
      rows.map((row) =>
        Object.assign(row, { regionName: ctx.names.get(row.regionCode) ?? row.regionCode }),
      );
    const signings = named(reachedDuringWeek(projects, 'SIGNED', week));
    return {
      meetingDate,
      ...reportHeader(ctx, { asOf, knownAt }),
      week,
      rules: RULES,
      headline: {
        year,
        timeProgress: figures.timeProgress,
        indicators: INDICATOR_KEYS.filter(
          (k) => HEADLINE.includes(k) || k === 'signedProjects',
        ).map((k) => figures.values[k]),
        doubleHalf: figures.doubleHalf,
      },
      landing: landingThisYear(projects, year, asOf),
      monthly: monthlyMilestones(projects, year, asOf),
      thisWeek: {
        signings,
        signedInvestment: signedInvestment(signings),
        registrations: named(reachedDuringWeek(projects, 'REGISTERED', week)),
        groundbreakings: named(reachedDuringWeek(projects, 'UNDER_CONSTRUCTION', week)),
        productions: named(reachedDuringWeek(projects, 'IN_PRODUCTION', week)),
      },
      problems: named(openProblems(projects, meetingDate)),
      redYellowProjects: (({ projects: rows, ...counts }) => ({
        ...counts,
        projects: named(rows),
      }))(redYellowProjects(items, ctx, projects)),
      signedNotStarted: named(signedNotStarted(projects, asOf, meetingDate)),
      majorProjects: named(majorProjects(projects)),
      regionRanking: ranking.map(
        ({ rank, regionCode, regionName, completion, behindSchedule }) => ({
          rank,
          regionCode,
          regionName,
          completion,
          behindSchedule,
        }),
      ),
      rankBy: DEFAULT_RANK_BY,
      lastMeetingDecisions: (({ items: last, stillOpenEarlier, ...counts }) => ({
        ...counts,
        items: named(last),
        stillOpenEarlier: named(stillOpenEarlier),
      }))(lastMeetingDecisions(items, ctx, meetingDate)),
    };
  }
}
