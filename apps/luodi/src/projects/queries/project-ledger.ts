import type ExcelJS from 'exceljs';
import { exceljs } from '../../common/on-demand';
import type { LeadSource } from '@luodi/domain';
import {
  chinaTime,
  CURRENCY_LABELS,
  FORMAT,
  frozenAt,
  lightCell,
  printSetup,
  setCell,
  styleHeader,
  styleTitle,
  type Cell,
} from '../../reports/export/sheet-layout';
import type { ProjectListItemDto } from './project.dto';

// 项目台账: the project list as one streamed workbook. Each row is committed (written out) as
// soon as it is made, so memory holds one page, never the whole list; widths are fixed because
// later rows cannot be measured in advance.

export interface ProjectLedgerMeta {
  title: string;
  /** The filters applied, as [label, value]; none reads as 全部项目. */
  filters: Array<[label: string, value: string]>;
  generatedAt: Date;
  stageLabel(stage: string): string;
  regionName(code: string): string;
  chainName(code: string): string;
}

const SOURCE_LABELS: Record<LeadSource, string> = {
  HOMETOWN_ENTREPRENEUR: '乡贤',
  EXISTING_INVESTOR: '以商招商',
  FAIR: '节会招商',
  RESIDENT_TEAM: '驻地招商组',
  ONLINE: '云招商',
  LEADERSHIP_VISIT: '顶格招商',
  OTHER: '其他',
};
const label = (labels: Record<string, string>, code: string) => labels[code] ?? code;

type Meta = ProjectLedgerMeta;
const wan = (n: number | null): Cell => (n === null ? null : { value: n, format: FORMAT.wan });

/** Header, width and value of each column; every field of the list item appears. */
const COLUMNS: Array<
  [header: string, width: number, cell: (p: ProjectListItemDto, m: Meta) => Cell]
> = [
  ['项目名称', 40, (p) => p.name],
  ['投资方', 36, (p) => p.investorName],
  ['阶段', 10, (p, m) => m.stageLabel(p.stage)],
  ['区划代码', 12, (p) => p.regionCode],
  ['区划', 18, (p, m) => m.regionName(p.regionCode)],
  ['产业链代码', 20, (p) => p.industryChain],
  ['产业链', 16, (p, m) => m.chainName(p.industryChain)],
  ['线索来源', 12, (p) => label(SOURCE_LABELS, p.source)],
  // In the project's currency: 万元, or 万美元 for a USD project.
  ['投资额(万,按币种)', 18, (p) => wan(p.investment)],
  ['币种', 8, (p) => label(CURRENCY_LABELS, p.currency)],
  ['合同投资额(万,按币种)', 22, (p) => wan(p.contractInvestment)],
  ['实到资金(万元)', 16, (p) => wan(p.arrived)],
  ['线索日期', 12, (p) => p.leadOn],
  ['签约日期', 12, (p) => p.signedOn],
  ['灯色', 8, (p) => lightCell(p.light)],
  ['未化解问题数', 14, (p) => ({ value: p.openIssues, format: FORMAT.integer })],
  ['外部编号', 20, (p) => p.externalRef],
  ['项目编号', 38, (p) => p.id],
  ['版本', 8, (p) => ({ value: p.version, format: FORMAT.integer })],
];

/** Title, filters, then the header row: the data starts below it. */
export const LEDGER_HEADER_ROW = 3;

/**
 * Streams the ledger into `output` (ended when done) page by page. On an error the workbook is
 * left unfinished and the promise rejects: the caller should destroy `output` so the client
 * sees a failed download rather than a truncated file.
 */
export async function writeProjectLedger(
  output: NodeJS.WritableStream,
  pages: AsyncIterable<ProjectListItemDto[]>,
  meta: ProjectLedgerMeta,
): Promise<{ rows: number }> {
  // Inline strings: a shared-strings table would keep every distinct name until the end.
  const workbook = new (exceljs().stream.xlsx.WorkbookWriter)({
    stream: output as unknown as import('stream').Stream,
    useStyles: true,
    useSharedStrings: false,
  });
  workbook.creator = 'luodi';
  workbook.created = meta.generatedAt;
  const last = COLUMNS.length;
  const sheet = workbook.addWorksheet('项目台账', {
    views: frozenAt(LEDGER_HEADER_ROW),
    pageSetup: printSetup(`${LEDGER_HEADER_ROW}:${LEDGER_HEADER_ROW}`),
  });
  sheet.columns = COLUMNS.map(([, width]) => ({ width }));

  const filters = meta.filters.map(([name, value]) => `${name}:${value}`).join(';');
  const title = sheet.addRow([meta.title]);
  styleTitle(title.getCell(1));
  title.height = 24;
  sheet.mergeCells(1, 1, 1, last);
  title.commit();
  const about = sheet.addRow([
    `筛选条件:${filters || '全部项目'}    生成时间:${chinaTime(meta.generatedAt)}`,
  ]);
  sheet.mergeCells(2, 1, 2, last);
  about.commit();
  const header = sheet.addRow(COLUMNS.map(([name]) => name));
  styleHeader(header);
  header.commit();

  let rows = 0;
  for await (const page of pages) {
    for (const project of page) {
      const row = sheet.addRow([]);
      COLUMNS.forEach(([, , cell], i) => setCell(row.getCell(i + 1), cell(project, meta)));
      row.commit();
      rows += 1;
    }
    await caughtUp(sheet, output);
  }
  sheet.autoFilter = {
    from: { row: LEDGER_HEADER_ROW, column: 1 },
    to: { row: LEDGER_HEADER_ROW + rows, column: last },
  };
  sheet.commit();
  await workbook.commit();
  return { rows };
}

/** Bytes the zip may lag behind before the next page is read: about one page of rows. */
const BACKLOG = 1 << 20;

/**
 * exceljs's streaming writer ignores back-pressure: rows committed while the zip or a slow
 * reader (a download) lags pile up, uncompressed, in the pipe into the zip. So between pages
 * wait until that pipe has drained. This reaches into exceljs 4.4 internals (the worksheet's
 * StreamBuf and its pipes); the spec checks the bound still holds. Fails if the output closes
 * meanwhile (the client went away), which stops reading the pages.
 */
async function caughtUp(sheet: ExcelJS.Worksheet, output: NodeJS.WritableStream): Promise<void> {
  type Pipe = NodeJS.EventEmitter & { _writableState?: { length: number } };
  const pipe = (sheet as unknown as { stream?: { pipes?: Pipe[] } }).stream?.pipes?.[0];
  const closed = () => new Error('the ledger output closed before it was written');
  while ((pipe?._writableState?.length ?? 0) > BACKLOG) {
    if ((output as { destroyed?: boolean }).destroyed) throw closed();
    await new Promise<void>((resolve, reject) => {
      const settle = (error?: Error) => {
        pipe!.off('drain', onDrain);
        output.off('close', onClose).off('error', settle);
        if (error) reject(error);
        else resolve();
      };
      const onDrain = () => settle();
      const onClose = () => settle(closed());
      pipe!.on('drain', onDrain);
      output.on('close', onClose).on('error', settle);
    });
  }
}

/** 项目台账_2026-06-22_1205.xlsx (China time). */
export function projectLedgerFileName(generatedAt: Date): string {
  return `项目台账_${chinaTime(generatedAt).replace(' ', '_').replace(':', '')}.xlsx`;
}
