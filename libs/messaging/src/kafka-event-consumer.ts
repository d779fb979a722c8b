import type { Consumer, ConsumerConfig, Kafka, KafkaMessage, Producer } from 'kafkajs';
import type { DataSource } from 'typeorm';
import { claimEvent } from './consumer-inbox';
import { isDatabaseOutage } from './database-outage';
import type { EventHandler } from './event-handler';
import type { LogEvent } from './log-reader';

export interface KafkaEventConsumerOptions {
  kafka: Kafka;
  dataSource: DataSource;
  topic: string;
  handler: EventHandler;
  /** Parses a message; a message it throws on is parked in the dead-letter topic at once. */
  parse: (message: KafkaMessage) => LogEvent;
  /** Parks poison messages (the same producer the service uses elsewhere is fine). */
  producer: () => Promise<Producer>;
  deadLetterTopic: string;
  /** Default: the handler's name, so every instance of a service shares the partitions. */
  groupId?: string;
  /** Attempts before a message that keeps failing is parked (a database outage counts none). */
  maxAttempts?: number;
  retryDelayMs?: number;
  /** Longest wait between two tries while the database is down. */
  maxOutageDelayMs?: number;
  /** kafkajs consumer settings (session timeout, fetch wait, ...) over the defaults. */
  consumerConfig?: Partial<ConsumerConfig>;
  logger?: { log(message: string): void; warn(message: string): void };
}

export interface ConsumerCounts {
  processed: number;
  duplicates: number;
  deadLettered: number;
}

const headerText = (value: unknown): string | undefined =>
  Buffer.isBuffer(value) ? value.toString('utf8') : typeof value === 'string' ? value : undefined;

/**
 * A Kafka-fed service: consumer group, and for each message ONE database transaction that
 * records its ce_id in the inbox and runs the handler, so a redelivered message is dropped and
 * the handler's writes happen exactly once. A message that keeps failing is parked in the
 * dead-letter topic with the reason, then committed, so one bad message never stalls a
 * partition. A database outage is not the message's fault: the partition waits for the
 * database instead (no message could be handled meanwhile). Offsets are committed only after
 * the message was handled or parked.
 */
export class KafkaEventConsumer {
  readonly groupId: string;
  readonly counts: ConsumerCounts = { processed: 0, duplicates: 0, deadLettered: 0 };
  private consumer: Consumer | undefined;
  private stopping = false;

  constructor(private readonly options: KafkaEventConsumerOptions) {
    this.groupId = options.groupId ?? options.handler.name;
  }

  async start(): Promise<void> {
    const { kafka, topic } = this.options;
    this.stopping = false;
    const consumer = kafka.consumer({
      allowAutoTopicCreation: false,
      // A broker answers a fetch as soon as records arrive; the wait bounds only an idle
      // fetch. Short, so that a broker that holds fetches to the limit adds little lag.
      maxWaitTimeInMs: 500,
      ...this.options.consumerConfig,
      groupId: this.groupId,
    });
    this.consumer = consumer;
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: true,
      eachMessage: async ({ message, partition, heartbeat }) => {
        await this.process(message, partition, heartbeat);
      },
    });
  }

  /** Leaves the group after the message in flight (its partitions go to the other instances). */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  private async process(
    message: KafkaMessage,
    partition: number,
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    const { dataSource, handler } = this.options;
    let event: LogEvent;
    try {
      event = this.options.parse(message);
    } catch (error) {
      await this.park(message, partition, `unreadable message: ${reason(error)}`);
      return;
    }
    const attempts = this.options.maxAttempts ?? 5;
    let attempt = 0;
    let outageWaits = 0;
    for (;;) {
      try {
        const fresh = await dataSource.transaction(async (m) => {
          if (!(await claimEvent(m, handler.name, event.eventId))) return false;
          await handler.handle(m, [event]);
          return true;
        });
        if (fresh) this.counts.processed++;
        else this.counts.duplicates++;
        if (outageWaits > 0) this.options.logger?.log(`${handler.name}: the database is back`);
        return;
      } catch (error) {
        // Stopping: leave the message uncommitted, it is delivered again after the restart.
        if (this.stopping) throw error;
        if (isDatabaseOutage(error)) {
          if (outageWaits++ === 0) {
            this.options.logger?.warn(
              `${handler.name}: the database is unavailable (${reason(error)}); waiting for it`,
            );
          }
          const delay = (this.options.retryDelayMs ?? 200) * 2 ** Math.min(outageWaits, 10);
          await sleep(Math.min(delay, this.options.maxOutageDelayMs ?? 5_000));
          await heartbeat();
          continue;
        }
        if (++attempt >= attempts) {
          await this.park(message, partition, `failed ${attempts} times: ${reason(error)}`);
          return;
        }
        await sleep((this.options.retryDelayMs ?? 200) * attempt);
        await heartbeat();
      }
    }
  }

  private async park(message: KafkaMessage, partition: number, why: string): Promise<void> {
    const { topic, deadLetterTopic, producer, handler } = this.options;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(message.headers ?? {})) {
      const text = headerText(value);
      if (text !== undefined) headers[name] = text;
    }
    await (
      await producer()
    ).send({
      topic: deadLetterTopic,
      acks: -1,
      messages: [
        {
          key: message.key,
          value: message.value,
          headers: {
            ...headers,
            dlq_reason: why.slice(0, 2000),
            dlq_consumer: handler.name,
            dlq_topic: topic,
            dlq_partition: String(partition),
            dlq_offset: message.offset,
            dlq_failed_at: new Date().toISOString(),
          },
        },
      ],
    });
    this.counts.deadLettered++;
    this.options.logger?.warn(
      `${handler.name}: message at ${topic}[${partition}]@${message.offset} parked in ${deadLetterTopic}: ${why}`,
    );
  }
}

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
