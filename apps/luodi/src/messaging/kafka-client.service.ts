import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { AppConfigService } from '../config/app-config.service';

/** The Kafka client when KAFKA_BROKERS is set; one shared producer, connected on first use. */
@Injectable()
export class KafkaClientService implements OnApplicationShutdown {
  readonly kafka: Kafka | undefined;
  private producerPromise: Promise<Producer> | undefined;
  private readonly logger = new Logger('Kafka');

  constructor(config: AppConfigService) {
    const { kafkaBrokers, kafkaClientId } = config.get();
    this.kafka = kafkaBrokers
      ? new Kafka({
          clientId: kafkaClientId,
          brokers: kafkaBrokers,
          logLevel: logLevel.WARN,
          logCreator: () => (entry) => {
            this.logger.warn(`${entry.namespace}: ${entry.log.message}`);
          },
          // Few quick retries: the relay has its own back-off and keeps the log as the outbox.
          retry: { retries: 2, initialRetryTime: 200, maxRetryTime: 2_000 },
        })
      : undefined;
  }

  get enabled(): boolean {
    return this.kafka !== undefined;
  }

  /** A connected producer; a failed connection is retried on the next call. */
  producer(): Promise<Producer> {
    if (!this.kafka) return Promise.reject(new Error('Kafka is not configured (KAFKA_BROKERS)'));
    if (!this.producerPromise) {
      const producer = this.kafka.producer({
        allowAutoTopicCreation: false,
        maxInFlightRequests: 1,
      });
      this.producerPromise = producer.connect().then(
        () => producer,
        (error: unknown) => {
          this.producerPromise = undefined;
          throw error;
        },
      );
    }
    return this.producerPromise;
  }

  async onApplicationShutdown(): Promise<void> {
    const producer = await this.producerPromise?.catch(() => undefined);
    await producer?.disconnect();
  }
}
