import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';

const RELATIVE_PATH = join('libs', 'contracts', 'asyncapi.yaml');

/** The parts of an AsyncAPI 3.0 document this library reads; the rest is kept as is. */
export interface AsyncApiDocument {
  asyncapi: string;
  info: { title: string; version: string; description?: string };
  channels: Record<string, { address: string; messages: Record<string, { $ref: string }> }>;
  components: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

/**
 * The absolute path of asyncapi.yaml. The YAML is not compiled, so from both the sources
 * (libs/contracts/src) and the build (dist/libs/contracts/src) walk up to the directory that
 * holds libs/contracts/asyncapi.yaml (the repository root, or /app in the image).
 */
export function asyncApiPath(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    const candidate = join(dir, RELATIVE_PATH);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`${RELATIVE_PATH} not found above ${from}`);
    dir = parent;
  }
}

export function loadAsyncApiDocument(): AsyncApiDocument {
  return parse(readFileSync(asyncApiPath(), 'utf8')) as AsyncApiDocument;
}

/**
 * A copy of the document for the Mokapi mock broker (0.52). Mokapi tries a channel's messages
 * one after another on the same record reader without rewinding it, so a record passes only if
 * the first message tried happens to be the right one. Here each channel has one message whose
 * payload is anyOf the channel's payloads: the same rules, checked in one try. `host` replaces
 * the production server's address (e.g. localhost:29092).
 */
export function toMokapiDocument(
  document: AsyncApiDocument = loadAsyncApiDocument(),
  options: { host?: string } = {},
): AsyncApiDocument {
  const copy = structuredClone(document);
  const messages = copy.components.messages as Record<string, MessageObject>;
  for (const [id, channel] of Object.entries(copy.channels)) {
    const members = Object.values(channel.messages).map(({ $ref }) => {
      const message = messages[$ref.replace('#/components/messages/', '')];
      if (!message) throw new Error(`asyncapi.yaml: ${$ref} does not resolve`);
      return message;
    });
    const first = members[0];
    if (!first) continue;
    // One headers schema per channel is what makes a single message possible.
    if (members.some((m) => JSON.stringify(m.headers) !== JSON.stringify(first.headers))) {
      throw new Error(`asyncapi.yaml: the messages of ${channel.address} differ in headers`);
    }
    const single = `${id}AnyMessage`;
    messages[single] = {
      name: single,
      contentType: first.contentType,
      headers: first.headers,
      bindings: first.bindings,
      payload: { anyOf: members.map((m) => m.payload) },
    };
    channel.messages = { [single]: { $ref: `#/components/messages/${single}` } };
  }
  const production = (copy.servers as Record<string, { host: string }> | undefined)?.production;
  if (options.host && production) production.host = options.host;
  return copy;
}

interface MessageObject {
  name: string;
  contentType?: string;
  headers?: unknown;
  payload?: unknown;
  bindings?: unknown;
}
