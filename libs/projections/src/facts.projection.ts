import type { EntityManager } from 'typeorm';
import { byCodeUnits } from '@luodi/domain';
import { PROJECT_STREAM_PREFIX, type LogEvent } from '@luodi/messaging';
import { generationTable, readAhead, type Projection } from './projection';
import { snapshotIntervals, type ProjectSnapshot } from './project-snapshot';
import { packSnapshot, unpackSnapshot, type PackedSnapshot } from './snapshot-codec';

/** The columns of a fact: one row per relevant project event. */
export interface FactRow {
  position: string;
  txId: string;
  projectId: string;
  version: number;
  type: string;
  occurredOn: string;
  recordedAt: string;
  /** The stage entered (stage events, reactivation included). */
  stage: string | null;
  /** Estimated / planned / contract investment or money arrived, in 元. */
  amountYuan: number | null;
  currency: string | null;
  regionCode: string | null;
  industryChain: string | null;
  name: string | null;
  issueId: string | null;
  detail: Record<string, unknown>;
}

type Money = { yuan: number; currency: string };
type Data = Record<string, unknown>;

const money = (value: unknown): { amountYuan: number | null; currency: string | null } => {
  const m = value as Money | undefined;
  return m && typeof m.yuan === 'number'
    ? { amountYuan: m.yuan, currency: m.currency }
    : { amountYuan: null, currency: null };
};

const STAGE_OF: Record<string, string> = {
  LeadRegistered: 'LEAD',
  NegotiationStarted: 'NEGOTIATING',
  ContractSigned: 'SIGNED',
  CompanyRegistered: 'REGISTERED',
  GroundBroken: 'UNDER_CONSTRUCTION',
  ProductionStarted: 'IN_PRODUCTION',
  ProjectDropped: 'DROPPED',
};

/** The fact an event contributes, or null for events no report reads. */
export function toFact(event: LogEvent): FactRow | null {
  if (!event.streamId.startsWith(PROJECT_STREAM_PREFIX) || event.occurredOn === null) return null;
  const d = (event.data ?? {}) as Data;
  const base: FactRow = {
    position: event.position,
    txId: event.txId,
    projectId: event.streamId.slice(PROJECT_STREAM_PREFIX.length),
    version: event.version,
    type: event.type,
    occurredOn: event.occurredOn,
    recordedAt: event.recordedAt,
    stage: STAGE_OF[event.type] ?? null,
    amountYuan: null,
    currency: null,
    regionCode: null,
    industryChain: null,
    name: null,
    issueId: typeof d.issueId === 'string' ? d.issueId : null,
    detail: {},
  };
  switch (event.type) {
    case 'LeadRegistered': {
      const investor = d.investor as { name?: string } | undefined;
      return {
        ...base,
        ...money(d.estimatedInvestment),
        regionCode: d.regionCode as string,
        industryChain: d.industryChain as string,
        name: d.name as string,
        detail: { source: d.source, investorName: investor?.name ?? null },
      };
    }
    case 'NegotiationStarted':
      return { ...base, ...money(d.plannedInvestment) };
    case 'ContractSigned':
      return { ...base, ...money(d.contractInvestment), detail: { occasion: d.occasion } };
    case 'CompanyRegistered':
      return { ...base, detail: { companyName: d.companyName } };
    case 'GroundBroken':
    case 'ProductionStarted':
      return base;
    case 'ProjectDropped':
      return { ...base, detail: { reason: d.reason, fromStage: d.fromStage } };
    case 'ProjectReactivated':
      return { ...base, stage: d.toStage as string, detail: { reason: d.reason ?? null } };
    case 'InvestmentArrived':
      return { ...base, ...money(d.amount) };
    case 'IssueRaised':
      return {
        ...base,
        detail: {
          category: d.category,
          description: d.description,
          coordinationLevel: d.coordinationLevel,
        },
      };
    case 'IssueAssigned':
      return { ...base, detail: { unit: d.unit, dueOn: d.dueOn } };
    case 'IssueEscalated':
      return { ...base, detail: { coordinationLevel: d.coordinationLevel } };
    case 'IssueResolved':
      return base;
    case 'ResponsibilityAssigned':
      return {
        ...base,
        detail: {
          unit: d.unit ?? null,
          leader: d.leader ?? null,
          chainLeader: d.chainLeader ?? null,
        },
      };
    case 'ProjectDetailsCorrected': {
      const c = (d.changes ?? {}) as Data;
      return {
        ...base,
        ...money(c.estimatedInvestment),
        regionCode: (c.regionCode as string | undefined) ?? null,
        industryChain: (c.industryChain as string | undefined) ?? null,
        name: (c.name as string | undefined) ?? null,
      };
    }
    default:
      return null;
  }
}

export const FACT_COLUMNS = `position::text AS position, tx_id::text AS "txId", project_id AS "projectId",
  version, type, to_char(occurred_on, 'YYYY-MM-DD') AS "occurredOn",
  to_char(recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "recordedAt",
  stage, amount_yuan::text AS "amountYuan", currency, region_code AS "regionCode",
  industry_chain AS "industryChain", name, issue_id AS "issueId", detail`;

/** Rows read back with FACT_COLUMNS: bigints come back as text. */
export function parseFact(
  row: Omit<FactRow, 'amountYuan'> & { amountYuan: string | null },
): FactRow {
  return { ...row, amountYuan: row.amountYuan === null ? null : Number(row.amountYuan) };
}

/**
 * The facts read model (事实表): one row per relevant project event with its business date
 * (occurred_on) and the instant it was recorded (recorded_at), so every report can be asked
 * "as of a business date" and "as known at an instant" exactly. Beside it, the folded
 * project states: each project's snapshot over the business dates it held, so a report as of
 * a date reads one row per project instead of folding every fact (as known at an earlier
 * instant, reports still fold the facts).
 */
export class FactsProjection implements Projection {
  readonly name = 'facts';
  readonly version = 3;

  /**
   * `foldPage`: facts a page of the rebuild's fold (whole projects: 20,000 is about 1,000
   * projects); tests make it small.
   */
  constructor(private readonly options: { foldPage?: number } = {}) {}

  table(generation: number): string {
    return generationTable(this.name, generation);
  }

  statesTable(generation: number): string {
    return generationTable('project_states', generation);
  }

  tables(generation: number): string[] {
    return [this.table(generation), this.statesTable(generation)];
  }

  /** While rebuilding, the indexes wait for finishRebuild: built once, not row by row. */
  async createTables(
    manager: EntityManager,
    generation: number,
    options: { rebuilding?: boolean } = {},
  ): Promise<void> {
    const t = this.table(generation);
    await manager.query(`
      CREATE TABLE IF NOT EXISTS ${t} (
        position bigint PRIMARY KEY,
        tx_id xid8 NOT NULL,
        project_id text NOT NULL,
        version integer NOT NULL,
        type text NOT NULL,
        occurred_on date NOT NULL,
        recorded_at timestamptz NOT NULL,
        stage text,
        amount_yuan bigint,
        currency text,
        region_code text,
        industry_chain text,
        name text,
        issue_id text,
        detail jsonb NOT NULL DEFAULT '{}'
      )`);
    const s = this.statesTable(generation);
    // json, not jsonb: stored and returned as written, nothing to convert on the read path.
    // The snapshot is packed (snapshot-codec.ts): half the bytes a report reads and parses.
    await manager.query(`
      CREATE TABLE IF NOT EXISTS ${s} (
        project_id text NOT NULL,
        valid daterange NOT NULL,
        region_code text NOT NULL,
        snapshot json NOT NULL,
        PRIMARY KEY (project_id, valid)
      )`);
    if (options.rebuilding) return;
    await this.createFactIndexes(manager, generation);
    await this.createStateIndexes(manager, generation);
  }

  private async createFactIndexes(manager: EntityManager, generation: number): Promise<void> {
    const t = this.table(generation);
    await manager.query(
      `CREATE INDEX IF NOT EXISTS ${t}_project_idx ON ${t} (project_id, version)`,
    );
    await manager.query(
      `CREATE INDEX IF NOT EXISTS ${t}_dates_idx ON ${t} (occurred_on, recorded_at)`,
    );
  }

  private async createStateIndexes(manager: EntityManager, generation: number): Promise<void> {
    const s = this.statesTable(generation);
    await manager.query(`CREATE INDEX IF NOT EXISTS ${s}_valid_idx ON ${s} USING gist (valid)`);
  }

  /** Every project's snapshot as of a business date, optionally only in some regions. */
  async snapshotsAt(
    manager: EntityManager,
    generation: number,
    asOf: string,
    regionCodes: readonly string[] | null,
  ): Promise<ProjectSnapshot[]> {
    const rows: Array<{ snapshot: PackedSnapshot }> = await manager.query(
      `SELECT snapshot FROM ${this.statesTable(generation)}
       WHERE valid @> $1::date AND ($2::text[] IS NULL OR region_code = ANY($2::text[]))`,
      [asOf, regionCodes],
    );
    // Ordered here: PostgreSQL would sort the whole rows, spilling to disk at 10k projects.
    return rows.map((r) => unpackSnapshot(r.snapshot)).sort((a, b) => byCodeUnits(a.id, b.id));
  }

  /**
   * Idempotent (a fact is keyed by its log position): Kafka delivers at least once. A rebuild
   * folds the project states once at the end instead of after every batch.
   */
  async apply(
    manager: EntityManager,
    generation: number,
    events: readonly LogEvent[],
    options: { rebuilding?: boolean } = {},
  ): Promise<void> {
    const facts = events.map(toFact).filter((f): f is FactRow => f !== null);
    const t = this.table(generation);
    // One statement a batch, a column an array: no per-row parameters to parse and plan.
    const column = <T>(pick: (f: FactRow) => T) => facts.map(pick);
    if (facts.length > 0) {
      await manager.query(
        `INSERT INTO ${t} (position, tx_id, project_id, version, type, occurred_on, recorded_at, stage,
         amount_yuan, currency, region_code, industry_chain, name, issue_id, detail)
       SELECT * FROM unnest($1::bigint[], $2::xid8[], $3::text[], $4::int[], $5::text[], $6::date[],
         $7::timestamptz[], $8::text[], $9::bigint[], $10::text[], $11::text[], $12::text[],
         $13::text[], $14::text[], $15::jsonb[])
       ON CONFLICT (position) DO NOTHING`,
        [
          column((f) => f.position),
          column((f) => f.txId),
          column((f) => f.projectId),
          column((f) => f.version),
          column((f) => f.type),
          column((f) => f.occurredOn),
          column((f) => f.recordedAt),
          column((f) => f.stage),
          column((f) => f.amountYuan),
          column((f) => f.currency),
          column((f) => f.regionCode),
          column((f) => f.industryChain),
          column((f) => f.name),
          column((f) => f.issueId),
          column((f) => JSON.stringify(f.detail)),
        ],
      );
    }
    if (options.rebuilding) return;
    await this.refoldStates(manager, generation, [...new Set(facts.map((f) => f.projectId))]);
  }

  /**
   * Indexes the rebuilt facts, then folds every project's states from them, read in
   * (project_id, version) order a page of whole projects at a time (the next page is read
   * while one is written), then indexes the states.
   */
  async finishRebuild(manager: EntityManager, generation: number): Promise<void> {
    await this.createFactIndexes(manager, generation);
    await this.foldAllStates(manager, generation);
    await this.createStateIndexes(manager, generation);
  }

  private async foldAllStates(manager: EntityManager, generation: number): Promise<void> {
    const read = (after: string) => readAhead(this.wholeProjectsAfter(manager, generation, after));
    let next = read('');
    for (;;) {
      const facts = await next;
      if (facts.length === 0) return;
      next = read(facts[facts.length - 1]!.projectId);
      // The generation's states are empty until now: nothing to replace.
      await manager.transaction((m) => this.writeStates(m, generation, facts, false));
    }
  }

  /**
   * About `foldPage` facts of the projects after `after`, in project and version order. A page
   * ends with a project's last fact: the rows of a project the limit cut are read with the
   * next page (or, when one project fills the page, all of it on its own).
   */
  private async wholeProjectsAfter(
    manager: EntityManager,
    generation: number,
    after: string,
  ): Promise<FactRow[]> {
    const t = this.table(generation);
    const limit = this.options.foldPage ?? 20_000;
    let rows: Array<Parameters<typeof parseFact>[0]> = await manager.query(
      `SELECT ${FACT_COLUMNS} FROM ${t} WHERE project_id > $1 ORDER BY project_id, version LIMIT $2`,
      [after, limit],
    );
    if (rows.length === limit) {
      const cut = rows[rows.length - 1]!.projectId;
      while (rows.length > 0 && rows[rows.length - 1]!.projectId === cut) rows.pop();
      if (rows.length === 0) {
        rows = await manager.query(
          `SELECT ${FACT_COLUMNS} FROM ${t} WHERE project_id = $1 ORDER BY version`,
          [cut],
        );
      }
    }
    return rows.map(parseFact);
  }

  /** Rewrites the states of the projects a batch touched, folded from all their facts. */
  private async refoldStates(
    manager: EntityManager,
    generation: number,
    projectIds: string[],
  ): Promise<void> {
    if (projectIds.length === 0) return;
    const rows: Array<Parameters<typeof parseFact>[0]> = await manager.query(
      `SELECT ${FACT_COLUMNS} FROM ${this.table(generation)}
       WHERE project_id = ANY($1::text[]) ORDER BY project_id, version`,
      [projectIds],
    );
    await this.writeStates(manager, generation, rows.map(parseFact), true);
  }

  /** Writes the states folded from whole projects' facts (ordered by project, then version). */
  private async writeStates(
    manager: EntityManager,
    generation: number,
    facts: readonly FactRow[],
    replace: boolean,
  ): Promise<void> {
    const projectIds: string[] = [];
    const columns: [string[], string[], string[], string[]] = [[], [], [], []];
    for (let start = 0; start < facts.length;) {
      const id = facts[start]!.projectId;
      let end = start + 1;
      while (end < facts.length && facts[end]!.projectId === id) end++;
      projectIds.push(id);
      for (const interval of snapshotIntervals(facts.slice(start, end))) {
        columns[0].push(interval.snapshot.id);
        columns[1].push(`[${interval.from},${interval.to ?? ''})`);
        columns[2].push(interval.snapshot.regionCode);
        columns[3].push(JSON.stringify(packSnapshot(interval.snapshot)));
      }
      start = end;
    }
    const s = this.statesTable(generation);
    if (replace) {
      await manager.query(`DELETE FROM ${s} WHERE project_id = ANY($1::text[])`, [projectIds]);
    }
    await manager.query(
      `INSERT INTO ${s} (project_id, valid, region_code, snapshot)
       SELECT * FROM unnest($1::text[], $2::daterange[], $3::text[], $4::json[])`,
      columns,
    );
  }
}
