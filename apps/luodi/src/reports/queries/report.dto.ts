import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { INDICATOR_KEYS, type IndicatorKey } from '../indicators';

// Response pieces shared by the reports.

export class AmountViewDto {
  @ApiProperty({ description: '金额(元,整数)', example: 8457000000 }) yuan!: number;
  @ApiProperty({ description: '金额(万元,最多4位小数)', example: 845700 }) wan!: number;
  @ApiProperty({ description: '金额(亿元,精确文本,无多余的0)', example: '84.57' }) yi!: string;
}

/** Which region and which clocks a report was computed for. */
export class ReportHeaderDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description: '区划代码(含下级);null 表示全部区划',
    example: '420625',
  })
  regionCode!: string | null;
  @ApiProperty({ description: '区划名称;全部区划时为“全部”', example: '谷城县' })
  regionName!: string;
  @ApiProperty({ description: '业务日期:统计截至当日', example: '2021-05-31' }) asOf!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date-time',
    description: '记录时点:只计此时刻前录入的事件;null 表示截至现在',
  })
  knownAt!: string | null;
}

export class IndicatorValueDto {
  @ApiProperty({ enum: INDICATOR_KEYS, description: '指标代码', example: 'contractInvestment' })
  key!: IndicatorKey;
  @ApiProperty({ description: '指标名称', example: '合同投资额' }) label!: string;
  @ApiProperty({ description: '统计口径' }) rule!: string;
  @ApiProperty({
    enum: ['projects', 'amount'],
    description: '单位:projects 为项目个数,amount 为金额(万元)',
  })
  unit!: 'projects' | 'amount';
  @ApiProperty({ description: '实际完成:项目个数,或金额(万元)', example: 845700 })
  actual!: number;
  @ApiProperty({
    type: AmountViewDto,
    nullable: true,
    description: '金额类指标的实际完成(元/万元/亿元);个数类指标为 null',
  })
  actualAmount!: AmountViewDto | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: '年度目标:项目个数,或金额(万元);未下达目标为 null',
    example: 741800,
  })
  target!: number | null;
  @ApiProperty({
    type: AmountViewDto,
    nullable: true,
    description: '金额类指标的年度目标(元/万元/亿元)',
  })
  targetAmount!: AmountViewDto | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: '完成率(%):实际 / 目标,一位小数,四舍五入;无目标为 null',
    example: 114,
  })
  completion!: number | null;
  @ApiProperty({ description: '序时进度(%)', example: 41.4 }) timeProgress!: number;
  @ApiProperty({
    type: Boolean,
    nullable: true,
    description: '是否落后于序时进度(完成率 < 序时进度);无目标或目标为0时为 null',
  })
  behindSchedule!: boolean | null;
  @ApiPropertyOptional({
    description: '仅 signedProjectsOver100m:其中截至统计日已开工的项目数',
    example: 7,
  })
  started?: number;
  @ApiPropertyOptional({
    description: '仅 negotiatingInvestmentOver100m:亿元以上在谈项目个数',
    example: 45,
  })
  count?: number;
}

export class DoubleHalfDto {
  @ApiProperty({ description: '是否实现“双过半”' }) achieved!: boolean;
  @ApiProperty({ description: '是否“提前”实现:完成过半时序时进度尚未过半' }) early!: boolean;
  @ApiProperty({
    enum: INDICATOR_KEYS,
    isArray: true,
    description: '参与判断的主要指标(已下达目标的)',
  })
  headline!: IndicatorKey[];
  @ApiProperty({ description: '判定口径' }) rule!: string;
}
