import fc from 'fast-check';
import { addDays, PIPELINE, type PipelineStage } from '@luodi/domain';
import {
  cnyYuan,
  foldSnapshots,
  investmentOf,
  snapshotIntervals,
  type ProjectSnapshot,
  type SnapshotInterval,
} from '@luodi/projections';
import { FactLog } from './testing/fact-log';

const only = (log: FactLog): ProjectSnapshot => {
  const snapshots = foldSnapshots(log.facts);
  expect(snapshots).toHaveLength(1);
  return snapshots[0]!;
};

describe('foldSnapshots', () => {
  it('follows a project through the pipeline, recording the date each stage was entered', () => {
    const log = new FactLog();
    log
      .project('p1')
      .lead('2026-01-05', {
        name: '复合材料项目',
        regionCode: '410928',
        industryChain: 'NEW_MATERIALS',
      })
      .negotiate('2026-02-01', { wan: 25_000 })
      .sign('2026-03-18', { wan: 30_000 })
      .register('2026-04-10')
      .breakGround('2026-05-06');
    expect(only(log)).toMatchObject({
      id: 'p1',
      name: '复合材料项目',
      regionCode: '410928',
      industryChain: 'NEW_MATERIALS',
      stage: 'UNDER_CONSTRUCTION',
      stageEnteredOn: '2026-05-06',
      stageDates: {
        LEAD: '2026-01-05',
        NEGOTIATING: '2026-02-01',
        SIGNED: '2026-03-18',
        REGISTERED: '2026-04-10',
        UNDER_CONSTRUCTION: '2026-05-06',
      },
      droppedOn: null,
      everDropped: false,
      reactivations: 0,
    });
  });

  it('marks a drop without adding a stage date for it', () => {
    const log = new FactLog();
    log.project('p1').lead('2026-01-05').negotiate('2026-02-01').drop('2026-03-01');
    const p = only(log);
    expect(p).toMatchObject({
      stage: 'DROPPED',
      stageEnteredOn: '2026-03-01',
      droppedOn: '2026-03-01',
      everDropped: true,
      reactivations: 0,
    });
    expect(p.stageDates).toEqual({ LEAD: '2026-01-05', NEGOTIATING: '2026-02-01' });
  });

  it('keeps the first date a stage was reached when a reactivation re-enters it', () => {
    const log = new FactLog();
    log
      .project('p1')
      .lead('2026-01-05')
      .negotiate('2026-02-01')
      .sign('2026-03-18', { wan: 30_000 })
      .drop('2026-04-01')
      .reactivate('2026-05-01', 'SIGNED')
      .register('2026-05-20');
    const p = only(log);
    expect(p).toMatchObject({
      stage: 'REGISTERED',
      stageEnteredOn: '2026-05-20',
      droppedOn: null,
      everDropped: true,
      reactivations: 1,
    });
    expect(p.stageDates.SIGNED).toBe('2026-03-18');
    expect(p.stageDates.REGISTERED).toBe('2026-05-20');
  });

  it('shows the reactivation date as the date the stage was re-entered', () => {
    const log = new FactLog();
    log
      .project('p1')
      .lead('2026-01-05')
      .drop('2026-01-20')
      .reactivate('2026-02-10', 'LEAD')
      .drop('2026-03-01')
      .reactivate('2026-03-15', 'LEAD');
    expect(only(log)).toMatchObject({
      stage: 'LEAD',
      stageEnteredOn: '2026-03-15',
      stageDates: { LEAD: '2026-01-05' },
      droppedOn: null,
      everDropped: true,
      reactivations: 2,
    });
  });

  it('keeps amounts with their currency and never mixes USD into CNY', () => {
    const log = new FactLog();
    log
      .project('usd')
      .lead('2026-01-05', { estimated: { wan: 3_000, currency: 'USD' } })
      // Foreign projects quote no planned investment while negotiating.
      .negotiate('2026-02-01')
      .sign('2026-03-18', { wan: 5_900, currency: 'USD' })
      .arrive('2026-04-01', { wan: 500, currency: 'USD' })
      .arrive('2026-05-01', { wan: 1_000 });
    const p = only(log);
    expect(p.estimated).toEqual({ yuan: 30_000_000, currency: 'USD' });
    expect(p.planned).toBeNull();
    expect(p.contract).toEqual({ yuan: 59_000_000, currency: 'USD' });
    expect(p.arrivals).toEqual([
      { on: '2026-04-01', yuan: 5_000_000, currency: 'USD' },
      { on: '2026-05-01', yuan: 10_000_000, currency: 'CNY' },
    ]);
    expect(cnyYuan(p.contract)).toBeNull();
    expect(cnyYuan(investmentOf(p))).toBeNull();
  });

  it('reads an amount without a currency as CNY', () => {
    const log = new FactLog();
    log.project('p1').lead('2026-01-05');
    log.facts[0]!.currency = null;
    expect(only(log).estimated).toEqual({ yuan: 200_000_000, currency: 'CNY' });
  });

  it('uses the contract investment over the planned over the estimated', () => {
    const log = new FactLog();
    log.project('lead').lead('2026-01-05', { estimated: { wan: 10_000 } });
    log
      .project('talks')
      .lead('2026-01-05', { estimated: { wan: 10_000 } })
      .negotiate('2026-02-01', {
        wan: 12_000,
      });
    log
      .project('signed')
      .lead('2026-01-05', { estimated: { wan: 10_000 } })
      .negotiate('2026-02-01', { wan: 12_000 })
      .sign('2026-03-01', { wan: 11_000 });
    log
      .project('unquoted')
      .lead('2026-01-05', { estimated: { wan: 10_000 } })
      .negotiate('2026-02-01');
    const wan = (p: ProjectSnapshot) => investmentOf(p)!.yuan / 10_000;
    expect(foldSnapshots(log.facts).map((p) => [p.id, wan(p)])).toEqual([
      ['lead', 10_000],
      ['talks', 12_000],
      ['signed', 11_000],
      ['unquoted', 10_000],
    ]);
  });

  it('follows issues from raised to assigned, escalated and resolved, per project', () => {
    const log = new FactLog();
    log
      .project('p1')
      .lead('2026-01-05')
      .negotiate('2026-02-01')
      .raiseIssue('2026-02-10', 'i1', { category: 'LAND', coordinationLevel: 'TOWN' })
      .raiseIssue('2026-02-12', 'i2', { category: 'POWER', description: '用电增容' })
      .assignIssue('2026-02-13', 'i1', '濮阳县自然资源局', '2026-03-15')
      .escalateIssue('2026-02-20', 'i1', 'CITY')
      .resolveIssue('2026-03-01', 'i2')
      // An issue the project never raised changes nothing.
      .resolveIssue('2026-03-02', 'unknown');
    log.project('p2').lead('2026-01-06').resolveIssue('2026-03-03', 'i1');
    const [p1, p2] = foldSnapshots(log.facts);
    expect(p1!.issues).toEqual([
      {
        issueId: 'i1',
        category: 'LAND',
        description: '用地指标未落实',
        coordinationLevel: 'CITY',
        raisedOn: '2026-02-10',
        unit: '濮阳县自然资源局',
        dueOn: '2026-03-15',
        resolvedOn: null,
      },
      {
        issueId: 'i2',
        category: 'POWER',
        description: '用电增容',
        coordinationLevel: 'COUNTY',
        raisedOn: '2026-02-12',
        unit: null,
        dueOn: null,
        resolvedOn: '2026-03-01',
      },
    ]);
    expect(p2!.issues).toEqual([]);
  });

  it('takes the latest responsible unit and applies corrections', () => {
    const log = new FactLog();
    log
      .project('p1')
      .lead('2026-01-05', { name: '旧名', regionCode: '410928', estimated: { wan: 8_000 } })
      .assignResponsibility('2026-01-10', '濮阳县商务局')
      .assignResponsibility('2026-01-20', null)
      .correct('2026-01-25', { name: '新名', estimated: { wan: 9_600 } })
      .correct('2026-01-26', { regionCode: '410922', industryChain: 'HYDROGEN' });
    expect(only(log)).toMatchObject({
      name: '新名',
      regionCode: '410922',
      industryChain: 'HYDROGEN',
      estimated: { yuan: 96_000_000, currency: 'CNY' },
      responsibleUnit: '濮阳县商务局',
    });
  });

  it('ignores facts of a project whose lead it has not seen', () => {
    const log = new FactLog();
    const orphan = log.project('orphan');
    orphan.lead('2026-01-05');
    log.facts.length = 0;
    orphan.negotiate('2026-02-01').arrive('2026-03-01', { wan: 100 });
    expect(foldSnapshots(log.facts)).toEqual([]);
  });

  it('dates each stage by its first entry in any walk with drops and reactivations (property)', () => {
    type Move = 'advance' | 'drop' | 'reactivate';
    const walk = fc.array(
      fc.tuple(fc.constantFrom<Move>('advance', 'advance', 'drop', 'reactivate'), fc.nat(40)),
      { maxLength: 20 },
    );
    fc.assert(
      fc.property(walk, (moves) => {
        const log = new FactLog();
        const p = log.project('p').lead('2026-01-01');
        let day = '2026-01-01';
        let at = 0; // index on the pipeline
        let dropped = false;
        const firstDates: Partial<Record<PipelineStage, string>> = { LEAD: day };
        for (const [move, gap] of moves) {
          day = addDays(day, gap);
          if (move === 'advance' && !dropped && at < PIPELINE.length - 1) {
            at += 1;
            const stage = PIPELINE[at]!;
            firstDates[stage] ??= day;
            if (stage === 'NEGOTIATING') p.negotiate(day);
            if (stage === 'SIGNED') p.sign(day, { wan: 10_000 });
            if (stage === 'REGISTERED') p.register(day);
            if (stage === 'UNDER_CONSTRUCTION') p.breakGround(day);
            if (stage === 'IN_PRODUCTION') p.startProduction(day);
          } else if (move === 'drop' && !dropped) {
            p.drop(day);
            dropped = true;
          } else if (move === 'reactivate' && dropped) {
            p.reactivate(day, PIPELINE[at]!);
            dropped = false;
          }
        }
        const snapshot = only(log);
        expect(snapshot.stageDates).toEqual(firstDates);
        expect(snapshot.stage).toBe(dropped ? 'DROPPED' : PIPELINE[at]);
      }),
    );
  });
});

describe('snapshotIntervals', () => {
  /** The interval holding a date, as the read model's `valid @> date` finds it. */
  const holding = (intervals: SnapshotInterval[], date: string) =>
    intervals.find((i) => i.from <= date && (i.to === null || date < i.to))?.snapshot;

  it('cuts a project into the date ranges its snapshot held, merging unchanged days', () => {
    const log = new FactLog();
    log
      .project('p1')
      .lead('2026-01-05')
      .negotiate('2026-02-01', { wan: 25_000 })
      .assignResponsibility('2026-02-01', '县招商局')
      .sign('2026-03-18', { wan: 30_000 });
    const intervals = snapshotIntervals(log.facts);
    expect(intervals.map(({ from, to }) => [from, to])).toEqual([
      ['2026-01-05', '2026-02-01'],
      ['2026-02-01', '2026-03-18'],
      ['2026-03-18', null],
    ]);
    expect(intervals[1]!.snapshot).toMatchObject({
      stage: 'NEGOTIATING',
      responsibleUnit: '县招商局',
    });
    // A fact that changes nothing a report reads (an issue assigned to an unknown id) adds no cut.
    log
      .project('p2')
      .lead('2026-01-05')
      .assignIssue('2026-01-09', 'nope', '县自然资源局', '2026-02-01');
    expect(snapshotIntervals(log.facts.filter((f) => f.projectId === 'p2'))).toHaveLength(1);
  });

  it('starts a backdated project at its lead, not at an earlier correction', () => {
    const log = new FactLog();
    // The correction is recorded after the lead but dated before it.
    log.project('p').lead('2026-03-01').correct('2026-02-20', { name: '更名项目' });
    const intervals = snapshotIntervals(log.facts);
    expect(intervals.map(({ from, to }) => [from, to])).toEqual([['2026-03-01', null]]);
    expect(intervals[0]!.snapshot.name).toBe('更名项目');
  });

  it('gives at every date exactly the fold of the facts dated up to it, backdated facts included (property)', () => {
    type Step = [kind: number, gap: number];
    const steps = fc.array(fc.tuple(fc.nat(9), fc.integer({ min: -20, max: 30 })), {
      maxLength: 25,
    });
    fc.assert(
      fc.property(steps, (moves: Step[]) => {
        const log = new FactLog();
        const p = log.project('p').lead('2026-01-10', { estimated: { wan: 1_000 } });
        let day = '2026-01-10';
        let issues = 0;
        for (const [kind, gap] of moves) {
          // Negative gaps backdate a fact behind ones already recorded.
          day = addDays(day, gap);
          const issue = `i${Math.max(issues, 1)}`;
          [
            () => p.negotiate(day, { wan: 2_000 }),
            () => p.sign(day, { wan: 3_000 }),
            () => p.arrive(day, { wan: 50 }),
            () => p.drop(day),
            () => p.reactivate(day, 'SIGNED'),
            () => p.raiseIssue(day, `i${++issues}`),
            () => p.assignIssue(day, issue, '县自然资源局', addDays(day, 30)),
            () => p.resolveIssue(day, issue),
            () => p.correct(day, { name: `项目${gap}` }),
            () => p.assignResponsibility(day, `单位${gap}`),
          ][kind]!();
        }
        const intervals = snapshotIntervals(log.facts);
        const dates = log.facts.map((f) => f.occurredOn).sort();
        for (let d = addDays(dates[0]!, -1); d <= addDays(dates.at(-1)!, 1); d = addDays(d, 1)) {
          expect(holding(intervals, d)).toEqual(
            foldSnapshots(log.facts.filter((f) => f.occurredOn <= d))[0],
          );
        }
        // Intervals never overlap and never repeat a snapshot back to back.
        for (let i = 1; i < intervals.length; i++) {
          expect(intervals[i - 1]!.to).toBe(intervals[i]!.from);
          expect(intervals[i - 1]!.snapshot).not.toEqual(intervals[i]!.snapshot);
        }
      }),
    );
  });
});
