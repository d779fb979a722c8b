import type { EntityManager } from 'typeorm';
import { eventHash } from './event-hash.util';
import { EVENT_COLUMNS, hashedContentOf, type EventRow } from './event-row.mapper';
import type { VerifyResult } from './event-store.types';

const PAGE = 1000;

type Broken = Extract<VerifyResult, { ok: false }>['firstBroken'];

/**
 * Recomputes every hash chain (one stream, or all), walking streams in (stream_id, version)
 * order a page at a time so memory stays flat. Each event is checked against the STORED
 * hash of its predecessor: an edited event fails itself; an edited event whose hash was
 * also recomputed fails its successor. Versions must run 1, 2, 3... (a deleted row shows).
 * Reports the broken event with the lowest global position; `checked` counts every event.
 */
export async function verifyChains(
  manager: EntityManager,
  streamId?: string,
): Promise<VerifyResult> {
  let checked = 0;
  let firstBroken: Broken | null = null;
  let cursor: { streamId: string; version: number } | null = null;
  let head = null as ChainHead | null;

  for (;;) {
    const rows = await page(manager, streamId, cursor);
    for (const row of rows) {
      checked += 1;
      const previous: ChainHead | null = head?.streamId === row.stream_id ? head : null;
      const reason = brokenReason(row, previous);
      if (reason !== null && !previous?.broken && isEarlier(row.position, firstBroken)) {
        firstBroken = {
          position: row.position,
          streamId: row.stream_id,
          version: row.version,
          eventId: row.event_id,
          reason,
        };
      }
      head = {
        streamId: row.stream_id,
        version: row.version,
        hash: row.hash,
        broken: (previous?.broken ?? false) || reason !== null,
      };
    }
    const last = rows[rows.length - 1];
    if (!last || rows.length < PAGE) break;
    cursor = { streamId: last.stream_id, version: last.version };
  }
  return firstBroken ? { ok: false, checked, firstBroken } : { ok: true, checked };
}

interface ChainHead {
  streamId: string;
  version: number;
  hash: string;
  /** Only the first break of a stream is reported. */
  broken: boolean;
}

function brokenReason(row: EventRow, previous: ChainHead | null): string | null {
  const expectedVersion = (previous?.version ?? 0) + 1;
  if (row.version !== expectedVersion)
    return `version ${row.version} follows ${expectedVersion - 1}`;
  const expectedHash = eventHash(previous?.hash ?? '', hashedContentOf(row));
  return expectedHash === row.hash ? null : 'hash does not match content';
}

function isEarlier(position: string, current: Broken | null): boolean {
  return current === null || BigInt(position) < BigInt(current.position);
}

function page(
  manager: EntityManager,
  streamId: string | undefined,
  cursor: { streamId: string; version: number } | null,
): Promise<EventRow[]> {
  const params: unknown[] = [PAGE];
  const where: string[] = [];
  if (streamId !== undefined) {
    params.push(streamId);
    where.push(`stream_id = $${params.length}`);
  }
  if (cursor) {
    params.push(cursor.streamId, cursor.version);
    where.push(`(stream_id, version) > ($${params.length - 1}, $${params.length})`);
  }
  return manager.query(
    `SELECT ${EVENT_COLUMNS} FROM events
     ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY stream_id, version
     LIMIT $1`,
    params,
  );
}
