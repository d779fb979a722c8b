// Appending to and loading one long stream, against plain SQL on the same rows; and what
// snapshots do for a long stream.

import { evolve, initialProjectState, type ProjectEvent, type ProjectState } from '@luodi/domain';
import { EventStore, type NewEvent, type StoredEvent } from '@luodi/event-store';
import { randomUUID } from 'node:crypto';
import { rawAppend } from '../baselines';
import { generateDataset, type GeneratedProject } from '../dataset/generate';
import { median, timed } from '../stats';
import type { SuiteContext } from './context';

const LENGTHS = [10, 100, 1000] as const;
const REPEAT = 25;

export async function streamSuite(ctx: SuiteContext): Promise<void> {
  const { db, results } = ctx;
  const store = new EventStore(db, { logger: { warn: () => undefined } });
  const figure = { benchmark: '1,000-event stream', database: ctx.target.label, size: ctx.size };
  const events = projectEvents(1000);

  // Append one event a transaction, as commands do; the baseline does the same in plain SQL.
  const long = `benchstream-${randomUUID()}`;
  const appendMs = await timed(async () => {
    for (let i = 0; i < events.length; i++)
      await store.append(long, i === 0 ? 'no-stream' : i, [events[i]!]);
  });
  const q = db.createQueryRunner();
  await q.connect();
  const rawStream = `bench-${randomUUID()}`;
  const rawMs = await timed(async () => {
    for (let i = 0; i < events.length; i++) await rawAppend(q, rawStream);
  });
  await q.release();
  results.add({
    ...figure,
    metric: 'ms an append (1 event, own transaction)',
    value: appendMs / events.length,
    baseline: { what: 'ms plain SQL', value: rawMs / events.length },
    ratio: rawMs / appendMs,
  });

  // Loading streams of 10, 100 and 1,000 events: plain read, then raw SELECT of the same rows.
  const streams = new Map<number, string>([[1000, long]]);
  for (const n of LENGTHS.filter((n) => n !== 1000)) {
    const id = `benchstream-${randomUUID()}`;
    await store.append(id, 'no-stream', events.slice(0, n));
    streams.set(n, id);
  }
  const loadMs = new Map<number, number>();
  for (const n of LENGTHS) {
    const id = streams.get(n)!;
    const load = await medianOf(() => store.readStream(id));
    const raw = await medianOf(() =>
      db.query(`SELECT * FROM events WHERE stream_id = $1 ORDER BY version`, [id]),
    );
    loadMs.set(n, load);
    results.add({
      ...figure,
      metric: `ms to load ${n} events`,
      value: load,
      baseline: { what: 'ms raw SELECT', value: raw },
      ratio: raw / load,
    });
  }
  // Linear: 10× the events may cost up to 10× the time (a fixed cost per load makes it less);
  // 10% over that is allowed for the noise of a shared machine.
  const growth = loadMs.get(1000)! / loadMs.get(100)!;
  results.add({
    ...figure,
    metric: '× load time for 10× the events (100 → 1,000)',
    value: growth,
    target: '≤ 10 (linear), 10% noise allowed',
    met: growth <= 11 && loadMs.get(100)! / loadMs.get(10)! <= 11,
    note: `10 → 100: × ${(loadMs.get(100)! / loadMs.get(10)!).toFixed(1)}`,
  });

  // A project folded from a snapshot: a long stream should cost what a short one does.
  const options = {
    initial: initialProjectState,
    evolve: (s: ProjectState, e: StoredEvent) =>
      evolve(s, { type: e.type, schemaVersion: e.schemaVersion, data: e.data } as ProjectEvent),
    snapshotType: 'bench-project',
    snapshotVersion: 1,
    snapshotEvery: 50,
  };
  const folded = new Map<number, { with: number; without: number }>();
  for (const n of [10, 1000]) {
    const id = streams.get(n)!;
    await store.loadAggregate(id, options); // writes the snapshot of a long stream
    folded.set(n, {
      with: await medianOf(() => store.loadAggregate(id, options)),
      without: await medianOf(() =>
        store.loadAggregate(id, { ...options, snapshotType: 'none', snapshotEvery: 1e9 }),
      ),
    });
  }
  const short = folded.get(10)!;
  const longFold = folded.get(1000)!;
  results.add({
    ...figure,
    metric: 'ms to load a 1,000-event project, no snapshot',
    value: longFold.without,
    baseline: { what: 'ms for 10 events', value: short.without },
  });
  const snapshotRatio = longFold.with / short.with;
  results.add({
    ...figure,
    metric: 'ms to load a 1,000-event project from its snapshot',
    value: longFold.with,
    baseline: { what: 'ms for 10 events', value: short.with },
    ratio: short.with / longFold.with,
    target: 'about the cost of a short stream (≤ 1.5×)',
    met: snapshotRatio <= 1.5,
  });
}

async function medianOf(work: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < REPEAT; i++) samples.push(await timed(work));
  return median(samples);
}

/** A real project's lead followed by its follow-up activities, repeated to `n` events. */
function projectEvents(n: number): NewEvent[] {
  const project: GeneratedProject = generateDataset('1k').projects().next().value;
  const lead = project.events[0]!;
  const activities = project.events.filter((e) => e.type === 'ActivityLogged');
  return Array.from({ length: n }, (_, i) => {
    const e: ProjectEvent = i === 0 ? lead : activities[i % activities.length]!;
    return {
      type: e.type,
      schemaVersion: e.schemaVersion,
      data: e.data,
      occurredOn: e.data.occurredOn,
    };
  });
}
