import ExcelJS from 'exceljs';
import {
  AGENDA_SHEETS,
  expectWorkbookMatchesAgenda,
} from '../../../../../test/support/agenda-workbook';
import type { WeeklyMeetingDto } from '../queries/weekly-meeting.dto';
import { WeeklyMeetingHandler } from '../queries/weekly-meeting.handler';
import { WeeklyMeetingQuery } from '../queries/weekly-meeting.query';
import type { ReportDataService } from '../report-data.service';
import {
  CITY,
  demoData,
  InMemoryReportData,
  QINGFENG,
  SAMPLE_ADMIN,
} from '../testing/sample-agenda';
import { buildWeeklyWorkbook, weeklyWorkbookFileName } from './weekly-workbook';

const GENERATED_AT = new Date('2026-06-22T04:05:06Z'); // 12:05 in China

/** The agenda as an HTTP client reads it: through JSON. */
async function agenda(
  date = '2026-06-23',
  regionCode: string | undefined = CITY,
  more?: (data: ReturnType<typeof demoData>) => void,
): Promise<WeeklyMeetingDto> {
  const demo = demoData();
  more?.(demo);
  const data = new InMemoryReportData(demo.facts, demo.items) as unknown as ReportDataService;
  const query = new WeeklyMeetingQuery(SAMPLE_ADMIN, { date, regionCode }, null);
  return JSON.parse(
    JSON.stringify(await new WeeklyMeetingHandler(data).execute(query)),
  ) as WeeklyMeetingDto;
}

/** Written to xlsx bytes and read back by a fresh workbook, as Excel or WPS would open it. */
async function roundTrip(workbook: ExcelJS.Workbook): Promise<ExcelJS.Workbook> {
  const bytes = await workbook.xlsx.writeBuffer();
  return new ExcelJS.Workbook().xlsx.load(bytes);
}

/** Amounts with every decimal a 万元 figure can have, and a long text that must wrap. */
function fractionalWeek(demo: ReturnType<typeof demoData>): void {
  demo.facts
    .project('00000000-0000-4000-8000-00000000f001')
    .lead('2026-01-05', { name: '精细化工', regionCode: QINGFENG, estimated: { wan: 1 } })
    .negotiate('2026-02-01', { wan: 1234.5678 })
    .sign('2026-06-17', { wan: 98_765.4321 })
    .arrive('2026-06-18', { wan: 0.0001 })
    .raiseIssue('2026-06-18', '00000000-0000-4000-8000-00000000f002', {
      category: 'APPROVAL',
      coordinationLevel: 'COUNTY',
      description: '环评批复尚未取得,'.repeat(8) + '需县生态环境分局协调',
    });
}

describe('the weekly meeting workbook', () => {
  it('holds every row and figure of the agenda, every section filled', async () => {
    const json = await agenda();
    // The sample fills every section: nothing is checked against "无" alone.
    expect(json.thisWeek.productions).toHaveLength(1);
    expect(json.lastMeetingDecisions.stillOpenEarlier).toHaveLength(1);
    const workbook = await roundTrip(buildWeeklyWorkbook(json, { generatedAt: GENERATED_AT }));
    expectWorkbookMatchesAgenda(workbook, json, { generatedAt: GENERATED_AT });
    expect(workbook.getWorksheet('说明')!.getCell('B12').value).toBe('2026-06-22 12:05');
    // null is an empty cell: the town problem has no due date.
    const problems = workbook.getWorksheet('待协调问题')!;
    expect([problems.getCell('H2').value, problems.getCell('H4').value]).toEqual([
      '办结时限',
      null,
    ]);
  });

  it('keeps 万元 to the 4th decimal, as numbers with a number format', async () => {
    const json = await agenda('2026-06-23', CITY, fractionalWeek);
    const signing = json.thisWeek.signings.find((s) => s.name === '精细化工')!;
    expect(signing.investment?.wan).toBe(98_765.4321);
    const workbook = await roundTrip(buildWeeklyWorkbook(json, { generatedAt: GENERATED_AT }));
    expectWorkbookMatchesAgenda(workbook, json, { generatedAt: GENERATED_AT });

    const week = workbook.getWorksheet('本周动态')!;
    const row = [...Array(week.rowCount).keys()]
      .map((i) => week.getRow(i + 1))
      .find((r) => r.getCell(3).value === '精细化工')!;
    const amount = row.getCell(7);
    expect(week.getCell(2, 7).value).toBe('投资额(万元)');
    expect(typeof amount.value).toBe('number');
    expect(amount.value).toBe(98_765.4321);
    expect(amount.numFmt).toBe('#,##0.00##');
    const landing = workbook.getWorksheet('签约到落地')!;
    expect(landing.getCell('A14').value).toBe('实到资金(万元)');
    expect(landing.getCell('B14').value).toBe(json.landing.fundsArrived.wan);
    expect(json.landing.fundsArrived.wan).toBe(7_000.0001);
  });

  it('names the codes when given the lookups, one column after each code', async () => {
    const json = await agenda('2026-06-23', CITY, fractionalWeek);
    const names = {
      regionName: (code: string) => ({ [CITY]: '濮阳市', [QINGFENG]: '清丰县' })[code],
      chainName: (code: string) => (code === 'NEW_MATERIALS' ? '新材料' : undefined),
    };
    const workbook = await roundTrip(buildWeeklyWorkbook(json, { ...names }));
    expectWorkbookMatchesAgenda(workbook, json, names);
    const header = workbook.getWorksheet('重大项目')!.getRow(2).values as unknown[];
    expect(header.slice(1)).toEqual([
      '序号',
      '项目名称',
      '区划代码',
      '区划',
      '产业链代码',
      '产业链',
      '阶段',
      '进入阶段日期',
      '投资额(万元)',
      '币种',
    ]);
  });

  it('gives empty sections their sheet, headers and one "无" row; null as an empty cell', async () => {
    const json = { ...(await agenda('2026-01-06', QINGFENG)), knownAt: '2026-01-05T10:00:00.000Z' };
    expect(json.thisWeek.signings).toEqual([]);
    expect(json.problems).toEqual([]);
    expect(json.lastMeetingDecisions.lastMeetingDate).toBeNull();
    const workbook = await roundTrip(buildWeeklyWorkbook(json));
    expectWorkbookMatchesAgenda(workbook, json);
    const problems = workbook.getWorksheet('待协调问题')!;
    expect(problems.getCell('A3').value).toBe('无');
    expect(problems.rowCount).toBe(3);
    expect(workbook.getWorksheet('说明')!.getCell('B7').value).toBe('2026-01-05T10:00:00.000Z');
  });

  it('notices a figure off by the smallest step, a row missing or a text for a number', async () => {
    const json = await agenda('2026-06-23', CITY, fractionalWeek);
    const workbook = await roundTrip(buildWeeklyWorkbook(json, { generatedAt: GENERATED_AT }));
    const check = (change: (a: WeeklyMeetingDto) => void) => {
      const changed = structuredClone(json);
      change(changed);
      return () => expectWorkbookMatchesAgenda(workbook, changed, { generatedAt: GENERATED_AT });
    };
    expect(check(() => undefined)).not.toThrow();
    const changes: Array<(a: WeeklyMeetingDto) => void> = [
      (a) => (a.thisWeek.signings[1]!.investment!.wan += 0.0001),
      (a) => (a.thisWeek.signedInvestment.wan += 1),
      (a) => (a.landing.fundsArrived.wan -= 0.0001),
      (a) => (a.landing.groundbreakingRate! += 0.1),
      (a) => (a.landing.medianDaysSignedToGroundbroken! += 0.5),
      (a) => (a.monthly[5]!.signings += 1),
      (a) => (a.headline.indicators[2]!.actualAmount!.wan += 1),
      (a) => (a.headline.indicators[1]!.started! += 1),
      (a) => (a.headline.timeProgress += 0.1),
      (a) => (a.problems[0]!.daysOpen += 1),
      (a) => (a.redYellowProjects.yellow += 1),
      (a) => (a.redYellowProjects.projects[0]!.items[1]!.raisedOn = '2026-06-05'),
      (a) => (a.signedNotStarted[0]!.daysSinceSigning -= 1),
      (a) => (a.regionRanking[0]!.completion = null),
      (a) => (a.lastMeetingDecisions.stillOpenEarlier[0]!.overdueDays += 1),
      (a) => (a.lastMeetingDecisions.done += 1),
      (a) => a.majorProjects.pop(),
      (a) => a.thisWeek.productions.push(a.thisWeek.productions[0]!),
      (a) => (a.rules.week += '.'),
    ];
    for (const change of changes) expect(check(change)).toThrow();

    // A figure written as text is refused even when it reads the same.
    const cell = workbook.getWorksheet('各月签约开工')!.getCell('B3');
    cell.value = (cell.value as number).toString();
    expect(check(() => undefined)).toThrow();
  });

  it('lays every sheet out for the screen and the printer', async () => {
    const json = await agenda('2026-06-23', CITY, fractionalWeek);
    const workbook = await roundTrip(buildWeeklyWorkbook(json, { generatedAt: GENERATED_AT }));
    expect(workbook.worksheets.map((s) => s.name)).toEqual(AGENDA_SHEETS);
    for (const sheet of workbook.worksheets) {
      expect(sheet.name.length).toBeLessThanOrEqual(31);
      expect(sheet.name).not.toMatch(/[[\]:*?/\\]/);
      // The header row (2) stays on screen, filters, and prints on every page.
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
      expect(sheet.autoFilter).toMatch(/^A2:[A-Z]+\d+$/);
      expect(sheet.pageSetup).toMatchObject({
        paperSize: 9,
        orientation: 'landscape',
        fitToPage: true,
        fitToWidth: 1,
        fitToHeight: 0,
        printTitlesRow: '2:2',
      });
      expect(sheet.getCell('A2').font?.bold).toBe(true);
      const headers = (sheet.getRow(2).values as unknown[]).slice(1);
      headers.forEach((_, i) => {
        const width = sheet.getColumn(i + 1).width;
        expect(width).toBeGreaterThanOrEqual(6);
        expect(width).toBeLessThanOrEqual(60);
      });
    }
    // A CJK header counts double: 最早预警日期 (6 characters) needs 12 + 2.
    expect(workbook.getWorksheet('红黄灯项目')!.getColumn(5).width).toBe(14);
    // A long description is capped and wraps.
    const problems = workbook.getWorksheet('待协调问题')!;
    expect(problems.getColumn(5).width).toBe(60);
    expect(problems.getCell('E3').alignment).toMatchObject({ wrapText: true });
    // Lights read in black and white and are coloured.
    const lights = workbook.getWorksheet('红黄灯项目')!;
    expect(lights.getCell('D3').value).toBe('红灯');
    expect(lights.getCell('D3').fill).toMatchObject({ pattern: 'solid' });
  });

  it('names the file after the region and the meeting', async () => {
    expect(weeklyWorkbookFileName(await agenda())).toBe('周例会_濮阳市_2026-06-23.xlsx');
  });
});
