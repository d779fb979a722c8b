import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import {
  planEvaluation,
  projectConditions,
  todayInShanghai,
  type Project,
  type SupervisionSettings,
} from '@luodi/domain';
import { WrongExpectedVersionError } from '@luodi/event-store';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { ProjectRepository } from '../projects/project.repository';
import { SupervisionItemsRepository, type LoadedItem } from './supervision-items.repository';
import { SupervisionRulesRepository } from './supervision-rules.repository';

export interface EvaluationCounts {
  projects: number;
  raised: number;
  escalated: number;
  cleared: number;
}

export interface EvaluationSummary extends EvaluationCounts {
  at: string;
  today: string;
  rulesVersion: number;
  trigger: string;
  startedAt: string;
  finishedAt: string;
}

/** Everything that changes items takes this lock, so evaluations and 督办 steps never interleave. */
const SUPERVISION_LOCK = 7_346_001;
const CHUNK = 500;
const ATTEMPTS = 5;
const METADATA = { actor: 'supervision', actorName: '督查督办规则' };

const noCounts = (): EvaluationCounts => ({ projects: 0, raised: 0, escalated: 0, cleared: 0 });

export async function lockSupervision(manager: EntityManager): Promise<void> {
  await manager.query(`SELECT pg_advisory_xact_lock($1)`, [SUPERVISION_LOCK]);
}

/**
 * Evaluates the rules: for the projects an event touched (inside the handler's transaction), or
 * for everything at an instant (the daily schedule, or POST /supervision/evaluations), in chunks
 * of projects, each chunk one transaction. Idempotent: the same instant twice changes nothing.
 */
@Injectable()
export class SupervisionEvaluator {
  private readonly logger = new Logger('Supervision');

  constructor(
    private readonly db: DataSource,
    private readonly items: SupervisionItemsRepository,
    private readonly rules: SupervisionRulesRepository,
    private readonly projects: ProjectRepository,
  ) {}

  /** Project and problem items of these projects, judged at `at`, in the caller's transaction. */
  async evaluateProjects(
    manager: EntityManager,
    projectIds: readonly string[],
    at: Date,
    options: { causationId?: string; settings?: SupervisionSettings } = {},
  ): Promise<EvaluationCounts> {
    if (projectIds.length === 0) return noCounts();
    await lockSupervision(manager);
    const today = todayInShanghai(at);
    const settings = options.settings ?? (await this.rules.current(manager)).settings;
    const projects = await this.projectsOn(manager, projectIds, today);
    const open = await this.items.openOfProjects(manager, projectIds);
    const counts = await this.apply(manager, {
      today,
      at,
      settings,
      projects,
      open,
      causationId: options.causationId,
    });
    return { ...counts, projects: projects.length };
  }

  /** Open meeting decisions judged at `at` (yellow near the due date, red after). */
  async evaluateDecisions(
    manager: EntityManager,
    at: Date,
    settings?: SupervisionSettings,
  ): Promise<EvaluationCounts> {
    await lockSupervision(manager);
    const today = todayInShanghai(at);
    const open = await this.items.openDecisions(manager);
    return this.apply(manager, {
      today,
      at,
      settings: settings ?? (await this.rules.current(manager)).settings,
      projects: [],
      open,
    });
  }

  /** Every project and decision at `at`; progress goes to the log and to `onProgress`. */
  async evaluateAll(
    at: Date,
    trigger: string,
    onProgress?: (done: number, total: number) => void,
  ): Promise<EvaluationSummary> {
    const startedAt = new Date();
    const totals = noCounts();
    const add = (c: EvaluationCounts) => {
      totals.projects += c.projects;
      totals.raised += c.raised;
      totals.escalated += c.escalated;
      totals.cleared += c.cleared;
    };
    // One version of the rules for the whole run; a change applies from the next one.
    const rules = await this.rules.current(this.db.manager);
    const [{ n }] = await this.db.query<[{ n: number }]>(
      `SELECT count(*)::int AS n FROM project_list`,
    );
    let after = '00000000-0000-0000-0000-000000000000';
    let done = 0;
    for (;;) {
      const rows = await this.db.query<Array<{ id: string }>>(
        `SELECT project_list.id FROM project_list WHERE project_list.id > $1 ORDER BY project_list.id LIMIT $2`,
        [after, CHUNK],
      );
      const ids = rows.map((r) => r.id);
      if (ids.length === 0) break;
      add(
        await this.retrying((m) => this.evaluateProjects(m, ids, at, { settings: rules.settings })),
      );
      after = ids[ids.length - 1]!;
      done += ids.length;
      onProgress?.(done, n);
      if (n >= CHUNK * 4)
        this.logger.log(`Evaluation at ${at.toISOString()}: ${done}/${n} projects`);
    }
    add(await this.retrying((m) => this.evaluateDecisions(m, at, rules.settings)));
    const rulesVersion = rules.version;
    const finishedAt = new Date();
    await this.db.query(
      `INSERT INTO supervision_evaluations (evaluated_at, trigger, rules_version, projects, raised, escalated, cleared, started_at, finished_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [
        at,
        trigger,
        rulesVersion,
        totals.projects,
        totals.raised,
        totals.escalated,
        totals.cleared,
        startedAt,
        finishedAt,
      ],
    );
    const summary: EvaluationSummary = {
      at: at.toISOString(),
      today: todayInShanghai(at),
      rulesVersion,
      trigger,
      ...totals,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
    };
    this.logger.log(
      `Evaluated ${totals.projects} projects at ${summary.at} (${trigger}): ${totals.raised} raised, ` +
        `${totals.escalated} escalated, ${totals.cleared} cleared in ${finishedAt.getTime() - startedAt.getTime()} ms`,
    );
    return summary;
  }

  /** A unit of work that lost a race with a 督办 step or another evaluator runs again. */
  private async retrying<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.db.transaction(work);
      } catch (error) {
        if (attempt >= ATTEMPTS || !isRace(error)) throw error;
      }
    }
  }

  /** Each project as it stood on `today`: the stored state, or a replay when it knows later days. */
  private async projectsOn(
    manager: EntityManager,
    projectIds: readonly string[],
    today: string,
  ): Promise<Project[]> {
    const rows: Array<{ id: string; state: Project | string | null }> = await manager.query(
      `SELECT id, state FROM project_list WHERE id = ANY($1::uuid[])`,
      [projectIds],
    );
    const projects: Project[] = [];
    for (const row of rows) {
      const state = typeof row.state === 'string' ? (JSON.parse(row.state) as Project) : row.state;
      if (state && state.lastProgressOn <= today) {
        projects.push(state);
        continue;
      }
      const past = await this.projects.loadAt(row.id, { asOf: today }, manager);
      if (past.state.exists) projects.push(past.state);
    }
    return projects;
  }

  private async apply(
    manager: EntityManager,
    input: {
      today: string;
      at: Date;
      settings: SupervisionSettings;
      projects: Project[];
      open: LoadedItem[];
      causationId?: string | undefined;
    },
  ): Promise<EvaluationCounts> {
    const { today, settings, projects, open } = input;
    const conditions = projects.flatMap((p) => projectConditions(p, settings, today));
    const subjects = [
      ...new Set([...conditions.map((c) => c.subjectId), ...open.map((o) => o.item.subjectId)]),
    ];
    const history =
      subjects.length > 0
        ? await this.items.itemHistory(manager, subjects)
        : new Map<string, { count: number; latestStepOn: string }>();
    const changes = planEvaluation({
      today,
      at: input.at.toISOString(),
      settings,
      projects,
      conditions,
      open: open.map((o) => o.item),
      earlierItems: (ruleId, subjectId) => history.get(`${ruleId}|${subjectId}`)?.count ?? 0,
      latestStepOn: (ruleId, subjectId) =>
        history.get(`${ruleId}|${subjectId}`)?.latestStepOn ?? null,
      newItemId: randomUUID,
    });
    const loaded = new Map(open.map((o) => [o.item.itemId, o]));
    const counts = noCounts();
    const changedProjects = new Set<string>();
    const metadata = {
      ...METADATA,
      ...(input.causationId ? { causationId: input.causationId } : {}),
    };
    for (const { event } of changes) {
      const itemId = event.data.itemId;
      loaded.set(itemId, await this.items.append(manager, loaded.get(itemId), event, metadata));
      if (event.type === 'SupervisionItemRaised') counts.raised++;
      else if (event.type === 'SupervisionItemEscalated') counts.escalated++;
      else if (event.type === 'SupervisionItemCleared') counts.cleared++;
      const projectId = loaded.get(itemId)?.item.projectId;
      if (projectId) changedProjects.add(projectId);
    }
    // Only a project whose items changed can change its light.
    await this.items.refreshLights(manager, [...changedProjects]);
    return counts;
  }
}

function isRace(error: unknown): boolean {
  if (error instanceof WrongExpectedVersionError) return true;
  const code =
    error instanceof QueryFailedError ? (error.driverError as { code?: string }).code : undefined;
  return code === '23505' || code === '40001' || code === '40P01';
}
