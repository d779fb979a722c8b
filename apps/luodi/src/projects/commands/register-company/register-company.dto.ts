import { ApiProperty } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { moneyFromWan, type RegisterCompany } from '@luodi/domain';
import { IsCreditCode, IsText, IsWan } from '../../../common/validation/validators';
import { DatedDto } from '../dated.dto';

export class RegisterCompanyDto extends DatedDto {
  @ApiProperty({
    description: '统一社会信用代码(18位,GB 32100-2015 校验) / unified social credit code',
    example: '91410928MA9XYZ0000',
  })
  @IsCreditCode()
  creditCode!: string;

  @ApiProperty({
    description: '企业名称 / registered company name',
    example: '濮阳某新材料有限公司',
  })
  @IsText(200)
  companyName!: string;

  @IsOptional()
  @IsWan({
    required: false,
    description: '注册资本(万元) / registered capital in 万元',
    example: 10000,
  })
  registeredCapital?: number;
}

export function toRegisterCompany(dto: RegisterCompanyDto): RegisterCompany {
  return {
    type: 'RegisterCompany',
    occurredOn: dto.occurredOn,
    creditCode: dto.creditCode,
    companyName: dto.companyName,
    ...(dto.registeredCapital !== undefined
      ? { registeredCapital: moneyFromWan(dto.registeredCapital) }
      : {}),
  };
}
