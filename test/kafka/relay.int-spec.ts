import {
  fromLifecycleMessage,
  LIFECYCLE_TOPIC,
  PayloadValidator,
  toLifecycleMessage,
} from '@luodi/contracts';
import { EventStore } from '@luodi/event-store';
import { EventRelay, isProjectStream, KafkaPublisher, lifecycleEnvelope } from '@luodi/messaging';
import type { Kafka, Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { closeTestDataSource, createTestDataSource } from '../support/test-data-source';
import { mokapiProducerConfig, startMokapi, type Mokapi } from '../support/mokapi';
import { appendProject, collect, quietKafka } from './kafka-test-kit';

jest.setTimeout(120_000);

describe('EventRelay: the event log → projects.lifecycle.v1', () => {
  let ds: DataSource;
  let store: EventStore;
  let broker: Mokapi;
  let kafka: Kafka;
  let producer: Producer;
  const relays: EventRelay[] = [];

  const relay = (options: ConstructorParameters<typeof EventRelay>[3] = {}, client = producer) => {
    const r = new EventRelay(
      ds,
      new KafkaPublisher(() => Promise.resolve(client), LIFECYCLE_TOPIC),
      (event) => toLifecycleMessage(lifecycleEnvelope(event)),
      { filter: isProjectStream, batchSize: 5, ...options },
    );
    relays.push(r);
    return r;
  };

  beforeAll(async () => {
    ds = await createTestDataSource();
    store = new EventStore(ds);
    broker = await startMokapi();
    kafka = quietKafka(broker.brokers);
    producer = kafka.producer({ ...mokapiProducerConfig, maxInFlightRequests: 1 });
    await producer.connect();
  });
  afterEach(async () => {
    await Promise.all(relays.splice(0).map((r) => r.stop()));
    await ds.query(`DELETE FROM relays`);
  });
  afterAll(async () => {
    await producer?.disconnect();
    await broker?.stop();
    await closeTestDataSource(ds);
  });

  it('publishes every project event once, as a valid CloudEvent, in per-project order', async () => {
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push(await appendProject(store));
    await store.append('not-a-project', 'no-stream', [
      { type: 'Other', schemaVersion: 1, data: {} },
    ]);
    const reader = await collect(kafka, LIFECYCLE_TOPIC);
    const r = relay({ name: 'first' });
    await r.drain();
    const messages = await reader.until(16);
    await reader.stop();

    expect(messages).toHaveLength(16);
    const events = messages.map((m) => fromLifecycleMessage(m));
    const stored = (await store.readAll(null, 100)).events.filter((e) =>
      e.streamId.startsWith('project-'),
    );
    expect(new Set(events.map((e) => e.eventId))).toEqual(new Set(stored.map((e) => e.eventId)));
    for (const id of ids) {
      const mine = events.filter((e) => e.projectId === id);
      expect(mine.map((e) => e.version)).toEqual([1, 2, 3, 4]);
      expect(messages.find((m) => m.key?.toString() === id)).toBeDefined();
    }
    const validator = new PayloadValidator();
    for (const e of events) {
      expect(validator.validate(LIFECYCLE_TOPIC, e.type, e.schemaVersion, e.data)).toEqual({
        valid: true,
      });
    }
    const status = await r.status();
    expect(status).toMatchObject({ leader: true, lag: 0, published: 16, lastError: null });
    // The checkpoint is the last event of the log (the non-project one included).
    const last = (await store.readAll(null, 100)).checkpoint;
    expect(status.checkpoint).toEqual(last);
  });

  it('with the broker unreachable, keeps its checkpoint, shows its lag, and catches up later', async () => {
    const down = quietKafka(['127.0.0.1:1']).producer({ retry: { retries: 0 } });
    const failing = relay({ name: 'outage', holder: 'h1' }, down);
    const id = await appendProject(store, 2);
    await expect(failing.runOnce()).rejects.toThrow();
    const before = await failing.status();
    expect(before.checkpoint).toBeNull();
    expect(before.lag).toBeGreaterThan(0);
    await failing.stop();

    // The broker is back: the same relay name resumes from its (empty) checkpoint.
    const reader = await collect(kafka, LIFECYCLE_TOPIC);
    const healthy = relay({ name: 'outage', holder: 'h1' });
    await healthy.drain();
    const expected = (await store.readAll(null, 1000)).events.filter((e) =>
      e.streamId.startsWith('project-'),
    ).length;
    // The topic also holds the first test's 16 messages; this relay republishes from the start.
    const messages = await reader.until(16 + expected);
    await reader.stop();
    expect(messages).toHaveLength(16 + expected);
    expect(messages.map((m) => fromLifecycleMessage(m).projectId)).toContain(id);
    expect(await healthy.status()).toMatchObject({ lag: 0, lastError: null });
  });

  it('lets one relay publish while another waits, and hands over when the first stops', async () => {
    const a = relay({ name: 'ha', holder: 'a' });
    const b = relay({ name: 'ha', holder: 'b' });
    await appendProject(store, 4);
    expect(await a.runOnce()).toBeGreaterThan(0);
    expect(await b.runOnce()).toBe(0);
    expect((await b.status()).leader).toBe(false);

    await a.stop(); // hands the lease back
    await appendProject(store, 1);
    await b.drain();
    const status = await b.status();
    expect(status).toMatchObject({ leader: true, holder: 'b', lag: 0 });
    const total = (await store.readAll(null, 1000)).events.filter((e) =>
      e.streamId.startsWith('project-'),
    ).length;
    // The checkpoint row is shared: across the hand-over nothing was counted twice or skipped.
    expect(status.published).toBe(total);
  });
});
