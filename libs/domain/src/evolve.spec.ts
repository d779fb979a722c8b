import { projectEvent } from './events';
import { evolve, ProjectStreamError, replay } from './evolve';
import { initialProjectState } from './project-state';
import { cny, DATES, eventsUpTo, leadRegistered } from './testing/fixtures';
import { upcast } from './upcast';

describe('evolve', () => {
  it('starts from a project that does not exist', () => {
    expect(initialProjectState()).toStrictEqual({ exists: false });
  });

  it('builds the full lead state with no undefined values', () => {
    const state = replay([leadRegistered({ externalRef: 'HN-2026-001' })]);
    expect(state).toStrictEqual({
      exists: true,
      id: 'p-001',
      stage: 'LEAD',
      stageEnteredOn: DATES.LEAD,
      name: '年产10万吨新材料项目',
      investor: { name: '某某新材料有限公司', origin: '浙江宁波' },
      industryChain: 'NEW_MATERIALS',
      regionCode: '410928',
      source: 'EXISTING_INVESTOR',
      externalRef: 'HN-2026-001',
      estimatedInvestment: cny(1_200_000_000),
      arrived: { CNY: 0, USD: 0 },
      stageDates: { LEAD: DATES.LEAD },
      lastProgressOn: DATES.LEAD,
      commitments: {},
      defaultedCommitments: [],
      commitmentSlips: { registerBy: 0, breakGroundBy: 0, produceBy: 0 },
      responsibility: {},
      issues: {},
      activities: { VISIT: 0, RECEPTION: 0, MEETING: 0, PROMOTION_EVENT: 0 },
    });
    expect(JSON.parse(JSON.stringify(state))).toStrictEqual(state);
  });

  it('returns a new object and leaves its input alone', () => {
    const before = replay(eventsUpTo('SIGNED'));
    const copy = structuredClone(before);
    const after = evolve(
      Object.freeze(before),
      projectEvent('InvestmentArrived', { occurredOn: '2026-03-01', amount: cny(5) }),
    );
    expect(after).not.toBe(before);
    expect(before).toStrictEqual(copy);
    expect(after).toMatchObject({ arrived: { CNY: 5, USD: 0 } });
  });

  it('keeps lastProgressOn at the latest business date, even for a late report', () => {
    const state = replay([
      ...eventsUpTo('SIGNED'),
      projectEvent('ActivityLogged', { occurredOn: '2026-01-10', activityType: 'MEETING' }),
    ]);
    expect(state).toMatchObject({ lastProgressOn: DATES.SIGNED });
  });

  it('reads a legacy v1 lead through the upcaster', () => {
    const legacy = upcast('LeadRegistered', 1, {
      projectId: 'p-old',
      name: '氢能项目',
      investorName: '某某氢能',
      industryChain: 'HYDROGEN',
      regionCode: '410928',
      source: 'ONLINE',
      estimatedInvestment: cny(0),
      occurredOn: '2025-01-02',
    });
    expect(replay([legacy])).toMatchObject({ id: 'p-old', investor: { name: '某某氢能' } });
  });

  it('refuses a stream that breaks the rules', () => {
    expect(() =>
      evolve(initialProjectState(), projectEvent('GroundBroken', { occurredOn: DATES.LEAD })),
    ).toThrow(ProjectStreamError);
    expect(() => replay([leadRegistered(), leadRegistered()])).toThrow(ProjectStreamError);
    expect(() =>
      replay([
        leadRegistered(),
        projectEvent('IssueResolved', { issueId: 'nope', occurredOn: DATES.LEAD, note: 'x' }),
      ]),
    ).toThrow(ProjectStreamError);
  });
});
