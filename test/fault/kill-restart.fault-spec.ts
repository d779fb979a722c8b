import { Rng } from '@luodi/app/demo/prng';
import {
  expectCompleted,
  expectDelivered,
  expectFactsEqualRebuild,
  expectInvariants,
} from '../support/fault/expectations';
import {
  FAULT_SEED,
  FaultWorld,
  postgresSkipReason,
  expectNothingLeftRunning,
} from '../support/fault/fault-world';
import {
  CommandLoad,
  faultPoints,
  seedLoadReference,
  STEPS,
  type LoadResult,
} from '../support/fault/load';
import type { ServiceProcess } from '../support/fault/processes';

jest.setTimeout(300_000);

/**
 * kill -9 at seeded points of a command load, then a restart on the same data. Afterwards:
 * every acknowledged command is in the log exactly once (one whose answer was lost committed
 * once or not at all), hash chains verify, the transactional read models equal a fold of the
 * log, the facts read model equals a rebuild from scratch, and with Kafka every event reached
 * the topic at least once in per-project order and every consumer took it in.
 */

const PROJECTS = 24;
const TOTAL = PROJECTS * STEPS.length;

const itOnPostgres = postgresSkipReason ? it.skip : it;
if (postgresSkipReason) {
  console.warn(`The PostgreSQL fault scenarios are SKIPPED: ${postgresSkipReason}`);
}

afterAll(expectNothingLeftRunning);

const startLoad = (world: FaultWorld, api: ServiceProcess, seed: number, paceMs = 0) =>
  new CommandLoad({
    baseUrl: api.url,
    adminKey: world.adminKey,
    projects: PROJECTS,
    concurrency: 6,
    seed,
    paceMs,
  });

/** Kills each victim at its seeded point of the load and starts it again on the same data. */
async function killAtPoints(load: CommandLoad, victims: ServiceProcess[], seed: number) {
  // Within the first 80% of the load, so that every kill lands while commands are running.
  const points = faultPoints(seed, Math.round(TOTAL * 0.8), victims.length);
  for (const [i, victim] of victims.entries()) {
    await load.waitForAcknowledged(points[i]!);
    expect(load.acknowledgedCount).toBeLessThan(TOTAL);
    await victim.kill9();
    await victim.start();
  }
}

/** Some requests were in flight when the process died (not only refused while it restarted). */
function expectKilledInFlight(result: LoadResult): void {
  const { ECONNREFUSED: _refused, ...inFlight } = result.networkErrorCauses;
  expect(Object.values(inFlight).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
}

describe('kill -9 under load, restart on the same data', () => {
  it('the all-in-one process on PGlite', async () => {
    const world = await FaultWorld.create({ name: 'kill-pglite', database: 'pglite' });
    try {
      await world.run(async () => {
        const luodi = await world.start('luodi', 'luodi');
        await seedLoadReference(luodi.url, world.adminKey);
        const load = startLoad(world, luodi, FAULT_SEED);
        await killAtPoints(load, [luodi, luodi, luodi], FAULT_SEED);
        const result = await load.result;
        expectCompleted('kill -9 on PGlite', result, TOTAL);
        expectKilledInFlight(result);

        await world.waitForProjections(luodi);
        await luodi.stop();
        await expectInvariants(world, result);
        await expectFactsEqualRebuild(world, TOTAL);
      });
    } finally {
      await world.close();
    }
  });

  itOnPostgres('the all-in-one process on PostgreSQL, with Kafka', async () => {
    const world = await FaultWorld.create({ name: 'kill-pg', database: 'postgres', kafka: true });
    try {
      await world.run(async () => {
        const luodi = await world.start('luodi', 'luodi');
        await seedLoadReference(luodi.url, world.adminKey);
        const load = startLoad(world, luodi, FAULT_SEED + 1);
        await killAtPoints(load, [luodi, luodi, luodi], FAULT_SEED + 1);
        const result = await load.result;
        expectCompleted('kill -9 on PostgreSQL with Kafka', result, TOTAL);
        expectKilledInFlight(result);

        await expectDelivered(world, luodi);
        await luodi.stop();
        await expectInvariants(world, result);
        await expectFactsEqualRebuild(world, TOTAL);
      });
    } finally {
      await world.close();
    }
  });

  itOnPostgres(
    'separate api, relay, projector and supervisor on PostgreSQL with Kafka',
    async () => {
      const world = await FaultWorld.create({
        name: 'kill-services',
        database: 'postgres',
        kafka: true,
      });
      try {
        await world.run(async () => {
          const api = await world.start('api', 'api');
          const relay = await world.start('relay', 'relay');
          const projector = await world.start('projector', 'projector');
          await world.start('supervisor', 'supervisor');
          await seedLoadReference(api.url, world.adminKey);
          // Paced, so that the load is still running while the victims restart (seconds each).
          const load = startLoad(world, api, FAULT_SEED + 2, 800);
          const victims = Rng.derive(FAULT_SEED, 'victims').shuffle([
            relay,
            projector,
            relay,
            projector,
            api,
          ]);
          await killAtPoints(load, victims, FAULT_SEED + 2);
          const result = await load.result;
          expectCompleted('kill -9 of separate services', result, TOTAL);

          await expectDelivered(world, relay);
          await Promise.all(world.services.map((s) => s.stop()));
          await expectInvariants(world, result);
          await expectFactsEqualRebuild(world, TOTAL);
        });
      } finally {
        await world.close();
      }
    },
  );
});
