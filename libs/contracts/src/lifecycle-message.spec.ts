import { CURRENT_SCHEMA_VERSIONS, PROJECT_EVENT_TYPES } from '@luodi/domain';
import { Kafka } from 'cloudevents';
import fc from 'fast-check';
import { InvalidMessageError } from './invalid-message-error';
import type { IncomingKafkaMessage } from './kafka-binding';
import {
  fromLifecycleMessage,
  toLifecycleMessage,
  type LifecycleEnvelope,
} from './lifecycle-message';
import { PayloadValidator } from './payload-validator';
import { LIFECYCLE_TOPIC } from './topics';

const PROJECT = '3f1c2b9e-8d7a-4c5b-9e1f-2a3b4c5d6e7f';

const sample: LifecycleEnvelope = {
  eventId: '0b8f6d7e-1c2a-4b3c-8d4e-5f6a7b8c9d0e',
  projectId: PROJECT,
  streamId: `project-${PROJECT}`,
  version: 3,
  type: 'ContractSigned',
  schemaVersion: 1,
  data: {
    occurredOn: '2026-02-10',
    contractInvestment: { yuan: 800_000_000, currency: 'CNY' },
    occasion: 'CEREMONY',
    commitments: { registerBy: '2026-05-11', breakGroundBy: '2026-08-09', produceBy: '2028-02-10' },
    defaultedCommitments: ['registerBy', 'breakGroundBy', 'produceBy'],
  },
  occurredOn: '2026-02-10',
  recordedAt: '2026-11-22T01:02:03.123456Z',
  position: '9007199254740993',
  txId: '18446744073709551615',
  correlationId: 'req-7f3a',
  actor: 'client:濮阳县商务局',
};

/** What a kafkajs consumer hands over: Buffers for the key, the value and every header. */
function asConsumed(message: { key: string; value: Buffer; headers: Record<string, string> }) {
  return {
    key: Buffer.from(message.key),
    value: message.value,
    headers: Object.fromEntries(
      Object.entries(message.headers).map(([name, value]) => [name, Buffer.from(value)]),
    ),
  };
}

const recordedAtArb = fc
  .tuple(
    fc.date({
      min: new Date('2000-01-01T00:00:00Z'),
      max: new Date('2099-12-31T23:59:59Z'),
      noInvalidDate: true,
    }),
    fc.nat(999),
  )
  .map(([date, micros]) => `${date.toISOString().slice(0, 23)}${String(micros).padStart(3, '0')}Z`);
const decimalArb = (min: bigint) => fc.bigInt({ min, max: 2n ** 64n - 1n }).map(String);
// Data as it comes out of the store: JSON (so no -0, which JSON cannot carry).
const dataArb = fc
  .dictionary(fc.string({ minLength: 1 }), fc.jsonValue(), { noNullPrototype: true })
  .map((data) => JSON.parse(JSON.stringify(data)) as Record<string, unknown>);

const envelopeArb: fc.Arbitrary<LifecycleEnvelope> = fc
  .record({
    eventId: fc.uuid(),
    projectId: fc.uuid(),
    version: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
    type: fc.constantFrom(...PROJECT_EVENT_TYPES),
    data: dataArb,
    occurredOn: fc.option(
      fc
        .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
        .map((d) => d.toISOString().slice(0, 10)),
      { nil: null },
    ),
    recordedAt: recordedAtArb,
    position: decimalArb(1n),
    txId: decimalArb(0n),
    correlationId: fc.option(fc.string(), { nil: null }),
    actor: fc.option(fc.oneof(fc.string(), fc.constant('client:濮阳县商务局')), { nil: null }),
  })
  .map((e) => ({
    ...e,
    streamId: `project-${e.projectId}`,
    schemaVersion: CURRENT_SCHEMA_VERSIONS[e.type],
  }));

describe('toLifecycleMessage / fromLifecycleMessage', () => {
  it('round-trips any envelope exactly, from strings and from kafkajs Buffers', () => {
    fc.assert(
      fc.property(envelopeArb, (envelope) => {
        const message = toLifecycleMessage(envelope);
        expect(fromLifecycleMessage(message)).toEqual(envelope);
        expect(fromLifecycleMessage(asConsumed(message))).toEqual(envelope);
      }),
      { numRuns: 300 },
    );
  });

  it('writes CloudEvents binary mode: key, JSON body and ce_* headers', () => {
    const message = toLifecycleMessage(sample);
    expect(message.key).toBe(PROJECT);
    expect(JSON.parse(message.value.toString('utf8'))).toEqual(sample.data);
    expect(message.headers).toEqual({
      'content-type': 'application/json',
      ce_specversion: '1.0',
      ce_id: sample.eventId,
      ce_type: 'cn.gov.luodi.project.ContractSigned.v1',
      ce_source: '/luodi/projects',
      ce_subject: PROJECT,
      ce_time: '2026-11-22T01:02:03.123456Z',
      ce_partitionkey: PROJECT,
      ce_sequence: '9007199254740993',
      ce_streamid: `project-${PROJECT}`,
      ce_streamversion: '3',
      ce_recordedat: '2026-11-22T01:02:03.123456Z',
      ce_txid: '18446744073709551615',
      ce_occurredon: '2026-02-10',
      ce_correlationid: 'req-7f3a',
      ce_actor: 'client:濮阳县商务局',
    });
  });

  it('leaves out the optional extensions when they are null', () => {
    const message = toLifecycleMessage({
      ...sample,
      occurredOn: null,
      correlationId: null,
      actor: null,
    });
    expect(Object.keys(message.headers)).not.toEqual(
      expect.arrayContaining(['ce_occurredon', 'ce_correlationid', 'ce_actor']),
    );
    expect(fromLifecycleMessage(message)).toMatchObject({
      occurredOn: null,
      correlationId: null,
      actor: null,
    });
  });

  it('keeps the microseconds the JavaScript SDK cuts from ce_time', () => {
    const message = toLifecycleMessage(sample);
    const sdk = Kafka.toEvent({ ...message, body: message.value }) as { time: string };
    expect(sdk.time).toBe('2026-11-22T01:02:03.123Z');
    expect(fromLifecycleMessage(message).recordedAt).toBe('2026-11-22T01:02:03.123456Z');
  });

  it('writes headers that match the headers schema of asyncapi.yaml', () => {
    const validator = new PayloadValidator();
    fc.assert(
      fc.property(envelopeArb, (envelope) => {
        const { headers } = toLifecycleMessage(envelope);
        expect(
          validator.validateHeaders(
            LIFECYCLE_TOPIC,
            envelope.type,
            envelope.schemaVersion,
            headers,
          ),
        ).toEqual({
          valid: true,
        });
      }),
      { numRuns: 100 },
    );
  });

  it('refuses a type that is not a project event', () => {
    expect(() => toLifecycleMessage({ ...sample, type: 'SupervisionItemRaised' })).toThrow(
      RangeError,
    );
    expect(() => toLifecycleMessage({ ...sample, type: 'Nonsense' })).toThrow(RangeError);
  });
});

describe('fromLifecycleMessage refuses malformed messages', () => {
  const good = toLifecycleMessage(sample);
  const withHeaders = (change: Record<string, string | undefined>): IncomingKafkaMessage => ({
    ...good,
    headers: { ...good.headers, ...change },
  });

  it.each<[string, IncomingKafkaMessage, string]>([
    ['a tombstone', { ...good, value: null }, 'no value'],
    ['a body that is not JSON', { ...good, value: Buffer.from('{oops') }, 'not a CloudEvent'],
    ['a JSON array body', { ...good, value: Buffer.from('[1]') }, 'must be an object'],
    [
      'structured mode',
      withHeaders({ 'content-type': 'application/cloudevents+json' }),
      'content-type',
    ],
    ['no headers at all', { key: PROJECT, value: good.value }, 'content-type'],
    ['no ce_id', withHeaders({ ce_id: undefined }), 'not a CloudEvent'],
    ['an event id that is no uuid', withHeaders({ ce_id: 'e-1' }), 'ce_id is malformed'],
    ['another spec version', withHeaders({ ce_specversion: '0.3' }), 'ce_specversion'],
    ['another source', withHeaders({ ce_source: '/elsewhere' }), 'ce_source'],
    ['a foreign ce_type', withHeaders({ ce_type: 'com.example.Thing' }), 'not a luodi event type'],
    [
      'an alert on the lifecycle topic',
      withHeaders({ ce_type: 'cn.gov.luodi.supervision.SupervisionItemRaised.v1' }),
      'not a project event',
    ],
    ['no ce_time', withHeaders({ ce_time: undefined }), 'ce_time is missing'],
    ['an unreadable ce_time', withHeaders({ ce_time: 'yesterday' }), 'not a CloudEvent'],
    ['no subject', withHeaders({ ce_subject: undefined }), 'ce_subject is missing'],
    ['a key that is not the project', { ...good, key: 'other' }, 'is not the project id'],
    ['no key', { ...good, key: null }, 'is not the project id'],
    [
      'a stream version of 0',
      withHeaders({ ce_streamversion: '0' }),
      'ce_streamversion is malformed',
    ],
    [
      'a position that is no number',
      withHeaders({ ce_sequence: 'abc' }),
      'ce_sequence is malformed',
    ],
    [
      'recordedat in milliseconds',
      withHeaders({ ce_recordedat: '2026-11-22T01:02:03.123Z' }),
      'ce_recordedat is malformed',
    ],
    ['no recordedat', withHeaders({ ce_recordedat: undefined }), 'ce_recordedat is missing'],
    [
      'a bad business date',
      withHeaders({ ce_occurredon: '2026/02/10' }),
      'ce_occurredon is malformed',
    ],
    [
      'a repeated header',
      { ...good, headers: { ...good.headers, ce_id: [good.headers.ce_id!, good.headers.ce_id!] } },
      'more than once',
    ],
  ])('%s', (_what, message, reason) => {
    let thrown: unknown;
    try {
      fromLifecycleMessage(message);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidMessageError);
    expect((thrown as InvalidMessageError).reason).toContain(reason);
  });
});
