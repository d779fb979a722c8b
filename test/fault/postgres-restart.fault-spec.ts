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
import { CommandLoad, faultPoints, seedLoadReference, STEPS } from '../support/fault/load';
import { sleep } from '../support/fault/util';

jest.setTimeout(300_000);

/**
 * The PostgreSQL server goes away under a command load (a fast shutdown: sessions end with
 * 57P01; then an immediate one: a crash, 57P02, and recovery on start) and comes back a few
 * seconds later. The same luodi process keeps running: requests meanwhile answer 503
 * UNAVAILABLE problem+json (never 500), it recovers by itself, the retried load completes, and
 * nothing acknowledged is lost. With Kafka, so that the relay and both consumers ride it out too.
 */

const PROJECTS = 24;
const TOTAL = PROJECTS * STEPS.length;
const OUTAGE_MS = 4000;

if (postgresSkipReason) {
  console.warn(`The PostgreSQL restart scenario is SKIPPED: ${postgresSkipReason}`);
}

afterAll(expectNothingLeftRunning);

(postgresSkipReason ? it.skip : it)(
  'PostgreSQL restarted under load: 503 UNAVAILABLE meanwhile, recovery without a process restart, nothing lost',
  async () => {
    const world = await FaultWorld.create({
      name: 'pg-restart',
      database: 'postgres',
      kafka: true,
    });
    try {
      await world.run(async () => {
        const pg = world.pg!;
        const luodi = await world.start('luodi', 'luodi');
        const pid = luodi.pid;
        await seedLoadReference(luodi.url, world.adminKey);
        const load = new CommandLoad({
          baseUrl: luodi.url,
          adminKey: world.adminKey,
          projects: PROJECTS,
          concurrency: 6,
          seed: FAULT_SEED + 10,
          paceMs: 50,
        });
        const probes: Array<{
          path: string;
          status: number;
          code: unknown;
          contentType: string | null;
        }> = [];
        const modes = ['fast', 'immediate'] as const;
        const points = faultPoints(FAULT_SEED + 10, Math.round(TOTAL * 0.8), modes.length);
        for (const [i, mode] of modes.entries()) {
          await load.waitForAcknowledged(points[i]!);
          expect(load.acknowledgedCount).toBeLessThan(TOTAL);
          const project = load.records.find((r) => r.outcome === 'acknowledged')!.projectId!;
          await pg.stop(mode);
          await sleep(500);
          for (const path of [
            '/health',
            `/api/v1/projects/${project}`,
            '/api/v1/projects?limit=5',
          ]) {
            const { status, body, contentType } = await world.get(luodi, path);
            probes.push({ path, status, code: (body as { code?: unknown }).code, contentType });
          }
          await sleep(OUTAGE_MS);
          await pg.start();
        }
        const result = await load.result;
        expectCompleted('PostgreSQL restarted twice', result, TOTAL);

        // While the server was down: 503 UNAVAILABLE as problem+json, on reads and on /health.
        expect(probes.length).toBe(6);
        for (const probe of probes) {
          expect(probe).toEqual({
            path: probe.path,
            status: 503,
            code: 'UNAVAILABLE',
            contentType: expect.stringMatching(/^application\/problem\+json/),
          });
        }
        expect(result.unavailable.length).toBeGreaterThan(0);
        // The same process recovered by itself.
        expect(luodi.pid).toBe(pid);
        expect(luodi.running).toBe(true);
        expect((await luodi.health()).status).toBe(200);

        await expectDelivered(world, luodi);
        await luodi.stop();
        await expectInvariants(world, result);
        await expectFactsEqualRebuild(world, TOTAL);
      });
    } finally {
      await world.close();
    }
  },
);
