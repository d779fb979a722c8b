import { EventStore } from '@luodi/event-store';
import type { DataSource, EntityManager } from 'typeorm';
import { counted } from '../../../test/support/event-store.fixtures';
import { closeTestDataSource, createTestDataSource } from '../../../test/support/test-data-source';
import type { EventHandler } from './event-handler';
import { LogFeed } from './log-feed';
import type { LogEvent } from './log-reader';

/** Writes each event it handles into a table, so "exactly once" is a primary key. */
class Recorder implements EventHandler {
  failNext = false;
  constructor(readonly name: string) {}
  async handle(m: EntityManager, events: readonly LogEvent[]): Promise<void> {
    for (const e of events) {
      await m.query(`INSERT INTO feed_seen (handler, event_id) VALUES ($1, $2)`, [
        this.name,
        e.eventId,
      ]);
    }
    if (this.failNext) {
      this.failNext = false;
      throw new Error('handler failed');
    }
  }
}

describe('LogFeed', () => {
  let ds: DataSource;
  let store: EventStore;
  beforeAll(async () => {
    ds = await createTestDataSource();
    store = new EventStore(ds);
    await ds.query(
      `CREATE TABLE feed_seen (handler text, event_id uuid, PRIMARY KEY (handler, event_id))`,
    );
  });
  afterAll(() => closeTestDataSource(ds));

  const seen = async (handler: string) =>
    (await ds.query(`SELECT count(*)::int AS n FROM feed_seen WHERE handler = $1`, [handler]))[0]
      .n as number;

  it('hands every event to every handler once, in log order, and resumes from its checkpoint', async () => {
    for (let i = 0; i < 5; i++) {
      await store.append(`feed-${i}`, 'no-stream', [counted(1), counted(2), counted(3)]);
    }
    const order: string[] = [];
    const a = new Recorder('a');
    const b: EventHandler = {
      name: 'b',
      handle: async (m, events) => {
        order.push(...events.map((e) => `${e.streamId}/${e.version}`));
        await a.handle.call({ name: 'b' }, m, events);
      },
    };
    const feed = new LogFeed(ds, [a, b], { batchSize: 4 });
    await feed.catchUp();
    expect(await seen('a')).toBe(15);
    expect(await seen('b')).toBe(15);
    expect(order.slice(0, 4)).toEqual(['feed-0/1', 'feed-0/2', 'feed-0/3', 'feed-1/1']);

    await store.append('feed-0', 3, [counted(4)]);
    const again = new LogFeed(ds, [a, b], { batchSize: 4 });
    expect(await again.runOnce()).toBe(2);
    expect(await seen('a')).toBe(16);
    expect((await again.status()).map((s) => [s.name, s.handled, s.lag])).toEqual([
      ['a', 16, 0],
      ['b', 16, 0],
    ]);
  });

  it('rolls a failed batch back with its checkpoint, then handles it again', async () => {
    const c = new Recorder('c');
    const feed = new LogFeed(ds, [c], { batchSize: 100 });
    c.failNext = true;
    await expect(feed.runOnce()).rejects.toThrow('handler failed');
    expect(await seen('c')).toBe(0);
    await feed.catchUp();
    expect(await seen('c')).toBe(16);
  });

  it('two feeds racing over the same handler never handle an event twice', async () => {
    for (let i = 0; i < 10; i++) await store.append(`race-${i}`, 'no-stream', [counted(i + 1)]);
    const d = new Recorder('d');
    const one = new LogFeed(ds, [d], { batchSize: 3 });
    const two = new LogFeed(ds, [d], { batchSize: 3 });
    await Promise.all([one.catchUp(), two.catchUp(), one.catchUp()]);
    expect(await seen('d')).toBe(26);
  });

  it('the live loop picks up new events when nudged', async () => {
    const e = new Recorder('e');
    const feed = new LogFeed(ds, [e], { pollMs: 60_000 });
    await feed.catchUp();
    feed.start();
    await store.append('live-1', 'no-stream', [counted(1)]);
    feed.nudge();
    for (let i = 0; i < 200 && (await seen('e')) < 27; i++) {
      await new Promise((r) => setTimeout(r, 25));
    }
    await feed.stop();
    expect(await seen('e')).toBe(27);
  });
});
