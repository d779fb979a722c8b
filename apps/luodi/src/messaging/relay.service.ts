import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import {
  ALERTS_TOPIC,
  LIFECYCLE_TOPIC,
  toAlertMessage,
  toLifecycleMessage,
} from '@luodi/contracts';
import {
  EventRelay,
  isProjectStream,
  KafkaPublisher,
  lifecycleEnvelope,
  type RelayStatus,
} from '@luodi/messaging';
import { DataSource } from 'typeorm';
import { alertEnvelopeOf, isAlertEvent } from '../supervision/alert-mapping';
import { KafkaClientService } from './kafka-client.service';
import { SERVICE_ROLES_TOKEN, type ServiceRole } from './service-roles';

/**
 * Runs the log → Kafka relays in a process with the `relay` role when Kafka is configured:
 * project events to projects.lifecycle.v1, supervision alerts to supervision.alerts.v1. Each
 * has its own checkpoint and lease.
 */
@Injectable()
export class RelayService implements OnApplicationBootstrap, OnModuleDestroy {
  readonly relay: EventRelay | undefined;
  readonly alerts: EventRelay | undefined;

  constructor(
    dataSource: DataSource,
    kafka: KafkaClientService,
    @Inject(SERVICE_ROLES_TOKEN) roles: readonly ServiceRole[],
  ) {
    if (!kafka.enabled || !roles.includes('relay')) return;
    const logger = new Logger('Relay');
    this.relay = new EventRelay(
      dataSource,
      new KafkaPublisher(() => kafka.producer(), LIFECYCLE_TOPIC),
      (event) => toLifecycleMessage(lifecycleEnvelope(event)),
      { filter: isProjectStream, logger },
    );
    this.alerts = new EventRelay(
      dataSource,
      new KafkaPublisher(() => kafka.producer(), ALERTS_TOPIC),
      (event) => toAlertMessage(alertEnvelopeOf(event)),
      { name: 'alerts', filter: isAlertEvent, logger },
    );
  }

  onApplicationBootstrap(): void {
    this.relay?.start();
    this.alerts?.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.relay?.stop();
    await this.alerts?.stop();
  }

  nudge(): void {
    this.relay?.nudge();
    this.alerts?.nudge();
  }

  status(): Promise<RelayStatus> | null {
    return this.relay?.status() ?? null;
  }

  alertsStatus(): Promise<RelayStatus> | null {
    return this.alerts?.status() ?? null;
  }
}
