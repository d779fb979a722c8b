// The demo's 督查督办, through the REST API: evaluate the rules now, record the decisions of the
// last weeks' 周例会 and how far each got, check them again as before each later meeting, work
// part of the queue the way units do, evaluate again, and count the queue. Every write carries
// an Idempotency-Key, so a re-run replays (evaluations "now" excepted: they judge today).

import type { LuodiClient } from './client';
import type { DemoPlan } from './generator';
import { inParallel, progressReporter } from './progress';
import {
  closedByPeople,
  itemWork,
  stepsToSend,
  summarizeQueue,
  type ListedItem,
  type QueueSummary,
  type StepName,
  type SupervisionPlan,
  type WorkStep,
} from './supervision-plan';

/** What POST /supervision/evaluations answers. */
export type EvaluationSummary = {
  at: string;
  today: string;
  projects: number;
  raised: number;
  escalated: number;
  cleared: number;
  startedAt: string;
  finishedAt: string;
};

/** The server's ids of the demo's projects and problems, filled in while they are written. */
export type Subjects = {
  /** Project index → project id. */
  projectIds: Map<number, string>;
  /** Project or issue id → subject name (p0012, p0012-i0; see subjectName). */
  names: Map<string, string>;
};

export const newSubjects = (): Subjects => ({ projectIds: new Map(), names: new Map() });

type Changes = { raised: number; escalated: number; cleared: number };

export type SupervisionReport = {
  afterSeeding: EvaluationSummary;
  /** The queue then: what the server raised as the projects' events arrived, and this run. */
  queueAfterSeeding: QueueSummary;
  meetings: { count: number; first?: string; last?: string; decisions: number; steps: number };
  followUps: Changes & { count: number };
  work: { items: number; steps: Record<StepName, number>; returned: number; progress: number };
  /** Requests written (not replayed) in the decisions and the work. */
  written: number;
  replayed: number;
  now: EvaluationSummary;
  queue: QueueSummary;
};

type Sent = { written: number; replayed: number };

async function evaluate(
  client: LuodiClient,
  body: { at?: string },
  key?: string,
): Promise<EvaluationSummary> {
  return (await client.send<EvaluationSummary>('POST', '/supervision/evaluations', body, key)).body;
}

/** Every item in the region and below, any status, de-duplicated by id. */
export async function listItems(client: LuodiClient, regionCode: string): Promise<ListedItem[]> {
  const found = new Map<string, ListedItem>();
  let cursor: string | null = null;
  for (let page = 0; page < 1000; page++) {
    const query: string =
      `/supervision/items?limit=200&regionCode=${regionCode}` + (cursor ? `&cursor=${cursor}` : '');
    const { items, nextCursor } = await client.get<{
      items: ListedItem[];
      nextCursor: string | null;
    }>(query);
    for (const item of items) found.set(item.id, item);
    if (!nextCursor) break;
    cursor = nextCursor;
  }
  return [...found.values()];
}

/** A progress bar over `total` things that counts this phase's writes. */
function writesProgress(
  client: LuodiClient,
  sent: Sent,
  label: string,
  total: number,
  done: () => number,
) {
  return progressReporter({
    label,
    total,
    done,
    written: () => sent.written,
    writtenLabel: 'written',
    client,
  });
}

/** The decisions of each meeting, then the steps each got, in the meeting's order. */
async function recordDecisions(
  client: LuodiClient,
  sup: SupervisionPlan,
  subjects: Subjects,
  sent: Sent,
): Promise<void> {
  const decisions = sup.meetings.flatMap((m) => m.decisions);
  let done = 0;
  const progress = writesProgress(client, sent, 'decisions', decisions.length, () => done);
  progress.start();
  try {
    for (const d of decisions) {
      let target: { projectId: string } | { regionCode: string };
      if (d.projectIndex !== undefined) {
        const projectId = subjects.projectIds.get(d.projectIndex);
        if (!projectId) throw new Error(`no id for project ${d.projectIndex}`);
        target = { projectId };
      } else {
        target = { regionCode: d.regionCode as string };
      }
      const body = { ...target, text: d.text, unit: d.unit, leader: d.leader, dueOn: d.dueOn };
      const recorded = await client.send<{ id: string }>(
        'POST',
        `/meetings/${d.meetingDate}/decisions`,
        body,
        d.key,
      );
      count(sent, recorded.replayed);
      for (const step of d.steps) {
        const answer = await client.send(
          'POST',
          `/supervision/items/${recorded.body.id}/${step.step}`,
          step.body,
          step.key,
        );
        count(sent, answer.replayed);
      }
      done++;
      progress.update();
    }
  } finally {
    progress.stop();
  }
}

const count = (sent: Sent, replayed: boolean) => {
  if (replayed) sent.replayed++;
  else sent.written++;
};

/** Rule items of the demo's projects, sorted by (rule, subject), with what to send for each. */
function planWork(
  plan: DemoPlan,
  subjects: Subjects,
  items: readonly ListedItem[],
): Array<{ item: ListedItem; steps: readonly WorkStep[] }> {
  const closedBefore = closedByPeople(items);
  const short = plan.city.name.replace(/市$/u, '');
  return items
    .filter((item) => item.kind !== 'DECISION' && subjects.names.has(item.subjectId))
    .map((item) => {
      const subject = subjects.names.get(item.subjectId) as string;
      const { steps } = itemWork(plan.seed, item.ruleId, subject, short);
      return { item, subject, steps: stepsToSend(item, steps, closedBefore) };
    })
    .filter((w) => w.steps.length > 0)
    .sort((a, b) =>
      a.item.ruleId !== b.item.ruleId
        ? a.item.ruleId < b.item.ruleId
          ? -1
          : 1
        : a.subject < b.subject
          ? -1
          : a.subject > b.subject
            ? 1
            : a.item.id < b.item.id
              ? -1
              : 1,
    )
    .map(({ item, steps }) => ({ item, steps }));
}

async function workQueue(
  client: LuodiClient,
  plan: DemoPlan,
  subjects: Subjects,
  concurrency: number,
  sent: Sent,
  work: SupervisionReport['work'],
): Promise<void> {
  const todo = planWork(plan, subjects, await listItems(client, plan.city.code));
  let done = 0;
  const progress = writesProgress(client, sent, 'supervision items', todo.length, () => done);
  progress.start();
  try {
    await inParallel(todo, concurrency, async ({ item, steps }, stopped) => {
      for (const [n, step] of steps.entries()) {
        if (stopped()) return;
        const answer = await client.send(
          'POST',
          `/supervision/items/${item.id}/${step.step}`,
          step.body,
          `${plan.keyPrefix}-sup-${item.id}-${n}-${step.step}`,
        );
        count(sent, answer.replayed);
        work.steps[step.step]++;
        if (step.step === 'review' && step.body.approved === false) work.returned++;
        if (step.step === 'feedback' && step.body.done === false) work.progress++;
      }
      work.items++;
      done++;
      progress.update();
    });
  } finally {
    progress.stop();
  }
}

/** The whole 督查督办 part of the demo; `log` says what happens between the progress bars. */
export async function runSupervision(
  client: LuodiClient,
  plan: DemoPlan,
  sup: SupervisionPlan,
  subjects: Subjects,
  concurrency: number,
  log: (line: string) => void,
): Promise<SupervisionReport> {
  const changes = (e: Changes) =>
    `${e.raised} raised · ${e.escalated} escalated · ${e.cleared} cleared`;

  // 1. The rules, now, over everything just written.
  const afterSeeding = await evaluate(client, {});
  const queueAfterSeeding = summarizeQueue(await listItems(client, plan.city.code));
  log(
    `supervision: evaluated ${afterSeeding.projects} projects at ${afterSeeding.today}: ` +
      `${changes(afterSeeding)}; ${queueAfterSeeding.open} items open`,
  );

  // 2. The 周例会 decisions and how far each got; 3. the checks before each later meeting.
  const sent: Sent = { written: 0, replayed: 0 };
  const decisions = sup.meetings.flatMap((m) => m.decisions);
  if (decisions.length > 0) {
    await recordDecisions(client, sup, subjects, sent);
  }
  const followUps = { count: 0, raised: 0, escalated: 0, cleared: 0 };
  for (const f of sup.followUps) {
    const s = await evaluate(client, { at: f.at }, f.key);
    followUps.count++;
    followUps.raised += s.raised;
    followUps.escalated += s.escalated;
    followUps.cleared += s.cleared;
  }
  const [first, last] = [sup.meetings[0], sup.meetings.at(-1)];
  if (first && last) {
    log(
      `周例会: ${decisions.length} decisions of ${sup.meetings.length} meetings ` +
        `(${first.date} … ${last.date}); ` +
        `${followUps.count} follow-up evaluations at past meeting days: ${changes(followUps)}`,
    );
  }

  // 4. The units work part of the queue, today.
  const work: SupervisionReport['work'] = {
    items: 0,
    steps: { acknowledgement: 0, feedback: 0, review: 0, closure: 0 },
    returned: 0,
    progress: 0,
  };
  await workQueue(client, plan, subjects, concurrency, sent, work);

  // 5. The rules again, now: decisions past due turn red, items closed too early come back.
  const now = await evaluate(client, {});
  log(`supervision: evaluated again at ${now.today}: ${changes(now)}`);
  const queue = summarizeQueue(await listItems(client, plan.city.code));
  return {
    afterSeeding,
    queueAfterSeeding,
    meetings: {
      count: sup.meetings.length,
      ...(first && last ? { first: first.date, last: last.date } : {}),
      decisions: decisions.length,
      steps: decisions.reduce((s, d) => s + d.steps.length, 0),
    },
    followUps,
    work,
    written: sent.written,
    replayed: sent.replayed,
    now,
    queue,
  };
}
