import { ApiProperty } from '@nestjs/swagger';
import { IsBusinessDate } from '../../common/validation/validators';

/** Every command carries the business date on which the thing happened (not when it is reported). */
export class DatedDto {
  @ApiProperty({
    description: '业务发生日期(北京时间),不得晚于今天 / business date, never in the future',
    example: '2026-03-18',
  })
  @IsBusinessDate()
  occurredOn!: string;
}

export const CURRENCY_PROPERTY = {
  enum: ['CNY', 'USD'],
  default: 'CNY',
  description: '币种,默认人民币;外资可用美元 / currency, CNY by default',
} as const;
