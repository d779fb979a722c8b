import ExcelJS from 'exceljs';
import { PassThrough, Writable } from 'node:stream';
import {
  LEDGER_HEADER_ROW,
  projectLedgerFileName,
  writeProjectLedger,
  type ProjectLedgerMeta,
} from './project-ledger';
import type { ProjectListItemDto } from './project.dto';

const GENERATED_AT = new Date('2026-06-22T04:05:06Z'); // 12:05 in China

const META: ProjectLedgerMeta = {
  title: '项目台账',
  filters: [
    ['阶段', '签约'],
    ['区划', '濮阳县(410928)含下级'],
  ],
  generatedAt: GENERATED_AT,
  stageLabel: (stage) => ({ SIGNED: '签约', LEAD: '线索' })[stage] ?? stage,
  regionName: (code) => ({ '410928': '濮阳县', '410922': '清丰县' })[code] ?? code,
  chainName: (code) => ({ NEW_MATERIALS: '新材料' })[code] ?? code,
};

let n = 0;
function item(overrides: Partial<ProjectListItemDto> = {}): ProjectListItemDto {
  n += 1;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    name: `项目${n}`,
    investorName: '深圳市某新材料科技有限公司',
    stage: 'SIGNED',
    regionCode: '410928',
    industryChain: 'NEW_MATERIALS',
    source: 'EXISTING_INVESTOR',
    investment: 12_345.6789,
    currency: 'CNY',
    contractInvestment: 12_345.6789,
    arrived: 1_000.0001,
    leadOn: '2026-01-05',
    signedOn: '2026-03-18',
    light: 'RED',
    openIssues: 2,
    externalRef: `PY-2026-${n}`,
    version: 7,
    ...overrides,
  };
}

async function* pagesOf(pages: ProjectListItemDto[][]): AsyncIterable<ProjectListItemDto[]> {
  for (const page of pages) {
    await new Promise((resolve) => setImmediate(resolve)); // as a database would
    yield page;
  }
}

/** Streams the ledger into memory and opens it again, as Excel would. */
async function ledger(pages: ProjectListItemDto[][], meta = META) {
  const output = new PassThrough();
  const chunks: Buffer[] = [];
  output.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => output.on('end', resolve));
  const { rows } = await writeProjectLedger(output, pagesOf(pages), meta);
  await ended;
  // exceljs types its input as an ArrayBuffer; at run time it reads Node Buffers too.
  const bytes = Buffer.concat(chunks) as unknown as ExcelJS.Buffer;
  const workbook = await new ExcelJS.Workbook().xlsx.load(bytes);
  return { rows, workbook, sheet: workbook.getWorksheet('项目台账')! };
}

const values = (row: ExcelJS.Row, width = 19) =>
  Array.from({ length: width }, (_, i) => row.getCell(i + 1).value ?? null);

const HEADERS = [
  '项目名称',
  '投资方',
  '阶段',
  '区划代码',
  '区划',
  '产业链代码',
  '产业链',
  '线索来源',
  '投资额(万,按币种)',
  '币种',
  '合同投资额(万,按币种)',
  '实到资金(万元)',
  '线索日期',
  '签约日期',
  '灯色',
  '未化解问题数',
  '外部编号',
  '项目编号',
  '版本',
];

describe('the project ledger (项目台账)', () => {
  it('writes the title, filters, a frozen header and one row per project, every field', async () => {
    const signed = item({ name: '年产5万吨高性能复合材料项目' });
    const lead = item({
      stage: 'LEAD',
      regionCode: '410922',
      source: 'HOMETOWN_ENTREPRENEUR',
      investment: 50_000,
      contractInvestment: null,
      arrived: 0,
      signedOn: null,
      light: 'GREEN',
      openIssues: 0,
      externalRef: null,
    });
    const usd = item({ currency: 'USD', investment: 5_900, contractInvestment: 5_900 });
    const { rows, workbook, sheet } = await ledger([[signed, lead], [usd]]);

    expect(rows).toBe(3);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(['项目台账']);
    expect(sheet.getCell('A1').value).toBe('项目台账');
    expect(sheet.getCell('A2').value).toBe(
      '筛选条件:阶段:签约;区划:濮阳县(410928)含下级    生成时间:2026-06-22 12:05',
    );
    expect(LEDGER_HEADER_ROW).toBe(3);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    expect(sheet.autoFilter).toBe('A3:S6');
    expect(sheet.pageSetup).toMatchObject({
      orientation: 'landscape',
      paperSize: 9,
      fitToWidth: 1,
      printTitlesRow: '3:3',
    });
    expect(values(sheet.getRow(3))).toEqual(HEADERS);
    expect(sheet.getCell('A3').font?.bold).toBe(true);
    expect(sheet.getColumn(1).width).toBe(40);
    expect(sheet.rowCount).toBe(6);

    expect(values(sheet.getRow(4))).toEqual([
      '年产5万吨高性能复合材料项目',
      '深圳市某新材料科技有限公司',
      '签约',
      '410928',
      '濮阳县',
      'NEW_MATERIALS',
      '新材料',
      '以商招商',
      12_345.6789,
      '人民币',
      12_345.6789,
      1_000.0001,
      '2026-01-05',
      '2026-03-18',
      '红灯',
      2,
      signed.externalRef,
      signed.id,
      7,
    ]);
    // Nulls are empty cells; the lead has no contract and no signing date.
    expect(values(sheet.getRow(5))).toEqual([
      lead.name,
      lead.investorName,
      '线索',
      '410922',
      '清丰县',
      'NEW_MATERIALS',
      '新材料',
      '乡贤',
      50_000,
      '人民币',
      null,
      0,
      '2026-01-05',
      null,
      '绿灯',
      0,
      null,
      lead.id,
      7,
    ]);
    // A USD project keeps its amounts in 万美元, said by the currency column.
    expect(values(sheet.getRow(6)).slice(8, 11)).toEqual([5_900, '美元', 5_900]);

    // Amounts are numbers with the 万元 format, counts integers, the light coloured.
    for (const column of [9, 11, 12]) {
      const cell = sheet.getRow(4).getCell(column);
      expect(typeof cell.value).toBe('number');
      expect(cell.numFmt).toBe('#,##0.00##');
    }
    expect(sheet.getCell('P4').numFmt).toBe('0');
    expect(sheet.getCell('O4').fill).toMatchObject({ pattern: 'solid' });
    expect(sheet.getCell('K5').numFmt).toBeUndefined();
  });

  it('keeps the pages in order: 3 pages of 2 give 6 rows', async () => {
    const pages = [
      [item(), item()],
      [item(), item()],
      [item(), item()],
    ];
    const { rows, sheet } = await ledger(pages);
    expect(rows).toBe(6);
    const names: unknown[] = [];
    sheet.eachRow((row, number) => {
      if (number > LEDGER_HEADER_ROW) names.push(row.getCell(1).value);
    });
    expect(names).toEqual(pages.flat().map((p) => p.name));
  });

  it('writes a valid workbook with only the header when nothing matches', async () => {
    const { rows, sheet } = await ledger([[]], { ...META, filters: [] });
    expect(rows).toBe(0);
    expect(sheet.getCell('A2').value).toBe('筛选条件:全部项目    生成时间:2026-06-22 12:05');
    expect(sheet.rowCount).toBe(3);
  });

  it('streams as it reads: a slow reader holds back the next page', async () => {
    // A slow download: each chunk is taken on a later turn of the event loop.
    const output = new Writable({
      write: (chunk: Buffer, _encoding, done) => {
        received += chunk.length;
        setImmediate(done);
      },
    });
    let received = 0;
    const receivedWhenRead: number[] = [];
    async function* pages(): AsyncIterable<ProjectListItemDto[]> {
      for (let p = 0; p < 20; p += 1) {
        await new Promise((resolve) => setImmediate(resolve));
        receivedWhenRead.push(received);
        yield Array.from({ length: 500 }, () => item());
      }
    }
    const { rows } = await writeProjectLedger(output, pages(), META);
    expect(rows).toBe(10_000);
    // Without waiting for the zip, most of the file would still sit in memory at the last page.
    expect(receivedWhenRead.at(-1)).toBeGreaterThan(received / 2);
  });

  it('stops reading pages when the reader goes away', async () => {
    const stalled = new Writable({ write: () => undefined }); // never takes a chunk
    let read = 0;
    async function* pages(): AsyncIterable<ProjectListItemDto[]> {
      for (let p = 0; p < 50; p += 1) {
        await Promise.resolve();
        read += 1;
        if (read === 5) setTimeout(() => stalled.destroy(), 50);
        yield Array.from({ length: 500 }, () => item());
      }
    }
    await expect(writeProjectLedger(stalled, pages(), META)).rejects.toThrow('closed');
    expect(read).toBeLessThan(50);
  });

  it('rejects, leaving the output unfinished, when a page fails', async () => {
    const output = new PassThrough();
    output.resume();
    async function* failing(): AsyncIterable<ProjectListItemDto[]> {
      yield await Promise.resolve([item()]);
      throw new Error('database gone');
    }
    await expect(writeProjectLedger(output, failing(), META)).rejects.toThrow('database gone');
    expect(output.writableEnded).toBe(false);
  });

  it('names the file with the China time it was made', () => {
    expect(projectLedgerFileName(GENERATED_AT)).toBe('项目台账_2026-06-22_1205.xlsx');
  });
});
