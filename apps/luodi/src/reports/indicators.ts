import { MAJOR_YUAN, OVER_100M_YUAN, STAGE_LABELS, sumYuan } from '@luodi/domain';
import { cnyYuan, type ProjectSnapshot } from '@luodi/projections';
import { TARGET_INDICATORS, type TargetIndicator } from '../reference/reference.dto';
import { amountView, fractionLess, percent, timeProgress, type AmountView } from './report-math';

/** The indicators of the brief: the same keys as the annual targets. */
export const INDICATOR_KEYS = TARGET_INDICATORS;
export type IndicatorKey = TargetIndicator;

/** The indicators whose completion decides 双过半. */
export const HEADLINE: readonly IndicatorKey[] = [
  'contractInvestment',
  'fundsArrived',
  'signedProjectsOver100m',
];

/** 统计口径: the rule of each indicator, returned with every report. */
export const INDICATOR_RULES: Record<IndicatorKey, { label: string; rule: string }> = {
  signedProjects: {
    label: '签约项目数',
    rule: 'Projects whose signing date (first ContractSigned) falls between 1 January and the as-of date; a project dropped later still counts.',
  },
  signedProjectsOver100m: {
    label: '新引进亿元以上项目',
    rule: 'Projects signed in the period with a contract investment ≥ 1 亿元 (CNY); `started` counts those whose ground was broken by the as-of date.',
  },
  majorProjectsSigned: {
    label: '签约重大项目(5亿元以上)',
    rule: 'Projects signed in the period with a contract investment ≥ 5 亿元 (CNY).',
  },
  contractInvestment: {
    label: '合同投资额',
    rule: 'Sum of the contract investment (CNY) of the projects signed in the period.',
  },
  fundsArrived: {
    label: '实到资金',
    rule: 'Sum of InvestmentArrived (CNY) whose business date falls in the period, whatever year the project was signed.',
  },
  groundbrokenProjects: {
    label: '开工项目数',
    rule: 'Projects whose groundbreaking date (first GroundBroken) falls in the period.',
  },
  negotiatingInvestmentOver100m: {
    label: '亿元以上在谈项目投资额',
    rule: 'Projects in NEGOTIATING at the as-of date whose planned (else estimated) investment is ≥ 1 亿元 (CNY): sum of that investment; `count` gives how many.',
  },
};

const AMOUNT_KEYS: ReadonlySet<IndicatorKey> = new Set([
  'contractInvestment',
  'fundsArrived',
  'negotiatingInvestmentOver100m',
]);

export interface IndicatorValue {
  key: IndicatorKey;
  label: string;
  rule: string;
  unit: 'projects' | 'amount';
  /** Counts for project indicators; for amounts see `actualAmount`. */
  actual: number;
  actualAmount: AmountView | null;
  target: number | null;
  targetAmount: AmountView | null;
  /** actual / target in %, one decimal; null without a target. */
  completion: number | null;
  timeProgress: number;
  /** completion < time progress. */
  behindSchedule: boolean | null;
  /** signedProjectsOver100m: how many broke ground; negotiatingInvestmentOver100m: how many. */
  started?: number;
  count?: number;
}

export interface IndicatorFigures {
  values: Record<IndicatorKey, IndicatorValue>;
  doubleHalf: { achieved: boolean; early: boolean; headline: IndicatorKey[]; rule: string };
  timeProgress: number;
}

/** Every indicator for one region (projects already filtered to its subtree). */
export function computeIndicators(
  projects: readonly ProjectSnapshot[],
  targets: ReadonlyMap<string, number>,
  year: number,
  asOf: string,
): IndicatorFigures {
  const from = `${year}-01-01`;
  const to = asOf < `${year}-12-31` ? asOf : `${year}-12-31`;
  const inPeriod = (date: string | undefined | null) => !!date && date >= from && date <= to;
  const tp = timeProgress(year, asOf);
  // One pass, no intermediate arrays: at 10k projects this runs once a region for the agenda.
  let signed = 0;
  let over100m = 0;
  let over100mStarted = 0;
  let major = 0;
  let groundbroken = 0;
  let negotiating = 0;
  const contractYuan: number[] = [];
  const arrivedYuan: number[] = [];
  const negotiatingYuan: number[] = [];
  for (const p of projects) {
    if (inPeriod(p.stageDates.SIGNED)) {
      const contract = cnyYuan(p.contract) ?? 0;
      signed++;
      contractYuan.push(contract);
      if (contract >= MAJOR_YUAN) major++;
      if (contract >= OVER_100M_YUAN) {
        over100m++;
        if (p.stageDates.UNDER_CONSTRUCTION !== undefined) over100mStarted++;
      }
    }
    if (inPeriod(p.stageDates.UNDER_CONSTRUCTION)) groundbroken++;
    for (const a of p.arrivals)
      if (a.currency === 'CNY' && inPeriod(a.on)) arrivedYuan.push(a.yuan);
    if (p.stage === 'NEGOTIATING') {
      const yuan = cnyYuan(p.planned ?? p.estimated) ?? 0;
      if (yuan >= OVER_100M_YUAN) {
        negotiating++;
        negotiatingYuan.push(yuan);
      }
    }
  }
  const actuals: Record<IndicatorKey, number> = {
    signedProjects: signed,
    signedProjectsOver100m: over100m,
    majorProjectsSigned: major,
    contractInvestment: sumYuan(contractYuan),
    fundsArrived: sumYuan(arrivedYuan),
    groundbrokenProjects: groundbroken,
    negotiatingInvestmentOver100m: sumYuan(negotiatingYuan),
  };
  const timePct = percent(tp.elapsed, tp.days) ?? 0;
  const values = {} as Record<IndicatorKey, IndicatorValue>;
  for (const key of INDICATOR_KEYS) {
    const actual = actuals[key];
    const target = targets.get(key) ?? null;
    const isAmount = AMOUNT_KEYS.has(key);
    values[key] = {
      key,
      ...INDICATOR_RULES[key],
      unit: isAmount ? 'amount' : 'projects',
      actual: isAmount ? amountView(actual).wan : actual,
      actualAmount: isAmount ? amountView(actual) : null,
      target: target === null ? null : isAmount ? amountView(target).wan : target,
      targetAmount: isAmount && target !== null ? amountView(target) : null,
      completion: target === null ? null : percent(actual, target),
      timeProgress: timePct,
      behindSchedule:
        target === null || target === 0 ? null : fractionLess(actual, target, tp.elapsed, tp.days),
    };
  }
  values.signedProjectsOver100m.started = over100mStarted;
  values.negotiatingInvestmentOver100m.count = negotiating;

  const withTargets = HEADLINE.filter((k) => (targets.get(k) ?? 0) > 0);
  const allPastHalf =
    withTargets.length > 0 &&
    withTargets.every((k) => !fractionLess(actuals[k], targets.get(k)!, 1, 2));
  const timePastHalf = !fractionLess(tp.elapsed, tp.days, 1, 2);
  return {
    values,
    timeProgress: timePct,
    doubleHalf: {
      achieved: allPastHalf,
      early: allPastHalf && !timePastHalf,
      headline: withTargets,
      rule: `双过半: every headline indicator with a target (${HEADLINE.join(', ')}) has reached 50% of its annual target at the as-of date; "early" (提前) when that happens while time progress (序时进度) is still below 50%.`,
    },
  };
}

export const stageLabel = (stage: string): string =>
  (STAGE_LABELS as Record<string, string>)[stage] ?? stage;
