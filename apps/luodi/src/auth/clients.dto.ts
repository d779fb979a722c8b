import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ProjectEventDto } from '../projects/queries/project.dto';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Matches,
} from 'class-validator';
import { CODE_PATTERN, IsText } from '../common/validation/validators';
import { SCOPES, type Scope } from './scopes';

export class CreateClientDto {
  @ApiProperty({
    description: '调用系统名称 / name of the calling system',
    example: '濮阳县招商管理系统',
  })
  @IsText(100)
  name!: string;

  @ApiProperty({ enum: SCOPES, isArray: true, example: ['projects:read', 'projects:write'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(SCOPES, { each: true })
  scopes!: Scope[];

  @ApiPropertyOptional({
    type: [String],
    example: ['410928'],
    description:
      '限定区划:只能读写这些区划及其下级的项目;省略则不限。其他区划的项目对该密钥如同不存在(404)。admin 密钥不可限定区划 / regions this client may act on (and those below); a project elsewhere answers 404 as if it did not exist. Not allowed with the admin scope',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(CODE_PATTERN, {
    each: true,
    message: 'each region code must be 1-32 letters, digits, _ . -',
  })
  regionCodes?: string[];
}

export class ClientDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: SCOPES, isArray: true }) scopes!: Scope[];
  @ApiProperty({ type: [String] }) regionCodes!: string[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt!: string | null;
}

export class CreatedClientDto extends ClientDto {
  @ApiProperty({
    description: 'API 密钥,仅此一次显示 / the key, shown only this once',
    example: 'ldk_3q2-...',
  })
  apiKey!: string;
}

export class ClientEventsDto {
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({
    type: [ProjectEventDto],
    description:
      'ClientRegistered, ClientRevoked, ClientReinstated; `actor` is the client that acted',
  })
  events!: ProjectEventDto[];
  @ApiPropertyOptional({ description: '?verify=true: 哈希链校验结果 / hash chain verification' })
  verification?: unknown;
}
