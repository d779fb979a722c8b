import { randomUUID } from 'node:crypto';
import { Command, CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { recordDecision, todayInShanghai } from '@luodi/domain';
import { DataSource } from 'typeorm';
import type { Principal } from '../../auth/scopes';
import { Clock } from '../../common/clock';
import { validationProblem } from '../../common/problem/problem';
import { EventsAppended } from '../../messaging/events-appended';
import { ProjectRepository } from '../../projects/project.repository';
import { projectNotFound, RegionScopeService } from '../../reference/region-scope.service';
import { RegionsRepository } from '../../reference/regions.repository';
import { toItemDto } from '../item.mapper';
import { lockSupervision } from '../supervision-evaluator.service';
import { itemStreamId, SupervisionItemsRepository } from '../supervision-items.repository';
import { SupervisionRulesRepository } from '../supervision-rules.repository';
import type { RecordDecisionDto, SupervisionItemDto } from '../supervision.dto';

/** 会议议定事项: a decision of the meeting on `meetingDate`, tracked as a 督办 item. */
export class RecordDecisionCommand extends Command<SupervisionItemDto> {
  constructor(
    readonly meetingDate: string,
    readonly dto: RecordDecisionDto,
    readonly principal: Principal,
    readonly correlationId: string | undefined,
  ) {
    super();
  }
}

@CommandHandler(RecordDecisionCommand)
export class RecordDecisionHandler implements ICommandHandler<
  RecordDecisionCommand,
  SupervisionItemDto
> {
  constructor(
    private readonly db: DataSource,
    private readonly items: SupervisionItemsRepository,
    private readonly rules: SupervisionRulesRepository,
    private readonly projects: ProjectRepository,
    private readonly regions: RegionsRepository,
    private readonly regionScope: RegionScopeService,
    private readonly clock: Clock,
    private readonly eventBus: EventBus,
  ) {}

  async execute({ meetingDate, dto, principal, correlationId }: RecordDecisionCommand) {
    const { regionCode, projectName } = await this.regionOf(dto, principal);
    await this.regionScope.assertAllowed(principal, regionCode);
    const now = this.clock.now();
    const today = todayInShanghai(now);
    const itemId = randomUUID();
    const saved = await this.db.transaction(async (manager) => {
      await lockSupervision(manager);
      const { settings } = await this.rules.current(manager);
      const event = recordDecision(
        {
          itemId,
          meetingDate,
          text: dto.text,
          unit: dto.unit,
          leader: dto.leader ?? null,
          dueOn: dto.dueOn,
          projectId: dto.projectId ?? null,
          regionCode,
        },
        settings,
        { today, at: now.toISOString() },
      );
      const next = await this.items.append(manager, undefined, event, {
        actor: principal.clientId,
        actorName: principal.name,
        ...(correlationId ? { correlationId } : {}),
      });
      if (dto.projectId) await this.items.refreshLights(manager, [dto.projectId]);
      return next;
    });
    this.eventBus.publish(new EventsAppended(itemStreamId(itemId), 1));
    return toItemDto(saved.item, saved.version, projectName, today);
  }

  /** The project's region; else the one given; else the key's only region. */
  private async regionOf(
    dto: RecordDecisionDto,
    principal: Principal,
  ): Promise<{ regionCode: string; projectName: string | null }> {
    if (dto.projectId) {
      // Another county's project answers like a missing one, before anything about it is said.
      await this.regionScope.assertProjectVisible(principal, dto.projectId);
      const { state } = await this.projects.load(dto.projectId);
      if (!state.exists) throw projectNotFound(dto.projectId);
      if (dto.regionCode !== undefined && dto.regionCode !== state.regionCode) {
        throw validationProblem([
          { field: 'regionCode', message: `the project is in region ${state.regionCode}` },
        ]);
      }
      return { regionCode: state.regionCode, projectName: state.name };
    }
    const regionCode =
      dto.regionCode ?? (principal.regionCodes.length === 1 ? principal.regionCodes[0] : undefined);
    if (regionCode === undefined) {
      throw validationProblem([
        { field: 'regionCode', message: 'name the region of a decision that concerns no project' },
      ]);
    }
    if (!(await this.regions.get(regionCode))) {
      throw validationProblem([{ field: 'regionCode', message: `unknown region ${regionCode}` }]);
    }
    return { regionCode, projectName: null };
  }
}
