import { LIFECYCLE_TOPIC } from '@luodi/contracts';
import { Client } from 'pg';
import {
  expectCompleted,
  expectDelivered,
  expectFactsEqualRebuild,
  expectInvariants,
  waitForConsumers,
  waitForRelay,
} from '../support/fault/expectations';
import {
  FAULT_SEED,
  FaultWorld,
  postgresSkipReason,
  expectNothingLeftRunning,
} from '../support/fault/fault-world';
import { TopicReader } from '../support/fault/kafka';
import { CommandLoad, faultPoints, seedLoadReference, STEPS } from '../support/fault/load';
import { sleep } from '../support/fault/util';

jest.setTimeout(300_000);

/**
 * The Kafka broker is stopped for a while under a command load, then started again on the
 * same port. Commands keep succeeding (the log is the outbox), /health shows the relay failing
 * and its lag growing, and afterwards the relay catches up: every event reaches the topic.
 *
 * Mokapi keeps records in memory only, so the restarted broker is empty. To know exactly what
 * the first broker held, the test holds the relay still for a moment (a lock on its checkpoint
 * table, which only blocks the relay's checkpoint writes), reads the checkpoint, waits until a
 * reader and both consumers have everything up to it from the first broker, and only then kills
 * it. Everything after the checkpoint must then reach the second broker; both reads together
 * must hold every event of the log, in per-project order.
 */

const PROJECTS = 24;
const TOTAL = PROJECTS * STEPS.length;
const OUTAGE_MS = 8000;

interface RelaySample {
  status: unknown;
  lag: number;
  lastError: string | null;
  consecutiveFailures: number;
}

if (postgresSkipReason) console.warn(`The Kafka outage scenario is SKIPPED: ${postgresSkipReason}`);

afterAll(expectNothingLeftRunning);

(postgresSkipReason ? it.skip : it)(
  'Kafka stopped under load: commands succeed, /health shows the relay failing, it catches up afterwards',
  async () => {
    const world = await FaultWorld.create({
      name: 'kafka-outage',
      database: 'postgres',
      kafka: true,
    });
    try {
      await world.run(async () => {
        const broker = world.broker!;
        const luodi = await world.start('luodi', 'luodi');
        await seedLoadReference(luodi.url, world.adminKey);
        const firstBroker = await TopicReader.start(broker.brokers, LIFECYCLE_TOPIC);
        // Paced: the load must still run during the outage and after it.
        const load = new CommandLoad({
          baseUrl: luodi.url,
          adminKey: world.adminKey,
          projects: PROJECTS,
          concurrency: 4,
          seed: FAULT_SEED + 20,
          paceMs: 400,
        });
        const [point] = faultPoints(FAULT_SEED + 20, TOTAL / 2, 1);
        await load.waitForAcknowledged(point!);

        const lock = new Client({ connectionString: world.databaseUrl });
        await lock.connect();
        try {
          await lock.query('BEGIN');
          await lock.query('LOCK TABLE relays IN EXCLUSIVE MODE');
          const [checkpoint] = (
            await lock.query<{ txId: string; position: string }>(
              `SELECT tx_id::text AS "txId", position::text AS position FROM relays WHERE name = 'lifecycle'`,
            )
          ).rows;
          expect(checkpoint?.position).toBeDefined();
          const published = (
            await lock.query<{ event_id: string }>(
              `SELECT event_id FROM events WHERE stream_id LIKE 'project-%' AND (tx_id, position) <= ($1::xid8, $2::bigint)`,
              [checkpoint!.txId, checkpoint!.position],
            )
          ).rows.map((r) => r.event_id);
          expect(published.length).toBeGreaterThan(0);
          await firstBroker.waitFor(published);
          await world.withDatabase((ds) => waitForConsumers(ds, checkpoint));
          // The relay may already have published past its (locked) checkpoint: read all of it.
          await firstBroker.drain();
          await firstBroker.stop();
          await broker.stop();
        } finally {
          await lock.query('COMMIT').catch(() => undefined);
          await lock.end();
        }

        const downAt = Date.now();
        const samples: RelaySample[] = [];
        while (Date.now() - downAt < OUTAGE_MS) {
          const { body } = await luodi.health();
          const relay = body.relay as Omit<RelaySample, 'status'>;
          samples.push({ status: body.status, ...relay });
          await sleep(500);
        }
        await broker.start();
        const upAt = Date.now();

        const result = await load.result;
        expectCompleted('Kafka stopped for 8 s', result, TOTAL);
        // Commands kept succeeding while the broker was down.
        expect(load.acknowledgedBetween(downAt, upAt)).toBeGreaterThan(10);
        // /health showed the relay failing, with its error and a growing lag.
        const failing = samples.filter((s) => s.consecutiveFailures > 0 && s.lastError !== null);
        expect(failing.length).toBeGreaterThan(0);
        expect(failing.every((s) => s.status === 'degraded')).toBe(true);
        expect(Math.max(...samples.map((s) => s.lag))).toBeGreaterThan(5);
        console.log(
          `relay while Kafka was down: lag ${samples.map((s) => s.lag).join(' → ')}; last error: ${failing.at(-1)?.lastError}`,
        );

        // It caught up by itself and says so.
        await waitForRelay(luodi);
        const after = await luodi.health();
        expect(after.body).toMatchObject({
          status: 'ok',
          relay: { lag: 0, lastError: null, consecutiveFailures: 0 },
        });
        await expectDelivered(world, luodi, firstBroker.messages);
        await luodi.stop();
        await expectInvariants(world, result);
        await expectFactsEqualRebuild(world, TOTAL);
      });
    } finally {
      await world.close();
    }
  },
);
