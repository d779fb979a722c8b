import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { Clock } from '../common/clock';
import { correlationIdOf } from '../common/correlation';
import { ApiProblem, validationProblem } from '../common/problem/problem';
import { ApiProblems } from '../common/problem/api-problems.decorator';
import { UuidParam } from '../common/validation/params';
import { toEventDto } from '../projects/project.mapper';
import { RegionsRepository } from '../reference/regions.repository';
import { generateApiKey, hashApiKey } from './api-key';
import { ClientDto, ClientEventsDto, CreateClientDto, CreatedClientDto } from './clients.dto';
import { ClientsRepository, type ClientActor } from './clients.repository';
import { CurrentPrincipal, RequireScope } from './decorators';
import type { Principal } from './scopes';

@ApiTags('clients 调用方与密钥')
@ApiBearerAuth()
@ApiProblems(400, 401, 403)
@RequireScope('admin')
@Controller('clients')
export class ClientsController {
  constructor(
    private readonly clients: ClientsRepository,
    private readonly regions: RegionsRepository,
    private readonly clock: Clock,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Register a calling system and issue its API key (shown once)' })
  @ApiCreatedResponse({ type: CreatedClientDto })
  async create(
    @Body() body: CreateClientDto,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
  ): Promise<CreatedClientDto> {
    const regionCodes = body.regionCodes ?? [];
    // An admin manages keys, so a region-limited admin could issue itself an unlimited one:
    // the limit would be a fiction. Admin keys cover every region.
    if (body.scopes.includes('admin') && regionCodes.length > 0) {
      throw validationProblem([
        {
          field: 'regionCodes',
          message: 'an admin key covers every region: leave regionCodes out',
        },
      ]);
    }
    for (const [index, code] of regionCodes.entries()) {
      if (!(await this.regions.get(code))) {
        throw validationProblem([
          { field: `regionCodes.${index}`, message: `unknown region ${code}` },
        ]);
      }
    }
    const apiKey = generateApiKey();
    const client = await this.clients.create({
      name: body.name,
      scopes: body.scopes,
      regionCodes,
      keyHash: hashApiKey(apiKey),
      by: actorOf(principal, req),
    });
    return { ...client, apiKey };
  }

  @Get()
  @ApiOperation({ summary: 'List clients (keys are never shown again)' })
  @ApiOkResponse({ type: [ClientDto] })
  list(): Promise<ClientDto[]> {
    return this.clients.list();
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke a client: its key is refused from the next request on' })
  @ApiNoContentResponse()
  @ApiProblems(404)
  async revoke(
    @Param('id', new UuidParam()) id: string,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
  ): Promise<void> {
    if (!(await this.clients.revoke(id, this.clock.now(), actorOf(principal, req)))) {
      throw new ApiProblem('NOT_FOUND', `No client ${id}.`);
    }
  }

  @Get(':id/events')
  @ApiOperation({
    summary: 'A client’s history from the log: registered, revoked (never its key or hash)',
  })
  @ApiQuery({
    name: 'verify',
    required: false,
    enum: ['true', 'false'],
    description: '校验哈希链 / verify the hash chain',
  })
  @ApiOkResponse({ type: ClientEventsDto })
  @ApiProblems(404)
  async events(
    @Param('id', new UuidParam()) id: string,
    @Query('verify') verify: string | undefined,
  ): Promise<ClientEventsDto> {
    if (verify !== undefined && verify !== 'true' && verify !== 'false') {
      throw validationProblem([{ field: 'verify', message: 'verify must be true or false' }]);
    }
    const history = await this.clients.history(id, verify === 'true');
    if (!history) throw new ApiProblem('NOT_FOUND', `No client ${id}.`);
    return {
      clientId: id,
      events: history.events.map(toEventDto),
      ...(history.verification ? { verification: history.verification } : {}),
    };
  }
}

function actorOf(principal: Principal, req: Request): ClientActor {
  return {
    clientId: principal.clientId,
    name: principal.name,
    correlationId: correlationIdOf(req),
  };
}
