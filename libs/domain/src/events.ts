import type { BusinessDate } from './business-date';
import type { Money } from './money';
import type { PipelineStage } from './stage';
import type {
  ActivityType,
  CommitmentKey,
  CoordinationLevel,
  IssueCategory,
  LeadSource,
  SigningOccasion,
} from './vocabulary';

// Every event's data carries its business date; the recording instant lives in the store.

export type Investor = { name: string; origin?: string };

export type Commitments = {
  registerBy: BusinessDate;
  breakGroundBy: BusinessDate;
  produceBy: BusinessDate;
};

export type LeadRegisteredData = {
  projectId: string;
  name: string;
  investor: Investor;
  industryChain: string;
  regionCode: string;
  source: LeadSource;
  estimatedInvestment: Money;
  occurredOn: BusinessDate;
  externalRef?: string;
};

/** LeadRegistered schema v1 (legacy): the investor was flat. Only the upcaster reads it. */
export type LeadRegisteredDataV1 = Omit<LeadRegisteredData, 'investor'> & {
  investorName: string;
  investorOrigin?: string;
};

export type NegotiationStartedData = {
  occurredOn: BusinessDate;
  plannedInvestment?: Money;
  leadOfficer?: string;
};

export type ContractSignedData = {
  occurredOn: BusinessDate;
  contractInvestment: Money;
  occasion: SigningOccasion;
  /** Resolved deadlines: the contract's own, or the defaults (90 / 180 / 730 days). */
  commitments: Commitments;
  /** Which deadlines were defaulted because the contract stated none. */
  defaultedCommitments: CommitmentKey[];
};

export type CompanyRegisteredData = {
  occurredOn: BusinessDate;
  creditCode: string;
  companyName: string;
  registeredCapital?: Money;
};

export type GroundBrokenData = { occurredOn: BusinessDate };
export type ProductionStartedData = { occurredOn: BusinessDate };

export type ProjectDroppedData = {
  occurredOn: BusinessDate;
  reason: string;
  fromStage: PipelineStage;
};
export type ProjectReactivatedData = {
  occurredOn: BusinessDate;
  reason?: string;
  toStage: PipelineStage;
};

export type InvestmentArrivedData = { occurredOn: BusinessDate; amount: Money };

export type IssueRaisedData = {
  issueId: string;
  occurredOn: BusinessDate;
  category: IssueCategory;
  description: string;
  coordinationLevel: CoordinationLevel;
};
export type IssueAssignedData = {
  issueId: string;
  occurredOn: BusinessDate;
  unit: string;
  dueOn: BusinessDate;
};
export type IssueEscalatedData = {
  issueId: string;
  occurredOn: BusinessDate;
  coordinationLevel: CoordinationLevel;
  reason: string;
};
export type IssueResolvedData = { issueId: string; occurredOn: BusinessDate; note: string };

export type ActivityLoggedData = {
  occurredOn: BusinessDate;
  activityType: ActivityType;
  note?: string;
};

export type Responsibility = {
  leader?: string;
  secretary?: string;
  unit?: string;
  chainLeader?: string;
};
export type ResponsibilityAssignedData = Responsibility & { occurredOn: BusinessDate };

export type CommitmentRescheduledData = Partial<Commitments> & {
  occurredOn: BusinessDate;
  reason: string;
};

/** The lead details a correction may change. */
export type ProjectDetailChanges = {
  name?: string;
  investor?: Investor;
  industryChain?: string;
  regionCode?: string;
  source?: LeadSource;
  estimatedInvestment?: Money;
  externalRef?: string;
};
export type ProjectDetailsCorrectedData = {
  occurredOn: BusinessDate;
  changes: ProjectDetailChanges;
  reason: string;
};

type Ev<T extends string, V extends number, D> = { type: T; schemaVersion: V; data: D };

export type LeadRegistered = Ev<'LeadRegistered', 2, LeadRegisteredData>;
export type NegotiationStarted = Ev<'NegotiationStarted', 1, NegotiationStartedData>;
export type ContractSigned = Ev<'ContractSigned', 1, ContractSignedData>;
export type CompanyRegistered = Ev<'CompanyRegistered', 1, CompanyRegisteredData>;
export type GroundBroken = Ev<'GroundBroken', 1, GroundBrokenData>;
export type ProductionStarted = Ev<'ProductionStarted', 1, ProductionStartedData>;
export type ProjectDropped = Ev<'ProjectDropped', 1, ProjectDroppedData>;
export type ProjectReactivated = Ev<'ProjectReactivated', 1, ProjectReactivatedData>;
export type InvestmentArrived = Ev<'InvestmentArrived', 1, InvestmentArrivedData>;
export type IssueRaised = Ev<'IssueRaised', 1, IssueRaisedData>;
export type IssueAssigned = Ev<'IssueAssigned', 1, IssueAssignedData>;
export type IssueEscalated = Ev<'IssueEscalated', 1, IssueEscalatedData>;
export type IssueResolved = Ev<'IssueResolved', 1, IssueResolvedData>;
export type ActivityLogged = Ev<'ActivityLogged', 1, ActivityLoggedData>;
export type ResponsibilityAssigned = Ev<'ResponsibilityAssigned', 1, ResponsibilityAssignedData>;
export type CommitmentRescheduled = Ev<'CommitmentRescheduled', 1, CommitmentRescheduledData>;
export type ProjectDetailsCorrected = Ev<'ProjectDetailsCorrected', 1, ProjectDetailsCorrectedData>;

export type ProjectEvent =
  | LeadRegistered
  | NegotiationStarted
  | ContractSigned
  | CompanyRegistered
  | GroundBroken
  | ProductionStarted
  | ProjectDropped
  | ProjectReactivated
  | InvestmentArrived
  | IssueRaised
  | IssueAssigned
  | IssueEscalated
  | IssueResolved
  | ActivityLogged
  | ResponsibilityAssigned
  | CommitmentRescheduled
  | ProjectDetailsCorrected;

export type ProjectEventType = ProjectEvent['type'];
export type ProjectEventOf<T extends ProjectEventType> = Extract<ProjectEvent, { type: T }>;

/** The schema version written today for each event type (bump it with a new upcaster). */
export const CURRENT_SCHEMA_VERSIONS: {
  readonly [T in ProjectEventType]: ProjectEventOf<T>['schemaVersion'];
} = {
  LeadRegistered: 2,
  NegotiationStarted: 1,
  ContractSigned: 1,
  CompanyRegistered: 1,
  GroundBroken: 1,
  ProductionStarted: 1,
  ProjectDropped: 1,
  ProjectReactivated: 1,
  InvestmentArrived: 1,
  IssueRaised: 1,
  IssueAssigned: 1,
  IssueEscalated: 1,
  IssueResolved: 1,
  ActivityLogged: 1,
  ResponsibilityAssigned: 1,
  CommitmentRescheduled: 1,
  ProjectDetailsCorrected: 1,
};

export const PROJECT_EVENT_TYPES = Object.keys(CURRENT_SCHEMA_VERSIONS) as ProjectEventType[];

export function isProjectEventType(value: unknown): value is ProjectEventType {
  return typeof value === 'string' && Object.hasOwn(CURRENT_SCHEMA_VERSIONS, value);
}

/** Builds an event at its current schema version. */
export function projectEvent<T extends ProjectEventType>(
  type: T,
  data: ProjectEventOf<T>['data'],
): ProjectEventOf<T> {
  return { type, schemaVersion: CURRENT_SCHEMA_VERSIONS[type], data } as ProjectEventOf<T>;
}
