import type { FactRow } from './facts.projection';
import type { PipelineStage, Stage } from '@luodi/domain';

export interface Arrival {
  on: string;
  yuan: number;
  currency: string;
}

export interface IssueSnapshot {
  issueId: string;
  category: string;
  description: string;
  coordinationLevel: string;
  raisedOn: string;
  unit: string | null;
  dueOn: string | null;
  resolvedOn: string | null;
}

type Amount = { yuan: number; currency: string } | null;

/** A project as the facts say it was at (asOf, knownAt). */
export interface ProjectSnapshot {
  id: string;
  name: string;
  regionCode: string;
  industryChain: string;
  stage: Stage;
  stageEnteredOn: string;
  /** The first date each stage was reached (the dates reports count). */
  stageDates: Partial<Record<PipelineStage, string>>;
  droppedOn: string | null;
  everDropped: boolean;
  reactivations: number;
  estimated: Amount;
  planned: Amount;
  contract: Amount;
  arrivals: Arrival[];
  issues: IssueSnapshot[];
  responsibleUnit: string | null;
}

/** contract, else planned, else estimated investment. */
export function investmentOf(p: ProjectSnapshot): Amount {
  return p.contract ?? p.planned ?? p.estimated;
}

/** CNY 元 of an amount, or null for none / another currency (never mixed into sums). */
export const cnyYuan = (amount: Amount): number | null =>
  amount && amount.currency === 'CNY' ? amount.yuan : null;

/** Projects being folded, with their issues by id. */
interface Fold {
  byId: Map<string, ProjectSnapshot>;
  issues: Map<string, Map<string, IssueSnapshot>>;
}

const emptyFold = (): Fold => ({ byId: new Map(), issues: new Map() });

/** Applies one fact; facts of a project whose lead the fold has not seen are ignored. */
function applyFact(fold: Fold, f: FactRow): void {
  const { byId, issues } = fold;
  let p = byId.get(f.projectId);
  const amount =
    f.amountYuan !== null ? { yuan: f.amountYuan, currency: f.currency ?? 'CNY' } : null;
  if (f.type === 'LeadRegistered') {
    p = {
      id: f.projectId,
      name: f.name ?? '',
      regionCode: f.regionCode ?? '',
      industryChain: f.industryChain ?? '',
      stage: 'LEAD',
      stageEnteredOn: f.occurredOn,
      stageDates: { LEAD: f.occurredOn },
      droppedOn: null,
      everDropped: false,
      reactivations: 0,
      estimated: amount,
      planned: null,
      contract: null,
      arrivals: [],
      issues: [],
      responsibleUnit: null,
    };
    byId.set(f.projectId, p);
    issues.set(f.projectId, new Map());
    return;
  }
  if (!p) return;
  const projectIssues = issues.get(f.projectId)!;
  if (f.stage !== null) {
    const stage = f.stage as Stage;
    p.stage = stage;
    p.stageEnteredOn = f.occurredOn;
    if (stage !== 'DROPPED') p.stageDates[stage] ??= f.occurredOn;
    if (stage === 'DROPPED') {
      p.droppedOn = f.occurredOn;
      p.everDropped = true;
    } else if (f.type === 'ProjectReactivated') {
      p.droppedOn = null;
      p.reactivations += 1;
    }
  }
  switch (f.type) {
    case 'NegotiationStarted':
      if (amount) p.planned = amount;
      break;
    case 'ContractSigned':
      p.contract = amount;
      break;
    case 'InvestmentArrived':
      if (amount) p.arrivals.push({ on: f.occurredOn, ...amount });
      break;
    case 'ProjectDetailsCorrected':
      if (f.name !== null) p.name = f.name;
      if (f.regionCode !== null) p.regionCode = f.regionCode;
      if (f.industryChain !== null) p.industryChain = f.industryChain;
      if (amount) p.estimated = amount;
      break;
    case 'ResponsibilityAssigned':
      if (typeof f.detail.unit === 'string') p.responsibleUnit = f.detail.unit;
      break;
    case 'IssueRaised':
      if (f.issueId)
        projectIssues.set(f.issueId, {
          issueId: f.issueId,
          category: String(f.detail.category),
          description: String(f.detail.description),
          coordinationLevel: String(f.detail.coordinationLevel),
          raisedOn: f.occurredOn,
          unit: null,
          dueOn: null,
          resolvedOn: null,
        });
      break;
    case 'IssueAssigned': {
      const issue = f.issueId ? projectIssues.get(f.issueId) : undefined;
      if (issue) {
        issue.unit = String(f.detail.unit);
        issue.dueOn = String(f.detail.dueOn);
      }
      break;
    }
    case 'IssueEscalated': {
      const issue = f.issueId ? projectIssues.get(f.issueId) : undefined;
      if (issue) issue.coordinationLevel = String(f.detail.coordinationLevel);
      break;
    }
    case 'IssueResolved': {
      const issue = f.issueId ? projectIssues.get(f.issueId) : undefined;
      if (issue) issue.resolvedOn = f.occurredOn;
      break;
    }
    default:
      break;
  }
}

/** A project's snapshot as the fold stands now, sharing nothing with the fold. */
function snapshotOf(fold: Fold, id: string): ProjectSnapshot | undefined {
  const p = fold.byId.get(id);
  if (!p) return undefined;
  return {
    ...p,
    stageDates: { ...p.stageDates },
    arrivals: p.arrivals.map((a) => ({ ...a })),
    issues: [...(fold.issues.get(id)?.values() ?? [])].map((issue) => ({ ...issue })),
  };
}

/**
 * Folds facts (already filtered to occurred_on ≤ asOf and recorded_at ≤ knownAt, ordered by
 * project then version) into project snapshots. Stage events are date-monotone within a
 * project, so the latest qualifying one gives the stage. Tolerant: never throws on odd data.
 */
export function foldSnapshots(facts: readonly FactRow[]): ProjectSnapshot[] {
  const fold = emptyFold();
  for (const f of facts) applyFact(fold, f);
  return [...fold.byId.keys()].map((id) => snapshotOf(fold, id)!);
}

/** A project's snapshot over the business dates [from, to); `to` null = still current. */
export interface SnapshotInterval {
  from: string;
  to: string | null;
  snapshot: ProjectSnapshot;
}

/**
 * The business-date intervals over which one project's snapshot stays the same, from its facts
 * in version order: at any date d, the interval holding d has foldSnapshots of the facts with
 * occurred_on ≤ d. Facts normally arrive in date order and fold once; a backdated fact (a
 * later version with an earlier date) makes each date fold its own subset.
 */
export function snapshotIntervals(facts: readonly FactRow[]): SnapshotInterval[] {
  const dates = [...new Set(facts.map((f) => f.occurredOn))].sort();
  const inDateOrder = facts.every((f, i) => i === 0 || facts[i - 1]!.occurredOn <= f.occurredOn);
  const id = facts[0]?.projectId ?? '';
  const fold = emptyFold();
  let next = 0;
  const at = (date: string): ProjectSnapshot | undefined => {
    if (!inDateOrder) return foldSnapshots(facts.filter((f) => f.occurredOn <= date))[0];
    while (next < facts.length && facts[next]!.occurredOn <= date) applyFact(fold, facts[next++]!);
    return snapshotOf(fold, id);
  };
  const out: Array<SnapshotInterval & { json: string }> = [];
  for (const date of dates) {
    const snapshot = at(date);
    if (!snapshot) continue;
    const json = JSON.stringify(snapshot);
    const last = out.at(-1);
    if (last?.json === json) continue;
    if (last) last.to = date;
    out.push({ from: date, to: null, snapshot, json });
  }
  return out.map(({ from, to, snapshot }) => ({ from, to, snapshot }));
}
