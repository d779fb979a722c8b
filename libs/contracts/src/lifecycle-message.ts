import { ceType, parseCeType } from './cloud-event-type';
import { InvalidMessageError } from './invalid-message-error';
import {
  fromBinaryMessage,
  optionalHeader,
  requiredHeader,
  toBinaryMessage,
  type IncomingKafkaMessage,
  type KafkaMessage,
} from './kafka-binding';

/** ce_source of every project event. */
export const LIFECYCLE_SOURCE = '/luodi/projects';

/** A stored project event as it travels on projects.lifecycle.v1. */
export interface LifecycleEnvelope {
  eventId: string;
  projectId: string;
  streamId: string;
  /** Version within the project's stream, from 1. */
  version: number;
  type: string;
  schemaVersion: number;
  /** The event data at `schemaVersion` (a JSON object). */
  data: unknown;
  /** Business date YYYY-MM-DD, when the event has one. */
  occurredOn: string | null;
  /** ISO-8601 UTC with microseconds, e.g. 2026-11-22T01:02:03.123456Z. */
  recordedAt: string;
  /** Global log position (bigint as decimal text). */
  position: string;
  /** Writing transaction (xid8 as decimal text). */
  txId: string;
  correlationId: string | null;
  actor: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const POSITIVE = /^[1-9][0-9]*$/;
const DECIMAL = /^[0-9]+$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MICROS_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/**
 * ce_time is the recording instant. The JavaScript SDK parses ce_time through Date, which keeps
 * milliseconds only, so the exact microsecond value also travels as the `recordedat` extension.
 */
export function toLifecycleMessage(event: LifecycleEnvelope): KafkaMessage {
  const type = ceType(event.type, event.schemaVersion);
  if (parseCeType(type).family !== 'project') {
    throw new RangeError(`${event.type} is not a project event type`);
  }
  return toBinaryMessage(
    {
      id: event.eventId,
      type,
      source: LIFECYCLE_SOURCE,
      subject: event.projectId,
      time: event.recordedAt,
    },
    {
      sequence: event.position,
      streamid: event.streamId,
      streamversion: String(event.version),
      recordedat: event.recordedAt,
      txid: event.txId,
      occurredon: event.occurredOn ?? undefined,
      correlationid: event.correlationId ?? undefined,
      actor: event.actor ?? undefined,
    },
    event.projectId,
    event.data,
  );
}

/** Reads a projects.lifecycle.v1 message; throws InvalidMessageError when it is malformed. */
export function fromLifecycleMessage(message: IncomingKafkaMessage): LifecycleEnvelope {
  const { headers, key, data } = fromBinaryMessage(message);
  if (requiredHeader(headers, 'ce_specversion') !== '1.0') {
    throw new InvalidMessageError(`ce_specversion must be 1.0; got ${headers.ce_specversion}`);
  }
  const source = requiredHeader(headers, 'ce_source');
  if (source !== LIFECYCLE_SOURCE) {
    throw new InvalidMessageError(`ce_source must be ${LIFECYCLE_SOURCE}; got ${source}`);
  }
  const { family, type, schemaVersion } = parseCeType(requiredHeader(headers, 'ce_type'));
  if (family !== 'project') throw new InvalidMessageError(`${type} is not a project event`);
  requiredHeader(headers, 'ce_time');
  const projectId = requiredHeader(headers, 'ce_subject', UUID);
  // The key decides the partition, and so the per-project order: it must be the project.
  if (key !== projectId) {
    throw new InvalidMessageError(`the key (${String(key)}) is not the project id ${projectId}`);
  }
  if (requiredHeader(headers, 'ce_partitionkey') !== projectId) {
    throw new InvalidMessageError('ce_partitionkey is not the project id');
  }
  const version = Number(requiredHeader(headers, 'ce_streamversion', POSITIVE));
  if (!Number.isSafeInteger(version)) {
    throw new InvalidMessageError(`ce_streamversion ${version} is out of range`);
  }
  return {
    eventId: requiredHeader(headers, 'ce_id', UUID),
    projectId,
    streamId: requiredHeader(headers, 'ce_streamid'),
    version,
    type,
    schemaVersion,
    data,
    occurredOn: optionalHeader(headers, 'ce_occurredon', DATE) ?? null,
    recordedAt: requiredHeader(headers, 'ce_recordedat', MICROS_UTC),
    position: requiredHeader(headers, 'ce_sequence', POSITIVE),
    txId: requiredHeader(headers, 'ce_txid', DECIMAL),
    correlationId: optionalHeader(headers, 'ce_correlationid') ?? null,
    actor: optionalHeader(headers, 'ce_actor') ?? null,
  };
}
