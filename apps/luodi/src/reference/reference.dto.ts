import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { CODE_PATTERN, IsText, IsWan, OptionalButNotNull } from '../common/validation/validators';

export class PutRegionDto {
  @ApiProperty({ description: '区划名称 / region name', example: '濮阳县' })
  @IsText(100)
  name!: string;

  @ApiPropertyOptional({ description: '上级区划代码 / parent region code', example: '410900' })
  @IsOptional()
  @IsString()
  @Matches(CODE_PATTERN, { message: 'parentCode must be a code of 1-32 letters, digits, _ . -' })
  parentCode?: string;
}

export class RegionDto {
  @ApiProperty({ example: '410928' }) code!: string;
  @ApiProperty({ example: '濮阳县' }) name!: string;
  @ApiProperty({ nullable: true, type: String, example: '410900' }) parentCode!: string | null;
  @ApiProperty({ type: () => [RegionDto], description: '下级区划 / regions below' })
  children!: RegionDto[];
}

export class PutIndustryChainDto {
  @ApiProperty({ description: '产业链名称 / chain name', example: '新材料' })
  @IsText(100)
  name!: string;

  @ApiPropertyOptional({ description: '链长 / chain leader', example: '张副市长' })
  @IsOptional()
  @IsText(100)
  chainLeader?: string;
}

export class IndustryChainDto {
  @ApiProperty({ example: 'NEW_MATERIALS' }) code!: string;
  @ApiProperty({ example: '新材料' }) name!: string;
  @ApiProperty({ nullable: true, type: String, example: '张副市长' }) chainLeader!: string | null;
}

// null is refused rather than skipped: the controller would store it as a target (a 500).
const IsCount = () => applyDecorators(OptionalButNotNull(), IsInt(), Min(0), Max(1_000_000));

/** Annual targets (目标任务). Counts are integers; amounts are in 万元. */
export class PutTargetsDto {
  @ApiPropertyOptional({ description: '签约项目数 / signed projects', example: 60 })
  @IsCount()
  signedProjects?: number;

  @ApiPropertyOptional({
    description: '新引进亿元以上项目数 / signed projects ≥ 1 亿元',
    example: 24,
  })
  @IsCount()
  signedProjectsOver100m?: number;

  @ApiPropertyOptional({
    description: '签约重大项目数(≥5亿元) / major projects signed',
    example: 4,
  })
  @IsCount()
  majorProjectsSigned?: number;

  @ApiPropertyOptional({ description: '合同投资额(万元) / contract investment', example: 741800 })
  @OptionalButNotNull()
  @IsWan()
  contractInvestment?: number;

  @ApiPropertyOptional({ description: '实到资金(万元) / funds arrived', example: 675500 })
  @OptionalButNotNull()
  @IsWan()
  fundsArrived?: number;

  @ApiPropertyOptional({ description: '开工项目数 / groundbroken projects', example: 20 })
  @IsCount()
  groundbrokenProjects?: number;

  @ApiPropertyOptional({
    description: '亿元以上在谈项目投资额(万元) / negotiating investment ≥ 1 亿元',
    example: 1116000,
  })
  @OptionalButNotNull()
  @IsWan()
  negotiatingInvestmentOver100m?: number;
}

export const TARGET_INDICATORS = [
  'signedProjects',
  'signedProjectsOver100m',
  'majorProjectsSigned',
  'contractInvestment',
  'fundsArrived',
  'groundbrokenProjects',
  'negotiatingInvestmentOver100m',
] as const satisfies ReadonlyArray<keyof PutTargetsDto>;

export type TargetIndicator = (typeof TARGET_INDICATORS)[number];
export const AMOUNT_INDICATORS: ReadonlySet<TargetIndicator> = new Set([
  'contractInvestment',
  'fundsArrived',
  'negotiatingInvestmentOver100m',
]);
