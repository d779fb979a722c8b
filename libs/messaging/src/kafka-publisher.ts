import type { Producer } from 'kafkajs';
import type { MessagePublisher, OutgoingMessage } from './event-relay';

/** Publishes to one topic and waits for every in-sync replica to acknowledge (acks = -1). */
export class KafkaPublisher implements MessagePublisher {
  constructor(
    /** Connects lazily, so a broker that is down at start only delays publishing. */
    private readonly producer: () => Promise<Producer>,
    private readonly topic: string,
  ) {}

  async publish(messages: OutgoingMessage[]): Promise<void> {
    const producer = await this.producer();
    await producer.send({ topic: this.topic, acks: -1, messages });
  }
}
