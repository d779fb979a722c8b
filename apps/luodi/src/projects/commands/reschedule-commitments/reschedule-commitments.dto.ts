import { ApiProperty } from '@nestjs/swagger';
import type { RescheduleCommitments } from '@luodi/domain';
import { IsBusinessDate, IsText } from '../../../common/validation/validators';
import { CommitmentsDto } from '../sign-contract/sign-contract.dto';

/** Moves one or more deadlines; each move counts as a slip of that deadline. */
export class RescheduleCommitmentsDto extends CommitmentsDto {
  @ApiProperty({ description: '业务发生日期 / business date', example: '2026-05-10' })
  @IsBusinessDate()
  occurredOn!: string;

  @ApiProperty({ description: '调整原因 / why the date moved', example: '环评批复延后' })
  @IsText(1000)
  reason!: string;
}

export const toRescheduleCommitments = (dto: RescheduleCommitmentsDto): RescheduleCommitments => ({
  type: 'RescheduleCommitments',
  occurredOn: dto.occurredOn,
  reason: dto.reason,
  ...(dto.registerBy !== undefined ? { registerBy: dto.registerBy } : {}),
  ...(dto.breakGroundBy !== undefined ? { breakGroundBy: dto.breakGroundBy } : {}),
  ...(dto.produceBy !== undefined ? { produceBy: dto.produceBy } : {}),
});
