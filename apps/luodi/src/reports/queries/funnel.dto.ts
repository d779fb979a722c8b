import { ApiProperty } from '@nestjs/swagger';
import { PIPELINE, type PipelineStage } from '@luodi/domain';
import { ReportHeaderDto } from './report.dto';

export class FunnelStageDto {
  @ApiProperty({ enum: PIPELINE, description: '阶段', example: 'SIGNED' }) stage!: PipelineStage;
  @ApiProperty({ description: '阶段名称', example: '签约' }) label!: string;
  @ApiProperty({ description: '截至统计日曾进入该阶段的项目数(含后来终止的)' })
  reached!: number;
  @ApiProperty({ description: '统计日正处于该阶段的项目数' }) current!: number;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: '阶段转化率(%):进入本阶段数 / 进入上一阶段数;首个阶段或分母为0时为 null',
  })
  conversionFromPrevious!: number | null;
  @ApiProperty({
    type: Number,
    nullable: true,
    description: '从进入本阶段到进入下一阶段的中位天数;末阶段或无样本为 null',
  })
  medianDaysInStage!: number | null;
}

export class FunnelRulesDto {
  @ApiProperty({ description: '线索队列的口径' }) cohort!: string;
  @ApiProperty({ description: '“已进入某阶段”的口径' }) reached!: string;
  @ApiProperty({ description: '阶段转化率的口径' }) conversion!: string;
  @ApiProperty({ description: '阶段停留中位天数的口径' }) medianDaysInStage!: string;
}

export class FunnelReportDto extends ReportHeaderDto {
  @ApiProperty({ description: '线索登记日期起', example: '2026-01-01' }) from!: string;
  @ApiProperty({ description: '线索登记日期止', example: '2026-06-30' }) to!: string;
  @ApiProperty({ type: FunnelRulesDto, description: '统计口径' }) rules!: FunnelRulesDto;
  @ApiProperty({ description: '进入漏斗的项目数(线索登记日期在区间内)' }) entered!: number;
  @ApiProperty({ description: '统计日处于终止状态的项目数' }) dropped!: number;
  @ApiProperty({ type: [FunnelStageDto], description: '各阶段,按流程顺序' })
  stages!: FunnelStageDto[];
}
