import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { LEAD_SOURCES, STAGES } from '@luodi/domain';
import { LIGHTS } from '../project-light';

export class MoneyDto {
  @ApiProperty({ description: '金额(万元)', example: 80000 }) amount!: number;
  @ApiProperty({ enum: ['CNY', 'USD'] }) currency!: string;
}

export class AmountsDto {
  @ApiProperty({ type: MoneyDto, description: '预计投资额' }) estimated!: MoneyDto;
  @ApiProperty({ type: MoneyDto, nullable: true, description: '计划投资额(在谈)' })
  planned!: MoneyDto | null;
  @ApiProperty({ type: MoneyDto, nullable: true, description: '合同投资额(签约)' })
  contract!: MoneyDto | null;
  @ApiProperty({
    description: '实到资金(万元),按币种 / funds arrived per currency',
    example: { CNY: 5000, USD: 0 },
  })
  arrived!: { CNY: number; USD: number };
}

export class ProjectDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '年产5万吨高性能复合材料项目' }) name!: string;
  @ApiProperty({ enum: STAGES, example: 'SIGNED' }) stage!: string;
  @ApiProperty({ example: '签约' }) stageLabel!: string;
  @ApiProperty({ example: '2026-03-18', description: '进入当前阶段的日期' })
  stageEnteredOn!: string;
  @ApiProperty({ example: '410928' }) regionCode!: string;
  @ApiProperty({ example: 'NEW_MATERIALS' }) industryChain!: string;
  @ApiProperty({ enum: LEAD_SOURCES }) source!: string;
  @ApiProperty({ example: { name: '深圳市某新材料科技有限公司', origin: '广东深圳' } }) investor!: {
    name: string;
    origin?: string;
  };
  @ApiProperty({ nullable: true, type: String }) externalRef!: string | null;
  @ApiProperty({ type: AmountsDto }) amounts!: AmountsDto;
  @ApiProperty({ nullable: true, type: String, enum: ['INDIVIDUAL', 'CEREMONY', 'FAIR'] })
  occasion!: string | null;
  @ApiProperty({ nullable: true, type: String }) leadOfficer!: string | null;
  @ApiProperty({
    description: '各阶段进入日期 / date each stage was entered',
    example: { LEAD: '2026-01-05', NEGOTIATING: '2026-02-01', SIGNED: '2026-03-18' },
  })
  stageDates!: Record<string, string>;
  @ApiProperty({
    description:
      '承诺节点、默认生成的节点与调整次数 / deadlines, which were defaulted, and how often each slipped',
    example: {
      registerBy: '2026-06-16',
      breakGroundBy: '2026-09-14',
      produceBy: '2028-03-17',
      defaulted: ['registerBy'],
      slips: { registerBy: 0, breakGroundBy: 1, produceBy: 0 },
    },
  })
  commitments!: Record<string, unknown>;
  @ApiProperty({ example: { leader: '王副县长', unit: '县商务局' } }) responsibility!: Record<
    string,
    string
  >;
  @ApiProperty({ nullable: true, description: '注册企业 / the registered company' })
  company!: Record<string, unknown> | null;
  @ApiProperty({ nullable: true, type: String }) dropReason!: string | null;
  @ApiProperty({
    type: 'array',
    items: { type: 'object' },
    description: '未化解问题 / open problems',
  })
  openIssues!: object[];
  @ApiProperty({ example: { VISIT: 2, RECEPTION: 1, MEETING: 3, PROMOTION_EVENT: 0 } })
  activities!: Record<string, number>;
  @ApiProperty({ example: '2026-03-18', description: '最近一次进展的业务日期' })
  lastProgressOn!: string;
  @ApiProperty({ enum: LIGHTS, description: '红黄绿灯:承诺节点已逾期为红,15天内到期为黄' })
  light!: string;
  @ApiProperty({ example: 3 }) version!: number;
}

export class ProjectEventDto {
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({ description: '全局位置 / global position in the log', example: '1042' })
  position!: string;
  @ApiProperty({ example: 3 }) version!: number;
  @ApiProperty({ example: 'ContractSigned' }) type!: string;
  @ApiProperty({ example: 1 }) schemaVersion!: number;
  @ApiProperty({ nullable: true, type: String, example: '2026-03-18' }) occurredOn!: string | null;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ nullable: true, type: String, description: '调用方(客户端)编号 / acting client' })
  actor!: string | null;
  @ApiProperty({ nullable: true, type: String }) actorName!: string | null;
  @ApiProperty({ nullable: true, type: String }) correlationId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: unknown;
  @ApiProperty({ description: 'sha256(上一事件哈希 + 内容) / hash chained to the previous event' })
  hash!: string;
}

export class ProjectEventsDto {
  @ApiProperty({ format: 'uuid' }) projectId!: string;
  @ApiProperty({ type: [ProjectEventDto] }) events!: ProjectEventDto[];
  @ApiPropertyOptional({ description: '?verify=true: 哈希链校验结果 / hash chain verification' })
  verification?: unknown;
}

export class ProjectListItemDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty() investorName!: string;
  @ApiProperty({ enum: STAGES }) stage!: string;
  @ApiProperty() regionCode!: string;
  @ApiProperty() industryChain!: string;
  @ApiProperty({ enum: LEAD_SOURCES }) source!: string;
  @ApiProperty({ description: '投资额(万元):合同额,否则计划额,否则预计额', example: 80000 })
  investment!: number;
  @ApiProperty({ enum: ['CNY', 'USD'] }) currency!: string;
  @ApiProperty({ nullable: true, type: Number }) contractInvestment!: number | null;
  @ApiProperty({ description: '实到资金(万元,人民币)' }) arrived!: number;
  @ApiProperty() leadOn!: string;
  @ApiProperty({ nullable: true, type: String }) signedOn!: string | null;
  @ApiProperty({ enum: LIGHTS }) light!: string;
  @ApiProperty() openIssues!: number;
  @ApiProperty({ nullable: true, type: String }) externalRef!: string | null;
  @ApiProperty() version!: number;
}

export class ProjectListDto {
  @ApiProperty({ type: [ProjectListItemDto] }) items!: ProjectListItemDto[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: '下一页游标;null 表示没有更多 / next page cursor',
  })
  nextCursor!: string | null;
}
