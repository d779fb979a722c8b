import type { BusinessDate } from './business-date';
import type { Investor, ProjectDetailChanges } from './events';
import type { Money } from './money';
import type {
  ActivityType,
  CoordinationLevel,
  IssueCategory,
  LeadSource,
  SigningOccasion,
} from './vocabulary';

// Commands mirror the API bodies, with amounts already converted to exact Money and ids
// chosen by the caller (so retries are idempotent).

export type RegisterLead = {
  type: 'RegisterLead';
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

export type StartNegotiation = {
  type: 'StartNegotiation';
  occurredOn: BusinessDate;
  plannedInvestment?: Money;
  leadOfficer?: string;
};

export type SignContract = {
  type: 'SignContract';
  occurredOn: BusinessDate;
  contractInvestment: Money;
  occasion: SigningOccasion;
  commitments?: {
    registerBy?: BusinessDate;
    breakGroundBy?: BusinessDate;
    produceBy?: BusinessDate;
  };
};

export type RegisterCompany = {
  type: 'RegisterCompany';
  occurredOn: BusinessDate;
  creditCode: string;
  companyName: string;
  registeredCapital?: Money;
};

export type BreakGround = { type: 'BreakGround'; occurredOn: BusinessDate };
export type StartProduction = { type: 'StartProduction'; occurredOn: BusinessDate };
export type DropProject = { type: 'DropProject'; occurredOn: BusinessDate; reason: string };
export type ReactivateProject = {
  type: 'ReactivateProject';
  occurredOn: BusinessDate;
  reason?: string;
};
export type RecordInvestment = {
  type: 'RecordInvestment';
  occurredOn: BusinessDate;
  amount: Money;
};

export type RaiseIssue = {
  type: 'RaiseIssue';
  issueId: string;
  occurredOn: BusinessDate;
  category: IssueCategory;
  description: string;
  coordinationLevel: CoordinationLevel;
};
export type AssignIssue = {
  type: 'AssignIssue';
  issueId: string;
  occurredOn: BusinessDate;
  unit: string;
  dueOn: BusinessDate;
};
export type EscalateIssue = {
  type: 'EscalateIssue';
  issueId: string;
  occurredOn: BusinessDate;
  coordinationLevel: CoordinationLevel;
  reason: string;
};
export type ResolveIssue = {
  type: 'ResolveIssue';
  issueId: string;
  occurredOn: BusinessDate;
  note: string;
};

/** `activityType` is the API body's `type` (renamed: `type` is the command discriminator). */
export type LogActivity = {
  type: 'LogActivity';
  occurredOn: BusinessDate;
  activityType: ActivityType;
  note?: string;
};

export type AssignResponsibility = {
  type: 'AssignResponsibility';
  occurredOn: BusinessDate;
  leader?: string;
  secretary?: string;
  unit?: string;
  chainLeader?: string;
};

export type RescheduleCommitments = {
  type: 'RescheduleCommitments';
  occurredOn: BusinessDate;
  registerBy?: BusinessDate;
  breakGroundBy?: BusinessDate;
  produceBy?: BusinessDate;
  reason: string;
};

export type CorrectProjectDetails = {
  type: 'CorrectProjectDetails';
  occurredOn: BusinessDate;
  changes: ProjectDetailChanges;
  reason: string;
};

export type ProjectCommand =
  | RegisterLead
  | StartNegotiation
  | SignContract
  | RegisterCompany
  | BreakGround
  | StartProduction
  | DropProject
  | ReactivateProject
  | RecordInvestment
  | RaiseIssue
  | AssignIssue
  | EscalateIssue
  | ResolveIssue
  | LogActivity
  | AssignResponsibility
  | RescheduleCommitments
  | CorrectProjectDetails;

export type ProjectCommandType = ProjectCommand['type'];
export type ProjectCommandOf<T extends ProjectCommandType> = Extract<ProjectCommand, { type: T }>;

export const PROJECT_COMMAND_TYPES: readonly ProjectCommandType[] = [
  'RegisterLead',
  'StartNegotiation',
  'SignContract',
  'RegisterCompany',
  'BreakGround',
  'StartProduction',
  'DropProject',
  'ReactivateProject',
  'RecordInvestment',
  'RaiseIssue',
  'AssignIssue',
  'EscalateIssue',
  'ResolveIssue',
  'LogActivity',
  'AssignResponsibility',
  'RescheduleCommitments',
  'CorrectProjectDetails',
];
