import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { CODE_PATTERN } from '../common/validation/validators';
import { INDICATOR_KEYS, type IndicatorKey } from './indicators';
import { LANDING_RULES, type ConversionGroupBy, type LandingRule } from './reports.service';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const dateMessage = (field: string) => ({ message: `${field} must be a date YYYY-MM-DD` });

/** asOf / knownAt and the region, common to every report. */
export class TimeTravelParams {
  @ApiPropertyOptional({
    description: '业务日期: what was true that day (default today)',
    example: '2021-05-31',
  })
  @IsOptional()
  @Matches(DATE, dateMessage('asOf'))
  asOf?: string;

  @ApiPropertyOptional({
    description: '记录时点: only events recorded by this instant (default now)',
    example: '2021-06-01T09:00:00+08:00',
  })
  @IsOptional()
  @IsString()
  knownAt?: string;

  @ApiPropertyOptional({
    description: '区划代码,含下级 / region, regions below included',
    example: '420625',
  })
  @IsOptional()
  @IsString()
  @Matches(CODE_PATTERN)
  regionCode?: string;
}

export class IndicatorsParams extends TimeTravelParams {
  @ApiProperty({ example: 2021 })
  @Type(() => Number)
  @IsInt()
  @Min(2000)
  @Max(2100)
  year!: number;

  @ApiPropertyOptional({
    enum: INDICATOR_KEYS,
    default: 'contractInvestment',
    description: 'ranking indicator',
  })
  @IsOptional()
  @IsIn(INDICATOR_KEYS)
  rankBy?: IndicatorKey;
}

export class ConversionParams extends TimeTravelParams {
  @ApiProperty({ example: '2026-01-01' })
  @Matches(DATE, dateMessage('signedFrom'))
  signedFrom!: string;

  @ApiProperty({ example: '2026-06-30' })
  @Matches(DATE, dateMessage('signedTo'))
  signedTo!: string;

  @ApiPropertyOptional({ enum: ['region', 'industryChain', 'signedMonth'], default: 'region' })
  @IsOptional()
  @IsIn(['region', 'industryChain', 'signedMonth'])
  groupBy?: ConversionGroupBy;

  @ApiPropertyOptional({ enum: LANDING_RULES, default: 'UNDER_CONSTRUCTION' })
  @IsOptional()
  @IsIn(LANDING_RULES)
  landing?: LandingRule;
}

export class FunnelParams extends TimeTravelParams {
  @ApiProperty({ example: '2026-01-01' })
  @Matches(DATE, dateMessage('from'))
  from!: string;

  @ApiProperty({ example: '2026-06-30' })
  @Matches(DATE, dateMessage('to'))
  to!: string;
}

export class WeeklyMeetingParams {
  @ApiProperty({ description: '会议日期 (usually a Tuesday)', example: '2026-06-30' })
  @Matches(DATE, dateMessage('date'))
  date!: string;

  @ApiPropertyOptional({ description: 'reproduce the agenda as known at this instant' })
  @IsOptional()
  @IsString()
  knownAt?: string;

  @ApiPropertyOptional({ example: '410900' })
  @IsOptional()
  @IsString()
  @Matches(CODE_PATTERN)
  regionCode?: string;
}
