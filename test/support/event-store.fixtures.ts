import type { DataSource } from 'typeorm';
import type { NewEvent } from '@luodi/event-store';

/** A test event: `Counted { amount }` with an optional business date. */
export function counted(amount: number, extra: Partial<NewEvent> = {}): NewEvent {
  return {
    type: 'Counted',
    schemaVersion: 1,
    data: { amount, note: `+${amount}` },
    metadata: { actor: 'tester', correlationId: 'corr-1' },
    occurredOn: '2025-11-21',
    ...extra,
  };
}

export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((done) => (resolve = done));
  return { promise, resolve };
}

export const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

export async function versionsOf(dataSource: DataSource, streamId: string): Promise<number[]> {
  const rows: Array<{ version: number }> = await dataSource.query(
    'SELECT version FROM events WHERE stream_id = $1 ORDER BY version',
    [streamId],
  );
  return rows.map((row) => row.version);
}
