import fc from 'fast-check';
import { fromAlertMessage, toAlertMessage, type AlertEnvelope } from './alert-message';
import {
  ALERT_TYPES,
  ESCALATION_LEVELS,
  SEVERITIES,
  SUPERVISION_KINDS,
  SUPERVISION_STATUSES,
} from './alert-types';
import { InvalidMessageError } from './invalid-message-error';
import { PayloadValidator } from './payload-validator';
import { ALERTS_TOPIC } from './topics';

const textArb = fc.constantFrom('商务局', '签约已满180天未开工', '濮阳县发改委');
const dateArb = fc
  .date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

const alertArb: fc.Arbitrary<AlertEnvelope> = fc.record({
  eventId: fc.uuid(),
  type: fc.constantFrom(...ALERT_TYPES),
  schemaVersion: fc.constant(1),
  itemId: fc.uuid(),
  ruleId: fc.constantFrom('GROUNDBREAKING_OVERDUE', 'NEGOTIATION_STALLED', 'ISSUE_OVERDUE'),
  kind: fc.constantFrom(...SUPERVISION_KINDS),
  subjectId: fc.uuid(),
  projectId: fc.option(fc.uuid(), { nil: null }),
  regionCode: fc.constantFrom('410928', '4109'),
  severity: fc.constantFrom(...SEVERITIES),
  reason: textArb,
  responsibleUnit: fc.option(textArb, { nil: null }),
  escalationLevel: fc.constantFrom(...ESCALATION_LEVELS),
  dueOn: fc.option(dateArb, { nil: null }),
  status: fc.constantFrom(...SUPERVISION_STATUSES),
  occurredAt: fc
    .date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString()),
});

describe('toAlertMessage / fromAlertMessage', () => {
  const validator = new PayloadValidator();

  it('round-trips any alert; key = project, else subject; body and headers match the document', () => {
    fc.assert(
      fc.property(alertArb, (alert) => {
        const message = toAlertMessage(alert);
        expect(message.key).toBe(alert.projectId ?? alert.subjectId);
        expect(message.headers).toMatchObject({
          ce_specversion: '1.0',
          ce_id: alert.eventId,
          ce_type: `cn.gov.luodi.supervision.${alert.type}.v1`,
          ce_source: '/luodi/supervision',
          ce_subject: alert.itemId,
          ce_time: alert.occurredAt,
          ce_partitionkey: message.key,
          'content-type': 'application/json',
        });
        expect(fromAlertMessage(message)).toEqual(alert);
        const { eventId: _e, type, schemaVersion, ...payload } = alert;
        const body: unknown = JSON.parse(message.value.toString('utf8'));
        expect(body).toEqual(payload);
        expect(validator.validate(ALERTS_TOPIC, type, schemaVersion, body)).toEqual({
          valid: true,
        });
        expect(
          validator.validateHeaders(ALERTS_TOPIC, type, schemaVersion, message.headers),
        ).toEqual({
          valid: true,
        });
      }),
      { numRuns: 200 },
    );
  });

  const sample = fc.sample(alertArb, { numRuns: 1, seed: 7 })[0]!;

  it('names what is wrong with a malformed body', () => {
    const good = toAlertMessage(sample);
    const body = JSON.parse(good.value.toString('utf8')) as Record<string, unknown>;
    const broken = { ...body, severity: 'BLUE', extra: 1, reason: undefined };
    expect(() => fromAlertMessage({ ...good, value: Buffer.from(JSON.stringify(broken)) })).toThrow(
      new InvalidMessageError(
        'alert body: severity is invalid: "BLUE"; reason is missing; extra is not an alert field',
      ),
    );
  });

  it('refuses project events and unknown alert types', () => {
    const good = toAlertMessage(sample);
    for (const ceType of [
      'cn.gov.luodi.project.GroundBroken.v1',
      'cn.gov.luodi.supervision.SupervisionItemSnoozed.v1',
    ]) {
      expect(() =>
        fromAlertMessage({ ...good, headers: { ...good.headers, ce_type: ceType } }),
      ).toThrow(/not a supervision alert type/);
    }
  });

  it('refuses a key or subject that does not match the body', () => {
    const good = toAlertMessage(sample);
    expect(() => fromAlertMessage({ ...good, key: 'elsewhere' })).toThrow(InvalidMessageError);
    expect(() =>
      fromAlertMessage({ ...good, headers: { ...good.headers, ce_subject: 'x' } }),
    ).toThrow(/ce_subject/);
  });
});
