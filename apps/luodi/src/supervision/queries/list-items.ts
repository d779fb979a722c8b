import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { SupervisionItem } from '@luodi/domain';
import { DataSource } from 'typeorm';
import type { Principal } from '../../auth/scopes';
import { decodeCursor, pageOf, SqlFilter } from '../../common/pagination';
import { inScope, itemNotFound, RegionScopeService } from '../../reference/region-scope.service';
import { RegionsRepository } from '../../reference/regions.repository';
import { toItemDto } from '../item.mapper';
import type {
  ListItemsParams,
  SupervisionItemDto,
  SupervisionItemListDto,
} from '../supervision.dto';

interface Row {
  state: SupervisionItem | string;
  version: number;
  seq: string;
  project_name: string | null;
}

const fromRow = (row: Row, today: string): SupervisionItemDto =>
  toItemDto(
    typeof row.state === 'string' ? (JSON.parse(row.state) as SupervisionItem) : row.state,
    row.version,
    row.project_name,
    today,
  );

const SELECT = `SELECT i.state, i.version, i.seq::text AS seq, p.name AS project_name
  FROM supervision_items i LEFT JOIN project_list p ON p.id = i.project_id`;

/** The supervision queue: filtered, region-scoped, newest first, cursor-paginated. */
export class ListItemsQuery extends Query<SupervisionItemListDto> {
  constructor(
    readonly params: ListItemsParams,
    readonly principal: Principal,
    readonly today: string,
    /** Only the decisions of this meeting (GET /meetings/{date}/decisions). */
    readonly meetingDate?: string,
  ) {
    super();
  }
}

@QueryHandler(ListItemsQuery)
export class ListItemsHandler implements IQueryHandler<ListItemsQuery, SupervisionItemListDto> {
  constructor(
    private readonly db: DataSource,
    private readonly regions: RegionsRepository,
    private readonly regionScope: RegionScopeService,
  ) {}

  async execute({
    params,
    principal,
    today,
    meetingDate,
  }: ListItemsQuery): Promise<SupervisionItemListDto> {
    const limit = params.limit ?? 50;
    const filter = new SqlFilter();
    const add = filter.add.bind(filter);
    const scope = await this.regionScope.scopeOf(principal);
    if (!scope.all) add((n) => `i.region_code = ANY(${n})`, [...scope.codes]);
    // Region codes are public: asking for a region outside the key's is 403, not an empty list.
    if (params.regionCode !== undefined)
      await this.regionScope.assertAllowed(principal, params.regionCode);
    if (params.regionCode !== undefined)
      add(
        (n) => `i.region_code = ANY(${n})`,
        await this.regions.withDescendants([params.regionCode]),
      );
    if (params.status === 'OPEN') filter.raw(`i.status <> 'CLOSED'`);
    else if (params.status !== undefined) add((n) => `i.status = ${n}`, params.status);
    if (params.severity !== undefined) add((n) => `i.severity = ${n}`, params.severity);
    if (params.kind !== undefined) add((n) => `i.kind = ${n}`, params.kind);
    if (params.ruleId !== undefined) add((n) => `i.rule_id = ${n}`, params.ruleId);
    if (params.escalationLevel !== undefined)
      add((n) => `i.escalation_level = ${n}`, params.escalationLevel);
    if (params.projectId !== undefined) add((n) => `i.project_id = ${n}::uuid`, params.projectId);
    if (params.overdue === 'true')
      add((n) => `i.status <> 'CLOSED' AND i.due_on < ${n}::date`, today);
    if (params.overdue === 'false')
      add((n) => `NOT (i.status <> 'CLOSED' AND i.due_on < ${n}::date)`, today);
    if (meetingDate !== undefined)
      add((n) => `i.kind = 'DECISION' AND i.meeting_date = ${n}::date`, meetingDate);
    if (params.cursor !== undefined) add((n) => `i.seq < ${n}`, decodeCursor(params.cursor));
    const limitParam = filter.bind(limit + 1);
    const rows: Row[] = await this.db.query(
      `${SELECT} ${filter.where()} ORDER BY i.seq DESC LIMIT ${limitParam}`,
      filter.args,
    );
    const { page, nextCursor } = pageOf(rows, limit);
    return { items: page.map((row) => fromRow(row, today)), nextCursor };
  }
}

export class GetItemQuery extends Query<SupervisionItemDto> {
  constructor(
    readonly itemId: string,
    readonly principal: Principal,
    readonly today: string,
  ) {
    super();
  }
}

@QueryHandler(GetItemQuery)
export class GetItemHandler implements IQueryHandler<GetItemQuery, SupervisionItemDto> {
  constructor(
    private readonly db: DataSource,
    private readonly regionScope: RegionScopeService,
  ) {}

  async execute({ itemId, principal, today }: GetItemQuery): Promise<SupervisionItemDto> {
    const [rows, scope] = await Promise.all([
      this.db.query<Row[]>(`${SELECT} WHERE i.item_id = $1`, [itemId]),
      this.regionScope.scopeOf(principal),
    ]);
    const row = rows[0];
    const dto = row && fromRow(row, today);
    // An item outside the key's regions answers like a missing one.
    if (!dto || !inScope(scope, dto.regionCode)) throw itemNotFound(itemId);
    return dto;
  }
}
