import { randomUUID } from 'node:crypto';
import { fromLifecycleMessage } from '@luodi/contracts';
import type { Consumer, EachMessagePayload } from 'kafkajs';
import { mokapiConsumerConfig, mokapiKafka, startMokapi, type MokapiBroker } from '../mokapi';
import { freePort, waitFor } from './util';

/**
 * A Mokapi broker that can be stopped and started again on the same port, so luodi's clients
 * find it again. Mokapi keeps records in memory only: a restarted broker is empty.
 */
export class RestartableBroker {
  private current: MokapiBroker | undefined;
  private readonly pastLogs: string[] = [];

  private constructor(readonly port: number) {}

  static async start(): Promise<RestartableBroker> {
    const broker = new RestartableBroker(await freePort());
    await broker.start();
    return broker;
  }

  get brokers(): string[] {
    return [`127.0.0.1:${this.port}`];
  }

  get running(): boolean {
    return this.current !== undefined;
  }

  async start(): Promise<void> {
    if (this.current) return;
    this.current = await startMokapi({ kafkaPort: this.port });
  }

  /** Kills Mokapi (everything it held is gone). */
  async stop(): Promise<void> {
    const current = this.current;
    if (!current) return;
    this.current = undefined;
    this.pastLogs.push(current.log());
    await current.stop();
  }

  /** Mokapi's errors (refused records, panics) over every run. */
  errors(): string[] {
    return [...this.pastLogs, this.current?.log() ?? '']
      .flatMap((log) => log.split('\n'))
      .filter((line) => line.includes('level=error'));
  }

  logTail(lines = 20): string {
    return (this.current?.log() ?? this.pastLogs.at(-1) ?? '').split('\n').slice(-lines).join('\n');
  }
}

/** A lifecycle message as read back: where it was and what it says. */
export interface SeenMessage {
  partition: number;
  offset: string;
  projectId: string;
  version: number;
  eventId: string;
}

/** Reads a topic from the beginning with a fresh consumer group while running. */
export class TopicReader {
  readonly messages: SeenMessage[] = [];
  readonly unreadable: string[] = [];
  private stopped = false;
  /** The highest offset read in each partition. */
  private readonly reached = new Map<number, number>();

  private constructor(
    private readonly consumer: Consumer,
    private readonly brokers: string[],
    private readonly topic: string,
  ) {}

  static async start(brokers: string[], topic: string): Promise<TopicReader> {
    const consumer = mokapiKafka(brokers, 'fault-reader').consumer(
      mokapiConsumerConfig(`fault-reader-${randomUUID()}`),
    );
    const reader = new TopicReader(consumer, brokers, topic);
    // Mokapi sometimes tears a fetch answer when several groups read the same records (here the
    // server's projector and supervisor too); kafkajs then stops the consumer for good. The
    // reader starts again, from its group's committed offsets, as the server's consumers do.
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      if (payload.restart || reader.stopped) return;
      setTimeout(() => void listen().catch(() => undefined), 200);
    });
    const listen = async () => {
      await consumer.connect();
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({ eachMessage: read });
    };
    const read = ({ partition, message }: EachMessagePayload): Promise<void> => {
      // Reached even when unreadable: drain() waits for offsets, not for readable records.
      reader.reached.set(
        partition,
        Math.max(reader.reached.get(partition) ?? -1, Number(message.offset)),
      );
      try {
        const envelope = fromLifecycleMessage(message);
        reader.messages.push({
          partition,
          offset: message.offset,
          projectId: envelope.projectId,
          version: envelope.version,
          eventId: envelope.eventId,
        });
      } catch (error) {
        reader.unreadable.push(`${partition}@${message.offset}: ${String(error)}`);
      }
      return Promise.resolve();
    };
    await listen();
    return reader;
  }

  /** Waits until every given event id has been read. */
  async waitFor(eventIds: Iterable<string>, timeoutMs = 60_000): Promise<void> {
    const wanted = new Set(eventIds);
    await waitFor(
      `${wanted.size} events on the topic`,
      () => {
        for (const m of this.messages) wanted.delete(m.eventId);
        return wanted.size === 0;
      },
      timeoutMs,
    ).catch((error: Error) => {
      throw new Error(`${error.message} (${wanted.size} never arrived)`);
    });
  }

  /**
   * Waits until everything the broker holds now has been read (its high watermarks). Before a
   * broker that keeps records in memory is restarted: a relay may have published records past
   * its checkpoint that the reader has not fetched yet, and the restart loses them.
   */
  async drain(timeoutMs = 30_000): Promise<void> {
    const admin = mokapiKafka(this.brokers, 'fault-reader-admin').admin();
    await admin.connect();
    try {
      const ends = await admin.fetchTopicOffsets(this.topic);
      await waitFor(
        'the reader to reach the end of the topic',
        () => ends.every((end) => (this.reached.get(end.partition) ?? -1) >= Number(end.high) - 1),
        timeoutMs,
      );
    } finally {
      await admin.disconnect();
    }
  }

  stop(): Promise<void> {
    this.stopped = true;
    return this.consumer.disconnect();
  }
}

/**
 * At least once, in per-project order, never skipping: every project event of the log is on
 * the topic with its own id; within a project (one key, one partition) the versions read in
 * order never jump ahead of what came before (a relay that restarts republishes from its
 * checkpoint, so 1 2 3 2 3 4 is fine, 1 3 is not). `reads` are what one broker held, oldest
 * broker first (a restarted Mokapi starts empty).
 */
export function checkTopic(
  reads: ReadonlyArray<readonly SeenMessage[]>,
  events: ReadonlyArray<{ projectId: string; version: number; eventId: string }>,
): { problems: string[]; duplicates: number } {
  const problems: string[] = [];
  const eventAt = new Map(events.map((e) => [`${e.projectId}@${e.version}`, e.eventId]));
  const seen = new Set<string>();
  const highest = new Map<string, number>();
  const ordered = reads.flatMap((messages) =>
    [...messages].sort(
      (a, b) => a.partition - b.partition || Number(BigInt(a.offset) - BigInt(b.offset)),
    ),
  );
  let duplicates = 0;
  for (const m of ordered) {
    const at = `${m.projectId}@${m.version}`;
    const expected = eventAt.get(at);
    if (expected === undefined) problems.push(`message ${at} (${m.eventId}) is not in the log`);
    else if (expected !== m.eventId)
      problems.push(`message ${at} carries ${m.eventId}, the log ${expected}`);
    const top = highest.get(m.projectId) ?? 0;
    if (m.version > top + 1)
      problems.push(`${m.projectId}: version ${m.version} came right after ${top}`);
    highest.set(m.projectId, Math.max(top, m.version));
    if (seen.has(m.eventId)) duplicates++;
    seen.add(m.eventId);
  }
  const missing = events.filter((e) => !seen.has(e.eventId));
  if (missing.length > 0) {
    problems.push(
      `${missing.length} event(s) never reached the topic, e.g. ${missing
        .slice(0, 5)
        .map((e) => `${e.projectId}@${e.version}`)
        .join(', ')}`,
    );
  }
  return { problems, duplicates };
}
