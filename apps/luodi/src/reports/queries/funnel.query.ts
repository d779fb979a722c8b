import { Query } from '@nestjs/cqrs';
import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import type { Principal } from '../../auth/scopes';
import type { TimeTravel } from '../report-header';
import type { FunnelReportDto } from './funnel.dto';
import { DATE, dateMessage, TimeTravelParams } from './report-params';

export class FunnelParams extends TimeTravelParams {
  @ApiProperty({ example: '2026-01-01' })
  @Matches(DATE, dateMessage('from'))
  from!: string;

  @ApiProperty({ example: '2026-06-30' })
  @Matches(DATE, dateMessage('to'))
  to!: string;
}

export class FunnelQuery extends Query<FunnelReportDto> {
  constructor(
    readonly principal: Principal,
    readonly params: { from: string; to: string; regionCode?: string },
    readonly at: TimeTravel,
  ) {
    super();
  }
}
