import { assertNever } from './assert-never';
import type { ProjectCommand } from './commands';
import type { DecideContext } from './decide-context';
import {
  decideAssignIssue,
  decideEscalateIssue,
  decideRaiseIssue,
  decideResolveIssue,
} from './decide-issues';
import {
  decideBreakGround,
  decideDropProject,
  decideReactivateProject,
  decideRegisterCompany,
  decideRegisterLead,
  decideSignContract,
  decideStartNegotiation,
  decideStartProduction,
} from './decide-lifecycle';
import {
  decideAssignResponsibility,
  decideCorrectProjectDetails,
  decideLogActivity,
  decideRecordInvestment,
  decideRescheduleCommitments,
} from './decide-records';
import { DomainError } from './errors';
import type { ProjectEvent } from './events';
import { requireDate, requireNotBefore, requirePastOrToday, requireProject } from './guards';
import type { ProjectState } from './project-state';

/**
 * Decides which events a command produces against the current state, or throws a
 * DomainError. Pure: `ctx.today` is the only notion of time.
 */
export function decide(
  command: ProjectCommand,
  state: ProjectState,
  ctx: DecideContext,
): ProjectEvent[] {
  const today = requireDate(ctx.today, 'today');
  // Rules shared by every command: a real business date, never in the future.
  requirePastOrToday(command.occurredOn, 'occurredOn', today);

  if (command.type === 'RegisterLead') {
    if (state.exists) {
      throw new DomainError(
        'PROJECT_ALREADY_EXISTS',
        `项目已存在 / project ${state.id} already exists`,
        {
          projectId: state.id,
        },
      );
    }
    return decideRegisterLead(command);
  }

  const project = requireProject(state);
  // Nothing about a project happens before it became a lead (a late report may be older).
  requireNotBefore(command.occurredOn, project.stageDates.LEAD, 'occurredOn', 'lead');

  switch (command.type) {
    case 'StartNegotiation':
      return decideStartNegotiation(command, project);
    case 'SignContract':
      return decideSignContract(command, project, ctx);
    case 'RegisterCompany':
      return decideRegisterCompany(command, project);
    case 'BreakGround':
      return decideBreakGround(command, project);
    case 'StartProduction':
      return decideStartProduction(command, project);
    case 'DropProject':
      return decideDropProject(command, project);
    case 'ReactivateProject':
      return decideReactivateProject(command, project);
    case 'RecordInvestment':
      return decideRecordInvestment(command, project);
    case 'RaiseIssue':
      return decideRaiseIssue(command, project);
    case 'AssignIssue':
      return decideAssignIssue(command, project);
    case 'EscalateIssue':
      return decideEscalateIssue(command, project);
    case 'ResolveIssue':
      return decideResolveIssue(command, project);
    case 'LogActivity':
      return decideLogActivity(command, project);
    case 'AssignResponsibility':
      return decideAssignResponsibility(command, project);
    case 'RescheduleCommitments':
      return decideRescheduleCommitments(command, project);
    case 'CorrectProjectDetails':
      return decideCorrectProjectDetails(command, project);
    default:
      return assertNever(command, 'command');
  }
}
