import {
  addDays,
  daysBetween,
  decideItemStep,
  DEFAULT_SUPERVISION_SETTINGS,
  evolveItem,
  planEvaluation,
  recordDecision,
  type ItemStepCommand,
  type SupervisionItem,
} from '@luodi/domain';
import { generateDemo, type DemoPlan } from './generator';
import {
  closedByPeople,
  isTuesday,
  itemWork,
  meetingDays,
  planSupervision,
  stepsToSend,
  subjectName,
  summarizeQueue,
  type DecisionPlan,
  type ListedItem,
  type WorkStep,
} from './supervision-plan';

const TODAY = '2026-11-22';
const plan = generateDemo({ seed: 42, projects: 400, today: TODAY });
const sup = planSupervision(plan);
const decisions = sup.meetings.flatMap((m) => m.decisions);
const settings = DEFAULT_SUPERVISION_SETTINGS;

/** The domain command of a planned step (what the controller builds from the body). */
function command(step: WorkStep): ItemStepCommand {
  const b = step.body as { note?: string; done?: boolean; approved?: boolean };
  switch (step.step) {
    case 'acknowledgement':
      return { type: 'acknowledge', ...(b.note !== undefined ? { note: b.note } : {}) };
    case 'feedback':
      return { type: 'feedback', note: b.note as string, done: b.done ?? true };
    case 'review':
      return { type: 'review', note: b.note as string, approved: b.approved as boolean };
    case 'closure':
      return { type: 'close', note: b.note as string };
  }
}

let ids = 0;
/** A decision as the server records it, then its planned steps, through the domain's rules. */
function carryOut(d: DecisionPlan, today: string): SupervisionItem {
  let item = evolveItem(
    undefined,
    recordDecision(
      {
        itemId: `item-${++ids}`,
        meetingDate: d.meetingDate,
        text: d.text,
        unit: d.unit,
        leader: d.leader,
        dueOn: d.dueOn,
        projectId: d.projectIndex === undefined ? null : `project-${d.projectIndex}`,
        regionCode: d.regionCode ?? '000000',
      },
      settings,
      { today, at: `${today}T10:00:00+08:00` },
    ),
  ) as SupervisionItem;
  for (const step of d.steps) {
    const event = decideItemStep(item, command(step), {
      occurredOn: step.occurredOn,
      today,
      at: `${today}T10:00:00+08:00`,
      by: 'demo',
    });
    item = evolveItem(item, event) as SupervisionItem;
  }
  return item;
}

/** The decisions after the follow-ups and an evaluation today, as the server evaluates them. */
function followedUp(p: DemoPlan, s: ReturnType<typeof planSupervision>): SupervisionItem[] {
  let items = s.meetings.flatMap((m) => m.decisions).map((d) => carryOut(d, p.today));
  for (const day of [...s.followUps.map((f) => f.on), p.today]) {
    const changes = planEvaluation({
      today: day,
      at: `${day}T00:05:00+08:00`,
      settings,
      projects: [],
      conditions: [],
      open: items.filter((i) => i.status !== 'CLOSED'),
      earlierItems: () => 0,
      newItemId: () => 'unused',
    });
    for (const { event } of changes) {
      items = items.map((i) =>
        i.itemId === event.data.itemId ? (evolveItem(i, event) as SupervisionItem) : i,
      );
    }
  }
  return items;
}

describe('demo 督查督办 plan', () => {
  it('meets on the Tuesdays before today, a week apart', () => {
    expect(isTuesday('2026-11-17')).toBe(true);
    expect(isTuesday('2026-11-22')).toBe(false);
    expect(meetingDays('2026-11-22', 3)).toEqual(['2026-11-03', '2026-11-10', '2026-11-17']);
    // A Tuesday itself: that day's meeting is not yet over.
    expect(meetingDays('2026-11-24', 2)).toEqual(['2026-11-10', '2026-11-17']);
    expect(sup.meetings.map((m) => m.date)).toEqual(meetingDays(TODAY, 8));
    expect(sup.followUps.map((f) => f.on)).toEqual(meetingDays(TODAY, 8).slice(1));
    expect(sup.followUps[0]?.at).toBe('2026-10-06T00:05:00+08:00');
    expect(planSupervision(plan, 0)).toEqual({ meetings: [], followUps: [] });
  });

  it('is deterministic for a seed and does not depend on N beyond the first 100 projects', () => {
    expect(planSupervision(plan)).toEqual(sup);
    const smaller = generateDemo({ seed: 42, projects: 150, today: TODAY });
    expect(planSupervision(smaller).meetings.map((m) => m.decisions.map((d) => d.text))).toEqual(
      sup.meetings.map((m) => m.decisions.map((d) => d.text)),
    );
    const other = planSupervision(generateDemo({ seed: 7, projects: 400, today: TODAY }));
    expect(other.meetings.flatMap((m) => m.decisions.map((d) => d.text))).not.toEqual(
      decisions.map((d) => d.text),
    );
  });

  it('records 3-6 decisions a meeting, due 1-4 weeks later, some about a project', () => {
    for (const m of sup.meetings) {
      expect(m.decisions.length).toBeGreaterThanOrEqual(3);
      expect(m.decisions.length).toBeLessThanOrEqual(6);
    }
    for (const d of decisions) {
      const days = daysBetween(d.meetingDate, d.dueOn);
      expect(days).toBeGreaterThanOrEqual(7);
      expect(days).toBeLessThanOrEqual(28);
      expect(`${d.text}${d.unit}${d.leader}`).not.toMatch(/[{}]/u);
      expect(d.unit).toMatch(/^(市|国网)|(政府|管委会)$/u);
      expect(d.leader).toMatch(/市长$/u);
      expect((d.projectIndex === undefined) !== (d.regionCode === undefined)).toBe(true);
      if (d.projectIndex !== undefined) {
        const p = plan.projects[d.projectIndex];
        expect(p?.name && d.text.includes(p.name)).toBe(true);
        expect(p?.droppedOn).toBeUndefined();
        expect(d.projectIndex).toBeLessThan(100);
      }
    }
    const about = decisions.filter((d) => d.projectIndex !== undefined).length;
    expect(about).toBeGreaterThan(decisions.length * 0.3);
    expect(about).toBeLessThan(decisions.length * 0.8);
    const keys = [
      ...decisions.map((d) => d.key),
      ...decisions.flatMap((d) => d.steps.map((s) => s.key)),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('dates every step between the meeting and today, in order, as the 督办单 ladder allows', () => {
    for (const d of decisions) {
      const dates = d.steps.map((s) => s.occurredOn);
      expect([...dates].sort()).toEqual(dates);
      expect(dates.every((on) => on >= d.meetingDate && on <= TODAY)).toBe(true);
      expect(d.steps.every((s) => s.body.occurredOn === s.occurredOn)).toBe(true);
      expect(carryOut(d, TODAY).status).toBe(d.status);
    }
    for (const [seed, today] of [
      [1, '2027-01-05'],
      [7, '2026-03-01'],
      [99, '2026-06-30'],
    ] as const) {
      const p = generateDemo({ seed, projects: 60, today });
      for (const d of planSupervision(p, 10).meetings.flatMap((m) => m.decisions)) {
        expect(carryOut(d, today).status).toBe(d.status);
      }
    }
  });

  it('leaves a realistic mix: most done, some late, some open and past due', () => {
    const outcomes = (o: string) => decisions.filter((d) => d.outcome === o).length;
    expect(outcomes('ON_TIME')).toBeGreaterThan(decisions.length * 0.3);
    expect(outcomes('LATE')).toBeGreaterThan(0);
    expect(outcomes('OPEN')).toBeGreaterThan(decisions.length * 0.2);
    expect(new Set(decisions.map((d) => d.status)).size).toBeGreaterThanOrEqual(5);
    expect(decisions.some((d) => d.steps.some((s) => s.body.approved === false))).toBe(true);
  });

  it('after the follow-ups, decisions are green, yellow and red, the oldest laggard at the city leader', () => {
    const items = followedUp(plan, sup);
    const open = items.filter((i) => i.status !== 'CLOSED');
    const red = open.filter((i) => i.severity === 'RED');
    expect(red.length).toBeGreaterThan(2);
    expect(open.some((i) => i.severity === 'GREEN')).toBe(true);
    expect(red.every((i) => i.escalationLevel !== 'UNIT')).toBe(true);
    expect(items.filter((i) => i.escalationLevel === 'CITY_LEADER').length).toBeGreaterThanOrEqual(
      1,
    );
    // Red since a follow-up, not since today.
    expect(red.some((i) => i.redSince !== null && i.redSince < TODAY)).toBe(true);
    // Whatever weekday today is, the oldest meeting's first decision reaches the city leader.
    for (let shift = 0; shift < 7; shift++) {
      const today = addDays(TODAY, shift);
      const p = generateDemo({ seed: 42, projects: 120, today });
      const first = followedUp(p, planSupervision(p))[0];
      expect([today, first?.escalationLevel]).toEqual([today, 'CITY_LEADER']);
    }
  });

  it('works the rules’ items the same way for a seed, rule and subject', () => {
    expect(subjectName(12)).toBe('p0012');
    expect(subjectName(12, 0)).toBe('p0012-i0');
    expect(itemWork(42, 'ISSUE_DUE', 'p0012-i0', '绵阳')).toEqual(
      itemWork(42, 'ISSUE_DUE', 'p0012-i0', '绵阳'),
    );
    const fates = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      const { fate, steps } = itemWork(42, 'GROUNDBREAKING_DEADLINE', subjectName(i), '绵阳');
      fates.set(fate, (fates.get(fate) ?? 0) + 1);
      const d: DecisionPlan = {
        ...(decisions[0] as DecisionPlan),
        steps: steps.map((s, n) => ({
          ...s,
          occurredOn: TODAY,
          key: `k${n}`,
          body: { ...s.body, occurredOn: TODAY },
        })),
      };
      const expected = fate === 'NONE' ? 'ISSUED' : fate === 'RETURNED' ? 'IN_PROGRESS' : fate;
      expect(carryOut(d, TODAY).status).toBe(expected);
      expect(JSON.stringify(steps)).not.toMatch(/[{]short[}]/u);
    }
    const share = (f: string) => (fates.get(f) ?? 0) / 2000;
    expect(share('NONE')).toBeGreaterThan(0.2);
    expect(share('NONE')).toBeLessThan(0.4);
    expect(share('ACKNOWLEDGED')).toBeGreaterThan(0.15);
    for (const f of ['IN_PROGRESS', 'FEEDBACK_SUBMITTED', 'RETURNED', 'REVIEWED', 'CLOSED']) {
      expect([f, share(f) > 0.02]).toEqual([f, true]);
    }
  });

  describe('stepsToSend (a re-run replays, never writes twice)', () => {
    const planned = itemWork(42, 'ISSUE_DUE', 'p0001-i0').steps;
    const steps = planned.length >= 3 ? planned : itemWork(42, 'ISSUE_DUE', 'p0003-i0').steps;
    const item = (over: Partial<ListedItem>): ListedItem => ({
      id: 'i-1',
      ruleId: 'ISSUE_DUE',
      kind: 'ISSUE',
      subjectId: 'issue-1',
      regionCode: '510700',
      severity: 'RED',
      escalationLevel: 'DEPUTY_MAYOR',
      status: 'ISSUED',
      closure: null,
      dueOn: TODAY,
      overdueDays: 0,
      meetingDate: null,
      history: [{ type: 'SupervisionItemRaised' }],
      ...over,
    });
    const none = new Set<string>();

    it('sends every planned step for a fresh item, none for one a person closed before', () => {
      expect(stepsToSend(item({}), steps, none)).toBe(steps);
      const closed = item({ id: 'i-0', status: 'CLOSED', closure: 'COMPLETED' });
      expect(closedByPeople([closed, item({})])).toEqual(new Set(['ISSUE_DUE|issue-1']));
      expect(stepsToSend(item({}), steps, closedByPeople([closed]))).toEqual([]);
      const cleared = item({ id: 'i-0', status: 'CLOSED', closure: 'CLEARED' });
      expect(stepsToSend(item({}), steps, closedByPeople([cleared]))).toBe(steps);
      expect(stepsToSend(cleared, steps, none)).toEqual([]);
    });

    it('replays what was done, resumes what was cut short, leaves others’ work alone', () => {
      expect(steps.length).toBeGreaterThanOrEqual(3);
      const done = item({
        status: 'CLOSED',
        closure: 'CLEARED',
        history: [
          { type: 'SupervisionItemRaised' },
          { type: 'SupervisionItemAcknowledged' },
          { type: 'SupervisionItemFeedbackSubmitted' },
          { type: 'SupervisionItemReviewed' },
          { type: 'SupervisionItemClosed' },
        ].slice(0, steps.length + 1),
      });
      expect(stepsToSend(done, steps, none)).toBe(steps);
      const halfway = item({
        status: 'ACKNOWLEDGED',
        history: [{ type: 'SupervisionItemRaised' }, { type: 'SupervisionItemAcknowledged' }],
      });
      expect(stepsToSend(halfway, steps, none)).toBe(steps);
      expect(stepsToSend({ ...halfway, status: 'CLOSED' }, steps, none)).toEqual([]);
      const other = item({
        status: 'CLOSED',
        history: [{ type: 'SupervisionItemRaised' }, { type: 'SupervisionItemClosed' }],
      });
      expect(stepsToSend(other, steps, none)).toEqual([]);
      expect(stepsToSend(item({}), [], none)).toEqual([]);
    });
  });

  it('counts the queue: open items by severity, level and status; decisions by status', () => {
    const base = {
      ruleId: 'ISSUE_DUE',
      kind: 'ISSUE',
      subjectId: 's',
      regionCode: '510700',
      closure: null,
      dueOn: null,
      meetingDate: null,
      history: [],
    } as const;
    const s = summarizeQueue([
      {
        ...base,
        id: '1',
        severity: 'RED',
        escalationLevel: 'CITY_LEADER',
        status: 'ISSUED',
        overdueDays: 3,
      },
      {
        ...base,
        id: '2',
        severity: 'YELLOW',
        escalationLevel: 'UNIT',
        status: 'ACKNOWLEDGED',
        overdueDays: 0,
      },
      {
        ...base,
        id: '3',
        severity: 'RED',
        escalationLevel: 'UNIT',
        status: 'CLOSED',
        overdueDays: 0,
      },
      {
        ...base,
        id: '4',
        kind: 'DECISION',
        ruleId: 'MEETING_DECISION',
        severity: 'GREEN',
        escalationLevel: 'UNIT',
        status: 'IN_PROGRESS',
        overdueDays: 0,
      },
      {
        ...base,
        id: '5',
        kind: 'DECISION',
        ruleId: 'MEETING_DECISION',
        severity: 'GREEN',
        escalationLevel: 'UNIT',
        status: 'CLOSED',
        overdueDays: 0,
      },
    ]);
    expect(s.open).toBe(3);
    expect(s.overdue).toBe(1);
    expect(s.bySeverity).toEqual({ GREEN: 1, YELLOW: 1, RED: 1 });
    expect(s.byLevel).toEqual({ UNIT: 2, DEPUTY_MAYOR: 0, CITY_LEADER: 1 });
    expect(s.byStatus.ISSUED).toBe(1);
    expect(s.byStatus.CLOSED).toBe(0);
    expect(s.decisions.total).toBe(2);
    expect(s.decisions.byStatus.CLOSED).toBe(1);
    expect(s.decisions.bySeverity.GREEN).toBe(1);
  });
});
