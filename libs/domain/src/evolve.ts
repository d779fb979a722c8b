import { assertNever } from './assert-never';
import { maxDate } from './business-date';
import type { ProjectEvent } from './events';
import { omitUndefined } from './omit-undefined';
import {
  emptyActivityCounts,
  type IssueState,
  type Project,
  type ProjectState,
  type StageDates,
} from './project-state';
import type { Stage } from './stage';

/** The stream is inconsistent with the rules decide() enforces: a data fault, not a request. */
export class ProjectStreamError extends Error {
  override readonly name = 'ProjectStreamError';
}

function enterStage(project: Project, stage: Stage, on: string): Project {
  // The first date a stage was reached is the one reports count (e.g. the signing date).
  const stageDates: StageDates = { ...project.stageDates };
  if (stage !== 'LEAD' && stageDates[stage] === undefined) stageDates[stage] = on;
  return { ...project, stage, stageEnteredOn: on, stageDates };
}

function updateIssue(
  project: Project,
  issueId: string,
  change: (issue: IssueState) => IssueState,
): Project {
  const issue = project.issues[issueId];
  if (!issue) throw new ProjectStreamError(`Issue ${issueId} was never raised`);
  return { ...project, issues: { ...project.issues, [issueId]: change(issue) } };
}

function apply(
  project: Project,
  event: Exclude<ProjectEvent, { type: 'LeadRegistered' }>,
): Project {
  switch (event.type) {
    case 'NegotiationStarted': {
      const { plannedInvestment, leadOfficer, occurredOn } = event.data;
      return omitUndefined({
        ...enterStage(project, 'NEGOTIATING', occurredOn),
        plannedInvestment: plannedInvestment ?? project.plannedInvestment,
        leadOfficer: leadOfficer ?? project.leadOfficer,
      });
    }
    case 'ContractSigned': {
      const { occurredOn, contractInvestment, occasion, commitments, defaultedCommitments } =
        event.data;
      return {
        ...enterStage(project, 'SIGNED', occurredOn),
        contractInvestment,
        occasion,
        commitments: { ...commitments },
        defaultedCommitments: [...defaultedCommitments],
      };
    }
    case 'CompanyRegistered': {
      const { occurredOn, creditCode, companyName, registeredCapital } = event.data;
      return {
        ...enterStage(project, 'REGISTERED', occurredOn),
        company: omitUndefined({ creditCode, companyName, registeredCapital }),
      };
    }
    case 'GroundBroken':
      return enterStage(project, 'UNDER_CONSTRUCTION', event.data.occurredOn);
    case 'ProductionStarted':
      return enterStage(project, 'IN_PRODUCTION', event.data.occurredOn);
    case 'ProjectDropped': {
      const { occurredOn, reason, fromStage } = event.data;
      return {
        ...enterStage(project, 'DROPPED', occurredOn),
        stageBeforeDrop: fromStage,
        dropReason: reason,
        droppedOn: occurredOn,
      };
    }
    case 'ProjectReactivated': {
      const { stageBeforeDrop: _s, dropReason: _r, droppedOn: _d, ...rest } = project;
      return enterStage({ ...rest }, event.data.toStage, event.data.occurredOn);
    }
    case 'InvestmentArrived': {
      const { amount } = event.data;
      const arrived = { ...project.arrived };
      arrived[amount.currency] += amount.yuan;
      return { ...project, arrived };
    }
    case 'IssueRaised': {
      const { issueId, occurredOn, category, description, coordinationLevel } = event.data;
      if (project.issues[issueId]) throw new ProjectStreamError(`Issue ${issueId} raised twice`);
      const issue: IssueState = {
        issueId,
        category,
        description,
        coordinationLevel,
        status: 'RAISED',
        raisedOn: occurredOn,
        lastStepOn: occurredOn,
        escalations: [],
      };
      return { ...project, issues: { ...project.issues, [issueId]: issue } };
    }
    case 'IssueAssigned': {
      const { issueId, occurredOn, unit, dueOn } = event.data;
      return updateIssue(project, issueId, (issue) => ({
        ...issue,
        status: 'ASSIGNED',
        assignedOn: occurredOn,
        lastStepOn: occurredOn,
        unit,
        dueOn,
      }));
    }
    case 'IssueEscalated': {
      const { issueId, occurredOn, coordinationLevel, reason } = event.data;
      return updateIssue(project, issueId, (issue) => ({
        ...issue,
        status: 'ESCALATED',
        coordinationLevel,
        lastStepOn: occurredOn,
        escalations: [
          ...issue.escalations,
          { occurredOn, from: issue.coordinationLevel, to: coordinationLevel, reason },
        ],
      }));
    }
    case 'IssueResolved': {
      const { issueId, occurredOn, note } = event.data;
      return updateIssue(project, issueId, (issue) => ({
        ...issue,
        status: 'RESOLVED',
        resolvedOn: occurredOn,
        lastStepOn: occurredOn,
        note,
      }));
    }
    case 'ActivityLogged': {
      const activities = { ...project.activities };
      activities[event.data.activityType] += 1;
      return { ...project, activities };
    }
    case 'ResponsibilityAssigned': {
      const { occurredOn: _o, ...assigned } = event.data;
      return {
        ...project,
        responsibility: omitUndefined({ ...project.responsibility, ...assigned }),
      };
    }
    case 'CommitmentRescheduled': {
      const { occurredOn: _o, reason: _r, ...moved } = event.data;
      const commitmentSlips = { ...project.commitmentSlips };
      for (const key of ['registerBy', 'breakGroundBy', 'produceBy'] as const) {
        if (moved[key] !== undefined) commitmentSlips[key] += 1;
      }
      return {
        ...project,
        commitments: omitUndefined({ ...project.commitments, ...moved }),
        // A moved deadline is no longer the default one.
        defaultedCommitments: project.defaultedCommitments.filter(
          (key) => moved[key] === undefined,
        ),
        commitmentSlips,
      };
    }
    case 'ProjectDetailsCorrected':
      return omitUndefined({ ...project, ...event.data.changes });
    default:
      return assertNever(event, 'event');
  }
}

/** Folds one event into the state. Pure: returns a new object, never mutates its input. */
export function evolve(state: ProjectState, event: ProjectEvent): ProjectState {
  if (event.type === 'LeadRegistered') {
    if (state.exists) throw new ProjectStreamError(`Project ${state.id} registered twice`);
    const { projectId, occurredOn, ...lead } = event.data;
    return omitUndefined({
      exists: true,
      id: projectId,
      stage: 'LEAD',
      stageEnteredOn: occurredOn,
      ...lead,
      arrived: { CNY: 0, USD: 0 },
      stageDates: { LEAD: occurredOn },
      lastProgressOn: occurredOn,
      commitments: {},
      defaultedCommitments: [],
      commitmentSlips: { registerBy: 0, breakGroundBy: 0, produceBy: 0 },
      responsibility: {},
      issues: {},
      activities: emptyActivityCounts(),
    });
  }
  if (!state.exists) throw new ProjectStreamError(`${event.type} before LeadRegistered`);
  const next = apply(state, event);
  return { ...next, lastProgressOn: maxDate(next.lastProgressOn, event.data.occurredOn) };
}

/** Replays a whole stream (or the tail after a snapshot). */
export function replay(
  events: readonly ProjectEvent[],
  from: ProjectState = { exists: false },
): ProjectState {
  return events.reduce(evolve, from);
}
