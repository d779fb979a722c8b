import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import type { ReactivateProject } from '@luodi/domain';
import { IsText } from '../../../common/validation/validators';
import { DatedDto } from '../dated.dto';

export class ReactivateProjectDto extends DatedDto {
  @ApiPropertyOptional({ description: '重新激活原因 / why', example: '投资方引入新股东后恢复洽谈' })
  @IsOptional()
  @IsText(1000)
  reason?: string;
}

export const toReactivateProject = (dto: ReactivateProjectDto): ReactivateProject => ({
  type: 'ReactivateProject',
  occurredOn: dto.occurredOn,
  ...(dto.reason !== undefined ? { reason: dto.reason } : {}),
});
