import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { DEFAULT_SUPERVISION_SETTINGS, RULE_LABELS } from '@luodi/domain';
import { DataSource } from 'typeorm';
import { SupervisionRulesRepository } from '../supervision-rules.repository';
import type { RulesDto, RulesHistoryDto } from '../supervision.dto';

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
