import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export interface RegionRow {
  code: string;
  name: string;
  parentCode: string | null;
}

export interface RegionNode extends RegionRow {
  children: RegionNode[];
}

@Injectable()
export class RegionsRepository {
  constructor(private readonly db: DataSource) {}

  async upsert(region: RegionRow): Promise<{ created: boolean }> {
    const rows: Array<{ created: boolean }> = await this.db.query(
      `INSERT INTO regions (code, name, parent_code) VALUES ($1, $2, $3)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, parent_code = EXCLUDED.parent_code, updated_at = now()
       RETURNING (xmax = 0) AS created`,
      [region.code, region.name, region.parentCode],
    );
    return { created: rows[0]?.created ?? false };
  }

  async get(code: string): Promise<RegionRow | undefined> {
    const rows: RegionRow[] = await this.db.query(
      `SELECT code, name, parent_code AS "parentCode" FROM regions WHERE code = $1`,
      [code],
    );
    return rows[0];
  }

  async all(): Promise<RegionRow[]> {
    return this.db.query(
      `SELECT code, name, parent_code AS "parentCode" FROM regions ORDER BY code`,
    );
  }

  /** The given regions and every region below them. */
  async withDescendants(codes: readonly string[]): Promise<string[]> {
    if (codes.length === 0) return [];
    const rows: Array<{ code: string }> = await this.db.query(
      `WITH RECURSIVE tree AS (
         SELECT code FROM regions WHERE code = ANY($1)
         UNION
         SELECT r.code FROM regions r JOIN tree t ON r.parent_code = t.code
       ) SELECT code FROM tree`,
      [codes],
    );
    return rows.map((r) => r.code);
  }

  /** The chain from the region up to the root, the region first. */
  async ancestorsOf(code: string): Promise<string[]> {
    const rows: Array<{ code: string }> = await this.db.query(
      `WITH RECURSIVE up AS (
         SELECT code, parent_code, 0 AS depth FROM regions WHERE code = $1
         UNION ALL
         SELECT r.code, r.parent_code, up.depth + 1 FROM regions r JOIN up ON r.code = up.parent_code
         WHERE up.depth < 50
       ) SELECT code FROM up ORDER BY depth`,
      [code],
    );
    return rows.map((r) => r.code);
  }
}

export function buildTree(rows: RegionRow[]): RegionNode[] {
  const nodes = new Map<string, RegionNode>(rows.map((r) => [r.code, { ...r, children: [] }]));
  const roots: RegionNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentCode ? nodes.get(node.parentCode) : undefined;
    if (parent) parent.children.push(node);
    else roots.push(node);
  }
  return roots;
}
