import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  ESCALATION_LEVELS,
  RULE_LABELS,
  SEVERITIES,
  SUPERVISION_ITEM_EVENT_TYPES,
  SUPERVISION_KINDS,
  SUPERVISION_RULE_IDS,
  SUPERVISION_STATUSES,
  type SupervisionSettings,
} from '@luodi/domain';
import { PageParams } from '../common/pagination';
import { CODE_PATTERN, IsBusinessDate, IsInstant, IsText } from '../common/validation/validators';

// ---- Requests -------------------------------------------------------------------------------

/** Steps may carry their business date; it defaults to today. */
class StepDto {
  @ApiPropertyOptional({
    description: '办理日期,默认今天 / business date, today by default',
    example: '2026-07-02',
  })
  @IsOptional()
  @IsBusinessDate()
  occurredOn?: string;
}

export class AcknowledgeItemDto extends StepDto {
  @ApiPropertyOptional({ description: '签收说明 / note', example: '已签收,由招商二科牵头办理' })
  @IsOptional()
  @IsText(2000)
  note?: string;
}

export class ItemFeedbackDto extends StepDto {
  @ApiProperty({ description: '办理情况 / what was done', example: '已与投资方约定7月10日开工' })
  @IsText(2000)
  note!: string;

  @ApiPropertyOptional({
    description: 'true:办结反馈(待复核);false:进展报告(办理中) / done: ready for review',
    default: true,
  })
  @IsOptional()
  @IsBoolean()
  done?: boolean;
}

export class ItemReviewDto extends StepDto {
  @ApiProperty({ description: '复核通过;不通过退回办理 / passed, else back to 办理' })
  @IsBoolean()
  approved!: boolean;

  @ApiProperty({ description: '复核意见 / review note', example: '经现场核实,已开工' })
  @IsText(2000)
  note!: string;
}

export class ItemClosureDto extends StepDto {
  @ApiProperty({
    description: '办结说明;复核前关闭即销号,须写明理由 / closing note (required)',
    example: '项目已开工,销号',
  })
  @IsText(2000)
  note!: string;
}

export class RecordDecisionDto {
  @ApiPropertyOptional({ format: 'uuid', description: '涉及的项目 / the project concerned' })
  @IsOptional()
  @IsUUID()
  projectId?: string;

  @ApiProperty({
    description: '议定事项 / what the meeting decided',
    example: '协调解决项目用电增容',
  })
  @IsText(2000)
  text!: string;

  @ApiProperty({ description: '责任单位 / responsible unit', example: '市发展改革委' })
  @IsText(200)
  unit!: string;

  @ApiPropertyOptional({ description: '牵头领导 / leader in charge', example: '王副市长' })
  @IsOptional()
  @IsText(100)
  leader?: string;

  @ApiProperty({ description: '完成时限 / due date', example: '2026-07-31' })
  @IsBusinessDate()
  dueOn!: string;

  @ApiPropertyOptional({
    description: '区划;有 projectId 时取项目所在区划 / region, the project’s by default',
    example: '510700',
  })
  @IsOptional()
  @IsString()
  @Matches(CODE_PATTERN)
  regionCode?: string;
}

export class RunEvaluationDto {
  @ApiPropertyOptional({
    description: '评估时点,默认现在;补算历史时点用 / the instant, now by default',
    example: '2026-07-01T00:05:00+08:00',
  })
  @IsOptional()
  @IsInstant()
  at?: string;
}

const Days = (max = 3650) => applyDecorators(IsInt(), Min(0), Max(max));
const Enabled = () => applyDecorators(IsBoolean(), ApiProperty({ description: '启用 / enabled' }));

class DeadlineRuleDto {
  @Enabled() enabled!: boolean;
  @ApiProperty({ description: '期限前几天亮黄灯 / yellow this many days before', example: 15 })
  @Days(365)
  yellowDaysBefore!: number;
}

class SlipRuleDto {
  @Enabled() enabled!: boolean;
  @ApiProperty({
    description: '同一期限调整几次亮黄灯 / yellow at this many reschedules',
    example: 3,
  })
  @IsInt()
  @Min(1)
  @Max(50)
  yellowAtReschedules!: number;
}

class StalledRuleDto {
  @Enabled() enabled!: boolean;
  @ApiProperty({ example: 60 }) @Days() yellowAfterDays!: number;
  @ApiProperty({ example: 90 }) @Days() redAfterDays!: number;
}

class UnassignedRuleDto {
  @Enabled() enabled!: boolean;
  @ApiProperty({ example: 3 }) @Days(365) yellowAfterDays!: number;
}

class IssueDueRuleDto {
  @Enabled() enabled!: boolean;
  @ApiProperty({ example: 3 }) @Days(365) yellowDaysBefore!: number;
}

class DecisionRuleDto {
  @ApiProperty({ example: 3 }) @Days(365) yellowDaysBefore!: number;
}

// Required: ValidateNested alone lets a missing object through to the handler (a 500).
// The class itself (not the thunk) goes to ApiProperty, or the document's $ref names nothing.
const Nested = (type: () => new () => object) =>
  applyDecorators(
    IsDefined(),
    IsObject(),
    ValidateNested(),
    Type(type),
    ApiProperty({ type: type() }),
  );

class RuleThresholdsDto {
  @Nested(() => DeadlineRuleDto) REGISTRATION_DEADLINE!: DeadlineRuleDto;
  @Nested(() => DeadlineRuleDto) GROUNDBREAKING_DEADLINE!: DeadlineRuleDto;
  @Nested(() => DeadlineRuleDto) PRODUCTION_DEADLINE!: DeadlineRuleDto;
  @Nested(() => SlipRuleDto) COMMITMENT_SLIPPED!: SlipRuleDto;
  @Nested(() => StalledRuleDto) NEGOTIATION_STALLED!: StalledRuleDto;
  @Nested(() => UnassignedRuleDto) ISSUE_UNASSIGNED!: UnassignedRuleDto;
  @Nested(() => IssueDueRuleDto) ISSUE_DUE!: IssueDueRuleDto;
  @Nested(() => DecisionRuleDto) MEETING_DECISION!: DecisionRuleDto;
}

class EscalationDto {
  @ApiProperty({
    description: '红灯持续几天提级至市领导 / red days before the city leader',
    example: 30,
  })
  @IsInt()
  @Min(1)
  @Max(365)
  cityLeaderAfterRedDays!: number;
}

class ResponseDaysDto {
  @ApiProperty({ example: 10 }) @IsInt() @Min(1) @Max(365) YELLOW!: number;
  @ApiProperty({ example: 5 }) @IsInt() @Min(1) @Max(365) RED!: number;
}

export class SupervisionSettingsDto implements SupervisionSettings {
  @Nested(() => RuleThresholdsDto) rules!: RuleThresholdsDto;
  @Nested(() => EscalationDto) escalation!: EscalationDto;
  @Nested(() => ResponseDaysDto) responseDays!: ResponseDaysDto;
}

export class ChangeRulesDto extends SupervisionSettingsDto {
  @ApiProperty({
    description: '调整理由 / why the thresholds change',
    example: '按市督查室2026年新规调整',
  })
  @IsText(1000)
  reason!: string;
}

/** Plain settings without the DTO classes (what is stored and evaluated). */
export function settingsOf(dto: SupervisionSettingsDto): SupervisionSettings {
  const r = dto.rules;
  const d = (x: { enabled: boolean; yellowDaysBefore: number }) => ({
    enabled: x.enabled,
    yellowDaysBefore: x.yellowDaysBefore,
  });
  return {
    rules: {
      REGISTRATION_DEADLINE: d(r.REGISTRATION_DEADLINE),
      GROUNDBREAKING_DEADLINE: d(r.GROUNDBREAKING_DEADLINE),
      PRODUCTION_DEADLINE: d(r.PRODUCTION_DEADLINE),
      COMMITMENT_SLIPPED: {
        enabled: r.COMMITMENT_SLIPPED.enabled,
        yellowAtReschedules: r.COMMITMENT_SLIPPED.yellowAtReschedules,
      },
      NEGOTIATION_STALLED: {
        enabled: r.NEGOTIATION_STALLED.enabled,
        yellowAfterDays: r.NEGOTIATION_STALLED.yellowAfterDays,
        redAfterDays: r.NEGOTIATION_STALLED.redAfterDays,
      },
      ISSUE_UNASSIGNED: {
        enabled: r.ISSUE_UNASSIGNED.enabled,
        yellowAfterDays: r.ISSUE_UNASSIGNED.yellowAfterDays,
      },
      ISSUE_DUE: d(r.ISSUE_DUE),
      MEETING_DECISION: { yellowDaysBefore: r.MEETING_DECISION.yellowDaysBefore },
    },
    escalation: { cityLeaderAfterRedDays: dto.escalation.cityLeaderAfterRedDays },
    responseDays: { YELLOW: dto.responseDays.YELLOW, RED: dto.responseDays.RED },
  };
}

export class ListItemsParams extends PageParams {
  @ApiPropertyOptional({
    enum: [...SUPERVISION_STATUSES, 'OPEN'],
    description: '状态;OPEN 即未办结 / a status, or OPEN for every status but CLOSED',
  })
  @IsOptional()
  @IsIn([...SUPERVISION_STATUSES, 'OPEN'])
  status?: string;

  @ApiPropertyOptional({ enum: SEVERITIES })
  @IsOptional()
  @IsIn(SEVERITIES)
  severity?: string;

  @ApiPropertyOptional({ enum: SUPERVISION_KINDS })
  @IsOptional()
  @IsIn(SUPERVISION_KINDS)
  kind?: string;

  @ApiPropertyOptional({ enum: SUPERVISION_RULE_IDS })
  @IsOptional()
  @IsIn(SUPERVISION_RULE_IDS)
  ruleId?: string;

  @ApiPropertyOptional({ enum: ESCALATION_LEVELS })
  @IsOptional()
  @IsIn(ESCALATION_LEVELS)
  escalationLevel?: string;

  @ApiPropertyOptional({ description: '区划代码,含下级 / region, regions below included' })
  @IsOptional()
  @IsString()
  @Matches(CODE_PATTERN)
  regionCode?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  projectId?: string;

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: '超过办理时限未办结 / past its due date',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  overdue?: string;
}

// ---- Answers --------------------------------------------------------------------------------

export class ItemStepDto {
  @ApiProperty({ enum: SUPERVISION_ITEM_EVENT_TYPES }) type!: string;
  @ApiProperty({ example: '2026-07-01' }) on!: string;
  @ApiProperty({ description: '时点 / instant' }) at!: string;
  @ApiProperty({ enum: SUPERVISION_STATUSES }) status!: string;
  @ApiProperty({ enum: SEVERITIES }) severity!: string;
  @ApiProperty({ enum: ESCALATION_LEVELS }) escalationLevel!: string;
  @ApiPropertyOptional() by?: string;
  @ApiPropertyOptional() note?: string;
  @ApiPropertyOptional() reason?: string;
}

export class SupervisionItemDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: SUPERVISION_RULE_IDS }) ruleId!: string;
  @ApiProperty({ description: '规则名称', example: RULE_LABELS.GROUNDBREAKING_DEADLINE })
  ruleName!: string;
  @ApiProperty({ enum: SUPERVISION_KINDS }) kind!: string;
  @ApiProperty({ description: '项目、问题或议定事项编号' }) subjectId!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid' }) projectId!: string | null;
  @ApiProperty({ type: String, nullable: true }) projectName!: string | null;
  @ApiProperty() regionCode!: string;
  @ApiProperty({ enum: SEVERITIES }) severity!: string;
  @ApiProperty({ example: '签约已 200 天未开工,承诺开工日期 2026-06-30 已逾期 19 天' })
  reason!: string;
  @ApiProperty({ type: String, nullable: true }) responsibleUnit!: string | null;
  @ApiProperty({ type: String, nullable: true }) responsibleLeader!: string | null;
  @ApiProperty({ enum: ESCALATION_LEVELS }) escalationLevel!: string;
  @ApiProperty({ type: String, nullable: true, description: '办理时限' }) dueOn!: string | null;
  @ApiProperty({ description: '超过办理时限天数 / days past dueOn' }) overdueDays!: number;
  @ApiProperty({ enum: SUPERVISION_STATUSES }) status!: string;
  @ApiProperty() raisedOn!: string;
  @ApiProperty() raisedAt!: string;
  @ApiProperty({ type: String, nullable: true }) closedOn!: string | null;
  @ApiProperty({ type: String, nullable: true, enum: ['CLEARED', 'COMPLETED', 'MANUAL'] })
  closure!: string | null;
  @ApiProperty({ type: String, nullable: true }) meetingDate!: string | null;
  @ApiProperty({ type: String, nullable: true }) text!: string | null;
  @ApiProperty() version!: number;
  @ApiProperty({ type: [ItemStepDto] }) history!: ItemStepDto[];
}

export class SupervisionItemListDto {
  @ApiProperty({ type: [SupervisionItemDto] }) items!: SupervisionItemDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

export class RulesVersionDto {
  @ApiProperty({ description: '版本;0 为默认值 / 0 = the defaults' }) version!: number;
  @ApiProperty({ type: SupervisionSettingsDto }) settings!: SupervisionSettings;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({ type: String, nullable: true }) changedBy!: string | null;
  @ApiProperty({ type: String, nullable: true }) changedAt!: string | null;
}

export class RulesDto extends RulesVersionDto {
  @ApiProperty({ type: SupervisionSettingsDto, description: '默认值 / the defaults' })
  defaults!: SupervisionSettings;
  @ApiProperty({ description: '规则名称 / rule names', example: RULE_LABELS }) labels!: Record<
    string,
    string
  >;
}

export class RulesHistoryDto {
  @ApiProperty({ type: [RulesVersionDto] }) versions!: RulesVersionDto[];
}

export class EvaluationSummaryDto {
  @ApiProperty() at!: string;
  @ApiProperty() today!: string;
  @ApiProperty() rulesVersion!: number;
  @ApiProperty() trigger!: string;
  @ApiProperty() projects!: number;
  @ApiProperty() raised!: number;
  @ApiProperty() escalated!: number;
  @ApiProperty() cleared!: number;
  @ApiProperty() startedAt!: string;
  @ApiProperty() finishedAt!: string;
}
