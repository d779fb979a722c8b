import type { DataSource, EntityManager } from 'typeorm';
import { loadAggregate, type LoadAggregateOptions, type LoadedAggregate } from './aggregate-loader';
import { verifyChains } from './chain-verifier';
import { readAll, readStream } from './event-reader';
import type { ActualVersion } from './event-store.errors';
import type {
  AppendOptions,
  AppendResult,
  EventStoreLogger,
  EventStoreOptions,
  ExpectedVersion,
  LogCheckpoint,
  NewEvent,
  ReadAllResult,
  ReadStreamOptions,
  StoredEvent,
  Upcaster,
  VerifyResult,
} from './event-store.types';
import { saveSnapshot, type Snapshot } from './snapshot.store';
import { appendInTransaction, appendToStream, currentVersion } from './stream-appender';

/**
 * The event store over a migrated DataSource (PostgreSQL or serialised PGlite).
 * Every method runs outside caller transactions; only `onAppended` gets the append's own
 * transaction manager (and must not touch the DataSource directly: on PGlite that waits
 * for its own session).
 */
export class EventStore {
  private readonly upcast: Upcaster | undefined;
  private readonly logger: EventStoreLogger;

  constructor(
    private readonly dataSource: DataSource,
    options: EventStoreOptions = {},
  ) {
    this.upcast = options.upcast;
    this.logger = options.logger ?? console;
  }

  append(
    streamId: string,
    expected: ExpectedVersion,
    events: readonly NewEvent[],
    options?: AppendOptions,
  ): Promise<AppendResult> {
    return appendToStream(this.dataSource, streamId, expected, events, options);
  }

  /** Appends inside the caller's transaction (see appendInTransaction). */
  appendIn(
    manager: EntityManager,
    streamId: string,
    expected: ExpectedVersion,
    events: readonly NewEvent[],
  ): Promise<AppendResult> {
    return appendInTransaction(manager, streamId, expected, events);
  }

  /** Reads a stream through the caller's transaction (inside it, never use the DataSource). */
  readStreamIn(
    manager: EntityManager,
    streamId: string,
    options: ReadStreamOptions = {},
  ): Promise<StoredEvent[]> {
    return readStream(manager, streamId, options, this.upcast);
  }

  streamVersion(streamId: string): Promise<ActualVersion> {
    return currentVersion(this.dataSource.manager, streamId);
  }

  readStream(streamId: string, options: ReadStreamOptions = {}): Promise<StoredEvent[]> {
    return readStream(this.dataSource.manager, streamId, options, this.upcast);
  }

  readAll(after: LogCheckpoint | null, limit = 500): Promise<ReadAllResult> {
    return readAll(this.dataSource.manager, after, limit, this.upcast);
  }

  verifyStream(streamId: string): Promise<VerifyResult> {
    return verifyChains(this.dataSource.manager, streamId);
  }

  verifyAll(): Promise<VerifyResult> {
    return verifyChains(this.dataSource.manager);
  }

  loadAggregate<S>(
    streamId: string,
    options: LoadAggregateOptions<S>,
  ): Promise<LoadedAggregate<S>> {
    return loadAggregate(this.dataSource.manager, streamId, options, this.upcast, this.logger);
  }

  /** Usually called by `loadAggregate`; throws on failure (the loader swallows). */
  saveSnapshot(streamId: string, snapshot: Snapshot): Promise<void> {
    return saveSnapshot(this.dataSource.manager, streamId, snapshot);
  }
}
