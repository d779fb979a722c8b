// Writes a generated data set straight into a migrated database: reference data through the
// repositories, events with their hash chains exactly as the event store writes them, the
// streams rows and the project list. Going through the REST API would take hours at 100k
// projects; the events are still decided by the domain (see generate.ts).

import { moneyFromWan } from '@luodi/domain';
import { hashApiKey, generateApiKey } from '@luodi/app/auth/api-key';
import { ClientsRepository } from '@luodi/app/auth/clients.repository';
import { projectStreamId } from '@luodi/app/projects/project.repository';
import { ProjectListProjection } from '@luodi/app/projects/project-list.projection';
import { ReferenceRepository } from '@luodi/app/reference/reference.repository';
import { AMOUNT_INDICATORS, type TargetIndicator } from '@luodi/app/reference/reference.dto';
import { RegionsRepository } from '@luodi/app/reference/regions.repository';
import type { DataSource, EntityManager } from 'typeorm';
import { eventHash, isoMicros, toJsonValue } from '../../libs/event-store/src/event-hash.util';
import { seededUuid, DATASET_VERSION, type Dataset, type GeneratedProject } from './generate';
import { Rng } from '@luodi/app/demo/prng';
import type { Progress } from '../progress';

/** Projects a transaction: about 10,000 events. */
const PROJECTS_PER_TRANSACTION = 500;
/** Rows an INSERT: 10 parameters each, far under PostgreSQL's 65535. */
const ROWS_PER_INSERT = 1000;

export interface LoadSummary {
  projects: number;
  events: number;
  refused: number;
  seconds: number;
}

/** Loads the data set, reporting progress in projects; records what was loaded. */
export async function loadDataset(
  db: DataSource,
  dataset: Dataset,
  progress: Progress,
): Promise<LoadSummary> {
  const started = performance.now();
  await loadReference(db, dataset);
  const loader = await new ClientsRepository(db).create({
    name: 'bench-loader',
    scopes: ['projects:write'],
    regionCodes: [],
    keyHash: hashApiKey(generateApiKey()),
  });
  const list = new ProjectListProjection();
  let projects = 0;
  let events = 0;
  let refused = 0;
  let batch: GeneratedProject[] = [];
  const flush = async () => {
    await db.transaction((m) => writeProjects(m, batch, loader.id, list));
    batch = [];
    progress.update(projects);
  };
  progress.start(dataset.plan.projects.length);
  for (const project of dataset.projects()) {
    batch.push(project);
    projects += 1;
    events += project.events.length;
    refused += project.refused;
    if (batch.length === PROJECTS_PER_TRANSACTION) await flush();
  }
  if (batch.length > 0) await flush();
  progress.stop();
  // Statistics for the planner, as autovacuum would gather them on a live database.
  await db.query(`ANALYZE`);
  await db.query(
    `CREATE TABLE IF NOT EXISTS bench_dataset (size text, version int, seed int, projects int, events int)`,
  );
  await db.query(`INSERT INTO bench_dataset VALUES ($1, $2, $3, $4, $5)`, [
    dataset.size,
    DATASET_VERSION,
    dataset.plan.seed,
    projects,
    events,
  ]);
  return { projects, events, refused, seconds: (performance.now() - started) / 1000 };
}

async function loadReference(db: DataSource, dataset: Dataset): Promise<void> {
  const { plan } = dataset;
  const regions = new RegionsRepository(db);
  for (const r of plan.regions) {
    await regions.upsert({ code: r.code, name: r.name, parentCode: r.parentCode ?? null });
  }
  const reference = new ReferenceRepository(db);
  for (const c of plan.chains) await reference.upsertChain(c);
  for (const t of plan.targets) {
    const values: Partial<Record<TargetIndicator, number>> = {};
    for (const [k, v] of Object.entries(t.values) as Array<[TargetIndicator, number]>) {
      values[k] = AMOUNT_INDICATORS.has(k) ? moneyFromWan(v).yuan : v;
    }
    await reference.putTargets(plan.year, t.regionCode, values);
  }
}

type Row = unknown[];

async function writeProjects(
  m: EntityManager,
  projects: GeneratedProject[],
  actor: string,
  list: ProjectListProjection,
): Promise<void> {
  const rows: Row[] = [];
  const streams: Row[] = [];
  for (const p of projects) {
    const { eventRows, lastRecordedAt } = chain(p, actor);
    rows.push(...eventRows);
    streams.push([projectStreamId(p.id), p.events.length, lastRecordedAt]);
  }
  for (let i = 0; i < streams.length; i += ROWS_PER_INSERT) {
    await insertRows(
      m,
      'streams (stream_id, version, updated_at)',
      streams.slice(i, i + ROWS_PER_INSERT),
      ['', '::int', '::timestamptz'],
    );
  }
  for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
    await insertRows(
      m,
      'events (event_id, stream_id, version, type, schema_version, data, metadata, occurred_on, recorded_at, hash)',
      rows.slice(i, i + ROWS_PER_INSERT),
      ['::uuid', '', '::int', '', '::int', '::jsonb', '::jsonb', '::date', '::timestamptz', ''],
    );
  }
  for (const p of projects) {
    if (p.state.exists) await list.upsert(m, p.state, p.events.length);
  }
}

/** The stored rows of a project's stream: recorded in business-date order, hash-chained. */
function chain(p: GeneratedProject, actor: string): { eventRows: Row[]; lastRecordedAt: Date } {
  const rng = Rng.derive('bench-events', p.id);
  const streamId = projectStreamId(p.id);
  const metadata = toJsonValue({
    actor,
    actorName: 'bench-loader',
    correlationId: `bench-${p.index}`,
  });
  let previousHash = '';
  let recordedAt = new Date(0);
  const eventRows = p.events.map((event, index) => {
    const version = index + 1;
    const eventId = seededUuid(p.id, 'event', version);
    // Reported on its business day (09:00 + a few minutes), never before the previous event.
    const reported = new Date(`${event.data.occurredOn}T09:00:00+08:00`);
    reported.setUTCMinutes(reported.getUTCMinutes() + rng.int(0, 600));
    recordedAt = reported > recordedAt ? reported : new Date(recordedAt.getTime() + 1000);
    const data = toJsonValue(event.data);
    previousHash = eventHash(previousHash, {
      eventId,
      streamId,
      version,
      type: event.type,
      schemaVersion: event.schemaVersion,
      data,
      metadata,
      occurredOn: event.data.occurredOn,
      recordedAt: isoMicros(recordedAt),
    });
    return [
      eventId,
      streamId,
      version,
      event.type,
      event.schemaVersion,
      JSON.stringify(data),
      JSON.stringify(metadata),
      event.data.occurredOn,
      recordedAt,
      previousHash,
    ];
  });
  return { eventRows, lastRecordedAt: recordedAt };
}

async function insertRows(
  m: EntityManager,
  target: string,
  rows: Row[],
  casts: string[],
): Promise<void> {
  const params: unknown[] = [];
  const values = rows.map((row) => {
    const base = params.length;
    params.push(...row);
    return `(${casts.map((cast, i) => `$${base + i + 1}${cast}`).join(', ')})`;
  });
  await m.query(`INSERT INTO ${target} VALUES ${values.join(', ')}`, params);
}
