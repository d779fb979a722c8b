import { LIFECYCLE_TOPIC } from '@luodi/contracts';
import type { DataSource } from 'typeorm';
import { checkInvariants, compareFacts, factsSnapshot, projectEvents } from './checks';
import type { FaultWorld } from './fault-world';
import { checkTopic, TopicReader, type SeenMessage } from './kafka';
import { describeLoad, type LoadResult } from './load';
import type { ServiceProcess } from './processes';
import { waitFor } from './util';

/** The load ended with every command answered, and no answer a client should never get. */
export function expectCompleted(name: string, result: LoadResult, total: number): void {
  console.log(`${name}: ${describeLoad(result)}`);
  expect(result.unexpected).toEqual([]);
  const unfinished = result.records.filter(
    (r) => r.outcome !== 'acknowledged' && r.outcome !== 'committed-unacknowledged',
  );
  expect(unfinished).toEqual([]);
  expect(result.records).toHaveLength(total);
}

/** The log, the hash chains and the transactional read models (see checks.ts). */
export async function expectInvariants(world: FaultWorld, result: LoadResult): Promise<void> {
  expect(await world.withDatabase((ds) => checkInvariants(ds, result))).toEqual([]);
}

/**
 * The facts read model equals what `npm run projections:rebuild` makes from the log into a
 * fresh generation of tables (run with every process stopped, as PGlite needs).
 */
export async function expectFactsEqualRebuild(world: FaultWorld, minRows: number): Promise<void> {
  const live = await world.withDatabase(factsSnapshot);
  await world.rebuildProjections();
  const rebuilt = await world.withDatabase(factsSnapshot);
  expect(rebuilt.generation).toBeGreaterThan(live.generation);
  expect(rebuilt.rows.length).toBeGreaterThanOrEqual(minRows);
  expect(compareFacts(live.rows, rebuilt.rows)).toEqual([]);
}

/** Waits until the relay (in `relay`'s process) has published everything in the log. */
export async function waitForRelay(relay: ServiceProcess, timeoutMs = 90_000): Promise<void> {
  await waitFor(
    'the relay to publish everything',
    async () => {
      const { body } = await relay.health();
      return (body.relay as { lag: number } | undefined)?.lag === 0;
    },
    timeoutMs,
  );
}

/** How many project events a Kafka consumer (projector, supervisor) has not taken in. */
export async function untakenEvents(
  ds: DataSource,
  consumer: string,
  upTo?: { txId: string; position: string },
): Promise<number> {
  const rows: Array<{ n: number }> = await ds.query(
    `SELECT count(*)::int AS n FROM events e WHERE e.stream_id LIKE 'project-%'
       ${upTo ? 'AND (e.tx_id, e.position) <= ($2::xid8, $3::bigint)' : ''}
       AND NOT EXISTS (SELECT 1 FROM consumer_inbox i WHERE i.consumer = $1 AND i.event_id = e.event_id)`,
    upTo ? [consumer, upTo.txId, upTo.position] : [consumer],
  );
  return rows[0]?.n ?? -1;
}

export const KAFKA_CONSUMERS = ['projector', 'supervisor'] as const;

/** Waits until both Kafka consumers have taken in every project event (up to a checkpoint). */
export async function waitForConsumers(
  ds: DataSource,
  upTo?: { txId: string; position: string },
  timeoutMs = 90_000,
): Promise<void> {
  for (const consumer of KAFKA_CONSUMERS) {
    await waitFor(
      `the ${consumer} to take in every event`,
      async () => (await untakenEvents(ds, consumer, upTo)) === 0,
      timeoutMs,
    );
  }
}

/**
 * Every project event of the log reached Kafka at least once, in per-project order, and both
 * consumers took it in. `earlier` are messages read from a broker that has since been
 * restarted (and so lost them).
 */
export async function expectDelivered(
  world: FaultWorld,
  relay: ServiceProcess,
  earlier: readonly SeenMessage[] = [],
): Promise<void> {
  await waitForRelay(relay);
  await world.withDatabase(async (ds) => {
    await waitForConsumers(ds);
    const events = await projectEvents(ds);
    const onBroker = new Set(earlier.map((m) => m.eventId));
    const reader = await TopicReader.start(world.broker!.brokers, LIFECYCLE_TOPIC);
    try {
      await reader.waitFor(events.filter((e) => !onBroker.has(e.eventId)).map((e) => e.eventId));
    } finally {
      await reader.stop();
    }
    expect(reader.unreadable).toEqual([]);
    const { problems, duplicates } = checkTopic(
      earlier.length > 0 ? [earlier, reader.messages] : [reader.messages],
      events,
    );
    console.log(
      `${events.length} events reached the topic in ${earlier.length + reader.messages.length} messages (${duplicates} duplicates)`,
    );
    expect(problems).toEqual([]);
  });
}
