import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The secret that signs short-lived report links. Kept in the database (not in each process) so
 * every API process accepts the links of the others and a restart does not break them. The app
 * writes the secret on first use; deleting the row invalidates every link handed out.
 */
export class CreateLinkSigningKey1765000000000 implements MigrationInterface {
  name = 'CreateLinkSigningKey1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE link_signing_keys (
        id smallint PRIMARY KEY CHECK (id = 1),
        secret bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE link_signing_keys`);
  }
}
