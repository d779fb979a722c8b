import {
  ESCALATION_LEVELS,
  SEVERITIES,
  SUPERVISION_KINDS,
  SUPERVISION_STATUSES,
  isAlertType,
  type AlertPayload,
  type AlertType,
} from './alert-types';
import { ceType, parseCeType } from './cloud-event-type';
import { InvalidMessageError } from './invalid-message-error';
import {
  fromBinaryMessage,
  requiredHeader,
  toBinaryMessage,
  type IncomingKafkaMessage,
  type KafkaMessage,
} from './kafka-binding';

/** ce_source of every supervision alert. */
export const ALERTS_SOURCE = '/luodi/supervision';

/** A supervision alert as it travels on supervision.alerts.v1: the item after the change. */
export interface AlertEnvelope extends AlertPayload {
  eventId: string;
  type: AlertType;
  schemaVersion: number;
}

/** Kafka key: the project keeps alerts in order with its lifecycle; else the subject does. */
export function alertKey(alert: Pick<AlertPayload, 'projectId' | 'subjectId'>): string {
  return alert.projectId ?? alert.subjectId;
}

export function toAlertMessage(alert: AlertEnvelope): KafkaMessage {
  const { eventId, type, schemaVersion, ...payload } = alert;
  return toBinaryMessage(
    {
      id: eventId,
      type: ceType(type, schemaVersion),
      source: ALERTS_SOURCE,
      subject: payload.itemId,
      time: payload.occurredAt,
    },
    {},
    alertKey(payload),
    payload,
  );
}

/** Reads a supervision.alerts.v1 message; throws InvalidMessageError when it is malformed. */
export function fromAlertMessage(message: IncomingKafkaMessage): AlertEnvelope {
  const { headers, key, data } = fromBinaryMessage(message);
  if (requiredHeader(headers, 'ce_specversion') !== '1.0') {
    throw new InvalidMessageError(`ce_specversion must be 1.0; got ${headers.ce_specversion}`);
  }
  const source = requiredHeader(headers, 'ce_source');
  if (source !== ALERTS_SOURCE) {
    throw new InvalidMessageError(`ce_source must be ${ALERTS_SOURCE}; got ${source}`);
  }
  const { family, type, schemaVersion } = parseCeType(requiredHeader(headers, 'ce_type'));
  if (family !== 'supervision' || !isAlertType(type)) {
    throw new InvalidMessageError(`${type} is not a supervision alert type`);
  }
  const payload = alertPayload(data);
  if (requiredHeader(headers, 'ce_subject') !== payload.itemId) {
    throw new InvalidMessageError('ce_subject is not the itemId of the body');
  }
  if (key !== alertKey(payload)) {
    throw new InvalidMessageError(`the key (${String(key)}) is not ${alertKey(payload)}`);
  }
  requiredHeader(headers, 'ce_id');
  return { eventId: headers.ce_id as string, type, schemaVersion, ...payload };
}

const isText = (value: unknown) => typeof value === 'string' && value !== '';
const isNullableText = (value: unknown) => value === null || isText(value);
const oneOf = (list: readonly string[]) => (value: unknown) =>
  typeof value === 'string' && list.includes(value);

// A shape check so the envelope's types are true; the full rules live in asyncapi.yaml
// (PayloadValidator applies them).
const FIELDS: Readonly<Record<keyof AlertPayload, (value: unknown) => boolean>> = {
  itemId: isText,
  ruleId: isText,
  kind: oneOf(SUPERVISION_KINDS),
  subjectId: isText,
  projectId: isNullableText,
  regionCode: isText,
  severity: oneOf(SEVERITIES),
  reason: isText,
  responsibleUnit: isNullableText,
  escalationLevel: oneOf(ESCALATION_LEVELS),
  dueOn: isNullableText,
  status: oneOf(SUPERVISION_STATUSES),
  occurredAt: isText,
};

function alertPayload(data: Record<string, unknown>): AlertPayload {
  const problems: string[] = [];
  for (const [field, check] of Object.entries(FIELDS)) {
    if (!(field in data)) problems.push(`${field} is missing`);
    else if (!check(data[field]))
      problems.push(`${field} is invalid: ${JSON.stringify(data[field])}`);
  }
  for (const field of Object.keys(data)) {
    if (!Object.hasOwn(FIELDS, field)) problems.push(`${field} is not an alert field`);
  }
  if (problems.length > 0) throw new InvalidMessageError(`alert body: ${problems.join('; ')}`);
  return data as unknown as AlertPayload;
}
