import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  Kafka,
  logLevel,
  Partitioners,
  type ConsumerConfig,
  type KafkaConfig,
  type ProducerConfig,
} from 'kafkajs';
import { parse, stringify } from 'yaml';

/**
 * A Kafka test broker: Mokapi (go-mokapi 0.52.0) started by the test itself. Mokapi speaks the
 * Kafka protocol and refuses produced records that do not match the AsyncAPI document.
 * test/kafka/mokapi.int-spec.ts establishes what it does and does not support.
 */
export interface MokapiOptions {
  /**
   * The AsyncAPI document (3.0, or 2.x). Only local `$ref`s (`#/...`) are supported.
   * Default: the contract, libs/contracts/asyncapi.yaml.
   */
  asyncApiPath?: string;
  /** Wait until these topics exist. Default: every channel address of the document. */
  topics?: string[];
  /**
   * Topics the document does not declare (a dead-letter topic, say), created through the Kafka
   * CreateTopics API once Mokapi is up. They have no schema: Mokapi takes any record there.
   */
  createTopics?: Array<string | { topic: string; numPartitions: number }>;
  /**
   * How long Mokapi waits for more members before it completes a rebalance (server binding
   * `group.initial.rebalance.delay.ms`, Mokapi's default 3000). Every group (re)join costs this.
   * It must exceed a member's heartbeat period (see mokapiConsumerConfig), or a running member
   * misses the rebalance and keeps all its partitions. Default 1000.
   */
  groupInitialRebalanceDelayMs?: number;
  /**
   * Load the document as it is (only servers, title and the rebalance delay rewritten), without
   * the workarounds for Mokapi bugs (see patchForMokapi). For tests that pin down those bugs.
   */
  asIs?: boolean;
  /** Give up starting after this long. Default 30000. */
  startTimeoutMs?: number;
  /**
   * The Kafka port (default: a free one). Restarting a broker on the port it had lets its
   * clients reconnect; Mokapi keeps records in memory only, so it starts empty again.
   */
  kafkaPort?: number;
}

export const CONTRACT_ASYNCAPI_PATH = join(__dirname, '../../libs/contracts/asyncapi.yaml');

export interface MokapiBroker {
  /** Bootstrap brokers for kafkajs, e.g. ['127.0.0.1:41234']. */
  brokers: string[];
  /** Mokapi's HTTP API, e.g. http://127.0.0.1:41235/api (GET /services/kafka/<cluster>). */
  apiUrl: string;
  /** The cluster name: the document's title with a unique suffix. */
  cluster: string;
  /** Milliseconds from spawn until the broker answered with every topic. */
  startupMs: number;
  /** Everything Mokapi printed so far. */
  log(): string;
  /** Mokapi's `level=error` messages so far (validation failures, unknown topics, panics). */
  errors(): string[];
  /**
   * A group's committed offsets on a topic, by partition (partitions without a commit left
   * out), read from Mokapi's HTTP API: kafkajs `admin.fetchOffsets` does not work on Mokapi.
   */
  committedOffsets(groupId: string, topic: string): Promise<Map<number, number>>;
  /** Kills Mokapi, waits for it to exit and removes the temporary document. */
  stop(): Promise<void>;
}

// ---- kafkajs settings that suit Mokapi; reuse them in every Kafka test.

/**
 * Client settings. Quiet (errors reach the caller as thrown errors anyway), short retries:
 * Mokapi answers at once, and a refused record (INVALID_RECORD) is not retried at all.
 */
export function mokapiKafkaConfig(brokers: string[], clientId = 'luodi-test'): KafkaConfig {
  return {
    clientId,
    brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 3000,
    requestTimeout: 10000,
    retry: { initialRetryTime: 100, maxRetryTime: 1000, retries: 3 },
  };
}

export function mokapiKafka(brokers: string[], clientId?: string): Kafka {
  return new Kafka(mokapiKafkaConfig(brokers, clientId));
}

/** Mokapi never creates topics on demand; the explicit partitioner silences kafkajs' notice. */
export const mokapiProducerConfig: ProducerConfig = {
  allowAutoTopicCreation: false,
  createPartitioner: Partitioners.DefaultPartitioner,
};

/**
 * Consumer settings. maxWaitTimeInMs must stay above 200: Mokapi holds an empty fetch for
 * (maxWaitTimeInMs - 200) ms, so at 200 or less an idle consumer spins ~1000 fetches a second.
 * kafkajs heartbeats between fetches, so 300 gives a heartbeat every ~120 ms, well inside the
 * rebalance delay. sessionTimeout stays at Mokapi's minimum, 6000: Mokapi has no LeaveGroup, so
 * a stopped member's partitions move only once it has missed heartbeats for that long.
 */
export function mokapiConsumerConfig(groupId: string): ConsumerConfig {
  return {
    groupId,
    allowAutoTopicCreation: false,
    sessionTimeout: 6000,
    rebalanceTimeout: 10000,
    heartbeatInterval: 100,
    maxWaitTimeInMs: 300,
    retry: { initialRetryTime: 100, maxRetryTime: 1000, retries: 5 },
  };
}

// ---- Starting and stopping Mokapi.

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

export type Mokapi = MokapiBroker;

export async function startMokapi(options: MokapiOptions = {}): Promise<MokapiBroker> {
  const path = options.asyncApiPath ?? CONTRACT_ASYNCAPI_PATH;
  const source = parse(await readFile(path, 'utf8')) as Doc;
  assertLocalRefsOnly(source, path);
  const topics = options.topics ?? channelAddresses(source);
  let lastError: unknown;
  // Ports are picked free, then handed to Mokapi: another process may take one in between.
  // Mokapi then logs "address already in use" and keeps running, so check and try again.
  for (let attempt = 1; attempt <= 3; attempt++) {
    try {
      return await startOnce(source, topics, options);
    } catch (error) {
      lastError = error;
      if (!(error instanceof PortTakenError)) throw error;
    }
  }
  throw lastError;
}

class PortTakenError extends Error {}

async function startOnce(
  source: Doc,
  topics: string[],
  options: MokapiOptions,
): Promise<MokapiBroker> {
  const started = Date.now();
  const doc = structuredClone(source);
  const title = typeof doc.info?.title === 'string' ? doc.info.title : 'mokapi';
  const cluster = `${title} [${process.pid}-${started}-${Math.random().toString(36).slice(2, 8)}]`;
  doc.info = { ...doc.info, title: cluster };
  const brokers = await rewriteServers(
    doc,
    options.groupInitialRebalanceDelayMs ?? 1000,
    options.kafkaPort,
  );
  if (!options.asIs) patchForMokapi(doc);
  const apiPort = await freePort();

  const dir = await mkdtemp(join(tmpdir(), 'luodi-mokapi-'));
  // Its own directory: Mokapi also loads the other files (scripts, documents) next to it.
  const docPath = join(dir, 'asyncapi.yaml');
  await writeFile(docPath, stringify(doc, { aliasDuplicateObjects: false }));

  const child = spawn(
    mokapiBinary(),
    [
      `--api-port=${apiPort}`,
      '--api-dashboard=false',
      // The dashboard's search index lives in one shared directory (/tmp/mokapi-bleve-index):
      // parallel Mokapis corrupt it and die of a panic.
      '--api-search-enabled=false',
      // Both listen on 8080 by default, which parallel Mokapis would fight over.
      '--health-enabled=false',
      '--mcp-server-enabled=false',
      '--log-level=info',
      docPath,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  track(child);
  let output = '';
  const append = (chunk: Buffer): void => {
    output += chunk.toString('utf8');
    if (output.length > 4_000_000) output = output.slice(-2_000_000);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  let stopped = false;
  let ready = false;
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  void exited.then(() => {
    // Mokapi dying under a running test shows up as ECONNREFUSED; say why.
    if (ready && !stopped) {
      console.error(`Mokapi (${cluster}) exited unexpectedly:\n${tail(output, 60)}`);
    }
  });

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    }
    running.delete(child);
    await rm(dir, { recursive: true, force: true });
  };

  try {
    await waitUntilReady({
      brokers,
      cluster,
      topics,
      deadline: started + (options.startTimeoutMs ?? 30000),
      output: () => output,
      hasExited: () => child.exitCode !== null || child.signalCode !== null,
    });
    if (options.createTopics?.length) await createTopics(brokers, options.createTopics);
    ready = true;
  } catch (error) {
    await stop();
    throw error;
  }

  return {
    brokers,
    apiUrl: `http://127.0.0.1:${apiPort}/api`,
    cluster,
    startupMs: Date.now() - started,
    log: () => output,
    errors: () => errorLines(output),
    committedOffsets: (groupId, topic) =>
      committedOffsets(`http://127.0.0.1:${apiPort}/api`, cluster, groupId, topic),
    stop,
  };
}

async function waitUntilReady(args: {
  brokers: string[];
  cluster: string;
  topics: string[];
  deadline: number;
  output: () => string;
  hasExited: () => boolean;
}): Promise<void> {
  const admin = new Kafka({
    clientId: 'mokapi-readiness',
    brokers: args.brokers,
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1000,
    retry: { retries: 0 },
  }).admin();
  let last = 'no answer yet';
  try {
    for (;;) {
      if (/address already in use/.test(args.output())) {
        throw new PortTakenError(`Mokapi could not bind a port:\n${tail(args.output())}`);
      }
      if (args.hasExited()) {
        throw new Error(`Mokapi exited while starting:\n${tail(args.output())}`);
      }
      if (Date.now() > args.deadline) {
        throw new Error(`Mokapi did not get ready (${last}):\n${tail(args.output())}`);
      }
      try {
        await admin.connect();
        // The cluster id is the document title, made unique: proves the port is this Mokapi's.
        const { clusterId } = await admin.describeCluster();
        if (clusterId !== args.cluster) throw new PortTakenError(`port held by "${clusterId}"`);
        const existing = new Set(await admin.listTopics());
        const missing = args.topics.filter((topic) => !existing.has(topic));
        if (missing.length === 0) return;
        last = `missing topics ${missing.join(', ')}`;
      } catch (error) {
        if (error instanceof PortTakenError) throw error;
        last = error instanceof Error ? error.message : String(error);
        await admin.disconnect().catch(() => undefined);
      }
      await sleep(100);
    }
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}

async function createTopics(
  brokers: string[],
  topics: NonNullable<MokapiOptions['createTopics']>,
): Promise<void> {
  const admin = mokapiKafka(brokers, 'mokapi-setup').admin();
  await admin.connect();
  try {
    // numPartitions is needed: kafkajs sends -1 by default, and Mokapi then makes a topic with
    // no partitions at all, which nobody can produce to.
    await admin.createTopics({
      topics: topics.map((t) => (typeof t === 'string' ? { topic: t, numPartitions: 1 } : t)),
    });
  } finally {
    await admin.disconnect();
  }
}

function mokapiBinary(): string {
  if (process.env.MOKAPI_BIN) return process.env.MOKAPI_BIN;
  // The platform package's binary itself: go-mokapi's bin/mokapi.js wrapper does not pass a
  // kill on to Mokapi, which would outlive the tests.
  const platform = process.platform === 'win32' ? 'win32' : process.platform;
  const arch = process.arch === 'arm64' ? 'arm64' : 'x64';
  const exe = process.platform === 'win32' ? 'mokapi.exe' : 'mokapi';
  return require.resolve(`@go-mokapi/${platform}-${arch}/bin/${exe}`);
}

function track(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // A test that forgets stop() must not leave Mokapi running after the jest worker is gone.
  process.once('exit', () => {
    for (const child of running) child.kill('SIGKILL');
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    // No host: the same dual-stack wildcard Mokapi binds (":port").
    server.listen(0, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

// ---- The temporary copy of the document.

type Node = Record<string, unknown>;
interface Doc extends Node {
  asyncapi?: string;
  info?: Node;
  servers?: Record<string, Node>;
  channels?: Record<string, Node>;
  operations?: Record<string, Node>;
  components?: Node;
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Every server gets 127.0.0.1 and a free port (the first Kafka server `kafkaPort` when given):
 * Mokapi listens on the port the document names, so two Mokapis on one document would collide.
 * Kafka servers get the rebalance delay.
 */
async function rewriteServers(
  doc: Doc,
  rebalanceDelayMs: number,
  kafkaPort?: number,
): Promise<string[]> {
  const brokers: string[] = [];
  for (const server of Object.values(doc.servers ?? {})) {
    if (!isNode(server)) continue;
    const isKafka = server.protocol === 'kafka' || server.protocol === 'kafka-secure';
    const port = isKafka && brokers.length === 0 && kafkaPort ? kafkaPort : await freePort();
    const address = `127.0.0.1:${port}`;
    // AsyncAPI 2.x names the address `url`, 3.0 `host`.
    server['url' in server ? 'url' : 'host'] = address;
    if (server.protocol !== 'kafka' && server.protocol !== 'kafka-secure') continue;
    server.protocol = 'kafka';
    brokers.push(address);
    const bindings = isNode(server.bindings) ? server.bindings : {};
    const kafka = isNode(bindings.kafka) ? bindings.kafka : {};
    kafka['group.initial.rebalance.delay.ms'] = rebalanceDelayMs;
    server.bindings = { ...bindings, kafka };
  }
  if (brokers.length === 0) throw new Error('The AsyncAPI document declares no kafka server');
  return brokers;
}

/**
 * Workarounds for Mokapi 0.52.0 bugs, so that it validates what the document says:
 * 1. A channel with several messages: Mokapi tries them in an order it picks at random on
 *    start, and the first attempt consumes the record, so every later one sees an empty value
 *    ("unexpected end of JSON input"). A valid record is refused unless it matches the first.
 *    Each such channel gets one message instead: payload `anyOf` the payloads, headers and
 *    bindings kept when all messages share them (dropped otherwise).
 * 2. `additionalProperties: false` is not enforced in payloads (mokapi issue #192), and it
 *    even stops `unevaluatedProperties: false` next to it from working. Alone,
 *    `unevaluatedProperties: false` is enforced: it replaces `additionalProperties: false`
 *    (the same meaning unless allOf/anyOf/oneOf sit beside it, where it is a little looser).
 * 3. Headers: Mokapi checks the declared ones, and takes others only when the schema is
 *    free-form: `additionalProperties: {type: string}` refuses every undeclared header. Such a
 *    schema becomes `additionalProperties: true`. (`false` is enforced and left alone.)
 * 4. A `receive` operation without kafka bindings crashes Mokapi's OffsetFetch (nil pointer),
 *    so no consumer group can start: given empty kafka bindings.
 */
function patchForMokapi(doc: Doc): void {
  mergeChannelMessages(doc);
  const headerSchemas = new Set<Node>();
  for (const message of allMessages(doc)) {
    if (message.headers === undefined) continue;
    const schema = resolve(doc, message.headers);
    headerSchemas.add(schema);
    if (isNode(schema.additionalProperties)) schema.additionalProperties = true;
  }
  useUnevaluatedProperties(doc, headerSchemas);
  for (const operation of Object.values(doc.operations ?? {})) {
    if (!isNode(operation) || operation.action !== 'receive') continue;
    const bindings = isNode(operation.bindings) ? operation.bindings : {};
    if (!isNode(bindings.kafka)) {
      operation.bindings = { ...bindings, kafka: { bindingVersion: '0.5.0' } };
    }
  }
}

function allMessages(doc: Doc): Node[] {
  const messages = Object.values(doc.channels ?? {}).flatMap((channel) =>
    isNode(channel) && isNode(channel.messages) ? Object.values(channel.messages) : [],
  );
  const components = isNode(doc.components?.messages) ? Object.values(doc.components.messages) : [];
  return [...messages, ...components].map((message) => resolve(doc, message));
}

function mergeChannelMessages(doc: Doc): void {
  for (const [channelId, channel] of Object.entries(doc.channels ?? {})) {
    if (!isNode(channel) || !isNode(channel.messages)) continue;
    const ids = Object.keys(channel.messages);
    if (ids.length < 2) continue;
    const messages = ids.map((id) => resolve(doc, (channel.messages as Node)[id]));
    const same = (key: string): unknown => {
      const first = JSON.stringify(messages[0]?.[key]);
      return messages.every((message) => JSON.stringify(message[key]) === first)
        ? messages[0]?.[key]
        : undefined;
    };
    const payloads = messages.map((message) => message.payload);
    const merged: Node = {
      name: `${channelId} (merged for Mokapi)`,
      contentType: messages[0]?.contentType ?? doc.defaultContentType,
    };
    if (payloads.every((payload) => payload !== undefined)) {
      merged.payload = { anyOf: payloads.map((payload) => unwrapSchema(payload)) };
    }
    for (const key of ['headers', 'bindings']) {
      const value = same(key);
      if (value !== undefined) merged[key] = value;
    }
    // One message left (several copies would hide the reason a record was refused behind
    // "unexpected end of JSON input" again); operations that named the others name it.
    channel.messages = { [ids[0]!]: merged };
    const prefix = `#/channels/${channelId}/messages/`;
    const kept = { $ref: `${prefix}${ids[0]}` };
    for (const operation of Object.values(doc.operations ?? {})) {
      if (!isNode(operation) || !Array.isArray(operation.messages)) continue;
      const refs = operation.messages.map((m: unknown) =>
        isNode(m) && typeof m.$ref === 'string' && m.$ref.startsWith(prefix) ? kept : m,
      );
      operation.messages = refs.filter((m, i) => m !== kept || refs.indexOf(kept) === i);
    }
  }
}

/** AsyncAPI 3 allows `{schemaFormat, schema}` in place of a schema. */
function unwrapSchema(payload: unknown): unknown {
  return isNode(payload) && 'schemaFormat' in payload && 'schema' in payload
    ? payload.schema
    : payload;
}

function useUnevaluatedProperties(node: unknown, skip: Set<Node>): void {
  if (Array.isArray(node)) {
    for (const item of node) useUnevaluatedProperties(item, skip);
    return;
  }
  if (!isNode(node) || skip.has(node)) return;
  if (node.additionalProperties === false) {
    delete node.additionalProperties;
    node.unevaluatedProperties = false;
  }
  for (const value of Object.values(node)) useUnevaluatedProperties(value, skip);
}

/** Follows local `$ref`s (`#/a/b`) to the node they name. */
function resolve(doc: Doc, node: unknown): Node {
  let current = node;
  for (let hops = 0; isNode(current) && typeof current.$ref === 'string'; hops++) {
    if (hops > 20) throw new Error(`$ref loop at ${current.$ref}`);
    const ref = current.$ref;
    current = ref
      .slice(2)
      .split('/')
      .map((part) => decodeURIComponent(part).replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((at, part) => (isNode(at) ? at[part] : undefined), doc);
    if (current === undefined) throw new Error(`Unresolvable $ref ${ref}`);
  }
  if (!isNode(current)) throw new Error('Expected an object');
  return current;
}

function assertLocalRefsOnly(node: unknown, path: string): void {
  if (Array.isArray(node)) {
    for (const item of node) assertLocalRefsOnly(item, path);
    return;
  }
  if (!isNode(node)) return;
  if (typeof node.$ref === 'string' && !node.$ref.startsWith('#/')) {
    // The document is copied to a temporary directory, where relative refs would not resolve.
    throw new Error(`${path}: only local $refs are supported, found ${node.$ref}`);
  }
  for (const value of Object.values(node)) assertLocalRefsOnly(value, path);
}

function channelAddresses(doc: Doc): string[] {
  const v2 = typeof doc.asyncapi === 'string' && doc.asyncapi.startsWith('2.');
  return Object.entries(doc.channels ?? {})
    .map(([key, channel]) => (v2 ? key : isNode(channel) ? channel.address : undefined))
    .filter((address): address is string => typeof address === 'string' && !address.includes('{'));
}

interface ServiceInfo {
  groups?: Array<{
    name: string;
    metrics?: {
      topics?: Record<string, Array<{ partition: number; kafka_consumer_group_commit: number }>>;
    };
  }>;
}

async function committedOffsets(
  apiUrl: string,
  cluster: string,
  groupId: string,
  topic: string,
): Promise<Map<number, number>> {
  const response = await fetch(`${apiUrl}/services/kafka/${encodeURIComponent(cluster)}`);
  if (!response.ok) throw new Error(`Mokapi API: HTTP ${response.status}`);
  const info = (await response.json()) as ServiceInfo;
  const group = info.groups?.find((g) => g.name === groupId);
  const commits = group?.metrics?.topics?.[topic] ?? [];
  return new Map(commits.map((c) => [c.partition, c.kafka_consumer_group_commit]));
}

// ---- Log helpers.

function errorLines(output: string): string[] {
  return output
    .split('\n')
    .filter((line) => line.includes('level=error'))
    .map(
      (line) =>
        /msg="((?:[^"\\]|\\.)*)"/.exec(line)?.[1]?.replace(/\\n/g, '\n').replace(/\\t/g, '\t') ??
        line,
    );
}

function tail(output: string, lines = 30): string {
  return output.split('\n').slice(-lines).join('\n');
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
