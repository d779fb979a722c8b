import { Query } from '@nestjs/cqrs';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import type { Principal } from '../../auth/scopes';
import { CODE_PATTERN } from '../../common/validation/validators';
import { REPORT_FORMATS, type ReportFormat } from '../../common/documents';
import { DATE, dateMessage } from './report-params';
import type { WeeklyMeetingDto } from './weekly-meeting.dto';

/** No asOf: the meeting date fixes it (the day before). */
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

  @ApiPropertyOptional({
    enum: REPORT_FORMATS,
    description:
      'json, html (printable page) or xlsx (workbook); otherwise the Accept header decides',
  })
  @IsOptional()
  @IsIn(REPORT_FORMATS)
  format?: ReportFormat;
}

export class WeeklyMeetingQuery extends Query<WeeklyMeetingDto> {
  constructor(
    readonly principal: Principal,
    readonly params: { date: string; regionCode?: string },
    readonly knownAt: Date | null,
  ) {
    super();
  }
}
