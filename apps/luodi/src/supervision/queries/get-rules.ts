import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { DEFAULT_SUPERVISION_SETTINGS, RULE_LABELS, todayInShanghai } from '@luodi/domain';
import { DataSource } from 'typeorm';
import { SupervisionRulesRepository } from '../supervision-rules.repository';
import type { EvaluationSummaryDto, RulesDto, RulesHistoryDto } from '../supervision.dto';

export class GetRulesQuery extends Query<RulesDto> {}

@QueryHandler(GetRulesQuery)
export class GetRulesHandler implements IQueryHandler<GetRulesQuery, RulesDto> {
  constructor(
    private readonly db: DataSource,
    private readonly rules: SupervisionRulesRepository,
  ) {}

  async execute(): Promise<RulesDto> {
    const current = await this.rules.current(this.db.manager);
    return { ...current, defaults: DEFAULT_SUPERVISION_SETTINGS, labels: { ...RULE_LABELS } };
  }
}

export class GetRulesHistoryQuery extends Query<RulesHistoryDto> {}

@QueryHandler(GetRulesHistoryQuery)
export class GetRulesHistoryHandler implements IQueryHandler<
  GetRulesHistoryQuery,
  RulesHistoryDto
> {
  constructor(
    private readonly db: DataSource,
    private readonly rules: SupervisionRulesRepository,
  ) {}

  async execute(): Promise<RulesHistoryDto> {
    return { versions: await this.rules.history(this.db.manager) };
  }
}

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
