import { Injectable } from '@nestjs/common';
import {
  byCodeUnits,
  evolveItem,
  type SupervisionItem,
  type SupervisionItemEvent,
} from '@luodi/domain';
import { EventStore, type EventMetadata } from '@luodi/event-store';
import { DataSource, type EntityManager } from 'typeorm';

export const SUPERVISION_ITEM_STREAM_PREFIX = 'supervision-item-';
export const itemStreamId = (itemId: string): string =>
  `${SUPERVISION_ITEM_STREAM_PREFIX}${itemId}`;

export interface LoadedItem {
  item: SupervisionItem;
  version: number;
}

interface ItemRow {
  state: SupervisionItem | string;
  version: number;
}

const parse = (row: ItemRow): LoadedItem => ({
  item: typeof row.state === 'string' ? (JSON.parse(row.state) as SupervisionItem) : row.state,
  version: row.version,
});

/**
 * 督办 items as event streams (`supervision-item-<id>`) with their read model, written in the
 * same transaction as the events. Every method works inside the caller's transaction.
 */
@Injectable()
export class SupervisionItemsRepository {
  constructor(
    private readonly store: EventStore,
    private readonly db: DataSource,
  ) {}

  /** Outside transactions only. */
  async projectName(projectId: string): Promise<string | null> {
    const rows: Array<{ name: string }> = await this.db.query(
      `SELECT name FROM project_list WHERE id = $1`,
      [projectId],
    );
    return rows[0]?.name ?? null;
  }

  async load(manager: EntityManager, itemId: string): Promise<LoadedItem | undefined> {
    const rows: ItemRow[] = await manager.query(
      `SELECT state, version FROM supervision_items WHERE item_id = $1`,
      [itemId],
    );
    return rows[0] ? parse(rows[0]) : undefined;
  }

  /** Open project and problem items of these projects (meeting decisions are judged apart). */
  async openOfProjects(
    manager: EntityManager,
    projectIds: readonly string[],
  ): Promise<LoadedItem[]> {
    const rows: ItemRow[] = await manager.query(
      `SELECT state, version FROM supervision_items
       WHERE project_id = ANY($1::uuid[]) AND status <> 'CLOSED' AND kind <> 'DECISION'`,
      [projectIds],
    );
    return rows.map(parse);
  }

  async openDecisions(manager: EntityManager): Promise<LoadedItem[]> {
    const rows: ItemRow[] = await manager.query(
      `SELECT state, version FROM supervision_items WHERE kind = 'DECISION' AND status <> 'CLOSED'`,
    );
    return rows.map(parse);
  }

  /**
   * For each (rule, subject) of these subjects, keyed `rule|subject`: how many items it has had
   * (open ones included; not one that cleared the day it was raised, as when history is entered
   * after the fact) and the date of their latest step.
   */
  async itemHistory(
    manager: EntityManager,
    subjectIds: readonly string[],
  ): Promise<Map<string, { count: number; latestStepOn: string }>> {
    const rows: Array<{ rule_id: string; subject_id: string; n: number; latest: string }> =
      await manager.query(
        `SELECT rule_id, subject_id,
         count(*) FILTER (WHERE NOT (state->>'closure' = 'CLEARED' AND closed_on = raised_on))::int AS n,
         max(state->>'lastStepOn') AS latest
       FROM supervision_items WHERE subject_id = ANY($1::text[]) GROUP BY rule_id, subject_id`,
        [subjectIds],
      );
    return new Map(
      rows.map((r) => [`${r.rule_id}|${r.subject_id}`, { count: r.n, latestStepOn: r.latest }]),
    );
  }

  /** Appends one event to an item (a new item when `current` is absent) and updates the read model. */
  async append(
    manager: EntityManager,
    current: LoadedItem | undefined,
    event: SupervisionItemEvent,
    metadata: EventMetadata,
  ): Promise<LoadedItem> {
    const itemId = event.data.itemId;
    const result = await this.store.appendIn(
      manager,
      itemStreamId(itemId),
      current?.version ?? 'no-stream',
      [
        {
          type: event.type,
          schemaVersion: event.schemaVersion,
          data: event.data,
          metadata,
          occurredOn: event.data.occurredOn,
        },
      ],
    );
    const item = evolveItem(current?.item, event);
    if (!item) throw new Error(`${event.type} for item ${itemId}, which was never raised`);
    const loaded = { item, version: result.nextExpectedVersion };
    await this.save(manager, loaded);
    return loaded;
  }

  private async save(manager: EntityManager, { item, version }: LoadedItem): Promise<void> {
    await manager.query(
      `INSERT INTO supervision_items (item_id, rule_id, kind, subject_id, project_id, region_code, severity,
         status, escalation_level, responsible_unit, due_on, raised_on, closed_on, meeting_date, version, state)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       ON CONFLICT (item_id) DO UPDATE SET severity = $7, status = $8, escalation_level = $9,
         responsible_unit = $10, due_on = $11, closed_on = $13, version = $15, state = $16, updated_at = now()`,
      [
        item.itemId,
        item.ruleId,
        item.kind,
        item.subjectId,
        item.projectId,
        item.regionCode,
        item.severity,
        item.status,
        item.escalationLevel,
        item.responsibleUnit,
        item.dueOn,
        item.raisedOn,
        item.closedOn,
        item.meetingDate,
        version,
        JSON.stringify(item),
      ],
    );
  }

  /** The light of each project from its open items: red, else yellow, else green. */
  async refreshLights(manager: EntityManager, projectIds: readonly string[]): Promise<void> {
    if (projectIds.length === 0) return;
    await manager.query(
      `UPDATE project_list p SET light = COALESCE((
         SELECT CASE WHEN bool_or(i.severity = 'RED') THEN 'RED'
                     WHEN bool_or(i.severity = 'YELLOW') THEN 'YELLOW' END
         FROM supervision_items i WHERE i.project_id = p.id AND i.status <> 'CLOSED'), 'GREEN')
       WHERE p.id = ANY($1::uuid[])`,
      [projectIds],
    );
  }

  /** Every item of a project as it stood at (asOf, knownAt), folded from its streams. */
  async itemsOfProjectAt(
    manager: EntityManager,
    projectId: string,
    at: ItemsAt,
  ): Promise<SupervisionItem[]> {
    const ids: Array<{ item_id: string }> = await manager.query(
      `SELECT item_id FROM supervision_items WHERE project_id = $1`,
      [projectId],
    );
    return ids.length === 0
      ? []
      : this.itemsAt(
          manager,
          at,
          ids.map((r) => itemStreamId(r.item_id)),
        );
  }

  /**
   * Items as they stood at (asOf, knownAt): the steps dated on or before asOf and recorded by
   * knownAt, folded from the item streams (all of them, or the given ones).
   */
  async itemsAt(
    manager: EntityManager,
    at: ItemsAt,
    streamIds?: readonly string[],
  ): Promise<SupervisionItem[]> {
    // Sorted here rather than by PostgreSQL, whose sort of 10,000 events spilled to disk.
    const rows: Array<{ stream_id: string; version: number; type: string; data: unknown }> =
      await manager.query(itemEventsSql(streamIds !== undefined), [
        at.asOf ?? null,
        at.knownAt?.toISOString() ?? null,
        ...(streamIds ? [streamIds] : []),
      ]);
    rows.sort((a, b) => byCodeUnits(a.stream_id, b.stream_id) || a.version - b.version);
    const items = new Map<string, SupervisionItem | undefined>();
    for (const row of rows) {
      const data: unknown = typeof row.data === 'string' ? JSON.parse(row.data) : row.data;
      const event = { type: row.type, schemaVersion: 1, data } as SupervisionItemEvent;
      items.set(row.stream_id, evolveItem(items.get(row.stream_id), event));
    }
    return [...items.values()].filter((i): i is SupervisionItem => i !== undefined);
  }
}

export interface ItemsAt {
  asOf?: string;
  knownAt?: Date;
}

/**
 * The item events dated by $1 (asOf) and recorded by $2 (knownAt): of the streams in $3, or
 * of every item stream. The prefix must read as the predicate of the partial index
 * events_item_streams_idx (migration 1766000000000) for PostgreSQL to use it.
 */
export function itemEventsSql(byStreamIds: boolean): string {
  return `SELECT events.stream_id, events.version, events.type, events.data FROM events
    WHERE ${byStreamIds ? 'events.stream_id = ANY($3::text[])' : `events.stream_id LIKE '${SUPERVISION_ITEM_STREAM_PREFIX}%'`}
      AND ($1::date IS NULL OR events.occurred_on <= $1::date)
      AND ($2::timestamptz IS NULL OR events.recorded_at <= $2::timestamptz)`;
}
