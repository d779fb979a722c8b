import {
  decide,
  evolve,
  initialProjectState,
  isValidCreditCode,
  moneyFromWan,
  type Currency,
  type ProjectCommand,
  type ProjectState,
} from '@luodi/domain';
import {
  generateDemo,
  isCeremonyDay,
  yearActuals,
  type DemoStep,
  type ProjectPlan,
} from './generator';
import { Rng } from './prng';

const TODAY = '2026-11-22';
const plan = generateDemo({ seed: 42, projects: 400, today: TODAY });

/** The domain command the API would build from a step's body (the DTO mappers, in short). */
function toCommand(step: DemoStep, issueIds: string[]): ProjectCommand {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the bodies are loose JSON
  const b = step.body as Record<string, any>;
  const occurredOn = b.occurredOn as string;
  const money = (wan: number, currency?: Currency) => moneyFromWan(wan, currency ?? 'CNY');
  const issueId = issueIds[step.issue ?? -1] ?? '';
  switch (step.kind) {
    case 'lead':
      return {
        type: 'RegisterLead',
        projectId: 'p-1',
        name: b.name,
        investor: b.investor,
        industryChain: b.industryChain,
        regionCode: b.regionCode,
        source: b.source,
        estimatedInvestment: money(b.estimatedInvestment, b.currency),
        occurredOn,
        externalRef: b.externalRef,
      };
    case 'negotiation':
      return {
        type: 'StartNegotiation',
        occurredOn,
        ...(b.plannedInvestment !== undefined
          ? { plannedInvestment: money(b.plannedInvestment) }
          : {}),
        leadOfficer: b.leadOfficer,
      };
    case 'signing':
      return {
        type: 'SignContract',
        occurredOn,
        contractInvestment: money(b.contractInvestment, b.currency),
        occasion: b.occasion,
        ...(b.commitments ? { commitments: b.commitments } : {}),
      };
    case 'registration':
      return {
        type: 'RegisterCompany',
        occurredOn,
        creditCode: b.creditCode,
        companyName: b.companyName,
        registeredCapital: money(b.registeredCapital),
      };
    case 'groundbreaking':
      return { type: 'BreakGround', occurredOn };
    case 'production':
      return { type: 'StartProduction', occurredOn };
    case 'drop':
      return { type: 'DropProject', occurredOn, reason: b.reason };
    case 'reactivation':
      return { type: 'ReactivateProject', occurredOn, reason: b.reason };
    case 'investment':
      return { type: 'RecordInvestment', occurredOn, amount: money(b.amount, b.currency) };
    case 'issue':
      issueIds[step.issue ?? 0] = `issue-${step.issue}`;
      return {
        type: 'RaiseIssue',
        issueId: `issue-${step.issue}`,
        occurredOn,
        category: b.category,
        description: b.description,
        coordinationLevel: b.coordinationLevel,
      };
    case 'issue-assignment':
      return { type: 'AssignIssue', issueId, occurredOn, unit: b.unit, dueOn: b.dueOn };
    case 'issue-escalation':
      return {
        type: 'EscalateIssue',
        issueId,
        occurredOn,
        coordinationLevel: b.coordinationLevel,
        reason: b.reason,
      };
    case 'issue-resolution':
      return { type: 'ResolveIssue', issueId, occurredOn, note: b.note };
    case 'activity':
      return { type: 'LogActivity', occurredOn, activityType: b.type, note: b.note };
    case 'responsibility':
      return { type: 'AssignResponsibility', ...b, occurredOn };
    case 'reschedule':
      return { type: 'RescheduleCommitments', ...b, occurredOn, reason: b.reason };
    case 'correction': {
      const c = b.changes;
      return {
        type: 'CorrectProjectDetails',
        occurredOn,
        reason: b.reason,
        changes: {
          ...c,
          ...(c.estimatedInvestment !== undefined
            ? { estimatedInvestment: money(c.estimatedInvestment) }
            : {}),
        },
      };
    }
  }
}

/** Runs a project's steps through the domain's own decide/evolve, as the API would. */
function replay(project: ProjectPlan): ProjectState {
  let state = initialProjectState();
  const issueIds: string[] = [];
  for (const step of project.steps) {
    try {
      for (const event of decide(toCommand(step, issueIds), state, { today: TODAY })) {
        state = evolve(state, event);
      }
    } catch (error) {
      throw new Error(
        `project ${project.index} step ${step.key} ${JSON.stringify(step.body)}: ${String(error)}`,
        { cause: error },
      );
    }
  }
  return state;
}

describe('demo generator', () => {
  it('is deterministic for a seed, and project i does not depend on N', () => {
    const again = generateDemo({ seed: 42, projects: 400, today: TODAY });
    expect(again).toEqual(plan);
    const fewer = generateDemo({ seed: 42, projects: 50, today: TODAY });
    expect(fewer.projects).toEqual(plan.projects.slice(0, 50));
    const other = generateDemo({ seed: 7, projects: 50, today: TODAY });
    expect(other.projects.map((p) => p.name)).not.toEqual(fewer.projects.map((p) => p.name));
  });

  it('the PRNG is pinned: the same seed gives the same numbers everywhere', () => {
    const rng = new Rng(42);
    expect(rng.next()).toBe(0.6011037519201636);
    expect(rng.next()).toBe(0.44829055899754167);
    expect(Rng.derive(1, 'project', 3).int(0, 1_000_000)).toBe(626169);
  });

  it('builds a city with 6-8 counties and 2-4 towns or zones each, and 12 chains', () => {
    const counties = plan.regions.filter((r) => r.level === 'COUNTY');
    expect(plan.city.code).toMatch(/^\d{6}$/);
    expect(counties.length).toBeGreaterThanOrEqual(6);
    expect(counties.length).toBeLessThanOrEqual(8);
    for (const county of counties) {
      expect(county.code).toMatch(/^\d{6}$/);
      const towns = plan.regions.filter((r) => r.parentCode === county.code);
      expect(towns.length).toBeGreaterThanOrEqual(2);
      expect(towns.length).toBeLessThanOrEqual(4);
      for (const t of towns) expect(t.code).toMatch(/^\d{9}$/);
    }
    expect(new Set(plan.regions.map((r) => r.code)).size).toBe(plan.regions.length);
    expect(plan.chains).toHaveLength(12);
    expect(plan.targets).toHaveLength(counties.length + 1);
  });

  it('dates every step on or before today, the stages in lifecycle order', () => {
    const order = [
      'LEAD',
      'NEGOTIATING',
      'SIGNED',
      'REGISTERED',
      'UNDER_CONSTRUCTION',
      'IN_PRODUCTION',
    ] as const;
    for (const p of plan.projects) {
      const dates = p.steps.map((s) => s.occurredOn);
      expect([...dates].sort()).toEqual(dates);
      expect(dates.every((d) => d <= TODAY)).toBe(true);
      expect(p.steps[0]?.kind).toBe('lead');
      const reached = order.filter((s) => p.stageDates[s] !== undefined);
      const stageDates = reached.map((s) => p.stageDates[s] as string);
      expect([...stageDates].sort()).toEqual(stageDates);
      expect(new Set(p.steps.map((s) => s.key)).size).toBe(p.steps.length);
    }
  });

  it('every project is accepted by the domain rules and ends in its planned stage', () => {
    for (const p of plan.projects) {
      const state = replay(p);
      expect(state.exists && state.stage).toBe(p.finalStage);
    }
  });

  it.each([
    [1, '2027-01-03'],
    [7, '2026-02-28'],
    [2024, '2028-02-29'],
    [99, '2026-06-30'],
  ])('seed %i with today %s: every step is accepted and none is in the future', (seed, today) => {
    const other = generateDemo({ seed, projects: 150, today });
    for (const p of other.projects) {
      expect(p.steps.every((s) => s.occurredOn <= today)).toBe(true);
      let state = initialProjectState();
      const issueIds: string[] = [];
      for (const step of p.steps) {
        for (const event of decide(toCommand(step, issueIds), state, { today })) {
          state = evolve(state, event);
        }
      }
      expect(state.exists && state.stage).toBe(p.finalStage);
    }
  });

  it('has a realistic stage mix', () => {
    const count = (pred: (p: ProjectPlan) => boolean) => plan.projects.filter(pred).length;
    const share = (stage: string) => count((p) => p.finalStage === stage) / plan.projects.length;
    expect(share('LEAD')).toBeGreaterThan(0.12);
    expect(share('NEGOTIATING')).toBeGreaterThan(0.15);
    expect(share('LEAD') + share('NEGOTIATING')).toBeGreaterThan(share('SIGNED') * 2);
    expect(share('SIGNED')).toBeGreaterThan(share('IN_PRODUCTION'));
    expect(share('IN_PRODUCTION')).toBeGreaterThan(0.03);
    expect(share('DROPPED')).toBeGreaterThan(0.04);
    expect(count((p) => p.reactivated)).toBeGreaterThanOrEqual(3);
    expect(count((p) => p.slips === 3)).toBeGreaterThanOrEqual(2);
    expect(count((p) => p.currency === 'USD')).toBeGreaterThanOrEqual(2);
    expect(count((p) => p.steps.some((s) => s.kind === 'correction'))).toBeGreaterThanOrEqual(1);
    const hundredYi = count((p) => (p.contractWan ?? 0) >= 1_000_000);
    expect(hundredYi).toBeGreaterThanOrEqual(1);
    expect(hundredYi).toBeLessThanOrEqual(2);
    const signed = plan.projects.filter((p) => p.contractWan !== undefined);
    const ceremonies = signed.filter((p) =>
      p.steps.some((s) => s.kind === 'signing' && s.body.occasion === 'CEREMONY'),
    );
    expect(ceremonies.length / signed.length).toBeGreaterThan(0.3);
    for (const p of ceremonies) expect(isCeremonyDay(p.stageDates.SIGNED as string)).toBe(true);
    const mid = count(
      (p) => p.currency === 'CNY' && p.estimatedWan >= 5_000 && p.estimatedWan <= 30_000,
    );
    expect(mid / plan.projects.length).toBeGreaterThan(0.4);
    expect(count((p) => p.currency === 'CNY' && p.estimatedWan >= 50_000)).toBeGreaterThan(10);
  });

  it('gives valid 统一社会信用代码', () => {
    const codes = plan.projects.flatMap((p) =>
      p.steps.filter((s) => s.kind === 'registration').map((s) => s.body.creditCode),
    );
    expect(codes.length).toBeGreaterThan(20);
    for (const code of codes) expect(isValidCreditCode(code)).toBe(true);
  });

  it('sizes the targets so that completion lands around 40-110%', () => {
    const actuals = yearActuals(plan.projects, plan.year);
    const city = plan.targets[0]!;
    expect(city.regionCode).toBe(plan.city.code);
    expect(Object.keys(city.values)).toHaveLength(7);
    for (const [indicator, target] of Object.entries(city.values)) {
      const completion = (actuals[indicator] ?? 0) / target;
      expect([indicator, completion > 0.4 && completion < 1.15]).toEqual([indicator, true]);
    }
    for (const t of plan.targets) expect(Object.keys(t.values)).toHaveLength(7);
  });
});
