import { ApiProperty } from '@nestjs/swagger';
import type { DropProject } from '@luodi/domain';
import { IsText } from '../../../common/validation/validators';
import { DatedDto } from '../dated.dto';

export class DropProjectDto extends DatedDto {
  @ApiProperty({
    description: '终止/流失原因 / why the project was dropped',
    example: '投资方资金链断裂',
  })
  @IsText(1000)
  reason!: string;
}

export const toDropProject = (dto: DropProjectDto): DropProject => ({
  type: 'DropProject',
  occurredOn: dto.occurredOn,
  reason: dto.reason,
});
