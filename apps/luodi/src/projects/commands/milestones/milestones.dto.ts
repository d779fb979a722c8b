import type { BreakGround, StartProduction } from '@luodi/domain';
import { DatedDto } from '../dated.dto';

/** 开工: reported by the construction-approval system or the county. */
export class BreakGroundDto extends DatedDto {}
/** 投产. */
export class StartProductionDto extends DatedDto {}

export const toBreakGround = (dto: BreakGroundDto): BreakGround => ({
  type: 'BreakGround',
  occurredOn: dto.occurredOn,
});
export const toStartProduction = (dto: StartProductionDto): StartProduction => ({
  type: 'StartProduction',
  occurredOn: dto.occurredOn,
});
