import { randomUUID } from 'node:crypto';
import {
  deadLetterTopic,
  fromLifecycleMessage,
  LIFECYCLE_TOPIC,
  toLifecycleMessage,
} from '@luodi/contracts';
import { EventStore } from '@luodi/event-store';
import {
  EventRelay,
  isProjectStream,
  KafkaEventConsumer,
  KafkaPublisher,
  lifecycleEnvelope,
  logEventOf,
  readLog,
  type EventHandler,
  type KafkaEventConsumerOptions,
} from '@luodi/messaging';
import { FactsProjection, Projector } from '@luodi/projections';
import type { Kafka, Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { closeTestDataSource, createTestDataSource } from '../support/test-data-source';
import {
  mokapiConsumerConfig,
  mokapiProducerConfig,
  startMokapi,
  type Mokapi,
} from '../support/mokapi';
import { appendProject, collect, eventually, quietKafka } from './kafka-test-kit';

jest.setTimeout(120_000);

describe('KafkaEventConsumer', () => {
  let ds: DataSource;
  let store: EventStore;
  let broker: Mokapi;
  let kafka: Kafka;
  let producer: Producer;
  const consumers: KafkaEventConsumer[] = [];

  beforeAll(async () => {
    ds = await createTestDataSource();
    store = new EventStore(ds);
    await ds.query(
      `CREATE TABLE handled (handler text, event_id uuid, PRIMARY KEY (handler, event_id))`,
    );
    broker = await startMokapi();
    kafka = quietKafka(broker.brokers);
    producer = kafka.producer({ ...mokapiProducerConfig, maxInFlightRequests: 1 });
    await producer.connect();
  });
  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((c) => c.stop()));
  });
  afterAll(async () => {
    await producer?.disconnect();
    await broker?.stop();
    await closeTestDataSource(ds);
  });

  const consumer = (
    handler: EventHandler,
    maxAttempts = 3,
    options: Partial<KafkaEventConsumerOptions> = {},
  ) => {
    const c = new KafkaEventConsumer({
      kafka,
      dataSource: ds,
      topic: LIFECYCLE_TOPIC,
      deadLetterTopic: deadLetterTopic(LIFECYCLE_TOPIC),
      handler,
      groupId: `${handler.name}-${randomUUID()}`,
      parse: (message) => logEventOf(fromLifecycleMessage(message)),
      producer: () => Promise.resolve(producer),
      maxAttempts,
      retryDelayMs: 10,
      consumerConfig: mokapiConsumerConfig('unused'),
      ...options,
    });
    consumers.push(c);
    return c;
  };
  const recorder = (name: string, failOn?: string): EventHandler => ({
    name,
    handle: async (m, events) => {
      for (const e of events) {
        if (e.eventId === failOn) throw new Error(`cannot handle ${e.type}`);
        await m.query(`INSERT INTO handled VALUES ($1, $2)`, [name, e.eventId]);
      }
    },
  });
  const handled = async (name: string) =>
    (await ds.query(`SELECT count(*)::int AS n FROM handled WHERE handler = $1`, [name]))[0]
      .n as number;
  const publish = async (projectIds: string[]) => {
    const events = (await readLog(ds.manager, null, 10_000)).filter((e) =>
      projectIds.some((id) => e.streamId === `project-${id}`),
    );
    await producer.send({
      topic: LIFECYCLE_TOPIC,
      acks: -1,
      messages: events.map((e) => toLifecycleMessage(lifecycleEnvelope(e))),
    });
    return events;
  };

  it('handles each event once: a redelivered message (same ce_id) is dropped', async () => {
    const id = await appendProject(store, 3);
    const events = await publish([id]);
    await publish([id]); // the same three messages again
    const c = consumer(recorder('once'));
    await c.start();
    await eventually(() => c.counts.processed + c.counts.duplicates >= 6);
    expect(c.counts).toEqual({ processed: 3, duplicates: 3, deadLettered: 0 });
    expect(await handled('once')).toBe(events.length);
  });

  it('handles a batch in few handler calls, each event once and in order; a redelivered batch is dropped', async () => {
    const projects: string[] = [];
    for (let i = 0; i < 6; i++) projects.push(await appendProject(store, 4));
    // On the topic before the consumer starts: its first fetches bring them all.
    const events = await publish(projects);
    const n = events.length;
    const mine = new Set(events.map((e) => e.eventId));
    const calls: string[][] = [];
    const record = recorder('batches');
    const c = consumer(
      {
        name: 'batches',
        handle: async (m, batch) => {
          calls.push(batch.map((e) => e.eventId));
          await record.handle(m, batch);
        },
      },
      3,
      { maxBatchSize: 10 },
    );
    await c.start();
    const mineIn = (some: string[][]) => some.flat().filter((id) => mine.has(id));
    await eventually(() => new Set(mineIn(calls)).size === n);

    const withMine = calls.filter((call) => call.some((id) => mine.has(id)));
    expect(withMine.length).toBeLessThan(n);
    expect(withMine.length).toBeGreaterThanOrEqual(Math.ceil(n / 10));
    expect(Math.max(...calls.map((call) => call.length))).toBeLessThanOrEqual(10);
    expect(mineIn(calls)).toHaveLength(n); // none twice
    // In log order per project (the handler's contract).
    const streamOf = new Map(events.map((e) => [e.eventId, e.streamId]));
    const of = (ids: string[], projectId: string) =>
      ids.filter((id) => streamOf.get(id) === `project-${projectId}`);
    const logOrder = events.map((e) => e.eventId);
    for (const p of projects) expect(of(mineIn(calls), p)).toEqual(of(logOrder, p));
    // The topic also holds the messages of the tests before: count this test's own.
    const written = async () => {
      const rows: Array<{ event_id: string }> = await ds.query(
        `SELECT event_id FROM handled WHERE handler = 'batches'`,
      );
      return rows.filter((r) => mine.has(r.event_id)).length;
    };
    expect(await written()).toBe(n);

    // The same batch again: claimed before, so counted as duplicates and not handed over.
    const before = { ...c.counts };
    const callsBefore = calls.length;
    await publish(projects);
    await eventually(() => c.counts.duplicates >= before.duplicates + n);
    expect(c.counts).toEqual({ ...before, duplicates: before.duplicates + n });
    expect(mineIn(calls.slice(callsBefore))).toEqual([]);
    expect(await written()).toBe(n);
  });

  it('parks a message that keeps failing in the dead-letter topic with the reason, and goes on', async () => {
    const id = await appendProject(store, 3);
    const [, poison] = await publish([id]);
    const dlq = await collect(kafka, deadLetterTopic(LIFECYCLE_TOPIC));
    const c = consumer(recorder('poison', poison!.eventId), 2);
    await c.start();
    await eventually(() => c.counts.deadLettered === 1 && c.counts.processed >= 2).catch(
      (error: unknown) => {
        throw new Error(
          `${String(error)}: ${JSON.stringify(c.counts)} ${broker.errors().join('\n')}`,
        );
      },
    );
    const [parked] = await dlq.until(1);
    await dlq.stop();
    expect(parked!.headers?.ce_id?.toString()).toBe(poison!.eventId);
    expect(parked!.headers?.dlq_reason?.toString()).toMatch(/failed 2 times: cannot handle/);
    expect(parked!.headers?.dlq_consumer?.toString()).toBe('poison');
    // The rest of the partition was handled; the poison left no half-written trace.
    const rows: Array<{ event_id: string }> = await ds.query(
      `SELECT event_id FROM handled WHERE handler = 'poison'`,
    );
    expect(rows.map((r) => r.event_id)).not.toContain(poison!.eventId);
  });

  it('feeds the projector from Kafka: the read model equals a rebuild from the log', async () => {
    const facts = new FactsProjection();
    const projector = new Projector(ds, [facts], { logger: { log: () => {}, error: () => {} } });
    await projector.start({ live: false });
    const relay = new EventRelay(
      ds,
      new KafkaPublisher(() => Promise.resolve(producer), LIFECYCLE_TOPIC),
      (e) => toLifecycleMessage(lifecycleEnvelope(e)),
      { filter: isProjectStream, name: 'e2e' },
    );
    for (let i = 0; i < 5; i++) await appendProject(store, 1 + (i % 4));
    const c = consumer({
      name: 'projector',
      handle: (m, events) => projector.applyDelivered(m, events),
    });
    await c.start();
    await relay.drain();
    const total = (await readLog(ds.manager, null, 10_000)).filter(isProjectStream).length;
    await eventually(() => c.counts.processed >= total);
    const cols = `position, project_id, version, type, occurred_on, stage, amount_yuan`;
    const live = await ds.query(`SELECT ${cols} FROM ${facts.table(1)} ORDER BY position`);
    const rebuilt = await projector.rebuild('facts');
    const fresh = await ds.query(
      `SELECT ${cols} FROM ${facts.table(rebuilt.generation)} ORDER BY position`,
    );
    expect(live).toEqual(fresh);
    expect(live.length).toBe(total);
    await relay.stop();
    await projector.stop();
  });
});
