import { Body, Controller, Get, Param, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { moneyFromWan } from '@luodi/domain';
import type { Response } from 'express';
import { CurrentPrincipal, RequireScope } from '../auth/decorators';
import type { Principal } from '../auth/scopes';
import { ApiProblem, validationProblem } from '../common/problem/problem';
import { ApiProblems } from '../common/problem/api-problems.decorator';
import { CodeParam, YearParam } from '../common/validation/params';
import {
  AMOUNT_INDICATORS,
  IndustryChainDto,
  PutIndustryChainDto,
  PutRegionDto,
  PutTargetsDto,
  RegionDto,
  TARGET_INDICATORS,
  type TargetIndicator,
} from './reference.dto';
import { ReferenceRepository } from './reference.repository';
import { inScope, RegionScopeService } from './region-scope.service';
import { buildTree, RegionsRepository } from './regions.repository';
import { toWan } from '@luodi/domain';

@ApiTags('reference data 基础数据')
@ApiBearerAuth()
@ApiProblems(400, 401, 403)
@Controller()
export class ReferenceController {
  constructor(
    private readonly regions: RegionsRepository,
    private readonly reference: ReferenceRepository,
    private readonly regionScope: RegionScopeService,
  ) {}

  @Put('regions/:code')
  @RequireScope('admin')
  @ApiOperation({
    summary: 'Create or rename a region (行政区划)',
    description: 'Regions form a tree: city → county/district → town/development zone.',
  })
  @ApiOkResponse({ type: RegionDto })
  async putRegion(
    @Param('code', new CodeParam('code')) code: string,
    @Body() body: PutRegionDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RegionDto> {
    const parentCode = body.parentCode ?? null;
    if (parentCode !== null) {
      const ancestors = await this.regions.ancestorsOf(parentCode);
      if (ancestors.length === 0) {
        throw validationProblem([{ field: 'parentCode', message: `unknown region ${parentCode}` }]);
      }
      if (ancestors.includes(code)) {
        throw validationProblem([
          {
            field: 'parentCode',
            message: `${parentCode} lies below ${code}: a region cannot be its own ancestor`,
          },
        ]);
      }
    }
    const { created } = await this.regions.upsert({ code, name: body.name, parentCode });
    res.status(created ? 201 : 200);
    return { code, name: body.name, parentCode, children: [] };
  }

  @Get('regions')
  @RequireScope('admin', 'projects:read', 'reports:read', 'supervision:read')
  @ApiOperation({ summary: 'The region tree (区划树)' })
  @ApiOkResponse({ type: [RegionDto] })
  async getRegions(): Promise<RegionDto[]> {
    return buildTree(await this.regions.all());
  }

  @Put('industry-chains/:code')
  @RequireScope('admin')
  @ApiOperation({ summary: 'Create or update an industry chain (产业链)' })
  @ApiOkResponse({ type: IndustryChainDto })
  async putChain(
    @Param('code', new CodeParam('code')) code: string,
    @Body() body: PutIndustryChainDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<IndustryChainDto> {
    const chain = { code, name: body.name, chainLeader: body.chainLeader ?? null };
    const { created } = await this.reference.upsertChain(chain);
    res.status(created ? 201 : 200);
    return chain;
  }

  @Get('industry-chains')
  @RequireScope('admin', 'projects:read', 'reports:read', 'supervision:read')
  @ApiOperation({ summary: 'Industry chains (产业链)' })
  @ApiOkResponse({ type: [IndustryChainDto] })
  getChains(): Promise<IndustryChainDto[]> {
    return this.reference.chains();
  }

  @Put('targets/:year/:regionCode')
  @RequireScope('admin')
  @ApiOperation({
    summary: 'Set annual targets (年度目标任务) of a region',
    description: 'Only the indicators given are changed.',
  })
  @ApiOkResponse({ type: PutTargetsDto })
  async putTargets(
    @Param('year', YearParam) year: number,
    @Param('regionCode', new CodeParam('regionCode')) regionCode: string,
    @Body() body: PutTargetsDto,
  ): Promise<Record<string, number>> {
    if (!(await this.regions.get(regionCode)))
      throw new ApiProblem('NOT_FOUND', `Unknown region ${regionCode}.`);
    const values: Partial<Record<TargetIndicator, number>> = {};
    for (const indicator of TARGET_INDICATORS) {
      const value = body[indicator];
      if (value === undefined) continue;
      values[indicator] = AMOUNT_INDICATORS.has(indicator) ? moneyFromWan(value).yuan : value;
    }
    if (Object.keys(values).length === 0) {
      throw validationProblem([
        { field: 'body', message: `give at least one of ${TARGET_INDICATORS.join(', ')}` },
      ]);
    }
    await this.reference.putTargets(year, regionCode, values);
    return this.targetsOf(year, regionCode);
  }

  @Get('targets/:year')
  @RequireScope('admin', 'reports:read')
  @ApiOperation({
    summary: 'Annual targets of every region for a year (a region-limited key: its regions only)',
  })
  @ApiQuery({ name: 'regionCode', required: false })
  async getTargets(
    @Param('year', YearParam) year: number,
    @CurrentPrincipal() principal: Principal,
    @Query('regionCode') regionCode?: string,
  ): Promise<Record<string, Record<string, number>>> {
    const code = regionCode ? new CodeParam('regionCode').transform(regionCode) : undefined;
    if (code !== undefined) await this.regionScope.assertAllowed(principal, code);
    const scope = await this.regionScope.scopeOf(principal);
    const rows = (await this.reference.targets(year, code)).filter((row) =>
      inScope(scope, row.regionCode),
    );
    return this.byRegion(rows);
  }

  private byRegion(
    rows: Array<{ regionCode: string; indicator: TargetIndicator; value: number }>,
  ): Record<string, Record<string, number>> {
    const byRegion: Record<string, Record<string, number>> = {};
    for (const row of rows) {
      (byRegion[row.regionCode] ??= {})[row.indicator] = AMOUNT_INDICATORS.has(row.indicator)
        ? toWan({ yuan: row.value, currency: 'CNY' })
        : row.value;
    }
    return byRegion;
  }

  private async targetsOf(year: number, regionCode: string): Promise<Record<string, number>> {
    const all = this.byRegion(await this.reference.targets(year, regionCode));
    return all[regionCode] ?? {};
  }
}
