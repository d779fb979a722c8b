import { ApiProperty } from '@nestjs/swagger';
import {
  COORDINATION_LEVELS,
  CURRENCIES,
  ESCALATION_LEVELS,
  ISSUE_CATEGORIES,
  SEVERITIES,
  STAGES,
  SUPERVISION_RULE_IDS,
  SUPERVISION_STATUSES,
} from '@luodi/domain';
import { LANDING_RULES } from '../cohort-summary';
import { INDICATOR_KEYS, type IndicatorKey } from '../indicators';
import { CohortSummaryDto } from './conversion.dto';
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
  @ApiProperty({ description: '红黄灯项目的口径' }) redYellow!: string;
  @ApiProperty({ description: '签约到落地与各月数据的口径' }) landing!: string;
  @ApiProperty({ description: '会议议定事项落实情况的口径' }) decisions!: string;
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

/** 签约到落地: this year's signings and how far they have landed (the funnel chart). */
export class AgendaLandingDto extends CohortSummaryDto {
  @ApiProperty({ description: '签约起(当年1月1日)', example: '2026-01-01' }) signedFrom!: string;
  @ApiProperty({ description: '签约止(统计日)', example: '2026-06-22' }) signedTo!: string;
  @ApiProperty({ enum: LANDING_RULES, description: '落地口径(默认开工)' }) landingRule!: string;
}

/** One month of the year (the monthly chart). */
export class AgendaMonthDto {
  @ApiProperty({ description: '月份', example: '2026-03' }) month!: string;
  @ApiProperty({ description: '当月签约项目数', example: 12 }) signings!: number;
  @ApiProperty({ type: AmountViewDto, description: '当月签约投资额(人民币)' })
  signedInvestment!: AmountViewDto;
  @ApiProperty({ description: '当月开工项目数', example: 7 }) groundbreakings!: number;
}

/** One project on the agenda. */
export class AgendaProjectDto {
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty({ example: '年产5万吨高性能复合材料项目' }) name!: string;
  @ApiProperty({ example: '410928' }) regionCode!: string;
  @ApiProperty({ description: '区划名称', example: '濮阳县' }) regionName!: string;
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
  @ApiProperty({ description: '区划名称', example: '濮阳县' }) regionName!: string;
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

/** An open red or yellow 督办 item of a project. */
export class AgendaLightItemDto {
  @ApiProperty({ format: 'uuid', description: '督办事项' }) itemId!: string;
  @ApiProperty({ enum: ['PROJECT', 'ISSUE'], description: '督办对象:项目或其问题' })
  kind!: string;
  @ApiProperty({ enum: SUPERVISION_RULE_IDS, example: 'REGISTRATION_DEADLINE' }) ruleId!: string;
  @ApiProperty({ description: '规则名称', example: '承诺注册期限' }) ruleName!: string;
  @ApiProperty({ enum: SEVERITIES.filter((s) => s !== 'GREEN'), description: '红灯/黄灯' })
  severity!: string;
  @ApiProperty({
    description: '预警原因',
    example: '签约已 92 天未注册,承诺注册日期 2026-06-16 已逾期 2 天',
  })
  reason!: string;
  @ApiProperty({
    enum: ESCALATION_LEVELS,
    description: '督办层级:责任单位、分管副市长、市主要领导',
  })
  escalationLevel!: string;
  @ApiProperty({ type: String, nullable: true, description: '责任单位;未明确为 null' })
  responsibleUnit!: string | null;
  @ApiProperty({ enum: SUPERVISION_STATUSES, description: '督办单状态' }) status!: string;
  @ApiProperty({ description: '督办单状态(中文)', example: '签收' }) statusLabel!: string;
  @ApiProperty({ type: String, nullable: true, description: '办理时限', example: '2026-06-23' })
  dueOn!: string | null;
  @ApiProperty({ description: '预警日期', example: '2026-06-18' }) raisedOn!: string;
}

export class AgendaLightProjectDto {
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty({
    type: String,
    nullable: true,
    description: '项目名称(统计日);报表看不到该项目时为 null',
    example: '年产5万吨高性能复合材料项目',
  })
  name!: string | null;
  @ApiProperty({ example: '410928' }) regionCode!: string;
  @ApiProperty({ description: '区划名称', example: '濮阳县' }) regionName!: string;
  @ApiProperty({ enum: ['RED', 'YELLOW'], description: '项目灯色:有红灯事项为红,否则黄' })
  light!: 'RED' | 'YELLOW';
  @ApiProperty({ description: '最早一项未办结预警的日期', example: '2026-06-01' })
  oldestRaisedOn!: string;
  @ApiProperty({
    type: [AgendaLightItemDto],
    description: '未办结的红黄灯事项:红灯在前,先预警的在前',
  })
  items!: AgendaLightItemDto[];
}

export class AgendaRedYellowDto {
  @ApiProperty({ description: '红灯项目数', example: 2 }) red!: number;
  @ApiProperty({ description: '黄灯项目数', example: 5 }) yellow!: number;
  @ApiProperty({
    type: [AgendaLightProjectDto],
    description: '红灯项目在前,其次黄灯;同色按最早预警日期',
  })
  projects!: AgendaLightProjectDto[];
}

/** A meeting decision (会议议定事项) and whether it was done. */
export class AgendaDecisionDto {
  @ApiProperty({ format: 'uuid', description: '督办事项' }) itemId!: string;
  @ApiProperty({ description: '议定的会议日期', example: '2026-06-16' }) meetingDate!: string;
  @ApiProperty({ description: '议定事项', example: '协调解决项目用电增容' }) text!: string;
  @ApiProperty({ type: String, nullable: true, format: 'uuid', description: '涉及的项目' })
  projectId!: string | null;
  @ApiProperty({ example: '410928' }) regionCode!: string;
  @ApiProperty({ description: '区划名称', example: '濮阳县' }) regionName!: string;
  @ApiProperty({ type: String, nullable: true, description: '责任单位', example: '市发展改革委' })
  responsibleUnit!: string | null;
  @ApiProperty({ type: String, nullable: true, description: '牵头领导', example: '王副市长' })
  responsibleLeader!: string | null;
  @ApiProperty({ type: String, nullable: true, description: '完成时限', example: '2026-06-30' })
  dueOn!: string | null;
  @ApiProperty({ enum: SUPERVISION_STATUSES, description: '督办单状态(统计日)' }) status!: string;
  @ApiProperty({ description: '督办单状态(中文)', example: '办结' }) statusLabel!: string;
  @ApiProperty({ enum: SEVERITIES, description: '灯色:未临近时限为绿' }) severity!: string;
  @ApiProperty({ description: '是否已办结' }) done!: boolean;
  @ApiProperty({ type: String, nullable: true, description: '办结日期', example: '2026-06-20' })
  closedOn!: string | null;
  @ApiProperty({ description: '至会议日逾期天数;已办结或未到期为 0', example: 0 })
  overdueDays!: number;
}

export class LastMeetingDecisionsDto {
  @ApiProperty({
    type: String,
    nullable: true,
    description: '上次会议(本次会议之前最近一次有议定事项的会议)日期;没有为 null',
    example: '2026-06-16',
  })
  lastMeetingDate!: string | null;
  @ApiProperty({ type: [AgendaDecisionDto], description: '上次会议议定事项,按录入顺序' })
  items!: AgendaDecisionDto[];
  @ApiProperty({ description: '其中已办结', example: 3 }) done!: number;
  @ApiProperty({ description: '上次会议议定事项总数', example: 4 }) total!: number;
  @ApiProperty({
    type: [AgendaDecisionDto],
    description: '更早会议议定、至统计日仍未办结的事项,会议早的在前',
  })
  stillOpenEarlier!: AgendaDecisionDto[];
}

/** 每周二重点签约项目推进会: the agenda, as of the day before the meeting. */
export class WeeklyMeetingDto extends ReportHeaderDto {
  @ApiProperty({ description: '会议日期', example: '2026-06-23' }) meetingDate!: string;
  @ApiProperty({ type: WeekDto, description: '本周:会议日前7天' }) week!: WeekDto;
  @ApiProperty({ type: AgendaRulesDto, description: '口径' }) rules!: AgendaRulesDto;
  @ApiProperty({ type: AgendaHeadlineDto, description: '一、主要指标完成情况' })
  headline!: AgendaHeadlineDto;
  @ApiProperty({ type: AgendaLandingDto, description: '一、附:当年签约项目的签约到落地情况' })
  landing!: AgendaLandingDto;
  @ApiProperty({
    type: [AgendaMonthDto],
    description: '一、附:当年各月签约、开工项目数(1月至统计日所在月)',
  })
  monthly!: AgendaMonthDto[];
  @ApiProperty({ type: AgendaThisWeekDto, description: '二、本周签约、注册、开工、投产' })
  thisWeek!: AgendaThisWeekDto;
  @ApiProperty({
    type: [AgendaProblemDto],
    description: '三、需协调的问题:市级优先,其次县级、乡镇级;先提出的在前',
  })
  problems!: AgendaProblemDto[];
  @ApiProperty({ type: AgendaRedYellowDto, description: '四、红黄灯项目' })
  redYellowProjects!: AgendaRedYellowDto;
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
