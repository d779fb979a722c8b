import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { moneyFromWan, type Currency, type RecordInvestment } from '@luodi/domain';
import { IsWan } from '../../../common/validation/validators';
import { CURRENCY_PROPERTY, DatedDto } from '../dated.dto';

export class RecordInvestmentDto extends DatedDto {
  @IsWan({ positive: true, description: '到位资金(万元) / funds arrived in 万元', example: 5000 })
  amount!: number;

  @ApiPropertyOptional(CURRENCY_PROPERTY)
  @IsOptional()
  @IsIn(['CNY', 'USD'])
  currency?: Currency;
}

export const toRecordInvestment = (dto: RecordInvestmentDto): RecordInvestment => ({
  type: 'RecordInvestment',
  occurredOn: dto.occurredOn,
  amount: moneyFromWan(dto.amount, dto.currency ?? 'CNY'),
});
