import type { DataSource } from 'typeorm';
import {
  DuplicateEventError,
  EventStore,
  WrongExpectedVersionError,
  isPglite,
  type StoredEvent,
} from '@luodi/event-store';
import { closeTestDataSource, createTestDataSource } from '../../../test/support';
import { counted, versionsOf } from '../../../test/support/event-store.fixtures';

// Creating a database takes seconds; jest ignores the per-project testTimeout.
jest.setTimeout(60_000);

describe('EventStore append', () => {
  let dataSource: DataSource;
  let store: EventStore;

  beforeAll(async () => {
    dataSource = await createTestDataSource();
    store = new EventStore(dataSource);
    await dataSource.query('CREATE TABLE test_projection (stream_id text PRIMARY KEY, n int)');
  });
  afterAll(() => closeTestDataSource(dataSource));

  it(`runs on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}`, () => {
    expect(isPglite(dataSource)).toBe(!process.env.DATABASE_URL);
  });

  it('returns each event its own position when a batch crosses a power of ten', async () => {
    await dataSource.query(`SELECT setval('events_position_seq', 99999999995)`);
    const result = await store.append(
      'a-digits',
      'no-stream',
      [1, 2, 3, 4, 5, 6, 7, 8].map((n) => counted(n)),
    );
    const read = await store.readStream('a-digits');
    expect(result.events.map((e) => [e.version, e.position])).toEqual(
      read.map((e) => [e.version, e.position]),
    );
    expect(result.events.map((e) => e.position)).toContain('100000000000');
  });

  it('stores events with versions, positions, tx ids and hashes', async () => {
    const result = await store.append('a-1', 'no-stream', [counted(1), counted(2)]);
    expect(result.nextExpectedVersion).toBe(2);
    const [first, second] = result.events as [StoredEvent, StoredEvent];
    expect([first.version, second.version]).toEqual([1, 2]);
    expect(BigInt(second.position)).toBeGreaterThan(BigInt(first.position));
    expect(first.txId).toBe(second.txId);
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(first.occurredOn).toBe('2025-11-21');

    const read = await store.readStream('a-1');
    expect(read).toEqual(result.events);
  });

  describe("inside the caller's transaction (appendIn)", () => {
    it('appends to several streams atomically with the caller’s own writes', async () => {
      await dataSource.transaction(async (m) => {
        await store.appendIn(m, 'in-a', 'no-stream', [counted(1)]);
        await store.appendIn(m, 'in-b', 'no-stream', [counted(1), counted(2)]);
        const inside = await store.readStreamIn(m, 'in-b');
        expect(inside.map((e) => e.version)).toEqual([1, 2]);
      });
      expect(await versionsOf(dataSource, 'in-a')).toEqual([1]);
      expect(await versionsOf(dataSource, 'in-b')).toEqual([1, 2]);
    });

    it('rolls every stream back when the unit of work fails, and refuses a stale version', async () => {
      await expect(
        dataSource.transaction(async (m) => {
          await store.appendIn(m, 'in-c', 'no-stream', [counted(1)]);
          await store.appendIn(m, 'in-a', 5, [counted(2)]);
        }),
      ).rejects.toBeInstanceOf(WrongExpectedVersionError);
      expect(await store.readStream('in-c')).toEqual([]);
      expect(await versionsOf(dataSource, 'in-a')).toEqual([1]);
    });
  });

  describe('expected version', () => {
    const conflict = (expected: unknown, actual: unknown) =>
      expect.objectContaining({ name: 'WrongExpectedVersionError', expected, actual });

    it("'no-stream' creates a stream and refuses an existing one", async () => {
      await expect(store.append('nv-1', 'no-stream', [counted(1)])).resolves.toMatchObject({
        nextExpectedVersion: 1,
      });
      await expect(store.append('nv-1', 'no-stream', [counted(2)])).rejects.toEqual(
        conflict('no-stream', 1),
      );
    });

    it("'stream-exists' appends to an existing stream and refuses a missing one", async () => {
      await expect(store.append('se-1', 'stream-exists', [counted(1)])).rejects.toEqual(
        conflict('stream-exists', 'no-stream'),
      );
      await store.append('se-1', 'no-stream', [counted(1)]);
      await expect(store.append('se-1', 'stream-exists', [counted(2)])).resolves.toMatchObject({
        nextExpectedVersion: 2,
      });
    });

    it("'any' creates or extends a stream", async () => {
      await expect(store.append('any-1', 'any', [counted(1)])).resolves.toMatchObject({
        nextExpectedVersion: 1,
      });
      await expect(store.append('any-1', 'any', [counted(2), counted(3)])).resolves.toMatchObject({
        nextExpectedVersion: 3,
      });
      expect(await versionsOf(dataSource, 'any-1')).toEqual([1, 2, 3]);
    });

    it('an exact version appends only at that version', async () => {
      await store.append('ex-1', 'no-stream', [counted(1), counted(2)]);
      await expect(store.append('ex-1', 1, [counted(3)])).rejects.toEqual(conflict(1, 2));
      await expect(store.append('ex-1', 3, [counted(3)])).rejects.toEqual(conflict(3, 2));
      await expect(store.append('ex-missing', 1, [counted(1)])).rejects.toEqual(
        conflict(1, 'no-stream'),
      );
      await expect(store.append('ex-1', 2, [counted(3)])).resolves.toMatchObject({
        nextExpectedVersion: 3,
      });
      expect(await versionsOf(dataSource, 'ex-1')).toEqual([1, 2, 3]);
    });

    it('refuses version 0 and non-integers as programming errors', async () => {
      await expect(store.append('ex-0', 0, [counted(1)])).rejects.toBeInstanceOf(RangeError);
      await expect(store.append('ex-0', 1.5, [counted(1)])).rejects.toBeInstanceOf(RangeError);
    });

    it('an empty append only checks the expectation', async () => {
      await expect(store.append('empty-1', 'no-stream', [])).resolves.toEqual({
        nextExpectedVersion: 0,
        events: [],
      });
      await expect(store.append('empty-1', 'stream-exists', [])).rejects.toEqual(
        conflict('stream-exists', 'no-stream'),
      );
      await store.append('empty-1', 'no-stream', [counted(1)]);
      await expect(store.append('empty-1', 1, [])).resolves.toMatchObject({
        nextExpectedVersion: 1,
      });
      await expect(store.append('empty-1', 'no-stream', [])).rejects.toEqual(
        conflict('no-stream', 1),
      );
    });
  });

  it('20 concurrent appenders at one version: one wins each round, the stream has no gaps', async () => {
    await store.append('race-1', 'no-stream', [counted(0)]);
    for (let version = 1; version <= 5; version += 1) {
      const outcomes = await Promise.allSettled(
        Array.from({ length: 20 }, (_, i) => store.append('race-1', version, [counted(i)])),
      );
      const won = outcomes.filter((outcome) => outcome.status === 'fulfilled');
      const lost = outcomes.flatMap((outcome) =>
        outcome.status === 'rejected' ? [outcome.reason as unknown] : [],
      );
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(19);
      for (const error of lost) {
        expect(error).toBeInstanceOf(WrongExpectedVersionError);
        expect(error).toMatchObject({ streamId: 'race-1', expected: version, actual: version + 1 });
      }
    }
    expect(await versionsOf(dataSource, 'race-1')).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await store.streamVersion('race-1')).toBe(6);
  });

  it("20 concurrent 'any' appenders all land, contiguously", async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        store.append('race-any', 'any', [counted(i), counted(i)]),
      ),
    );
    expect(await versionsOf(dataSource, 'race-any')).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    for (const { events, nextExpectedVersion } of results) {
      expect(events.map((event) => event.version)).toEqual([
        nextExpectedVersion - 1,
        nextExpectedVersion,
      ]);
    }
    await expect(store.verifyStream('race-any')).resolves.toEqual({ ok: true, checked: 40 });
  });

  it('maps a (stream_id, version) unique violation to WrongExpectedVersionError', async () => {
    await store.append('clash-1', 'no-stream', [counted(1)]);
    // A row the streams table does not know about: only the unique index can stop the append.
    await dataSource.query(
      `INSERT INTO events (event_id, stream_id, version, type, schema_version, data, recorded_at, hash)
       VALUES (gen_random_uuid(), 'clash-1', 2, 'Counted', 1, '{}', now(), 'x')`,
    );
    await expect(store.append('clash-1', 1, [counted(2)])).rejects.toBeInstanceOf(
      WrongExpectedVersionError,
    );
  });

  describe('onAppended', () => {
    const project =
      (n: number) => async (manager: import('typeorm').EntityManager, stored: StoredEvent[]) => {
        const streamId = stored[0]!.streamId;
        await manager.query(
          `INSERT INTO test_projection (stream_id, n) VALUES ($1, $2)
         ON CONFLICT (stream_id) DO UPDATE SET n = test_projection.n + $2`,
          [streamId, n],
        );
      };

    it('runs in the append transaction', async () => {
      await store.append('proj-1', 'no-stream', [counted(1)], { onAppended: project(1) });
      expect(
        await dataSource.query(`SELECT n FROM test_projection WHERE stream_id = 'proj-1'`),
      ).toEqual([{ n: 1 }]);
    });

    it('a throwing onAppended leaves no trace of a new stream', async () => {
      const failure = new Error('read model refused');
      await expect(
        store.append('rb-1', 'no-stream', [counted(1)], {
          onAppended: async (manager, stored) => {
            await project(1)(manager, stored);
            throw failure;
          },
        }),
      ).rejects.toBe(failure);
      expect(await versionsOf(dataSource, 'rb-1')).toEqual([]);
      expect(await store.streamVersion('rb-1')).toBe('no-stream');
      expect(
        await dataSource.query(`SELECT * FROM test_projection WHERE stream_id = 'rb-1'`),
      ).toEqual([]);
    });

    it('a throwing onAppended leaves an existing stream unchanged', async () => {
      await store.append('rb-2', 'no-stream', [counted(1)], { onAppended: project(1) });
      await expect(
        store.append('rb-2', 1, [counted(2), counted(3)], {
          onAppended: async (manager, stored) => {
            await project(2)(manager, stored);
            throw new Error('nope');
          },
        }),
      ).rejects.toThrow('nope');
      expect(await versionsOf(dataSource, 'rb-2')).toEqual([1]);
      expect(await store.streamVersion('rb-2')).toBe(1);
      expect(
        await dataSource.query(`SELECT n FROM test_projection WHERE stream_id = 'rb-2'`),
      ).toEqual([{ n: 1 }]);
      await expect(store.append('rb-2', 1, [counted(2)])).resolves.toMatchObject({
        nextExpectedVersion: 2,
      });
    });
  });

  describe('duplicate event ids', () => {
    it('refuses an event id already stored, writing nothing', async () => {
      const { events } = await store.append('dup-1', 'no-stream', [counted(1)]);
      const eventId = events[0]!.eventId;
      const attempt = store.append('dup-2', 'no-stream', [counted(2), counted(3, { eventId })]);
      await expect(attempt).rejects.toBeInstanceOf(DuplicateEventError);
      await expect(attempt).rejects.toMatchObject({ streamId: 'dup-2', eventIds: [eventId] });
      expect(await store.streamVersion('dup-2')).toBe('no-stream');
      expect(await versionsOf(dataSource, 'dup-1')).toEqual([1]);
    });

    it('refuses a batch that repeats an id', async () => {
      const eventId = '0b8f7c1e-2d3a-4b5c-8d9e-0f1a2b3c4d5e';
      await expect(
        store.append('dup-3', 'no-stream', [counted(1, { eventId }), counted(2, { eventId })]),
      ).rejects.toBeInstanceOf(DuplicateEventError);
      expect(await store.streamVersion('dup-3')).toBe('no-stream');
    });

    it('treats an upper-case id as the same uuid', async () => {
      const eventId = 'AB8F7C1E-2D3A-4B5C-8D9E-0F1A2B3C4D5E';
      await store.append('dup-4', 'no-stream', [counted(1, { eventId })]);
      await expect(
        store.append('dup-5', 'no-stream', [counted(1, { eventId: eventId.toLowerCase() })]),
      ).rejects.toBeInstanceOf(DuplicateEventError);
      await expect(store.verifyStream('dup-4')).resolves.toEqual({ ok: true, checked: 1 });
    });
  });
});
