import type { FactRow } from '@luodi/projections';
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

/**
 * Folds facts (already filtered to occurred_on ≤ asOf and recorded_at ≤ knownAt, ordered by
 * project then version) into project snapshots. Stage events are date-monotone within a
 * project, so the latest qualifying one gives the stage. Tolerant: never throws on odd data.
 */
export function foldSnapshots(facts: readonly FactRow[]): ProjectSnapshot[] {
  const byId = new Map<string, ProjectSnapshot>();
  const issues = new Map<string, Map<string, IssueSnapshot>>();
  for (const f of facts) {
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
      continue;
    }
    if (!p) continue;
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
  for (const [id, p] of byId) p.issues = [...(issues.get(id)?.values() ?? [])];
  return [...byId.values()];
}
