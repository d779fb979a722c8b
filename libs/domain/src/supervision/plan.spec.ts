import fc from 'fast-check';
import { addDays } from '../business-date';
import type { ProjectCommand } from '../commands';
import { decide } from '../decide';
import { DomainError } from '../errors';
import { projectEvent, type ProjectEvent } from '../events';
import { evolve, replay } from '../evolve';
import type { Project, ProjectState } from '../project-state';
import {
  CREDIT_CODE,
  DATES,
  eventsUpTo,
  groundBroken,
  leadRegistered,
  PROJECT_ID,
} from '../testing/fixtures';
import { ACTIVITY_TYPES, COORDINATION_LEVELS } from '../vocabulary';
import { projectConditions, type Condition } from './conditions';
import {
  evolveItem,
  foldItem,
  isOpen,
  itemEvent,
  type ItemView,
  type SupervisionItem,
  type SupervisionItemEvent,
} from './item';
import { planEvaluation, type PlannedChange } from './plan';
import { DEFAULT_SUPERVISION_SETTINGS, type SupervisionSettings } from './settings';
import { decideItemStep, recordDecision, type ItemStepCommand } from './steps';
import { levelRank, severityRank, type SupervisionRuleId } from './vocabulary';

const SETTINGS = DEFAULT_SUPERVISION_SETTINGS;
const atOf = (day: string) => `${day}T02:00:00.000Z`;
const BREAK_GROUND_BY = addDays(DATES.SIGNED, 180); // 2026-08-09
const registered = eventsUpTo('REGISTERED');

function project(events: readonly ProjectEvent[]): Project {
  const state = replay(events);
  if (!state.exists) throw new Error('no project');
  return state;
}

interface PlanOptions {
  projects?: readonly Project[];
  open?: readonly SupervisionItem[];
  settings?: SupervisionSettings;
  earlier?: Readonly<Record<string, number>>;
  /** Conditions to pass instead of the projects' own. */
  conditions?: readonly Condition[];
  latest?: Readonly<Record<string, string>>;
}

let ids = 0;

function plan(today: string, options: PlanOptions = {}): PlannedChange[] {
  const settings = options.settings ?? SETTINGS;
  const projects = options.projects ?? [];
  return planEvaluation({
    today,
    at: atOf(today),
    settings,
    projects,
    conditions:
      options.conditions ?? projects.flatMap((p) => projectConditions(p, settings, today)),
    open: options.open ?? [],
    earlierItems: (ruleId, subjectId) => options.earlier?.[`${ruleId}|${subjectId}`] ?? 0,
    ...(options.latest
      ? {
          latestStepOn: (ruleId: string, subjectId: string) =>
            options.latest?.[`${ruleId}|${subjectId}`] ?? null,
        }
      : {}),
    newItemId: () => `item-${++ids}`,
  });
}

/** Folds the planned events into the open set: raised items join, closed ones leave. */
function applyChanges(
  open: readonly SupervisionItem[],
  changes: readonly PlannedChange[],
): SupervisionItem[] {
  const byId = new Map(open.map((item) => [item.itemId, item]));
  for (const { event } of changes) {
    const id = event.data.itemId;
    const next = evolveItem(byId.get(id), event);
    if (!next) throw new Error(`event for unknown item ${id}`);
    if (isOpen(next)) byId.set(id, next);
    else byId.delete(id);
  }
  return [...byId.values()];
}

/** The item view an alert event carries (raised, escalated, cleared, closed). */
function viewData(event: SupervisionItemEvent): ItemView {
  if (!('severity' in event.data)) throw new Error(`${event.type} carries no item view`);
  return event.data;
}

const types = (changes: readonly PlannedChange[]) => changes.map((c) => c.event.type);

function single(changes: readonly PlannedChange[]): PlannedChange {
  expect(changes).toHaveLength(1);
  return changes[0]!;
}

function openItem(
  changes: readonly PlannedChange[],
  open: readonly SupervisionItem[] = [],
): SupervisionItem {
  const items = applyChanges(open, changes);
  expect(items).toHaveLength(1);
  return items[0]!;
}

const rescheduled = (occurredOn: string, breakGroundBy: string): ProjectEvent =>
  projectEvent('CommitmentRescheduled', { occurredOn, breakGroundBy, reason: '企业申请延期' });
const responsibility = projectEvent('ResponsibilityAssigned', {
  occurredOn: '2026-03-05',
  leader: '李副市长',
  unit: '市商务局',
});

describe('planEvaluation: raising', () => {
  const p = project([...registered, responsibility]);
  const yellowDay = addDays(BREAK_GROUND_BY, -15); // 2026-07-25
  const redDay = addDays(BREAK_GROUND_BY, 1); // 2026-08-10

  it('raises a YELLOW condition to the responsible UNIT with 10 days to answer', () => {
    const change = single(plan(yellowDay, { projects: [p] }));
    expect(change.item).toBeUndefined();
    expect(change.event).toStrictEqual({
      type: 'SupervisionItemRaised',
      schemaVersion: 1,
      data: {
        itemId: expect.stringMatching(/^item-\d+$/),
        ruleId: 'GROUNDBREAKING_DEADLINE',
        kind: 'PROJECT',
        subjectId: PROJECT_ID,
        projectId: PROJECT_ID,
        regionCode: '410928',
        severity: 'YELLOW',
        reason: `签约已 165 天未开工,承诺开工日期 ${BREAK_GROUND_BY},距期限仅剩 15 天`,
        responsibleUnit: '市商务局',
        escalationLevel: 'UNIT',
        dueOn: addDays(yellowDay, 10),
        status: 'ISSUED',
        occurredOn: yellowDay,
        at: atOf(yellowDay),
        responsibleLeader: '李副市长',
      },
    });
  });

  it('raises a RED condition straight to the DEPUTY_MAYOR with 5 days to answer', () => {
    const item = openItem(plan(redDay, { projects: [p] }));
    expect(item).toMatchObject({
      severity: 'RED',
      escalationLevel: 'DEPUTY_MAYOR',
      dueOn: addDays(redDay, 5),
      redSince: redDay,
      raisedOn: redDay,
      lastStepOn: redDay,
      status: 'ISSUED',
      closure: null,
    });
    expect(item.history).toHaveLength(1);
  });

  it('raises a repeat (earlier items for the same rule and subject) to the DEPUTY_MAYOR, saying so', () => {
    const earlier = { [`GROUNDBREAKING_DEADLINE|${PROJECT_ID}`]: 1 };
    const item = openItem(plan(yellowDay, { projects: [p], earlier }));
    expect(item.severity).toBe('YELLOW');
    expect(item.escalationLevel).toBe('DEPUTY_MAYOR');
    expect(item.reason).toMatch(/\(再次预警\)$/);
    expect(item.dueOn).toBe(addDays(yellowDay, 10));
    // earlier items of another rule or subject do not count
    const other = {
      [`REGISTRATION_DEADLINE|${PROJECT_ID}`]: 3,
      'GROUNDBREAKING_DEADLINE|p-002': 2,
    };
    expect(openItem(plan(yellowDay, { projects: [p], earlier: other })).escalationLevel).toBe(
      'UNIT',
    );
  });

  it('raises nothing when nothing holds', () => {
    expect(plan(addDays(BREAK_GROUND_BY, -16), { projects: [p] })).toStrictEqual([]);
  });

  it('raises one item per condition, each with its own id', () => {
    const signedOnly = project(eventsUpTo('SIGNED'));
    const changes = plan(addDays(DATES.SIGNED, 731), { projects: [signedOnly] });
    expect(types(changes)).toStrictEqual(Array(3).fill('SupervisionItemRaised'));
    expect(new Set(changes.map((c) => c.event.data.itemId)).size).toBe(3);
  });

  it('does not raise again while the item is open', () => {
    const open = applyChanges([], plan(yellowDay, { projects: [p] }));
    expect(plan(yellowDay, { projects: [p], open })).toStrictEqual([]);
    expect(plan(addDays(yellowDay, 5), { projects: [p], open })).toStrictEqual([]);
  });
});

describe('planEvaluation: escalation', () => {
  const p = project(registered);
  const yellowDay = addDays(BREAK_GROUND_BY, -15);
  const redDay = addDays(BREAK_GROUND_BY, 1);
  const yellowItem = openItem(plan(yellowDay, { projects: [p] }));

  it('escalates yellow → red once, to the DEPUTY_MAYOR, with a fresh 5-day due date', () => {
    const change = single(plan(redDay, { projects: [p], open: [yellowItem] }));
    expect(change.item).toBe(yellowItem);
    expect(change.event.type).toBe('SupervisionItemEscalated');
    expect(change.event.data).toMatchObject({
      itemId: yellowItem.itemId,
      severity: 'RED',
      escalationLevel: 'DEPUTY_MAYOR',
      dueOn: addDays(redDay, 5),
      status: 'ISSUED',
      occurredOn: redDay,
      reason: `签约已 181 天未开工,承诺开工日期 ${BREAK_GROUND_BY} 已逾期 1 天`,
    });
    const red = openItem([change], [yellowItem]);
    expect(red.redSince).toBe(redDay);
    expect(red.raisedOn).toBe(yellowDay);
    // once: the same day and the following days change nothing more
    expect(plan(redDay, { projects: [p], open: [red] })).toStrictEqual([]);
    expect(plan(addDays(redDay, 29), { projects: [p], open: [red] })).toStrictEqual([]);
  });

  it('never lowers the level when escalating (an item already at CITY_LEADER stays there)', () => {
    const high = { ...yellowItem, escalationLevel: 'CITY_LEADER' as const };
    const change = single(plan(redDay, { projects: [p], open: [high] }));
    expect(viewData(change.event).escalationLevel).toBe('CITY_LEADER');
  });

  it('keeps the status of the 督办单 when escalating', () => {
    const acknowledged = evolveItem(
      yellowItem,
      itemEvent('SupervisionItemAcknowledged', {
        itemId: yellowItem.itemId,
        occurredOn: addDays(yellowDay, 1),
        at: atOf(addDays(yellowDay, 1)),
        by: 'u1',
      }),
    )!;
    const red = openItem(plan(redDay, { projects: [p], open: [acknowledged] }), [acknowledged]);
    expect(red.status).toBe('ACKNOWLEDGED');
    expect(red.severity).toBe('RED');
  });

  describe('red for cityLeaderAfterRedDays goes to the CITY_LEADER, once', () => {
    const red = openItem(plan(redDay, { projects: [p] }));

    it('not before 30 days', () => {
      expect(plan(addDays(redDay, 29), { projects: [p], open: [red] })).toStrictEqual([]);
    });

    it('at 30 days', () => {
      const day = addDays(redDay, 30);
      const change = single(plan(day, { projects: [p], open: [red] }));
      expect(change.event.type).toBe('SupervisionItemEscalated');
      expect(change.event.data).toMatchObject({
        severity: 'RED',
        escalationLevel: 'CITY_LEADER',
        dueOn: addDays(day, 5),
      });
      expect(change.event.data).toHaveProperty(
        'reason',
        `签约已 211 天未开工,承诺开工日期 ${BREAK_GROUND_BY} 已逾期 31 天;红灯已持续 30 天,提级至市领导督办`,
      );
      const top = openItem([change], [red]);
      expect(top.redSince).toBe(redDay);
      expect(plan(day, { projects: [p], open: [top] })).toStrictEqual([]);
      expect(plan(addDays(day, 400), { projects: [p], open: [top] })).toStrictEqual([]);
    });

    it('counts from when the item turned red, not from when it was raised', () => {
      const turned = openItem(plan(redDay, { projects: [p], open: [yellowItem] }), [yellowItem]);
      expect(plan(addDays(redDay, 29), { projects: [p], open: [turned] })).toStrictEqual([]);
      expect(
        viewData(single(plan(addDays(redDay, 30), { projects: [p], open: [turned] })).event)
          .escalationLevel,
      ).toBe('CITY_LEADER');
    });

    it('uses the configured number of days', () => {
      const settings = structuredClone(SETTINGS);
      settings.escalation.cityLeaderAfterRedDays = 7;
      expect(plan(addDays(redDay, 6), { projects: [p], open: [red], settings })).toStrictEqual([]);
      expect(
        types(plan(addDays(redDay, 7), { projects: [p], open: [red], settings })),
      ).toStrictEqual(['SupervisionItemEscalated']);
    });
  });
});

describe('planEvaluation: clearing', () => {
  const p = project(registered);
  const lateDay = addDays(BREAK_GROUND_BY, 3);
  const red = openItem(plan(lateDay, { projects: [p] }));

  it('clears an item whose condition is gone, saying why', () => {
    const built = project([...registered, groundBroken(addDays(lateDay, 2))]);
    const day = addDays(lateDay, 2);
    const change = single(plan(day, { projects: [built], open: [red] }));
    expect(change.item).toBe(red);
    expect(change.event.type).toBe('SupervisionItemCleared');
    expect(change.event.data).toMatchObject({
      itemId: red.itemId,
      status: 'CLOSED',
      severity: 'RED',
      escalationLevel: 'DEPUTY_MAYOR',
      reason: `项目已于 ${day} 开工,预警解除`,
      occurredOn: day,
    });
    const closed = evolveItem(red, change.event)!;
    expect(closed).toMatchObject({
      status: 'CLOSED',
      closure: 'CLEARED',
      closedOn: day,
      lastStepOn: day,
    });
    expect(applyChanges([red], [change])).toStrictEqual([]);
  });

  it('clears the items of a project out of scope with a generic reason', () => {
    const change = single(plan(addDays(lateDay, 1), { projects: [], open: [red] }));
    expect(change.event.type).toBe('SupervisionItemCleared');
    expect(viewData(change.event).reason).toBe('预警条件已消除');
  });

  it('clears when the rule is disabled', () => {
    const settings = structuredClone(SETTINGS);
    settings.rules.GROUNDBREAKING_DEADLINE.enabled = false;
    const change = single(plan(lateDay, { projects: [p], open: [red], settings }));
    expect(viewData(change.event).reason).toBe('该规则已停用,预警解除');
  });

  it('downgrades red → yellow as a clear and a new raise (a repeat, so at least DEPUTY_MAYOR)', () => {
    const moved = project([...registered, rescheduled(lateDay, addDays(lateDay, 10))]);
    const earlier = { [`GROUNDBREAKING_DEADLINE|${PROJECT_ID}`]: 1 };
    const changes = plan(lateDay, { projects: [moved], open: [red], earlier });
    expect(types(changes)).toStrictEqual(['SupervisionItemCleared', 'SupervisionItemRaised']);
    expect(changes[0]!.item).toBe(red);
    expect(viewData(changes[0]!.event).reason).toBe(
      `承诺开工日期已调整为 ${addDays(lateDay, 10)},预警解除`,
    );
    expect(changes[1]!.item).toBeUndefined();
    expect(changes[1]!.event.data).toMatchObject({
      severity: 'YELLOW',
      escalationLevel: 'DEPUTY_MAYOR',
      status: 'ISSUED',
      dueOn: addDays(lateDay, 10),
    });
    expect(changes[1]!.event.data.itemId).not.toBe(red.itemId);
    const open = applyChanges([red], changes);
    expect(open.map((i) => [i.severity, i.reason.endsWith('(再次预警)')])).toStrictEqual([
      ['YELLOW', true],
    ]);
    expect(
      plan(lateDay, {
        projects: [moved],
        open,
        earlier: { ...earlier, [`GROUNDBREAKING_DEADLINE|${PROJECT_ID}`]: 2 },
      }),
    ).toStrictEqual([]);
  });

  it('does not clear when the condition still holds at the same severity', () => {
    expect(plan(addDays(lateDay, 1), { projects: [p], open: [red] })).toStrictEqual([]);
  });
});

describe('planEvaluation: meeting decisions', () => {
  const decisionEvent = (dueOn: string, meetingDate = '2026-06-01') =>
    recordDecision(
      {
        itemId: 'd-1',
        meetingDate,
        text: '协调解决项目用电增容',
        unit: '市发改委',
        leader: '王副市长',
        dueOn,
        projectId: PROJECT_ID,
        regionCode: '410928',
      },
      SETTINGS,
      { today: meetingDate, at: atOf(meetingDate) },
    );
  const green = foldItem([decisionEvent('2026-06-30')])!;

  it('leaves a GREEN decision alone while its due date is far', () => {
    expect(green.severity).toBe('GREEN');
    expect(plan('2026-06-26', { open: [green] })).toStrictEqual([]);
  });

  it('escalates it to YELLOW near the due date, keeping its own due date and level', () => {
    const change = single(plan('2026-06-27', { open: [green] }));
    expect(change.event.type).toBe('SupervisionItemEscalated');
    expect(change.event.data).toMatchObject({
      severity: 'YELLOW',
      escalationLevel: 'UNIT',
      dueOn: '2026-06-30',
      reason: '2026-06-01 会议议定事项「协调解决项目用电增容」应于 2026-06-30 前落实,仅剩 3 天',
    });
  });

  it('escalates it to RED at the DEPUTY_MAYOR once overdue, then to the CITY_LEADER after 30 red days', () => {
    const red = openItem(plan('2026-07-01', { open: [green] }), [green]);
    expect(red).toMatchObject({
      severity: 'RED',
      escalationLevel: 'DEPUTY_MAYOR',
      dueOn: '2026-06-30',
      redSince: '2026-07-01',
    });
    expect(plan('2026-07-30', { open: [red] })).toStrictEqual([]);
    const top = openItem(plan('2026-07-31', { open: [red] }), [red]);
    expect(top).toMatchObject({
      severity: 'RED',
      escalationLevel: 'CITY_LEADER',
      dueOn: '2026-06-30',
    });
  });

  it('is never cleared automatically, even with no project or condition in scope', () => {
    const red = openItem(plan('2026-07-01', { open: [green] }), [green]);
    const gone = project([
      ...registered,
      projectEvent('ProjectDropped', {
        occurredOn: '2026-06-02',
        reason: '放弃',
        fromStage: 'REGISTERED',
      }),
    ]);
    expect(plan('2026-07-02', { projects: [gone], open: [red] })).toStrictEqual([]);
    expect(plan('2026-06-10', { projects: [], open: [green] })).toStrictEqual([]);
  });

  it('is never downgraded when its condition is better than the item', () => {
    // A decision already red (say, escalated by hand) while its due date is still far.
    const red = evolveItem(
      green,
      itemEvent('SupervisionItemEscalated', {
        ...raisedDataOf(green),
        severity: 'RED',
        escalationLevel: 'DEPUTY_MAYOR',
        occurredOn: '2026-06-02',
        at: atOf('2026-06-02'),
      }),
    )!;
    expect(plan('2026-06-10', { open: [red] })).toStrictEqual([]);
    const yellow = { ...red, severity: 'YELLOW' as const, redSince: null };
    expect(plan('2026-06-10', { open: [yellow] })).toStrictEqual([]);
  });
});

describe('planEvaluation: an item that knows a later day', () => {
  const p = project(registered);
  const yellowDay = addDays(BREAK_GROUND_BY, -15);
  const yellow = openItem(plan(yellowDay, { projects: [p] }));
  const later = { ...yellow, lastStepOn: addDays(BREAK_GROUND_BY, 20) };

  it('is neither escalated nor cleared by an earlier evaluation', () => {
    expect(plan(addDays(BREAK_GROUND_BY, 5), { projects: [p], open: [later] })).toStrictEqual([]);
    const built = project([...registered, groundBroken(yellowDay)]);
    expect(plan(addDays(BREAK_GROUND_BY, 5), { projects: [built], open: [later] })).toStrictEqual(
      [],
    );
  });

  it('is not raised again either', () => {
    expect(plan(addDays(BREAK_GROUND_BY, 5), { projects: [p], open: [later] })).toHaveLength(0);
  });

  it('is judged again from its last step on', () => {
    const day = addDays(BREAK_GROUND_BY, 20);
    expect(types(plan(day, { projects: [p], open: [later] }))).toStrictEqual([
      'SupervisionItemEscalated',
    ]);
    const built = project([...registered, groundBroken(yellowDay)]);
    expect(types(plan(day, { projects: [built], open: [later] }))).toStrictEqual([
      'SupervisionItemCleared',
    ]);
  });
});

describe('planEvaluation: a backfill before a known later step', () => {
  const p = project(registered);
  const redDay = addDays(BREAK_GROUND_BY, 1);
  const key = `GROUNDBREAKING_DEADLINE|${PROJECT_ID}`;

  it('raises nothing for a (rule, subject) whose items already know a later day', () => {
    const latest = { [key]: addDays(redDay, 10) };
    expect(plan(redDay, { projects: [p], latest })).toStrictEqual([]);
    expect(plan(addDays(redDay, 9), { projects: [p], latest })).toStrictEqual([]);
  });

  it('raises from that day on, and for other rules or subjects meanwhile', () => {
    const latest = { [key]: addDays(redDay, 10) };
    expect(types(plan(addDays(redDay, 10), { projects: [p], latest }))).toStrictEqual([
      'SupervisionItemRaised',
    ]);
    expect(
      types(
        plan(redDay, {
          projects: [p],
          latest: { [`REGISTRATION_DEADLINE|${PROJECT_ID}`]: '2027-01-01' },
        }),
      ),
    ).toStrictEqual(['SupervisionItemRaised']);
    expect(types(plan(redDay, { projects: [p], latest: { [key]: redDay } }))).toStrictEqual([
      'SupervisionItemRaised',
    ]);
  });
});

/** The data a Raised event for this item would carry (for building histories by hand). */
function raisedDataOf(item: SupervisionItem) {
  return {
    itemId: item.itemId,
    ruleId: item.ruleId,
    kind: item.kind,
    subjectId: item.subjectId,
    projectId: item.projectId,
    regionCode: item.regionCode,
    severity: item.severity,
    reason: item.reason,
    responsibleUnit: item.responsibleUnit,
    escalationLevel: item.escalationLevel,
    dueOn: item.dueOn,
    status: item.status,
    occurredOn: item.raisedOn,
    at: item.raisedAt,
    responsibleLeader: item.responsibleLeader,
    ...(item.meetingDate ? { meetingDate: item.meetingDate } : {}),
    ...(item.text ? { text: item.text } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Properties: random but valid project histories (through decide), evaluated as time passes.

const START = '2025-01-01';

type Kind =
  | 'ADVANCE'
  | 'DROP'
  | 'RAISE_ISSUE'
  | 'ASSIGN_ISSUE'
  | 'ESCALATE_ISSUE'
  | 'RESOLVE_ISSUE'
  | 'ACTIVITY'
  | 'RESCHEDULE'
  | 'RESPONSIBILITY'
  | 'DECISION'
  | 'ITEM_STEP'
  | 'EVALUATE';
type Step = { kind: Kind; gap: number; pick: number; flag: boolean };

const PROJECT_KINDS: Kind[] = [
  'ADVANCE',
  'DROP',
  'RAISE_ISSUE',
  'ASSIGN_ISSUE',
  'ESCALATE_ISSUE',
  'RESOLVE_ISSUE',
  'ACTIVITY',
  'RESCHEDULE',
  'RESPONSIBILITY',
];

const gapArb = fc.oneof(
  { arbitrary: fc.nat(5), weight: 4 },
  { arbitrary: fc.nat(40), weight: 4 },
  { arbitrary: fc.nat(200), weight: 1 },
);

const stepArb = (
  kinds: readonly Kind[],
  evaluateWeight: number,
  itemStepWeight = 0,
): fc.Arbitrary<Step> =>
  fc.record({
    kind: fc.oneof(
      { arbitrary: fc.constant<Kind>('ADVANCE'), weight: 3 },
      { arbitrary: fc.constantFrom(...kinds), weight: 6 },
      { arbitrary: fc.constant<Kind>('EVALUATE'), weight: evaluateWeight },
      { arbitrary: fc.constant<Kind>('ITEM_STEP'), weight: itemStepWeight },
    ),
    gap: gapArb,
    pick: fc.nat(1000),
    flag: fc.boolean(),
  });

const settingsArb: fc.Arbitrary<SupervisionSettings> = fc
  .record({
    enabled: fc.array(
      fc.oneof(
        { arbitrary: fc.constant(true), weight: 5 },
        { arbitrary: fc.constant(false), weight: 1 },
      ),
      {
        minLength: 7,
        maxLength: 7,
      },
    ),
    deadline: fc.nat(30),
    slips: fc.integer({ min: 1, max: 3 }),
    stallYellow: fc.nat(60),
    stallSpan: fc.integer({ min: 1, max: 40 }),
    unassigned: fc.nat(5),
    due: fc.nat(5),
    decision: fc.nat(5),
    // At least 1, as the API requires: at 0 a red item raised today would go to the city
    // leader at the next evaluation of the same day, and evaluating twice would not be idempotent.
    city: fc.integer({ min: 1, max: 40 }),
    yellowResponse: fc.integer({ min: 1, max: 30 }),
    redResponse: fc.integer({ min: 1, max: 30 }),
  })
  .map(({ enabled: e, ...x }) => ({
    rules: {
      REGISTRATION_DEADLINE: { enabled: e[0]!, yellowDaysBefore: x.deadline },
      GROUNDBREAKING_DEADLINE: { enabled: e[1]!, yellowDaysBefore: x.deadline },
      PRODUCTION_DEADLINE: { enabled: e[2]!, yellowDaysBefore: x.deadline },
      COMMITMENT_SLIPPED: { enabled: e[3]!, yellowAtReschedules: x.slips },
      NEGOTIATION_STALLED: {
        enabled: e[4]!,
        yellowAfterDays: x.stallYellow,
        redAfterDays: x.stallYellow + x.stallSpan,
      },
      ISSUE_UNASSIGNED: { enabled: e[5]!, yellowAfterDays: x.unassigned },
      ISSUE_DUE: { enabled: e[6]!, yellowDaysBefore: x.due },
      MEETING_DECISION: { yellowDaysBefore: x.decision },
    },
    escalation: { cityLeaderAfterRedDays: x.city },
    responseDays: { YELLOW: x.yellowResponse, RED: x.redResponse },
  }));

const ADVANCE: Record<Project['stage'], (on: string, step: Step) => ProjectCommand> = {
  LEAD: (on) => ({ type: 'StartNegotiation', occurredOn: on }),
  NEGOTIATING: (on, step) => ({
    type: 'SignContract',
    occurredOn: on,
    contractInvestment: { yuan: 1_000_000, currency: 'CNY' },
    occasion: 'INDIVIDUAL',
    ...(step.flag ? { commitments: { breakGroundBy: addDays(on, step.pick % 120) } } : {}),
  }),
  SIGNED: (on) => ({
    type: 'RegisterCompany',
    occurredOn: on,
    creditCode: CREDIT_CODE,
    companyName: '某某有限公司',
  }),
  REGISTERED: (on) => ({ type: 'BreakGround', occurredOn: on }),
  UNDER_CONSTRUCTION: (on) => ({ type: 'StartProduction', occurredOn: on }),
  IN_PRODUCTION: (on) => ({ type: 'LogActivity', occurredOn: on, activityType: 'VISIT' }),
  DROPPED: (on) => ({ type: 'ReactivateProject', occurredOn: on }),
};

function projectCommand(step: Step, p: Project, on: string): ProjectCommand | undefined {
  const issueIds = Object.keys(p.issues);
  const issueId = issueIds[step.pick % Math.max(issueIds.length, 1)] ?? 'i-none';
  switch (step.kind) {
    case 'ADVANCE':
      return ADVANCE[p.stage](on, step);
    case 'DROP':
      return { type: 'DropProject', occurredOn: on, reason: '企业放弃' };
    case 'RAISE_ISSUE':
      return {
        type: 'RaiseIssue',
        issueId: `i-${issueIds.length + 1}`,
        occurredOn: on,
        category: 'LAND',
        description: `问题${issueIds.length + 1}`,
        coordinationLevel: 'TOWN',
      };
    case 'ASSIGN_ISSUE':
      return {
        type: 'AssignIssue',
        issueId,
        occurredOn: on,
        unit: `单位${step.pick % 3}`,
        dueOn: addDays(on, step.pick % 25),
      };
    case 'ESCALATE_ISSUE':
      return {
        type: 'EscalateIssue',
        issueId,
        occurredOn: on,
        coordinationLevel: COORDINATION_LEVELS[1 + (step.pick % 2)]!,
        reason: '升级',
      };
    case 'RESOLVE_ISSUE':
      return { type: 'ResolveIssue', issueId, occurredOn: on, note: '已化解' };
    case 'ACTIVITY':
      return { type: 'LogActivity', occurredOn: on, activityType: ACTIVITY_TYPES[step.pick % 4]! };
    case 'RESCHEDULE': {
      const key = (['registerBy', 'breakGroundBy', 'produceBy'] as const)[step.pick % 3]!;
      return {
        type: 'RescheduleCommitments',
        occurredOn: on,
        [key]: addDays(on, (step.pick % 150) - 20),
        reason: '延期',
      };
    }
    case 'RESPONSIBILITY':
      return {
        type: 'AssignResponsibility',
        occurredOn: on,
        leader: `领导${step.pick % 2}`,
        ...(step.flag ? { unit: '商务局' } : {}),
      };
    default:
      return undefined;
  }
}

function itemCommand(item: SupervisionItem, step: Step): ItemStepCommand {
  if (step.pick % 7 === 0) return { type: 'close', note: '销号' };
  switch (item.status) {
    case 'ISSUED':
      return { type: 'acknowledge' };
    case 'ACKNOWLEDGED':
    case 'IN_PROGRESS':
      return { type: 'feedback', note: '办理中', done: step.flag };
    case 'FEEDBACK_SUBMITTED':
      return { type: 'review', note: '复核', approved: step.flag };
    default:
      return { type: 'close', note: '办结' };
  }
}

/** The project, open items and counters as the simulation goes on. */
class World {
  state: ProjectState;
  open: SupervisionItem[] = [];
  raised = new Map<string, number>();
  /** Latest step date of any item per (rule, subject). */
  latest = new Map<string, string>();
  /** Highest severity and level seen per item id. */
  seen = new Map<string, { severity: number; level: number }>();
  decisions = 0;
  ids = 0;
  stats = new Set<string>();

  constructor(readonly settings: SupervisionSettings) {
    this.state = evolve({ exists: false }, leadRegistered({ occurredOn: START }));
  }

  get project(): Project {
    if (!this.state.exists) throw new Error('no project');
    return this.state;
  }

  plan(today: string): PlannedChange[] {
    return planEvaluation({
      today,
      at: atOf(today),
      settings: this.settings,
      projects: [this.project],
      conditions: projectConditions(this.project, this.settings, today),
      open: this.open,
      earlierItems: (ruleId, subjectId) => this.raised.get(`${ruleId}|${subjectId}`) ?? 0,
      latestStepOn: (ruleId, subjectId) => this.latest.get(`${ruleId}|${subjectId}`) ?? null,
      newItemId: () => `it-${++this.ids}`,
    });
  }

  /** Applies the events one by one, checking that no item's severity or level ever goes down. */
  apply(events: readonly SupervisionItemEvent[]): void {
    for (const event of events) {
      const id = event.data.itemId;
      const before = this.open.find((i) => i.itemId === id);
      const after = evolveItem(before, event);
      if (!after) throw new Error(`event for an item not open: ${event.type} ${id}`);
      expect(after.history).toHaveLength((before?.history.length ?? 0) + 1);
      if (event.type === 'SupervisionItemRaised') {
        expect(before).toBeUndefined();
        const key = `${after.ruleId}|${after.subjectId}`;
        this.raised.set(key, (this.raised.get(key) ?? 0) + 1);
      }
      const prev = this.seen.get(id);
      const now = {
        severity: severityRank(after.severity),
        level: levelRank(after.escalationLevel),
      };
      if (prev) {
        expect(now.severity).toBeGreaterThanOrEqual(prev.severity);
        expect(now.level).toBeGreaterThanOrEqual(prev.level);
      }
      this.seen.set(id, now);
      const key = `${after.ruleId}|${after.subjectId}`;
      if (after.lastStepOn > (this.latest.get(key) ?? '')) this.latest.set(key, after.lastStepOn);
      this.open = this.open.filter((i) => i.itemId !== id);
      if (isOpen(after)) this.open.push(after);
    }
  }
}

const keyOf = (x: { ruleId: SupervisionRuleId; subjectId: string }) => `${x.ruleId}|${x.subjectId}`;

/** Plans at `today`, checks the plan, applies it, and checks the result. */
function evaluate(world: World, today: string): void {
  const changes = world.plan(today);
  for (const change of changes) {
    if (change.event.type === 'SupervisionItemRaised') expect(change.item).toBeUndefined();
    else expect(world.open).toContain(change.item);
    if (change.item) expect(change.event.data.itemId).toBe(change.item.itemId);
    world.stats.add(change.event.type);
    const data = change.event.data;
    if (
      (change.event.type === 'SupervisionItemRaised' ||
        change.event.type === 'SupervisionItemEscalated') &&
      'kind' in data &&
      data.kind !== 'DECISION'
    ) {
      const days =
        data.severity === 'RED'
          ? world.settings.responseDays.RED
          : world.settings.responseDays.YELLOW;
      expect(data.dueOn).toBe(addDays(today, days));
      expect(levelRank(data.escalationLevel)).toBeGreaterThanOrEqual(
        data.severity === 'RED' ? 1 : 0,
      );
    }
    if (change.event.type === 'SupervisionItemEscalated')
      world.stats.add(`to-${change.event.data.escalationLevel}`);
  }
  if (types(changes).join().includes('SupervisionItemCleared,SupervisionItemRaised'))
    world.stats.add('downgrade');
  world.apply(changes.map((c) => c.event));

  // (1) idempotent: planning the same instant again changes nothing
  expect(world.plan(today)).toStrictEqual([]);

  // (2) at most one open item per (rule, subject)
  const keys = world.open.map(keyOf);
  expect(new Set(keys).size).toBe(keys.length);

  // and the open items of the project are exactly its conditions, at the same severity
  const conditions = projectConditions(world.project, world.settings, today);
  const projectItems = world.open.filter((i) => i.kind !== 'DECISION');
  expect(projectItems.map((i) => [keyOf(i), i.severity]).sort()).toStrictEqual(
    conditions.map((c) => [keyOf(c), c.severity]).sort(),
  );
}

/** Runs the steps; returns nothing, every check happens along the way. */
function simulate(world: World, steps: readonly Step[]): void {
  let cursor = START;
  for (const step of steps) {
    const on = addDays(cursor, step.gap);
    cursor = on;
    if (step.kind === 'EVALUATE') {
      evaluate(world, on);
      continue;
    }
    if (step.kind === 'DECISION') {
      const itemId = `d-${++world.decisions}`;
      world.apply([
        recordDecision(
          {
            itemId,
            meetingDate: on,
            text: '会议议定事项',
            unit: '市发改委',
            leader: null,
            dueOn: addDays(on, step.pick % 30),
            projectId: PROJECT_ID,
            regionCode: '410928',
          },
          world.settings,
          { today: on, at: atOf(on) },
        ),
      ]);
      continue;
    }
    if (step.kind === 'ITEM_STEP') {
      const sorted = [...world.open].sort((a, b) => a.itemId.localeCompare(b.itemId));
      const item = sorted[step.pick % Math.max(sorted.length, 1)];
      if (!item) continue;
      const event = decideItemStep(item, itemCommand(item, step), {
        occurredOn: on,
        today: on,
        at: atOf(on),
        by: 'u1',
      });
      world.stats.add(event.type);
      world.apply([event]);
      continue;
    }
    const command = projectCommand(step, world.project, on);
    if (!command) continue;
    try {
      for (const event of decide(command, world.state, { today: on }))
        world.state = evolve(world.state, event);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  }
  evaluate(world, cursor);
}

describe('planEvaluation properties', () => {
  it('is idempotent, keeps one open item per rule and subject, and never lowers an item', () => {
    const stats = new Set<string>();
    const property = fc.property(
      settingsArb,
      fc.array(stepArb([...PROJECT_KINDS, 'DECISION'], 8, 4), { maxLength: 60, size: 'max' }),
      (settings, steps) => {
        const world = new World(settings);
        simulate(world, steps);
        world.stats.forEach((s) => stats.add(s));
      },
    );
    // New cases on every run; then a fixed seed whose cases are known to reach every kind of
    // change (a downgrade is rare enough that 300 random cases sometimes miss it).
    fc.assert(property, { numRuns: 300 });
    stats.clear();
    fc.assert(property, { numRuns: 300, seed: 20261122 });
    // The generator must reach every kind of change, or the properties are hollow.
    expect([...stats].sort()).toEqual(
      expect.arrayContaining([
        'SupervisionItemRaised',
        'SupervisionItemEscalated',
        'SupervisionItemCleared',
        'SupervisionItemClosed',
        'SupervisionItemAcknowledged',
        'SupervisionItemFeedbackSubmitted',
        'SupervisionItemReviewed',
        'to-DEPUTY_MAYOR',
        'to-CITY_LEADER',
        'downgrade',
      ]),
    );
  });

  it('with the default settings too', () => {
    fc.assert(
      fc.property(
        fc.array(stepArb([...PROJECT_KINDS, 'DECISION'], 8, 4), { maxLength: 60, size: 'max' }),
        (steps) => {
          simulate(new World(SETTINGS), steps);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('for a fixed project, items only get worse as the days pass: never cleared, never lowered', () => {
    const stats = new Set<string>();
    fc.assert(
      fc.property(
        settingsArb,
        fc.array(stepArb(PROJECT_KINDS, 0), { maxLength: 40, size: 'max' }),
        fc.array(fc.nat(120), { minLength: 1, maxLength: 25 }),
        (settings, steps, gaps) => {
          const world = new World(settings);
          simulate(world, steps); // project steps only (no evaluations, decisions or 督办 steps)
          // Start from a clean slate: the project as it now stands, evaluated on later and later days.
          world.open = [];
          world.raised.clear();
          world.latest.clear();
          const severityByKey = new Map<string, number>();
          let day = world.project.lastProgressOn;
          for (const gap of gaps) {
            day = addDays(day, gap);
            const changes = world.plan(day);
            expect(types(changes)).not.toContain('SupervisionItemCleared');
            world.apply(changes.map((c) => c.event));
            for (const item of world.open) {
              const key = keyOf(item);
              const rank = severityRank(item.severity);
              expect(rank).toBeGreaterThanOrEqual(severityByKey.get(key) ?? 0);
              severityByKey.set(key, rank);
              if (item.severity === 'RED') stats.add('red');
            }
            // an open item is never replaced by another for the same key
            expect(world.raised.size).toBe([...world.raised.values()].reduce((a, b) => a + b, 0));
          }
        },
      ),
      { numRuns: 200 },
    );
    expect(stats).toContain('red');
  });
});
