import fc from 'fast-check';
import { PIPELINE } from '@luodi/domain';
import type { ProjectSnapshot } from './project-snapshot';
import { packSnapshot, unpackSnapshot } from './snapshot-codec';

const date = fc
  .date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const text = fc.string({ unit: 'grapheme', maxLength: 12 });
const amount = fc.option(
  fc.record({
    yuan: fc.maxSafeNat(),
    currency: fc.constantFrom('CNY', 'USD', 'EUR'),
  }),
);
const snapshot: fc.Arbitrary<ProjectSnapshot> = fc.record({
  id: fc.uuid(),
  name: text,
  regionCode: fc.stringMatching(/^\d{6,9}$/),
  industryChain: fc.constantFrom('NEV', 'NEW_MATERIALS'),
  stage: fc.constantFrom(...PIPELINE, 'DROPPED' as const),
  stageEnteredOn: date,
  // Stages in any order: the fold records them in the order they were reached.
  stageDates: fc
    .shuffledSubarray([...PIPELINE])
    .chain((stages) => fc.tuple(...stages.map((s) => date.map((d) => [s, d] as const))))
    .map((pairs) => Object.fromEntries(pairs)),
  droppedOn: fc.option(date),
  everDropped: fc.boolean(),
  reactivations: fc.nat(5),
  estimated: amount,
  planned: amount,
  contract: amount,
  arrivals: fc.array(
    fc.record({
      on: date,
      yuan: fc.maxSafeNat(),
      currency: fc.constantFrom('CNY', 'USD'),
    }),
    { maxLength: 4 },
  ),
  issues: fc.array(
    fc.record({
      issueId: fc.uuid(),
      category: fc.constantFrom('LAND', 'POWER'),
      description: text,
      coordinationLevel: fc.constantFrom('CITY', 'COUNTY', 'TOWN'),
      raisedOn: date,
      unit: fc.option(text),
      dueOn: fc.option(date),
      resolvedOn: fc.option(date),
    }),
    { maxLength: 3 },
  ),
  responsibleUnit: fc.option(text),
});

describe('the packed project snapshot', () => {
  it('reads back exactly the snapshot it was packed from, keys in the same order (property)', () => {
    fc.assert(
      fc.property(snapshot, (p) => {
        const stored = JSON.stringify(packSnapshot(p));
        expect(JSON.stringify(unpackSnapshot(JSON.parse(stored)))).toBe(JSON.stringify(p));
      }),
    );
  });

  it('is about half the size of the object form for a typical signed project', () => {
    const p: ProjectSnapshot = {
      id: '0010075a-195f-41ee-b29b-589b9afc5715',
      name: '美金电机电控系统生产项目',
      regionCode: '420602103',
      industryChain: 'NEV',
      stage: 'SIGNED',
      stageEnteredOn: '2025-08-28',
      stageDates: { LEAD: '2025-04-02', NEGOTIATING: '2025-04-17', SIGNED: '2025-08-28' },
      droppedOn: null,
      everDropped: false,
      reactivations: 0,
      estimated: { yuan: 140_000_000, currency: 'CNY' },
      planned: { yuan: 140_000_000, currency: 'CNY' },
      contract: { yuan: 130_000_000, currency: 'CNY' },
      arrivals: [{ on: '2025-11-11', yuan: 55_000_000, currency: 'CNY' }],
      issues: [],
      responsibleUnit: '襄城区商务局',
    };
    const packed = Buffer.byteLength(JSON.stringify(packSnapshot(p)));
    expect(packed / Buffer.byteLength(JSON.stringify(p))).toBeLessThan(0.55);
  });
});
