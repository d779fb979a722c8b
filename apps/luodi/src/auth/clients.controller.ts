import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { Clock } from '../common/clock';
import { ApiProblem, validationProblem } from '../common/problem/problem';
import { ApiProblems } from '../common/problem/api-problems.decorator';
import { UuidParam } from '../common/validation/params';
import { RegionsRepository } from '../reference/regions.repository';
import { generateApiKey, hashApiKey } from './api-key';
import { ClientDto, CreateClientDto, CreatedClientDto } from './clients.dto';
import { ClientsRepository } from './clients.repository';
import { RequireScope } from './decorators';

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
  async create(@Body() body: CreateClientDto): Promise<CreatedClientDto> {
    const regionCodes = body.regionCodes ?? [];
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
  async revoke(@Param('id', new UuidParam()) id: string): Promise<void> {
    if (!(await this.clients.revoke(id, this.clock.now()))) {
      throw new ApiProblem('NOT_FOUND', `No client ${id}.`);
    }
  }
}
