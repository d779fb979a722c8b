import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { addDays } from '@luodi/domain';
import { computeIndicators, HEADLINE, INDICATOR_KEYS } from '../indicators';
import { DEFAULT_RANK_BY, rankRegions } from '../region-ranking';
import { ReportDataService } from '../report-data.service';
import { reportHeader } from '../report-header';
import { lastMeetingDecisions, redYellowProjects } from '../supervision-agenda';
import {
  majorProjects,
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
    const projects = await this.data.snapshots(ctx, asOf, knownAt);
    const items = await this.data.supervisionItems(asOf, knownAt);
    const figures = computeIndicators(
      projects,
      await this.data.targets(year, ctx.code),
      year,
      asOf,
    );
    const ranking = rankRegions(
      ctx.children,
      projects,
      await this.data.targetsBelow(year, ctx),
      year,
      asOf,
      DEFAULT_RANK_BY,
    );
    const signings = reachedDuringWeek(projects, 'SIGNED', week);
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
      thisWeek: {
        signings,
        signedInvestment: signedInvestment(signings),
        registrations: reachedDuringWeek(projects, 'REGISTERED', week),
        groundbreakings: reachedDuringWeek(projects, 'UNDER_CONSTRUCTION', week),
        productions: reachedDuringWeek(projects, 'IN_PRODUCTION', week),
      },
      problems: openProblems(projects, meetingDate),
      redYellowProjects: redYellowProjects(items, ctx, projects),
      signedNotStarted: signedNotStarted(projects, asOf, meetingDate),
      majorProjects: majorProjects(projects),
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
      lastMeetingDecisions: lastMeetingDecisions(items, ctx, meetingDate),
    };
  }
}
