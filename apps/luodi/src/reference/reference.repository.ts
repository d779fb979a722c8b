import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TARGET_INDICATORS, type TargetIndicator } from './reference.dto';

export interface IndustryChainRow {
  code: string;
  name: string;
  chainLeader: string | null;
}

/** Industry chains and annual targets. Target amounts are stored in 元. */
@Injectable()
export class ReferenceRepository {
  constructor(private readonly db: DataSource) {}

  async upsertChain(chain: IndustryChainRow): Promise<{ created: boolean }> {
    const rows: Array<{ created: boolean }> = await this.db.query(
      `INSERT INTO industry_chains (code, name, chain_leader) VALUES ($1, $2, $3)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, chain_leader = EXCLUDED.chain_leader, updated_at = now()
       RETURNING (xmax = 0) AS created`,
      [chain.code, chain.name, chain.chainLeader],
    );
    return { created: rows[0]?.created ?? false };
  }

  async chains(): Promise<IndustryChainRow[]> {
    return this.db.query(
      `SELECT code, name, chain_leader AS "chainLeader" FROM industry_chains ORDER BY code`,
    );
  }

  async chainExists(code: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM industry_chains WHERE code = $1`, [
      code,
    ]);
    return rows.length > 0;
  }

  async putTargets(
    year: number,
    regionCode: string,
    values: Partial<Record<TargetIndicator, number>>,
  ): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const indicator of TARGET_INDICATORS) {
        const value = values[indicator];
        if (value === undefined) continue;
        await tx.query(
          `INSERT INTO targets (year, region_code, indicator, value) VALUES ($1, $2, $3, $4)
           ON CONFLICT (year, region_code, indicator) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
          [year, regionCode, indicator, value],
        );
      }
    });
  }

  async targets(
    year: number,
    regionCode?: string,
  ): Promise<Array<{ regionCode: string; indicator: TargetIndicator; value: number }>> {
    const rows: Array<{ regionCode: string; indicator: TargetIndicator; value: string }> =
      await this.db.query(
        `SELECT region_code AS "regionCode", indicator, value::text AS value FROM targets
       WHERE year = $1 AND ($2::text IS NULL OR region_code = $2) ORDER BY region_code, indicator`,
        [year, regionCode ?? null],
      );
    return rows.map((r) => ({ ...r, value: Number(r.value) }));
  }
}
