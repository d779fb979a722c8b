import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { loadAsyncApiDocument, type AsyncApiDocument } from './asyncapi';
import { ceType, parseCeType, type EventFamily } from './cloud-event-type';
import { ALERTS_TOPIC, LIFECYCLE_TOPIC, type Topic } from './topics';

export type ValidationResult = { valid: true } | { valid: false; errors: string[] };

export interface MessageType {
  type: string;
  schemaVersion: number;
}

/** A channel by its topic, or by the event family published on it. */
export type ChannelRef = Topic | EventFamily;

const FAMILY_OF: Readonly<Record<Topic, EventFamily>> = {
  [LIFECYCLE_TOPIC]: 'project',
  [ALERTS_TOPIC]: 'supervision',
};

// The document's components are registered with Ajv under this id, so the payloads' own
// "#/components/schemas/..." references resolve exactly as other AsyncAPI tools resolve them.
const DOCUMENT_ID = 'urn:luodi:asyncapi';

interface CompiledMessage extends MessageType {
  payload: ValidateFunction;
  headers: ValidateFunction;
}

/** Checks payloads and Kafka headers against the schemas of asyncapi.yaml. */
export class PayloadValidator {
  private readonly channels = new Map<Topic, Map<string, CompiledMessage>>();

  constructor(document: AsyncApiDocument = loadAsyncApiDocument()) {
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    addFormats(ajv);
    // `components` is no JSON-Schema keyword; declared so strict mode accepts it at the root.
    ajv.addVocabulary(['components']);
    ajv.addSchema({ $id: DOCUMENT_ID, components: document.components });
    for (const channel of Object.values(document.channels)) {
      const topic = channel.address as Topic;
      // Dead-letter channels carry other messages unchanged: nothing of their own to validate.
      if (topic.endsWith('.dlq')) continue;
      const family = FAMILY_OF[topic];
      if (!family) throw new Error(`asyncapi.yaml: unknown channel ${channel.address}`);
      const messages = new Map<string, CompiledMessage>();
      for (const { $ref } of Object.values(channel.messages)) {
        const { name } = resolvePointer(document, $ref) as { name: string };
        // The message name is its ce_type, so the document states the wire type exactly.
        const parsed = parseCeType(name);
        if (parsed.family !== family) throw new Error(`asyncapi.yaml: ${name} on ${topic}`);
        messages.set(messageKey(parsed.type, parsed.schemaVersion), {
          type: parsed.type,
          schemaVersion: parsed.schemaVersion,
          payload: ajv.compile({ $ref: `${DOCUMENT_ID}${$ref}/payload` }),
          headers: ajv.compile({ $ref: `${DOCUMENT_ID}${$ref}/headers` }),
        });
      }
      this.channels.set(topic, messages);
    }
  }

  /** The (type, schema version) pairs the document describes on a channel. */
  messageTypes(channel: ChannelRef): MessageType[] {
    return [...this.messagesOf(channel).values()].map(({ type, schemaVersion }) => ({
      type,
      schemaVersion,
    }));
  }

  validate(
    channel: ChannelRef,
    type: string,
    schemaVersion: number,
    payload: unknown,
  ): ValidationResult {
    const message = this.messagesOf(channel).get(messageKey(type, schemaVersion));
    if (!message) return unknownMessage(channel, type, schemaVersion);
    return check(message.payload, payload);
  }

  /** Kafka headers (strings, or Buffers as kafkajs delivers them), ce_type included. */
  validateHeaders(
    channel: ChannelRef,
    type: string,
    schemaVersion: number,
    headers: Readonly<Record<string, string | Buffer | undefined>>,
  ): ValidationResult {
    const message = this.messagesOf(channel).get(messageKey(type, schemaVersion));
    if (!message) return unknownMessage(channel, type, schemaVersion);
    const text: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (value !== undefined) text[name] = Buffer.isBuffer(value) ? value.toString('utf8') : value;
    }
    const result = check(message.headers, text);
    // One headers schema serves the whole channel; the exact type is the message name.
    const expected = ceType(type, schemaVersion);
    if (text.ce_type === undefined || text.ce_type === expected) return result;
    const mismatch = `/ce_type must be ${expected}; got ${text.ce_type}`;
    return { valid: false, errors: [...(result.valid ? [] : result.errors), mismatch] };
  }

  private messagesOf(channel: ChannelRef): Map<string, CompiledMessage> {
    const topic =
      channel === 'project' ? LIFECYCLE_TOPIC : channel === 'supervision' ? ALERTS_TOPIC : channel;
    return this.channels.get(topic) ?? new Map<string, CompiledMessage>();
  }
}

function messageKey(type: string, schemaVersion: number): string {
  return `${type}.v${schemaVersion}`;
}

function unknownMessage(channel: string, type: string, schemaVersion: number): ValidationResult {
  return {
    valid: false,
    errors: [`asyncapi.yaml describes no ${type} v${schemaVersion} on ${channel}`],
  };
}

function check(validate: ValidateFunction, value: unknown): ValidationResult {
  if (validate(value)) return { valid: true };
  const errors = (validate.errors ?? []).map(describe);
  return { valid: false, errors: [...new Set(errors)] };
}

/** "/estimatedInvestment/yuan must be integer", "(root) must NOT have additional ... 'x'". */
function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? '(root)' : error.instancePath;
  const params = error.params as Record<string, unknown>;
  let detail = '';
  if (error.keyword === 'additionalProperties') detail = `: '${String(params.additionalProperty)}'`;
  if (error.keyword === 'enum') detail = `: ${(params.allowedValues as unknown[]).join(', ')}`;
  return `${where} ${error.message ?? error.keyword}${detail}`;
}

/** Follows a local "#/a/b" reference in the document. */
function resolvePointer(document: AsyncApiDocument, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new Error(`asyncapi.yaml: only local references; got ${ref}`);
  let node: unknown = document;
  for (const part of ref.slice(2).split('/')) {
    const key = part.replaceAll('~1', '/').replaceAll('~0', '~');
    node = (node as Record<string, unknown> | undefined)?.[key];
  }
  if (node === undefined) throw new Error(`asyncapi.yaml: ${ref} does not resolve`);
  return node;
}
