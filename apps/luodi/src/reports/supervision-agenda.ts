import {
  byCodeUnits,
  isOpen,
  overdueDays,
  RULE_LABELS,
  STATUS_LABELS,
  type EscalationLevel,
  type Severity,
  type SupervisionItem,
  type SupervisionKind,
  type SupervisionRuleId,
  type SupervisionStatus,
} from '@luodi/domain';
import type { ProjectSnapshot } from '@luodi/projections';
import type { RegionContext } from './report-data.service';

// The two agenda sections that come from the 督办 items, each a pure function of the items as
// they stood at the agenda's (asOf, knownAt) and of the region context.

const inContext = (ctx: Pick<RegionContext, 'codes'>, item: SupervisionItem): boolean =>
  ctx.codes === null || ctx.codes.has(item.regionCode);

// ---- 红黄灯项目 ---------------------------------------------------------------------------------

/** One open red or yellow item of a project. */
export interface LightItem {
  itemId: string;
  kind: SupervisionKind;
  ruleId: SupervisionRuleId;
  ruleName: string;
  severity: Severity;
  reason: string;
  escalationLevel: EscalationLevel;
  responsibleUnit: string | null;
  status: SupervisionStatus;
  statusLabel: string;
  dueOn: string | null;
  raisedOn: string;
}

export interface LightProject {
  projectId: string;
  /** From the project as it stood at asOf; null when the report cannot see the project. */
  name: string | null;
  regionCode: string;
  light: 'RED' | 'YELLOW';
  /** The oldest of its open red and yellow items. */
  oldestRaisedOn: string;
  items: LightItem[];
}

export interface RedYellowSection {
  red: number;
  yellow: number;
  projects: LightProject[];
}

const LIGHT_KINDS: ReadonlySet<SupervisionKind> = new Set(['PROJECT', 'ISSUE']);
const redFirst = (a: { severity: Severity }, b: { severity: Severity }) =>
  Number(b.severity === 'RED') - Number(a.severity === 'RED');

/**
 * 红黄灯项目: projects with open red or yellow project and problem items (meeting decisions are
 * their own section), within the region context by the item's region. Red projects first, then
 * the longest-standing; within a project red items first, then oldest.
 */
export function redYellowProjects(
  items: readonly SupervisionItem[],
  ctx: Pick<RegionContext, 'codes'>,
  projects: readonly ProjectSnapshot[],
): RedYellowSection {
  const byProject = new Map<string, SupervisionItem[]>();
  for (const item of items) {
    if (
      !isOpen(item) ||
      !LIGHT_KINDS.has(item.kind) ||
      (item.severity !== 'RED' && item.severity !== 'YELLOW') ||
      item.projectId === null ||
      !inContext(ctx, item)
    ) {
      continue;
    }
    const list = byProject.get(item.projectId) ?? [];
    list.push(item);
    byProject.set(item.projectId, list);
  }
  // Only the projects with open lights are looked up: the weekly agenda passes every project.
  const snapshots = new Map<string, ProjectSnapshot>();
  if (byProject.size > 0) {
    for (const p of projects) if (byProject.has(p.id)) snapshots.set(p.id, p);
  }
  const lines: LightProject[] = [...byProject].map(([projectId, open]) => {
    const sorted = [...open].sort(
      (a, b) =>
        redFirst(a, b) ||
        byCodeUnits(a.raisedOn, b.raisedOn) ||
        byCodeUnits(a.raisedAt, b.raisedAt) ||
        byCodeUnits(a.itemId, b.itemId),
    );
    const project = snapshots.get(projectId);
    return {
      projectId,
      name: project?.name ?? null,
      regionCode: project?.regionCode ?? sorted[0]!.regionCode,
      light: sorted.some((i) => i.severity === 'RED') ? 'RED' : 'YELLOW',
      oldestRaisedOn: sorted.map((i) => i.raisedOn).reduce((a, b) => (b < a ? b : a)),
      items: sorted.map(lightItem),
    };
  });
  lines.sort(
    (a, b) =>
      redFirst({ severity: a.light }, { severity: b.light }) ||
      byCodeUnits(a.oldestRaisedOn, b.oldestRaisedOn) ||
      byCodeUnits(a.projectId, b.projectId),
  );
  return {
    red: lines.filter((p) => p.light === 'RED').length,
    yellow: lines.filter((p) => p.light === 'YELLOW').length,
    projects: lines,
  };
}

function lightItem(item: SupervisionItem): LightItem {
  return {
    itemId: item.itemId,
    kind: item.kind,
    ruleId: item.ruleId,
    ruleName: RULE_LABELS[item.ruleId],
    severity: item.severity,
    reason: item.reason,
    escalationLevel: item.escalationLevel,
    responsibleUnit: item.responsibleUnit,
    status: item.status,
    statusLabel: STATUS_LABELS[item.status],
    dueOn: item.dueOn,
    raisedOn: item.raisedOn,
  };
}

// ---- 会议议定事项落实情况 --------------------------------------------------------------------------

export interface DecisionLine {
  itemId: string;
  meetingDate: string;
  text: string;
  projectId: string | null;
  regionCode: string;
  responsibleUnit: string | null;
  responsibleLeader: string | null;
  dueOn: string | null;
  status: SupervisionStatus;
  statusLabel: string;
  severity: Severity;
  /** 已办结 (closed: completed after review, or closed by a supervisor). */
  done: boolean;
  closedOn: string | null;
  /** Days past its due date on the meeting date; 0 when done or not yet due. */
  overdueDays: number;
}

export interface DecisionsSection {
  /** The latest meeting before this one that recorded decisions; null when there was none. */
  lastMeetingDate: string | null;
  /** That meeting's decisions, in the order they were recorded. */
  items: DecisionLine[];
  done: number;
  total: number;
  /** Decisions of earlier meetings still open: oldest meeting first. */
  stillOpenEarlier: DecisionLine[];
}

const recorded = (a: SupervisionItem, b: SupervisionItem) =>
  byCodeUnits(a.meetingDate ?? '', b.meetingDate ?? '') ||
  byCodeUnits(a.raisedAt, b.raisedAt) ||
  byCodeUnits(a.itemId, b.itemId);

/**
 * 上次会议议定事项落实情况: the decisions of the latest meeting before `meetingDate` (within the
 * region context), whether each is done and how late, and the still-open decisions of earlier
 * meetings, so that nothing falls off the agenda.
 */
export function lastMeetingDecisions(
  items: readonly SupervisionItem[],
  ctx: Pick<RegionContext, 'codes'>,
  meetingDate: string,
): DecisionsSection {
  const decisions = items.filter(
    (i): i is SupervisionItem & { meetingDate: string } =>
      i.kind === 'DECISION' &&
      i.meetingDate !== null &&
      i.meetingDate < meetingDate &&
      inContext(ctx, i),
  );
  const last = decisions.reduce<string | null>(
    (latest, i) => (latest === null || i.meetingDate > latest ? i.meetingDate : latest),
    null,
  );
  if (last === null) {
    return { lastMeetingDate: null, items: [], done: 0, total: 0, stillOpenEarlier: [] };
  }
  const line = (i: SupervisionItem & { meetingDate: string }): DecisionLine => ({
    itemId: i.itemId,
    meetingDate: i.meetingDate,
    text: i.text ?? '',
    projectId: i.projectId,
    regionCode: i.regionCode,
    responsibleUnit: i.responsibleUnit,
    responsibleLeader: i.responsibleLeader,
    dueOn: i.dueOn,
    status: i.status,
    statusLabel: STATUS_LABELS[i.status],
    severity: i.severity,
    done: !isOpen(i),
    closedOn: i.closedOn,
    overdueDays: overdueDays(i, meetingDate),
  });
  const ofLast = decisions
    .filter((i) => i.meetingDate === last)
    .sort(recorded)
    .map(line);
  return {
    lastMeetingDate: last,
    items: ofLast,
    done: ofLast.filter((d) => d.done).length,
    total: ofLast.length,
    stillOpenEarlier: decisions
      .filter((i) => i.meetingDate < last && isOpen(i))
      .sort(recorded)
      .map(line),
  };
}
