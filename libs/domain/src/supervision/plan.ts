import { addDays, daysBetween, type BusinessDate } from '../business-date';
import type { Project } from '../project-state';
import { clearedReason, decisionCondition, type Condition } from './conditions';
import {
  itemEvent,
  viewOf,
  type ItemView,
  type SupervisionItem,
  type SupervisionItemEvent,
} from './item';
import { responseDaysFor, type SupervisionSettings } from './settings';
import { higherLevel, severityRank, type EscalationLevel, type Severity } from './vocabulary';

export interface EvaluationInput {
  today: BusinessDate;
  /** The evaluation instant (ISO-8601). */
  at: string;
  settings: SupervisionSettings;
  /** The projects in scope, as they stood on `today`. */
  projects: readonly Project[];
  /** Conditions of those projects (see projectConditions). */
  conditions: readonly Condition[];
  /** Open items of the projects in scope, and open meeting decisions when they are in scope. */
  open: readonly SupervisionItem[];
  /** How many items were raised before for a (rule, subject): a repeat goes higher up. */
  earlierItems: (ruleId: string, subjectId: string) => number;
  /** The latest step of any item of a (rule, subject); a backfill never raises before it. */
  latestStepOn?: (ruleId: string, subjectId: string) => BusinessDate | null;
  newItemId: () => string;
}

/** One event for one item; `item` is absent for a new item. */
export interface PlannedChange {
  item?: SupervisionItem;
  event: SupervisionItemEvent;
}

const projectOf = (projects: ReadonlyMap<string, Project>, item: SupervisionItem) =>
  item.projectId === null ? undefined : projects.get(item.projectId);

const keyOf = (x: { ruleId: string; subjectId: string }) => `${x.ruleId}|${x.subjectId}`;

/**
 * What an evaluation changes: raise an item for a condition without one, escalate an item whose
 * condition got worse (yellow → red, or red for too long → the city leader), clear an item whose
 * condition no longer holds. Pure and deterministic: planning again after applying the changes
 * yields nothing, so evaluating the same instant twice changes nothing.
 */
export function planEvaluation(input: EvaluationInput): PlannedChange[] {
  const { today, settings } = input;
  const projects = new Map(input.projects.map((p) => [p.id, p]));
  const open = new Map(input.open.map((item) => [keyOf(item), item]));
  const conditions = [
    ...input.conditions,
    ...input.open
      .filter((i) => i.kind === 'DECISION')
      .map((i) => decisionCondition(i, settings, today)),
  ];
  const changes: PlannedChange[] = [];
  const held = new Set<string>();

  for (const condition of conditions) {
    const key = keyOf(condition);
    const item = open.get(key);
    held.add(key);
    if (!item) {
      const latest = input.latestStepOn?.(condition.ruleId, condition.subjectId) ?? null;
      const known = latest !== null && today < latest;
      if (condition.severity !== 'GREEN' && !known)
        changes.push({ event: raise(input, condition) });
      continue;
    }
    // An item that already knows a later day is not judged by an earlier one (backfills).
    if (today < item.lastStepOn) continue;
    const worse = severityRank(condition.severity) - severityRank(item.severity);
    if (worse > 0) {
      changes.push({
        item,
        event: escalate(input, item, condition, condition.severity, condition.reason),
      });
    } else if (worse < 0 && item.kind !== 'DECISION') {
      // Better but not gone (a deadline moved out of the red): this item clears, a new one holds.
      changes.push({ item, event: clear(input, item, projectOf(projects, item)) });
      changes.push({ event: raise(input, condition) });
    } else if (
      item.severity === 'RED' &&
      item.escalationLevel !== 'CITY_LEADER' &&
      item.redSince !== null
    ) {
      const redDays = daysBetween(item.redSince, today);
      if (redDays >= settings.escalation.cityLeaderAfterRedDays) {
        const reason = `${condition.reason};红灯已持续 ${redDays} 天,提级至市领导督办`;
        changes.push({
          item,
          event: escalate(input, item, condition, 'RED', reason, 'CITY_LEADER'),
        });
      }
    }
  }

  for (const item of input.open) {
    if (item.kind === 'DECISION' || held.has(keyOf(item)) || today < item.lastStepOn) continue;
    changes.push({ item, event: clear(input, item, projectOf(projects, item)) });
  }
  return changes;
}

function raise(input: EvaluationInput, c: Condition): SupervisionItemEvent {
  // Counts the item being cleared on a downgrade too: the new one is a repeat.
  const repeated = input.earlierItems(c.ruleId, c.subjectId) > 0;
  const level: EscalationLevel = c.severity === 'RED' || repeated ? 'DEPUTY_MAYOR' : 'UNIT';
  const severity = c.severity as Exclude<Severity, 'GREEN'>;
  const view: ItemView = {
    itemId: input.newItemId(),
    ruleId: c.ruleId,
    kind: c.kind,
    subjectId: c.subjectId,
    projectId: c.projectId,
    regionCode: c.regionCode,
    severity,
    reason: repeated ? `${c.reason}(再次预警)` : c.reason,
    responsibleUnit: c.responsibleUnit,
    escalationLevel: level,
    dueOn: addDays(input.today, responseDaysFor(input.settings, severity)),
    status: 'ISSUED',
  };
  return itemEvent('SupervisionItemRaised', {
    ...view,
    occurredOn: input.today,
    at: input.at,
    responsibleLeader: c.responsibleLeader,
  });
}

function escalate(
  input: EvaluationInput,
  item: SupervisionItem,
  c: Condition,
  severity: Severity,
  reason: string,
  level: EscalationLevel = severity === 'RED' ? 'DEPUTY_MAYOR' : item.escalationLevel,
): SupervisionItemEvent {
  const dueOn =
    item.kind === 'DECISION'
      ? item.dueOn
      : addDays(input.today, responseDaysFor(input.settings, severity));
  return itemEvent('SupervisionItemEscalated', {
    ...viewOf(item),
    severity,
    reason,
    responsibleUnit: c.responsibleUnit ?? item.responsibleUnit,
    escalationLevel: higherLevel(item.escalationLevel, level),
    dueOn,
    occurredOn: input.today,
    at: input.at,
  });
}

function clear(
  input: EvaluationInput,
  item: SupervisionItem,
  project: Project | undefined,
): SupervisionItemEvent {
  return itemEvent('SupervisionItemCleared', {
    ...viewOf(item),
    status: 'CLOSED',
    reason: clearedReason(item, project, input.settings),
    occurredOn: input.today,
    at: input.at,
  });
}
