import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { asyncApiPath, loadAsyncApiDocument, type AsyncApiDocument } from '@luodi/contracts';
import { readFileSync } from 'node:fs';
import { Public } from '../auth/decorators';

/** The event contract other systems code their Kafka consumers against; public like /api/docs. */
@ApiTags('contracts 事件契约')
@Public()
@Controller()
export class AsyncApiController {
  private readonly yaml = readFileSync(asyncApiPath(), 'utf8');
  private readonly document = loadAsyncApiDocument();

  @Get('asyncapi')
  @Header('Content-Type', 'application/yaml; charset=utf-8')
  @ApiOperation({ summary: 'The AsyncAPI 3.0 document of the Kafka topics (YAML)' })
  @ApiOkResponse({ description: 'projects.lifecycle.v1 and supervision.alerts.v1' })
  yamlDocument(): string {
    return this.yaml;
  }

  @Get('asyncapi.json')
  @ApiOperation({ summary: 'The same AsyncAPI document as JSON' })
  @ApiOkResponse({ description: 'projects.lifecycle.v1 and supervision.alerts.v1' })
  jsonDocument(): AsyncApiDocument {
    return this.document;
  }
}
