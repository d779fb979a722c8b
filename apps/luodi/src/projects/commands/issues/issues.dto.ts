import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import {
  COORDINATION_LEVELS,
  ISSUE_CATEGORIES,
  type AssignIssue,
  type CoordinationLevel,
  type EscalateIssue,
  type IssueCategory,
  type RaiseIssue,
  type ResolveIssue,
} from '@luodi/domain';
import { IsBusinessDate, IsText } from '../../../common/validation/validators';
import { DatedDto } from '../dated.dto';

const LEVEL = {
  enum: COORDINATION_LEVELS,
  description: '协调层级:乡镇、县区、市级 / who must coordinate',
  example: 'COUNTY',
} as const;

export class RaiseIssueDto extends DatedDto {
  @ApiProperty({
    enum: ISSUE_CATEGORIES,
    description: '问题类别:用地、用电、用水、融资、用工、审批、政策兑现、其他',
    example: 'LAND',
  })
  @IsIn(ISSUE_CATEGORIES)
  category!: IssueCategory;

  @ApiProperty({ description: '问题描述 / the problem', example: '项目用地指标尚未落实' })
  @IsText(2000)
  description!: string;

  @ApiProperty(LEVEL)
  @IsIn(COORDINATION_LEVELS)
  coordinationLevel!: CoordinationLevel;
}

export class AssignIssueDto extends DatedDto {
  @ApiProperty({ description: '责任单位 / responsible unit', example: '县自然资源局' })
  @IsText(200)
  unit!: string;

  @ApiProperty({ description: '办结时限 / due date', example: '2026-04-30' })
  @IsBusinessDate()
  dueOn!: string;
}

export class EscalateIssueDto extends DatedDto {
  @ApiProperty(LEVEL)
  @IsIn(COORDINATION_LEVELS)
  coordinationLevel!: CoordinationLevel;

  @ApiProperty({ description: '提级原因 / why', example: '涉及跨县用地调剂' })
  @IsText(1000)
  reason!: string;
}

export class ResolveIssueDto extends DatedDto {
  @ApiProperty({ description: '化解情况 / how it was resolved', example: '已调剂用地指标120亩' })
  @IsText(2000)
  note!: string;
}

export const toRaiseIssue = (dto: RaiseIssueDto, issueId: string): RaiseIssue => ({
  type: 'RaiseIssue',
  issueId,
  occurredOn: dto.occurredOn,
  category: dto.category,
  description: dto.description,
  coordinationLevel: dto.coordinationLevel,
});
export const toAssignIssue = (dto: AssignIssueDto, issueId: string): AssignIssue => ({
  type: 'AssignIssue',
  issueId,
  occurredOn: dto.occurredOn,
  unit: dto.unit,
  dueOn: dto.dueOn,
});
export const toEscalateIssue = (dto: EscalateIssueDto, issueId: string): EscalateIssue => ({
  type: 'EscalateIssue',
  issueId,
  occurredOn: dto.occurredOn,
  coordinationLevel: dto.coordinationLevel,
  reason: dto.reason,
});
export const toResolveIssue = (dto: ResolveIssueDto, issueId: string): ResolveIssue => ({
  type: 'ResolveIssue',
  issueId,
  occurredOn: dto.occurredOn,
  note: dto.note,
});
