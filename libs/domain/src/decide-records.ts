import type {
  AssignResponsibility,
  CorrectProjectDetails,
  LogActivity,
  RecordInvestment,
  RescheduleCommitments,
} from './commands';
import { requireOrderedCommitments } from './commitments';
import { DomainError } from './errors';
import {
  projectEvent,
  type Commitments,
  type Investor,
  type ProjectDetailChanges,
  type ProjectEvent,
  type Responsibility,
} from './events';
import {
  optionalText,
  requireDate,
  requireMoney,
  requireNotBefore,
  requireOneOf,
  requireText,
  stageNotAllowed,
} from './guards';
import type { Money } from './money';
import { omitUndefined } from './omit-undefined';
import type { Project } from './project-state';
import { hasReached, PIPELINE } from './stage';
import { ACTIVITY_TYPES, COMMITMENT_KEYS, LEAD_SOURCES } from './vocabulary';

// Commands that record facts without moving the stage.

function nothingToChange(what: string): DomainError {
  return new DomainError('NOTHING_TO_CHANGE', `没有需要变更的内容 / nothing to change in ${what}`, {
    what,
  });
}

const SIGNED_STAGES = PIPELINE.filter((stage) => hasReached(stage, 'SIGNED'));

/**
 * Money and deadlines exist only once signed, and only on a live project: LEAD / NEGOTIATING
 * are refused as NOT_SIGNED, a dropped project as a stage conflict. Returns the signing date.
 */
function requireSignedAndLive(project: Project): string {
  const signedOn = project.stageDates.SIGNED;
  if (project.stage === 'DROPPED') {
    const code = signedOn === undefined ? 'NOT_SIGNED' : 'STAGE_TRANSITION_NOT_ALLOWED';
    throw stageNotAllowed(project, SIGNED_STAGES, code);
  }
  if (signedOn === undefined || !hasReached(project.stage, 'SIGNED')) {
    throw stageNotAllowed(project, SIGNED_STAGES, 'NOT_SIGNED');
  }
  return signedOn;
}

export function decideRecordInvestment(
  command: RecordInvestment,
  project: Project,
): ProjectEvent[] {
  const amount = requireMoney(command.amount, 'amount', 'positive');
  const signedOn = requireSignedAndLive(project);
  requireNotBefore(command.occurredOn, signedOn, 'occurredOn', 'signing');
  return [projectEvent('InvestmentArrived', { occurredOn: command.occurredOn, amount })];
}

export function decideLogActivity(command: LogActivity, _project: Project): ProjectEvent[] {
  return [
    projectEvent(
      'ActivityLogged',
      omitUndefined({
        occurredOn: command.occurredOn,
        activityType: requireOneOf(ACTIVITY_TYPES, command.activityType, 'activityType'),
        note: optionalText(command.note, 'note'),
      }),
    ),
  ];
}

const RESPONSIBILITY_KEYS = ['leader', 'secretary', 'unit', 'chainLeader'] as const;

/** Records only the roles that actually change; repeating the current assignment is refused. */
export function decideAssignResponsibility(
  command: AssignResponsibility,
  project: Project,
): ProjectEvent[] {
  const changed: Responsibility = {};
  for (const key of RESPONSIBILITY_KEYS) {
    const value = optionalText(command[key], key);
    if (value !== undefined && value !== project.responsibility[key]) changed[key] = value;
  }
  if (Object.keys(changed).length === 0) throw nothingToChange('responsibility');
  return [projectEvent('ResponsibilityAssigned', { occurredOn: command.occurredOn, ...changed })];
}

/** Moves deadlines; each one that really moves counts as one slip of that deadline. */
export function decideRescheduleCommitments(
  command: RescheduleCommitments,
  project: Project,
): ProjectEvent[] {
  const reason = requireText(command.reason, 'reason');
  const signedOn = requireSignedAndLive(project);
  const moved: Partial<Commitments> = {};
  for (const key of COMMITMENT_KEYS) {
    if (command[key] === undefined) continue;
    const date = requireDate(command[key], key);
    requireNotBefore(date, signedOn, key, 'signing');
    if (date !== project.commitments[key]) moved[key] = date;
  }
  if (Object.keys(moved).length === 0) throw nothingToChange('commitments');
  requireOrderedCommitments({ ...project.commitments, ...moved }, '');
  return [
    projectEvent('CommitmentRescheduled', { occurredOn: command.occurredOn, ...moved, reason }),
  ];
}

function sameMoney(a: Money | undefined, b: Money): boolean {
  return a !== undefined && a.yuan === b.yuan && a.currency === b.currency;
}

function sameInvestor(a: Investor, b: Investor): boolean {
  return a.name === b.name && a.origin === b.origin;
}

/** Corrections are events too (留痕); only fields that really differ are recorded. */
export function decideCorrectProjectDetails(
  command: CorrectProjectDetails,
  project: Project,
): ProjectEvent[] {
  const reason = requireText(command.reason, 'reason');
  const input = command.changes as unknown;
  if (typeof input !== 'object' || input === null) throw nothingToChange('project details');
  const c = command.changes;
  const changes: ProjectDetailChanges = {};
  const text = (key: 'name' | 'industryChain' | 'regionCode' | 'externalRef') => {
    if (c[key] === undefined) return;
    const value = requireText(c[key], `changes.${key}`);
    if (value !== project[key]) changes[key] = value;
  };
  text('name');
  text('industryChain');
  text('regionCode');
  text('externalRef');
  if (c.investor !== undefined) {
    const investor = omitUndefined({
      name: requireText(c.investor.name, 'changes.investor.name'),
      origin: optionalText(c.investor.origin, 'changes.investor.origin'),
    });
    if (!sameInvestor(investor, project.investor)) changes.investor = investor;
  }
  if (c.source !== undefined) {
    const source = requireOneOf(LEAD_SOURCES, c.source, 'changes.source');
    if (source !== project.source) changes.source = source;
  }
  if (c.estimatedInvestment !== undefined) {
    const amount = requireMoney(
      c.estimatedInvestment,
      'changes.estimatedInvestment',
      'non-negative',
    );
    if (!sameMoney(project.estimatedInvestment, amount)) changes.estimatedInvestment = amount;
  }
  if (Object.keys(changes).length === 0) throw nothingToChange('project details');
  return [
    projectEvent('ProjectDetailsCorrected', { occurredOn: command.occurredOn, changes, reason }),
  ];
}
