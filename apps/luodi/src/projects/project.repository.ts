import { Injectable } from '@nestjs/common';
import { evolve, initialProjectState, type ProjectEvent, type ProjectState } from '@luodi/domain';
import { EventStore, type EventMetadata, type StoredEvent } from '@luodi/event-store';
import type { EntityManager } from 'typeorm';

export const projectStreamId = (projectId: string): string => `project-${projectId}`;

/** Bump when ProjectState changes shape: older snapshots are then ignored. */
const SNAPSHOT = { snapshotType: 'project', snapshotVersion: 1, snapshotEvery: 50 } as const;

export interface LoadedProject {
  state: ProjectState;
  version: number;
}

const asProjectEvent = (event: StoredEvent): ProjectEvent =>
  ({ type: event.type, schemaVersion: event.schemaVersion, data: event.data }) as ProjectEvent;

const fold = (state: ProjectState, event: StoredEvent): ProjectState =>
  evolve(state, asProjectEvent(event));

/** Projects as event streams: loading (with snapshots or on a past date) and appending. */
@Injectable()
export class ProjectRepository {
  constructor(private readonly store: EventStore) {}

  load(projectId: string): Promise<LoadedProject> {
    return this.store.loadAggregate(projectStreamId(projectId), {
      initial: initialProjectState,
      evolve: fold,
      ...SNAPSHOT,
    });
  }

  /**
   * The project as it was: `asOf` keeps events whose business date is on or before that day,
   * `knownAt` keeps events recorded by that instant. Either or both may be given. Pass the
   * manager of a transaction to read within it.
   */
  async loadAt(
    projectId: string,
    at: { asOf?: string; knownAt?: Date },
    manager?: EntityManager,
  ): Promise<LoadedProject> {
    const options = at.knownAt ? { knownAt: at.knownAt } : {};
    const stream = projectStreamId(projectId);
    const events = manager
      ? await this.store.readStreamIn(manager, stream, options)
      : await this.store.readStream(stream, options);
    let state = initialProjectState();
    let version = 0;
    for (const event of events) {
      if (at.asOf !== undefined && event.occurredOn !== null && event.occurredOn > at.asOf)
        continue;
      state = fold(state, event);
      version = event.version;
    }
    return { state, version };
  }

  history(projectId: string): Promise<StoredEvent[]> {
    return this.store.readStream(projectStreamId(projectId));
  }

  async append(
    projectId: string,
    expectedVersion: number,
    events: readonly ProjectEvent[],
    metadata: EventMetadata,
    inTransaction: (manager: EntityManager) => Promise<void>,
  ): Promise<number> {
    const result = await this.store.append(
      projectStreamId(projectId),
      expectedVersion === 0 ? 'no-stream' : expectedVersion,
      events.map((event) => ({
        type: event.type,
        schemaVersion: event.schemaVersion,
        data: event.data,
        metadata,
        occurredOn: event.data.occurredOn,
      })),
      { onAppended: (manager) => inTransaction(manager) },
    );
    return result.nextExpectedVersion;
  }
}
