import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { LIFECYCLE_TOPIC, toLifecycleMessage } from '@luodi/contracts';
import {
  EventRelay,
  isProjectStream,
  KafkaPublisher,
  lifecycleEnvelope,
  type RelayStatus,
} from '@luodi/messaging';
import { DataSource } from 'typeorm';
import { KafkaClientService } from './kafka-client.service';
import { SERVICE_ROLES_TOKEN, type ServiceRole } from './service-roles';

/** Runs the log → Kafka relay in a process with the `relay` role when Kafka is configured. */
@Injectable()
export class RelayService implements OnApplicationBootstrap, OnModuleDestroy {
  readonly relay: EventRelay | undefined;

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
  }

  onApplicationBootstrap(): void {
    this.relay?.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.relay?.stop();
  }

  nudge(): void {
    this.relay?.nudge();
  }

  status(): Promise<RelayStatus> | null {
    return this.relay?.status() ?? null;
  }
}
