import type { DataSource } from 'typeorm';
import { EventStore, type Upcaster } from '@luodi/event-store';
import { closeTestDataSource, createTestDataSource } from '../../../test/support';
import { counted, sleep } from '../../../test/support/event-store.fixtures';

/**
 * A real-looking upcaster: `SiteSurveyed` v1 stored the area as a bare number of 亩 (mu);
 * v2 carries a unit and square metres.
 */
const upcast: Upcaster = (type, schemaVersion, data) => {
  if (type === 'SiteSurveyed' && schemaVersion === 1) {
    const { areaMu, ...rest } = data as { areaMu: number; [key: string]: unknown };
    return {
      type,
      schemaVersion: 2,
      data: { ...rest, area: { mu: areaMu, squareMetres: Math.round((areaMu * 2000) / 3) } },
    };
  }
  return { type, schemaVersion, data };
};

// Creating a database takes seconds; jest ignores the per-project testTimeout.
jest.setTimeout(60_000);

describe('EventStore integrity and reads', () => {
  let dataSource: DataSource;
  let store: EventStore;

  beforeAll(async () => {
    dataSource = await createTestDataSource();
    store = new EventStore(dataSource, { upcast });
  });
  afterAll(() => closeTestDataSource(dataSource));

  describe('tamper evidence', () => {
    beforeAll(async () => {
      for (const streamId of ['t-1', 't-2', 't-3']) {
        await store.append(streamId, 'no-stream', [counted(1), counted(2)]);
        await store.append(streamId, 2, [counted(3), counted(4), counted(5)]);
      }
    });

    it('an untouched log verifies', async () => {
      await expect(store.verifyStream('t-2')).resolves.toEqual({ ok: true, checked: 5 });
      await expect(store.verifyAll()).resolves.toEqual({ ok: true, checked: 15 });
    });

    it('an edited payload is reported at exactly that event', async () => {
      const [target] = await dataSource
        .query(
          `UPDATE events SET data = jsonb_set(data, '{amount}', '999')
         WHERE stream_id = 't-2' AND version = 3 RETURNING position::text AS position, event_id::text AS event_id`,
        )
        .then((result: [Array<{ position: string; event_id: string }>, number]) => result[0]);
      const firstBroken = {
        position: target!.position,
        streamId: 't-2',
        version: 3,
        eventId: target!.event_id,
        reason: 'hash does not match content',
      };
      await expect(store.verifyStream('t-2')).resolves.toEqual({
        ok: false,
        checked: 5,
        firstBroken,
      });
      await expect(store.verifyAll()).resolves.toEqual({ ok: false, checked: 15, firstBroken });
      await expect(store.verifyStream('t-1')).resolves.toEqual({ ok: true, checked: 5 });
    });

    it('a microsecond shift of recorded_at is detected', async () => {
      await dataSource.query(
        `UPDATE events SET recorded_at = recorded_at + interval '1 microsecond'
         WHERE stream_id = 't-3' AND version = 4`,
      );
      await expect(store.verifyStream('t-3')).resolves.toMatchObject({
        ok: false,
        firstBroken: { streamId: 't-3', version: 4 },
      });
    });

    it('a deleted event breaks the version sequence', async () => {
      await dataSource.query(`DELETE FROM events WHERE stream_id = 't-1' AND version = 2`);
      await expect(store.verifyStream('t-1')).resolves.toMatchObject({
        ok: false,
        checked: 4,
        firstBroken: { streamId: 't-1', version: 3, reason: 'version 3 follows 1' },
      });
    });
  });

  describe('upcasting', () => {
    it('reads a v1 event as v2 everywhere while the stored v1 still verifies', async () => {
      const { events } = await store.append('site-1', 'no-stream', [
        { type: 'SiteSurveyed', schemaVersion: 1, data: { areaMu: 30, surveyor: '王工' } },
        counted(1),
      ]);
      const expected = {
        type: 'SiteSurveyed',
        schemaVersion: 2,
        data: { surveyor: '王工', area: { mu: 30, squareMetres: 20000 } },
      };
      const [surveyed, untouched] = await store.readStream('site-1');
      expect(surveyed).toMatchObject(expected);
      expect(untouched).toMatchObject({ type: 'Counted', schemaVersion: 1 });

      const { events: logged } = await store.readAll(null, 10_000);
      expect(logged.find((e) => e.eventId === events[0]!.eventId)).toMatchObject(expected);

      const [stored] = await dataSource.query(
        `SELECT schema_version, data FROM events WHERE event_id = $1`,
        [events[0]!.eventId],
      );
      expect(stored).toEqual({ schema_version: 1, data: { areaMu: 30, surveyor: '王工' } });
      await expect(store.verifyStream('site-1')).resolves.toEqual({ ok: true, checked: 2 });
    });
  });

  describe('knownAt', () => {
    it('returns only the events recorded by that instant', async () => {
      const first = await store.append('k-1', 'no-stream', [counted(1), counted(2)]);
      await sleep(5);
      await store.append('k-1', 2, [counted(3)]);
      const recordedAt = first.events[0]!.recordedAt;

      const asOfFirst = await store.readStream('k-1', { knownAt: recordedAt });
      expect(asOfFirst.map((e) => e.version)).toEqual([1, 2]);
      const before = await store.readStream('k-1', {
        knownAt: new Date(recordedAt.getTime() - 1),
      });
      expect(before).toEqual([]);
      const now = await store.readStream('k-1', { knownAt: new Date() });
      expect(now.map((e) => e.version)).toEqual([1, 2, 3]);
      const from = await store.readStream('k-1', { fromVersion: 2 });
      expect(from.map((e) => e.version)).toEqual([2, 3]);
    });

    it('keeps recorded_at monotonic within a stream', async () => {
      const { events } = await store.append('k-2', 'no-stream', [counted(1)]);
      // As if another instance with a fast clock had written it.
      const future = new Date(events[0]!.recordedAt.getTime() + 60_000);
      await dataSource.query(`UPDATE streams SET updated_at = $2 WHERE stream_id = $1`, [
        'k-2',
        future,
      ]);
      const next = await store.append('k-2', 1, [counted(2)]);
      expect(next.events[0]!.recordedAt.getTime()).toBe(future.getTime());
      await expect(store.verifyStream('k-2')).resolves.toEqual({ ok: true, checked: 2 });
    });
  });
});
