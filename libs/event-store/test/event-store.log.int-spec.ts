import type { DataSource } from 'typeorm';
import { EventStore, isPglite, type LogCheckpoint, type StoredEvent } from '@luodi/event-store';
import { closeTestDataSource, createTestDataSource } from '../../../test/support';
import { counted, deferred } from '../../../test/support/event-store.fixtures';

/** Follows the log like a projector: a batch at a time from its checkpoint. */
class LogFollower {
  readonly seen: StoredEvent[] = [];
  private checkpoint: LogCheckpoint | null = null;

  constructor(private readonly store: EventStore) {}

  async catchUp(): Promise<void> {
    for (;;) {
      const { events, checkpoint } = await this.store.readAll(this.checkpoint, 7);
      this.seen.push(...events);
      this.checkpoint = checkpoint;
      if (events.length === 0) return;
    }
  }
}

// Creating a database takes seconds; jest ignores the per-project testTimeout.
jest.setTimeout(60_000);

describe('EventStore readAll', () => {
  let dataSource: DataSource;
  let store: EventStore;

  beforeAll(async () => {
    dataSource = await createTestDataSource();
    store = new EventStore(dataSource);
  });
  let afterRelease = () => undefined as void;
  afterEach(() => afterRelease());
  afterAll(() => closeTestDataSource(dataSource));

  it('resumes from a compound checkpoint in (tx_id, position) order', async () => {
    await store.append('log-a', 'no-stream', [counted(1), counted(2), counted(3)]);
    await store.append('log-b', 'no-stream', [counted(4)]);
    const first = await store.readAll(null, 2);
    expect(first.events.map((e) => [e.streamId, e.version])).toEqual([
      ['log-a', 1],
      ['log-a', 2],
    ]);
    const rest = await store.readAll(first.checkpoint, 10);
    expect(rest.events.map((e) => [e.streamId, e.version])).toEqual([
      ['log-a', 3],
      ['log-b', 1],
    ]);
    expect(rest.checkpoint).toEqual({
      txId: rest.events[1]!.txId,
      position: rest.events[1]!.position,
    });
    await expect(store.readAll(rest.checkpoint, 10)).resolves.toEqual({
      events: [],
      checkpoint: rest.checkpoint,
    });
  });

  it('orders by the numbers of (tx_id, position), not by their text', async () => {
    // Rows written as if by transactions 9 and 10 (older than any live one), and positions
    // 99 999 999 999 → 100 000 000 000: text order would put "10" before "9" and "100…" first.
    const rows: Array<[number, string]> = [
      [10, '99999999998'],
      [9, '99999999999'],
      [9, '100000000000'],
    ];
    for (const [i, [txId, position]] of rows.entries()) {
      await dataSource.query(
        `INSERT INTO events (position, event_id, stream_id, version, type, schema_version, data, recorded_at, tx_id, hash)
         VALUES ($1::bigint, gen_random_uuid(), 'log-digits', $2, 'Counted', 1, '{}', now(), $3::xid8, 'x')`,
        [position, i + 1, txId],
      );
    }
    try {
      const { events } = await store.readAll(null, 100);
      const mine = events.filter((e) => e.streamId === 'log-digits');
      expect(mine.map((e) => [e.txId, e.position])).toEqual([
        ['9', '99999999999'],
        ['9', '100000000000'],
        ['10', '99999999998'],
      ]);
      // Resuming from the middle continues in the same order.
      const after = await store.readAll({ txId: '9', position: '99999999999' }, 100);
      expect(after.events.slice(0, 2).map((e) => [e.txId, e.position])).toEqual([
        ['9', '100000000000'],
        ['10', '99999999998'],
      ]);
    } finally {
      await dataSource.query(`DELETE FROM events WHERE stream_id = 'log-digits'`);
    }
  });

  it('a follower never skips a slow transaction that commits after later ones', async () => {
    const pglite = isPglite(dataSource);
    const follower = new LogFollower(store);
    await follower.catchUp();
    const before = follower.seen.length;

    // The slow writer inserts its event, then holds its transaction open in onAppended.
    const inserted = deferred();
    const release = deferred();
    const slow = store.append('slow-1', 'no-stream', [counted(100)], {
      onAppended: async () => {
        inserted.resolve();
        await release.promise;
      },
    });
    await inserted.promise;
    // PGlite is one session: nothing can run beside an open transaction, so there the slow
    // transaction simply completes first; on PostgreSQL it stays open while others commit.
    if (pglite) release.resolve();

    const writers = ['w-1', 'w-2', 'w-3', 'w-4'];
    // Whatever fails below, never leave the slow transaction (and the log) held open.
    afterRelease = () => release.resolve();
    for (let round = 0; round < 5; round += 1) {
      await Promise.all(
        writers.map((streamId) =>
          store.append(streamId, round === 0 ? 'no-stream' : round * 2, [
            counted(round),
            counted(round),
          ]),
        ),
      );
      await follower.catchUp();
    }

    if (!pglite) {
      // Later transactions committed (40 events, visible), but the open slow one holds the
      // log back: a position-only reader would have passed the slow event's position by now.
      expect(follower.seen.length).toBe(before);
      const [{ pending }] = await dataSource.query(
        'SELECT count(*)::int AS pending FROM events WHERE tx_id >= pg_snapshot_xmin(pg_current_snapshot())',
      );
      expect(pending).toBe(writers.length * 10);
      release.resolve();
    }
    await slow;
    await follower.catchUp();

    const fresh = follower.seen.slice(before);
    expect(fresh).toHaveLength(1 + writers.length * 10);
    expect(new Set(fresh.map((event) => event.eventId)).size).toBe(fresh.length);
    expect(fresh[0]).toMatchObject({ streamId: 'slow-1', version: 1 });
    // Its position is older than everything committed before it: order by position alone
    // and a follower would have moved past it while it was in flight.
    expect(fresh.every((e, i) => i === 0 || BigInt(e.position) > BigInt(fresh[0]!.position))).toBe(
      true,
    );
    for (const streamId of writers) {
      const versions = fresh.filter((e) => e.streamId === streamId).map((e) => e.version);
      expect(versions).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
    }
  });

  it('does not return events of a transaction still in flight', async () => {
    const runner = dataSource.createQueryRunner();
    const { checkpoint } = await store.readAll(null, 10_000);
    const pglite = isPglite(dataSource);
    if (!pglite) {
      await runner.startTransaction();
      await runner.query(
        `INSERT INTO events (event_id, stream_id, version, type, schema_version, data, recorded_at, hash)
         VALUES (gen_random_uuid(), 'raw-1', 1, 'Counted', 1, '{}', now(), 'x')`,
      );
      await expect(store.readAll(checkpoint, 10)).resolves.toMatchObject({ events: [] });
      await runner.commitTransaction();
      await expect(store.readAll(checkpoint, 10)).resolves.toMatchObject({
        events: [expect.objectContaining({ streamId: 'raw-1' })],
      });
    } else {
      // One session: a read can only happen once the writer is done; nothing is hidden.
      await store.append('raw-1', 'no-stream', [counted(1)]);
      await expect(store.readAll(checkpoint, 10)).resolves.toMatchObject({
        events: [expect.objectContaining({ streamId: 'raw-1' })],
      });
    }
    await runner.release();
  });
});
