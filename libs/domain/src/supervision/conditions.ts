import { addDays, daysBetween, type BusinessDate } from '../business-date';
import { openIssues, type IssueState, type Project } from '../project-state';
import { hasReached, type PipelineStage } from '../stage';
import type { CommitmentKey } from '../vocabulary';
import type { ItemView, SupervisionItem } from './item';
import type { SupervisionSettings } from './settings';
import type { Severity } from './vocabulary';

/**
 * A rule that holds for a subject on a day: what an open item should say. `subjectId` is the
 * project id, the issue id, or the decision's item id.
 */
export type Condition = Pick<
  ItemView,
  | 'ruleId'
  | 'kind'
  | 'subjectId'
  | 'projectId'
  | 'regionCode'
  | 'severity'
  | 'reason'
  | 'responsibleUnit'
> & { responsibleLeader: string | null };

type DeadlineRule = 'REGISTRATION_DEADLINE' | 'GROUNDBREAKING_DEADLINE' | 'PRODUCTION_DEADLINE';

/** The three commitment deadlines, the stage that meets each, and how a reason names them. */
export const DEADLINES: ReadonlyArray<{
  rule: DeadlineRule;
  key: CommitmentKey;
  reached: PipelineStage;
  missing: string;
  deadline: string;
}> = [
  {
    rule: 'REGISTRATION_DEADLINE',
    key: 'registerBy',
    reached: 'REGISTERED',
    missing: '未注册',
    deadline: '承诺注册日期',
  },
  {
    rule: 'GROUNDBREAKING_DEADLINE',
    key: 'breakGroundBy',
    reached: 'UNDER_CONSTRUCTION',
    missing: '未开工',
    deadline: '承诺开工日期',
  },
  {
    rule: 'PRODUCTION_DEADLINE',
    key: 'produceBy',
    reached: 'IN_PRODUCTION',
    missing: '未投产',
    deadline: '承诺投产日期',
  },
];

/** Every rule that holds for a project (and its open problems) on `today`. Dropped projects: none. */
export function projectConditions(
  project: Project,
  settings: SupervisionSettings,
  today: BusinessDate,
): Condition[] {
  if (project.stage === 'DROPPED') return [];
  const base = {
    kind: 'PROJECT' as const,
    subjectId: project.id,
    projectId: project.id,
    regionCode: project.regionCode,
    responsibleUnit: project.responsibility.unit ?? null,
    responsibleLeader: project.responsibility.leader ?? null,
  };
  const out: Condition[] = [];
  const { rules } = settings;
  const signedOn = project.stageDates.SIGNED;

  for (const d of DEADLINES) {
    const rule = rules[d.rule];
    const due = project.commitments[d.key];
    if (!rule.enabled || due === undefined || hasReached(project.stage, d.reached)) continue;
    const left = daysBetween(today, due);
    const signed =
      signedOn !== undefined
        ? `签约已 ${daysBetween(signedOn, today)} 天${d.missing},`
        : `${d.missing},`;
    if (left < 0) {
      out.push({
        ...base,
        ruleId: d.rule,
        severity: 'RED',
        reason: `${signed}${d.deadline} ${due} 已逾期 ${-left} 天`,
      });
    } else if (left <= rule.yellowDaysBefore) {
      out.push({
        ...base,
        ruleId: d.rule,
        severity: 'YELLOW',
        reason: `${signed}${d.deadline} ${due},距期限仅剩 ${left} 天`,
      });
    }
  }

  if (rules.COMMITMENT_SLIPPED.enabled) {
    const slipped = DEADLINES.filter(
      (d) =>
        project.commitmentSlips[d.key] >= rules.COMMITMENT_SLIPPED.yellowAtReschedules &&
        !hasReached(project.stage, d.reached),
    );
    if (slipped.length > 0) {
      const reason = slipped
        .map(
          (d) =>
            `${d.deadline}已调整 ${project.commitmentSlips[d.key]} 次(现为 ${project.commitments[d.key] ?? '未定'})`,
        )
        .join(';');
      out.push({ ...base, ruleId: 'COMMITMENT_SLIPPED', severity: 'YELLOW', reason });
    }
  }

  const stalled = rules.NEGOTIATION_STALLED;
  if (stalled.enabled && project.stage === 'NEGOTIATING') {
    const idle = daysBetween(project.lastProgressOn, today);
    const severity: Severity | null =
      idle >= stalled.redAfterDays ? 'RED' : idle >= stalled.yellowAfterDays ? 'YELLOW' : null;
    if (severity) {
      out.push({
        ...base,
        ruleId: 'NEGOTIATION_STALLED',
        severity,
        reason: `在谈已 ${idle} 天无进展(最近进展 ${project.lastProgressOn})`,
      });
    }
  }

  for (const issue of openIssues(project))
    out.push(...issueConditions(project, issue, settings, today));
  return out;
}

function issueConditions(
  project: Project,
  issue: IssueState,
  settings: SupervisionSettings,
  today: BusinessDate,
): Condition[] {
  const base = {
    kind: 'ISSUE' as const,
    subjectId: issue.issueId,
    projectId: project.id,
    regionCode: project.regionCode,
    responsibleUnit: issue.unit ?? project.responsibility.unit ?? null,
    responsibleLeader: project.responsibility.leader ?? null,
  };
  const what = `问题「${shorten(issue.description)}」`;
  const out: Condition[] = [];
  const unassigned = settings.rules.ISSUE_UNASSIGNED;
  const open = daysBetween(issue.raisedOn, today);
  if (unassigned.enabled && issue.unit === undefined && open >= unassigned.yellowAfterDays) {
    out.push({
      ...base,
      ruleId: 'ISSUE_UNASSIGNED',
      severity: 'YELLOW',
      reason: `${what}提出已 ${open} 天仍未明确责任单位`,
    });
  }
  const due = settings.rules.ISSUE_DUE;
  if (due.enabled && issue.dueOn !== undefined) {
    const severity = dueSeverity(issue.dueOn, today, due.yellowDaysBefore);
    if (severity !== 'GREEN') {
      out.push({
        ...base,
        ruleId: 'ISSUE_DUE',
        severity,
        reason: `${what}${dueText(issue.dueOn, today, '办结')}`,
      });
    }
  }
  return out;
}

/** A meeting decision's severity on `today`: green, then yellow near its due date, red after. */
export function decisionCondition(
  item: SupervisionItem,
  settings: SupervisionSettings,
  today: BusinessDate,
): Condition {
  const dueOn = item.dueOn ?? today;
  const severity = dueSeverity(dueOn, today, settings.rules.MEETING_DECISION.yellowDaysBefore);
  const text = `${item.meetingDate ?? ''} 会议议定事项「${shorten(item.text ?? '')}」`;
  return {
    ruleId: 'MEETING_DECISION',
    kind: 'DECISION',
    subjectId: item.subjectId,
    projectId: item.projectId,
    regionCode: item.regionCode,
    severity,
    reason:
      severity === 'GREEN'
        ? `${text}应于 ${dueOn} 前落实`
        : `${text}${dueText(dueOn, today, '落实')}`,
    responsibleUnit: item.responsibleUnit,
    responsibleLeader: item.responsibleLeader,
  };
}

function dueSeverity(dueOn: BusinessDate, today: BusinessDate, yellowDaysBefore: number): Severity {
  if (dueOn < today) return 'RED';
  return dueOn <= addDays(today, yellowDaysBefore) ? 'YELLOW' : 'GREEN';
}

function dueText(dueOn: BusinessDate, today: BusinessDate, verb: string): string {
  const left = daysBetween(today, dueOn);
  return left < 0
    ? `应于 ${dueOn} 前${verb},已逾期 ${-left} 天`
    : `应于 ${dueOn} 前${verb},仅剩 ${left} 天`;
}

const shorten = (text: string, max = 30): string =>
  [...text].length > max ? `${[...text].slice(0, max).join('')}…` : text;

/** Why an open item no longer holds, in plain Chinese. */
export function clearedReason(
  item: SupervisionItem,
  project: Project | undefined,
  settings: SupervisionSettings,
): string {
  if (!project) return '预警条件已消除';
  if (project.stage === 'DROPPED') return '项目已终止,预警解除';
  const rule = settings.rules[item.ruleId];
  if ('enabled' in rule && !rule.enabled) return '该规则已停用,预警解除';
  const deadline = DEADLINES.find((d) => d.rule === item.ruleId);
  if (deadline && hasReached(project.stage, deadline.reached)) {
    return `项目已于 ${project.stageDates[deadline.reached] ?? project.stageEnteredOn} ${deadline.missing.slice(1)},预警解除`;
  }
  if (deadline)
    return `${deadline.deadline}已调整为 ${project.commitments[deadline.key] ?? '未定'},预警解除`;
  if (item.ruleId === 'NEGOTIATION_STALLED') {
    return project.stage === 'NEGOTIATING'
      ? `在谈项目于 ${project.lastProgressOn} 有新进展,预警解除`
      : '项目已离开在谈阶段,预警解除';
  }
  if (item.kind === 'ISSUE') {
    const issue = project.issues[item.subjectId];
    if (issue?.status === 'RESOLVED')
      return `问题已于 ${issue.resolvedOn ?? issue.lastStepOn} 解决,预警解除`;
    if (item.ruleId === 'ISSUE_UNASSIGNED' && issue?.unit)
      return `问题已明确责任单位(${issue.unit}),预警解除`;
    if (item.ruleId === 'ISSUE_DUE' && issue?.dueOn)
      return `问题办理期限已调整为 ${issue.dueOn},预警解除`;
  }
  return '预警条件已消除';
}
