import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Public } from './auth/decorators';
import { ApiProblem } from './common/problem/problem';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly db: DataSource) {}

  @Get()
  @ApiOperation({ summary: 'Liveness and database readiness (no key needed)' })
  async health(): Promise<{ status: 'ok'; database: 'up' }> {
    try {
      await this.db.query('SELECT 1');
    } catch {
      throw new ApiProblem('UNAVAILABLE', 'The database is not reachable.');
    }
    return { status: 'ok', database: 'up' };
  }
}
