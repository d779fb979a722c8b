import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { lightOf } from '@luodi/domain';
import { EventStore } from '@luodi/event-store';
import { DataSource } from 'typeorm';
import { SupervisionItemsRepository } from '../../supervision/supervision-items.repository';
import type { Light } from '../project-light';
import { ApiProblem } from '../../common/problem/problem';
import { projectNotFound, RegionScopeService } from '../../reference/region-scope.service';
import { toEventDto, toProjectDto } from '../project.mapper';
import { ProjectRepository, projectStreamId } from '../project.repository';
import { GetProjectEventsQuery, GetProjectQuery } from './get-project.query';
import type { ProjectDto, ProjectEventsDto } from './project.dto';

@QueryHandler(GetProjectQuery)
export class GetProjectHandler implements IQueryHandler<GetProjectQuery, ProjectDto> {
  constructor(
    private readonly projects: ProjectRepository,
    private readonly regionScope: RegionScopeService,
    private readonly items: SupervisionItemsRepository,
    private readonly db: DataSource,
  ) {}

  async execute({ projectId, principal, at }: GetProjectQuery): Promise<ProjectDto> {
    const timeTravel = at.asOf !== undefined || at.knownAt !== undefined;
    await this.regionScope.assertProjectVisible(principal, projectId);
    const current = await this.projects.load(projectId);
    if (!current.state.exists) throw projectNotFound(projectId);
    if (!timeTravel) {
      const rows: Array<{ light: Light }> = await this.db.query(
        `SELECT light FROM project_list WHERE id = $1`,
        [projectId],
      );
      return toProjectDto(current.state, current.version, rows[0]?.light ?? 'GREEN');
    }

    const past = await this.projects.loadAt(projectId, at);
    if (!past.state.exists) {
      throw new ApiProblem(
        'NOT_FOUND',
        `Project ${projectId} did not exist yet at the requested date or instant.`,
      );
    }
    const items = await this.items.itemsOfProjectAt(this.db.manager, projectId, at);
    return toProjectDto(past.state, past.version, lightOf(items));
  }
}

@QueryHandler(GetProjectEventsQuery)
export class GetProjectEventsHandler implements IQueryHandler<
  GetProjectEventsQuery,
  ProjectEventsDto
> {
  constructor(
    private readonly projects: ProjectRepository,
    private readonly regionScope: RegionScopeService,
    private readonly store: EventStore,
  ) {}

  async execute({
    projectId,
    principal,
    verify,
  }: GetProjectEventsQuery): Promise<ProjectEventsDto> {
    await this.regionScope.assertProjectVisible(principal, projectId);
    const current = await this.projects.load(projectId);
    if (!current.state.exists) throw projectNotFound(projectId);
    const events = await this.projects.history(projectId);
    return {
      projectId,
      events: events.map(toEventDto),
      ...(verify
        ? { verification: await this.store.verifyStream(projectStreamId(projectId)) }
        : {}),
    };
  }
}
