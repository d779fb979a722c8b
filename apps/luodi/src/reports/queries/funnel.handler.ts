import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { daysBetween, PIPELINE, type PipelineStage } from '@luodi/domain';
import { stageLabel } from '../indicators';
import type { ProjectSnapshot } from '@luodi/projections';
import { ReportDataService } from '../report-data.service';
import { reportHeader } from '../report-header';
import { median, percent } from '../report-math';
import type { FunnelReportDto, FunnelStageDto } from './funnel.dto';
import { FunnelQuery } from './funnel.query';

const RULES = {
  cohort: 'Projects whose lead date (LeadRegistered) lies in [from, to].',
  reached: 'Projects that entered the stage by the as-of date (dropped ones included).',
  conversion: 'reached stage N / reached stage N−1, in %, one decimal.',
  medianDaysInStage:
    'Median days from entering a stage to entering the next, over projects that moved on.',
};

/** The lead cohort through the pipeline: stage counts, step conversion, days in each stage. */
@QueryHandler(FunnelQuery)
export class FunnelHandler implements IQueryHandler<FunnelQuery, FunnelReportDto> {
  constructor(private readonly data: ReportDataService) {}

  async execute({ principal, params, at }: FunnelQuery): Promise<FunnelReportDto> {
    const ctx = await this.data.context(principal, params.regionCode);
    const cohort = (await this.data.snapshots(ctx, at.asOf, at.knownAt)).filter((p) => {
      const lead = p.stageDates.LEAD!;
      return lead >= params.from && lead <= params.to;
    });
    return {
      ...reportHeader(ctx, at),
      from: params.from,
      to: params.to,
      rules: RULES,
      entered: cohort.length,
      dropped: cohort.filter((p) => p.stage === 'DROPPED').length,
      stages: funnelStages(cohort),
    };
  }
}

function funnelStages(cohort: readonly ProjectSnapshot[]): FunnelStageDto[] {
  const reachedStage = (stage: PipelineStage) =>
    cohort.filter((p) => p.stageDates[stage] !== undefined);
  return PIPELINE.map((stage, i) => {
    const reached = reachedStage(stage);
    const previous = i === 0 ? null : reachedStage(PIPELINE[i - 1]!);
    const next = PIPELINE[i + 1];
    const daysIn = next
      ? reached
          .filter((p) => p.stageDates[next] !== undefined)
          .map((p) => daysBetween(p.stageDates[stage]!, p.stageDates[next]!))
      : [];
    return {
      stage,
      label: stageLabel(stage),
      reached: reached.length,
      current: cohort.filter((p) => p.stage === stage).length,
      conversionFromPrevious: previous === null ? null : percent(reached.length, previous.length),
      medianDaysInStage: next ? median(daysIn) : null,
    };
  });
}
