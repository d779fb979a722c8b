import { Command, CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { decideItemStep, todayInShanghai, type ItemStepCommand } from '@luodi/domain';
import { DataSource } from 'typeorm';
import type { Principal } from '../../auth/scopes';
import { Clock } from '../../common/clock';
import { EventsAppended } from '../../messaging/events-appended';
import { inScope, itemNotFound, RegionScopeService } from '../../reference/region-scope.service';
import { toItemDto } from '../item.mapper';
import { lockSupervision } from '../supervision-evaluator.service';
import { itemStreamId, SupervisionItemsRepository } from '../supervision-items.repository';
import type { SupervisionItemDto } from '../supervision.dto';

/** 签收 / 反馈 / 复核 / 办结: one step of a 督办单, taken by a person. */
export class TakeItemStepCommand extends Command<SupervisionItemDto> {
  constructor(
    readonly itemId: string,
    readonly step: ItemStepCommand,
    readonly occurredOn: string | undefined,
    readonly principal: Principal,
    readonly correlationId: string | undefined,
  ) {
    super();
  }
}

@CommandHandler(TakeItemStepCommand)
export class TakeItemStepHandler implements ICommandHandler<
  TakeItemStepCommand,
  SupervisionItemDto
> {
  constructor(
    private readonly db: DataSource,
    private readonly items: SupervisionItemsRepository,
    private readonly regionScope: RegionScopeService,
    private readonly clock: Clock,
    private readonly eventBus: EventBus,
  ) {}

  async execute({ itemId, step, occurredOn, principal, correlationId }: TakeItemStepCommand) {
    // The region never changes, so it is checked before the transaction. An item outside the
    // key's regions answers like a missing one, after the same queries.
    const [found, scope] = await Promise.all([
      this.items.load(this.db.manager, itemId),
      this.regionScope.scopeOf(principal),
    ]);
    if (!found || !inScope(scope, found.item.regionCode)) throw itemNotFound(itemId);
    const now = this.clock.now();
    const today = todayInShanghai(now);
    const saved = await this.db.transaction(async (manager) => {
      await lockSupervision(manager);
      const current = (await this.items.load(manager, itemId))!;
      const event = decideItemStep(current.item, step, {
        occurredOn: occurredOn ?? today,
        today,
        at: now.toISOString(),
        by: principal.name,
      });
      const next = await this.items.append(manager, current, event, {
        actor: principal.clientId,
        actorName: principal.name,
        ...(correlationId ? { correlationId } : {}),
      });
      if (next.item.projectId) await this.items.refreshLights(manager, [next.item.projectId]);
      return next;
    });
    this.eventBus.publish(new EventsAppended(itemStreamId(itemId), 1));
    const name = saved.item.projectId ? await this.items.projectName(saved.item.projectId) : null;
    return toItemDto(saved.item, saved.version, name, today);
  }
}
