import type { EntityManager } from 'typeorm';
import { PROJECT_STREAM_PREFIX, type LogEvent } from '@luodi/messaging';
import { generationTable, type Projection } from './projection';
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

  table(generation: number): string {
    return generationTable(this.name, generation);
  }

  statesTable(generation: number): string {
    return generationTable('project_states', generation);
  }

  tables(generation: number): string[] {
    return [this.table(generation), this.statesTable(generation)];
  }

  async createTables(manager: EntityManager, generation: number): Promise<void> {
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
    await manager.query(
      `CREATE INDEX IF NOT EXISTS ${t}_project_idx ON ${t} (project_id, version)`,
    );
    await manager.query(
      `CREATE INDEX IF NOT EXISTS ${t}_dates_idx ON ${t} (occurred_on, recorded_at)`,
    );
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
    return rows
      .map((r) => unpackSnapshot(r.snapshot))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
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
    // A few rows per statement keeps the parameter count well below the limit.
    for (let i = 0; i < facts.length; i += 200) {
      const chunk = facts.slice(i, i + 200);
      const params: unknown[] = [];
      const values = chunk.map((f) => {
        const start = params.length;
        params.push(
          f.position,
          f.txId,
          f.projectId,
          f.version,
          f.type,
          f.occurredOn,
          f.recordedAt,
          f.stage,
          f.amountYuan,
          f.currency,
          f.regionCode,
          f.industryChain,
          f.name,
          f.issueId,
          JSON.stringify(f.detail),
        );
        const n = (k: number) => `$${start + k}`;
        return `(${n(1)}::bigint, ${n(2)}::xid8, ${n(3)}, ${n(4)}::int, ${n(5)}, ${n(6)}::date,
          ${n(7)}::timestamptz, ${n(8)}, ${n(9)}::bigint, ${n(10)}, ${n(11)}, ${n(12)}, ${n(13)}, ${n(14)}, ${n(15)}::jsonb)`;
      });
      await manager.query(
        `INSERT INTO ${t} (position, tx_id, project_id, version, type, occurred_on, recorded_at, stage,
           amount_yuan, currency, region_code, industry_chain, name, issue_id, detail)
         VALUES ${values.join(', ')}
         ON CONFLICT (position) DO NOTHING`,
        params,
      );
    }
    if (options.rebuilding) return;
    await this.refoldStates(manager, generation, [...new Set(facts.map((f) => f.projectId))]);
  }

  /** Folds every project's states from the rebuilt facts, 2,000 projects a transaction. */
  async finishRebuild(manager: EntityManager, generation: number): Promise<void> {
    let after = '';
    for (;;) {
      const page: Array<{ project_id: string }> = await manager.query(
        `SELECT DISTINCT project_id FROM ${this.table(generation)}
         WHERE project_id > $1 ORDER BY project_id LIMIT 2000`,
        [after],
      );
      if (page.length === 0) return;
      const ids = page.map((r) => r.project_id);
      await manager.transaction((m) => this.refoldStates(m, generation, ids));
      after = ids.at(-1)!;
    }
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
    const byProject = new Map<string, FactRow[]>();
    for (const row of rows) {
      const fact = parseFact(row);
      const list = byProject.get(fact.projectId);
      if (list) list.push(fact);
      else byProject.set(fact.projectId, [fact]);
    }
    const columns: [string[], string[], string[], string[]] = [[], [], [], []];
    for (const facts of byProject.values()) {
      for (const interval of snapshotIntervals(facts)) {
        columns[0].push(interval.snapshot.id);
        columns[1].push(`[${interval.from},${interval.to ?? ''})`);
        columns[2].push(interval.snapshot.regionCode);
        columns[3].push(JSON.stringify(packSnapshot(interval.snapshot)));
      }
    }
    const s = this.statesTable(generation);
    await manager.query(`DELETE FROM ${s} WHERE project_id = ANY($1::text[])`, [projectIds]);
    await manager.query(
      `INSERT INTO ${s} (project_id, valid, region_code, snapshot)
       SELECT * FROM unnest($1::text[], $2::daterange[], $3::text[], $4::json[])`,
      columns,
    );
  }
}
