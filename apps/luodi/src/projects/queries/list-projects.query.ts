import { ApiPropertyOptional } from '@nestjs/swagger';
import { Query } from '@nestjs/cqrs';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { STAGES, type Stage } from '@luodi/domain';
import type { RegionScope } from '../../reference/region-scope.service';
import { PageParams } from '../../common/pagination';
import { CODE_PATTERN, IsWan, QueryNumber } from '../../common/validation/validators';
import { LIGHTS, type Light } from '../project-light';
import type { ProjectListDto } from './project.dto';

export class ListProjectsParams extends PageParams {
  @ApiPropertyOptional({ enum: STAGES })
  @IsOptional()
  @IsIn(STAGES)
  stage?: Stage;

  @ApiPropertyOptional({
    description: '区划代码,含下级 / region code, regions below included',
    example: '410928',
  })
  @IsOptional()
  @IsString()
  @Matches(CODE_PATTERN)
  regionCode?: string;

  @ApiPropertyOptional({ example: 'NEW_MATERIALS' })
  @IsOptional()
  @IsString()
  @Matches(CODE_PATTERN)
  industryChain?: string;

  @ApiPropertyOptional({ enum: LIGHTS })
  @IsOptional()
  @IsIn(LIGHTS)
  light?: Light;

  @IsOptional()
  @QueryNumber()
  @IsWan({
    required: false,
    description: '最低投资额(万元) / minimum investment in 万元',
    example: 10000,
  })
  minInvestment?: number;

  @ApiPropertyOptional({
    description: '按项目名称或投资方搜索 / search name or investor',
    example: '新材料',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({
    enum: ['json', 'xlsx'],
    description: 'xlsx: 项目台账, every project the filters select (limit and cursor do not apply)',
  })
  @IsOptional()
  @IsIn(['json', 'xlsx'])
  format?: 'json' | 'xlsx';
}

export class ListProjectsQuery extends Query<ProjectListDto> {
  constructor(
    readonly params: ListProjectsParams,
    readonly scope: RegionScope,
  ) {
    super();
  }
}
