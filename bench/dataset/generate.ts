// The benchmark data sets: the demo city's projects (the same realistic stage mix, amounts,
// issues and deadlines as `npm run demo`), decided by the real domain, plus the visits and
// meetings a project collects while it is followed up, so that a project carries about 20
// events. Pure and seeded: the same (seed, size) gives the same events byte for byte.

import { createHash } from 'node:crypto';
import {
  addDays,
  daysBetween,
  decide,
  evolve,
  initialProjectState,
  type ActivityType,
  type ProjectCommand,
  type ProjectEvent,
  type ProjectState,
} from '@luodi/domain';
import { ACTIVITY_NOTES } from '@luodi/app/demo/demo-data';
import {
  generateDemo,
  type DemoPlan,
  type DemoStep,
  type ProjectPlan,
  type StepKind,
} from '@luodi/app/demo/generator';
import { Rng } from '@luodi/app/demo/prng';
import { toAssignResponsibility } from '@luodi/app/projects/commands/assign-responsibility/assign-responsibility.dto';
import { toCorrectDetails } from '@luodi/app/projects/commands/correct-details/correct-details.dto';
import { toDropProject } from '@luodi/app/projects/commands/drop-project/drop-project.dto';
import {
  toAssignIssue,
  toEscalateIssue,
  toRaiseIssue,
  toResolveIssue,
} from '@luodi/app/projects/commands/issues/issues.dto';
import { toLogActivity } from '@luodi/app/projects/commands/log-activity/log-activity.dto';
import {
  toBreakGround,
  toStartProduction,
} from '@luodi/app/projects/commands/milestones/milestones.dto';
import { toReactivateProject } from '@luodi/app/projects/commands/reactivate-project/reactivate-project.dto';
import { toRecordInvestment } from '@luodi/app/projects/commands/record-investment/record-investment.dto';
import { toRegisterCompany } from '@luodi/app/projects/commands/register-company/register-company.dto';
import { toRegisterLead } from '@luodi/app/projects/commands/register-lead/register-lead.dto';
import { toRescheduleCommitments } from '@luodi/app/projects/commands/reschedule-commitments/reschedule-commitments.dto';
import { toSignContract } from '@luodi/app/projects/commands/sign-contract/sign-contract.dto';
import { toStartNegotiation } from '@luodi/app/projects/commands/start-negotiation/start-negotiation.dto';

export const DATASET_SIZES = { '1k': 1_000, '10k': 10_000, '100k': 100_000 } as const;
export type DatasetSize = keyof typeof DATASET_SIZES;

/** Bump when the generated events change: a loaded database of another version is reloaded. */
export const DATASET_VERSION = 2;
export const DATASET_SEED = 20260629;
/** The business day the data set ends on (fixed, so that every run sees the same data). */
export const DATASET_TODAY = '2026-06-29';

/** One generated project: its events in order, its final state and version. */
export interface GeneratedProject {
  index: number;
  id: string;
  events: ProjectEvent[];
  state: ProjectState;
  /** Demo steps the domain refused (none expected) and extra activities it refused. */
  refused: number;
}

export interface Dataset {
  size: DatasetSize;
  plan: DemoPlan;
  /** Generated lazily, one project at a time, so that 100k projects fit in memory. */
  projects(): Generator<GeneratedProject>;
}

export function generateDataset(size: DatasetSize, seed = DATASET_SEED): Dataset {
  const plan = generateDemo({ seed, projects: DATASET_SIZES[size], today: DATASET_TODAY });
  return {
    size,
    plan,
    *projects() {
      for (const project of plan.projects) yield generateProject(plan, project);
    },
  };
}

/** A project's events: the demo's requests as domain commands, with follow-up activities. */
export function generateProject(plan: DemoPlan, project: ProjectPlan): GeneratedProject {
  const rng = Rng.derive(plan.seed, 'bench-project', project.index);
  const id = seededUuid(plan.seed, 'project', project.index);
  const issueIds: string[] = [];
  const commands = withFollowUps(plan, project, rng).map((step) => toCommand(step, id, issueIds));
  let state = initialProjectState();
  const events: ProjectEvent[] = [];
  let refused = 0;
  for (const command of commands) {
    try {
      const decided = decide(command, state, { today: plan.today });
      state = decided.reduce<ProjectState>(evolve, state);
      events.push(...decided);
    } catch {
      // Only an extra activity after a drop is expected here; the loader reports the count.
      refused += 1;
    }
  }
  return { index: project.index, id, events, state, refused };
}

type Step = Pick<DemoStep, 'kind' | 'body' | 'occurredOn' | 'issue'>;

/**
 * The demo's steps with about 13 follow-up activities (visits, receptions, meetings) spread
 * between the lead and the project's last step or today, each placed before the first step
 * dated after it.
 */
function withFollowUps(plan: DemoPlan, project: ProjectPlan, rng: Rng): Step[] {
  const steps: Step[] = [...project.steps];
  const first = steps[0]!.occurredOn;
  const last = project.droppedOn ?? plan.today;
  const span = Math.max(0, daysBetween(first, last));
  const count = rng.int(6, 20);
  const dates = Array.from({ length: count }, () => addDays(first, rng.int(0, span))).sort();
  const merged: Step[] = [];
  let next = 0;
  for (const step of steps) {
    while (next < dates.length && dates[next]! < step.occurredOn && merged.length > 0) {
      merged.push(activity(dates[next++]!, rng));
    }
    merged.push(step);
  }
  while (next < dates.length) merged.push(activity(dates[next++]!, rng));
  return merged;
}

const ACTIVITY_TYPES = Object.entries(ACTIVITY_NOTES) as Array<
  [ActivityType, (typeof ACTIVITY_NOTES)[ActivityType]]
>;

function activity(on: string, rng: Rng): Step {
  const [type, { notes }] = rng.weighted(ACTIVITY_TYPES.map((e) => [e, e[1].weight] as const));
  return {
    kind: 'activity',
    occurredOn: on,
    body: { occurredOn: on, type, note: rng.pick(notes) },
  };
}

type Convert = (body: never, id: string, issueId: string) => ProjectCommand;

/** The same conversions the REST controller applies to a validated body. */
const CONVERT: Record<StepKind, Convert> = {
  lead: (body, id) => toRegisterLead(body, id),
  negotiation: (body) => toStartNegotiation(body),
  signing: (body) => toSignContract(body),
  registration: (body) => toRegisterCompany(body),
  groundbreaking: (body) => toBreakGround(body),
  production: (body) => toStartProduction(body),
  drop: (body) => toDropProject(body),
  reactivation: (body) => toReactivateProject(body),
  investment: (body) => toRecordInvestment(body),
  issue: (body, _id, issueId) => toRaiseIssue(body, issueId),
  'issue-assignment': (body, _id, issueId) => toAssignIssue(body, issueId),
  'issue-escalation': (body, _id, issueId) => toEscalateIssue(body, issueId),
  'issue-resolution': (body, _id, issueId) => toResolveIssue(body, issueId),
  activity: (body) => toLogActivity(body),
  responsibility: (body) => toAssignResponsibility(body),
  reschedule: (body) => toRescheduleCommitments(body),
  correction: (body) => toCorrectDetails(body),
};

function toCommand(step: Step, id: string, issueIds: string[]): ProjectCommand {
  let issueId = '';
  if (step.issue !== undefined) {
    if (step.kind === 'issue') issueIds[step.issue] = seededUuid(id, 'issue', step.issue);
    issueId = issueIds[step.issue] ?? '';
  }
  return CONVERT[step.kind](step.body as never, id, issueId);
}

/**
 * A version-4-shaped UUID from a hash of its parts: the same parts give the same id, and
 * 122 bits keep 2 million of them apart (a 32-bit generator state would not).
 */
export function seededUuid(...parts: ReadonlyArray<string | number>): string {
  const hex = createHash('sha256').update(parts.join('/')).digest('hex').slice(0, 32).split('');
  hex[12] = '4';
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  const s = hex.join('');
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}
