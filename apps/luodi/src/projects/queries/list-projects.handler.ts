import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { moneyFromWan, toWan } from '@luodi/domain';
import { DataSource } from 'typeorm';
import { decodeCursor, pageOf, SqlFilter } from '../../common/pagination';
import { RegionsRepository } from '../../reference/regions.repository';
import { ListProjectsQuery } from './list-projects.query';
import type { ProjectListDto, ProjectListItemDto } from './project.dto';

interface Row {
  id: string;
  seq: string;
  name: string;
  investor_name: string;
  stage: string;
  region_code: string;
  industry_chain: string;
  source: string;
  investment_yuan: string;
  currency: string;
  contract_yuan: string | null;
  arrived_yuan: string;
  lead_on: string;
  signed_on: string | null;
  light: string;
  open_issues: number;
  external_ref: string | null;
  version: number;
}

/** Newest first, keyset-paginated on the insertion sequence. */
@QueryHandler(ListProjectsQuery)
export class ListProjectsHandler implements IQueryHandler<ListProjectsQuery, ProjectListDto> {
  constructor(
    private readonly db: DataSource,
    private readonly regions: RegionsRepository,
  ) {}

  async execute({ params, scope }: ListProjectsQuery): Promise<ProjectListDto> {
    const limit = params.limit ?? 50;
    const filter = new SqlFilter();
    const add = filter.add.bind(filter);

    if (!scope.all) add((n) => `region_code = ANY(${n})`, [...scope.codes]);
    if (params.regionCode !== undefined)
      add(
        (n) => `region_code = ANY(${n})`,
        await this.regions.withDescendants([params.regionCode]),
      );
    if (params.stage !== undefined) add((n) => `stage = ${n}`, params.stage);
    if (params.industryChain !== undefined)
      add((n) => `industry_chain = ${n}`, params.industryChain);
    if (params.minInvestment !== undefined)
      add((n) => `investment_yuan >= ${n}`, moneyFromWan(params.minInvestment).yuan);
    if (params.q !== undefined && params.q.trim() !== '') {
      add(
        (n) => `(name ILIKE ${n} ESCAPE '\\' OR investor_name ILIKE ${n} ESCAPE '\\')`,
        `%${escapeLike(params.q.trim())}%`,
      );
    }
    if (params.cursor !== undefined) add((n) => `seq < ${n}`, decodeCursor(params.cursor));
    if (params.light !== undefined) add((n) => `light = ${n}`, params.light);
    const limitParam = filter.bind(limit + 1);

    const rows: Row[] = await this.db.query(
      `SELECT id, name, investor_name, stage, region_code, industry_chain, source, currency, open_issues,
              external_ref, version, light, lead_on::text AS lead_on, signed_on::text AS signed_on,
              seq::text AS seq, investment_yuan::text AS investment_yuan, contract_yuan::text AS contract_yuan,
              arrived_yuan::text AS arrived_yuan
       FROM project_list ${filter.where()}
       ORDER BY project_list.seq DESC LIMIT ${limitParam}`,
      filter.args,
    );
    const { page, nextCursor } = pageOf(rows, limit);
    return { items: page.map(toItem), nextCursor };
  }
}

function toItem(row: Row): ProjectListItemDto {
  const wan = (yuan: string | null) =>
    yuan === null ? null : toWan({ yuan: Number(yuan), currency: 'CNY' });
  return {
    id: row.id,
    name: row.name,
    investorName: row.investor_name,
    stage: row.stage,
    regionCode: row.region_code,
    industryChain: row.industry_chain,
    source: row.source,
    investment: wan(row.investment_yuan)!,
    currency: row.currency,
    contractInvestment: wan(row.contract_yuan),
    arrived: wan(row.arrived_yuan)!,
    leadOn: row.lead_on,
    signedOn: row.signed_on,
    light: row.light,
    openIssues: row.open_issues,
    externalRef: row.external_ref,
    version: row.version,
  };
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);
