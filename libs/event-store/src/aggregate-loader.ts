import type { EntityManager } from 'typeorm';
import { readStream } from './event-reader';
import type { EventStoreLogger, StoredEvent, Upcaster } from './event-store.types';
import { loadSnapshot, saveSnapshot } from './snapshot.store';

export interface LoadAggregateOptions<S> {
  initial: () => S;
  evolve: (state: S, event: StoredEvent) => S;
  snapshotType: string;
  /** Bump when the state's shape changes: older snapshots are then ignored. */
  snapshotVersion: number;
  /** Save a snapshot once this many events were folded after the last one (default 50). */
  snapshotEvery?: number;
  /** State as known at this instant: uses a snapshot only if all of it was recorded by then. */
  knownAt?: Date;
}

export interface LoadedAggregate<S> {
  state: S;
  /** Version of the last event folded in; 0 when the stream has none. */
  version: number;
  /** Events read and folded on top of the snapshot (or of `initial()`). */
  eventsApplied: number;
  /** Version of the snapshot started from, or null. */
  snapshotFrom: number | null;
}

const DEFAULT_SNAPSHOT_EVERY = 50;

/**
 * Latest usable snapshot + the events after it. Snapshot state must be JSON-serialisable.
 * Called outside any transaction; a snapshot write failure is logged and swallowed so it
 * can never fail the command that loaded the aggregate.
 */
export async function loadAggregate<S>(
  manager: EntityManager,
  streamId: string,
  options: LoadAggregateOptions<S>,
  upcast: Upcaster | undefined,
  logger: EventStoreLogger,
): Promise<LoadedAggregate<S>> {
  const snapshot = await loadSnapshot<S>(
    manager,
    streamId,
    options.snapshotType,
    options.snapshotVersion,
    options.knownAt,
  );
  let state = snapshot ? snapshot.state : options.initial();
  let version = snapshot?.version ?? 0;
  let lastRecordedAt = snapshot?.lastRecordedAt ?? null;
  const events = await readStream(
    manager,
    streamId,
    { fromVersion: version + 1, knownAt: options.knownAt },
    upcast,
  );
  for (const event of events) {
    state = options.evolve(state, event);
    version = event.version;
    lastRecordedAt = event.recordedAt;
  }

  const every = options.snapshotEvery ?? DEFAULT_SNAPSHOT_EVERY;
  // A knownAt load is a look into the past: it does not refresh the (latest) snapshot.
  if (!options.knownAt && lastRecordedAt && events.length >= every) {
    try {
      await saveSnapshot(manager, streamId, {
        snapshotType: options.snapshotType,
        snapshotVersion: options.snapshotVersion,
        version,
        state,
        lastRecordedAt,
      });
    } catch (error) {
      logger.warn(`Snapshot of ${streamId} at version ${version} not saved`, error);
    }
  }
  return { state, version, eventsApplied: events.length, snapshotFrom: snapshot?.version ?? null };
}
