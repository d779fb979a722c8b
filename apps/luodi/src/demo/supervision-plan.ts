// The pure part of the demo's 督查督办: the 周例会 of the last weeks with their decisions
// (会议议定事项) and how far each was carried out, the follow-up evaluations at past meeting
// days, and how units work the rules' items (签收 → 反馈 → 复核 → 办结). No I/O, no clock: all of
// it follows from the seed and the demo's anchor day. The runner (supervise.ts) sends it.

import {
  addDays,
  daysBetween,
  ESCALATION_LEVELS,
  PIPELINE,
  SEVERITIES,
  SUPERVISION_STATUSES,
  type EscalationLevel,
  type PipelineStage,
  type Severity,
  type SupervisionStatus,
} from '@luodi/domain';
import {
  GENERAL_DECISIONS,
  PROJECT_DECISIONS,
  SUPERVISION_NOTES,
  type DecisionTemplate,
} from './demo-data';
import { compact, type DemoPlan, type ProjectPlan, type RegionPlan } from './generator';
import { Rng } from './prng';

/** A step of a 督办单 and the path segment of its endpoint. */
export type StepName = 'acknowledgement' | 'feedback' | 'review' | 'closure';

/** One step: POST /supervision/items/{id}/{step} with this body. */
export type WorkStep = { step: StepName; body: Record<string, unknown> };

/** A step of a decision, dated (its body carries occurredOn) and keyed. */
export type DecisionStep = WorkStep & { occurredOn: string; key: string };

/** How a decision fared: done by its due date, done late, or still open today. */
export type DecisionOutcome = 'ON_TIME' | 'LATE' | 'OPEN';

export type DecisionPlan = {
  meetingDate: string;
  /** Its place in the meeting's minutes (0, 1, ...). */
  index: number;
  key: string;
  text: string;
  unit: string;
  leader: string;
  dueOn: string;
  /** The project it is about (its index in the demo), else the region it concerns. */
  projectIndex?: number;
  regionCode?: string;
  outcome: DecisionOutcome;
  /** Where the planned steps leave it. */
  status: SupervisionStatus;
  steps: DecisionStep[];
};

export type MeetingPlan = { date: string; decisions: DecisionPlan[] };

/** POST /supervision/evaluations {at}: the check before a past meeting, as the schedule does. */
export type FollowUp = { on: string; at: string; key: string };

export type SupervisionPlan = { meetings: MeetingPlan[]; followUps: FollowUp[] };

/** Decisions name projects among the first POOL only, so a bigger demo keeps the same ones. */
const POOL = 100;

const minD = (a: string, b: string) => (a <= b ? a : b);
const maxD = (a: string, b: string) => (a >= b ? a : b);

/** A day in [from, to] (both included); `from` when the range is empty. */
function dayIn(rng: Rng, from: string, to: string): string {
  const span = daysBetween(from, to);
  return span <= 0 ? from : addDays(from, rng.int(0, span));
}

/** 1970-01-06 was a Tuesday, the day of the 周例会. */
export const isTuesday = (date: string) => ((daysBetween('1970-01-06', date) % 7) + 7) % 7 === 0;

/** The last `count` Tuesdays strictly before `today`, oldest first. */
export function meetingDays(today: string, count: number): string[] {
  let last = addDays(today, -1);
  while (!isTuesday(last)) last = addDays(last, -1);
  return Array.from({ length: count }, (_, i) => addDays(last, -7 * (count - 1 - i)));
}

/** The project's stage on `day`; undefined before its lead, and for projects ever dropped. */
function stageOn(project: ProjectPlan, day: string): PipelineStage | undefined {
  if (project.droppedOn !== undefined) return undefined;
  let stage: PipelineStage | undefined;
  for (const s of PIPELINE) {
    const on = project.stageDates[s];
    if (on !== undefined && on <= day) stage = s;
  }
  return stage;
}

const cityShort = (plan: DemoPlan) => plan.city.name.replace(/市$/u, '');

/** A county's government, or a development zone's 管委会. */
const government = (county: RegionPlan) =>
  /开发区|园区$/u.test(county.name) ? `${county.name}管委会` : `${county.name}政府`;

const unitName = (unit: string, county: RegionPlan, short: string) =>
  unit.replace('{county}政府', government(county)).replace('{short}', short);

const fill = (text: string, values: Record<string, string>) =>
  text.replace(/\{(\w+)\}/gu, (whole, name: string) => values[name] ?? whole);

function pickTemplate<T extends DecisionTemplate>(rng: Rng, templates: readonly T[]): T {
  return rng.weighted(templates.map((t) => [t, t.weight] as const));
}

// ---------------------------------------------------------------------------------------------
// How a decision is carried out, step by step, dated between the meeting and today

type Dated = { step: StepName; on: string; body: Record<string, unknown> };

function decisionProgress(
  rng: Rng,
  meeting: string,
  dueOn: string,
  today: string,
  stubborn: boolean,
): { outcome: DecisionOutcome; status: SupervisionStatus; steps: Dated[] } {
  const notes = SUPERVISION_NOTES;
  const steps: Dated[] = [];
  let cursor = meeting;
  /** The next step's day in [from, to], never before the previous step nor after today. */
  const next = (from: string, to: string) => {
    const lo = minD(maxD(from, cursor), today);
    cursor = dayIn(rng, lo, maxD(lo, minD(to, today)));
    return cursor;
  };
  const acknowledge = () =>
    steps.push({
      step: 'acknowledgement',
      on: next(meeting, addDays(meeting, 2)),
      body: rng.chance(0.6) ? { note: rng.pick(notes.acknowledge) } : {},
    });
  const progress = (to: string) =>
    steps.push({
      step: 'feedback',
      on: next(addDays(cursor, 2), to),
      body: { note: rng.pick(notes.DECISION.progress), done: false },
    });
  const feedback = (from: string, to: string) =>
    steps.push({
      step: 'feedback',
      on: next(from, to),
      body: { note: rng.pick(notes.DECISION.done), done: true },
    });
  const review = (approved: boolean, days: number) =>
    steps.push({
      step: 'review',
      on: next(cursor, addDays(cursor, days)),
      body: {
        approved,
        note: rng.pick(approved ? notes.review.approved : notes.review.returned),
      },
    });

  const outcome: DecisionOutcome = stubborn
    ? 'OPEN'
    : rng.weighted<DecisionOutcome>(
        dueOn < today
          ? [
              ['ON_TIME', 60],
              ['LATE', 15],
              ['OPEN', 25],
            ]
          : [
              ['ON_TIME', 25],
              ['OPEN', 75],
            ],
      );
  if (outcome === 'OPEN') {
    // Past due: reported done only lately (awaiting 复核); approved and not closed only lately.
    const overdue = dueOn < today;
    const status: SupervisionStatus = stubborn
      ? rng.pick(['ACKNOWLEDGED', 'IN_PROGRESS'] as const)
      : rng.weighted<SupervisionStatus>([
          ['ISSUED', 12],
          ['ACKNOWLEDGED', 28],
          ['IN_PROGRESS', 35],
          ['FEEDBACK_SUBMITTED', overdue ? 12 : 18],
          ['REVIEWED', overdue ? 0 : 7],
        ]);
    if (status === 'ISSUED') return { outcome, status, steps };
    acknowledge();
    if (status === 'ACKNOWLEDGED') return { outcome, status, steps };
    if (status === 'IN_PROGRESS') {
      progress(stubborn ? dueOn : addDays(cursor, 14));
      return { outcome, status, steps };
    }
    feedback(overdue ? maxD(addDays(today, -5), dueOn) : addDays(cursor, 2), today);
    if (status === 'REVIEWED') review(true, 3);
    return { outcome, status, steps };
  }

  // Done: on time (by the due date), or late (after it, by today).
  acknowledge();
  const [from, to] =
    outcome === 'ON_TIME' ? [addDays(cursor, 1), dueOn] : [addDays(dueOn, 1), addDays(dueOn, 21)];
  if (rng.chance(0.5)) progress(to);
  if (rng.chance(0.2)) {
    feedback(from, to);
    review(false, 1); // 复核不通过: back to 办理, then reported again
  }
  feedback(from, to);
  review(true, 2);
  steps.push({
    step: 'closure',
    on: next(cursor, addDays(cursor, 1)),
    body: { note: rng.pick(notes.close) },
  });
  return { outcome, status: 'CLOSED', steps };
}

// ---------------------------------------------------------------------------------------------

/**
 * The 周例会 on the last `meetings` Tuesdays before the anchor day, 3-6 decisions each, due 1-4
 * weeks after the meeting, about a project (on the meeting day signed but not landed, under
 * construction, ...) or about the city or a county; and how each was carried out. The oldest
 * meeting's first decision is the one nobody gets done (it goes up to the city leader).
 */
export function planSupervision(plan: DemoPlan, meetings = 8): SupervisionPlan {
  const { seed, today } = plan;
  const pool = Math.min(plan.projects.length, POOL);
  const projects = plan.projects.slice(0, pool);
  const counties = plan.regions.filter((r) => r.level === 'COUNTY');
  const short = cityShort(plan);
  const days = meetingDays(today, meetings);
  const plans: MeetingPlan[] = days.map((date, m) => {
    const rng = Rng.derive(seed, 'meeting', date, pool);
    const count = rng.int(3, 6);
    const used = new Set<number>();
    const said = new Set<string>();
    const decisions: DecisionPlan[] = [];
    for (let j = 0; j < count; j++) {
      const key = `${plan.keyPrefix}-n${pool}-meeting-${compact(date)}-d${j}`;
      const candidates = projects.filter((p) => {
        const stage = stageOn(p, date);
        return !used.has(p.index) && stage !== undefined && stage in PROJECT_DECISIONS;
      });
      let text: string;
      let unit: string;
      let leader: string;
      let target: { projectIndex: number } | { regionCode: string };
      if (candidates.length > 0 && rng.chance(0.55)) {
        // Signed but not landed comes up most.
        const project = rng.weighted(
          candidates.map((p) => [p, stageOn(p, date) === 'NEGOTIATING' ? 1 : 3] as const),
        );
        used.add(project.index);
        const stage = stageOn(project, date) as keyof typeof PROJECT_DECISIONS;
        const template = pickTemplate(rng, PROJECT_DECISIONS[stage]);
        const county = counties.find((c) => c.code === project.countyCode) as RegionPlan;
        const values = { p: project.name, short, county: county.name };
        text = fill(template.text, values);
        unit = unitName(rng.pick(template.units), county, short);
        leader =
          plan.chains.find((c) => c.code === project.industryChain)?.chainLeader ??
          (plan.chains[0]?.chainLeader as string);
        target = { projectIndex: project.index };
      } else {
        const template = pickTemplate(
          rng,
          GENERAL_DECISIONS.filter((t) => !said.has(t.text)),
        );
        said.add(template.text);
        const county = rng.pick(counties);
        text = fill(template.text, { short, county: county.name });
        unit = unitName(rng.pick(template.units), county, short);
        leader = rng.pick(plan.chains.slice(2)).chainLeader;
        target = { regionCode: template.scope === 'CITY' ? plan.city.code : county.code };
      }
      const stubborn = m === 0 && j === 0;
      const dueOn = addDays(date, stubborn ? 7 : rng.int(7, 28));
      const { outcome, status, steps } = decisionProgress(rng, date, dueOn, today, stubborn);
      decisions.push({
        meetingDate: date,
        index: j,
        key,
        text,
        unit,
        leader,
        dueOn,
        ...target,
        outcome,
        status,
        steps: steps.map((s, n) => ({
          step: s.step,
          occurredOn: s.on,
          body: { ...s.body, occurredOn: s.on },
          key: `${key}-s${n}-${s.step}`,
        })),
      });
    }
    return { date, decisions };
  });
  // The check before each later meeting, at the schedule's hour (00:05 Beijing time).
  const followUps: FollowUp[] = days.slice(1).map((on) => ({
    on,
    at: `${on}T00:05:00+08:00`,
    key: `${plan.keyPrefix}-evaluation-${compact(on)}`,
  }));
  return { meetings: plans, followUps };
}

// ---------------------------------------------------------------------------------------------
// The rules' items: how far the responsible unit has got with each

export type ItemFate =
  | 'NONE'
  | 'ACKNOWLEDGED'
  | 'IN_PROGRESS'
  | 'FEEDBACK_SUBMITTED'
  | 'RETURNED'
  | 'REVIEWED'
  | 'CLOSED';

const FATES: ReadonlyArray<readonly [ItemFate, number]> = [
  ['NONE', 30],
  ['ACKNOWLEDGED', 25],
  ['IN_PROGRESS', 17],
  ['FEEDBACK_SUBMITTED', 10],
  ['RETURNED', 6],
  ['REVIEWED', 6],
  ['CLOSED', 6],
];

function notesFor(ruleId: string) {
  if (ruleId.endsWith('_DEADLINE')) return SUPERVISION_NOTES.DEADLINE;
  if (ruleId === 'COMMITMENT_SLIPPED') return SUPERVISION_NOTES.COMMITMENT_SLIPPED;
  if (ruleId === 'NEGOTIATION_STALLED') return SUPERVISION_NOTES.NEGOTIATION_STALLED;
  if (ruleId.startsWith('ISSUE_')) return SUPERVISION_NOTES.ISSUE;
  return SUPERVISION_NOTES.DECISION;
}

/**
 * What the unit does today with a rule's item about `subject` (the project `p0012`, or its
 * problem `p0012-i0`): nothing yet, 签收, a progress report, 反馈, a 复核 that passes or sends it
 * back, 办结. Depends only on the seed, the rule and the subject, never on server ids.
 */
export function itemWork(
  seed: number,
  ruleId: string,
  subject: string,
  cityShortName = '',
): { fate: ItemFate; steps: WorkStep[] } {
  const rng = Rng.derive(seed, 'supervision-item', ruleId, subject);
  const fate = rng.weighted(FATES);
  const notes = notesFor(ruleId);
  const text = (list: readonly string[]) => rng.pick(list).replace('{short}', cityShortName);
  const steps: WorkStep[] = [];
  if (fate === 'NONE') return { fate, steps };
  steps.push({
    step: 'acknowledgement',
    body: rng.chance(0.7) ? { note: text(SUPERVISION_NOTES.acknowledge) } : {},
  });
  if (fate === 'ACKNOWLEDGED') return { fate, steps };
  if (fate === 'IN_PROGRESS') {
    steps.push({ step: 'feedback', body: { note: text(notes.progress), done: false } });
    return { fate, steps };
  }
  steps.push({ step: 'feedback', body: { note: text(notes.done), done: true } });
  if (fate === 'FEEDBACK_SUBMITTED') return { fate, steps };
  const approved = fate !== 'RETURNED';
  steps.push({
    step: 'review',
    body: {
      approved,
      note: text(approved ? SUPERVISION_NOTES.review.approved : SUPERVISION_NOTES.review.returned),
    },
  });
  if (fate === 'CLOSED')
    steps.push({ step: 'closure', body: { note: text(SUPERVISION_NOTES.close) } });
  return { fate, steps };
}

/** The subject name of a project (`p0012`) or of its k-th problem (`p0012-i0`). */
export const subjectName = (projectIndex: number, issue?: number) =>
  `p${String(projectIndex).padStart(4, '0')}${issue === undefined ? '' : `-i${issue}`}`;

/** What GET /supervision/items says of an item, as far as the demo needs it. */
export type ListedItem = {
  id: string;
  ruleId: string;
  kind: string;
  subjectId: string;
  regionCode: string;
  severity: Severity;
  escalationLevel: EscalationLevel;
  status: SupervisionStatus;
  closure: string | null;
  dueOn: string | null;
  overdueDays: number;
  meetingDate: string | null;
  history: ReadonlyArray<{ type: string }>;
};

const EVENT_OF: Record<StepName, string> = {
  acknowledgement: 'SupervisionItemAcknowledged',
  feedback: 'SupervisionItemFeedbackSubmitted',
  review: 'SupervisionItemReviewed',
  closure: 'SupervisionItemClosed',
};
const PERSON_STEPS = new Set(Object.values(EVENT_OF));

const siblingKey = (item: Pick<ListedItem, 'ruleId' | 'subjectId'>) =>
  `${item.ruleId}|${item.subjectId}`;

/** (rule, subject) pairs with an item a person closed: an item raised again after it is left be. */
export function closedByPeople(items: readonly ListedItem[]): Set<string> {
  return new Set(
    items
      .filter((i) => i.status === 'CLOSED' && (i.closure === 'COMPLETED' || i.closure === 'MANUAL'))
      .map(siblingKey),
  );
}

/**
 * The steps to send for an item, so that a re-run replays and never writes twice: all of them
 * while the steps taken so far are the start of the planned ones (the first time: only an item
 * still 下发 whose (rule, subject) was not closed by a person before, as an item raised again
 * after 办结 is the next round's business); none when someone else has worked it.
 */
export function stepsToSend(
  item: ListedItem,
  planned: readonly WorkStep[],
  closedBefore: ReadonlySet<string>,
): readonly WorkStep[] {
  const taken = item.history.filter((h) => PERSON_STEPS.has(h.type)).map((h) => h.type);
  if (taken.length > planned.length) return [];
  if (taken.some((type, i) => type !== EVENT_OF[(planned[i] as WorkStep).step])) return [];
  if (taken.length === 0) {
    return item.status === 'ISSUED' && !closedBefore.has(siblingKey(item)) ? planned : [];
  }
  if (taken.length < planned.length && item.status === 'CLOSED') return [];
  return planned;
}

// ---------------------------------------------------------------------------------------------
// The queue in numbers

export type QueueSummary = {
  open: number;
  overdue: number;
  bySeverity: Record<Severity, number>;
  byLevel: Record<EscalationLevel, number>;
  byStatus: Record<SupervisionStatus, number>;
  decisions: {
    total: number;
    byStatus: Record<SupervisionStatus, number>;
    bySeverity: Record<Severity, number>;
  };
};

const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

/** Open items by severity, escalation level and status; decisions (all) by status. */
export function summarizeQueue(items: readonly ListedItem[]): QueueSummary {
  const s: QueueSummary = {
    open: 0,
    overdue: 0,
    bySeverity: zeros(SEVERITIES),
    byLevel: zeros(ESCALATION_LEVELS),
    byStatus: zeros(SUPERVISION_STATUSES),
    decisions: { total: 0, byStatus: zeros(SUPERVISION_STATUSES), bySeverity: zeros(SEVERITIES) },
  };
  for (const item of items) {
    if (item.kind === 'DECISION') {
      s.decisions.total++;
      s.decisions.byStatus[item.status]++;
      if (item.status !== 'CLOSED') s.decisions.bySeverity[item.severity]++;
    }
    if (item.status === 'CLOSED') continue;
    s.open++;
    if (item.overdueDays > 0) s.overdue++;
    s.bySeverity[item.severity]++;
    s.byLevel[item.escalationLevel]++;
    s.byStatus[item.status]++;
  }
  return s;
}
