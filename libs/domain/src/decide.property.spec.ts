import fc from 'fast-check';
import { addDays, compareDates, minDate } from './business-date';
import { PROJECT_COMMAND_TYPES, type ProjectCommand, type ProjectCommandType } from './commands';
import { decide } from './decide';
import { DomainError } from './errors';
import { PROJECT_EVENT_TYPES, type ProjectEvent, type ProjectEventType } from './events';
import { evolve, replay } from './evolve';
import { initialProjectState, type ProjectState } from './project-state';
import { PIPELINE, type Stage } from './stage';
import { CREDIT_CODE } from './testing/fixtures';
import { upcast } from './upcast';
import { ACTIVITY_TYPES, COORDINATION_LEVELS, ISSUE_CATEGORIES } from './vocabulary';

const START = '2024-01-01';
const TODAY = '2026-12-31';

type Kind = Exclude<ProjectCommandType, 'RegisterLead'>;
type Step = {
  /** ADVANCE: the command for the next stage, so long runs get deep into the pipeline. */
  kind: Kind | 'ADVANCE';
  gap: number;
  amount: number;
  pick: number;
  flag: boolean;
};

const stepArb: fc.Arbitrary<Step> = fc.record({
  kind: fc.oneof(
    { arbitrary: fc.constant('ADVANCE' as const), weight: 4 },
    {
      arbitrary: fc.constantFrom(
        ...PROJECT_COMMAND_TYPES.filter((t): t is Kind => t !== 'RegisterLead'),
      ),
      weight: 16,
    },
  ),
  gap: fc.nat(40),
  amount: fc.integer({ min: 0, max: 10_000_000_000 }),
  pick: fc.nat(1000),
  flag: fc.boolean(),
});

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

const roundTrip = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** A plausible command for the current state; some are refused, which is part of the test. */
const ADVANCE: Record<Stage, Kind> = {
  LEAD: 'StartNegotiation',
  NEGOTIATING: 'SignContract',
  SIGNED: 'RegisterCompany',
  REGISTERED: 'BreakGround',
  UNDER_CONSTRUCTION: 'StartProduction',
  IN_PRODUCTION: 'RecordInvestment',
  DROPPED: 'ReactivateProject',
};

function commandFor(step: Step, state: ProjectState, on: string): ProjectCommand {
  const kind = step.kind === 'ADVANCE' ? ADVANCE[state.exists ? state.stage : 'LEAD'] : step.kind;
  const issueIds = state.exists ? Object.keys(state.issues) : [];
  const issueId =
    step.flag || issueIds.length === 0
      ? `i-${issueIds.length + 1}`
      : (issueIds[step.pick % issueIds.length] ?? 'i-x');
  const money = {
    yuan: step.amount,
    currency: step.pick % 5 === 0 ? ('USD' as const) : ('CNY' as const),
  };
  const later = (days: number) => addDays(on, days + (step.pick % 200));
  const level = COORDINATION_LEVELS[step.pick % 3] ?? 'TOWN';
  switch (kind) {
    case 'StartNegotiation':
      return {
        type: kind,
        occurredOn: on,
        ...(step.flag ? { plannedInvestment: money, leadOfficer: '张三' } : {}),
      };
    case 'SignContract':
      return {
        type: kind,
        occurredOn: on,
        contractInvestment: money,
        occasion: step.flag ? 'CEREMONY' : 'INDIVIDUAL',
        ...(step.pick % 3 === 0 ? { commitments: { breakGroundBy: later(10) } } : {}),
      };
    case 'RegisterCompany':
      return {
        type: kind,
        occurredOn: on,
        creditCode: CREDIT_CODE,
        companyName: '某某有限公司',
        ...(step.flag ? { registeredCapital: money } : {}),
      };
    case 'BreakGround':
    case 'StartProduction':
      return { type: kind, occurredOn: on };
    case 'DropProject':
      return { type: kind, occurredOn: on, reason: '流失' };
    case 'ReactivateProject':
      return { type: kind, occurredOn: on, ...(step.flag ? { reason: '重启' } : {}) };
    case 'RecordInvestment':
      return { type: kind, occurredOn: on, amount: money };
    case 'RaiseIssue':
      return {
        type: kind,
        issueId,
        occurredOn: on,
        category: ISSUE_CATEGORIES[step.pick % 8] ?? 'OTHER',
        description: '问题',
        coordinationLevel: level,
      };
    case 'AssignIssue':
      return {
        type: kind,
        issueId,
        occurredOn: on,
        unit: `单位${step.pick}`,
        dueOn: later(3),
      };
    case 'EscalateIssue':
      return { type: kind, issueId, occurredOn: on, coordinationLevel: level, reason: '升级' };
    case 'ResolveIssue':
      return { type: kind, issueId, occurredOn: on, note: '已化解' };
    case 'LogActivity':
      return {
        type: kind,
        occurredOn: on,
        activityType: ACTIVITY_TYPES[step.pick % 4] ?? 'VISIT',
        ...(step.flag ? { note: '考察' } : {}),
      };
    case 'AssignResponsibility':
      return {
        type: kind,
        occurredOn: on,
        leader: `领导${step.pick % 3}`,
        ...(step.flag ? { unit: '商务局' } : {}),
      };
    case 'RescheduleCommitments':
      return {
        type: kind,
        occurredOn: on,
        ...(step.flag ? { breakGroundBy: later(30) } : { produceBy: later(800) }),
        reason: '延期',
      };
    case 'CorrectProjectDetails':
      return {
        type: kind,
        occurredOn: on,
        changes: step.flag ? { name: `项目${step.pick}` } : { estimatedInvestment: money },
        reason: '更正',
      };
  }
}

/** Runs the steps through decide, continuing each time from a JSON snapshot of the state. */
function run(steps: readonly Step[]) {
  let state = evolve(
    initialProjectState(),
    decide(
      {
        type: 'RegisterLead',
        projectId: 'p-1',
        name: '项目',
        investor: { name: '投资方' },
        industryChain: 'HYDROGEN',
        regionCode: '410928',
        source: 'FAIR',
        estimatedInvestment: { yuan: 0, currency: 'CNY' },
        occurredOn: START,
      },
      initialProjectState(),
      { today: TODAY },
    )[0]!,
  );
  const events: ProjectEvent[] = replayable(state);
  const snapshots: Array<{ at: number; state: ProjectState }> = [];
  let cursor = START;
  for (const step of steps) {
    const on = minDate(addDays(cursor, step.gap), TODAY);
    let produced: ProjectEvent[];
    try {
      produced = decide(commandFor(step, state, on), deepFreeze(state), { today: TODAY });
    } catch (error) {
      if (error instanceof DomainError) continue;
      throw error;
    }
    for (const event of produced) {
      const next = evolve(state, deepFreeze(event));
      const snapshot = roundTrip(next);
      expect(snapshot).toStrictEqual(next); // snapshot-safe at every step
      events.push(event);
      state = snapshot;
    }
    snapshots.push({ at: events.length, state });
    cursor = on;
  }
  return { state, events, snapshots };
}

// The lead event, rebuilt so the history starts with it.
function replayable(state: ProjectState): ProjectEvent[] {
  if (!state.exists) throw new Error('no lead');
  return [
    {
      type: 'LeadRegistered',
      schemaVersion: 2,
      data: {
        projectId: state.id,
        name: state.name,
        investor: state.investor,
        industryChain: state.industryChain,
        regionCode: state.regionCode,
        source: state.source,
        estimatedInvestment: state.estimatedInvestment,
        occurredOn: state.stageDates.LEAD,
      },
    },
  ];
}

describe('decide/evolve properties', () => {
  const seen = new Set<ProjectEventType>();

  it('replaying the events of random valid commands rebuilds the same, JSON-safe state', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 80, size: 'max' }), fc.nat(), (steps, cut) => {
        const { state, events, snapshots } = run(steps);
        events.forEach((e) => seen.add(e.type));

        // (a) a full replay gives the state built step by step
        expect(replay(events)).toStrictEqual(state);
        // ... and so does a snapshot plus the tail after it
        const snap = snapshots[cut % Math.max(snapshots.length, 1)];
        if (snap) expect(replay(events.slice(snap.at), roundTrip(snap.state))).toStrictEqual(state);
        // ... and stored events read back through upcast are unchanged
        const stored = events.map((e) => roundTrip(e));
        expect(stored.map((e) => upcast(e.type, e.schemaVersion, e.data))).toStrictEqual(events);
        expect(roundTrip(state)).toStrictEqual(state);

        // Invariants the rules promise.
        if (!state.exists) throw new Error('project vanished');
        const dates = PIPELINE.map((s) => state.stageDates[s]).filter(
          (d): d is string => d !== undefined,
        );
        expect([...dates].sort()).toEqual(dates);
        expect(dates).toHaveLength(
          Math.max(PIPELINE.indexOf(state.stageBeforeDrop ?? (state.stage as never)), 0) + 1,
        );
        expect(state.stage === 'DROPPED').toBe(state.stageBeforeDrop !== undefined);
        const occurred = events.map((e) => e.data.occurredOn);
        expect(
          occurred.every((d) => compareDates(d, TODAY) <= 0 && compareDates(d, START) >= 0),
        ).toBe(true);
        expect(state.lastProgressOn).toBe([...occurred].sort().at(-1));
        const arrived = { CNY: 0, USD: 0 };
        for (const e of events)
          if (e.type === 'InvestmentArrived') arrived[e.data.amount.currency] += e.data.amount.yuan;
        expect(state.arrived).toStrictEqual(arrived);
        expect(Object.keys(state.issues)).toHaveLength(
          events.filter((e) => e.type === 'IssueRaised').length,
        );
        expect(Object.values(state.issues).filter((i) => i.status === 'RESOLVED')).toHaveLength(
          events.filter((e) => e.type === 'IssueResolved').length,
        );
      }),
      { numRuns: 200 },
    );
    // The generator must actually reach every kind of event, or the property is hollow.
    expect([...seen].sort()).toEqual([...PROJECT_EVENT_TYPES].sort());
  });
});
