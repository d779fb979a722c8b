import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Supervision (督查督办). `supervision_items`: the read model of the item streams, written in the
 * same transaction as their events; at most one open item per (rule, subject). `project_list`
 * gains the project state (so an evaluation reads every project in one query) and its light,
 * which the open items decide. `supervision_evaluations`: a record of each evaluation run.
 */
export class CreateSupervision1764000000000 implements MigrationInterface {
  name = 'CreateSupervision1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE project_list ADD COLUMN state jsonb`);
    await q.query(`ALTER TABLE project_list ADD COLUMN light text NOT NULL DEFAULT 'GREEN'`);
    await q.query(`CREATE INDEX project_list_light_idx ON project_list (light, seq)`);
    await q.query(`
      CREATE TABLE supervision_items (
        item_id uuid PRIMARY KEY,
        seq bigserial NOT NULL UNIQUE,
        rule_id text NOT NULL,
        kind text NOT NULL,
        subject_id text NOT NULL,
        project_id uuid,
        region_code text NOT NULL,
        severity text NOT NULL,
        status text NOT NULL,
        escalation_level text NOT NULL,
        responsible_unit text,
        due_on date,
        raised_on date NOT NULL,
        closed_on date,
        meeting_date date,
        version integer NOT NULL,
        state jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX supervision_items_open_key ON supervision_items (rule_id, subject_id) WHERE status <> 'CLOSED'`,
    );
    await q.query(
      `CREATE INDEX supervision_items_subject_idx ON supervision_items (rule_id, subject_id)`,
    );
    await q.query(
      `CREATE INDEX supervision_items_project_idx ON supervision_items (project_id, status)`,
    );
    await q.query(
      `CREATE INDEX supervision_items_region_idx ON supervision_items (region_code, seq)`,
    );
    await q.query(
      `CREATE INDEX supervision_items_meeting_idx ON supervision_items (meeting_date) WHERE kind = 'DECISION'`,
    );
    await q.query(`
      CREATE TABLE supervision_evaluations (
        id bigserial PRIMARY KEY,
        evaluated_at timestamptz NOT NULL,
        trigger text NOT NULL,
        rules_version integer NOT NULL,
        projects integer NOT NULL,
        raised integer NOT NULL,
        escalated integer NOT NULL,
        cleared integer NOT NULL,
        started_at timestamptz NOT NULL,
        finished_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE supervision_evaluations; DROP TABLE supervision_items`);
    await q.query(`DROP INDEX project_list_light_idx`);
    await q.query(`ALTER TABLE project_list DROP COLUMN light, DROP COLUMN state`);
  }
}
