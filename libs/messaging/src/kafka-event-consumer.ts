import type {
  Consumer,
  ConsumerConfig,
  EachBatchPayload,
  Kafka,
  KafkaMessage,
  Producer,
} from 'kafkajs';
import type { DataSource, EntityManager } from 'typeorm';
import { claimEvent, claimEvents } from './consumer-inbox';
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
  /** Most messages handled in one transaction (one handler call). Default 500. */
  maxBatchSize?: number;
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

interface Delivery {
  message: KafkaMessage;
  event: LogEvent;
}

type BatchControl = Pick<
  EachBatchPayload,
  'resolveOffset' | 'heartbeat' | 'isRunning' | 'isStale'
> & { partition: number };

/**
 * A Kafka-fed service: consumer group, and for each fetched batch of a partition as few
 * database transactions as possible (chunks of up to maxBatchSize messages). Each records the
 * chunk's ce_ids in the inbox and hands only the newly recorded events to the handler, in
 * partition order, in one call: a redelivered message is dropped and the handler's writes
 * happen exactly once. When a chunk fails, its messages are retried one per transaction, so
 * that a message that keeps failing is parked in the dead-letter topic with the reason, then
 * committed, and one bad message never stalls a partition. A database outage is not the
 * messages' fault: the partition waits for the database instead (no message could be handled
 * meanwhile). Offsets are committed only after their messages were handled or parked.
 */
export class KafkaEventConsumer {
  readonly groupId: string;
  readonly counts: ConsumerCounts = { processed: 0, duplicates: 0, deadLettered: 0 };
  private consumer: Consumer | undefined;
  private stopping = false;
  /** Failed tries since the database went away; spans chunks, so an outage logs once. */
  private outageWaits = 0;
  /** Crashes since a batch last went through: each doubles the wait before the next start. */
  private crashesInARow = 0;

  constructor(private readonly options: KafkaEventConsumerOptions) {
    this.groupId = options.groupId ?? options.handler.name;
  }

  async start(): Promise<void> {
    const { kafka, topic } = this.options;
    this.stopping = false;
    const consumer = kafka.consumer({
      allowAutoTopicCreation: false,
      // Kafka answers a fetch as soon as records arrive; the wait bounds only an idle fetch.
      // Mokapi polls its log a fifth of the wait apart (100 ms at most), which adds to the lag.
      maxWaitTimeInMs: 250,
      ...this.options.consumerConfig,
      groupId: this.groupId,
    });
    this.consumer = consumer;
    // kafkajs restarts a consumer only after retriable errors; after any other (a fetch
    // answer it cannot decode, say) it stays down and the service would silently stop.
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart || this.stopping) return;
      this.options.logger?.warn(
        `${this.options.handler.name}: the Kafka consumer stopped (${reason(payload.error)}); starting it again`,
      );
      setTimeout(() => {
        if (this.stopping || this.consumer !== consumer) return;
        this.start().catch((error: unknown) =>
          this.options.logger?.warn(
            `${this.options.handler.name}: restarting the Kafka consumer failed: ${reason(error)}`,
          ),
        );
      }, restartDelay(this.crashesInARow++));
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      autoCommit: true,
      // Offsets are resolved by hand as messages are handled or parked: what is left of a
      // batch when the consumer stops must be delivered again.
      eachBatchAutoResolve: false,
      eachBatch: (payload) => this.processBatch(payload),
    });
  }

  /** Leaves the group after the chunk in flight (its partitions go to the other instances). */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.consumer?.disconnect();
    this.consumer = undefined;
  }

  private async processBatch(payload: EachBatchPayload): Promise<void> {
    const { batch } = payload;
    this.crashesInARow = 0;
    const control: BatchControl = { ...payload, partition: batch.partition };
    const max = Math.max(1, this.options.maxBatchSize ?? 500);
    let chunk: Delivery[] = [];
    for (const message of batch.messages) {
      let event: LogEvent;
      try {
        event = this.options.parse(message);
      } catch (error) {
        // Its offset may be resolved only once the messages before it are done.
        if (!(await this.processChunk(chunk, control))) return;
        chunk = [];
        if (!this.live(control)) return;
        await this.park(message, batch.partition, `unreadable message: ${reason(error)}`);
        await this.done(message, control);
        continue;
      }
      chunk.push({ message, event });
      if (chunk.length >= max) {
        if (!(await this.processChunk(chunk, control))) return;
        chunk = [];
      }
    }
    await this.processChunk(chunk, control);
  }

  /** False when the consumer stopped before the chunk was done: the rest is left unresolved. */
  private async processChunk(chunk: readonly Delivery[], control: BatchControl): Promise<boolean> {
    if (chunk.length === 0) return true;
    if (!this.live(control)) return false;
    const { handler } = this.options;
    let fresh: boolean[];
    try {
      fresh = await this.transaction(control, async (m) => {
        const claimed = await claimEvents(
          m,
          handler.name,
          chunk.map((d) => d.event.eventId),
        );
        // A message delivered twice within the chunk is claimed once, by its first copy.
        const isFresh = chunk.map((d) => claimed.delete(d.event.eventId.toLowerCase()));
        const events = chunk.filter((_, i) => isFresh[i]).map((d) => d.event);
        if (events.length > 0) await handler.handle(m, events);
        return isFresh;
      });
    } catch (error) {
      if (this.isStopping(control)) throw error;
      // Some message of the chunk fails (or a transient error): one transaction per message
      // finds out which, so that only a poison message is parked.
      this.options.logger?.warn(
        `${handler.name}: a batch of ${chunk.length} failed (${reason(error)}); handling its messages one by one`,
      );
      for (const delivery of chunk) {
        if (!this.live(control)) return false;
        await this.processOne(delivery, control);
      }
      return true;
    }
    for (const f of fresh) {
      if (f) this.counts.processed++;
      else this.counts.duplicates++;
    }
    await this.done(chunk[chunk.length - 1]!.message, control);
    return true;
  }

  private async processOne({ message, event }: Delivery, control: BatchControl): Promise<void> {
    const { handler } = this.options;
    const attempts = this.options.maxAttempts ?? 5;
    for (let attempt = 1; ; attempt++) {
      try {
        const fresh = await this.transaction(control, async (m) => {
          if (!(await claimEvent(m, handler.name, event.eventId))) return false;
          await handler.handle(m, [event]);
          return true;
        });
        if (fresh) this.counts.processed++;
        else this.counts.duplicates++;
        break;
      } catch (error) {
        if (this.isStopping(control)) throw error;
        if (attempt >= attempts) {
          await this.park(message, control.partition, `failed ${attempts} times: ${reason(error)}`);
          break;
        }
        await sleep((this.options.retryDelayMs ?? 200) * attempt);
        await control.heartbeat();
      }
    }
    await this.done(message, control);
  }

  /**
   * Runs `work` in a transaction; while the database is unavailable, waits and tries again
   * (never counted as an attempt). Any other error, or any error once stopping, is thrown.
   */
  private async transaction<T>(
    control: BatchControl,
    work: (manager: EntityManager) => Promise<T>,
  ): Promise<T> {
    const { dataSource, handler, logger } = this.options;
    for (;;) {
      try {
        const result = await dataSource.transaction(work);
        if (this.outageWaits > 0) {
          this.outageWaits = 0;
          logger?.log(`${handler.name}: the database is back`);
        }
        return result;
      } catch (error) {
        // Stopping: the messages stay unresolved and are delivered again after the restart.
        if (this.isStopping(control) || !isDatabaseOutage(error)) throw error;
        if (this.outageWaits++ === 0) {
          logger?.warn(
            `${handler.name}: the database is unavailable (${reason(error)}); waiting for it`,
          );
        }
        const delay = (this.options.retryDelayMs ?? 200) * 2 ** Math.min(this.outageWaits, 10);
        await sleep(Math.min(delay, this.options.maxOutageDelayMs ?? 5_000));
        await control.heartbeat();
      }
    }
  }

  private async done(message: KafkaMessage, control: BatchControl): Promise<void> {
    control.resolveOffset(message.offset);
    await control.heartbeat();
  }

  private isStopping(control: BatchControl): boolean {
    return this.stopping || !control.isRunning();
  }

  /** False also after a seek (stale batch): the partition is fetched again from there. */
  private live(control: BatchControl): boolean {
    return !this.isStopping(control) && !control.isStale();
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

/**
 * Soon after one crash (rejoining the group takes about a second more; Mokapi, the test
 * broker, tears fetch answers when several groups read the same records at once), then
 * doubling up to 10 s so that a broker that keeps failing is not hammered.
 */
function restartDelay(crashesInARow: number): number {
  return Math.min(200 * 2 ** crashesInARow, 10_000);
}
const reason = (error: unknown) => (error instanceof Error ? error.message : String(error));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
