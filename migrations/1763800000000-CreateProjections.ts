import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The projection registry: which generation of each projection's tables serves reads, the
 * checkpoint it has reached in the log, and the rebuilds (with their progress). The
 * generation tables themselves (rm_<name>_g<n>) are created by the projector, so a rebuild
 * can build a fresh generation while the active one keeps serving.
 */
export class CreateProjections1763800000000 implements MigrationInterface {
  name = 'CreateProjections1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE projections (
        name text PRIMARY KEY,
        version integer NOT NULL,
        generation integer NOT NULL,
        tx_id xid8,
        position bigint,
        events_done bigint NOT NULL DEFAULT 0,
        switched_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE projection_rebuilds (
        name text NOT NULL,
        generation integer NOT NULL,
        version integer NOT NULL,
        status text NOT NULL,
        tx_id xid8,
        position bigint,
        events_done bigint NOT NULL DEFAULT 0,
        events_total bigint NOT NULL DEFAULT 0,
        error text,
        started_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        PRIMARY KEY (name, generation)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    const tables = (await q.query(
      `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'rm\\_%'`,
    )) as Array<{ tablename: string }>;
    for (const { tablename } of tables) await q.query(`DROP TABLE IF EXISTS "${tablename}"`);
    await q.query(`DROP TABLE IF EXISTS projection_rebuilds`);
    await q.query(`DROP TABLE IF EXISTS projections`);
  }
}
