import { foldSnapshots } from '@luodi/projections';
import { FactLog } from './testing/fact-log';
import { landingThisYear, majorProjects, monthlyMilestones } from './weekly-agenda';

// The two series behind the weekly page's charts: this year's signing cohort and how far it
// landed (签约到落地), and signings and groundbreakings month by month.

/** The snapshots as the report folds them: only what happened by the as-of date. */
function projects(asOf = '2026-06-22') {
  const log = new FactLog();
  // Signed last year, broke ground this year: a groundbreaking in March, not in the cohort.
  log
    .project('old')
    .lead('2025-10-01')
    .sign('2025-12-20', { wan: 10_000 })
    .register('2026-01-10')
    .breakGround('2026-03-05');
  // This year's cohort: four signings, landing at different depths.
  log
    .project('a')
    .lead('2026-01-02')
    .sign('2026-01-15', { wan: 20_000 })
    .register('2026-02-01')
    .breakGround('2026-03-31')
    .startProduction('2026-06-01');
  log
    .project('b')
    .lead('2026-01-02')
    .sign('2026-03-01', { wan: 5_000.5 })
    .register('2026-04-01')
    .breakGround('2026-06-22');
  log.project('c').lead('2026-01-02').sign('2026-03-28', { wan: 1_000 }).register('2026-05-01');
  log.project('d').lead('2026-01-02').sign('2026-06-22', { wan: 300, currency: 'USD' });
  // Signed after the as-of date: not yet known to the report.
  log.project('late').lead('2026-01-02').sign('2026-06-23', { wan: 9_999 });
  return foldSnapshots(log.facts.filter((f) => f.occurredOn <= asOf));
}

describe('签约到落地 of the year', () => {
  it('follows the signings from 1 January to the as-of date', () => {
    const landing = landingThisYear(projects(), 2026, '2026-06-22');
    expect(landing).toMatchObject({
      signedFrom: '2026-01-01',
      signedTo: '2026-06-22',
      landingRule: 'UNDER_CONSTRUCTION',
      signed: 4,
      registered: 3,
      groundbroken: 2,
      inProduction: 1,
      landed: 2,
      registrationRate: 75,
      groundbreakingRate: 50,
      productionRate: 25,
      landingRate: 50,
    });
  });

  it('counts a signing and a groundbreaking of the as-of day, not of the day after', () => {
    expect(landingThisYear(projects('2026-06-21'), 2026, '2026-06-21')).toMatchObject({
      signed: 3,
      groundbroken: 1,
    });
  });
});

describe('signings and groundbreakings per month', () => {
  it('runs from January to the as-of month, with the CNY investment signed', () => {
    const months = monthlyMilestones(projects(), 2026, '2026-06-22');
    expect(months.map((m) => m.month)).toEqual([
      '2026-01',
      '2026-02',
      '2026-03',
      '2026-04',
      '2026-05',
      '2026-06',
    ]);
    expect(months.map((m) => [m.signings, m.groundbreakings])).toEqual([
      [1, 0],
      [0, 0],
      [2, 2],
      [0, 0],
      [0, 0],
      [1, 1],
    ]);
    expect(months[2]!.signedInvestment.wan).toBe(6_000.5);
    // The USD signing counts as a signing; its amount is never mixed into the CNY total.
    expect(months[5]!.signedInvestment.yuan).toBe(0);
  });

  it('covers the whole of a past year and none of a future one', () => {
    expect(monthlyMilestones(projects(), 2025, '2026-06-22')).toHaveLength(12);
    expect(monthlyMilestones(projects(), 2027, '2026-06-22')).toEqual([]);
  });
});

describe('重大项目 (≥ 5 亿元)', () => {
  it('lists live CNY projects of 5 亿元 or more, largest first', () => {
    const log = new FactLog();
    log.project('five').lead('2026-01-02').sign('2026-02-01', { wan: 50_000 });
    log.project('short').lead('2026-01-02').sign('2026-02-01', { wan: 49_999.99 });
    log.project('twelve').lead('2026-01-02').sign('2026-02-01', { wan: 120_000 });
    log.project('planned').lead('2026-01-02').negotiate('2026-01-20', { wan: 80_000 });
    log.project('dollars').lead('2026-01-02').sign('2026-02-01', { wan: 900_000, currency: 'USD' });
    log.project('gone').lead('2026-01-02').sign('2026-02-01', { wan: 900_000 }).drop('2026-03-01');
    const rows = majorProjects(foldSnapshots(log.facts));
    expect(rows.map((r) => [r.projectId, r.investment?.yuan])).toEqual([
      ['twelve', 1_200_000_000],
      ['planned', 800_000_000],
      ['five', 500_000_000],
    ]);
  });
});
