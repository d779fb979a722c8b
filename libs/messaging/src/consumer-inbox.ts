import type { EntityManager } from 'typeorm';

/**
 * Records that `consumer` processed `eventId`, inside the caller's transaction. False when it
 * already had: the event is a redelivery and must be dropped.
 */
export async function claimEvent(
  manager: EntityManager,
  consumer: string,
  eventId: string,
): Promise<boolean> {
  const rows: unknown[] = await manager.query(
    `INSERT INTO consumer_inbox (consumer, event_id) VALUES ($1, $2::uuid)
     ON CONFLICT (consumer, event_id) DO NOTHING RETURNING 1`,
    [consumer, eventId],
  );
  return rows.length === 1;
}

/**
 * claimEvent for many events in one statement: the ids this call claimed, as PostgreSQL prints
 * a uuid (lower case). An id not among them had been claimed before, or earlier in `eventIds`.
 */
export async function claimEvents(
  manager: EntityManager,
  consumer: string,
  eventIds: readonly string[],
): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  const rows: Array<{ event_id: string }> = await manager.query(
    `INSERT INTO consumer_inbox (consumer, event_id) SELECT $1, unnest($2::uuid[])
     ON CONFLICT (consumer, event_id) DO NOTHING RETURNING event_id`,
    [consumer, eventIds],
  );
  return new Set(rows.map((r) => r.event_id));
}
