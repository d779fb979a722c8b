import { Query } from '@nestjs/cqrs';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import type { Principal } from '../../auth/scopes';
import { LANDING_RULES, type LandingRule } from '../cohort-summary';
import type { TimeTravel } from '../report-header';
import type { ConversionReportDto } from './conversion.dto';
import { DATE, dateMessage, TimeTravelParams } from './report-params';

export const CONVERSION_GROUP_BY = ['region', 'industryChain', 'signedMonth'] as const;
export type ConversionGroupBy = (typeof CONVERSION_GROUP_BY)[number];

export class ConversionParams extends TimeTravelParams {
  @ApiProperty({ example: '2026-01-01' })
  @Matches(DATE, dateMessage('signedFrom'))
  signedFrom!: string;

  @ApiProperty({ example: '2026-06-30' })
  @Matches(DATE, dateMessage('signedTo'))
  signedTo!: string;

  @ApiPropertyOptional({ enum: CONVERSION_GROUP_BY, default: 'region' })
  @IsOptional()
  @IsIn(CONVERSION_GROUP_BY)
  groupBy?: ConversionGroupBy;

  @ApiPropertyOptional({ enum: LANDING_RULES, default: 'UNDER_CONSTRUCTION' })
  @IsOptional()
  @IsIn(LANDING_RULES)
  landing?: LandingRule;
}

export class ConversionQuery extends Query<ConversionReportDto> {
  constructor(
    readonly principal: Principal,
    readonly params: {
      signedFrom: string;
      signedTo: string;
      groupBy?: ConversionGroupBy;
      landing?: LandingRule;
      regionCode?: string;
    },
    readonly at: TimeTravel,
  ) {
    super();
  }
}
