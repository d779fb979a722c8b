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
