import { Query } from '@nestjs/cqrs';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import type { Principal } from '../../auth/scopes';
import { INDICATOR_KEYS, type IndicatorKey } from '../indicators';
import type { TimeTravel } from '../report-header';
import type { IndicatorsReportDto } from './indicators.dto';
import { TimeTravelParams } from './report-params';
import { QueryNumber } from '../../common/validation/validators';

export class IndicatorsParams extends TimeTravelParams {
  @ApiProperty({ example: 2021 })
  @QueryNumber()
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

export class IndicatorsQuery extends Query<IndicatorsReportDto> {
  constructor(
    readonly principal: Principal,
    readonly params: { year: number; regionCode?: string; rankBy?: IndicatorKey },
    readonly at: TimeTravel,
  ) {
    super();
  }
}
