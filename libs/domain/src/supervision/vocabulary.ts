// The vocabulary of 督查督办 (supervision). The alert contract (libs/contracts) re-exports it.

/** 督办对象: a project, a coordination issue (问题), or a meeting decision (会议议定事项). */
export const SUPERVISION_KINDS = ['PROJECT', 'ISSUE', 'DECISION'] as const;
export type SupervisionKind = (typeof SUPERVISION_KINDS)[number];

export const KIND_LABELS: Readonly<Record<SupervisionKind, string>> = {
  PROJECT: '项目',
  ISSUE: '问题',
  DECISION: '议定事项',
};

/** 绿灯 / 黄灯 / 红灯. GREEN only marks a meeting decision that is not yet near its due date. */
export const SEVERITIES = ['GREEN', 'YELLOW', 'RED'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Who chases the item (三亚 ladder): the responsible unit, the deputy mayor in charge, the city leader. */
export const ESCALATION_LEVELS = ['UNIT', 'DEPUTY_MAYOR', 'CITY_LEADER'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

export const ESCALATION_LEVEL_LABELS: Readonly<Record<EscalationLevel, string>> = {
  UNIT: '责任单位',
  DEPUTY_MAYOR: '分管副市长',
  CITY_LEADER: '市主要领导',
};

/** 督办单: 下发 → 签收 → 办理 → 反馈 → 复核 → 办结 / 销号. */
export const SUPERVISION_STATUSES = [
  'ISSUED',
  'ACKNOWLEDGED',
  'IN_PROGRESS',
  'FEEDBACK_SUBMITTED',
  'REVIEWED',
  'CLOSED',
] as const;
export type SupervisionStatus = (typeof SUPERVISION_STATUSES)[number];

export const SUPERVISION_RULE_IDS = [
  'REGISTRATION_DEADLINE',
  'GROUNDBREAKING_DEADLINE',
  'PRODUCTION_DEADLINE',
  'COMMITMENT_SLIPPED',
  'NEGOTIATION_STALLED',
  'ISSUE_UNASSIGNED',
  'ISSUE_DUE',
  'MEETING_DECISION',
] as const;
export type SupervisionRuleId = (typeof SUPERVISION_RULE_IDS)[number];

export const RULE_LABELS: Readonly<Record<SupervisionRuleId, string>> = {
  REGISTRATION_DEADLINE: '承诺注册期限',
  GROUNDBREAKING_DEADLINE: '承诺开工期限',
  PRODUCTION_DEADLINE: '承诺投产期限',
  COMMITMENT_SLIPPED: '承诺期限多次调整',
  NEGOTIATION_STALLED: '在谈项目无进展',
  ISSUE_UNASSIGNED: '问题未明确责任单位',
  ISSUE_DUE: '问题办理期限',
  MEETING_DECISION: '会议议定事项落实',
};

export const STATUS_LABELS: Readonly<Record<SupervisionStatus, string>> = {
  ISSUED: '下发',
  ACKNOWLEDGED: '签收',
  IN_PROGRESS: '办理',
  FEEDBACK_SUBMITTED: '反馈',
  REVIEWED: '复核',
  CLOSED: '办结',
};

export const severityRank = (severity: Severity): number => SEVERITIES.indexOf(severity);
export const levelRank = (level: EscalationLevel): number => ESCALATION_LEVELS.indexOf(level);

export const higherLevel = (a: EscalationLevel, b: EscalationLevel): EscalationLevel =>
  levelRank(a) >= levelRank(b) ? a : b;
