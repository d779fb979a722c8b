import type { BusinessDate } from './business-date';
import type { Commitments, Investor, Responsibility } from './events';
import type { Currency, Money } from './money';
import type { PipelineStage, Stage } from './stage';
import {
  ACTIVITY_TYPES,
  type ActivityType,
  type CommitmentKey,
  type CoordinationLevel,
  type IssueCategory,
  type IssueStatus,
  type LeadSource,
  type SigningOccasion,
} from './vocabulary';

// The state is plain JSON (objects, arrays, strings, numbers, booleans; optional keys are
// absent, never undefined) so it can be snapshotted and compared after a round trip.

export type IssueEscalation = {
  occurredOn: BusinessDate;
  from: CoordinationLevel;
  to: CoordinationLevel;
  reason: string;
};

export type IssueState = {
  issueId: string;
  category: IssueCategory;
  description: string;
  coordinationLevel: CoordinationLevel;
  status: IssueStatus;
  raisedOn: BusinessDate;
  /** Date of the latest step; later steps may not be dated before it. */
  lastStepOn: BusinessDate;
  assignedOn?: BusinessDate;
  unit?: string;
  dueOn?: BusinessDate;
  resolvedOn?: BusinessDate;
  note?: string;
  escalations: IssueEscalation[];
};

export type Company = { creditCode: string; companyName: string; registeredCapital?: Money };

/** The date each stage was first entered; LEAD is always known. */
export type StageDates = { LEAD: BusinessDate } & Partial<
  Record<Exclude<Stage, 'LEAD'>, BusinessDate>
>;

export type AbsentProject = { exists: false };

export type Project = {
  exists: true;
  id: string;
  stage: Stage;
  /** When the current stage was entered (drop and reactivation included). */
  stageEnteredOn: BusinessDate;
  /** Set only while DROPPED: where a reactivation returns to. */
  stageBeforeDrop?: PipelineStage;
  name: string;
  investor: Investor;
  industryChain: string;
  regionCode: string;
  source: LeadSource;
  externalRef?: string;
  estimatedInvestment: Money;
  plannedInvestment?: Money;
  leadOfficer?: string;
  contractInvestment?: Money;
  occasion?: SigningOccasion;
  /** 实到资金 so far, in 元 per currency. */
  arrived: Record<Currency, number>;
  stageDates: StageDates;
  /** Latest business date of any event: stall detection looks at it. */
  lastProgressOn: BusinessDate;
  commitments: Partial<Commitments>;
  /** Deadlines that came from the defaults rather than the contract. */
  defaultedCommitments: CommitmentKey[];
  /** How often each deadline was moved. */
  commitmentSlips: Record<CommitmentKey, number>;
  responsibility: Responsibility;
  company?: Company;
  /** Set only while DROPPED. */
  dropReason?: string;
  droppedOn?: BusinessDate;
  issues: Record<string, IssueState>;
  activities: Record<ActivityType, number>;
};

export type ProjectState = AbsentProject | Project;

export function initialProjectState(): ProjectState {
  return { exists: false };
}

export function emptyActivityCounts(): Record<ActivityType, number> {
  return Object.fromEntries(ACTIVITY_TYPES.map((type) => [type, 0])) as Record<
    ActivityType,
    number
  >;
}

export function openIssues(project: Project): IssueState[] {
  return Object.values(project.issues).filter((issue) => issue.status !== 'RESOLVED');
}
