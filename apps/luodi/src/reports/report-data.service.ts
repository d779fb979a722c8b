import { Injectable } from '@nestjs/common';
import type { SupervisionItem } from '@luodi/domain';
import { parseFact, FACT_COLUMNS, type FactRow } from '@luodi/projections';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/scopes';
import { ApiProblem, validationProblem } from '../common/problem/problem';
import { ProjectorService } from '../projections/projector.service';
import { RegionsRepository, type RegionRow } from '../reference/regions.repository';
import { RegionScopeService } from '../reference/region-scope.service';
import { SupervisionItemsRepository } from '../supervision/supervision-items.repository';
import { foldSnapshots, type ProjectSnapshot } from '@luodi/projections';

/** The regions a report covers: a region and everything below it, or the whole system. */
export interface RegionContext {
  code: string | null;
  name: string;
  /** Codes in the subtree; null = every region. */
  codes: ReadonlySet<string> | null;
  /** The regions directly below, each with its own subtree. */
  children: Array<{ code: string; name: string; codes: ReadonlySet<string> }>;
  /** The name of every region, so report rows can name theirs. */
  names: ReadonlyMap<string, string>;
}

@Injectable()
export class ReportDataService {
  constructor(
    private readonly db: DataSource,
    private readonly projector: ProjectorService,
    private readonly regions: RegionsRepository,
    private readonly regionScope: RegionScopeService,
    private readonly items: SupervisionItemsRepository,
  ) {}

  /**
   * Resolves the requested region against the key: a region outside the key's regions is
   * refused (403); a region-scoped key without regionCode gets its own region.
   */
  async context(principal: Principal, regionCode: string | undefined): Promise<RegionContext> {
    let code = regionCode ?? null;
    if (code === null && principal.regionCodes.length > 0) {
      if (principal.regionCodes.length > 1) {
        throw validationProblem([
          { field: 'regionCode', message: 'this key covers several regions: name one' },
        ]);
      }
      code = principal.regionCodes[0]!;
    }
    const all = await this.regions.all();
    const childrenOf = new Map<string | null, RegionRow[]>();
    for (const r of all) {
      const list = childrenOf.get(r.parentCode) ?? [];
      list.push(r);
      childrenOf.set(r.parentCode, list);
    }
    const subtree = (root: string): Set<string> => {
      const out = new Set<string>([root]);
      const stack = [root];
      while (stack.length > 0) {
        for (const child of childrenOf.get(stack.pop()!) ?? []) {
          if (!out.has(child.code)) {
            out.add(child.code);
            stack.push(child.code);
          }
        }
      }
      return out;
    };
    const children = (parent: string | null) =>
      (childrenOf.get(parent) ?? []).map((r) => ({
        code: r.code,
        name: r.name,
        codes: subtree(r.code),
      }));
    const names = new Map(all.map((r) => [r.code, r.name]));
    if (code === null) {
      return { code: null, name: '全部', codes: null, children: children(null), names };
    }
    const region = all.find((r) => r.code === code);
    if (!region) throw new ApiProblem('NOT_FOUND', `Unknown region ${code}.`);
    if (!(await this.regionScope.allows(principal, code))) {
      throw new ApiProblem('FORBIDDEN', `This key may not read reports of region ${code}.`);
    }
    return { code, name: region.name, codes: subtree(code), children: children(code), names };
  }

  /** Facts with occurred_on ≤ asOf and recorded_at ≤ knownAt, from a generation's table. */
  private async factsIn(table: string, asOf: string, knownAt: Date | null): Promise<FactRow[]> {
    const rows: Array<Parameters<typeof parseFact>[0]> = await this.db.query(
      `SELECT ${FACT_COLUMNS} FROM ${table}
       WHERE occurred_on <= $1::date AND ($2::timestamptz IS NULL OR recorded_at <= $2::timestamptz)
       ORDER BY project_id, version`,
      [asOf, knownAt?.toISOString() ?? null],
    );
    return rows.map(parseFact);
  }

  /**
   * Every project as it stood at (asOf, knownAt), within the region context: read from the
   * folded project states, or folded from the facts when asked as known at an earlier instant.
   */
  async snapshots(
    context: RegionContext,
    asOf: string,
    knownAt: Date | null,
  ): Promise<ProjectSnapshot[]> {
    const { generation, current } = await this.projector.factsGeneration();
    const facts = this.projector.facts;
    if (knownAt === null && current) {
      const codes = context.codes === null ? null : [...context.codes];
      return facts.snapshotsAt(this.db.manager, generation, asOf, codes);
    }
    const all = foldSnapshots(await this.factsIn(facts.table(generation), asOf, knownAt));
    return context.codes === null ? all : all.filter((p) => context.codes!.has(p.regionCode));
  }

  /**
   * Every 督办 item as it stood at (asOf, knownAt), folded from the item streams; the report
   * sections pick their region and kinds.
   */
  supervisionItems(asOf: string, knownAt: Date | null): Promise<SupervisionItem[]> {
    return this.items.itemsAt(this.db.manager, { asOf, ...(knownAt ? { knownAt } : {}) });
  }

  /** Annual targets of a region: indicator → value (元 for amounts). */
  async targets(year: number, regionCode: string | null): Promise<Map<string, number>> {
    if (regionCode === null) return new Map();
    const rows: Array<{ indicator: string; value: string }> = await this.db.query(
      `SELECT indicator, value::text AS value FROM targets WHERE year = $1 AND region_code = $2`,
      [year, regionCode],
    );
    return new Map(rows.map((r) => [r.indicator, Number(r.value)]));
  }

  /** The annual targets of each region directly below the context: region code → targets. */
  async targetsBelow(
    year: number,
    context: RegionContext,
  ): Promise<Map<string, Map<string, number>>> {
    const byRegion = new Map(context.children.map((c) => [c.code, new Map<string, number>()]));
    if (byRegion.size === 0) return byRegion;
    const rows: Array<{ region_code: string; indicator: string; value: string }> =
      await this.db.query(
        `SELECT region_code, indicator, value::text AS value FROM targets
         WHERE year = $1 AND region_code = ANY($2::text[])`,
        [year, [...byRegion.keys()]],
      );
    for (const r of rows) byRegion.get(r.region_code)!.set(r.indicator, Number(r.value));
    return byRegion;
  }
}
