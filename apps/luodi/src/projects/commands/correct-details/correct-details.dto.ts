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
  type CorrectProjectDetails,
  type LeadSource,
} from '@luodi/domain';
import {
  CODE_PATTERN,
  IsText,
  IsWan,
  OptionalButNotNull,
} from '../../../common/validation/validators';
import { DatedDto } from '../dated.dto';
import { InvestorDto } from '../register-lead/register-lead.dto';

/** The details a lead was registered with that may be corrected later (留痕: as a new event). */
export class DetailChangesDto {
  @ApiPropertyOptional({ example: '年产8万吨高性能复合材料项目' })
  @IsOptional()
  @IsText(200)
  name?: string;

  @ApiPropertyOptional({ type: InvestorDto })
  @OptionalButNotNull() // null would reach the mapping below as an investor: a 500
  @IsObject()
  @ValidateNested()
  @Type(() => InvestorDto)
  investor?: InvestorDto;

  @ApiPropertyOptional({ example: 'NEW_MATERIALS' })
  @IsOptional()
  @IsString()
  @Matches(CODE_PATTERN, { message: 'industryChain must be a chain code' })
  industryChain?: string;

  @ApiPropertyOptional({ example: '410928' })
  @IsOptional()
  @IsString()
  @Matches(CODE_PATTERN, { message: 'regionCode must be a region code' })
  regionCode?: string;

  @ApiPropertyOptional({ enum: LEAD_SOURCES })
  @IsOptional()
  @IsIn(LEAD_SOURCES)
  source?: LeadSource;

  @IsOptional()
  @IsWan({ required: false, description: '预计投资额(万元)', example: 60000 })
  estimatedInvestment?: number;

  @ApiPropertyOptional({ example: 'PY-2026-0042' })
  @IsOptional()
  @IsText(100)
  externalRef?: string;
}

export class CorrectDetailsDto extends DatedDto {
  @ApiProperty({ type: DetailChangesDto, description: '更正的字段 / the fields to correct' })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => DetailChangesDto)
  changes!: DetailChangesDto;

  @ApiProperty({ description: '更正原因 / why', example: '投资方名称录入有误' })
  @IsText(1000)
  reason!: string;
}

export function toCorrectDetails(dto: CorrectDetailsDto): CorrectProjectDetails {
  const c = dto.changes;
  return {
    type: 'CorrectProjectDetails',
    occurredOn: dto.occurredOn,
    reason: dto.reason,
    changes: {
      ...(c.name !== undefined ? { name: c.name } : {}),
      ...(c.investor !== undefined
        ? {
            investor: {
              name: c.investor.name,
              ...(c.investor.origin !== undefined ? { origin: c.investor.origin } : {}),
            },
          }
        : {}),
      ...(c.industryChain !== undefined ? { industryChain: c.industryChain } : {}),
      ...(c.regionCode !== undefined ? { regionCode: c.regionCode } : {}),
      ...(c.source !== undefined ? { source: c.source } : {}),
      ...(c.estimatedInvestment !== undefined
        ? { estimatedInvestment: moneyFromWan(c.estimatedInvestment) }
        : {}),
      ...(c.externalRef !== undefined ? { externalRef: c.externalRef } : {}),
    },
  };
}
