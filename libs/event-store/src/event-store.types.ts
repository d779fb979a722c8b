import type { EntityManager } from 'typeorm';

/**
 * What the appender expects the stream to look like. A number is the version of the
 * stream's last event (versions start at 1); a new stream is `'no-stream'`, never 0.
 */
export type ExpectedVersion = number | 'no-stream' | 'stream-exists' | 'any';

export interface EventMetadata {
  actor?: string;
  correlationId?: string;
  causationId?: string;
  [key: string]: unknown;
}

/** An event to append. `data` and `metadata` must be JSON-serialisable. */
export interface NewEvent {
  /** Generated when absent; a repeated id is refused with `DuplicateEventError`. */
  eventId?: string;
  type: string;
  schemaVersion: number;
  data: unknown;
  metadata?: EventMetadata;
  /** Business date `YYYY-MM-DD` (Asia/Shanghai calendar day), if the event has one. */
  occurredOn?: string | null;
}

export interface StoredEvent<D = unknown> {
  eventId: string;
  streamId: string;
  version: number;
  /** On reads: type, schemaVersion and data after upcasting; the hash covers the stored ones. */
  type: string;
  schemaVersion: number;
  data: D;
  metadata: EventMetadata;
  occurredOn: string | null;
  recordedAt: Date;
  /** Global position (bigserial) and writing transaction (xid8), as decimal strings. */
  position: string;
  txId: string;
  hash: string;
}

export interface AppendOptions {
  /** Runs inside the append transaction; throwing rolls the whole append back. */
  onAppended?: (manager: EntityManager, stored: StoredEvent[]) => Promise<void> | void;
}

export interface AppendResult {
  /** The stream's version after the append: pass it as `expected` next time. */
  nextExpectedVersion: number;
  events: StoredEvent[];
}

/** Where a log reader is: the (tx_id, position) of the last event it has seen. */
export interface LogCheckpoint {
  txId: string;
  position: string;
}

export interface ReadAllResult {
  events: StoredEvent[];
  /** Checkpoint after the last returned event (the given one when nothing was returned). */
  checkpoint: LogCheckpoint | null;
}

export interface ReadStreamOptions {
  /** First version to return (inclusive). */
  fromVersion?: number;
  /** Only events recorded at or before this instant. */
  knownAt?: Date;
}

export interface UpcastInput {
  type: string;
  schemaVersion: number;
  data: unknown;
}

/** Turns a stored payload into the current schema; applied on every read. */
export type Upcaster = (type: string, schemaVersion: number, data: unknown) => UpcastInput;

export type VerifyResult =
  | { ok: true; checked: number }
  | {
      ok: false;
      checked: number;
      firstBroken: {
        position: string;
        streamId: string;
        version: number;
        eventId: string;
        reason: string;
      };
    };

export interface EventStoreLogger {
  warn(message: string, error?: unknown): void;
}

export interface EventStoreOptions {
  upcast?: Upcaster;
  /** Where swallowed snapshot failures go; console by default. */
  logger?: EventStoreLogger;
}
