import { Injectable, Logger, StreamableFile } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { STAGE_LABELS, type Stage } from '@luodi/domain';
import { PassThrough } from 'node:stream';
import { Clock } from '../../common/clock';
import { ReferenceRepository } from '../../reference/reference.repository';
import type { RegionScope } from '../../reference/region-scope.service';
import { RegionsRepository } from '../../reference/regions.repository';
import { attachment, privateDocument, XLSX_TYPE } from '../../common/documents';
import type { Response } from 'express';
import { ListProjectsQuery, type ListProjectsParams } from './list-projects.query';
import { projectLedgerFileName, writeProjectLedger } from './project-ledger';
import type { ProjectListItemDto } from './project.dto';

const PAGE = 500;
const LIGHT_LABELS: Record<string, string> = { GREEN: '绿灯', YELLOW: '黄灯', RED: '红灯' };

/**
 * 项目台账: every project the list filters select, as one workbook streamed page by page, so
 * a province's worth of projects never sits in memory. `limit` and `cursor` do not apply.
 */
@Injectable()
export class ProjectLedgerExport {
  private readonly logger = new Logger(ProjectLedgerExport.name);

  constructor(
    private readonly bus: QueryBus,
    private readonly regions: RegionsRepository,
    private readonly reference: ReferenceRepository,
    private readonly clock: Clock,
  ) {}

  async send(
    res: Response,
    params: ListProjectsParams,
    scope: RegionScope,
  ): Promise<StreamableFile> {
    const [regions, chains] = await Promise.all([this.regions.all(), this.reference.chains()]);
    const regionNames = new Map(regions.map((r) => [r.code, r.name]));
    const chainNames = new Map(chains.map((c) => [c.code, c.name]));
    // The first page before any byte is sent: a failing query still answers with a problem.
    const first = await this.page(params, scope, undefined);
    const generatedAt = this.clock.now();
    const output = new PassThrough();
    writeProjectLedger(output, this.pages(params, scope, first), {
      title: '项目台账',
      filters: filtersOf(params, regionNames, chainNames),
      generatedAt,
      stageLabel: (stage) => STAGE_LABELS[stage as Stage] ?? stage,
      regionName: (code) => regionNames.get(code) ?? code,
      chainName: (code) => chainNames.get(code) ?? code,
    }).catch((error: unknown) => {
      this.logger.error(`project ledger export failed: ${String(error)}`);
      output.destroy(error instanceof Error ? error : new Error(String(error)));
    });
    // A client that goes away stops the export: no more pages are read.
    res.on('close', () => output.destroy());
    privateDocument(res);
    return new StreamableFile(output, {
      type: XLSX_TYPE,
      disposition: attachment(projectLedgerFileName(generatedAt)),
    });
  }

  private async *pages(
    params: ListProjectsParams,
    scope: RegionScope,
    first: { items: ProjectListItemDto[]; nextCursor: string | null },
  ): AsyncIterable<ProjectListItemDto[]> {
    let page = first;
    yield page.items;
    while (page.nextCursor !== null) {
      page = await this.page(params, scope, page.nextCursor);
      yield page.items;
    }
  }

  private page(params: ListProjectsParams, scope: RegionScope, cursor: string | undefined) {
    return this.bus.execute(new ListProjectsQuery({ ...params, limit: PAGE, cursor }, scope));
  }
}

/** The filters in words, for the title row (an empty list reads as 全部项目). */
function filtersOf(
  p: ListProjectsParams,
  regions: ReadonlyMap<string, string>,
  chains: ReadonlyMap<string, string>,
): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (p.regionCode) out.push(['区划', `${regions.get(p.regionCode) ?? ''}(${p.regionCode})含下级`]);
  if (p.stage) out.push(['阶段', STAGE_LABELS[p.stage]]);
  if (p.industryChain) out.push(['产业链', chains.get(p.industryChain) ?? p.industryChain]);
  if (p.light) out.push(['灯色', LIGHT_LABELS[p.light] ?? p.light]);
  if (p.minInvestment !== undefined) out.push(['投资额不低于(万元)', String(p.minInvestment)]);
  if (p.q) out.push(['名称或投资方含', p.q]);
  return out;
}
