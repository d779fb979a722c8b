import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import {
  Kafka,
  type Consumer,
  type EachMessagePayload,
  type KafkaMessage,
  type Producer,
} from 'kafkajs';
import {
  CONTRACT_ASYNCAPI_PATH,
  mokapiConsumerConfig,
  mokapiKafka,
  mokapiKafkaConfig,
  mokapiProducerConfig,
  startMokapi,
  type MokapiBroker,
} from '../support/mokapi';

// What Mokapi (go-mokapi 0.52.0) does as a Kafka broker, pinned down with real kafkajs clients.
// Every test here is a fact the Kafka relay and consumers rely on; if Mokapi changes, one fails.

jest.setTimeout(120_000);

const FIXTURE = join(__dirname, '../support/fixtures/kafka-test.asyncapi.yaml');
const TOPIC = 'test.events.v1';
const DLQ = 'test.events.v1.dlq';
const MULTI = 'test.multi.v1';

const headers = (over: Record<string, string> = {}) => ({
  ce_id: randomUUID(),
  ce_type: 'test.Event.v1',
  ...over,
});
const event = (name: string, n?: number) =>
  JSON.stringify(n === undefined ? { name } : { name, n });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(50);
  }
}

/** Mokapi logs after it answers: wait for the line. */
async function logged(mokapi: MokapiBroker, text: string) {
  await eventually(() => mokapi.errors().some((e) => e.includes(text)), 5000).catch(() => {
    throw new Error(`Mokapi did not log "${text}"; it logged:\n${mokapi.errors().join('\n')}`);
  });
}

interface Received {
  partition: number;
  message: KafkaMessage;
}

/** A running group member that records what it receives and which partitions it holds. */
async function member(kafka: Kafka, groupId: string) {
  const received: Received[] = [];
  let assigned: number[] | undefined;
  const consumer = kafka.consumer(mokapiConsumerConfig(groupId));
  consumer.on(consumer.events.GROUP_JOIN, (e) => {
    assigned = [...(e.payload.memberAssignment[TOPIC] ?? [])].sort();
  });
  await consumer.connect();
  await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
  await consumer.run({
    eachMessage: ({ partition, message }: EachMessagePayload) => {
      received.push({ partition, message });
      return Promise.resolve();
    },
  });
  return {
    consumer,
    received,
    assigned: () => assigned,
    values: () => received.map((r) => JSON.parse(r.message.value!.toString()) as { n?: number }),
  };
}

async function refusal(send: Promise<unknown>): Promise<Record<string, unknown>> {
  const error = await send.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!error) throw new Error('expected the send to be refused');
  return error as Record<string, unknown>;
}

function portRefuses(address: string): Promise<boolean> {
  const [host, port] = address.split(':');
  return new Promise((resolve) => {
    const socket = connect(Number(port), host);
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });
}

describe('startMokapi', () => {
  it('starts several Mokapis in parallel, each on its own free ports, and stops them', async () => {
    const [a, b] = await Promise.all([
      startMokapi({ asyncApiPath: FIXTURE }),
      startMokapi({ asyncApiPath: FIXTURE }),
    ]);
    try {
      expect(a.brokers).toHaveLength(1);
      expect(a.brokers[0]).not.toEqual(b.brokers[0]);
      expect(a.cluster).not.toEqual(b.cluster);
      // Start-up (spawn until every topic answers) takes ~1 s on an idle machine.
      expect(a.startupMs).toBeLessThan(15_000);
      const admin = mokapiKafka(a.brokers).admin();
      await admin.connect();
      expect((await admin.describeCluster()).clusterId).toBe(a.cluster);
      expect((await admin.listTopics()).sort()).toEqual([MULTI, TOPIC, DLQ].sort());
      await admin.disconnect();
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
    expect(await portRefuses(a.brokers[0]!)).toBe(true);
    expect(await portRefuses(b.brokers[0]!)).toBe(true);
  });
});

describe('Mokapi as a Kafka broker (fixture, with the harness workarounds)', () => {
  let mokapi: MokapiBroker;
  let kafka: Kafka;
  let producer: Producer;
  const consumers: Consumer[] = [];
  const track = <T extends { consumer: Consumer }>(m: T): T => {
    consumers.push(m.consumer);
    return m;
  };

  beforeAll(async () => {
    mokapi = await startMokapi({
      asyncApiPath: FIXTURE,
      createTopics: [{ topic: 'test.created.v1', numPartitions: 2 }],
    });
    kafka = mokapiKafka(mokapi.brokers);
    producer = kafka.producer(mokapiProducerConfig);
    await producer.connect();
  });
  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((c) => c.disconnect()));
  });
  afterAll(async () => {
    await producer?.disconnect();
    await mokapi?.stop();
  });

  it('serves the declared topics with the partitions the channel binding asks for', async () => {
    const admin = kafka.admin();
    await admin.connect();
    const { topics } = await admin.fetchTopicMetadata({ topics: [TOPIC, DLQ] });
    await admin.disconnect();
    expect(topics.find((t) => t.name === TOPIC)!.partitions).toHaveLength(3);
    // No `partitions` binding: one partition.
    expect(topics.find((t) => t.name === DLQ)!.partitions).toHaveLength(1);
  });

  it('takes acks=-1 produces and round-trips keys, headers and timestamps to a group', async () => {
    const key = Buffer.from([0xff, 0x00, 0x01]);
    const result = await producer.send({
      topic: TOPIC,
      acks: -1,
      messages: [
        {
          key,
          value: event('round-trip', 1),
          timestamp: '1700000000000',
          headers: {
            z_first: 'z',
            ...headers({ ce_id: 'id-1' }),
            repeated: ['1', '2'],
            binary: Buffer.from([0xfe, 0xff]),
          },
        },
      ],
    });
    expect(result).toHaveLength(1);
    expect(result[0]!.errorCode).toBe(0);

    const reader = track(await member(kafka, `g-${randomUUID()}`));
    await eventually(() => reader.received.some((r) => r.message.key?.equals(key) === true));
    const { message } = reader.received.find((r) => r.message.key?.equals(key) === true)!;
    expect(message.timestamp).toBe('1700000000000');
    expect(JSON.parse(message.value!.toString())).toEqual({ name: 'round-trip', n: 1 });
    // Headers come back as sent: order, repeated keys and binary values included.
    expect(Object.keys(message.headers!)).toEqual([
      'z_first',
      'ce_id',
      'ce_type',
      'repeated',
      'binary',
    ]);
    expect(message.headers!.ce_id!.toString()).toBe('id-1');
    expect((message.headers!.repeated as Buffer[]).map(String)).toEqual(['1', '2']);
    expect(message.headers!.binary).toEqual(Buffer.from([0xfe, 0xff]));
  });

  it('keeps per-key order across several partitions', async () => {
    const run = randomUUID();
    const keys = ['k0', 'k1', 'k2', 'k3', 'k4', 'k5'].map((k) => `${run}-${k}`);
    const messages = Array.from({ length: 60 }, (_, n) => ({
      key: keys[n % keys.length],
      value: event(run, n),
      headers: headers(),
    }));
    await producer.send({ topic: TOPIC, acks: -1, messages });

    const reader = track(await member(kafka, `g-${randomUUID()}`));
    const mine = () => reader.received.filter((r) => r.message.key!.toString().startsWith(run));
    await eventually(() => mine().length === 60);
    const partitionOf = new Map<string, number>();
    for (const { partition, message } of mine()) {
      const k = message.key!.toString();
      expect(partitionOf.get(k) ?? partition).toBe(partition); // one key, one partition
      partitionOf.set(k, partition);
    }
    expect(new Set(partitionOf.values()).size).toBeGreaterThan(1);
    for (const k of keys) {
      const ns = mine()
        .filter((r) => r.message.key!.toString() === k)
        .map((r) => (JSON.parse(r.message.value!.toString()) as { n: number }).n);
      expect(ns).toEqual([...ns].sort((x, y) => x - y));
      expect(ns).toHaveLength(10);
    }
  });

  it('commits a group offset and a restarted consumer resumes after it', async () => {
    const groupId = `g-${randomUUID()}`;
    const run = randomUUID();
    const send = (ns: number[]) =>
      producer.send({
        topic: TOPIC,
        acks: -1,
        messages: ns.map((n) => ({ key: run, value: event(run, n), headers: headers() })),
      });
    const mine = (m: Awaited<ReturnType<typeof member>>) =>
      m.received
        .filter((r) => r.message.key?.toString() === run)
        .map((r) => (JSON.parse(r.message.value!.toString()) as { n: number }).n);

    await send([1, 2, 3]);
    const first = await member(kafka, groupId);
    await eventually(() => mine(first).length === 3);
    const partition = first.received.find((r) => r.message.key?.toString() === run)!.partition;
    const end =
      Number(first.received.filter((r) => r.partition === partition).at(-1)!.message.offset) + 1;
    // kafkajs commits after each batch; Mokapi shows it in its HTTP API.
    await eventually(
      async () => (await mokapi.committedOffsets(groupId, TOPIC)).get(partition) === end,
    );
    // kafkajs admin.fetchOffsets cannot read it: Mokapi answers OffsetFetch only to members.
    const admin = kafka.admin();
    await admin.connect();
    await expect(admin.fetchOffsets({ groupId, topics: [TOPIC] })).rejects.toMatchObject({
      type: 'UNKNOWN_MEMBER_ID',
    });
    await admin.disconnect();
    await first.consumer.disconnect();

    await send([4, 5]);
    const second = track(await member(kafka, groupId));
    await eventually(() => mine(second).length === 2);
    await sleep(1000); // nothing older follows
    expect(mine(second)).toEqual([4, 5]);
  });

  it('shares the partitions between two members of a group', async () => {
    const groupId = `g-${randomUUID()}`;
    const a = track(await member(kafka, groupId));
    const groupLog = () =>
      mokapi
        .log()
        .split('\n')
        .filter((line) => line.includes(groupId))
        .join('\n');
    await eventually(() => a.assigned()?.length === 3).catch(() => {
      throw new Error(`a holds ${String(a.assigned())}\n${groupLog()}`);
    });
    const b = track(await member(kafka, groupId));
    // b's join makes Mokapi rebalance; a hears of it through its heartbeat and rejoins.
    await eventually(() => {
      const [pa, pb] = [a.assigned() ?? [], b.assigned() ?? []];
      return pa.length > 0 && pb.length > 0 && [...pa, ...pb].sort().join() === '0,1,2';
    }).catch(() => {
      throw new Error(`a holds ${String(a.assigned())}, b ${String(b.assigned())}\n${groupLog()}`);
    });

    const run = randomUUID();
    await producer.send({
      topic: TOPIC,
      acks: -1,
      messages: Array.from({ length: 30 }, (_, n) => ({
        key: `${run}-${n}`,
        value: event(run, n),
        headers: headers(),
      })),
    });
    const mine = (m: typeof a) =>
      m.received.filter((r) => r.message.key?.toString().startsWith(run));
    // (fromBeginning: a new member starting at "latest" could miss records sent right after
    // the rebalance, before it asked for its partitions' end offsets.)
    await eventually(() => mine(a).length + mine(b).length >= 30).catch(() => {
      throw new Error(`a got ${mine(a).length}, b got ${mine(b).length}`);
    });
    await sleep(500);
    expect(mine(a).length + mine(b).length).toBe(30); // each message once
    expect(mine(a).every((r) => a.assigned()!.includes(r.partition))).toBe(true);
    expect(mine(b).every((r) => b.assigned()!.includes(r.partition))).toBe(true);

    // No LeaveGroup in Mokapi: a stopped member's partitions move only after its session
    // timeout (6 s) is noticed (Mokapi checks every 6 s), then the rebalance delay.
    const stoppedAt = Date.now();
    await b.consumer.disconnect();
    await sleep(3000);
    expect(a.assigned()!.length).toBeLessThan(3);
    await eventually(() => a.assigned()!.length === 3, 30_000);
    expect(Date.now() - stoppedAt).toBeGreaterThan(5000);
  });

  it('refuses a record that does not match the schema with INVALID_RECORD, not retriable', async () => {
    const error = await refusal(
      producer.send({
        topic: TOPIC,
        acks: -1,
        messages: [{ key: 'k', value: JSON.stringify({ name: 42 }), headers: headers() }],
      }),
    );
    // No retries: kafkajs throws the broker's error as it is.
    expect(error).toMatchObject({
      name: 'KafkaJSProtocolError',
      type: 'INVALID_RECORD',
      code: 87,
      retriable: false,
    });
    // The reason is only in Mokapi's log.
    await logged(mokapi, '#/name/type: invalid type, expected string but got number');
  });

  it.each([
    ['not JSON', 'not json'],
    ['a required property missing', JSON.stringify({ n: 1 })],
    ['a float for an integer', JSON.stringify({ name: 'x', n: 1.5 })],
    ['an extra property (additionalProperties: false)', JSON.stringify({ name: 'x', extra: 1 })],
  ])('refuses a payload with %s', async (_, value) => {
    const error = await refusal(
      producer.send({
        topic: TOPIC,
        acks: -1,
        messages: [{ key: 'k', value, headers: headers() }],
      }),
    );
    expect(error.type).toBe('INVALID_RECORD');
  });

  it('refuses a null value (tombstone) on a topic with a payload schema', async () => {
    const error = await refusal(
      producer.send({
        topic: TOPIC,
        acks: -1,
        messages: [{ key: 'k', value: null, headers: headers() }],
      }),
    );
    expect(error.type).toBe('INVALID_RECORD');
  });

  it('validates headers: a missing required header is refused, extra headers are fine', async () => {
    const missing = await refusal(
      producer.send({
        topic: TOPIC,
        acks: -1,
        messages: [{ key: 'k', value: event('x'), headers: { ce_id: 'only-id' } }],
      }),
    );
    expect(missing.type).toBe('INVALID_RECORD');
    await logged(mokapi, "required property 'ce_type' is missing in header");

    const extra = await producer.send({
      topic: TOPIC,
      acks: -1,
      messages: [{ key: 'k', value: event('x'), headers: headers({ traceparent: '00-abc' }) }],
    });
    expect(extra[0]!.errorCode).toBe(0);
  });

  it('refuses a whole partition batch for one bad record, but writes the other partitions', async () => {
    const admin = kafka.admin();
    await admin.connect();
    const highs = async () =>
      (await admin.fetchTopicOffsets(TOPIC))
        .sort((x, y) => x.partition - y.partition)
        .map((p) => Number(p.high));
    const before = await highs();

    const sameBatch = await refusal(
      producer.send({
        topic: TOPIC,
        acks: -1,
        messages: [
          { partition: 0, value: event('good'), headers: headers() },
          { partition: 0, value: JSON.stringify({ name: 1 }), headers: headers() },
          { partition: 0, value: event('good too'), headers: headers() },
        ],
      }),
    );
    expect(sameBatch.type).toBe('INVALID_RECORD');
    expect(await highs()).toEqual(before); // the valid records of that batch were not written

    const acrossPartitions = await refusal(
      producer.send({
        topic: TOPIC,
        acks: -1,
        messages: [
          { partition: 0, value: event('good'), headers: headers() },
          { partition: 1, value: JSON.stringify({ name: 1 }), headers: headers() },
          { partition: 2, value: event('good'), headers: headers() },
        ],
      }),
    );
    expect(acrossPartitions.type).toBe('INVALID_RECORD');
    // The send failed, yet partitions 0 and 2 took their record: retrying it duplicates them.
    expect(await highs()).toEqual([before[0]! + 1, before[1]!, before[2]! + 1]);
    await admin.disconnect();
  });

  it('does not serve undeclared topics and does not create them on demand', async () => {
    const autoCreating = kafka.producer({ ...mokapiProducerConfig, allowAutoTopicCreation: true });
    await autoCreating.connect();
    const error = await refusal(
      autoCreating.send({ topic: 'test.undeclared.v1', acks: -1, messages: [{ value: 'x' }] }),
    );
    await autoCreating.disconnect();
    // UNKNOWN_TOPIC_OR_PARTITION is retriable: kafkajs retries it, then gives up.
    expect(error.name).toBe('KafkaJSNumberOfRetriesExceeded');
    expect(String(error.message)).toContain('This server does not host this topic-partition');
    const admin = kafka.admin();
    await admin.connect();
    expect(await admin.listTopics()).not.toContain('test.undeclared.v1');
    await admin.disconnect();
  });

  it('takes anything on a declared topic whose message has no payload schema (the DLQ)', async () => {
    const result = await producer.send({
      topic: DLQ,
      acks: -1,
      messages: [
        { key: 'k', value: 'not json at all', headers: { 'x-error': 'boom' } },
        { key: 'k', value: JSON.stringify({ name: 42 }) },
      ],
    });
    expect(result[0]!.errorCode).toBe(0);
  });

  it('creates undeclared topics through CreateTopics (createTopics option), unvalidated', async () => {
    const admin = kafka.admin();
    await admin.connect();
    const { topics } = await admin.fetchTopicMetadata({ topics: ['test.created.v1'] });
    expect(topics[0]!.partitions).toHaveLength(2);
    // Without numPartitions (kafkajs sends -1) Mokapi makes a topic with no partitions.
    await admin.createTopics({ topics: [{ topic: 'test.created.nopartitions' }] });
    const bare = await admin.fetchTopicMetadata({ topics: ['test.created.nopartitions'] });
    expect(bare.topics[0]!.partitions).toHaveLength(0);
    await admin.disconnect();

    const result = await producer.send({
      topic: 'test.created.v1',
      acks: -1,
      messages: [{ value: 'anything' }],
    });
    expect(result[0]!.errorCode).toBe(0);
  });

  it('checks a record against every message of a multi-message channel (harness merges them)', async () => {
    for (const value of [{ a: 'x' }, { b: 'y' }]) {
      const result = await producer.send({
        topic: MULTI,
        acks: -1,
        messages: [{ value: JSON.stringify(value) }],
      });
      expect(result[0]!.errorCode).toBe(0);
    }
    const error = await refusal(
      producer.send({ topic: MULTI, acks: -1, messages: [{ value: JSON.stringify({ c: 1 }) }] }),
    );
    expect(error.type).toBe('INVALID_RECORD');
    await logged(mokapi, '#/anyOf/');
  });

  it('supports the idempotent producer but not transactions', async () => {
    const idempotent = kafka.producer({
      ...mokapiProducerConfig,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await idempotent.connect();
    const result = await idempotent.send({
      topic: TOPIC,
      acks: -1,
      messages: [{ key: 'k', value: event('idempotent'), headers: headers() }],
    });
    expect(result[0]!.errorCode).toBe(0);
    await idempotent.disconnect();

    const transactional = kafka.producer({
      ...mokapiProducerConfig,
      transactionalId: `tx-${randomUUID()}`,
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await transactional.connect();
    // FindCoordinator for a transaction coordinator (key type 1) is not supported.
    await expect(transactional.transaction()).rejects.toMatchObject({
      name: 'KafkaJSGroupCoordinatorNotFound',
    });
    await transactional.disconnect();
  });

  it('lacks the admin APIs DeleteTopics and DescribeGroups (so setOffsets/resetOffsets)', async () => {
    const admin = kafka.admin();
    await admin.connect();
    await expect(admin.deleteTopics({ topics: ['test.created.v1'] })).rejects.toMatchObject({
      name: 'KafkaJSServerDoesNotSupportApiKey',
    });
    await expect(admin.describeGroups(['any'])).rejects.toThrow(
      'The Kafka server does not support the requested API version',
    );
    await expect(
      admin.resetOffsets({ groupId: `g-${randomUUID()}`, topic: TOPIC, earliest: true }),
    ).rejects.toThrow('The Kafka server does not support the requested API version');
    // ListGroups works.
    expect(Array.isArray((await admin.listGroups()).groups)).toBe(true);
    await admin.disconnect();
  });
});

describe('Mokapi 0.52.0 bugs the harness works around (document as is)', () => {
  let mokapi: MokapiBroker;
  let kafka: Kafka;
  let producer: Producer;

  beforeAll(async () => {
    mokapi = await startMokapi({ asyncApiPath: FIXTURE, asIs: true });
    kafka = mokapiKafka(mokapi.brokers);
    producer = kafka.producer(mokapiProducerConfig);
    await producer.connect();
  });
  afterAll(async () => {
    await producer?.disconnect();
    await mokapi?.stop();
  });

  it('does not enforce additionalProperties: false (mokapi issue #192)', async () => {
    const result = await producer.send({
      topic: TOPIC,
      acks: -1,
      messages: [{ value: JSON.stringify({ name: 'x', extra: 1 }), headers: headers() }],
    });
    expect(result[0]!.errorCode).toBe(0);
  });

  it('checks only one message of a multi-message channel, picked at random on start', async () => {
    const accepted: string[] = [];
    for (const value of [{ a: 'x' }, { b: 'y' }]) {
      const ok = await producer
        .send({ topic: MULTI, acks: -1, messages: [{ value: JSON.stringify(value) }] })
        .then(
          () => true,
          () => false,
        );
      if (ok) accepted.push(Object.keys(value)[0]!);
    }
    // Both are valid, yet exactly one is taken; the other fails on an emptied value.
    expect(accepted).toHaveLength(1);
    await logged(mokapi, 'invalid json format: unexpected end of JSON input');
  });

  it('refuses undeclared headers when additionalProperties is a schema, not true', async () => {
    const error = await refusal(
      producer.send({
        topic: DLQ,
        acks: -1,
        messages: [{ value: 'x', headers: { dlq_reason: 'r', 'x-error': 'boom' } }],
      }),
    );
    expect(error.type).toBe('INVALID_RECORD');
    await logged(mokapi, 'additional headers not allowed: [x-error]');
  });

  it('crashes on OffsetFetch when a receive operation has no kafka bindings', async () => {
    // The crashed request never gets an answer: time it out soon, so the consumer can stop.
    const impatient = new Kafka({ ...mokapiKafkaConfig(mokapi.brokers), requestTimeout: 2000 });
    const consumer = impatient.consumer(mokapiConsumerConfig(`g-${randomUUID()}`));
    let joined = false;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      joined = true;
    });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    await consumer.run({ eachMessage: async () => {} });
    await eventually(() => joined);
    await logged(mokapi, 'kafka panic: runtime error: invalid memory address or nil pointer');
    await consumer.stop();
    await consumer.disconnect();
  });
});

const contract = existsSync(CONTRACT_ASYNCAPI_PATH) ? describe : describe.skip;

contract('Mokapi on the contract (libs/contracts/asyncapi.yaml)', () => {
  let mokapi: MokapiBroker;
  let kafka: Kafka;
  let producer: Producer;
  const LIFECYCLE = 'projects.lifecycle.v1';
  const ALERTS = 'supervision.alerts.v1';
  const dlqHeaders = {
    dlq_reason: 'cannot handle it',
    dlq_consumer: 'test',
    dlq_topic: LIFECYCLE,
    dlq_partition: '0',
    dlq_offset: '7',
    dlq_failed_at: '2024-05-01T08:00:00.000Z',
  };
  const park = (value: string, h: Record<string, string>) =>
    producer.send({
      topic: `${LIFECYCLE}.dlq`,
      acks: -1,
      messages: [{ key: projectId, value, headers: h }],
    });
  const projectId = randomUUID();
  const ceHeaders = (type: string, over: Record<string, string> = {}): Record<string, string> => ({
    ce_specversion: '1.0',
    ce_id: randomUUID(),
    ce_type: `cn.gov.luodi.project.${type}`,
    ce_source: '/luodi/projects',
    ce_time: '2024-05-01T08:00:00.123456Z',
    ce_subject: projectId,
    'content-type': 'application/json',
    ce_partitionkey: projectId,
    ce_sequence: '1',
    ce_streamid: `project-${projectId}`,
    ce_streamversion: '1',
    ce_recordedat: '2024-05-01T08:00:00.123456Z',
    ce_txid: '42',
    ...over,
  });
  const lead = {
    projectId,
    name: '新能源电池项目',
    investor: { name: '某某集团', origin: '深圳' },
    industryChain: 'NEV',
    regionCode: '360100',
    source: 'FAIR',
    estimatedInvestment: { yuan: 500000000, currency: 'CNY' },
    occurredOn: '2024-05-01',
  };
  const send = (value: unknown, h = ceHeaders('LeadRegistered.v2'), key: string = projectId) =>
    producer.send({
      topic: LIFECYCLE,
      acks: -1,
      messages: [{ key, value: JSON.stringify(value), headers: h }],
    });

  beforeAll(async () => {
    mokapi = await startMokapi();
    kafka = mokapiKafka(mokapi.brokers);
    producer = kafka.producer(mokapiProducerConfig);
    await producer.connect();
  });
  afterAll(async () => {
    await producer?.disconnect();
    await mokapi?.stop();
  });

  it('loads it: its four topics, one partition each', async () => {
    expect(mokapi.errors()).toEqual([]);
    const admin = kafka.admin();
    await admin.connect();
    const names = [LIFECYCLE, `${LIFECYCLE}.dlq`, ALERTS, `${ALERTS}.dlq`];
    expect((await admin.listTopics()).sort()).toEqual([...names].sort());
    const { topics } = await admin.fetchTopicMetadata({ topics: names });
    expect(topics.map((t) => t.partitions.length)).toEqual([1, 1, 1, 1]);
    await admin.disconnect();
  });

  it('takes a valid event and refuses invalid ones', async () => {
    expect((await send(lead))[0]!.errorCode).toBe(0);
    expect(
      (await send({ occurredOn: '2024-05-02' }, ceHeaders('GroundBroken.v1')))[0]!.errorCode,
    ).toBe(0);

    const invalid: Array<[unknown, Record<string, string>]> = [
      [
        { ...lead, estimatedInvestment: { yuan: 1.5, currency: 'CNY' } },
        ceHeaders('LeadRegistered.v2'),
      ],
      [{ ...lead, extra: 1 }, ceHeaders('LeadRegistered.v2')],
      [{ ...lead, name: ' ' }, ceHeaders('LeadRegistered.v2')],
      [{ occurredOn: '2024-13-45' }, ceHeaders('GroundBroken.v1')],
      [{ occurredOn: '2024-05-02' }, ceHeaders('GroundBroken.v1', { ce_type: 'wrong' })],
      [
        { occurredOn: '2024-05-02' },
        ceHeaders('GroundBroken.v1', { ce_source: '/luodi/supervision' }),
      ],
    ];
    for (const [value, h] of invalid) {
      expect((await refusal(send(value, h))).type).toBe('INVALID_RECORD');
    }
  });

  it('does not tie the payload to ce_type: any message of the channel may match', async () => {
    // A GroundBroken payload under a ContractSigned type passes: the payload matches
    // GroundBrokenV1, and nothing in the document links ce_type to the payload schema.
    const result = await send({ occurredOn: '2024-05-02' }, ceHeaders('ContractSigned.v1'));
    expect(result[0]!.errorCode).toBe(0);
  });

  it('does not check the message key against the key binding (format: uuid)', async () => {
    const result = await send(lead, ceHeaders('LeadRegistered.v2'), 'not-a-uuid');
    expect(result[0]!.errorCode).toBe(0);
  });

  it('parks a message in the DLQ with dlq_* headers next to its own ce_* headers', async () => {
    const result = await park(JSON.stringify(lead), {
      ...ceHeaders('LeadRegistered.v2'),
      ...dlqHeaders,
    });
    expect(result[0]!.errorCode).toBe(0);
    const { dlq_reason: _, ...withoutReason } = dlqHeaders;
    expect((await refusal(park(JSON.stringify(lead), withoutReason))).type).toBe('INVALID_RECORD');
  });

  it('refuses a DLQ record whose body is not JSON (ParkedMessage is application/json)', async () => {
    const error = await refusal(park('not json', dlqHeaders));
    expect(error.type).toBe('INVALID_RECORD');
    await logged(mokapi, `failed to write to topic '${LIFECYCLE}.dlq'`);
  });
});
