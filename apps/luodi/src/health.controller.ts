import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { RelayStatus } from '@luodi/messaging';
import { DataSource } from 'typeorm';
import { Public } from './auth/decorators';
import { ApiProblem } from './common/problem/problem';
import { RelayService } from './messaging/relay.service';
import { SERVICE_ROLES_TOKEN, type ServiceRole } from './messaging/service-roles';
import { ProjectorService } from './projections/projector.service';
import { SupervisorService } from './supervision/supervisor.service';

type RelayHealth = Pick<
  RelayStatus,
  'leader' | 'lag' | 'lastPublishedAt' | 'lastError' | 'consecutiveFailures'
>;

const relayHealth = (r: RelayStatus): RelayHealth => ({
  leader: r.leader,
  lag: r.lag,
  lastPublishedAt: r.lastPublishedAt,
  lastError: r.lastError,
  consecutiveFailures: r.consecutiveFailures,
});

interface Health {
  /** degraded: up, but the database refuses writes or a relay cannot publish (see below). */
  status: 'ok' | 'degraded';
  /** read-only: reads work, commands are refused with 503 until writes are allowed again. */
  database: 'up' | 'read-only';
  roles: readonly ServiceRole[];
  /** Only in a process that relays to Kafka: how far behind the broker is the log. */
  relay?: RelayHealth;
  /** The same for supervision alerts. */
  alertsRelay?: RelayHealth;
  /** Only in a process that consumes Kafka for the read models. */
  consumer?: ConsumerHealth;
  /** Only in a process with the supervisor role that consumes Kafka. */
  supervisor?: ConsumerHealth;
}

type ConsumerHealth = {
  groupId: string;
  processed: number;
  duplicates: number;
  deadLettered: number;
};

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly db: DataSource,
    private readonly relay: RelayService,
    private readonly projector: ProjectorService,
    private readonly supervisor: SupervisorService,
    @Inject(SERVICE_ROLES_TOKEN) private readonly roles: readonly ServiceRole[],
  ) {}

  /**
   * 503 only when the database is down: with Kafka down commands still succeed (the log is the
   * outbox) and a read-only database still serves reads, so those answer 200 "degraded".
   */
  @Get()
  @ApiOperation({
    summary: 'Liveness and readiness (no key needed): database, and Kafka relay lag where relayed',
  })
  async health(): Promise<Health> {
    let readOnly: boolean;
    try {
      const rows: Array<{ read_only: string }> = await this.db.query(
        `SELECT current_setting('transaction_read_only') AS read_only`,
      );
      readOnly = rows[0]?.read_only === 'on';
    } catch {
      throw new ApiProblem('UNAVAILABLE', 'The database is not reachable.');
    }
    const health: Health = {
      status: readOnly ? 'degraded' : 'ok',
      database: readOnly ? 'read-only' : 'up',
      roles: this.roles,
    };
    const relay = await this.relay.status();
    if (relay) health.relay = relayHealth(relay);
    const alerts = await this.relay.alertsStatus();
    if (alerts) health.alertsRelay = relayHealth(alerts);
    if ((relay?.consecutiveFailures ?? 0) > 0 || (alerts?.consecutiveFailures ?? 0) > 0) {
      health.status = 'degraded';
    }
    const consumer = this.projector.consumer;
    if (consumer) health.consumer = { groupId: consumer.groupId, ...consumer.counts };
    const supervisor = this.supervisor.consumer;
    if (supervisor) health.supervisor = { groupId: supervisor.groupId, ...supervisor.counts };
    return health;
  }
}
