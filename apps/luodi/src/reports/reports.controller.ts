import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { isBusinessDate, todayInShanghai } from '@luodi/domain';
import { CurrentPrincipal, RequireScope } from '../auth/decorators';
import type { Principal } from '../auth/scopes';
import { Clock } from '../common/clock';
import { ApiProblems } from '../common/problem/api-problems.decorator';
import { validationProblem } from '../common/problem/problem';
import { OptionalInstantQuery } from '../common/validation/params';
import { ProjectorService } from '../projections/projector.service';
import {
  ConversionParams,
  FunnelParams,
  IndicatorsParams,
  TimeTravelParams,
  WeeklyMeetingParams,
} from './reports.dto';
import { ReportsService, type TimeTravel } from './reports.service';

const region = (p: { regionCode?: string }) => (p.regionCode ? { regionCode: p.regionCode } : {});

@ApiTags('reports 报表')
@ApiBearerAuth()
@ApiProblems(400, 401, 403, 404)
@RequireScope('reports:read')
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly reports: ReportsService,
    private readonly clock: Clock,
    private readonly projector: ProjectorService,
  ) {}

  @Get('indicators')
  @ApiOperation({
    summary: 'Indicators against annual targets: completion, 序时进度, 双过半, region ranking',
    description: 'A region includes the regions below it. Amounts in 元, 万元 and 亿元.',
  })
  @ApiOkResponse({ description: 'Indicators with their rules (统计口径)' })
  indicators(@Query() params: IndicatorsParams, @CurrentPrincipal() principal: Principal) {
    return this.reports.indicators(
      principal,
      { year: params.year, ...region(params), ...(params.rankBy ? { rankBy: params.rankBy } : {}) },
      this.timeTravel(params),
    );
  }

  @Get('conversion')
  @ApiOperation({
    summary: 'Signing cohort conversion: registration, groundbreaking, production, landing rates',
    description:
      '`landing` picks the 落地 rule (default UNDER_CONSTRUCTION); the answer states it.',
  })
  @ApiOkResponse({ description: 'Totals and groups' })
  conversion(@Query() params: ConversionParams, @CurrentPrincipal() principal: Principal) {
    this.dates({ signedFrom: params.signedFrom, signedTo: params.signedTo });
    return this.reports.conversion(
      principal,
      {
        signedFrom: params.signedFrom,
        signedTo: params.signedTo,
        ...region(params),
        ...(params.groupBy ? { groupBy: params.groupBy } : {}),
        ...(params.landing ? { landing: params.landing } : {}),
      },
      this.timeTravel(params),
    );
  }

  @Get('funnel')
  @ApiOperation({ summary: 'Stage funnel: counts, step conversion, median days in each stage' })
  @ApiOkResponse({ description: 'Stages in pipeline order' })
  funnel(@Query() params: FunnelParams, @CurrentPrincipal() principal: Principal) {
    this.dates({ from: params.from, to: params.to });
    return this.reports.funnel(
      principal,
      { from: params.from, to: params.to, ...region(params) },
      this.timeTravel(params),
    );
  }

  @Get('weekly-meeting')
  @ApiOperation({
    summary: 'The weekly promotion meeting agenda (每周二重点签约项目推进会) as JSON',
    description: 'Pass `knownAt` to reproduce the agenda exactly as it could be printed then.',
  })
  @ApiOkResponse({ description: 'The agenda' })
  weekly(@Query() params: WeeklyMeetingParams, @CurrentPrincipal() principal: Principal) {
    this.dates({ date: params.date });
    const knownAt = new OptionalInstantQuery('knownAt').transform(params.knownAt) ?? null;
    return this.reports.weeklyMeeting(principal, { date: params.date, ...region(params) }, knownAt);
  }

  private timeTravel(params: TimeTravelParams): TimeTravel {
    if (params.asOf !== undefined) this.dates({ asOf: params.asOf });
    const knownAt = new OptionalInstantQuery('knownAt').transform(params.knownAt);
    return {
      asOf: params.asOf ?? todayInShanghai(this.clock.now()),
      knownAt: knownAt ?? null,
    };
  }

  private dates(values: Record<string, string>): void {
    const errors = Object.entries(values)
      .filter(([, v]) => !isBusinessDate(v))
      .map(([field]) => ({ field, message: `${field} must be a real calendar date YYYY-MM-DD` }));
    if (errors.length > 0) throw validationProblem(errors);
  }
}
