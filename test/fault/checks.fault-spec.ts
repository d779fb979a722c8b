import {
  checkHashChains,
  checkIdempotencyRecords,
  checkInvariants,
  checkLogAgainstLoad,
  checkTransactionalReadModels,
  compareFacts,
  factsSnapshot,
} from '../support/fault/checks';
import { FAULT_SEED, FaultWorld, expectNothingLeftRunning } from '../support/fault/fault-world';
import { checkTopic, type SeenMessage } from '../support/fault/kafka';
import { CommandLoad, seedLoadReference, STEPS } from '../support/fault/load';

jest.setTimeout(180_000);

/**
 * The fault scenarios pass when these checks find nothing; so each check must find what it
 * exists to find. A small clean load first (every check passes), then the database is
 * tampered with, one kind of damage at a time.
 */
afterAll(expectNothingLeftRunning);

describe('the fault checks catch what they claim to', () => {
  it('a lost or edited event, a stale read model, a dangling idempotency record, a missing fact', async () => {
    const world = await FaultWorld.create({ name: 'checks', database: 'pglite' });
    try {
      await world.run(async () => {
        const luodi = await world.start('luodi', 'luodi');
        await seedLoadReference(luodi.url, world.adminKey);
        const load = new CommandLoad({
          baseUrl: luodi.url,
          adminKey: world.adminKey,
          projects: 3,
          concurrency: 3,
          seed: FAULT_SEED,
        });
        const result = await load.result;
        expect(result.records.every((r) => r.outcome === 'acknowledged')).toBe(true);
        await world.waitForProjections(luodi);
        await luodi.stop();
        const [a, b, c] = [0, 1, 2].map((i) => result.projectIds.get(i)!);

        // A fact lost from the live read model: a rebuild from the log has it.
        const live = await world.withDatabase(async (ds) => {
          expect(await checkInvariants(ds, result)).toEqual([]);
          const { generation } = await factsSnapshot(ds);
          await ds.query(
            `DELETE FROM rm_facts_g${generation} WHERE project_id = $1 AND version = 2`,
            [c],
          );
          return (await factsSnapshot(ds)).rows;
        });
        await world.rebuildProjections();
        const rebuilt = await world.withDatabase(factsSnapshot);
        expect(compareFacts(live, rebuilt.rows)).toEqual([
          expect.stringMatching(/^the live facts lack .*"NegotiationStarted"/),
        ]);

        await world.withDatabase(async (ds) => {
          // An edited event: its hash no longer matches, the list no longer equals the fold.
          await ds.query(
            `UPDATE events SET data = jsonb_set(data, '{name}', '"改过的名字"') WHERE stream_id = $1 AND version = 1`,
            [`project-${a}`],
          );
          expect(await checkHashChains(ds)).toEqual([expect.stringMatching(/hash chain broken/)]);
          expect(await checkTransactionalReadModels(ds)).toEqual([
            `project_list state of ${a} differs from the fold of its events`,
          ]);

          // A lost acknowledged event (the stream's last): the load's record is not in the log.
          await ds.query(`DELETE FROM events WHERE stream_id = $1 AND version = $2`, [
            `project-${b}`,
            STEPS.length,
          ]);
          expect(await checkLogAgainstLoad(ds, result)).toEqual([
            expect.stringMatching(
              /-production \(acknowledged\): acknowledged as version 7, not in the log/,
            ),
          ]);
          expect(await checkTransactionalReadModels(ds)).toContain(
            `project_list says ${b} is at version 7, the log 6`,
          );

          // An idempotent answer that points at nothing (the lost event above may leave one
          // too, when its command carried an Idempotency-Key rather than If-Match).
          await ds.query(
            `UPDATE idempotency_keys SET body = jsonb_set(body, '{version}', '99') WHERE body->>'id' = $1 AND key LIKE '%-lead'`,
            [c],
          );
          const dangling = await checkIdempotencyRecords(ds);
          expect(dangling).toContainEqual(
            expect.stringMatching(/-lead \(201, .*@99\) has no matching event/),
          );
          expect(dangling.filter((p) => !p.includes(`${b}@`) && !p.includes(`${c}@`))).toEqual([]);
        });
      });
    } finally {
      await world.close();
    }
  });

  it('the topic check: a missing event, a skip within a project, a foreign event id', () => {
    const events = [1, 2, 3].map((version) => ({
      projectId: 'p',
      version,
      eventId: `e${version}`,
    }));
    const seen = (version: number, offset: number, eventId = `e${version}`): SeenMessage => ({
      partition: 0,
      offset: String(offset),
      projectId: 'p',
      version,
      eventId,
    });
    // Republished after a relay restart: fine, and counted.
    expect(
      checkTopic([[seen(1, 0), seen(2, 1), seen(1, 2), seen(2, 3), seen(3, 4)]], events),
    ).toEqual({
      problems: [],
      duplicates: 2,
    });
    // Across a broker restart, oldest broker first.
    expect(checkTopic([[seen(1, 0)], [seen(2, 0), seen(3, 1)]], events).problems).toEqual([]);
    expect(checkTopic([[seen(1, 0), seen(3, 1)]], events).problems).toEqual([
      'p: version 3 came right after 1',
      '1 event(s) never reached the topic, e.g. p@2',
    ]);
    expect(checkTopic([[seen(1, 0), seen(2, 1, 'other'), seen(3, 2)]], events).problems).toEqual([
      'message p@2 carries other, the log e2',
      '1 event(s) never reached the topic, e.g. p@2',
    ]);
  });
});
