import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, ValidateNested } from 'class-validator';
import {
  moneyFromWan,
  SIGNING_OCCASIONS,
  type Currency,
  type SignContract,
  type SigningOccasion,
} from '@luodi/domain';
import { IsBusinessDate, IsWan } from '../../../common/validation/validators';
import { CURRENCY_PROPERTY, DatedDto } from '../dated.dto';

export class CommitmentsDto {
  @ApiPropertyOptional({
    description: '承诺注册日期,默认签约后90天 / register by (default: signing + 90 days)',
    example: '2026-06-30',
  })
  @IsOptional()
  @IsBusinessDate()
  registerBy?: string;

  @ApiPropertyOptional({
    description: '承诺开工日期,默认签约后180天 / break ground by (default: signing + 180 days)',
    example: '2026-09-30',
  })
  @IsOptional()
  @IsBusinessDate()
  breakGroundBy?: string;

  @ApiPropertyOptional({
    description: '承诺投产日期,默认签约后730天 / production by (default: signing + 730 days)',
    example: '2028-03-31',
  })
  @IsOptional()
  @IsBusinessDate()
  produceBy?: string;
}

export class SignContractDto extends DatedDto {
  @IsWan({
    positive: true,
    description: '合同投资额(万元) / contract investment in 万元',
    example: 80000,
  })
  contractInvestment!: number;

  @ApiPropertyOptional(CURRENCY_PROPERTY)
  @IsOptional()
  @IsIn(['CNY', 'USD'])
  currency?: Currency;

  @ApiProperty({
    enum: SIGNING_OCCASIONS,
    description: '签约方式:单独签约、集中签约、节会签约',
    example: 'CEREMONY',
  })
  @IsIn(SIGNING_OCCASIONS)
  occasion!: SigningOccasion;

  @ApiPropertyOptional({
    type: CommitmentsDto,
    description: '合同约定的节点;未约定的按默认规则 / deadlines from the contract',
  })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CommitmentsDto)
  commitments?: CommitmentsDto;
}

export function toSignContract(dto: SignContractDto): SignContract {
  const c = dto.commitments;
  return {
    type: 'SignContract',
    occurredOn: dto.occurredOn,
    contractInvestment: moneyFromWan(dto.contractInvestment, dto.currency ?? 'CNY'),
    occasion: dto.occasion,
    ...(c
      ? {
          commitments: {
            ...(c.registerBy !== undefined ? { registerBy: c.registerBy } : {}),
            ...(c.breakGroundBy !== undefined ? { breakGroundBy: c.breakGroundBy } : {}),
            ...(c.produceBy !== undefined ? { produceBy: c.produceBy } : {}),
          },
        }
      : {}),
  };
}
