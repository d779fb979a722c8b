// The supervision.alerts.v1 vocabulary (asyncapi.yaml, SupervisionAlertV1). The item
// vocabulary itself belongs to the domain (libs/domain/src/supervision).

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

export {
  ESCALATION_LEVELS,
  SEVERITIES,
  SUPERVISION_KINDS,
  SUPERVISION_STATUSES,
  type EscalationLevel,
  type Severity,
  type SupervisionKind,
  type SupervisionStatus,
} from '@luodi/domain';
import type { ItemView } from '@luodi/domain';

/**
 * The alert body: the supervision item as it is after the change (the domain's item view), at
 * the instant of the change. A reader takes `ruleId` as text: new rules may appear.
 */
export type AlertPayload = Omit<ItemView, 'ruleId'> & {
  /** The rule that fired, e.g. GROUNDBREAKING_DEADLINE. */
  ruleId: string;
  /** ISO-8601 instant. */
  occurredAt: string;
};

export function isAlertType(value: unknown): value is AlertType {
  return typeof value === 'string' && (ALERT_TYPES as readonly string[]).includes(value);
}
