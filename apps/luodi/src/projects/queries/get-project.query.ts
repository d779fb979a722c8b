import { Query } from '@nestjs/cqrs';
import type { Principal } from '../../auth/scopes';
import type { ProjectDto, ProjectEventsDto } from './project.dto';

export class GetProjectQuery extends Query<ProjectDto> {
  constructor(
    readonly projectId: string,
    readonly principal: Principal,
    readonly at: { asOf?: string; knownAt?: Date },
  ) {
    super();
  }
}

export class GetProjectEventsQuery extends Query<ProjectEventsDto> {
  constructor(
    readonly projectId: string,
    readonly principal: Principal,
    readonly verify: boolean,
  ) {
    super();
  }
}
