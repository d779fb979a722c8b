import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { ACTIVITY_TYPES, type ActivityType, type LogActivity } from '@luodi/domain';
import { IsText } from '../../../common/validation/validators';
import { DatedDto } from '../dated.dto';

export class LogActivityDto extends DatedDto {
  @ApiProperty({
    enum: ACTIVITY_TYPES,
    description: '外出拜访、接待考察、洽谈会、推介会',
    example: 'VISIT',
  })
  @IsIn(ACTIVITY_TYPES)
  type!: ActivityType;

  @ApiPropertyOptional({ description: '备注 / note', example: '赴深圳拜访投资方总部' })
  @IsOptional()
  @IsText(2000)
  note?: string;
}

export const toLogActivity = (dto: LogActivityDto): LogActivity => ({
  type: 'LogActivity',
  occurredOn: dto.occurredOn,
  activityType: dto.type,
  ...(dto.note !== undefined ? { note: dto.note } : {}),
});
