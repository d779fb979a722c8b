import type { EntityManager } from 'typeorm';
import type { LogEvent } from '@luodi/messaging';

/**
 * A projection: read-model tables built from the log. Its tables exist once per generation
 * (`rm_<name>_g<n>`), so a rebuild fills a fresh generation while the active one serves.
 * Bump `version` when the tables or the handlers change: the projector then rebuilds.
 */
export interface Projection {
  readonly name: string;
  readonly version: number;
  /** The generation's tables, for comparisons and clean-up. */
  tables(generation: number): string[];
  /** While `rebuilding`, a projection may leave its indexes to `finishRebuild`. */
  createTables(
    manager: EntityManager,
    generation: number,
    options?: { rebuilding?: boolean },
  ): Promise<void>;
  /**
   * Applies a batch in order, inside the transaction that also moves the checkpoint. While
   * `rebuilding`, a projection may leave derived tables to `finishRebuild`.
   */
  apply(
    manager: EntityManager,
    generation: number,
    events: readonly LogEvent[],
    options?: { rebuilding?: boolean },
  ): Promise<void>;
  /** After a rebuild has read the log, before its tail and switch-over: derives what was left. */
  finishRebuild?(manager: EntityManager, generation: number): Promise<void>;
}

export function generationTable(name: string, generation: number): string {
  if (!/^[a-z][a-z0-9_]{0,40}$/.test(name)) throw new Error(`bad projection table name ${name}`);
  if (!Number.isSafeInteger(generation) || generation < 1) {
    throw new Error(`bad projection generation ${generation}`);
  }
  return `rm_${name}_g${generation}`;
}

/**
 * A read started ahead of its use (the next page while this one is written). Awaited later:
 * should the work in between fail first, its rejection must not go unhandled meanwhile.
 */
export function readAhead<T>(read: Promise<T>): Promise<T> {
  read.catch(() => undefined);
  return read;
}
