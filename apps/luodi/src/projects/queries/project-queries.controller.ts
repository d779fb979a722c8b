import { Controller, Get, Param, Query, Req, Res, type StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentPrincipal, RequireScope } from '../../auth/decorators';
import type { Principal } from '../../auth/scopes';
import { ApiProblems } from '../../common/problem/api-problems.decorator';
import { validationProblem } from '../../common/problem/problem';
import { OptionalDateQuery, OptionalInstantQuery, UuidParam } from '../../common/validation/params';
import { RegionScopeService } from '../../reference/region-scope.service';
import { XLSX_TYPE } from '../../common/documents';
import { GetProjectEventsQuery, GetProjectQuery } from './get-project.query';
import { ListProjectsParams, ListProjectsQuery } from './list-projects.query';
import { ProjectLedgerExport } from './project-ledger.export';
import { ProjectDto, ProjectEventsDto, ProjectListDto } from './project.dto';

@ApiTags('project queries 项目查询')
@ApiBearerAuth()
@ApiProblems(400, 401, 403, 404)
@RequireScope('projects:read')
@Controller('projects')
export class ProjectQueriesController {
  constructor(
    private readonly bus: QueryBus,
    private readonly regionScope: RegionScopeService,
    private readonly ledger: ProjectLedgerExport,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List projects (项目台账), filtered, newest first, cursor-paginated',
    description:
      '`format=xlsx` (or `Accept` the xlsx type) exports every selected project as a workbook.',
  })
  @ApiProduces('application/json', XLSX_TYPE)
  @ApiOkResponse({ type: ProjectListDto })
  async list(
    @Query() params: ListProjectsParams,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ProjectListDto | StreamableFile> {
    const scope = await this.regionScope.scopeOf(principal);
    // Region codes are public: a region outside the key's is 403, never a silently empty list.
    if (params.regionCode !== undefined)
      await this.regionScope.assertAllowed(principal, params.regionCode);
    const xlsx =
      params.format === 'xlsx' ||
      (params.format === undefined && req.accepts(['application/json', XLSX_TYPE]) === XLSX_TYPE);
    if (xlsx) return this.ledger.send(res, params, scope);
    return this.bus.execute(new ListProjectsQuery(params, scope));
  }

  @Get(':id')
  @ApiOperation({
    summary: 'A project: stage, amounts, dates, commitments, responsibility, open problems, light',
    description:
      '`asOf` gives the state on a business date; `knownAt` the state as recorded by an instant. Both may be combined.',
  })
  @ApiQuery({
    name: 'asOf',
    required: false,
    description: '业务日期 YYYY-MM-DD',
    example: '2026-05-31',
  })
  @ApiQuery({
    name: 'knownAt',
    required: false,
    description: '记录时点 ISO-8601',
    example: '2026-06-02T09:00:00+08:00',
  })
  @ApiOkResponse({ type: ProjectDto })
  async get(
    @Param('id', new UuidParam()) id: string,
    @Query('asOf', new OptionalDateQuery('asOf')) asOf: string | undefined,
    @Query('knownAt', new OptionalInstantQuery('knownAt')) knownAt: Date | undefined,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ProjectDto> {
    const project = await this.bus.execute(
      new GetProjectQuery(id, principal, {
        ...(asOf ? { asOf } : {}),
        ...(knownAt ? { knownAt } : {}),
      }),
    );
    res.setHeader('ETag', `"${project.version}"`);
    return project;
  }

  @Get(':id/events')
  @ApiOperation({
    summary: 'The project history: every event with its position, version, actor and hash',
  })
  @ApiQuery({
    name: 'verify',
    required: false,
    enum: ['true', 'false'],
    description: '校验哈希链 / verify the hash chain',
  })
  @ApiOkResponse({ type: ProjectEventsDto })
  events(
    @Param('id', new UuidParam()) id: string,
    @Query('verify') verify: string | undefined,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ProjectEventsDto> {
    if (verify !== undefined && verify !== 'true' && verify !== 'false') {
      throw validationProblem([{ field: 'verify', message: 'verify must be true or false' }]);
    }
    return this.bus.execute(new GetProjectEventsQuery(id, principal, verify === 'true'));
  }
}
