import { ApiProperty } from '@nestjs/swagger';
import { INDICATOR_KEYS, type IndicatorKey } from '../indicators';
import { DoubleHalfDto, IndicatorValueDto, ReportHeaderDto } from './report.dto';

export class RegionIndicatorFigureDto {
  @ApiProperty({ description: '实际完成:项目个数,或金额(万元)' }) actual!: number;
  @ApiProperty({ type: Number, nullable: true, description: '年度目标;未下达为 null' })
  target!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: '完成率(%);无目标为 null' })
  completion!: number | null;
}

/** One entry per indicator, so a ranking row can be read without a second request. */
export class RegionIndicatorsDto {
  @ApiProperty({ type: RegionIndicatorFigureDto, description: '签约项目数' })
  signedProjects!: RegionIndicatorFigureDto;
  @ApiProperty({ type: RegionIndicatorFigureDto, description: '新引进亿元以上项目' })
  signedProjectsOver100m!: RegionIndicatorFigureDto;
  @ApiProperty({ type: RegionIndicatorFigureDto, description: '签约重大项目(5亿元以上)' })
  majorProjectsSigned!: RegionIndicatorFigureDto;
  @ApiProperty({ type: RegionIndicatorFigureDto, description: '合同投资额(万元)' })
  contractInvestment!: RegionIndicatorFigureDto;
  @ApiProperty({ type: RegionIndicatorFigureDto, description: '实到资金(万元)' })
  fundsArrived!: RegionIndicatorFigureDto;
  @ApiProperty({ type: RegionIndicatorFigureDto, description: '开工项目数' })
  groundbrokenProjects!: RegionIndicatorFigureDto;
  @ApiProperty({ type: RegionIndicatorFigureDto, description: '亿元以上在谈项目投资额(万元)' })
  negotiatingInvestmentOver100m!: RegionIndicatorFigureDto;
}

export class RegionRankDto {
  @ApiProperty({ description: '名次,从1起', example: 1 }) rank!: number;
  @ApiProperty({ example: '420625' }) regionCode!: string;
  @ApiProperty({ example: '谷城县' }) regionName!: string;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: '排名指标(rankBy)的完成率(%);无目标为 null,排在最后',
  })
  completion!: number | null;
  @ApiProperty({
    type: Boolean,
    nullable: true,
    description: '排名指标是否落后于序时进度;无目标为 null',
  })
  behindSchedule!: boolean | null;
  @ApiProperty({ description: '该区划是否实现“双过半”' }) doubleHalf!: boolean;
  @ApiProperty({ type: RegionIndicatorsDto, description: '各项指标的完成情况' })
  indicators!: RegionIndicatorsDto;
}

export class IndicatorsReportDto extends ReportHeaderDto {
  @ApiProperty({ description: '年度', example: 2021 }) year!: number;
  @ApiProperty({ description: '序时进度(%):截至统计日已过天数 / 全年天数', example: 41.4 })
  timeProgress!: number;
  @ApiProperty({ type: [IndicatorValueDto], description: '各项指标,附统计口径' })
  indicators!: IndicatorValueDto[];
  @ApiProperty({ type: DoubleHalfDto, description: '双过半' }) doubleHalf!: DoubleHalfDto;
  @ApiProperty({ enum: INDICATOR_KEYS, description: '排名所用指标' }) rankBy!: IndicatorKey;
  @ApiProperty({
    type: [RegionRankDto],
    description: '下一级区划按完成率排名(争名次、抢位次)',
  })
  regions!: RegionRankDto[];
}
