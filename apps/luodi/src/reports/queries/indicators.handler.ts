import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { computeIndicators, INDICATOR_KEYS } from '../indicators';
import { DEFAULT_RANK_BY, rankRegions } from '../region-ranking';
import { ReportDataService } from '../report-data.service';
import { reportHeader } from '../report-header';
import type { IndicatorsReportDto } from './indicators.dto';
import { IndicatorsQuery } from './indicators.query';

/** Indicators against the annual targets, with 序时进度, 双过半 and the ranking below. */
@QueryHandler(IndicatorsQuery)
export class IndicatorsHandler implements IQueryHandler<IndicatorsQuery, IndicatorsReportDto> {
  constructor(private readonly data: ReportDataService) {}

  async execute({ principal, params, at }: IndicatorsQuery): Promise<IndicatorsReportDto> {
    const { year } = params;
    const rankBy = params.rankBy ?? DEFAULT_RANK_BY;
    const ctx = await this.data.context(principal, params.regionCode);
    const projects = await this.data.snapshots(ctx, at.asOf, at.knownAt);
    const figures = computeIndicators(
      projects,
      await this.data.targets(year, ctx.code),
      year,
      at.asOf,
    );
    const regions = rankRegions(
      ctx.children,
      projects,
      await this.data.targetsBelow(year, ctx),
      year,
      at.asOf,
      rankBy,
    );
    return {
      year,
      ...reportHeader(ctx, at),
      timeProgress: figures.timeProgress,
      indicators: INDICATOR_KEYS.map((k) => figures.values[k]),
      doubleHalf: figures.doubleHalf,
      rankBy,
      regions,
    };
  }
}
