import { Controller, Get, Query, Req, Res, type StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { isBusinessDate, todayInShanghai } from '@luodi/domain';
import { CurrentPrincipal, RequireScope } from '../auth/decorators';
import type { Principal } from '../auth/scopes';
import { Clock } from '../common/clock';
import { ApiProblems } from '../common/problem/api-problems.decorator';
import { validationProblem } from '../common/problem/problem';
import { OptionalInstantQuery } from '../common/validation/params';
import { ConversionReportDto } from './queries/conversion.dto';
import { ConversionParams, ConversionQuery } from './queries/conversion.query';
import { FunnelReportDto } from './queries/funnel.dto';
import { FunnelParams, FunnelQuery } from './queries/funnel.query';
import { IndicatorsReportDto } from './queries/indicators.dto';
import { IndicatorsParams, IndicatorsQuery } from './queries/indicators.query';
import type { TimeTravelParams } from './queries/report-params';
import { WeeklyMeetingDto } from './queries/weekly-meeting.dto';
import { WeeklyMeetingParams, WeeklyMeetingQuery } from './queries/weekly-meeting.query';
import { ReportLinksService } from './links/report-links.service';
import { negotiateFormat, XLSX_TYPE } from '../common/documents';
import type { TimeTravel } from './report-header';
import { WeeklyReportOutput } from './weekly-report.output';

/** Validates, builds the query and hands it to the query bus; the handlers hold the reports. */
@ApiTags('reports 报表')
@ApiBearerAuth()
@ApiProblems(400, 401, 403, 404)
@RequireScope('reports:read')
@Controller('reports')
export class ReportsController {
  constructor(
    private readonly bus: QueryBus,
    private readonly clock: Clock,
    private readonly links: ReportLinksService,
    private readonly output: WeeklyReportOutput,
  ) {}

  @Get('indicators')
  @ApiOperation({
    summary: 'Indicators against annual targets: completion, 序时进度, 双过半, region ranking',
    description: 'A region includes the regions below it. Amounts in 元, 万元 and 亿元.',
  })
  @ApiOkResponse({
    type: IndicatorsReportDto,
    description: 'Indicators with their rules (统计口径)',
  })
  indicators(
    @Query() params: IndicatorsParams,
    @CurrentPrincipal() principal: Principal,
  ): Promise<IndicatorsReportDto> {
    const at = this.timeTravel(params);
    const { year, regionCode, rankBy } = params;
    return this.bus.execute(new IndicatorsQuery(principal, { year, regionCode, rankBy }, at));
  }

  @Get('conversion')
  @ApiOperation({
    summary: 'Signing cohort conversion: registration, groundbreaking, production, landing rates',
    description:
      '`landing` picks the 落地 rule (default UNDER_CONSTRUCTION); the answer states it.',
  })
  @ApiOkResponse({ type: ConversionReportDto, description: 'Totals and groups' })
  conversion(
    @Query() params: ConversionParams,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ConversionReportDto> {
    this.dates({ signedFrom: params.signedFrom, signedTo: params.signedTo });
    const at = this.timeTravel(params);
    const { signedFrom, signedTo, groupBy, landing, regionCode } = params;
    return this.bus.execute(
      new ConversionQuery(principal, { signedFrom, signedTo, groupBy, landing, regionCode }, at),
    );
  }

  @Get('funnel')
  @ApiOperation({ summary: 'Stage funnel: counts, step conversion, median days in each stage' })
  @ApiOkResponse({ type: FunnelReportDto, description: 'Stages in pipeline order' })
  funnel(
    @Query() params: FunnelParams,
    @CurrentPrincipal() principal: Principal,
  ): Promise<FunnelReportDto> {
    this.dates({ from: params.from, to: params.to });
    const at = this.timeTravel(params);
    const { from, to, regionCode } = params;
    return this.bus.execute(new FunnelQuery(principal, { from, to, regionCode }, at));
  }

  @Get('weekly-meeting')
  @ApiOperation({
    summary:
      'The weekly promotion meeting agenda (每周二重点签约项目推进会): JSON, printable page or Excel',
    description:
      'Pass `knownAt` to reproduce the agenda exactly as it could be printed then. `Accept: text/html` (or `format=html`) gives the printable page, `format=xlsx` the workbook; for a browser, create a signed link with `POST /reports/links`.',
  })
  @ApiProduces('application/json', 'text/html', XLSX_TYPE)
  @ApiOkResponse({ type: WeeklyMeetingDto, description: 'The agenda' })
  async weekly(
    @Query() params: WeeklyMeetingParams,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<WeeklyMeetingDto | string | StreamableFile> {
    this.dates({ date: params.date });
    const knownAt = new OptionalInstantQuery('knownAt').transform(params.knownAt) ?? null;
    const format = negotiateFormat(params.format, req);
    const { date, regionCode } = params;
    const agenda = await this.bus.execute(
      new WeeklyMeetingQuery(principal, { date, regionCode }, knownAt),
    );
    if (format === 'json') return agenda;
    const query = {
      date,
      ...(regionCode ? { regionCode } : {}),
      ...(params.knownAt ? { knownAt: params.knownAt } : {}),
    };
    // The page's download link is signed, so it opens in a browser without the key.
    return this.output.send(res, agenda, format, async () => {
      const link = await this.links.issue(principal, 'weekly-meeting', query, 'xlsx');
      return `links/${link.token}`;
    });
  }

  private timeTravel(params: TimeTravelParams): TimeTravel {
    if (params.asOf !== undefined) this.dates({ asOf: params.asOf });
    const knownAt = new OptionalInstantQuery('knownAt').transform(params.knownAt);
    return {
      asOf: params.asOf ?? todayInShanghai(this.clock.now()),
      knownAt: knownAt ?? null,
    };
  }

  /** The DTOs check the shape; this checks the day exists (2026-02-30 does not). */
  private dates(values: Record<string, string>): void {
    const errors = Object.entries(values)
      .filter(([, v]) => !isBusinessDate(v))
      .map(([field]) => ({ field, message: `${field} must be a real calendar date YYYY-MM-DD` }));
    if (errors.length > 0) throw validationProblem(errors);
  }
}
