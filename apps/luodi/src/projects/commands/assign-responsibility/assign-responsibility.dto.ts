import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import type { AssignResponsibility } from '@luodi/domain';
import { IsText } from '../../../common/validation/validators';
import { DatedDto } from '../dated.dto';

export class AssignResponsibilityDto extends DatedDto {
  @ApiPropertyOptional({ description: '包联领导 / leader in charge', example: '王副县长' })
  @IsOptional()
  @IsText(100)
  leader?: string;

  @ApiPropertyOptional({ description: '项目秘书/项目管家 / project secretary', example: '赵干事' })
  @IsOptional()
  @IsText(100)
  secretary?: string;

  @ApiPropertyOptional({ description: '责任单位 / responsible unit', example: '县商务局' })
  @IsOptional()
  @IsText(200)
  unit?: string;

  @ApiPropertyOptional({ description: '链长 / chain leader', example: '张副市长' })
  @IsOptional()
  @IsText(100)
  chainLeader?: string;
}

export const toAssignResponsibility = (dto: AssignResponsibilityDto): AssignResponsibility => ({
  type: 'AssignResponsibility',
  occurredOn: dto.occurredOn,
  ...(dto.leader !== undefined ? { leader: dto.leader } : {}),
  ...(dto.secretary !== undefined ? { secretary: dto.secretary } : {}),
  ...(dto.unit !== undefined ? { unit: dto.unit } : {}),
  ...(dto.chainLeader !== undefined ? { chainLeader: dto.chainLeader } : {}),
});
