import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches } from 'class-validator';
import { CODE_PATTERN } from '../../common/validation/validators';

/** The shape of a date; whether it is a real calendar day is checked by the controller. */
export const DATE = /^\d{4}-\d{2}-\d{2}$/;
export const dateMessage = (field: string) => ({ message: `${field} must be a date YYYY-MM-DD` });

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
