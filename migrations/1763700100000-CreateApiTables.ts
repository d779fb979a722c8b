import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables of the REST API: clients and keys, reference data, idempotency, the project list. */
export class CreateApiTables1763700100000 implements MigrationInterface {
  name = 'CreateApiTables1763700100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE clients (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        scopes text[] NOT NULL,
        region_codes text[] NOT NULL DEFAULT '{}',
        key_hash text NOT NULL UNIQUE,
        bootstrap boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE regions (
        code text PRIMARY KEY,
        name text NOT NULL,
        parent_code text REFERENCES regions(code),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX regions_parent_idx ON regions (parent_code)`);
    await q.query(`
      CREATE TABLE industry_chains (
        code text PRIMARY KEY,
        name text NOT NULL,
        chain_leader text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE targets (
        year integer NOT NULL,
        region_code text NOT NULL REFERENCES regions(code),
        indicator text NOT NULL,
        value bigint NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (year, region_code, indicator)
      )`);
    await q.query(`
      CREATE TABLE idempotency_keys (
        client_id uuid NOT NULL,
        key text NOT NULL,
        request_hash text NOT NULL,
        status integer NOT NULL,
        body jsonb NOT NULL,
        headers jsonb NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (client_id, key)
      )`);
    await q.query(`
      CREATE TABLE project_list (
        id uuid PRIMARY KEY,
        seq bigserial NOT NULL UNIQUE,
        name text NOT NULL,
        investor_name text NOT NULL,
        stage text NOT NULL,
        region_code text NOT NULL,
        industry_chain text NOT NULL,
        source text NOT NULL,
        investment_yuan bigint NOT NULL,
        currency text NOT NULL,
        contract_yuan bigint,
        arrived_yuan bigint NOT NULL DEFAULT 0,
        lead_on date NOT NULL,
        signed_on date,
        register_by date,
        break_ground_by date,
        produce_by date,
        open_issues integer NOT NULL DEFAULT 0,
        external_ref text,
        version integer NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX project_list_region_idx ON project_list (region_code, seq)`);
    await q.query(`CREATE INDEX project_list_stage_idx ON project_list (stage, seq)`);
    await q.query(`CREATE INDEX project_list_chain_idx ON project_list (industry_chain, seq)`);
    await q.query(
      `CREATE INDEX project_list_external_ref_idx ON project_list (external_ref) WHERE external_ref IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'project_list',
      'idempotency_keys',
      'targets',
      'industry_chains',
      'regions',
      'clients',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
