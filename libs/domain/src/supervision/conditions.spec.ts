import { addDays } from '../business-date';
import { projectEvent, type ProjectEvent } from '../events';
import { replay } from '../evolve';
import type { Project } from '../project-state';
import {
  contractSigned,
  DATES,
  eventsUpTo,
  groundBroken,
  leadRegistered,
  PROJECT_ID,
} from '../testing/fixtures';
import { clearedReason, decisionCondition, projectConditions, type Condition } from './conditions';
import { foldItem, type SupervisionItem } from './item';
import { planEvaluation } from './plan';
import { DEFAULT_SUPERVISION_SETTINGS, type SupervisionSettings } from './settings';
import { recordDecision } from './steps';
import type { SupervisionRuleId } from './vocabulary';

const SETTINGS = DEFAULT_SUPERVISION_SETTINGS;
const SIGNED = DATES.SIGNED; // 2026-02-10
const REGISTER_BY = addDays(SIGNED, 90);
const BREAK_GROUND_BY = addDays(SIGNED, 180);
const PRODUCE_BY = addDays(SIGNED, 730);

function project(events: readonly ProjectEvent[]): Project {
  const state = replay(events);
  if (!state.exists) throw new Error('no project');
  return state;
}

const conditionsOf = (
  p: Project,
  today: string,
  settings: SupervisionSettings = SETTINGS,
): Condition[] => projectConditions(p, settings, today);

const only = (conditions: Condition[], ruleId: SupervisionRuleId): Condition[] =>
  conditions.filter((c) => c.ruleId === ruleId);

/** The single condition of a rule, or undefined; fails when there are several. */
function one(conditions: Condition[], ruleId: SupervisionRuleId): Condition | undefined {
  const found = only(conditions, ruleId);
  expect(found.length).toBeLessThanOrEqual(1);
  return found[0];
}

function withSettings(change: (s: SupervisionSettings) => void): SupervisionSettings {
  const copy = structuredClone(SETTINGS);
  change(copy);
  return copy;
}

const rescheduled = (occurredOn: string, moved: Record<string, string>): ProjectEvent =>
  projectEvent('CommitmentRescheduled', { occurredOn, ...moved, reason: '企业申请延期' });
const issueRaised = (issueId: string, occurredOn: string, description = '用地指标未落实') =>
  projectEvent('IssueRaised', {
    issueId,
    occurredOn,
    category: 'LAND',
    description,
    coordinationLevel: 'TOWN',
  });
const issueAssigned = (issueId: string, occurredOn: string, dueOn: string, unit = '县自然资源局') =>
  projectEvent('IssueAssigned', { issueId, occurredOn, unit, dueOn });
const issueResolved = (issueId: string, occurredOn: string) =>
  projectEvent('IssueResolved', { issueId, occurredOn, note: '已调剂用地指标' });
const dropped = (occurredOn: string, fromStage: 'SIGNED' | 'REGISTERED' | 'NEGOTIATING') =>
  projectEvent('ProjectDropped', { occurredOn, reason: '企业放弃', fromStage });
const activity = (occurredOn: string) =>
  projectEvent('ActivityLogged', { occurredOn, activityType: 'VISIT' });
const responsibility = (occurredOn: string) =>
  projectEvent('ResponsibilityAssigned', { occurredOn, leader: '李副市长', unit: '市商务局' });

/** Registered on 03-02, so only the groundbreaking and production deadlines remain. */
const registered = eventsUpTo('REGISTERED');

describe('the fixtures use the default commitments', () => {
  it('signs with registerBy +90, breakGroundBy +180, produceBy +730', () => {
    expect(project(eventsUpTo('SIGNED')).commitments).toStrictEqual({
      registerBy: REGISTER_BY,
      breakGroundBy: BREAK_GROUND_BY,
      produceBy: PRODUCE_BY,
    });
    expect(BREAK_GROUND_BY).toBe('2026-08-09');
  });
});

describe('GROUNDBREAKING_DEADLINE', () => {
  const p = project(registered);
  const at = (daysFromDeadline: number) =>
    one(conditionsOf(p, addDays(BREAK_GROUND_BY, daysFromDeadline)), 'GROUNDBREAKING_DEADLINE');

  it('holds nothing 16 days before the deadline', () => {
    expect(at(-16)).toBeUndefined();
    expect(conditionsOf(p, addDays(BREAK_GROUND_BY, -16))).toStrictEqual([]);
  });

  it('is YELLOW exactly 15 days before', () => {
    expect(at(-15)).toStrictEqual({
      ruleId: 'GROUNDBREAKING_DEADLINE',
      kind: 'PROJECT',
      subjectId: PROJECT_ID,
      projectId: PROJECT_ID,
      regionCode: '410928',
      severity: 'YELLOW',
      reason: `签约已 165 天未开工,承诺开工日期 ${BREAK_GROUND_BY},距期限仅剩 15 天`,
      responsibleUnit: null,
      responsibleLeader: null,
    });
  });

  it('is YELLOW on the deadline day (0 days left)', () => {
    const c = at(0);
    expect(c?.severity).toBe('YELLOW');
    expect(c?.reason).toContain('距期限仅剩 0 天');
    expect(c?.reason).toContain('签约已 180 天未开工');
  });

  it('is RED the day after, naming the days since signing and the days overdue', () => {
    const c = at(1);
    expect(c?.severity).toBe('RED');
    expect(c?.reason).toBe(`签约已 181 天未开工,承诺开工日期 ${BREAK_GROUND_BY} 已逾期 1 天`);
    const later = at(30);
    expect(later?.severity).toBe('RED');
    expect(later?.reason).toContain('签约已 210 天未开工');
    expect(later?.reason).toContain('已逾期 30 天');
  });

  it('goes away once ground is broken, even late', () => {
    const late = addDays(BREAK_GROUND_BY, 11);
    expect(one(conditionsOf(p, late), 'GROUNDBREAKING_DEADLINE')?.severity).toBe('RED');
    const broken = project([...registered, groundBroken(late)]);
    expect(one(conditionsOf(broken, late), 'GROUNDBREAKING_DEADLINE')).toBeUndefined();
    expect(
      one(conditionsOf(broken, addDays(late, 100)), 'GROUNDBREAKING_DEADLINE'),
    ).toBeUndefined();
  });

  it('follows a rescheduled deadline', () => {
    const moved = project([
      ...registered,
      rescheduled('2026-08-01', { breakGroundBy: '2026-12-31' }),
    ]);
    expect(
      one(conditionsOf(moved, addDays(BREAK_GROUND_BY, 1)), 'GROUNDBREAKING_DEADLINE'),
    ).toBeUndefined();
    expect(one(conditionsOf(moved, '2026-12-16'), 'GROUNDBREAKING_DEADLINE')?.severity).toBe(
      'YELLOW',
    );
  });

  it('names only the missing step when no signing date is known', () => {
    const { SIGNED: _signed, ...stageDates } = p.stageDates;
    const c = one(
      conditionsOf({ ...p, stageDates }, addDays(BREAK_GROUND_BY, 2)),
      'GROUNDBREAKING_DEADLINE',
    );
    expect(c?.reason).toBe(`未开工,承诺开工日期 ${BREAK_GROUND_BY} 已逾期 2 天`);
  });

  it('carries the responsible unit and leader of the project', () => {
    const p2 = project([...registered, responsibility('2026-03-05')]);
    const c = one(conditionsOf(p2, BREAK_GROUND_BY), 'GROUNDBREAKING_DEADLINE');
    expect(c).toMatchObject({ responsibleUnit: '市商务局', responsibleLeader: '李副市长' });
  });
});

describe('REGISTRATION_DEADLINE and PRODUCTION_DEADLINE', () => {
  it('flags a signed project not registered after registerBy', () => {
    const p = project(eventsUpTo('SIGNED'));
    expect(
      one(conditionsOf(p, addDays(REGISTER_BY, -16)), 'REGISTRATION_DEADLINE'),
    ).toBeUndefined();
    expect(one(conditionsOf(p, addDays(REGISTER_BY, -15)), 'REGISTRATION_DEADLINE')?.severity).toBe(
      'YELLOW',
    );
    const red = one(conditionsOf(p, addDays(REGISTER_BY, 1)), 'REGISTRATION_DEADLINE');
    expect(red?.severity).toBe('RED');
    expect(red?.reason).toBe(`签约已 91 天未注册,承诺注册日期 ${REGISTER_BY} 已逾期 1 天`);
  });

  it('is not raised once registered, nor for a project further down the pipeline', () => {
    expect(
      one(conditionsOf(project(registered), addDays(REGISTER_BY, 1)), 'REGISTRATION_DEADLINE'),
    ).toBeUndefined();
    expect(
      one(
        conditionsOf(project(eventsUpTo('UNDER_CONSTRUCTION')), addDays(REGISTER_BY, 1)),
        'REGISTRATION_DEADLINE',
      ),
    ).toBeUndefined();
  });

  it('flags production past produceBy until production starts', () => {
    const building = project(eventsUpTo('UNDER_CONSTRUCTION'));
    const red = one(conditionsOf(building, addDays(PRODUCE_BY, 3)), 'PRODUCTION_DEADLINE');
    expect(red?.severity).toBe('RED');
    expect(red?.reason).toContain('签约已 733 天未投产');
    expect(red?.reason).toContain('已逾期 3 天');
    expect(
      conditionsOf(project(eventsUpTo('IN_PRODUCTION')), addDays(PRODUCE_BY, 3)),
    ).toStrictEqual([]);
  });

  it('raises every overdue deadline at once for a stuck signed project', () => {
    const p = project(eventsUpTo('SIGNED'));
    const rules = conditionsOf(p, addDays(PRODUCE_BY, 1)).map((c) => [c.ruleId, c.severity]);
    expect(rules).toStrictEqual([
      ['REGISTRATION_DEADLINE', 'RED'],
      ['GROUNDBREAKING_DEADLINE', 'RED'],
      ['PRODUCTION_DEADLINE', 'RED'],
    ]);
  });

  it('raises nothing for a project that has no commitments yet', () => {
    expect(conditionsOf(project(eventsUpTo('LEAD')), '2030-01-01')).toStrictEqual([]);
  });
});

describe('DROPPED projects', () => {
  it('have no conditions, whatever is overdue or open', () => {
    const history = [
      ...eventsUpTo('SIGNED'),
      issueRaised('i-1', '2026-03-01'),
      rescheduled('2026-03-02', { breakGroundBy: '2026-09-01' }),
      rescheduled('2026-03-03', { breakGroundBy: '2026-09-02' }),
      rescheduled('2026-03-04', { breakGroundBy: '2026-09-03' }),
    ];
    const today = '2027-01-01';
    expect(conditionsOf(project(history), today).length).toBeGreaterThanOrEqual(4);
    expect(
      conditionsOf(project([...history, dropped('2026-12-01', 'SIGNED')]), today),
    ).toStrictEqual([]);
  });

  it('have no stall condition either', () => {
    const history = [...eventsUpTo('NEGOTIATING'), dropped('2026-01-25', 'NEGOTIATING')];
    expect(conditionsOf(project(history), '2027-01-01')).toStrictEqual([]);
  });
});

describe('COMMITMENT_SLIPPED', () => {
  const slips = [
    rescheduled('2026-03-10', { breakGroundBy: '2026-09-01' }),
    rescheduled('2026-03-11', { breakGroundBy: '2026-10-01' }),
    rescheduled('2026-03-12', { breakGroundBy: '2026-11-01' }),
  ];
  const today = '2026-03-12';

  it('holds nothing after 2 reschedules of the same deadline', () => {
    expect(
      one(
        conditionsOf(project([...registered, ...slips.slice(0, 2)]), today),
        'COMMITMENT_SLIPPED',
      ),
    ).toBeUndefined();
  });

  it('is YELLOW at the 3rd reschedule, naming the deadline, the count and the current date', () => {
    const c = one(conditionsOf(project([...registered, ...slips]), today), 'COMMITMENT_SLIPPED');
    expect(c).toMatchObject({ severity: 'YELLOW', kind: 'PROJECT', subjectId: PROJECT_ID });
    expect(c?.reason).toBe('承诺开工日期已调整 3 次(现为 2026-11-01)');
  });

  it('does not add up reschedules of different deadlines', () => {
    const mixed = [
      ...registered,
      ...slips.slice(0, 2),
      rescheduled('2026-03-12', { produceBy: '2028-06-01' }),
      rescheduled('2026-03-13', { produceBy: '2028-07-01' }),
    ];
    expect(one(conditionsOf(project(mixed), '2026-03-13'), 'COMMITMENT_SLIPPED')).toBeUndefined();
  });

  it('lists every slipped deadline in one condition', () => {
    const both = [
      ...registered,
      ...slips,
      rescheduled('2026-03-13', { produceBy: '2028-06-01' }),
      rescheduled('2026-03-14', { produceBy: '2028-07-01' }),
      rescheduled('2026-03-15', { produceBy: '2028-08-01' }),
    ];
    const c = one(conditionsOf(project(both), '2026-03-15'), 'COMMITMENT_SLIPPED');
    expect(c?.reason).toBe(
      '承诺开工日期已调整 3 次(现为 2026-11-01);承诺投产日期已调整 3 次(现为 2028-08-01)',
    );
  });

  it('is gone once the slipped step is reached', () => {
    const built = project([...registered, ...slips, groundBroken('2026-03-20')]);
    expect(one(conditionsOf(built, '2026-03-20'), 'COMMITMENT_SLIPPED')).toBeUndefined();
  });
});

describe('NEGOTIATION_STALLED', () => {
  const talks = eventsUpTo('NEGOTIATING'); // last progress 01-20
  const p = project(talks);
  const after = (days: number) =>
    one(conditionsOf(p, addDays(DATES.NEGOTIATING, days)), 'NEGOTIATION_STALLED');

  it('holds nothing at 59 days without progress', () => {
    expect(after(59)).toBeUndefined();
  });

  it('is YELLOW at 60 days, still YELLOW at 89', () => {
    expect(after(60)).toMatchObject({
      severity: 'YELLOW',
      reason: `在谈已 60 天无进展(最近进展 ${DATES.NEGOTIATING})`,
    });
    expect(after(89)?.severity).toBe('YELLOW');
  });

  it('is RED at 90 days', () => {
    expect(after(90)).toMatchObject({
      severity: 'RED',
      reason: `在谈已 90 天无进展(最近进展 ${DATES.NEGOTIATING})`,
    });
  });

  it('restarts the count at a logged activity', () => {
    const visit = addDays(DATES.NEGOTIATING, 50);
    const active = project([...talks, activity(visit)]);
    expect(
      one(conditionsOf(active, addDays(DATES.NEGOTIATING, 90)), 'NEGOTIATION_STALLED'),
    ).toBeUndefined();
    expect(one(conditionsOf(active, addDays(visit, 59)), 'NEGOTIATION_STALLED')).toBeUndefined();
    expect(one(conditionsOf(active, addDays(visit, 60)), 'NEGOTIATION_STALLED')?.reason).toBe(
      `在谈已 60 天无进展(最近进展 ${visit})`,
    );
  });

  it('applies only while negotiating', () => {
    expect(conditionsOf(project([leadRegistered()]), addDays(DATES.LEAD, 400))).toStrictEqual([]);
    const signed = project([...talks, contractSigned()]);
    expect(one(conditionsOf(signed, addDays(SIGNED, 91)), 'NEGOTIATION_STALLED')).toBeUndefined();
  });
});

describe('ISSUE_UNASSIGNED', () => {
  const raisedOn = '2026-03-10';
  const history = [...registered, issueRaised('i-1', raisedOn)];

  it('holds nothing 2 days after the issue was raised', () => {
    expect(one(conditionsOf(project(history), '2026-03-12'), 'ISSUE_UNASSIGNED')).toBeUndefined();
  });

  it('is YELLOW 3 days after, about the issue, for the project unit', () => {
    expect(one(conditionsOf(project(history), '2026-03-13'), 'ISSUE_UNASSIGNED')).toStrictEqual({
      ruleId: 'ISSUE_UNASSIGNED',
      kind: 'ISSUE',
      subjectId: 'i-1',
      projectId: PROJECT_ID,
      regionCode: '410928',
      severity: 'YELLOW',
      reason: '问题「用地指标未落实」提出已 3 天仍未明确责任单位',
      responsibleUnit: null,
      responsibleLeader: null,
    });
    const owned = project([
      ...registered,
      responsibility('2026-03-01'),
      issueRaised('i-1', raisedOn),
    ]);
    expect(one(conditionsOf(owned, '2026-03-13'), 'ISSUE_UNASSIGNED')).toMatchObject({
      responsibleUnit: '市商务局',
      responsibleLeader: '李副市长',
    });
  });

  it('is gone once a unit is assigned', () => {
    const assigned = project([...history, issueAssigned('i-1', '2026-03-14', '2026-06-30')]);
    expect(one(conditionsOf(assigned, '2026-03-20'), 'ISSUE_UNASSIGNED')).toBeUndefined();
  });

  it('is gone once the issue is resolved', () => {
    const resolved = project([...history, issueResolved('i-1', '2026-03-14')]);
    expect(conditionsOf(resolved, '2026-03-20')).toStrictEqual([]);
  });

  it('keeps issues apart and shortens a long description', () => {
    const long = '一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十超出部分';
    const p = project([...history, issueRaised('i-2', '2026-03-11', long)]);
    const found = only(conditionsOf(p, '2026-03-14'), 'ISSUE_UNASSIGNED');
    expect(found.map((c) => c.subjectId)).toStrictEqual(['i-1', 'i-2']);
    expect(found[1]?.reason).toBe(
      `问题「${[...long].slice(0, 30).join('')}…」提出已 3 天仍未明确责任单位`,
    );
  });
});

describe('ISSUE_DUE', () => {
  const dueOn = '2026-04-12';
  const history = [
    ...registered,
    issueRaised('i-1', '2026-03-10'),
    issueAssigned('i-1', '2026-03-12', dueOn),
  ];
  const p = project(history);
  const at = (today: string) => one(conditionsOf(p, today), 'ISSUE_DUE');

  it('holds nothing 4 days before dueOn', () => {
    expect(at('2026-04-08')).toBeUndefined();
  });

  it('is YELLOW 3 days before dueOn and on the day, for the assigned unit', () => {
    expect(at('2026-04-09')).toMatchObject({
      severity: 'YELLOW',
      kind: 'ISSUE',
      subjectId: 'i-1',
      responsibleUnit: '县自然资源局',
      reason: `问题「用地指标未落实」应于 ${dueOn} 前办结,仅剩 3 天`,
    });
    expect(at(dueOn)?.reason).toContain('仅剩 0 天');
    expect(at(dueOn)?.severity).toBe('YELLOW');
  });

  it('is RED after dueOn, naming the days overdue', () => {
    expect(at('2026-04-13')).toMatchObject({
      severity: 'RED',
      reason: `问题「用地指标未落实」应于 ${dueOn} 前办结,已逾期 1 天`,
    });
    expect(at('2026-05-12')?.reason).toContain('已逾期 30 天');
  });

  it('is gone once the issue is resolved', () => {
    expect(
      conditionsOf(project([...history, issueResolved('i-1', '2026-04-20')]), '2026-04-20'),
    ).toStrictEqual([]);
  });

  it('still applies to an escalated issue', () => {
    const escalated = project([
      ...history,
      projectEvent('IssueEscalated', {
        issueId: 'i-1',
        occurredOn: '2026-04-13',
        coordinationLevel: 'COUNTY',
        reason: '逾期',
      }),
    ]);
    expect(one(conditionsOf(escalated, '2026-04-14'), 'ISSUE_DUE')?.severity).toBe('RED');
  });
});

describe('decisionCondition', () => {
  function decision(dueOn = '2026-06-30', text = '协调解决项目用电增容'): SupervisionItem {
    const raised = recordDecision(
      {
        itemId: 'd-1',
        meetingDate: '2026-06-01',
        text,
        unit: '市发改委',
        leader: '王副市长',
        dueOn,
        projectId: PROJECT_ID,
        regionCode: '410928',
      },
      SETTINGS,
      { today: '2026-06-01', at: '2026-06-01T02:00:00.000Z' },
    );
    const item = foldItem([raised]);
    if (!item) throw new Error('no item');
    return item;
  }

  it('is GREEN while the due date is more than 3 days away', () => {
    expect(decisionCondition(decision(), SETTINGS, '2026-06-26')).toStrictEqual({
      ruleId: 'MEETING_DECISION',
      kind: 'DECISION',
      subjectId: 'd-1',
      projectId: PROJECT_ID,
      regionCode: '410928',
      severity: 'GREEN',
      reason: '2026-06-01 会议议定事项「协调解决项目用电增容」应于 2026-06-30 前落实',
      responsibleUnit: '市发改委',
      responsibleLeader: '王副市长',
    });
  });

  it('is YELLOW 3 days before and on the due date', () => {
    const c = decisionCondition(decision(), SETTINGS, '2026-06-27');
    expect(c.severity).toBe('YELLOW');
    expect(c.reason).toBe(
      '2026-06-01 会议议定事项「协调解决项目用电增容」应于 2026-06-30 前落实,仅剩 3 天',
    );
    expect(decisionCondition(decision(), SETTINGS, '2026-06-30').severity).toBe('YELLOW');
  });

  it('is RED after the due date', () => {
    const c = decisionCondition(decision(), SETTINGS, '2026-07-03');
    expect(c.severity).toBe('RED');
    expect(c.reason).toContain('已逾期 3 天');
  });

  it('uses the configured warning window', () => {
    const wide = withSettings((s) => {
      s.rules.MEETING_DECISION.yellowDaysBefore = 10;
    });
    expect(decisionCondition(decision(), wide, '2026-06-20').severity).toBe('YELLOW');
    expect(decisionCondition(decision(), wide, '2026-06-19').severity).toBe('GREEN');
  });
});

describe('disabled rules raise nothing', () => {
  const issueHistory = [
    ...registered,
    issueRaised('i-1', '2026-03-10'),
    issueAssigned('i-1', '2026-03-12', '2026-04-12'),
  ];
  const cases: Array<[Exclude<SupervisionRuleId, 'MEETING_DECISION'>, ProjectEvent[], string]> = [
    ['REGISTRATION_DEADLINE', eventsUpTo('SIGNED'), addDays(REGISTER_BY, 1)],
    ['GROUNDBREAKING_DEADLINE', registered, addDays(BREAK_GROUND_BY, 1)],
    ['PRODUCTION_DEADLINE', eventsUpTo('UNDER_CONSTRUCTION'), addDays(PRODUCE_BY, 1)],
    [
      'COMMITMENT_SLIPPED',
      [
        ...registered,
        rescheduled('2026-03-10', { breakGroundBy: '2026-09-01' }),
        rescheduled('2026-03-11', { breakGroundBy: '2026-10-01' }),
        rescheduled('2026-03-12', { breakGroundBy: '2026-11-01' }),
      ],
      '2026-03-12',
    ],
    ['NEGOTIATION_STALLED', eventsUpTo('NEGOTIATING'), addDays(DATES.NEGOTIATING, 120)],
    ['ISSUE_UNASSIGNED', [...registered, issueRaised('i-1', '2026-03-10')], '2026-03-20'],
    ['ISSUE_DUE', issueHistory, '2026-04-20'],
  ];

  it.each(cases)('%s', (ruleId, history, today) => {
    const p = project(history);
    expect(one(conditionsOf(p, today), ruleId)).toBeDefined();
    const off = withSettings((s) => {
      s.rules[ruleId].enabled = false;
    });
    const remaining = conditionsOf(p, today, off);
    expect(one(remaining, ruleId)).toBeUndefined();
    // ... and only that rule is affected
    expect(remaining).toStrictEqual(conditionsOf(p, today).filter((c) => c.ruleId !== ruleId));
  });
});

describe('thresholds come from the settings', () => {
  it('uses yellowDaysBefore, yellowAtReschedules and the stall days as configured', () => {
    const s = withSettings((x) => {
      x.rules.GROUNDBREAKING_DEADLINE.yellowDaysBefore = 30;
      x.rules.COMMITMENT_SLIPPED.yellowAtReschedules = 1;
      x.rules.NEGOTIATION_STALLED = { enabled: true, yellowAfterDays: 10, redAfterDays: 20 };
      x.rules.ISSUE_UNASSIGNED.yellowAfterDays = 0;
    });
    const p = project(registered);
    expect(
      one(conditionsOf(p, addDays(BREAK_GROUND_BY, -30), s), 'GROUNDBREAKING_DEADLINE')?.severity,
    ).toBe('YELLOW');
    expect(
      one(conditionsOf(p, addDays(BREAK_GROUND_BY, -31), s), 'GROUNDBREAKING_DEADLINE'),
    ).toBeUndefined();
    const once = project([...registered, rescheduled('2026-03-10', { produceBy: '2028-06-01' })]);
    expect(one(conditionsOf(once, '2026-03-10', s), 'COMMITMENT_SLIPPED')?.reason).toBe(
      '承诺投产日期已调整 1 次(现为 2028-06-01)',
    );
    const talks = project(eventsUpTo('NEGOTIATING'));
    expect(
      one(conditionsOf(talks, addDays(DATES.NEGOTIATING, 9), s), 'NEGOTIATION_STALLED'),
    ).toBeUndefined();
    expect(
      one(conditionsOf(talks, addDays(DATES.NEGOTIATING, 10), s), 'NEGOTIATION_STALLED')?.severity,
    ).toBe('YELLOW');
    expect(
      one(conditionsOf(talks, addDays(DATES.NEGOTIATING, 20), s), 'NEGOTIATION_STALLED')?.severity,
    ).toBe('RED');
    const fresh = project([...registered, issueRaised('i-1', '2026-03-10')]);
    expect(one(conditionsOf(fresh, '2026-03-10', s), 'ISSUE_UNASSIGNED')?.reason).toContain(
      '提出已 0 天',
    );
  });
});

describe('clearedReason', () => {
  const AT = '2026-01-01T00:00:00.000Z';

  /** The item an evaluation would raise for the project's condition of `ruleId` on `today`. */
  function itemFor(
    p: Project,
    ruleId: SupervisionRuleId,
    today: string,
    subjectId?: string,
  ): SupervisionItem {
    const conditions = conditionsOf(p, today).filter(
      (c) => c.ruleId === ruleId && (subjectId === undefined || c.subjectId === subjectId),
    );
    expect(conditions).toHaveLength(1);
    const changes = planEvaluation({
      today,
      at: AT,
      settings: SETTINGS,
      projects: [p],
      conditions,
      open: [],
      earlierItems: () => 0,
      newItemId: () => 'item-1',
    });
    const item = foldItem(changes.map((c) => c.event));
    if (!item) throw new Error('nothing raised');
    return item;
  }

  it('without a project: a generic text', () => {
    const item = itemFor(project(registered), 'GROUNDBREAKING_DEADLINE', BREAK_GROUND_BY);
    expect(clearedReason(item, undefined, SETTINGS)).toBe('预警条件已消除');
  });

  it('a dropped project', () => {
    const item = itemFor(project(registered), 'GROUNDBREAKING_DEADLINE', BREAK_GROUND_BY);
    const gone = project([...registered, dropped(BREAK_GROUND_BY, 'REGISTERED')]);
    expect(clearedReason(item, gone, SETTINGS)).toBe('项目已终止,预警解除');
  });

  it('a disabled rule', () => {
    const item = itemFor(project(registered), 'GROUNDBREAKING_DEADLINE', BREAK_GROUND_BY);
    const off = withSettings((s) => {
      s.rules.GROUNDBREAKING_DEADLINE.enabled = false;
    });
    expect(clearedReason(item, project(registered), off)).toBe('该规则已停用,预警解除');
  });

  it('a deadline met: the date the step was reached', () => {
    const late = addDays(BREAK_GROUND_BY, 5);
    const item = itemFor(project(registered), 'GROUNDBREAKING_DEADLINE', late);
    expect(clearedReason(item, project([...registered, groundBroken(late)]), SETTINGS)).toBe(
      `项目已于 ${late} 开工,预警解除`,
    );
    const regItem = itemFor(project(eventsUpTo('SIGNED')), 'REGISTRATION_DEADLINE', REGISTER_BY);
    const reg = project([
      ...eventsUpTo('SIGNED'),
      projectEvent('CompanyRegistered', {
        occurredOn: '2026-05-12',
        creditCode: '91350100M000100Y43',
        companyName: '某某有限公司',
      }),
    ]);
    expect(clearedReason(regItem, reg, SETTINGS)).toBe('项目已于 2026-05-12 注册,预警解除');
  });

  it('a deadline moved', () => {
    const item = itemFor(project(registered), 'GROUNDBREAKING_DEADLINE', BREAK_GROUND_BY);
    const moved = project([
      ...registered,
      rescheduled(BREAK_GROUND_BY, { breakGroundBy: '2026-12-31' }),
    ]);
    expect(clearedReason(item, moved, SETTINGS)).toBe('承诺开工日期已调整为 2026-12-31,预警解除');
  });

  it('negotiation: new progress, or left the stage', () => {
    const talks = eventsUpTo('NEGOTIATING');
    const today = addDays(DATES.NEGOTIATING, 70);
    const item = itemFor(project(talks), 'NEGOTIATION_STALLED', today);
    expect(clearedReason(item, project([...talks, activity(today)]), SETTINGS)).toBe(
      `在谈项目于 ${today} 有新进展,预警解除`,
    );
    expect(clearedReason(item, project([...talks, contractSigned(today)]), SETTINGS)).toBe(
      '项目已离开在谈阶段,预警解除',
    );
  });

  it('issues: resolved, assigned, due date moved', () => {
    const history = [...registered, issueRaised('i-1', '2026-03-10')];
    const unassigned = itemFor(project(history), 'ISSUE_UNASSIGNED', '2026-03-13');
    const assignedHistory = [...history, issueAssigned('i-1', '2026-03-14', '2026-04-12')];
    expect(clearedReason(unassigned, project(assignedHistory), SETTINGS)).toBe(
      '问题已明确责任单位(县自然资源局),预警解除',
    );
    expect(
      clearedReason(
        unassigned,
        project([...history, issueResolved('i-1', '2026-03-15')]),
        SETTINGS,
      ),
    ).toBe('问题已于 2026-03-15 解决,预警解除');
    const due = itemFor(project(assignedHistory), 'ISSUE_DUE', '2026-04-13');
    const extended = project([
      ...assignedHistory,
      issueAssigned('i-1', '2026-04-13', '2026-05-31'),
    ]);
    expect(clearedReason(due, extended, SETTINGS)).toBe('问题办理期限已调整为 2026-05-31,预警解除');
  });
});
