import type {
  BreakGround,
  DropProject,
  ReactivateProject,
  RegisterCompany,
  RegisterLead,
  SignContract,
  StartNegotiation,
  StartProduction,
} from './commands';
import { requireOrderedCommitments, resolveCommitments } from './commitments';
import { isValidCreditCode } from './credit-code';
import type { DecideContext } from './decide-context';
import { DomainError } from './errors';
import { projectEvent, type Commitments, type ProjectEvent } from './events';
import {
  optionalText,
  requireDate,
  requireId,
  requireMoney,
  requireNotBefore,
  requireOneOf,
  requireText,
  stageNotAllowed,
} from './guards';
import { omitUndefined } from './omit-undefined';
import type { Project } from './project-state';
import { PIPELINE, type PipelineStage } from './stage';
import { COMMITMENT_KEYS, LEAD_SOURCES, SIGNING_OCCASIONS } from './vocabulary';

// Commands that move the stage. Stages move forward one step; a stage event is never dated
// before the day the current stage was entered.

export function decideRegisterLead(command: RegisterLead): ProjectEvent[] {
  const investor = command.investor as unknown;
  if (typeof investor !== 'object' || investor === null) {
    throw new DomainError('INVALID_COMMAND', '投资方必填 / investor is required', {
      field: 'investor',
    });
  }
  return [
    projectEvent(
      'LeadRegistered',
      omitUndefined({
        projectId: requireId(command.projectId, 'projectId'),
        name: requireText(command.name, 'name'),
        investor: omitUndefined({
          name: requireText(command.investor.name, 'investor.name'),
          origin: optionalText(command.investor.origin, 'investor.origin'),
        }),
        industryChain: requireText(command.industryChain, 'industryChain'),
        regionCode: requireText(command.regionCode, 'regionCode'),
        source: requireOneOf(LEAD_SOURCES, command.source, 'source'),
        estimatedInvestment: requireMoney(
          command.estimatedInvestment,
          'estimatedInvestment',
          'non-negative',
        ),
        occurredOn: command.occurredOn,
        externalRef: optionalText(command.externalRef, 'externalRef'),
      }),
    ),
  ];
}

/** The one forward step `from` → next; refuses skips, backward moves and dropped projects. */
function requireStep(
  project: Project,
  from: PipelineStage,
  to: PipelineStage,
  occurredOn: string,
): void {
  if (project.stage !== from)
    throw stageNotAllowed(project, [from], 'STAGE_TRANSITION_NOT_ALLOWED', to);
  requireNotBefore(occurredOn, project.stageEnteredOn, 'occurredOn', `${from} stage`);
}

export function decideStartNegotiation(
  command: StartNegotiation,
  project: Project,
): ProjectEvent[] {
  const plannedInvestment =
    command.plannedInvestment === undefined
      ? undefined
      : requireMoney(command.plannedInvestment, 'plannedInvestment', 'non-negative');
  const leadOfficer = optionalText(command.leadOfficer, 'leadOfficer');
  requireStep(project, 'LEAD', 'NEGOTIATING', command.occurredOn);
  return [
    projectEvent(
      'NegotiationStarted',
      omitUndefined({ occurredOn: command.occurredOn, plannedInvestment, leadOfficer }),
    ),
  ];
}

export function decideSignContract(
  command: SignContract,
  project: Project,
  ctx: DecideContext,
): ProjectEvent[] {
  const contractInvestment = requireMoney(
    command.contractInvestment,
    'contractInvestment',
    'positive',
  );
  const occasion = requireOneOf(SIGNING_OCCASIONS, command.occasion, 'occasion');
  const given: Partial<Commitments> = {};
  for (const key of COMMITMENT_KEYS) {
    const date = command.commitments?.[key];
    if (date === undefined) continue;
    const field = `commitments.${key}`;
    given[key] = requireDate(date, field);
    requireNotBefore(date, command.occurredOn, field, 'signing');
  }
  requireOrderedCommitments(given, 'commitments.');
  requireStep(project, 'NEGOTIATING', 'SIGNED', command.occurredOn);
  const { commitments, defaulted } = resolveCommitments(
    command.occurredOn,
    given,
    ctx.defaultCommitmentDays,
  );
  return [
    projectEvent('ContractSigned', {
      occurredOn: command.occurredOn,
      contractInvestment,
      occasion,
      commitments,
      defaultedCommitments: defaulted,
    }),
  ];
}

export function decideRegisterCompany(command: RegisterCompany, project: Project): ProjectEvent[] {
  if (!isValidCreditCode(command.creditCode)) {
    throw new DomainError(
      'INVALID_CREDIT_CODE',
      `统一社会信用代码无效 / invalid unified social credit code: ${String(command.creditCode)}`,
      { field: 'creditCode', value: command.creditCode },
    );
  }
  const companyName = requireText(command.companyName, 'companyName');
  const registeredCapital =
    command.registeredCapital === undefined
      ? undefined
      : requireMoney(command.registeredCapital, 'registeredCapital', 'positive');
  requireStep(project, 'SIGNED', 'REGISTERED', command.occurredOn);
  return [
    projectEvent(
      'CompanyRegistered',
      omitUndefined({
        occurredOn: command.occurredOn,
        creditCode: command.creditCode,
        companyName,
        registeredCapital,
      }),
    ),
  ];
}

export function decideBreakGround(command: BreakGround, project: Project): ProjectEvent[] {
  requireStep(project, 'REGISTERED', 'UNDER_CONSTRUCTION', command.occurredOn);
  return [projectEvent('GroundBroken', { occurredOn: command.occurredOn })];
}

export function decideStartProduction(command: StartProduction, project: Project): ProjectEvent[] {
  requireStep(project, 'UNDER_CONSTRUCTION', 'IN_PRODUCTION', command.occurredOn);
  return [projectEvent('ProductionStarted', { occurredOn: command.occurredOn })];
}

/** A producing project has landed (落地): it can close later, but it is no longer "dropped". */
export const DROPPABLE_STAGES: readonly PipelineStage[] = PIPELINE.filter(
  (stage) => stage !== 'IN_PRODUCTION',
);

export function decideDropProject(command: DropProject, project: Project): ProjectEvent[] {
  const reason = requireText(command.reason, 'reason');
  const fromStage = project.stage;
  if (fromStage === 'DROPPED' || !DROPPABLE_STAGES.includes(fromStage)) {
    throw stageNotAllowed(project, DROPPABLE_STAGES, 'STAGE_TRANSITION_NOT_ALLOWED', 'DROPPED');
  }
  requireNotBefore(command.occurredOn, project.stageEnteredOn, 'occurredOn', `${fromStage} stage`);
  return [projectEvent('ProjectDropped', { occurredOn: command.occurredOn, reason, fromStage })];
}

export function decideReactivateProject(
  command: ReactivateProject,
  project: Project,
): ProjectEvent[] {
  const reason = optionalText(command.reason, 'reason');
  if (project.stage !== 'DROPPED' || project.stageBeforeDrop === undefined) {
    throw stageNotAllowed(project, ['DROPPED']);
  }
  requireNotBefore(command.occurredOn, project.stageEnteredOn, 'occurredOn', 'DROPPED stage');
  return [
    projectEvent(
      'ProjectReactivated',
      omitUndefined({ occurredOn: command.occurredOn, reason, toStage: project.stageBeforeDrop }),
    ),
  ];
}
