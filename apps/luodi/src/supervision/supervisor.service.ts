import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { deadLetterTopic, fromLifecycleMessage, LIFECYCLE_TOPIC } from '@luodi/contracts';
import {
  isProjectStream,
  KafkaEventConsumer,
  LogFeed,
  logEventOf,
  PROJECT_STREAM_PREFIX,
  type EventHandler,
  type LogEvent,
} from '@luodi/messaging';
import { CronJob } from 'cron';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock';
import { AppConfigService } from '../config/app-config.service';
import { KafkaClientService } from '../messaging/kafka-client.service';
import { RelayService } from '../messaging/relay.service';
import { SERVICE_ROLES_TOKEN, type ServiceRole } from '../messaging/service-roles';
import { SupervisionEvaluator } from './supervision-evaluator.service';

const SCHEDULE_JOB = 'supervision-evaluation';

/**
 * In a process with the `supervisor` role: evaluates the rules for every project an event
 * touched (fed from the log in one process, from projects.lifecycle.v1 with Kafka), and for
 * everything on the schedule (passage of time) and once at start-up.
 */
@Injectable()
export class SupervisorService implements OnApplicationBootstrap, OnModuleDestroy {
  readonly handler: EventHandler;
  readonly feed: LogFeed | undefined;
  readonly consumer: KafkaEventConsumer | undefined;
  private readonly logger = new Logger('Supervisor');
  private readonly active: boolean;
  private startup: Promise<unknown> | undefined;

  constructor(
    dataSource: DataSource,
    kafka: KafkaClientService,
    private readonly config: AppConfigService,
    private readonly clock: Clock,
    private readonly evaluator: SupervisionEvaluator,
    private readonly scheduler: SchedulerRegistry,
    private readonly relay: RelayService,
    @Inject(SERVICE_ROLES_TOKEN) roles: readonly ServiceRole[],
  ) {
    this.handler = {
      name: 'supervisor',
      handle: (manager, events) => this.onEvents(manager, events),
    };
    this.active = roles.includes('supervisor');
    if (!this.active) return;
    if (kafka.kafka) {
      this.consumer = new KafkaEventConsumer({
        kafka: kafka.kafka,
        dataSource,
        topic: LIFECYCLE_TOPIC,
        deadLetterTopic: deadLetterTopic(LIFECYCLE_TOPIC),
        groupId: 'luodi-supervisor',
        handler: this.handler,
        parse: (message) => logEventOf(fromLifecycleMessage(message)),
        producer: () => kafka.producer(),
        logger: this.logger,
      });
    } else {
      this.feed = new LogFeed(dataSource, [this.handler], {
        onError: (error) =>
          this.logger.error(
            `Evaluation after events failed: ${error instanceof Error ? error.message : String(error)}`,
          ),
      });
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.active) return;
    this.feed?.start();
    await this.consumer?.start();
    const cron = this.config.get().supervisionSchedule;
    if (cron === null) return;
    const job = CronJob.from({
      cronTime: cron,
      timeZone: 'Asia/Shanghai',
      onTick: () => void this.evaluateNow('schedule'),
    });
    this.scheduler.addCronJob(SCHEDULE_JOB, job);
    job.start();
    // Catch up on the days the process was down.
    this.startup = this.evaluateNow('startup');
  }

  async onModuleDestroy(): Promise<void> {
    if (this.scheduler.doesExist('cron', SCHEDULE_JOB)) this.scheduler.deleteCronJob(SCHEDULE_JOB);
    await this.startup;
    await this.consumer?.stop();
    await this.feed?.stop();
  }

  /** Looks at the log now rather than at the next poll (in-process mode). */
  nudge(): void {
    this.feed?.nudge();
  }

  /** Resolves once every event committed so far was evaluated (single-process mode). */
  async catchUp(): Promise<void> {
    await this.feed?.catchUp();
  }

  private async evaluateNow(trigger: string): Promise<void> {
    try {
      await this.evaluator.evaluateAll(this.clock.now(), trigger);
    } catch (error) {
      this.logger.error(
        `Scheduled evaluation failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private async onEvents(manager: EntityManager, events: readonly LogEvent[]): Promise<void> {
    const projectIds = [
      ...new Set(
        events.filter(isProjectStream).map((e) => e.streamId.slice(PROJECT_STREAM_PREFIX.length)),
      ),
    ];
    const last = events.filter(isProjectStream).at(-1);
    const counts = await this.evaluator.evaluateProjects(
      manager,
      projectIds,
      this.clock.now(),
      last ? { causationId: last.eventId } : {},
    );
    // Fed from Kafka, nothing else tells the alerts relay that items changed; its nudge delay
    // lets this transaction commit first (if not, its next poll finds them).
    if (this.consumer && counts.raised + counts.escalated + counts.cleared > 0) this.relay.nudge();
  }
}
