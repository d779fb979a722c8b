import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Messaging state. `relays`: each relay's checkpoint in the log and the lease that lets one
 * instance publish while others wait as hot standbys. `log_feeds`: the checkpoint of each
 * handler fed straight from the log (single-process mode). `consumer_inbox`: the events each
 * Kafka consumer has processed, written in the same transaction as its read-model change, so
 * a redelivered event (same ce_id) is dropped.
 */
export class CreateMessaging1763900000000 implements MigrationInterface {
  name = 'CreateMessaging1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE relays (
        name text PRIMARY KEY,
        holder text,
        lease_expires_at timestamptz,
        tx_id xid8,
        position bigint,
        published bigint NOT NULL DEFAULT 0,
        last_published_at timestamptz,
        last_error text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE log_feeds (
        name text PRIMARY KEY,
        tx_id xid8,
        position bigint,
        handled bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE consumer_inbox (
        consumer text NOT NULL,
        event_id uuid NOT NULL,
        processed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (consumer, event_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE consumer_inbox; DROP TABLE log_feeds; DROP TABLE relays`);
  }
}
