import { daysBetween, sumYuan, type PipelineStage } from '@luodi/domain';
import { cnyYuan, type ProjectSnapshot } from '@luodi/projections';
import { amountView, median, percent, type AmountView } from './report-math';

/** 落地: the stage a signed project must reach to count as landed. */
export type LandingRule = 'REGISTERED' | 'UNDER_CONSTRUCTION' | 'IN_PRODUCTION';
export const LANDING_RULES: readonly LandingRule[] = [
  'REGISTERED',
  'UNDER_CONSTRUCTION',
  'IN_PRODUCTION',
];
/** "签约在纸上,更要落在地上": groundbreaking unless the caller picks another rule. */
export const DEFAULT_LANDING: LandingRule = 'UNDER_CONSTRUCTION';

export interface CohortSummary {
  signed: number;
  registered: number;
  groundbroken: number;
  inProduction: number;
  dropped: number;
  landed: number;
  registrationRate: number | null;
  groundbreakingRate: number | null;
  productionRate: number | null;
  landingRate: number | null;
  contractInvestment: AmountView;
  fundsArrived: AmountView;
  fundsArrivalRate: number | null;
  medianDaysSignedToRegistered: number | null;
  medianDaysSignedToGroundbroken: number | null;
}

/** The conversion figures of a signing cohort (every member has a signing date). */
export function summarizeCohort(
  members: readonly ProjectSnapshot[],
  landing: LandingRule,
): CohortSummary {
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
  const daysFromSigning = (stage: PipelineStage) =>
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
    medianDaysSignedToRegistered: median(daysFromSigning('REGISTERED')),
    medianDaysSignedToGroundbroken: median(daysFromSigning('UNDER_CONSTRUCTION')),
  };
}
