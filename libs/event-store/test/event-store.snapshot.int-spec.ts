import type { DataSource } from 'typeorm';
import { EventStore, type LoadAggregateOptions, type StoredEvent } from '@luodi/event-store';
import { closeTestDataSource, createTestDataSource } from '../../../test/support';
import { counted } from '../../../test/support/event-store.fixtures';

interface Tally {
  count: number;
  total: number;
  notes: string[];
}

const evolve = (state: Tally, event: StoredEvent): Tally => {
  const { amount, note } = event.data as { amount: number; note: string };
  return {
    count: state.count + 1,
    total: state.total + amount,
    notes: [...state.notes.slice(-2), note],
  };
};

const tally = (
  overrides: Partial<LoadAggregateOptions<Tally>> = {},
): LoadAggregateOptions<Tally> => ({
  initial: () => ({ count: 0, total: 0, notes: [] }),
  evolve,
  snapshotType: 'Tally',
  snapshotVersion: 1,
  ...overrides,
});

// Creating a database takes seconds; jest ignores the per-project testTimeout.
jest.setTimeout(60_000);

describe('EventStore snapshots', () => {
  let dataSource: DataSource;
  let store: EventStore;
  const warnings: unknown[] = [];

  beforeAll(async () => {
    dataSource = await createTestDataSource();
    store = new EventStore(dataSource, { logger: { warn: (...args) => warnings.push(args) } });
    for (let batch = 0; batch < 10; batch += 1) {
      const events = Array.from({ length: 50 }, (_, i) => counted(batch * 50 + i + 1));
      await store.append('long-1', batch === 0 ? 'no-stream' : batch * 50, events);
    }
  });
  afterAll(() => closeTestDataSource(dataSource));

  const replay = async (knownAt?: Date) =>
    (await store.readStream('long-1', { knownAt })).reduce(evolve, tally().initial());

  it('a 500-event stream loads the same state from a snapshot, reading fewer events', async () => {
    const full = await replay();
    expect(full).toMatchObject({ count: 500, total: 125_250 });

    const cold = await store.loadAggregate('long-1', tally());
    expect(cold).toEqual({ state: full, version: 500, eventsApplied: 500, snapshotFrom: null });

    const warm = await store.loadAggregate('long-1', tally());
    expect(warm).toEqual({ state: full, version: 500, eventsApplied: 0, snapshotFrom: 500 });

    await store.append('long-1', 500, [counted(501), counted(502)]);
    const grown = await store.loadAggregate('long-1', tally());
    expect(grown).toEqual({
      state: await replay(),
      version: 502,
      eventsApplied: 2,
      snapshotFrom: 500,
    });
  });

  it('ignores a snapshot of another state shape (snapshotVersion)', async () => {
    const reshaped = await store.loadAggregate('long-1', tally({ snapshotVersion: 2 }));
    expect(reshaped).toMatchObject({
      eventsApplied: 502,
      snapshotFrom: null,
      state: await replay(),
    });
    // ...and replaced it with one of the new shape.
    await expect(
      store.loadAggregate('long-1', tally({ snapshotVersion: 2 })),
    ).resolves.toMatchObject({
      eventsApplied: 0,
      snapshotFrom: 502,
    });
  });

  it('a knownAt load uses a snapshot only if everything in it was recorded by then', async () => {
    const [atHundred] = await store.readStream('long-1', { fromVersion: 100 });
    const past = await store.loadAggregate(
      'long-1',
      tally({ snapshotVersion: 2, knownAt: atHundred!.recordedAt }),
    );
    // Batches of 50 share a recorded_at: as known then, the stream ended at version 100.
    expect(past).toEqual({
      state: await replay(atHundred!.recordedAt),
      version: 100,
      eventsApplied: 100,
      snapshotFrom: null,
    });
    const now = await store.loadAggregate(
      'long-1',
      tally({ snapshotVersion: 2, knownAt: new Date() }),
    );
    expect(now).toMatchObject({ version: 502, eventsApplied: 0, snapshotFrom: 502 });
  });

  it('a snapshot that cannot be written is logged, never thrown', async () => {
    await store.append('odd-1', 'no-stream', [counted(1), counted(2)]);
    const loaded = await store.loadAggregate<{ n: bigint }>('odd-1', {
      initial: () => ({ n: 0n }),
      evolve: (state) => ({ n: state.n + 1n }), // a BigInt does not serialise to JSON
      snapshotType: 'Odd',
      snapshotVersion: 1,
      snapshotEvery: 1,
    });
    expect(loaded).toMatchObject({ state: { n: 2n }, version: 2, eventsApplied: 2 });
    expect(warnings).toHaveLength(1);
  });

  it('an empty stream loads the initial state at version 0', async () => {
    await expect(store.loadAggregate('none', tally())).resolves.toEqual({
      state: tally().initial(),
      version: 0,
      eventsApplied: 0,
      snapshotFrom: null,
    });
  });
});
