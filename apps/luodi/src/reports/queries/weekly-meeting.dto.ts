import { ApiProperty } from '@nestjs/swagger';
import { COORDINATION_LEVELS, CURRENCIES, ISSUE_CATEGORIES, STAGES } from '@luodi/domain';
import { INDICATOR_KEYS, type IndicatorKey } from '../indicators';
import { AmountViewDto, DoubleHalfDto, IndicatorValueDto, ReportHeaderDto } from './report.dto';

export class WeekDto {
  @ApiProperty({ description: '本周起(会议日前7天)', example: '2026-06-16' }) from!: string;
  @ApiProperty({ description: '本周止(会议日前一天,即统计日)', example: '2026-06-22' })
  to!: string;
}

export class AgendaRulesDto {
  @ApiProperty({ description: '“本周”的口径' }) week!: string;
  @ApiProperty({ description: '待协调问题的排序口径' }) problems!: string;
  @ApiProperty({ description: '签约三个月未开工的口径' }) notStarted!: string;
  @ApiProperty({ description: '重大项目的口径' }) major!: string;
}

export class AgendaHeadlineDto {
  @ApiProperty({ description: '年度(统计日所在年)', example: 2026 }) year!: number;
  @ApiProperty({ description: '序时进度(%)', example: 47.9 }) timeProgress!: number;
  @ApiProperty({
    type: [IndicatorValueDto],
    description: '主要指标(合同投资额、实到资金、新引进亿元以上项目)及签约项目数',
  })
  indicators!: IndicatorValueDto[];
  @ApiProperty({ type: DoubleHalfDto, description: '双过半' }) doubleHalf!: DoubleHalfDto;
}

/** One project on the agenda. */
export class AgendaProjectDto {
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty({ example: '年产5万吨高性能复合材料项目' }) name!: string;
  @ApiProperty({ example: '410928' }) regionCode!: string;
  @ApiProperty({ example: 'NEW_MATERIALS' }) industryChain!: string;
  @ApiProperty({ enum: STAGES, description: '统计日所处阶段' }) stage!: string;
  @ApiProperty({ example: '签约' }) stageLabel!: string;
  @ApiProperty({
    type: AmountViewDto,
    nullable: true,
    description: '投资额(合同额,否则计划额,否则预计额);仅人民币,外币项目为 null',
  })
  investment!: AmountViewDto | null;
  @ApiProperty({ type: String, nullable: true, enum: CURRENCIES, description: '投资额币种' })
  currency!: string | null;
}

export class AgendaMilestoneDto extends AgendaProjectDto {
  @ApiProperty({ description: '本周达到该阶段的日期', example: '2026-06-18' }) on!: string;
}

export class AgendaThisWeekDto {
  @ApiProperty({ type: [AgendaMilestoneDto], description: '本周新签约' })
  signings!: AgendaMilestoneDto[];
  @ApiProperty({ type: AmountViewDto, description: '本周新签约合同投资额合计(人民币)' })
  signedInvestment!: AmountViewDto;
  @ApiProperty({ type: [AgendaMilestoneDto], description: '本周注册落户' })
  registrations!: AgendaMilestoneDto[];
  @ApiProperty({ type: [AgendaMilestoneDto], description: '本周开工' })
  groundbreakings!: AgendaMilestoneDto[];
  @ApiProperty({ type: [AgendaMilestoneDto], description: '本周投产' })
  productions!: AgendaMilestoneDto[];
}

export class AgendaProblemDto {
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty() projectName!: string;
  @ApiProperty({ example: '410928' }) regionCode!: string;
  @ApiProperty({ format: 'uuid' }) issueId!: string;
  @ApiProperty({ enum: ISSUE_CATEGORIES, description: '问题类别', example: 'LAND' })
  category!: string;
  @ApiProperty({ description: '问题描述' }) description!: string;
  @ApiProperty({ enum: COORDINATION_LEVELS, description: '协调层级' })
  coordinationLevel!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: '责任单位:已交办的单位,否则项目责任单位;都没有为 null',
  })
  responsibleUnit!: string | null;
  @ApiProperty({ type: String, nullable: true, description: '办结时限;未交办为 null' })
  dueOn!: string | null;
  @ApiProperty({ description: '提出日期', example: '2026-05-29' }) raisedOn!: string;
  @ApiProperty({ description: '至会议日已挂账天数', example: 25 }) daysOpen!: number;
}

export class AgendaNotStartedDto extends AgendaProjectDto {
  @ApiProperty({ description: '签约日期', example: '2026-03-18' }) signedOn!: string;
  @ApiProperty({ description: '至会议日签约已满天数', example: 97 }) daysSinceSigning!: number;
}

export class AgendaMajorProjectDto extends AgendaProjectDto {
  @ApiProperty({ description: '进入当前阶段的日期', example: '2026-03-18' })
  stageEnteredOn!: string;
}

export class AgendaRegionRankDto {
  @ApiProperty({ description: '名次,从1起', example: 1 }) rank!: number;
  @ApiProperty({ example: '410928' }) regionCode!: string;
  @ApiProperty({ example: '濮阳县' }) regionName!: string;
  @ApiProperty({ type: Number, nullable: true, description: '排名指标的完成率(%)' })
  completion!: number | null;
  @ApiProperty({ type: Boolean, nullable: true, description: '是否落后于序时进度' })
  behindSchedule!: boolean | null;
}

export class LastMeetingDecisionsDto {
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: '上次会议议定事项及落实情况(尚未记录,暂为空)',
  })
  items!: unknown[];
  @ApiProperty({ description: '说明' }) note!: string;
}

/** 每周二重点签约项目推进会: the agenda, as of the day before the meeting. */
export class WeeklyMeetingDto extends ReportHeaderDto {
  @ApiProperty({ description: '会议日期', example: '2026-06-23' }) meetingDate!: string;
  @ApiProperty({ type: WeekDto, description: '本周:会议日前7天' }) week!: WeekDto;
  @ApiProperty({ type: AgendaRulesDto, description: '口径' }) rules!: AgendaRulesDto;
  @ApiProperty({ type: AgendaHeadlineDto, description: '一、主要指标完成情况' })
  headline!: AgendaHeadlineDto;
  @ApiProperty({ type: AgendaThisWeekDto, description: '二、本周签约、注册、开工、投产' })
  thisWeek!: AgendaThisWeekDto;
  @ApiProperty({
    type: [AgendaProblemDto],
    description: '三、需协调的问题:市级优先,其次县级、乡镇级;先提出的在前',
  })
  problems!: AgendaProblemDto[];
  @ApiProperty({ type: [AgendaNotStartedDto], description: '四、签约三个月未开工项目' })
  signedNotStarted!: AgendaNotStartedDto[];
  @ApiProperty({
    type: [AgendaMajorProjectDto],
    description: '五、重大项目(5亿元以上)进展,投资额大的在前',
  })
  majorProjects!: AgendaMajorProjectDto[];
  @ApiProperty({ type: [AgendaRegionRankDto], description: '六、下一级区划完成率排名' })
  regionRanking!: AgendaRegionRankDto[];
  @ApiProperty({ enum: INDICATOR_KEYS, description: '排名所用指标' }) rankBy!: IndicatorKey;
  @ApiProperty({ type: LastMeetingDecisionsDto, description: '七、上次会议议定事项落实情况' })
  lastMeetingDecisions!: LastMeetingDecisionsDto;
}
