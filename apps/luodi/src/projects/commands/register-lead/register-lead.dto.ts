import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDefined,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  ValidateNested,
} from 'class-validator';
import {
  LEAD_SOURCES,
  moneyFromWan,
  type Currency,
  type LeadSource,
  type RegisterLead,
} from '@luodi/domain';
import { CODE_PATTERN, IsText, IsWan } from '../../../common/validation/validators';
import { CURRENCY_PROPERTY, DatedDto } from '../dated.dto';

export class InvestorDto {
  @ApiProperty({ description: '投资方名称 / investor', example: '深圳市某新材料科技有限公司' })
  @IsText(200)
  name!: string;

  @ApiPropertyOptional({
    description: '投资方来源地 / where the investor comes from',
    example: '广东深圳',
  })
  @IsOptional()
  @IsText(100)
  origin?: string;
}

export class RegisterLeadDto extends DatedDto {
  @ApiProperty({ description: '项目名称 / project name', example: '年产5万吨高性能复合材料项目' })
  @IsText(200)
  name!: string;

  @ApiProperty({ type: InvestorDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => InvestorDto)
  investor!: InvestorDto;

  @ApiProperty({
    description: '产业链代码 / industry chain code (see GET /industry-chains)',
    example: 'NEW_MATERIALS',
  })
  @IsString()
  @Matches(CODE_PATTERN, { message: 'industryChain must be a chain code' })
  industryChain!: string;

  @ApiProperty({ description: '所属区划代码 / region code (see GET /regions)', example: '410928' })
  @IsString()
  @Matches(CODE_PATTERN, { message: 'regionCode must be a region code' })
  regionCode!: string;

  @ApiProperty({
    enum: LEAD_SOURCES,
    description: '线索来源:乡贤、以商招商、节会招商、驻地招商组、云招商、顶格招商、其他',
    example: 'EXISTING_INVESTOR',
  })
  @IsIn(LEAD_SOURCES)
  source!: LeadSource;

  @IsWan({ description: '预计投资额(万元) / estimated investment in 万元', example: 50000 })
  estimatedInvestment!: number;

  @ApiPropertyOptional(CURRENCY_PROPERTY)
  @IsOptional()
  @IsIn(['CNY', 'USD'])
  currency?: Currency;

  @ApiPropertyOptional({
    description: "调用方系统中的编号 / the caller system's own reference",
    example: 'PY-2026-0042',
  })
  @IsOptional()
  @IsText(100)
  externalRef?: string;
}

export function toRegisterLead(dto: RegisterLeadDto, projectId: string): RegisterLead {
  return {
    type: 'RegisterLead',
    projectId,
    name: dto.name,
    investor: {
      name: dto.investor.name,
      ...(dto.investor.origin !== undefined ? { origin: dto.investor.origin } : {}),
    },
    industryChain: dto.industryChain,
    regionCode: dto.regionCode,
    source: dto.source,
    estimatedInvestment: moneyFromWan(dto.estimatedInvestment, dto.currency ?? 'CNY'),
    occurredOn: dto.occurredOn,
    ...(dto.externalRef !== undefined ? { externalRef: dto.externalRef } : {}),
  };
}
