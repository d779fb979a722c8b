import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { CODE_PATTERN, IsBusinessDate, IsInstant } from '../../common/validation/validators';
import { LINK_FORMATS, LINK_REPORTS, type LinkFormat, type LinkReport } from './link-token';

export const MAX_LINK_TTL_SECONDS = 24 * 60 * 60;

export class CreateReportLinkDto {
  @ApiProperty({ enum: LINK_REPORTS, description: '报表', example: 'weekly-meeting' })
  @IsIn(LINK_REPORTS)
  report!: LinkReport;

  @ApiProperty({ description: '会议日期', example: '2026-06-23' })
  @IsBusinessDate()
  date!: string;

  @ApiPropertyOptional({ description: '区划代码;区划受限的密钥默认为其区划', example: '410928' })
  @IsOptional()
  @IsString()
  @Matches(CODE_PATTERN)
  regionCode?: string;

  @ApiPropertyOptional({ description: '记录时点:重现当时可打印的议程', format: 'date-time' })
  @IsOptional()
  @IsInstant()
  knownAt?: string;

  @ApiPropertyOptional({ enum: LINK_FORMATS, default: 'html', description: '网页或 Excel' })
  @IsOptional()
  @IsIn(LINK_FORMATS)
  format?: LinkFormat;

  @ApiPropertyOptional({
    description: '有效期(秒),默认 900,最长 86400',
    minimum: 60,
    maximum: MAX_LINK_TTL_SECONDS,
    default: 900,
  })
  @IsOptional()
  @IsInt()
  @Min(60)
  @Max(MAX_LINK_TTL_SECONDS)
  ttlSeconds?: number;
}

export class ReportLinkDto {
  @ApiProperty({
    description: '可在浏览器直接打开的链接(不含密钥)',
    example: 'http://localhost:3000/api/v1/reports/links/eyJjbGllbnRJZCI6…',
  })
  url!: string;
  @ApiProperty({ description: '同一链接的路径部分', example: '/api/v1/reports/links/eyJj…' })
  path!: string;
  @ApiProperty({ enum: LINK_FORMATS }) format!: LinkFormat;
  @ApiProperty({ format: 'date-time', description: '失效时刻' }) expiresAt!: string;
}
