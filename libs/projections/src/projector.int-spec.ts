import fc from 'fast-check';
import { EventStore } from '@luodi/event-store';
import type { DataSource } from 'typeorm';
import { closeTestDataSource, createTestDataSource } from '../../../test/support/test-data-source';
import { FactsProjection } from './facts.projection';
import { Projector } from './projector';

const STEPS = [
  'NegotiationStarted',
  'ContractSigned',
  'CompanyRegistered',
  'GroundBroken',
] as const;

/** A random history: per project a walk, drops, money; appended in random interleavings. */
const history = fc.array(
  fc.record({
    project: fc.integer({ min: 0, max: 5 }),
    kind: fc.constantFrom('step', 'money', 'drop'),
    day: fc.integer({ min: 1, max: 28 }),
    amount: fc.integer({ min: 1, max: 1_000_000_000 }),
    runProjector: fc.boolean(),
  }),
  { minLength: 1, maxLength: 25 },
);

describe('projector: incremental equals rebuild', () => {
  let ds: DataSource;
  beforeAll(async () => {
    ds = await createTestDataSource();
  });
  afterAll(() => closeTestDataSource(ds));

  it('for random event histories', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(history, async (ops) => {
        run++;
        await ds.query(
          `DELETE FROM events; DELETE FROM projections; DELETE FROM projection_rebuilds`,
        );
        // A failed run leaves its generations behind: drop them, or shrinking would see them.
        const left: Array<{ tablename: string }> = await ds.query(
          `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'rm\\_%'`,
        );
        for (const { tablename } of left) await ds.query(`DROP TABLE "${tablename}"`);
        const store = new EventStore(ds);
        // Small pages: the rebuild reads ahead across pages, and its fold's pages cut projects
        // (or hold one project alone) all the time.
        const facts = new FactsProjection({ foldPage: 4 });
        const projector = new Projector(ds, [facts], {
          batchSize: 3,
          rebuildBatchSize: 4,
          logger: { log: () => {}, error: () => {} },
        });
        await projector.init();
        const versions = new Map<number, number>();
        for (const op of ops) {
          const id = `00000000-0000-4000-8000-${String(run).padStart(6, '0')}${String(op.project).padStart(6, '0')}`;
          const stream = `project-${id}`;
          const version = versions.get(op.project) ?? 0;
          const on = `2026-01-${String(op.day).padStart(2, '0')}`;
          const event =
            version === 0
              ? {
                  type: 'LeadRegistered',
                  schemaVersion: 2,
                  data: {
                    projectId: id,
                    name: 'p',
                    investor: { name: 'i' },
                    industryChain: 'C',
                    regionCode: 'R',
                    source: 'OTHER',
                    estimatedInvestment: { yuan: op.amount, currency: 'CNY' },
                    occurredOn: on,
                  },
                }
              : op.kind === 'money'
                ? {
                    type: 'InvestmentArrived',
                    schemaVersion: 1,
                    data: { occurredOn: on, amount: { yuan: op.amount, currency: 'CNY' } },
                  }
                : op.kind === 'drop'
                  ? {
                      type: 'ProjectDropped',
                      schemaVersion: 1,
                      data: { occurredOn: on, reason: 'r', fromStage: 'LEAD' },
                    }
                  : {
                      type: STEPS[(version - 1) % STEPS.length]!,
                      schemaVersion: 1,
                      data: {
                        occurredOn: on,
                        contractInvestment: { yuan: op.amount, currency: 'CNY' },
                        occasion: 'INDIVIDUAL',
                        commitments: {},
                        defaultedCommitments: [],
                        creditCode: 'x',
                        companyName: 'c',
                      },
                    };
          await store.append(stream, version === 0 ? 'no-stream' : version, [
            { ...event, occurredOn: on },
          ]);
          versions.set(op.project, version + 1);
          if (op.runProjector) await projector.runOnce();
        }
        await projector.waitForCatchUp();
        const cols = `position::text, project_id, version, type, occurred_on::text, recorded_at, stage, amount_yuan::text, detail`;
        const live = await ds.query(`SELECT ${cols} FROM ${facts.table(1)} ORDER BY position`);
        const rebuilt = await projector.rebuild('facts');
        const fresh = await ds.query(
          `SELECT ${cols} FROM ${facts.table(rebuilt.generation)} ORDER BY position`,
        );
        expect(fresh).toEqual(live);
        expect(live.length).toBe(ops.length);
        // The project states: refolded batch by batch live, folded once at the rebuild's end.
        const states = (generation: number) =>
          ds.query(
            `SELECT project_id, valid::text, snapshot::text FROM ${facts.statesTable(generation)} ORDER BY project_id, valid`,
          );
        const liveStates = await states(1);
        expect(await states(rebuilt.generation)).toEqual(liveStates);
        expect(new Set(liveStates.map((r: { project_id: string }) => r.project_id)).size).toBe(
          versions.size,
        );
        await projector.stop();
        await ds.query(
          `DROP TABLE IF EXISTS ${facts.table(rebuilt.generation)}, ${facts.statesTable(rebuilt.generation)}`,
        );
      }),
      { numRuns: 15 },
    );
  });
});
