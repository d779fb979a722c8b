import { isDeepStrictEqual } from 'node:util';
import {
  evolve,
  foldItem,
  initialProjectState,
  upcast,
  type ProjectState,
  type SupervisionItemEvent,
} from '@luodi/domain';
import { EventStore } from '@luodi/event-store';
import type { DataSource } from 'typeorm';
import { EVENT_OF, type LoadResult } from './load';

/**
 * The invariants a crash, an outage or a full disk must not break, checked on the database
 * after the load. Each check returns its violations (empty when all is well), so a failure
 * names every broken project at once.
 */

interface LogRow {
  stream_id: string;
  version: number;
  type: string;
  schema_version: number;
  data: unknown;
  event_id: string;
  position: string;
  correlation_id: string | null;
}

const PROJECT_PREFIX = 'project-';
const ITEM_PREFIX = 'supervision-item-';

async function streamEvents(ds: DataSource, prefix: string): Promise<Map<string, LogRow[]>> {
  const rows: LogRow[] = await ds.query(
    `SELECT stream_id, version, type, schema_version, data, event_id, position::text AS position,
            metadata->>'correlationId' AS correlation_id
     FROM events WHERE stream_id LIKE $1 ORDER BY stream_id, version`,
    [`${prefix}%`],
  );
  const streams = new Map<string, LogRow[]>();
  for (const row of rows) {
    const list = streams.get(row.stream_id) ?? [];
    list.push(row);
    streams.set(row.stream_id, list);
  }
  return streams;
}

/**
 * Every acknowledged command's event is in the log exactly once, at the version the answer
 * gave, of the right type, written by that request; a command whose answer was lost either
 * committed once or left nothing; no event in the load's projects comes from anywhere else.
 */
export async function checkLogAgainstLoad(ds: DataSource, load: LoadResult): Promise<string[]> {
  const problems: string[] = [];
  const streams = await streamEvents(ds, PROJECT_PREFIX);
  const byRequest = new Map<string, LogRow[]>();
  for (const rows of streams.values()) {
    for (const row of rows) {
      const key = row.correlation_id ?? '(none)';
      byRequest.set(key, [...(byRequest.get(key) ?? []), row]);
    }
  }
  const requestIds = new Set(load.records.map((r) => r.requestId));
  for (const [requestId, rows] of byRequest) {
    if (!requestIds.has(requestId)) {
      problems.push(`${rows.length} event(s) written by ${requestId}, which the load never sent`);
    } else if (rows.length !== 1) {
      problems.push(
        `${requestId} wrote ${rows.length} events: ${rows.map((r) => `${r.stream_id}@${r.version}`).join(', ')}`,
      );
    }
  }
  for (const record of load.records) {
    const rows = byRequest.get(record.requestId) ?? [];
    const name = `${record.requestId} (${record.outcome})`;
    if (record.outcome === 'pending') problems.push(`${name} never finished`);
    if (record.outcome !== 'acknowledged' && record.outcome !== 'committed-unacknowledged')
      continue;
    const row = rows[0];
    if (!row) {
      problems.push(`${name}: acknowledged as version ${String(record.version)}, not in the log`);
      continue;
    }
    const expected = `project-${record.projectId}@${record.expectedVersion + 1} ${EVENT_OF[record.step]}`;
    const actual = `${row.stream_id}@${row.version} ${row.type}`;
    if (actual !== expected) problems.push(`${name}: expected ${expected}, the log has ${actual}`);
    if (record.outcome === 'acknowledged' && record.version !== record.expectedVersion + 1) {
      problems.push(
        `${name}: answered version ${String(record.version)}, expected ${record.expectedVersion + 1}`,
      );
    }
  }
  for (const [streamId, rows] of streams) {
    rows.forEach((row, i) => {
      if (row.version !== i + 1) problems.push(`${streamId}: version ${row.version} at index ${i}`);
    });
  }
  return problems;
}

/** Every hash chain verifies (versions contiguous, each hash over its predecessor's). */
export async function checkHashChains(ds: DataSource): Promise<string[]> {
  const result = await new EventStore(ds).verifyAll();
  return result.ok ? [] : [`hash chain broken: ${JSON.stringify(result.firstBroken)}`];
}

const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;

/**
 * The read models written in the same transaction as their events equal a fold of the log:
 * project_list (version and state) for every project, supervision_items for every item.
 */
export async function checkTransactionalReadModels(ds: DataSource): Promise<string[]> {
  const problems: string[] = [];
  const projects = await streamEvents(ds, PROJECT_PREFIX);
  const list: Array<{ id: string; version: number; state: unknown }> = await ds.query(
    `SELECT id::text AS id, version, state FROM project_list`,
  );
  const rows = new Map(list.map((r) => [r.id, r]));
  for (const [streamId, events] of projects) {
    const id = streamId.slice(PROJECT_PREFIX.length);
    const state = events.reduce<ProjectState>(
      (s, e) => evolve(s, upcast(e.type, e.schema_version, e.data)),
      initialProjectState(),
    );
    const row = rows.get(id);
    rows.delete(id);
    if (!row) problems.push(`project_list has no row for ${id} (log at version ${events.length})`);
    else if (row.version !== events.length) {
      problems.push(
        `project_list says ${id} is at version ${row.version}, the log ${events.length}`,
      );
    } else if (!isDeepStrictEqual(row.state, asJson(state))) {
      problems.push(`project_list state of ${id} differs from the fold of its events`);
    }
  }
  for (const id of rows.keys()) problems.push(`project_list row ${id} has no events`);

  const items = await streamEvents(ds, ITEM_PREFIX);
  const itemRows: Array<{ item_id: string; version: number; state: unknown }> = await ds.query(
    `SELECT item_id::text AS item_id, version, state FROM supervision_items`,
  );
  const byItem = new Map(itemRows.map((r) => [r.item_id, r]));
  for (const [streamId, events] of items) {
    const id = streamId.slice(ITEM_PREFIX.length);
    const item = foldItem(
      events.map(
        (e) =>
          ({ type: e.type, schemaVersion: e.schema_version, data: e.data }) as SupervisionItemEvent,
      ),
    );
    const row = byItem.get(id);
    byItem.delete(id);
    if (!row) problems.push(`supervision_items has no row for ${id}`);
    else if (row.version !== events.length) {
      problems.push(
        `supervision item ${id} is at version ${row.version}, its stream ${events.length}`,
      );
    } else if (!isDeepStrictEqual(row.state, asJson(item))) {
      problems.push(`supervision item ${id} differs from the fold of its events`);
    }
  }
  for (const id of byItem.keys()) problems.push(`supervision_items row ${id} has no events`);
  return problems;
}

/** Every stored idempotent answer points at the event its request wrote (same transaction). */
export async function checkIdempotencyRecords(ds: DataSource): Promise<string[]> {
  const rows: Array<{
    key: string;
    status: number;
    id: string | null;
    version: number | null;
    found: string | null;
  }> = await ds.query(
    `SELECT k.key, k.status, k.body->>'id' AS id, (k.body->>'version')::int AS version,
              e.metadata->>'correlationId' AS found
       FROM idempotency_keys k
       LEFT JOIN events e ON e.stream_id = 'project-' || (k.body->>'id') AND e.version = (k.body->>'version')::int
       WHERE k.key LIKE 'fault-%'`,
  );
  return rows
    .filter((r) => r.found !== r.key)
    .map(
      (r) =>
        `idempotency record ${r.key} (${r.status}, ${r.id}@${r.version}) has no matching event (found ${r.found})`,
    );
}

/** All of the above; the facts read model and Kafka are checked separately. */
export async function checkInvariants(ds: DataSource, load: LoadResult): Promise<string[]> {
  return [
    ...(await checkLogAgainstLoad(ds, load)),
    ...(await checkHashChains(ds)),
    ...(await checkTransactionalReadModels(ds)),
    ...(await checkIdempotencyRecords(ds)),
  ];
}

/** The project events of the log in stream order: what the relay must have published. */
export async function projectEvents(
  ds: DataSource,
): Promise<Array<{ projectId: string; version: number; eventId: string; position: string }>> {
  const streams = await streamEvents(ds, PROJECT_PREFIX);
  return [...streams.values()].flat().map((row) => ({
    projectId: row.stream_id.slice(PROJECT_PREFIX.length),
    version: row.version,
    eventId: row.event_id,
    position: row.position,
  }));
}

/** Rows of the facts read model's active generation (facts and project states), in a form that compares exactly. */
export async function factsSnapshot(
  ds: DataSource,
): Promise<{ generation: number; rows: unknown[] }> {
  const registry: Array<{ generation: number }> = await ds.query(
    `SELECT generation FROM projections WHERE name = 'facts'`,
  );
  const generation = registry[0]?.generation;
  if (generation === undefined) throw new Error('the facts projection is not registered');
  const rows: unknown[] = await ds.query(
    `SELECT position::text, tx_id::text, project_id, version, type, occurred_on::text, recorded_at::text,
            stage, amount_yuan::text, currency, region_code, industry_chain, name, issue_id, detail::text
     FROM rm_facts_g${generation} ORDER BY position`,
  );
  // The project states folded from those facts, which the reports read.
  const states: unknown[] = await ds.query(
    `SELECT project_id, valid::text, region_code, snapshot::text
     FROM rm_project_states_g${generation} ORDER BY project_id, valid`,
  );
  return { generation, rows: [...rows, ...states] };
}

/** Differences between two facts snapshots, described for a failure message. */
export function compareFacts(live: unknown[], rebuilt: unknown[]): string[] {
  const key = (row: unknown) => JSON.stringify(row);
  const a = new Set(live.map(key));
  const b = new Set(rebuilt.map(key));
  const missing = [...b].filter((row) => !a.has(row));
  const extra = [...a].filter((row) => !b.has(row));
  return [
    ...missing.slice(0, 10).map((row) => `the live facts lack ${row}`),
    ...extra.slice(0, 10).map((row) => `the live facts have ${row}, a rebuild does not`),
    ...(missing.length + extra.length > 20
      ? [`(${missing.length} missing, ${extra.length} extra in all)`]
      : []),
  ];
}
