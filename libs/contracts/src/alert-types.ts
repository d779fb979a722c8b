// The supervision.alerts.v1 vocabulary. The supervision module is not built yet; these types
// are the contract it must publish (asyncapi.yaml, SupervisionAlertV1).

export const ALERT_TYPES = [
  'SupervisionItemRaised',
  'SupervisionItemEscalated',
  'SupervisionItemCleared',
  'SupervisionItemClosed',
] as const;
export type AlertType = (typeof ALERT_TYPES)[number];

/** The schema version written today for each alert type. */
export const ALERT_SCHEMA_VERSIONS: Readonly<Record<AlertType, number>> = {
  SupervisionItemRaised: 1,
  SupervisionItemEscalated: 1,
  SupervisionItemCleared: 1,
  SupervisionItemClosed: 1,
};

/** 督办对象: a project, a coordination issue, or a meeting decision. */
export const SUPERVISION_KINDS = ['PROJECT', 'ISSUE', 'DECISION'] as const;
export type SupervisionKind = (typeof SUPERVISION_KINDS)[number];

/** 黄灯 / 红灯. */
export const SEVERITIES = ['YELLOW', 'RED'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Who chases the item: the responsible unit, the deputy mayor in charge, the city leader. */
export const ESCALATION_LEVELS = ['UNIT', 'DEPUTY_MAYOR', 'CITY_LEADER'] as const;
export type EscalationLevel = (typeof ESCALATION_LEVELS)[number];

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

/** The alert body: the supervision item as it is after the change. */
export interface AlertPayload {
  itemId: string;
  /** The rule that fired, e.g. GROUNDBREAKING_OVERDUE. */
  ruleId: string;
  kind: SupervisionKind;
  subjectId: string;
  projectId: string | null;
  regionCode: string;
  severity: Severity;
  /** Why, in Chinese (签约已满180天未开工). */
  reason: string;
  responsibleUnit: string | null;
  escalationLevel: EscalationLevel;
  /** YYYY-MM-DD. */
  dueOn: string | null;
  status: SupervisionStatus;
  /** ISO-8601 instant. */
  occurredAt: string;
}

export function isAlertType(value: unknown): value is AlertType {
  return typeof value === 'string' && (ALERT_TYPES as readonly string[]).includes(value);
}
