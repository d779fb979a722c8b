import { randomUUID } from 'node:crypto';
import {
  deadLetterTopic,
  fromLifecycleMessage,
  LIFECYCLE_TOPIC,
  toLifecycleMessage,
} from '@luodi/contracts';
import { EventStore } from '@luodi/event-store';
import {
  KafkaEventConsumer,
  lifecycleEnvelope,
  logEventOf,
  readLog,
  type EventHandler,
} from '@luodi/messaging';
import type { Kafka, Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { closeTestDataSource, createTestDataSource } from '../support/test-data-source';
import {
  mokapiConsumerConfig,
  mokapiProducerConfig,
  startMokapi,
  type Mokapi,
} from '../support/mokapi';
import { appendProject, eventually, quietKafka } from './kafka-test-kit';

jest.setTimeout(120_000);

/**
 * Regression: a consumer used to count a database outage against the message, and after
 * maxAttempts parked valid events in the dead-letter topic, so a PostgreSQL restart under load
 * left holes in the read models for good (found by test/fault/postgres-restart.fault-spec.ts).
 * An outage now makes the partition wait for the database; only the handler's own failures
 * count towards parking.
 */
describe('KafkaEventConsumer during a database outage', () => {
  let ds: DataSource;
  let store: EventStore;
  let broker: Mokapi;
  let kafka: Kafka;
  let producer: Producer;
  let consumer: KafkaEventConsumer | undefined;

  beforeAll(async () => {
    ds = await createTestDataSource();
    store = new EventStore(ds);
    broker = await startMokapi();
    kafka = quietKafka(broker.brokers);
    producer = kafka.producer({ ...mokapiProducerConfig, maxInFlightRequests: 1 });
    await producer.connect();
  });
  afterAll(async () => {
    await consumer?.stop();
    await producer?.disconnect();
    await broker?.stop();
    await closeTestDataSource(ds);
  });

  it('waits for the database instead of dead-lettering the message, then handles it once', async () => {
    const id = await appendProject(store, 2);
    const events = (await readLog(ds.manager, null, 100)).filter(
      (e) => e.streamId === `project-${id}`,
    );
    await producer.send({
      topic: LIFECYCLE_TOPIC,
      acks: -1,
      messages: events.map((e) => toLifecycleMessage(lifecycleEnvelope(e))),
    });
    // The database "goes away" for the first 6 tries: more than maxAttempts (2).
    let outage = 6;
    const handled: string[] = [];
    const handler: EventHandler = {
      name: `outage-${randomUUID()}`,
      handle: (_m, batch) => {
        if (outage > 0) {
          outage--;
          throw Object.assign(new Error('terminating connection due to administrator command'), {
            code: '57P01',
          });
        }
        handled.push(...batch.map((e) => e.eventId));
        return Promise.resolve();
      },
    };
    consumer = new KafkaEventConsumer({
      kafka,
      dataSource: ds,
      topic: LIFECYCLE_TOPIC,
      deadLetterTopic: deadLetterTopic(LIFECYCLE_TOPIC),
      handler,
      groupId: handler.name,
      parse: (message) => logEventOf(fromLifecycleMessage(message)),
      producer: () => Promise.resolve(producer),
      maxAttempts: 2,
      retryDelayMs: 5,
      maxOutageDelayMs: 50,
      consumerConfig: mokapiConsumerConfig('unused'),
    });
    await consumer.start();
    await eventually(() => consumer!.counts.processed === events.length);
    expect(consumer.counts).toEqual({ processed: events.length, duplicates: 0, deadLettered: 0 });
    expect(handled).toEqual(events.map((e) => e.eventId));
    expect(outage).toBe(0);
  });
});
