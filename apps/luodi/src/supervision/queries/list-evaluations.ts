import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { todayInShanghai } from '@luodi/domain';
import { DataSource } from 'typeorm';
import type { EvaluationSummaryDto } from '../supervision.dto';

/** The latest evaluation runs, newest first. */
export class ListEvaluationsQuery extends Query<EvaluationSummaryDto[]> {}

@QueryHandler(ListEvaluationsQuery)
export class ListEvaluationsHandler implements IQueryHandler<
  ListEvaluationsQuery,
  EvaluationSummaryDto[]
> {
  constructor(private readonly db: DataSource) {}

  async execute(): Promise<EvaluationSummaryDto[]> {
    const rows: Array<{
      evaluated_at: Date;
      trigger: string;
      rules_version: number;
      projects: number;
      raised: number;
      escalated: number;
      cleared: number;
      started_at: Date;
      finished_at: Date;
    }> = await this.db.query(
      `SELECT evaluated_at, trigger, rules_version, projects, raised, escalated, cleared, started_at, finished_at
       FROM supervision_evaluations ORDER BY supervision_evaluations.id DESC LIMIT 20`,
    );
    return rows.map((r) => {
      const at = new Date(r.evaluated_at);
      return {
        at: at.toISOString(),
        today: todayInShanghai(at),
        rulesVersion: r.rules_version,
        trigger: r.trigger,
        projects: r.projects,
        raised: r.raised,
        escalated: r.escalated,
        cleared: r.cleared,
        startedAt: new Date(r.started_at).toISOString(),
        finishedAt: new Date(r.finished_at).toISOString(),
      };
    });
  }
}
