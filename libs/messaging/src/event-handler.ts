import type { EntityManager } from 'typeorm';
import type { LogEvent } from './log-reader';

/**
 * A service's reaction to events. The same handler runs fed straight from the log (one
 * process) or from Kafka (separate services); either way it runs inside the transaction that
 * records the events as processed, so its writes and that record commit together.
 */
export interface EventHandler {
  /** Names the handler's checkpoint / consumer group; stable across releases. */
  readonly name: string;
  /** Events arrive in log order per project (Kafka keeps order per key only). */
  handle(manager: EntityManager, events: readonly LogEvent[]): Promise<void>;
}
