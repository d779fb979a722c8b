import type { AssignIssue, EscalateIssue, RaiseIssue, ResolveIssue } from './commands';
import { DomainError } from './errors';
import { projectEvent, type ProjectEvent } from './events';
import { requireDate, requireId, requireNotBefore, requireOneOf, requireText } from './guards';
import type { IssueState, Project } from './project-state';
import { COORDINATION_LEVELS, coordinationRank, ISSUE_CATEGORIES } from './vocabulary';

// 问题协调: raised → assigned → escalated (upward, possibly repeatedly) → resolved. Issues
// may be handled in any stage, a dropped project included (its problems still need closing).
// Each step is dated no earlier than the issue's previous step.

export function decideRaiseIssue(command: RaiseIssue, project: Project): ProjectEvent[] {
  const issueId = requireId(command.issueId, 'issueId');
  if (project.issues[issueId]) {
    throw new DomainError('INVALID_COMMAND', `问题编号已存在 / issue ${issueId} already exists`, {
      field: 'issueId',
      reason: 'already exists',
      value: issueId,
    });
  }
  return [
    projectEvent('IssueRaised', {
      issueId,
      occurredOn: command.occurredOn,
      category: requireOneOf(ISSUE_CATEGORIES, command.category, 'category'),
      description: requireText(command.description, 'description'),
      coordinationLevel: requireOneOf(
        COORDINATION_LEVELS,
        command.coordinationLevel,
        'coordinationLevel',
      ),
    }),
  ];
}

/** The open issue a follow-up step refers to, with the step's date checked against it. */
function openIssue(project: Project, issueId: string, occurredOn: string): IssueState {
  const issue = project.issues[issueId];
  if (!issue) {
    throw new DomainError('ISSUE_NOT_FOUND', `问题不存在 / issue ${issueId} not found`, {
      issueId,
    });
  }
  if (issue.status === 'RESOLVED') {
    throw new DomainError(
      'ISSUE_ALREADY_RESOLVED',
      `问题已于${issue.resolvedOn ?? ''}化解 / issue ${issueId} is already resolved`,
      { issueId, resolvedOn: issue.resolvedOn },
    );
  }
  requireNotBefore(occurredOn, issue.lastStepOn, 'occurredOn', 'previous issue step');
  return issue;
}

export function decideAssignIssue(command: AssignIssue, project: Project): ProjectEvent[] {
  const issue = openIssue(project, command.issueId, command.occurredOn);
  const unit = requireText(command.unit, 'unit');
  // The due date is a plan, so it may lie in the future, but not before the assignment.
  const dueOn = requireDate(command.dueOn, 'dueOn');
  requireNotBefore(dueOn, command.occurredOn, 'dueOn', 'assignment');
  return [
    projectEvent('IssueAssigned', {
      issueId: issue.issueId,
      occurredOn: command.occurredOn,
      unit,
      dueOn,
    }),
  ];
}

export function decideEscalateIssue(command: EscalateIssue, project: Project): ProjectEvent[] {
  const issue = openIssue(project, command.issueId, command.occurredOn);
  const level = requireOneOf(COORDINATION_LEVELS, command.coordinationLevel, 'coordinationLevel');
  if (coordinationRank(level) <= coordinationRank(issue.coordinationLevel)) {
    throw new DomainError(
      'INVALID_ESCALATION',
      `升级须提高协调层级 / escalation must go above ${issue.coordinationLevel} (requested ${level})`,
      { issueId: issue.issueId, currentLevel: issue.coordinationLevel, requestedLevel: level },
    );
  }
  const reason = requireText(command.reason, 'reason');
  return [
    projectEvent('IssueEscalated', {
      issueId: issue.issueId,
      occurredOn: command.occurredOn,
      coordinationLevel: level,
      reason,
    }),
  ];
}

export function decideResolveIssue(command: ResolveIssue, project: Project): ProjectEvent[] {
  const issue = openIssue(project, command.issueId, command.occurredOn);
  const note = requireText(command.note, 'note');
  return [
    projectEvent('IssueResolved', { issueId: issue.issueId, occurredOn: command.occurredOn, note }),
  ];
}
