import { byCodeUnits, daysBetween, MAJOR_YUAN, sumYuan, type PipelineStage } from '@luodi/domain';
import {
  DEFAULT_LANDING,
  summarizeCohort,
  type CohortSummary,
  type LandingRule,
} from './cohort-summary';
import { stageLabel } from './indicators';
import { cnyYuan, investmentOf, type ProjectSnapshot } from '@luodi/projections';
import { amountView, monthsBefore, type AmountView } from './report-math';

// The sections of the weekly meeting agenda (周例会), each a pure function of the snapshots.
// Lines are built once and extended in place (Object.assign), not copied by spreading: at 10k
// projects the agenda has some 8,000 of them.

export interface Week {
  from: string;
  to: string;
}

/** A project as one agenda line: investment in CNY only (other currencies are never mixed in). */
export interface ProjectBrief {
  projectId: string;
  name: string;
  regionCode: string;
  industryChain: string;
  stage: string;
  stageLabel: string;
  investment: AmountView | null;
  currency: string | null;
}

export function projectBrief(p: ProjectSnapshot): ProjectBrief {
  const investment = investmentOf(p);
  return {
    projectId: p.id,
    name: p.name,
    regionCode: p.regionCode,
    industryChain: p.industryChain,
    stage: p.stage,
    stageLabel: stageLabel(p.stage),
    investment: investment && investment.currency === 'CNY' ? amountView(investment.yuan) : null,
    currency: investment?.currency ?? null,
  };
}

/** Projects that first reached `stage` during the week, earliest first. */
export function reachedDuringWeek(
  projects: readonly ProjectSnapshot[],
  stage: PipelineStage,
  week: Week,
): Array<ProjectBrief & { on: string }> {
  const inWeek = (d: string | undefined): d is string =>
    d !== undefined && d >= week.from && d <= week.to;
  return projects
    .filter((p) => inWeek(p.stageDates[stage]))
    .sort((a, b) => byCodeUnits(a.stageDates[stage]!, b.stageDates[stage]!))
    .map((p) => Object.assign(projectBrief(p), { on: p.stageDates[stage]! }));
}

/** The CNY total of the week's signings. */
export const signedInvestment = (signings: readonly ProjectBrief[]): AmountView =>
  amountView(sumYuan(signings.map((s) => (s.currency === 'CNY' ? (s.investment?.yuan ?? 0) : 0))));

export interface OpenProblem {
  projectId: string;
  projectName: string;
  regionCode: string;
  issueId: string;
  category: string;
  description: string;
  coordinationLevel: string;
  responsibleUnit: string | null;
  dueOn: string | null;
  raisedOn: string;
  daysOpen: number;
}

const LEVEL_ORDER: Record<string, number> = { CITY: 0, COUNTY: 1, TOWN: 2 };

/**
 * Unresolved problems of live projects (a dropped project needs no coordination): city level
 * first, then county, then town; oldest first.
 */
export function openProblems(
  projects: readonly ProjectSnapshot[],
  meetingDate: string,
): OpenProblem[] {
  return projects
    .filter((p) => p.stage !== 'DROPPED')
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
          // An unassigned problem falls to the project's responsible unit.
          responsibleUnit: i.unit ?? p.responsibleUnit,
          dueOn: i.dueOn,
          raisedOn: i.raisedOn,
          daysOpen: daysBetween(i.raisedOn, meetingDate),
        })),
    )
    .sort(
      (a, b) =>
        (LEVEL_ORDER[a.coordinationLevel] ?? 9) - (LEVEL_ORDER[b.coordinationLevel] ?? 9) ||
        byCodeUnits(a.raisedOn, b.raisedOn) ||
        byCodeUnits(a.issueId, b.issueId),
    );
}

/** 签约三个月未开工: signed 3+ calendar months before asOf and still short of groundbreaking. */
export function signedNotStarted(
  projects: readonly ProjectSnapshot[],
  asOf: string,
  meetingDate: string,
): Array<ProjectBrief & { signedOn: string; daysSinceSigning: number }> {
  const threeMonthsAgo = monthsBefore(asOf, 3);
  return projects
    .filter(
      (p) =>
        (p.stage === 'SIGNED' || p.stage === 'REGISTERED') &&
        p.stageDates.SIGNED !== undefined &&
        p.stageDates.SIGNED <= threeMonthsAgo,
    )
    .sort((a, b) => byCodeUnits(a.stageDates.SIGNED!, b.stageDates.SIGNED!))
    .map((p) =>
      Object.assign(projectBrief(p), {
        signedOn: p.stageDates.SIGNED!,
        daysSinceSigning: daysBetween(p.stageDates.SIGNED!, meetingDate),
      }),
    );
}

/** 重大项目: live projects whose CNY investment is ≥ 5 亿元, largest first. */
export function majorProjects(
  projects: readonly ProjectSnapshot[],
): Array<ProjectBrief & { stageEnteredOn: string }> {
  // Each project's amount is found once, not in every comparison of the sort.
  const major: Array<{ p: ProjectSnapshot; yuan: number }> = [];
  for (const p of projects) {
    const yuan = cnyYuan(investmentOf(p)) ?? 0;
    if (p.stage !== 'DROPPED' && yuan >= MAJOR_YUAN) major.push({ p, yuan });
  }
  return major
    .sort((a, b) => b.yuan - a.yuan)
    .map(({ p }) => Object.assign(projectBrief(p), { stageEnteredOn: p.stageEnteredOn }));
}

/** 签约到落地: the year's signing cohort (1 January to the as-of date) and how far it landed. */
export function landingThisYear(
  projects: readonly ProjectSnapshot[],
  year: number,
  asOf: string,
): CohortSummary & { signedFrom: string; signedTo: string; landingRule: LandingRule } {
  const signedFrom = `${year}-01-01`;
  const cohort = projects.filter((p) => {
    const signed = p.stageDates.SIGNED;
    return signed !== undefined && signed >= signedFrom && signed <= asOf;
  });
  return {
    signedFrom,
    signedTo: asOf,
    landingRule: DEFAULT_LANDING,
    ...summarizeCohort(cohort, DEFAULT_LANDING),
  };
}

export interface MonthFigures {
  month: string;
  signings: number;
  signedInvestment: AmountView;
  groundbreakings: number;
}

/** Signings (with their CNY investment) and groundbreakings per month, January to the as-of month. */
export function monthlyMilestones(
  projects: readonly ProjectSnapshot[],
  year: number,
  asOf: string,
): MonthFigures[] {
  const last = asOf.startsWith(String(year)) ? Number(asOf.slice(5, 7)) : asOf < `${year}` ? 0 : 12;
  const months = Array.from({ length: last }, (_, i) => ({
    month: `${year}-${String(i + 1).padStart(2, '0')}`,
    signings: 0,
    signedYuan: [] as number[],
    groundbreakings: 0,
  }));
  // The month a date falls in (its index), or -1 outside the year up to the as-of date.
  const monthOf = (d: string | undefined) =>
    d !== undefined && d <= asOf && d.startsWith(`${year}-`) ? Number(d.slice(5, 7)) - 1 : -1;
  for (const p of projects) {
    const signed = months[monthOf(p.stageDates.SIGNED)];
    if (signed) {
      signed.signings++;
      const investment = investmentOf(p);
      if (investment?.currency === 'CNY') signed.signedYuan.push(investment.yuan);
    }
    const started = months[monthOf(p.stageDates.UNDER_CONSTRUCTION)];
    if (started) started.groundbreakings++;
  }
  return months.map(({ month, signings, signedYuan, groundbreakings }) => ({
    month,
    signings,
    signedInvestment: amountView(sumYuan(signedYuan)),
    groundbreakings,
  }));
}
