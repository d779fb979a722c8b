import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The event log, the per-stream version row appenders lock, and aggregate snapshots. */
export class CreateEventStore1763700000000 implements MigrationInterface {
  name = 'CreateEventStore1763700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE streams (
        stream_id  text        PRIMARY KEY,
        version    integer     NOT NULL CHECK (version >= 1),
        -- recorded_at of the stream's last event; keeps recorded_at monotonic per stream.
        updated_at timestamptz NOT NULL
      );

      CREATE TABLE events (
        position       bigserial   PRIMARY KEY,
        event_id       uuid        NOT NULL,
        stream_id      text        NOT NULL,
        version        integer     NOT NULL CHECK (version >= 1),
        type           text        NOT NULL,
        schema_version integer     NOT NULL,
        data           jsonb       NOT NULL,
        metadata       jsonb       NOT NULL DEFAULT '{}',
        occurred_on    date,
        recorded_at    timestamptz NOT NULL,
        tx_id          xid8        NOT NULL DEFAULT pg_current_xact_id(),
        hash           text        NOT NULL,
        CONSTRAINT events_event_id_key UNIQUE (event_id),
        CONSTRAINT events_stream_version_key UNIQUE (stream_id, version)
      );
      -- Commit-safe log reading: WHERE tx_id < xmin ORDER BY (tx_id, position).
      CREATE INDEX events_tx_position_idx ON events (tx_id, position);

      CREATE TABLE snapshots (
        stream_id        text        NOT NULL,
        snapshot_type    text        NOT NULL,
        snapshot_version integer     NOT NULL,
        version          integer     NOT NULL,
        state            jsonb       NOT NULL,
        -- recorded_at of the last event folded in: a knownAt load may use it only if earlier.
        last_recorded_at timestamptz NOT NULL,
        created_at       timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (stream_id, snapshot_type)
      );
    `);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE snapshots; DROP TABLE events; DROP TABLE streams;`);
  }
}
