/** Every domain event of every project, keyed by project id. */
export const LIFECYCLE_TOPIC = 'projects.lifecycle.v1';
/** Supervision (督办) alerts, keyed by project id, else by the supervised subject's id. */
export const ALERTS_TOPIC = 'supervision.alerts.v1';

export type Topic = typeof LIFECYCLE_TOPIC | typeof ALERTS_TOPIC;

/** Where a consumer parks a message it cannot process, so the partition keeps moving. */
export function deadLetterTopic(topic: string): string {
  return `${topic}.dlq`;
}
