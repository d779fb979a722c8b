import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { deadLetterTopic, fromLifecycleMessage, LIFECYCLE_TOPIC } from '@luodi/contracts';
import { KafkaEventConsumer, logEventOf } from '@luodi/messaging';
import { FactsProjection, Projector } from '@luodi/projections';
import { DataSource } from 'typeorm';
import { KafkaClientService } from '../messaging/kafka-client.service';
import { SERVICE_ROLES_TOKEN, type ServiceRole } from '../messaging/service-roles';

/**
 * The read models. In a process with the `projector` role they are kept up to date: from the
 * log in commit-safe order (single process), or from `projects.lifecycle.v1` through a
 * consumer group when Kafka is configured. Other processes only read them.
 */
@Injectable()
export class ProjectorService implements OnApplicationBootstrap, OnModuleDestroy {
  readonly facts = new FactsProjection();
  readonly projector: Projector;
  readonly consumer: KafkaEventConsumer | undefined;
  private readonly projecting: boolean;
  private readonly live: boolean;

  constructor(
    dataSource: DataSource,
    kafka: KafkaClientService,
    @Inject(SERVICE_ROLES_TOKEN) roles: readonly ServiceRole[],
  ) {
    const logger = new Logger('Projector');
    this.projector = new Projector(dataSource, [this.facts], {
      logger: {
        log: (message) => logger.log(message),
        error: (message, error) =>
          logger.error(`${message}${error instanceof Error ? `: ${error.message}` : ''}`),
      },
    });
    this.projecting = roles.includes('projector');
    this.live = this.projecting && !kafka.enabled;
    if (this.projecting && kafka.kafka) {
      this.consumer = new KafkaEventConsumer({
        kafka: kafka.kafka,
        dataSource,
        topic: LIFECYCLE_TOPIC,
        deadLetterTopic: deadLetterTopic(LIFECYCLE_TOPIC),
        handler: {
          name: 'projector',
          handle: (manager, events) => this.projector.applyDelivered(manager, events),
        },
        parse: (message) => logEventOf(fromLifecycleMessage(message)),
        producer: () => kafka.producer(),
        logger,
      });
    }
  }

  /** Only a projecting process rebuilds a stale projection; the API just needs its tables. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.projecting) return this.projector.init();
    await this.projector.start({ live: this.live });
    await this.consumer?.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer?.stop();
    await this.projector.stop();
  }

  /** Looks at the log now rather than at the next poll (in-process mode). */
  nudge(): void {
    if (this.live) this.projector.nudge();
  }

  /** Resolves once every event committed so far is in the read models (tests, admin). */
  waitForCatchUp(timeoutMs?: number): Promise<void> {
    return this.projector.waitForCatchUp(timeoutMs);
  }

  /** The table that serves the facts read model right now. */
  async factsTable(): Promise<string> {
    return this.facts.table(await this.projector.activeGeneration(this.facts.name));
  }

  /**
   * The generation serving the facts read model, and whether this release built it: one built
   * by an earlier release lacks the folded project states until its rebuild switches over.
   */
  async factsGeneration(): Promise<{ generation: number; current: boolean }> {
    const { generation, version } = await this.projector.active(this.facts.name);
    return { generation, current: version === this.facts.version };
  }
}
