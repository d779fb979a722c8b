import { Body, Controller, Get, Param, Post, Req, Res, type StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { API_PREFIX } from '../../api-prefix';
import { CurrentPrincipal, Public, RequireScope } from '../../auth/decorators';
import type { Principal } from '../../auth/scopes';
import { ApiProblems } from '../../common/problem/api-problems.decorator';
import { WeeklyMeetingQuery } from '../queries/weekly-meeting.query';
import { ReportDataService } from '../report-data.service';
import { XLSX_TYPE } from '../../common/documents';
import { WeeklyReportOutput } from '../weekly-report.output';
import { CreateReportLinkDto, ReportLinkDto } from './report-links.dto';
import { ReportLinksService } from './report-links.service';

/**
 * A browser cannot put a bearer key on a plain link, and keys never go in URLs: an
 * authenticated call creates a short-lived signed link to one report instead.
 */
@ApiTags('reports 报表')
@Controller('reports/links')
export class ReportLinksController {
  constructor(
    private readonly bus: QueryBus,
    private readonly links: ReportLinksService,
    private readonly data: ReportDataService,
    private readonly output: WeeklyReportOutput,
  ) {}

  @Post()
  @RequireScope('reports:read')
  @ApiBearerAuth()
  @ApiProblems(400, 401, 403, 404)
  @ApiOperation({
    summary: 'Create a short-lived signed link to a report, to open in a browser or download',
    description:
      'The link acts with this key’s rights when it is opened: revoking the key stops its links at once. The link carries no key.',
  })
  @ApiCreatedResponse({ type: ReportLinkDto })
  async create(
    @Body() body: CreateReportLinkDto,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
  ): Promise<ReportLinkDto> {
    // Refuse now, not when a leader opens the link, a region the key may not read.
    await this.data.context(principal, body.regionCode);
    const { report, date, regionCode, knownAt, format = 'html', ttlSeconds } = body;
    const query = { date, ...(regionCode ? { regionCode } : {}), ...(knownAt ? { knownAt } : {}) };
    const link = await this.links.issue(principal, report, query, format, ttlSeconds);
    const path = `/${API_PREFIX}/reports/links/${link.token}`;
    return {
      url: `${req.protocol}://${req.get('host') ?? 'localhost'}${path}`,
      path,
      format,
      expiresAt: link.expiresAt.toISOString(),
    };
  }

  @Get(':token')
  @Public()
  @ApiProblems(401, 403, 404)
  @ApiOperation({
    summary: 'Open a signed report link (no key needed): the printable page or the workbook',
  })
  @ApiProduces('text/html', XLSX_TYPE)
  @ApiOkResponse({ description: 'The report in the format the link was made for' })
  async open(
    @Param('token') token: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<string | StreamableFile> {
    const { grant, principal } = await this.links.redeem(token);
    const { date, regionCode, knownAt } = grant.query;
    const agenda = await this.bus.execute(
      new WeeklyMeetingQuery(
        principal,
        { date: date!, ...(regionCode ? { regionCode } : {}) },
        knownAt ? new Date(knownAt) : null,
      ),
    );
    // Relative to this link, so it also works behind a proxy that adds a path prefix.
    return this.output.send(res, agenda, grant.format, () => this.links.sibling(grant, 'xlsx'));
  }
}
