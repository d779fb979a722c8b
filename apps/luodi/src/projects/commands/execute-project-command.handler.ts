import { CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import {
  decide,
  DomainError,
  evolve,
  todayInShanghai,
  type Project,
  type ProjectCommand,
  type ProjectState,
} from '@luodi/domain';
import { WrongExpectedVersionError } from '@luodi/event-store';
import { Clock } from '../../common/clock';
import { ApiProblem, validationProblem } from '../../common/problem/problem';
import { AppConfigService } from '../../config/app-config.service';
import { EventsAppended } from '../../messaging/events-appended';
import { IdempotencyRepository } from '../../idempotency/idempotency.repository';
import { ReferenceRepository } from '../../reference/reference.repository';
import { projectNotFound, RegionScopeService } from '../../reference/region-scope.service';
import { RegionsRepository } from '../../reference/regions.repository';
import { ProjectListProjection } from '../project-list.projection';
import { ProjectRepository, projectStreamId } from '../project.repository';
import {
  ExecuteProjectCommand,
  type CommandMeta,
  type ProjectCommandResult,
} from './execute-project-command.command';

@CommandHandler(ExecuteProjectCommand)
export class ExecuteProjectCommandHandler implements ICommandHandler<
  ExecuteProjectCommand,
  ProjectCommandResult
> {
  constructor(
    private readonly projects: ProjectRepository,
    private readonly projectList: ProjectListProjection,
    private readonly idempotency: IdempotencyRepository,
    private readonly regionScope: RegionScopeService,
    private readonly regions: RegionsRepository,
    private readonly reference: ReferenceRepository,
    private readonly clock: Clock,
    private readonly config: AppConfigService,
    private readonly eventBus: EventBus,
  ) {}

  async execute({
    projectId,
    command,
    meta,
  }: ExecuteProjectCommand): Promise<ProjectCommandResult> {
    // Another county's project answers 404 like a missing one (see RegionScopeService).
    if (command.type !== 'RegisterLead') {
      await this.regionScope.assertProjectVisible(meta.principal, projectId);
    }
    await this.checkReferences(command, meta);
    const attempts = meta.ifMatch === undefined ? this.config.get().commandRetries : 1;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.attempt(projectId, command, meta);
      } catch (error) {
        if (!(error instanceof WrongExpectedVersionError)) throw error;
        if (meta.ifMatch !== undefined) throw preconditionFailed(meta.ifMatch, error.actual);
        if (attempt >= attempts) throw error;
      }
    }
  }

  private async attempt(
    projectId: string,
    command: ProjectCommand,
    meta: CommandMeta,
  ): Promise<ProjectCommandResult> {
    const { state, version } = await this.projects.load(projectId);
    if (state.exists && !(await this.regionScope.sees(meta.principal, state.regionCode)))
      throw projectNotFound(projectId);
    if (!state.exists && command.type !== 'RegisterLead') throw projectNotFound(projectId);
    if (meta.ifMatch !== undefined && meta.ifMatch !== version)
      throw preconditionFailed(meta.ifMatch, version);

    const events = this.decide(command, state);
    if (events.length === 0 && state.exists) return { id: projectId, stage: state.stage, version };
    const next = events.reduce<ProjectState>(evolve, state) as Project;
    const nextVersion = version + events.length;
    const result: ProjectCommandResult = {
      id: projectId,
      stage: next.stage,
      version: nextVersion,
      ...(command.type === 'RaiseIssue' ? { issueId: command.issueId } : {}),
    };
    await this.projects.append(
      projectId,
      version,
      events,
      {
        actor: meta.principal.clientId,
        actorName: meta.principal.name,
        correlationId: meta.correlationId,
      },
      async (manager) => {
        await this.projectList.upsert(manager, next, nextVersion);
        if (meta.idempotency) {
          await this.idempotency.saveIn(manager, meta.idempotency, {
            status: meta.successStatus,
            body: result,
            headers: {
              etag: `"${nextVersion}"`,
              ...(meta.location !== undefined ? { location: meta.location } : {}),
            },
          });
        }
      },
    );
    if (meta.idempotency) meta.onIdempotencySaved?.();
    this.eventBus.publish(new EventsAppended(projectStreamId(projectId), events.length));
    return result;
  }

  /** A PUT that repeats the current responsibility is a no-op (PUT is idempotent), not an error. */
  private decide(command: ProjectCommand, state: ProjectState) {
    try {
      return decide(command, state, { today: todayInShanghai(this.clock.now()) });
    } catch (error) {
      if (
        command.type === 'AssignResponsibility' &&
        error instanceof DomainError &&
        error.code === 'NOTHING_TO_CHANGE'
      )
        return [];
      throw error;
    }
  }

  /** Region and chain codes must exist, and a region-scoped key may only use its own regions. */
  private async checkReferences(command: ProjectCommand, meta: CommandMeta): Promise<void> {
    const changes =
      command.type === 'RegisterLead'
        ? command
        : command.type === 'CorrectProjectDetails'
          ? command.changes
          : undefined;
    if (!changes) return;
    const field = command.type === 'RegisterLead' ? '' : 'changes.';
    if (changes.regionCode !== undefined) {
      if (!(await this.regions.get(changes.regionCode))) {
        throw validationProblem([
          { field: `${field}regionCode`, message: `unknown region ${changes.regionCode}` },
        ]);
      }
      await this.regionScope.assertAllowed(meta.principal, changes.regionCode);
    }
    if (
      changes.industryChain !== undefined &&
      !(await this.reference.chainExists(changes.industryChain))
    ) {
      throw validationProblem([
        {
          field: `${field}industryChain`,
          message: `unknown industry chain ${changes.industryChain}`,
        },
      ]);
    }
  }
}

function preconditionFailed(expected: number, actual: number | string): ApiProblem {
  return new ApiProblem(
    'VERSION_CONFLICT',
    `If-Match named version ${expected} but the project is at version ${String(actual)}.`,
    {
      status: 412,
      currentVersion: actual,
    },
  );
}
