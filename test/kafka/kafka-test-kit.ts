import { randomUUID } from 'node:crypto';
import type { EventStore } from '@luodi/event-store';
import type { ProjectEvent } from '@luodi/domain';
import type { Kafka, KafkaMessage } from 'kafkajs';
import {
  companyRegistered,
  contractSigned,
  leadRegistered,
  negotiationStarted,
} from '../../libs/domain/src/testing/fixtures';
import { mokapiConsumerConfig, mokapiKafka } from '../support/mokapi';

/** Appends a real project's events (valid by the contract) to its stream. */
export async function appendProject(
  store: EventStore,
  steps = 4,
  projectId: string = randomUUID(),
): Promise<string> {
  const events: ProjectEvent[] = [
    leadRegistered({ projectId }),
    negotiationStarted(),
    contractSigned(),
    companyRegistered(),
  ].slice(0, steps);
  await store.append(
    `project-${projectId}`,
    'no-stream',
    events.map((e) => ({ ...e, occurredOn: e.data.occurredOn })),
  );
  return projectId;
}

/** Reads a topic from the beginning into an array until told to stop. */
export async function collect(kafka: Kafka, topic: string) {
  const messages: KafkaMessage[] = [];
  const consumer = kafka.consumer(mokapiConsumerConfig(`reader-${randomUUID()}`));
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: ({ message }) => {
      messages.push(message);
      return Promise.resolve();
    },
  });
  return {
    messages,
    async until(count: number, timeoutMs = 20_000): Promise<KafkaMessage[]> {
      const deadline = Date.now() + timeoutMs;
      while (messages.length < count && Date.now() < deadline) await sleep(50);
      return messages;
    },
    stop: () => consumer.disconnect(),
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function eventually(check: () => Promise<boolean> | boolean, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(50);
  }
}

export const quietKafka = (brokers: string[]) => mokapiKafka(brokers);
