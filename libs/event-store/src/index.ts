export { EventStore } from './event-store';
export { countLogAfter, countUnreadUpTo, lastCommittedPosition, readLogRows } from './event-reader';
export type { EventRow } from './event-row.mapper';
export type {
  AppendOptions,
  AppendResult,
  EventMetadata,
  EventStoreLogger,
  EventStoreOptions,
  ExpectedVersion,
  LogCheckpoint,
  NewEvent,
  ReadAllResult,
  ReadStreamOptions,
  StoredEvent,
  UpcastInput,
  Upcaster,
  VerifyResult,
} from './event-store.types';
export {
  ConcurrencyError,
  DuplicateEventError,
  WrongExpectedVersionError,
  type ActualVersion,
} from './event-store.errors';
export type { LoadAggregateOptions, LoadedAggregate } from './aggregate-loader';
export type { Snapshot } from './snapshot.store';
export { canonicalJson } from './event-hash.util';
export { createDataSource, isPglite, type DataSourceConfig } from './data-source.factory';
export { serialPgliteDriver, type SerialPgliteOptions } from './serial-pglite.pool';
export { assertTestDatabase } from './test-database.guard';
export { dropDatabase, quoteIdent } from './drop-database';
export { isConnectionReleased } from './connection-released';
