import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LANDING_RULES, type LandingRule } from '../cohort-summary';
import { CONVERSION_GROUP_BY, type ConversionGroupBy } from './conversion.query';
import { AmountViewDto, ReportHeaderDto } from './report.dto';

const rate = (what: string) => ({
  type: Number,
  nullable: true,
  description: `${what}(%),一位小数,四舍五入;分母为0时为 null`,
});
const medianDays = (what: string) => ({
  type: Number,
  nullable: true,
  description: `${what}的中位天数(偶数个取中间两数均值,一位小数);无样本为 null`,
});

export class CohortSummaryDto {
  @ApiProperty({ description: '签约项目数(队列规模)', example: 5 }) signed!: number;
  @ApiProperty({ description: '截至统计日已注册落户的项目数' }) registered!: number;
  @ApiProperty({ description: '截至统计日已开工的项目数' }) groundbroken!: number;
  @ApiProperty({ description: '截至统计日已投产的项目数' }) inProduction!: number;
  @ApiProperty({ description: '统计日处于终止状态的项目数(已重新激活的不计)' })
  dropped!: number;
  @ApiProperty({ description: '按落地口径已落地的项目数' }) landed!: number;
  @ApiProperty(rate('注册率')) registrationRate!: number | null;
  @ApiProperty(rate('开工率')) groundbreakingRate!: number | null;
  @ApiProperty(rate('投产率')) productionRate!: number | null;
  @ApiProperty(rate('落地率')) landingRate!: number | null;
  @ApiProperty({ type: AmountViewDto, description: '合同投资额(人民币)' })
  contractInvestment!: AmountViewDto;
  @ApiProperty({ type: AmountViewDto, description: '截至统计日实到资金(人民币)' })
  fundsArrived!: AmountViewDto;
  @ApiProperty(rate('资金到位率')) fundsArrivalRate!: number | null;
  @ApiProperty(medianDays('签约到注册')) medianDaysSignedToRegistered!: number | null;
  @ApiProperty(medianDays('签约到开工')) medianDaysSignedToGroundbroken!: number | null;
}

export class ConversionGroupDto extends CohortSummaryDto {
  @ApiProperty({
    description: '分组键:下一级区划代码、产业链代码或签约月份(YYYY-MM)',
    example: '410928',
  })
  key!: string;
  @ApiPropertyOptional({ description: '区划名称(仅按区划分组时)', example: '濮阳县' })
  name?: string;
}

export class LandingRuleDto {
  @ApiProperty({ enum: LANDING_RULES, description: '落地口径' }) rule!: LandingRule;
  @ApiProperty({ description: '口径名称', example: '开工' }) label!: string;
  @ApiProperty({ description: '口径说明' }) description!: string;
}

export class ConversionRulesDto {
  @ApiProperty({ description: '签约队列的口径' }) cohort!: string;
  @ApiProperty({ description: '“已达到某阶段”的口径' }) reached!: string;
  @ApiProperty({ description: '资金到位率的口径' }) fundsArrivalRate!: string;
  @ApiProperty({ description: '中位天数的口径' }) medians!: string;
}

export class ConversionReportDto extends ReportHeaderDto {
  @ApiProperty({ description: '签约日期起', example: '2026-01-01' }) signedFrom!: string;
  @ApiProperty({ description: '签约日期止', example: '2026-06-30' }) signedTo!: string;
  @ApiProperty({ enum: CONVERSION_GROUP_BY, description: '分组方式' })
  groupBy!: ConversionGroupBy;
  @ApiProperty({ type: LandingRuleDto, description: '本次采用的落地口径' })
  landing!: LandingRuleDto;
  @ApiProperty({ type: ConversionRulesDto, description: '统计口径' }) rules!: ConversionRulesDto;
  @ApiProperty({ type: CohortSummaryDto, description: '整个签约队列' }) total!: CohortSummaryDto;
  @ApiProperty({ type: [ConversionGroupDto], description: '各分组,按分组键排序' })
  groups!: ConversionGroupDto[];
}
