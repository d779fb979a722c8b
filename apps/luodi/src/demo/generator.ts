// The pure part of `npm run demo`: from a seed, a city with its regions, industry chains and
// annual targets, and N projects, each a list of REST requests in business-date order. No I/O,
// no clock: `today` is passed in. The runner (demo.main.ts) sends the requests.

import {
  addDays,
  creditCodeCheckChar,
  daysBetween,
  resolveCommitments,
  type ActivityType,
  type Commitments,
  type CoordinationLevel,
  type IssueCategory,
  type PipelineStage,
  type SigningOccasion,
  type Stage,
} from '@luodi/domain';
import {
  ACTIVITY_NOTES,
  BRAND_CHARS,
  CHAINS,
  CITIES,
  COMPANY_SUFFIXES,
  DROP_REASONS,
  FOREIGN_ORIGINS,
  GIVEN_NAMES,
  ISSUE_TEXTS,
  LEAD_SOURCE_WEIGHTS,
  ORIGINS,
  REACTIVATION_REASONS,
  RESCHEDULE_REASONS,
  SURNAMES,
  TOWN_NAMES,
  ZONE_SUFFIXES,
  type ChainTemplate,
} from './demo-data';
import { Rng } from './prng';

export type DemoOptions = {
  seed: number;
  projects: number;
  /** Today's business date (Asia/Shanghai); nothing is dated after it. */
  today: string;
};

export type RegionPlan = {
  code: string;
  name: string;
  parentCode?: string;
  level: 'CITY' | 'COUNTY' | 'TOWN';
};

export type ChainPlan = { code: string; name: string; chainLeader: string };

export type TargetPlan = { regionCode: string; values: Record<string, number> };

export type StepKind =
  | 'lead'
  | 'negotiation'
  | 'signing'
  | 'registration'
  | 'groundbreaking'
  | 'production'
  | 'drop'
  | 'reactivation'
  | 'investment'
  | 'issue'
  | 'issue-assignment'
  | 'issue-escalation'
  | 'issue-resolution'
  | 'activity'
  | 'responsibility'
  | 'reschedule'
  | 'correction';

/** One request. `path` may hold `{id}` (the project) and `{issue}` (see `issue`). */
export type DemoStep = {
  kind: StepKind;
  method: 'POST' | 'PUT';
  path: string;
  body: Record<string, unknown>;
  occurredOn: string;
  /** Which of the project's issues (0, 1, ...) this step raises or follows up. */
  issue?: number;
  /** Idempotency-Key: seed, anchor day, project index, step number. */
  key: string;
};

export type ProjectPlan = {
  index: number;
  externalRef: string;
  name: string;
  investorName: string;
  regionCode: string;
  countyCode: string;
  industryChain: string;
  currency: 'CNY' | 'USD';
  estimatedWan: number;
  plannedWan?: number;
  contractWan?: number;
  finalStage: Stage;
  reactivated: boolean;
  slips: number;
  stageDates: Partial<Record<PipelineStage, string>>;
  droppedOn?: string;
  /** 资金到位 (万元, in the project's currency) with dates. */
  investments: Array<{ on: string; wan: number }>;
  steps: DemoStep[];
};

export type DemoPlan = {
  seed: number;
  today: string;
  year: number;
  city: RegionPlan;
  regions: RegionPlan[];
  chains: ChainPlan[];
  targets: TargetPlan[];
  projects: ProjectPlan[];
  /** Prefix of every project's externalRef: finds this demo's projects again. */
  refPrefix: string;
  keyPrefix: string;
};

const PIPELINE: readonly PipelineStage[] = [
  'LEAD',
  'NEGOTIATING',
  'SIGNED',
  'REGISTERED',
  'UNDER_CONSTRUCTION',
  'IN_PRODUCTION',
];

/** How projects end up (weights); "reactivated" ones are dropped once and picked up again. */
type Outcome = PipelineStage | 'DROPPED' | 'REACTIVATED';
const OUTCOMES: ReadonlyArray<readonly [Outcome, number]> = [
  ['LEAD', 21],
  ['NEGOTIATING', 24],
  ['SIGNED', 14],
  ['REGISTERED', 10],
  ['UNDER_CONSTRUCTION', 11],
  ['IN_PRODUCTION', 8],
  ['DROPPED', 9],
  ['REACTIVATED', 3],
];

/** Days from entering a stage to entering the next one. */
const STAGE_GAPS: Record<PipelineStage, readonly [number, number]> = {
  LEAD: [5, 75],
  NEGOTIATING: [15, 150],
  SIGNED: [7, 100],
  REGISTERED: [10, 150],
  UNDER_CONSTRUCTION: [60, 300],
  IN_PRODUCTION: [0, 0],
};

/** 百亿 projects (≥ 1,000,000 万元) and where they stand; the index does not depend on N. */
const HUNDRED_YI: ReadonlyMap<number, readonly [Outcome, chain: string, name: string]> = new Map([
  [3, ['UNDER_CONSTRUCTION', 'NEW_MATERIALS', '年产20万吨电子级多晶硅一体化项目'] as const],
  [200, ['SIGNED', 'NEV', '新能源动力电池及储能产业园项目'] as const],
]);
const CORRECTED = new Set([5, 160]);
const FOREIGN = new Set([9, 77]);

const KEY_PATH: Record<StepKind, string> = {
  lead: '/projects',
  negotiation: '/projects/{id}/negotiation',
  signing: '/projects/{id}/signing',
  registration: '/projects/{id}/registration',
  groundbreaking: '/projects/{id}/groundbreaking',
  production: '/projects/{id}/production',
  drop: '/projects/{id}/drop',
  reactivation: '/projects/{id}/reactivation',
  investment: '/projects/{id}/investments',
  issue: '/projects/{id}/issues',
  'issue-assignment': '/projects/{id}/issues/{issue}/assignment',
  'issue-escalation': '/projects/{id}/issues/{issue}/escalation',
  'issue-resolution': '/projects/{id}/issues/{issue}/resolution',
  activity: '/projects/{id}/activities',
  responsibility: '/projects/{id}/responsibility',
  reschedule: '/projects/{id}/commitments',
  correction: '/projects/{id}/corrections',
};

/** Order of steps dated the same day: the lifecycle first, drop and reactivation after it. */
const RANK: Record<StepKind, number> = {
  lead: 0,
  negotiation: 10,
  signing: 20,
  registration: 30,
  groundbreaking: 40,
  production: 50,
  responsibility: 60,
  activity: 61,
  investment: 62,
  reschedule: 63,
  correction: 64,
  issue: 70,
  'issue-assignment': 71,
  'issue-escalation': 72,
  'issue-resolution': 73,
  drop: 90,
  reactivation: 95,
};

export const compact = (date: string) => date.replaceAll('-', '');
const minD = (a: string, b: string) => (a <= b ? a : b);
const maxD = (a: string, b: string) => (a >= b ? a : b);

/** A day in [from, to] (both included); `from` when the range is empty. */
function dayIn(rng: Rng, from: string, to: string): string {
  const span = daysBetween(from, to);
  return span <= 0 ? from : addDays(from, rng.int(0, span));
}

/** `n` days in [from, to], ascending. */
function daysIn(rng: Rng, from: string, to: string, n: number): string[] {
  return Array.from({ length: n }, () => dayIn(rng, from, to)).sort();
}

/** 双月28日集中签约: the 28th of an even month on or after `date`. */
export function nextCeremonyDay(date: string): string {
  let [y, m] = date.split('-').map(Number) as [number, number];
  for (;;) {
    const candidate = `${y}-${String(m).padStart(2, '0')}-28`;
    if (m % 2 === 0 && candidate >= date) return candidate;
    m += 1;
    if (m > 12) [y, m] = [y + 1, 1];
  }
}

/** The 28th of an even month on or before `date`. */
export function previousCeremonyDay(date: string): string {
  let [y, m] = date.split('-').map(Number) as [number, number];
  for (;;) {
    const candidate = `${y}-${String(m).padStart(2, '0')}-28`;
    if (m % 2 === 0 && candidate <= date) return candidate;
    m -= 1;
    if (m < 1) [y, m] = [y - 1, 12];
  }
}

export const isCeremonyDay = (date: string) =>
  date.endsWith('-28') && Number(date.slice(5, 7)) % 2 === 0;

const personName = (rng: Rng) => `${rng.pick(SURNAMES)}${rng.pick(GIVEN_NAMES)}`;
const shortName = (name: string) =>
  name.replace(/(羌族自治县|经济技术开发区|工业园区|县|区|市)$/u, '');

function brand(rng: Rng): string {
  const a = rng.pick(BRAND_CHARS);
  let b = rng.pick(BRAND_CHARS);
  while (b === a) b = rng.pick(BRAND_CHARS);
  return `${a}${b}`;
}

/** Amounts are quoted in round figures: 8,500 万元, 12,000 万元, 60,000 万元. */
function roundWan(wan: number): number {
  const step = wan >= 100_000 ? 10_000 : wan >= 10_000 ? 1_000 : wan >= 1_000 ? 100 : 10;
  return Math.max(step, Math.round(wan / step) * step);
}

/** 预计投资额: many 5,000-30,000 万元, some ≥ 1 亿元, a few ≥ 5 亿元. */
function estimatedAmount(rng: Rng): number {
  const band = rng.weighted<readonly [number, number]>([
    [[1_000, 5_000], 10],
    [[5_000, 30_000], 55],
    [[30_000, 100_000], 24],
    [[100_000, 500_000], 9],
    [[500_000, 900_000], 2],
  ]);
  return roundWan(rng.logUniform(band[0], band[1]));
}

// ---------------------------------------------------------------------------------------------
// The city

type County = RegionPlan & { short: string; towns: RegionPlan[]; weight: number };

function generateCity(seed: number) {
  const rng = Rng.derive(seed, 'city');
  const template = rng.pick(CITIES);
  const city: RegionPlan = { code: template.code, name: template.name, level: 'CITY' };
  const count = Math.min(template.counties.length, rng.int(6, 8));
  const townNames = rng.shuffle(TOWN_NAMES);
  const counties: County[] = template.counties.slice(0, count).map(([code, name], i) => {
    const short = shortName(name);
    const towns: RegionPlan[] = [];
    const isZone = /开发区|园区$/u.test(name);
    const nTowns = rng.int(2, 4);
    for (let t = 0; t < nTowns; t++) {
      if (t === 0 && !isZone) {
        const suffix = rng.pick(ZONE_SUFFIXES);
        towns.push({
          code: `${code}400`,
          name: `${short}${suffix}`,
          parentCode: code,
          level: 'TOWN',
        });
      } else {
        const town = townNames.pop() ?? `第${t}`;
        const kind = town === '城关' || rng.chance(0.8) ? '镇' : '乡';
        const num = String(100 + t).padStart(3, '0');
        towns.push({
          code: `${code}${num}`,
          name: `${town}${kind}`,
          parentCode: code,
          level: 'TOWN',
        });
      }
    }
    return {
      code,
      name,
      parentCode: city.code,
      level: 'COUNTY' as const,
      short,
      towns,
      weight: i === 0 ? 1.4 : rng.between(0.7, 1.3),
    };
  });
  const leaders = rng.shuffle(SURNAMES);
  const chains: ChainPlan[] = CHAINS.map((chain, i) => ({
    code: chain.code,
    name: chain.name,
    chainLeader:
      i < 2
        ? `${leaders[0] ?? '刘'}${GIVEN_NAMES[i] ?? '明'}市长`
        : `${leaders[1 + (i % 6)] ?? '王'}${rng.pick(GIVEN_NAMES)}副市长`,
  }));
  return { template, city, counties, chains };
}

// ---------------------------------------------------------------------------------------------
// One project

type Draft = Omit<DemoStep, 'key'> & { rank: number; seq: number };

type Ctx = {
  seed: number;
  today: string;
  keyPrefix: string;
  refPrefix: string;
  cityShort: string;
  cityName: string;
  counties: County[];
  chains: ChainPlan[];
};

function generateProject(ctx: Ctx, index: number): ProjectPlan {
  const rng = Rng.derive(ctx.seed, 'project', index);
  const { today } = ctx;
  const drafts: Draft[] = [];
  const push = (
    kind: StepKind,
    occurredOn: string,
    body: Record<string, unknown>,
    issue?: number,
  ) =>
    drafts.push({
      kind,
      method: kind === 'responsibility' ? 'PUT' : 'POST',
      path: KEY_PATH[kind],
      body: { occurredOn, ...body },
      occurredOn,
      rank: RANK[kind] + (issue ?? 0) * 5,
      seq: drafts.length,
      ...(issue !== undefined ? { issue } : {}),
    });

  // Who, where, what.
  const county = rng.weighted(ctx.counties.map((c) => [c, c.weight] as const));
  const region = rng.chance(0.4) ? county : rng.pick(county.towns);
  const forced = HUNDRED_YI.get(index);
  let chainTemplate: ChainTemplate = rng.weighted(CHAINS.map((c) => [c, c.weight] as const));
  if (forced) chainTemplate = CHAINS.find((c) => c.code === forced[1]) ?? chainTemplate;
  const chain = ctx.chains.find((c) => c.code === chainTemplate.code) as ChainPlan;
  const source = rng.weighted(LEAD_SOURCE_WEIGHTS);
  const foreign = FOREIGN.has(index) || rng.chance(0.012);
  const currency = foreign ? ('USD' as const) : ('CNY' as const);
  const b = brand(rng);
  let investorName: string;
  let origin: string;
  if (foreign) {
    const [prefix, suffix, o] = rng.pick(FOREIGN_ORIGINS);
    investorName = `${prefix}${b}${chainTemplate.trade}${suffix}`;
    origin = o;
  } else {
    const [c, o] = rng.weighted(ORIGINS.map((x) => [x, x[2]] as const));
    investorName = `${c}${b}${chainTemplate.trade}${rng.weighted(COMPANY_SUFFIXES)}`;
    origin = o;
  }
  const template = rng.pick(chainTemplate.projects);
  const baseName = template.replace('{n}', String(rng.int(chainTemplate.n[0], chainTemplate.n[1])));
  const name = forced ? `${b}${forced[2]}` : rng.chance(0.45) ? `${b}${baseName}` : baseName;

  const forcedOutcome = forced?.[0];
  let estimatedWan = foreign ? roundWan(rng.logUniform(800, 12_000)) : estimatedAmount(rng);
  if (forcedOutcome) estimatedWan = rng.pick([1_000_000, 1_200_000, 1_500_000]);
  const outcome: Outcome = forcedOutcome ?? rng.weighted(OUTCOMES);

  // The path of milestones and the gaps between them.
  let reached: PipelineStage;
  let dropAfter = false;
  let reactivate = false;
  let advanceAfterReactivation = false;
  if (outcome === 'DROPPED' || outcome === 'REACTIVATED') {
    reached = rng.weighted<PipelineStage>([
      ['LEAD', 40],
      ['NEGOTIATING', 45],
      ['SIGNED', 15],
    ]);
    dropAfter = true;
    reactivate = outcome === 'REACTIVATED';
    advanceAfterReactivation = reactivate && rng.chance(0.5);
  } else {
    reached = outcome;
  }
  const path = PIPELINE.slice(0, PIPELINE.indexOf(reached) + 1);
  let occasion: SigningOccasion | undefined;
  if (path.includes('SIGNED') || advanceAfterReactivation) {
    occasion = rng.weighted<SigningOccasion>([
      ['CEREMONY', 50],
      ['FAIR', 15],
      ['INDIVIDUAL', 35],
    ]);
  }
  const gaps = path.slice(1).map((_, i) => {
    const [lo, hi] = STAGE_GAPS[path[i] as PipelineStage];
    return rng.int(lo, hi);
  });
  const dropGap = dropAfter ? rng.int(20, 180) : 0;
  const reactivateGap = reactivate ? rng.int(15, 120) : 0;
  const advanceGap = advanceAfterReactivation ? rng.int(10, 60) : 0;
  const total = gaps.reduce((s, g) => s + g, 0) + dropGap + reactivateGap + advanceGap;
  const slack = occasion === 'CEREMONY' ? 61 : 0;
  const earliest = addDays(today, -Math.max(365, total + slack + 30));
  const latest = maxD(earliest, addDays(today, -(total + slack + rng.int(0, 20))));
  const leadOn = dayIn(rng, earliest, latest);

  // Forward through the path; a ceremony signing moves to the nearest 双月28日.
  const stageDates: Partial<Record<PipelineStage, string>> = { LEAD: leadOn };
  let d = leadOn;
  const enter = (stage: PipelineStage, gap: number) => {
    let next = minD(addDays(d, gap), today);
    if (stage === 'SIGNED' && occasion === 'CEREMONY') {
      const after = nextCeremonyDay(next);
      const before = previousCeremonyDay(next);
      if (after <= today) next = after;
      else if (before > d) next = before;
      else occasion = 'INDIVIDUAL';
    }
    d = next;
    stageDates[stage] = d;
  };
  path.slice(1).forEach((stage, i) => enter(stage, gaps[i] ?? 0));
  let droppedOn: string | undefined;
  let reactivatedOn: string | undefined;
  let finalStage: Stage = reached;
  if (dropAfter) {
    droppedOn = minD(addDays(d, dropGap), today);
    d = droppedOn;
    finalStage = 'DROPPED';
    if (reactivate) {
      // Reactivation and what follows are dated strictly after the drop.
      reactivatedOn = addDays(d, reactivateGap);
      if (reactivatedOn > today) {
        reactivatedOn = undefined; // not yet: the project stays dropped
      } else {
        d = reactivatedOn;
        finalStage = reached;
        if (advanceAfterReactivation && reached !== 'IN_PRODUCTION') {
          const nextStage = PIPELINE[PIPELINE.indexOf(reached) + 1] as PipelineStage;
          const target = addDays(d, advanceGap);
          if (target <= today) {
            enter(nextStage, advanceGap);
            finalStage = nextStage;
          }
        }
      }
    }
  }

  const externalRef = `${ctx.refPrefix}${String(index).padStart(4, '0')}`;
  // 更正 (留痕): one or two projects had their investor or amount entered wrongly at first.
  const correction = CORRECTED.has(index)
    ? foreign || rng.chance(0.5)
      ? 'investor'
      : 'amount'
    : undefined;
  const typo = investorName.replace(b, `${b.charAt(1)}${b.charAt(0)}`);
  push('lead', leadOn, {
    name,
    investor: { name: correction === 'investor' ? typo : investorName, origin },
    industryChain: chain.code,
    regionCode: region.code,
    source,
    estimatedInvestment: estimatedWan,
    ...(foreign ? { currency } : {}),
    externalRef,
  });

  const countyOfficial = /区$/u.test(county.name)
    ? '副区长'
    : /市$/u.test(county.name)
      ? '副市长'
      : /开发区|园区$/u.test(county.name)
        ? '管委会副主任'
        : '副县长';
  const bureau = /开发区|园区$/u.test(county.name)
    ? `${county.name}管委会`
    : `${county.name}商务局`;

  // 在谈: planned investment (万元; USD projects quote planned only in their contract).
  let plannedWan: number | undefined;
  if (stageDates.NEGOTIATING) {
    plannedWan = foreign ? undefined : roundWan(estimatedWan * rng.between(0.9, 1.25));
    if (forcedOutcome) plannedWan = estimatedWan;
    push('negotiation', stageDates.NEGOTIATING, {
      ...(plannedWan !== undefined ? { plannedInvestment: plannedWan } : {}),
      leadOfficer: `${rng.pick(SURNAMES)}科长`,
    });
  }

  // 签约 with the contract's commitments, explicit for some contracts.
  let contractWan: number | undefined;
  let commitments: Commitments | undefined;
  const signedOn = stageDates.SIGNED;
  if (signedOn && occasion) {
    contractWan = roundWan((plannedWan ?? estimatedWan) * rng.between(0.8, 1.1));
    if (forcedOutcome) contractWan = estimatedWan;
    let given: Partial<Commitments> = {};
    if (rng.chance(0.3)) {
      const registerBy = addDays(signedOn, rng.int(30, 90));
      const breakGroundBy = addDays(registerBy, rng.int(30, 120));
      given = rng.chance(0.6)
        ? { registerBy, breakGroundBy, produceBy: addDays(breakGroundBy, rng.int(180, 540)) }
        : { breakGroundBy };
    }
    commitments = resolveCommitments(signedOn, given).commitments;
    push('signing', signedOn, {
      contractInvestment: contractWan,
      ...(foreign ? { currency } : {}),
      occasion,
      ...(Object.keys(given).length > 0 ? { commitments: given } : {}),
    });
  }
  if (stageDates.REGISTERED && contractWan !== undefined) {
    const body17 = `91${county.code}MA${Array.from({ length: 7 }, () => rng.pick([...'0123456789ABCDEFGHJKLMNPQRTUWXY'])).join('')}`;
    const creditCode = `${body17}${creditCodeCheckChar(body17) ?? '0'}`;
    const companyName = `${ctx.cityShort}${b}${chainTemplate.trade}有限公司`;
    const capital = foreign
      ? roundWan(contractWan * 7 * rng.between(0.1, 0.3))
      : roundWan(contractWan * rng.between(0.05, 0.3));
    push('registration', stageDates.REGISTERED, {
      creditCode,
      companyName,
      registeredCapital: capital,
    });
  }
  if (stageDates.UNDER_CONSTRUCTION) push('groundbreaking', stageDates.UNDER_CONSTRUCTION, {});
  if (stageDates.IN_PRODUCTION) push('production', stageDates.IN_PRODUCTION, {});
  if (droppedOn) push('drop', droppedOn, { reason: rng.pick(DROP_REASONS) });
  if (reactivatedOn)
    push('reactivation', reactivatedOn, { reason: rng.pick(REACTIVATION_REASONS) });

  // 资金到位: only while signed and live (before a drop).
  const investments: Array<{ on: string; wan: number }> = [];
  if (signedOn && contractWan !== undefined) {
    const liveUntil = droppedOn ? addDays(droppedOn, -1) : today;
    const stage = dropAfter ? reached : finalStage;
    const [count, share] =
      stage === 'IN_PRODUCTION'
        ? [rng.int(2, 4), rng.between(0.5, 0.95)]
        : stage === 'UNDER_CONSTRUCTION'
          ? [rng.int(1, 3), rng.between(0.2, 0.6)]
          : stage === 'REGISTERED'
            ? [rng.int(1, 2), rng.between(0.1, 0.3)]
            : [rng.chance(0.4) ? 1 : 0, rng.between(0.03, 0.15)];
    if (liveUntil >= signedOn && count > 0) {
      const dates = daysIn(
        rng,
        addDays(signedOn, 1) <= liveUntil ? addDays(signedOn, 1) : signedOn,
        liveUntil,
        count,
      );
      const unit = foreign ? 10 : 100;
      const parts = dates.map(() => rng.between(0.5, 1.5));
      const partSum = parts.reduce((x, y) => x + y, 0);
      for (const [i, on] of dates.entries()) {
        const part = (contractWan * share * (parts[i] ?? 1)) / partSum;
        const wan = Math.max(unit, Math.round(part / unit) * unit);
        investments.push({ on, wan });
        push('investment', on, { amount: wan, ...(foreign ? { currency } : {}) });
      }
    }
  }

  // 问题协调: raised, assigned to a unit with a due date, sometimes escalated, often resolved.
  const issueOdds = signedOn ? 0.45 : stageDates.NEGOTIATING ? 0.2 : 0.05;
  if (rng.chance(issueOdds)) {
    const n = rng.chance(0.25) ? 2 : 1;
    const from = signedOn ?? stageDates.NEGOTIATING ?? leadOn;
    for (let k = 0; k < n; k++) {
      const category = rng.weighted(
        Object.entries(ISSUE_TEXTS).map(([c, v]) => [c as IssueCategory, v.weight] as const),
      );
      const texts = ISSUE_TEXTS[category];
      let level = rng.weighted<CoordinationLevel>([
        ['TOWN', 35],
        ['COUNTY', 45],
        ['CITY', 20],
      ]);
      let on = dayIn(rng, from, today);
      push(
        'issue',
        on,
        { category, description: rng.pick(texts.texts), coordinationLevel: level },
        k,
      );
      if (rng.chance(0.85)) {
        on = minD(addDays(on, rng.int(0, 7)), today);
        const unit =
          level === 'CITY' ? `${ctx.cityName}${texts.unit}` : `${county.name}${texts.unit}`;
        push('issue-assignment', on, { unit, dueOn: addDays(on, rng.int(10, 45)) }, k);
        if (level !== 'CITY' && rng.chance(0.25)) {
          const at = addDays(on, rng.int(3, 20));
          if (at <= today) {
            on = at;
            level = level === 'TOWN' && rng.chance(0.6) ? 'COUNTY' : 'CITY';
            push(
              'issue-escalation',
              on,
              { coordinationLevel: level, reason: '县级协调难度大,提请上级协调' },
              k,
            );
          }
        }
      }
      if (rng.chance(0.75)) {
        const at = addDays(on, rng.int(3, 60));
        if (at <= today) push('issue-resolution', at, { note: rng.pick(texts.notes) }, k);
      }
    }
  }

  // 招商活动: visits, receptions, negotiation meetings, promotion events.
  const activityCount = stageDates.NEGOTIATING ? rng.int(1, 4) : rng.int(0, 2);
  const activityUntil = signedOn ?? droppedOn ?? today;
  for (const on of daysIn(rng, leadOn, activityUntil, activityCount)) {
    const type = rng.weighted(
      Object.entries(ACTIVITY_NOTES).map(([t, v]) => [t as ActivityType, v.weight] as const),
    );
    const note = rng
      .pick(ACTIVITY_NOTES[type].notes)
      .replace(
        '{origin}',
        origin.replace(/^(广东|江苏|浙江|河南|湖北|四川|山东|福建|安徽|陕西)/u, ''),
      )
      .replace('{city}', ctx.cityShort);
    push('activity', on, { type, note });
  }

  // 包联领导 / 项目秘书 / 责任单位 / 链长.
  if (stageDates.NEGOTIATING && rng.chance(signedOn ? 0.8 : 0.6)) {
    const on = dayIn(rng, stageDates.NEGOTIATING, minD(addDays(stageDates.NEGOTIATING, 10), today));
    const leader = `${rng.pick(SURNAMES)}${countyOfficial}`;
    push('responsibility', on, {
      leader,
      secretary: personName(rng),
      unit: bureau,
      chainLeader: chain.chainLeader,
    });
    if (rng.chance(0.12)) {
      const later = dayIn(rng, on, today);
      let next = `${rng.pick(SURNAMES)}${countyOfficial}`;
      while (next === leader) next = `${rng.pick(SURNAMES)}${countyOfficial}`;
      push('responsibility', later, { leader: next });
    }
  }

  // Slipping deadlines: a few projects slip three times (a warning sign).
  let slips = 0;
  if (signedOn && commitments && !dropAfter && finalStage !== 'IN_PRODUCTION') {
    slips = rng.weighted([
      [0, 66],
      [1, 18],
      [2, 9],
      [3, 7],
    ] as const);
    const key =
      finalStage === 'SIGNED'
        ? 'registerBy'
        : finalStage === 'REGISTERED'
          ? 'breakGroundBy'
          : 'produceBy';
    const stageOn = stageDates[finalStage as PipelineStage] ?? signedOn;
    const current: Commitments = { ...commitments };
    for (const on of daysIn(rng, stageOn, today, slips)) {
      const moved: Partial<Commitments> = {};
      moved[key] = addDays(maxD(current[key], on), rng.int(30, 90));
      current[key] = moved[key];
      if (key === 'registerBy' && current.breakGroundBy < moved[key]) {
        current.breakGroundBy = moved.breakGroundBy = addDays(moved[key], rng.int(30, 90));
      }
      if (key !== 'produceBy' && current.produceBy < current.breakGroundBy) {
        current.produceBy = moved.produceBy = addDays(current.breakGroundBy, rng.int(180, 360));
      }
      push('reschedule', on, { ...moved, reason: rng.pick(RESCHEDULE_REASONS) });
    }
  }

  if (correction) {
    const on = dayIn(rng, leadOn, minD(addDays(leadOn, 30), today));
    push(
      'correction',
      on,
      correction === 'investor'
        ? {
            changes: { investor: { name: investorName, origin } },
            reason: '投资方名称录入有误,按营业执照更正',
          }
        : {
            changes: { estimatedInvestment: roundWan(estimatedWan * 1.2) },
            reason: '预计投资额录入有误,按投资意向书更正',
          },
    );
  }

  drafts.sort((x, y) =>
    x.occurredOn !== y.occurredOn
      ? x.occurredOn < y.occurredOn
        ? -1
        : 1
      : x.rank !== y.rank
        ? x.rank - y.rank
        : x.seq - y.seq,
  );
  const steps: DemoStep[] = drafts.map(({ rank: _r, seq: _s, ...step }, i) => ({
    ...step,
    key: `${ctx.keyPrefix}-p${index}-${i}-${step.kind}`,
  }));

  return {
    index,
    externalRef,
    name,
    investorName,
    regionCode: region.code,
    countyCode: county.code,
    industryChain: chain.code,
    currency,
    estimatedWan,
    ...(plannedWan !== undefined ? { plannedWan } : {}),
    ...(contractWan !== undefined ? { contractWan } : {}),
    finalStage,
    reactivated: reactivatedOn !== undefined,
    slips,
    stageDates,
    ...(droppedOn ? { droppedOn } : {}),
    investments,
    steps,
  };
}

// ---------------------------------------------------------------------------------------------
// Annual targets, sized from what the projects achieve this year (completion about 40-110%)

export type Actuals = Record<string, number>;

export function yearActuals(projects: readonly ProjectPlan[], year: number): Actuals {
  const inYear = (date: string | undefined) => date !== undefined && date.startsWith(`${year}-`);
  const a: Actuals = {
    signedProjects: 0,
    signedProjectsOver100m: 0,
    majorProjectsSigned: 0,
    contractInvestment: 0,
    fundsArrived: 0,
    groundbrokenProjects: 0,
    negotiatingInvestmentOver100m: 0,
  };
  const add = (k: string, v: number) => (a[k] = (a[k] ?? 0) + v);
  for (const p of projects) {
    const cny = p.currency === 'CNY';
    if (inYear(p.stageDates.SIGNED) && p.contractWan !== undefined) {
      add('signedProjects', 1);
      if (cny && p.contractWan >= 10_000) add('signedProjectsOver100m', 1);
      if (cny && p.contractWan >= 50_000) add('majorProjectsSigned', 1);
      if (cny) add('contractInvestment', p.contractWan);
    }
    if (cny) for (const i of p.investments) if (inYear(i.on)) add('fundsArrived', i.wan);
    if (inYear(p.stageDates.UNDER_CONSTRUCTION)) add('groundbrokenProjects', 1);
    if (p.finalStage === 'NEGOTIATING' && (p.plannedWan ?? 0) >= 10_000) {
      add('negotiatingInvestmentOver100m', p.plannedWan ?? 0);
    }
  }
  return a;
}

const AMOUNTS = new Set(['contractInvestment', 'fundsArrived', 'negotiatingInvestmentOver100m']);

function targetsFor(rng: Rng, actuals: Actuals): Record<string, number> {
  const values: Record<string, number> = {};
  for (const [k, actual] of Object.entries(actuals)) {
    const completion = rng.between(0.45, 1.1);
    if (AMOUNTS.has(k)) {
      values[k] = Math.max(1_000, Math.round(actual / completion / 1_000) * 1_000);
    } else {
      values[k] = actual === 0 ? rng.int(1, 3) : Math.max(1, Math.round(actual / completion));
    }
  }
  return values;
}

// ---------------------------------------------------------------------------------------------

export function generateDemo(options: DemoOptions): DemoPlan {
  const { seed, today } = options;
  const { template, city, counties, chains } = generateCity(seed);
  const year = Number(today.slice(0, 4));
  const refPrefix = `DEMO-S${seed}-${compact(today)}-`;
  const keyPrefix = `luodi-demo-s${seed}-${compact(today)}`;
  const ctx: Ctx = {
    seed,
    today,
    keyPrefix,
    refPrefix,
    cityShort: template.short,
    cityName: template.name,
    counties,
    chains,
  };
  const projects = Array.from({ length: options.projects }, (_, i) => generateProject(ctx, i));
  const targetRng = Rng.derive(seed, 'targets', options.projects);
  const targets: TargetPlan[] = [
    { regionCode: city.code, values: targetsFor(targetRng, yearActuals(projects, year)) },
    ...counties.map((c) => ({
      regionCode: c.code,
      values: targetsFor(
        targetRng,
        yearActuals(
          projects.filter((p) => p.countyCode === c.code),
          year,
        ),
      ),
    })),
  ];
  const regions: RegionPlan[] = [
    city,
    ...counties.map(({ code, name, parentCode, level }) => ({
      code,
      name,
      level,
      ...(parentCode ? { parentCode } : {}),
    })),
    ...counties.flatMap((c) => c.towns),
  ];
  return { seed, today, year, city, regions, chains, targets, projects, refPrefix, keyPrefix };
}
