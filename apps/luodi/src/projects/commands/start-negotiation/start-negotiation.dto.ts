import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { moneyFromWan, type StartNegotiation } from '@luodi/domain';
import { IsText, IsWan } from '../../../common/validation/validators';
import { DatedDto } from '../dated.dto';

export class StartNegotiationDto extends DatedDto {
  @IsOptional()
  @IsWan({
    required: false,
    description: '计划投资额(万元) / planned investment in 万元',
    example: 60000,
  })
  plannedInvestment?: number;

  @ApiPropertyOptional({ description: '首谈/主谈人 / lead officer', example: '李科长' })
  @IsOptional()
  @IsText(100)
  leadOfficer?: string;
}

export function toStartNegotiation(dto: StartNegotiationDto): StartNegotiation {
  return {
    type: 'StartNegotiation',
    occurredOn: dto.occurredOn,
    ...(dto.plannedInvestment !== undefined
      ? { plannedInvestment: moneyFromWan(dto.plannedInvestment) }
      : {}),
    ...(dto.leadOfficer !== undefined ? { leadOfficer: dto.leadOfficer } : {}),
  };
}
