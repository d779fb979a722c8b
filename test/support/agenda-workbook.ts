import type ExcelJS from 'exceljs';
import type { WeeklyMeetingDto } from '@luodi/app/reports/queries/weekly-meeting.dto';

// What the weekly meeting workbook must hold, derived from the JSON agenda on its own (not from
// the builder): every sheet, row by row and cell by cell. Shared by the unit test of the
// builder and the end-to-end test that fetches the JSON and the xlsx from the running app.

/** An expected cell: a text, an empty cell (null), a number with its format, a light, or any time. */
type Expected = string | null | { n: number; fmt: string } | { light: string } | { anyTime: true };

interface ExpectedSheet {
  name: string;
  title: string;
  headers: string[];
  rows: Expected[][];
  footer?: Array<[string, Expected]>;
}

export interface AgendaWorkbookOptions {
  /** When the workbook was built with generatedAt; otherwise any time is accepted. */
  generatedAt?: Date;
  /** The name lookups the workbook was built with (each adds a column after the code). */
  regionName?: (code: string) => string | undefined;
  chainName?: (code: string) => string | undefined;
}

type Amount = { wan: number } | null;

const WAN = '#,##0.00##';
const wan = (a: Amount): Expected => (a === null ? null : { n: a.wan, fmt: WAN });
const pct = (n: number | null): Expected => (n === null ? null : { n, fmt: '0.0"%"' });
const int = (n: number | null): Expected => (n === null ? null : { n, fmt: '0' });
const days = (n: number | null): Expected => (n === null ? null : { n, fmt: '0.0' });
const yes = (b: boolean | null): Expected => (b === null ? null : b ? '是' : '否');
const light = (severity: string): Expected => ({
  light: { RED: '红灯', YELLOW: '黄灯', GREEN: '绿灯' }[severity] ?? severity,
});
const currency = (c: string | null): Expected =>
  c === null ? null : ({ CNY: '人民币', USD: '美元' }[c] ?? c);

const CATEGORY: Record<string, string> = {
  LAND: '用地',
  POWER: '用电',
  WATER: '用水',
  FINANCING: '融资',
  LABOUR: '用工',
  APPROVAL: '审批',
  POLICY_FUNDS: '政策兑现',
  OTHER: '其他',
};
const COORDINATION: Record<string, string> = { CITY: '市级', COUNTY: '县级', TOWN: '乡镇级' };
const ESCALATION: Record<string, string> = {
  UNIT: '责任单位',
  DEPUTY_MAYOR: '分管副市长',
  CITY_LEADER: '市主要领导',
};
const KIND: Record<string, string> = { PROJECT: '项目', ISSUE: '问题', DECISION: '议定事项' };
const LANDING: Record<string, string> = {
  REGISTERED: '注册落户',
  UNDER_CONSTRUCTION: '开工',
  IN_PRODUCTION: '投产',
};
const RULES: Record<string, string> = {
  week: '本周',
  problems: '待协调问题',
  notStarted: '签约三个月未开工',
  major: '重大项目',
  redYellow: '红黄灯项目',
  landing: '签约到落地与各月数据',
  decisions: '会议议定事项落实',
};

export const AGENDA_SHEETS = [
  '说明',
  '主要指标',
  '签约到落地',
  '各月签约开工',
  '本周动态',
  '待协调问题',
  '红黄灯项目',
  '签约三个月未开工',
  '重大项目',
  '区划排名',
  '议定事项落实',
];

/** Every sheet of the workbook as the agenda says it must be. */
export function expectedAgendaSheets(
  a: WeeklyMeetingDto,
  options: AgendaWorkbookOptions = {},
): ExpectedSheet[] {
  const { regionName, chainName } = options;
  // Code columns, each followed by the name when the workbook was given the lookup.
  const region = (code: string): Expected[] =>
    regionName ? [code, regionName(code) ?? null] : [code];
  const chain = (code: string): Expected[] =>
    chainName ? [code, chainName(code) ?? null] : [code];
  const regionHead = regionName ? ['区划代码', '区划'] : ['区划代码'];
  const chainHead = chainName ? ['产业链代码', '产业链'] : ['产业链代码'];
  const indicatorName = (key: string) =>
    a.headline.indicators.find((i) => i.key === key)?.label ?? key;
  const project = (p: {
    name: string;
    regionCode: string;
    industryChain: string;
    stageLabel: string;
  }): Expected[] => [p.name, ...region(p.regionCode), ...chain(p.industryChain), p.stageLabel];
  const projectHead = ['项目名称', ...regionHead, ...chainHead, '阶段'];
  const l = a.landing;
  const w = a.thisWeek;
  const d = a.lastMeetingDecisions;
  const decision = (group: string) => (x: (typeof d.items)[number]) => [
    group,
    x.meetingDate,
    x.text,
    ...region(x.regionCode),
    x.responsibleUnit,
    x.responsibleLeader,
    x.dueOn,
    x.statusLabel,
    light(x.severity),
    yes(x.done),
    x.closedOn,
    int(x.overdueDays),
  ];

  return [
    {
      name: '说明',
      title: `${a.regionName}重点签约项目推进会 会议材料`,
      headers: ['项目', '内容'],
      rows: [
        ['会议日期', a.meetingDate],
        ['区划', a.regionName],
        ['区划代码', a.regionCode],
        ['统计日', a.asOf],
        ['记录时点', a.knownAt === null ? '截至现在' : a.knownAt],
        ['本周', `${a.week.from} 至 ${a.week.to}`],
        ['年度', int(a.headline.year)],
        ['序时进度(%)', pct(a.headline.timeProgress)],
        ['排名指标', indicatorName(a.rankBy)],
        ['生成时间', options.generatedAt ? chinaMinute(options.generatedAt) : { anyTime: true }],
        ['空白单元格', '无此数据;没有条目的部分写“无”'],
        ...Object.entries(a.rules).map(([k, text]) => [`口径:${RULES[k] ?? k}`, text]),
      ],
    },
    {
      name: '主要指标',
      title: `${a.headline.year}年主要指标完成情况(统计日 ${a.asOf})`,
      headers: [
        '指标',
        '单位',
        '实际完成',
        '年度目标',
        '完成率(%)',
        '序时进度(%)',
        '是否落后序时',
        '其中已开工(个)',
        '亿元以上在谈项目(个)',
        '统计口径',
      ],
      rows: a.headline.indicators.map((i) => [
        i.label,
        i.unit === 'amount' ? '万元' : '个',
        i.unit === 'amount' ? wan(i.actualAmount) : int(i.actual),
        i.unit === 'amount' ? wan(i.targetAmount) : int(i.target),
        pct(i.completion),
        pct(i.timeProgress),
        yes(i.behindSchedule),
        int(i.started ?? null),
        int(i.count ?? null),
        i.rule,
      ]),
      footer: [
        ['双过半', a.headline.doubleHalf.achieved ? '已实现' : '未实现'],
        ['提前实现', yes(a.headline.doubleHalf.early)],
        ['参与判断的指标', a.headline.doubleHalf.headline.map(indicatorName).join('、')],
        ['判定口径', a.headline.doubleHalf.rule],
      ],
    },
    {
      name: '签约到落地',
      title: `签约到落地(${l.signedFrom} 至 ${l.signedTo} 签约的项目,落地口径:${LANDING[l.landingRule] ?? l.landingRule})`,
      headers: ['指标', '数值'],
      rows: [
        ['签约项目数(个)', int(l.signed)],
        ['已注册落户(个)', int(l.registered)],
        ['已开工(个)', int(l.groundbroken)],
        ['已投产(个)', int(l.inProduction)],
        ['已终止(个)', int(l.dropped)],
        ['已落地(个)', int(l.landed)],
        ['注册率(%)', pct(l.registrationRate)],
        ['开工率(%)', pct(l.groundbreakingRate)],
        ['投产率(%)', pct(l.productionRate)],
        ['落地率(%)', pct(l.landingRate)],
        ['合同投资额(万元)', wan(l.contractInvestment)],
        ['实到资金(万元)', wan(l.fundsArrived)],
        ['资金到位率(%)', pct(l.fundsArrivalRate)],
        ['签约到注册中位天数(天)', days(l.medianDaysSignedToRegistered)],
        ['签约到开工中位天数(天)', days(l.medianDaysSignedToGroundbroken)],
      ],
    },
    {
      name: '各月签约开工',
      title: `${a.headline.year}年各月签约、开工项目数`,
      headers: ['月份', '签约项目数', '签约投资额(万元)', '开工项目数'],
      rows: a.monthly.map((m) => [
        m.month,
        int(m.signings),
        wan(m.signedInvestment),
        int(m.groundbreakings),
      ]),
    },
    {
      name: '本周动态',
      title: `本周签约、注册、开工、投产项目(${a.week.from} 至 ${a.week.to})`,
      headers: ['类别', '日期', ...projectHead, '投资额(万元)', '币种'],
      rows: (
        [
          ['签约', w.signings],
          ['注册', w.registrations],
          ['开工', w.groundbreakings],
          ['投产', w.productions],
        ] as const
      ).flatMap(([kind, list]) =>
        list.map((p) => [kind, p.on, ...project(p), wan(p.investment), currency(p.currency)]),
      ),
      footer: [['本周新签约合同投资额合计(万元)', wan(w.signedInvestment)]],
    },
    {
      name: '待协调问题',
      title: `需协调解决的问题(共 ${a.problems.length} 个;市级优先,其次县级、乡镇级,先提出的在前)`,
      headers: [
        '序号',
        '项目名称',
        ...regionHead,
        '问题类别',
        '问题描述',
        '协调层级',
        '责任单位',
        '办结时限',
        '提出日期',
        '挂账天数',
      ],
      rows: a.problems.map((p, i) => [
        int(i + 1),
        p.projectName,
        ...region(p.regionCode),
        CATEGORY[p.category] ?? p.category,
        p.description,
        COORDINATION[p.coordinationLevel] ?? p.coordinationLevel,
        p.responsibleUnit,
        p.dueOn,
        p.raisedOn,
        int(p.daysOpen),
      ]),
    },
    {
      name: '红黄灯项目',
      title: `红黄灯项目(统计日 ${a.asOf};红灯在前,每个未办结的督办事项一行)`,
      headers: [
        '序号',
        '项目名称',
        ...regionHead,
        '项目灯色',
        '最早预警日期',
        '督办对象',
        '预警规则',
        '事项灯色',
        '预警原因',
        '督办层级',
        '责任单位',
        '督办单状态',
        '办理时限',
        '预警日期',
      ],
      rows: a.redYellowProjects.projects.flatMap((p, i) => {
        const head = [
          int(i + 1),
          p.name,
          ...region(p.regionCode),
          light(p.light),
          p.oldestRaisedOn,
        ];
        if (p.items.length === 0) return [head];
        return p.items.map((x) => [
          ...head,
          KIND[x.kind] ?? x.kind,
          x.ruleName,
          light(x.severity),
          x.reason,
          ESCALATION[x.escalationLevel] ?? x.escalationLevel,
          x.responsibleUnit,
          x.statusLabel,
          x.dueOn,
          x.raisedOn,
        ]);
      }),
      footer: [
        ['红灯项目数', int(a.redYellowProjects.red)],
        ['黄灯项目数', int(a.redYellowProjects.yellow)],
      ],
    },
    {
      name: '签约三个月未开工',
      title: `签约三个月未开工项目(共 ${a.signedNotStarted.length} 个,先签约的在前)`,
      headers: ['序号', ...projectHead, '投资额(万元)', '币种', '签约日期', '签约天数'],
      rows: a.signedNotStarted.map((p, i) => [
        int(i + 1),
        ...project(p),
        wan(p.investment),
        currency(p.currency),
        p.signedOn,
        int(p.daysSinceSigning),
      ]),
    },
    {
      name: '重大项目',
      title: `重大项目(5亿元以上)进展(共 ${a.majorProjects.length} 个,投资额大的在前)`,
      headers: ['序号', ...projectHead, '进入阶段日期', '投资额(万元)', '币种'],
      rows: a.majorProjects.map((p, i) => [
        int(i + 1),
        ...project(p),
        p.stageEnteredOn,
        wan(p.investment),
        currency(p.currency),
      ]),
    },
    {
      name: '区划排名',
      title: `下一级区划完成率排名(排名指标:${indicatorName(a.rankBy)})`,
      headers: ['名次', '区划代码', '区划', '完成率(%)', '是否落后序时'],
      rows: a.regionRanking.map((r) => [
        int(r.rank),
        r.regionCode,
        r.regionName,
        pct(r.completion),
        yes(r.behindSchedule),
      ]),
    },
    {
      name: '议定事项落实',
      title: `会议议定事项落实情况(上次会议 ${d.lastMeetingDate ?? '无'};另列更早会议仍未办结的事项)`,
      headers: [
        '分组',
        '会议日期',
        '议定事项',
        ...regionHead,
        '责任单位',
        '牵头领导',
        '完成时限',
        '督办单状态',
        '灯色',
        '是否办结',
        '办结日期',
        '逾期天数',
      ],
      rows: [
        ...d.items.map(decision('上次会议')),
        ...d.stillOpenEarlier.map(decision('更早未办结')),
      ],
      footer: [
        ['上次会议日期', d.lastMeetingDate],
        ['上次会议议定事项(项)', int(d.total)],
        ['其中已办结(项)', int(d.done)],
      ],
    },
  ];
}

/** Fails, naming the sheet, row and column, on the first cell that differs from the agenda. */
export function expectWorkbookMatchesAgenda(
  workbook: ExcelJS.Workbook,
  agenda: WeeklyMeetingDto,
  options: AgendaWorkbookOptions = {},
): void {
  expect(workbook.worksheets.map((s) => s.name)).toEqual(AGENDA_SHEETS);
  for (const sheet of expectedAgendaSheets(agenda, options)) {
    const actual = workbook.getWorksheet(sheet.name)!;
    const width = sheet.headers.length;
    const lines: Array<{ cells: Expected[]; width: number }> = [
      { cells: [sheet.title], width: 1 },
      { cells: sheet.headers, width },
      ...(sheet.rows.length > 0 ? sheet.rows : [['无']]).map((cells) => ({ cells, width })),
      ...(sheet.footer
        ? [{ cells: [], width }, ...sheet.footer.map((cells) => ({ cells, width: 2 }))]
        : []),
    ];
    lines.forEach((line, i) => {
      const row = actual.getRow(i + 1);
      for (let c = 1; c <= line.width; c += 1) {
        const where = `${sheet.name}!${row.getCell(c).address}`;
        expectCell(where, row.getCell(c), line.cells[c - 1] ?? null);
      }
    });
    expect({ sheet: sheet.name, rows: actual.rowCount }).toEqual({
      sheet: sheet.name,
      rows: lines.length,
    });
  }
}

function expectCell(where: string, cell: ExcelJS.Cell, expected: Expected): void {
  const value = cell.value as unknown;
  if (expected !== null && typeof expected === 'object' && 'anyTime' in expected) {
    expect({ where, value }).toEqual({
      where,
      value: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/),
    });
  } else if (expected === null || typeof expected === 'string') {
    expect({ where, value: value ?? null }).toEqual({ where, value: expected });
  } else if ('n' in expected) {
    // A number, never a text, exactly the JSON figure, shown with its format.
    expect({ where, value, numFmt: cell.numFmt }).toEqual({
      where,
      value: expected.n,
      numFmt: expected.fmt,
    });
  } else {
    const fill = cell.fill as { pattern?: string; fgColor?: { argb?: string } } | undefined;
    expect({ where, value, filled: fill?.pattern === 'solid' && !!fill.fgColor?.argb }).toEqual({
      where,
      value: expected.light,
      filled: true,
    });
  }
}

/** 2026-06-22 12:00: China time, to the minute. */
function chinaMinute(at: Date): string {
  const local = new Date(at.getTime() + 8 * 60 * 60 * 1000);
  const two = (n: number) => String(n).padStart(2, '0');
  return (
    `${local.getUTCFullYear()}-${two(local.getUTCMonth() + 1)}-${two(local.getUTCDate())} ` +
    `${two(local.getUTCHours())}:${two(local.getUTCMinutes())}`
  );
}
