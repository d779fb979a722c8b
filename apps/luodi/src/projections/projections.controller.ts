import { Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  RebuildInProgressError,
  UnknownProjectionError,
  type ProjectionStatus,
  type RebuildProgress,
} from '@luodi/projections';
import { RequireScope } from '../auth/decorators';
import { ApiProblems } from '../common/problem/api-problems.decorator';
import { ApiProblem } from '../common/problem/problem';
import { CodeParam } from '../common/validation/params';
import { ProjectorService } from './projector.service';

@ApiTags('projections 读模型')
@ApiBearerAuth()
@ApiProblems(401, 403, 404, 409)
@RequireScope('admin')
@Controller('projections')
export class ProjectionsController {
  constructor(private readonly service: ProjectorService) {}

  @Get()
  @ApiOperation({
    summary: 'Projections: version, active generation, checkpoint, lag, last rebuild progress',
  })
  @ApiOkResponse({ description: 'One entry per projection' })
  list(): Promise<ProjectionStatus[]> {
    return this.service.projector.status();
  }

  @Post(':name/rebuild')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Rebuild a projection into fresh tables; the old ones serve until the switch-over',
    description:
      'Starts in the background. Follow progress (events done, events per second, seconds left) with GET on the same path.',
  })
  async rebuild(@Param('name', new CodeParam('name')) name: string): Promise<RebuildProgress> {
    try {
      this.service.projector.projection(name);
      return await this.service.projector.startRebuild(name);
    } catch (error) {
      throw translate(error);
    }
  }

  @Get(':name/rebuild')
  @ApiOperation({ summary: 'Progress of the latest rebuild of a projection' })
  async progress(@Param('name', new CodeParam('name')) name: string): Promise<RebuildProgress> {
    try {
      this.service.projector.projection(name);
    } catch (error) {
      throw translate(error);
    }
    const progress = await this.service.projector.rebuildProgress(name);
    if (!progress) throw new ApiProblem('NOT_FOUND', `Projection ${name} was never rebuilt.`);
    return progress;
  }
}

function translate(error: unknown): unknown {
  if (error instanceof UnknownProjectionError) return new ApiProblem('NOT_FOUND', error.message);
  if (error instanceof RebuildInProgressError) return new ApiProblem('CONFLICT', error.message);
  return error;
}
