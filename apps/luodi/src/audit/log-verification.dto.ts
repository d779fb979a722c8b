import { ApiProperty } from '@nestjs/swagger';

export class BrokenLinkDto {
  @ApiProperty({
    description: '全局位置 / global position of the first broken event',
    example: '1042',
  })
  position!: string;
  @ApiProperty({ example: 'project-0b6c1e2a-3f4d-4e5f-8a9b-0c1d2e3f4a5b' }) streamId!: string;
  @ApiProperty({ example: 3 }) version!: number;
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({
    description: '原因 / why: the hash does not match the content, or a version is missing',
    example: 'hash does not match content',
  })
  reason!: string;
}

export class LogVerificationDto {
  @ApiProperty({ description: '整条日志哈希链完好 / every hash chain is intact' }) ok!: boolean;
  @ApiProperty({ description: '校验的事件数 / events checked', example: 2900 }) checked!: number;
  @ApiProperty({
    type: BrokenLinkDto,
    nullable: true,
    description: '最早(全局位置最小)的断链事件 / the broken event with the lowest position',
  })
  firstBroken!: BrokenLinkDto | null;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ format: 'date-time' }) finishedAt!: string;
}
