import {
  CloudEvent,
  Kafka,
  type CloudEventV1,
  type KafkaMessage as SdkKafkaMessage,
} from 'cloudevents';
import { InvalidMessageError } from './invalid-message-error';

/** A message as kafkajs `producer.send` takes it. */
export interface KafkaMessage {
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

type HeaderValue = Buffer | string | Array<Buffer | string> | undefined;

/** A message as a kafkajs consumer hands it over (Buffers), or as a test writes it (strings). */
export interface IncomingKafkaMessage {
  key?: Buffer | string | null;
  value: Buffer | string | null;
  headers?: Record<string, HeaderValue>;
}

export interface CeAttributes {
  id: string;
  type: string;
  source: string;
  subject: string;
  time: string;
}

const JSON_CONTENT_TYPE = 'application/json';

/**
 * CloudEvents binary mode through the SDK's Kafka binding. Extensions that are undefined are
 * left out; every header value is a string because Kafka headers are bytes.
 */
export function toBinaryMessage(
  attributes: CeAttributes,
  extensions: Record<string, string | undefined>,
  key: string,
  data: unknown,
): KafkaMessage {
  const defined = Object.fromEntries(
    Object.entries(extensions).filter(([, value]) => value !== undefined),
  );
  // Strict: the SDK refuses attribute names and values that CloudEvents does not allow.
  const event = new CloudEvent({
    ...defined,
    ...attributes,
    datacontenttype: JSON_CONTENT_TYPE,
    partitionkey: key,
    data,
  });
  const binary = Kafka.binary(event);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(binary.headers)) {
    // The Kafka binding carries datacontenttype in content-type; the SDK's copy is redundant.
    if (value === undefined || name === 'ce_datacontenttype') continue;
    headers[name] = String(value);
  }
  // No `timestamp`: the SDK would set the record time to the event time, and Kafka retention
  // would then delete a republished old event at once. The producer stamps the send time.
  return { key, value: Buffer.from(JSON.stringify(binary.value)), headers };
}

/** The parts of a binary-mode message after the SDK has read it. */
export interface ParsedBinaryMessage {
  event: CloudEventV1<unknown>;
  /** Header values as UTF-8 strings, names lower-cased. */
  headers: Record<string, string>;
  key: string | null;
  data: Record<string, unknown>;
}

/** Reads a CloudEvents binary-mode message; anything malformed is an InvalidMessageError. */
export function fromBinaryMessage(message: IncomingKafkaMessage): ParsedBinaryMessage {
  if (message.value === null || message.value === undefined) {
    throw new InvalidMessageError('the message has no value (a tombstone?)');
  }
  const headers = headerStrings(message.headers ?? {});
  if (headers['content-type']?.split(';')[0]?.trim() !== JSON_CONTENT_TYPE) {
    throw new InvalidMessageError(
      `content-type must be ${JSON_CONTENT_TYPE} (CloudEvents binary mode); got ${String(headers['content-type'])}`,
    );
  }
  const key = message.key === null || message.key === undefined ? null : text(message.key);
  const value = Buffer.isBuffer(message.value) ? message.value : Buffer.from(message.value);
  const sdkMessage: SdkKafkaMessage = { key: key ?? '', value, headers, body: value };
  let parsed: CloudEventV1<unknown> | CloudEventV1<unknown>[];
  try {
    parsed = Kafka.toEvent(sdkMessage);
  } catch (error) {
    // The SDK throws its ValidationError, SyntaxError for a bad JSON body, RangeError for a
    // bad ce_time: all of them mean the same thing to a consumer.
    throw new InvalidMessageError(`not a CloudEvent: ${(error as Error).message}`);
  }
  if (Array.isArray(parsed)) throw new InvalidMessageError('batch messages are not used here');
  const data = parsed.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new InvalidMessageError('the JSON body must be an object');
  }
  return { event: parsed, headers, key, data: data as Record<string, unknown> };
}

/** A header that must be present, non-empty and, given a pattern, match it. */
export function requiredHeader(
  headers: Record<string, string>,
  name: string,
  pattern?: RegExp,
): string {
  const value = optionalHeader(headers, name, pattern);
  if (value === undefined || value === '')
    throw new InvalidMessageError(`header ${name} is missing`);
  return value;
}

/** A header that may be absent but, given a pattern, must match it when present. */
export function optionalHeader(
  headers: Record<string, string>,
  name: string,
  pattern?: RegExp,
): string | undefined {
  const value = headers[name];
  if (value !== undefined && value !== '' && pattern && !pattern.test(value)) {
    throw new InvalidMessageError(`header ${name} is malformed: "${value}"`);
  }
  return value;
}

function headerStrings(raw: Record<string, HeaderValue>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    // kafkajs gathers repeated header names into an array; for an attribute that is ambiguous.
    if (Array.isArray(value))
      throw new InvalidMessageError(`header ${name} appears more than once`);
    headers[name.toLowerCase()] = text(value);
  }
  return headers;
}

function text(value: Buffer | string): string {
  return typeof value === 'string' ? value : value.toString('utf8');
}
