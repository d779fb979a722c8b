import type ExcelJS from 'exceljs';
import { exceljs } from '../../common/on-demand';
import {
  COORDINATION_LEVEL_LABELS,
  ESCALATION_LEVEL_LABELS,
  ISSUE_CATEGORY_LABELS,
  KIND_LABELS,
  STAGE_LABELS,
} from '@luodi/domain';
import type { AmountViewDto } from '../queries/report.dto';
import type {
  AgendaDecisionDto,
  AgendaMilestoneDto,
  AgendaProjectDto,
  WeeklyMeetingDto,
} from '../queries/weekly-meeting.dto';
import {
  addTableSheet,
  chinaTime,
  CURRENCY_LABELS,
  FORMAT,
  lightCell,
  safeFileName,
  yesNo,
  type Cell,
  type Table,
} from './sheet-layout';

// The weekly meeting agenda (周例会) as a workbook: one sheet per section, the figures exactly
// as in the JSON agenda (万元 from `wan`, percentages unscaled, dates as YYYY-MM-DD text), null
// as an empty cell and an empty section as one "无" row.

export interface WeeklyWorkbookOptions {
  generatedAt?: Date;
  /** Given, a 区划 (name) column follows each 区划代码 column. */
  regionName?: (code: string) => string | undefined;
  /** Given, a 产业链 (name) column follows each 产业链代码 column. */
  chainName?: (code: string) => string | undefined;
}

export const WEEKLY_SHEETS = [
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
] as const;

const RULE_LABELS: Record<string, string> = {
  week: '本周',
  problems: '待协调问题',
  notStarted: '签约三个月未开工',
  major: '重大项目',
  redYellow: '红黄灯项目',
  landing: '签约到落地与各月数据',
  decisions: '会议议定事项落实',
};

/** A code's label, or the code itself when the list has none (a newer code). */
const label = (labels: Record<string, string>, code: string) => labels[code] ?? code;

const wan = (amount: AmountViewDto | null): Cell =>
  amount === null ? null : { value: amount.wan, format: FORMAT.wan };
const percent = (n: number | null): Cell =>
  n === null ? null : { value: n, format: FORMAT.percent };
const count = (n: number): Cell => ({ value: n, format: FORMAT.integer });

export function buildWeeklyWorkbook(
  agenda: WeeklyMeetingDto,
  options: WeeklyWorkbookOptions = {},
): ExcelJS.Workbook {
  const generatedAt = options.generatedAt ?? new Date();
  const names = codeColumns(options);
  const workbook = new (exceljs().Workbook)();
  workbook.creator = 'luodi';
  workbook.created = generatedAt;

  const sections: Record<(typeof WEEKLY_SHEETS)[number], Table> = {
    说明: about(agenda, generatedAt),
    主要指标: indicators(agenda),
    签约到落地: landing(agenda),
    各月签约开工: monthly(agenda),
    本周动态: thisWeek(agenda, names),
    待协调问题: problems(agenda, names),
    红黄灯项目: redYellow(agenda, names),
    签约三个月未开工: notStarted(agenda, names),
    重大项目: major(agenda, names),
    区划排名: ranking(agenda),
    议定事项落实: decisions(agenda, names),
  };
  for (const name of WEEKLY_SHEETS) addTableSheet(workbook, name, sections[name]);
  return workbook;
}

/** 周例会_濮阳市_2026-06-23.xlsx */
export function weeklyWorkbookFileName(agenda: WeeklyMeetingDto): string {
  return `周例会_${safeFileName(agenda.regionName)}_${agenda.meetingDate}.xlsx`;
}

/** The code columns, each followed by its name column when the caller can name the codes. */
interface Names {
  region: { headers: string[]; cells(code: string): Cell[] };
  chain: { headers: string[]; cells(code: string): Cell[] };
}

function codeColumns(options: WeeklyWorkbookOptions): Names {
  const column = (code: string, name: string, lookup?: (code: string) => string | undefined) => ({
    headers: lookup ? [code, name] : [code],
    cells: (c: string): Cell[] => (lookup ? [c, lookup(c) ?? null] : [c]),
  });
  return {
    region: column('区划代码', '区划', options.regionName),
    chain: column('产业链代码', '产业链', options.chainName),
  };
}

function indicatorLabel(agenda: WeeklyMeetingDto, key: string): string {
  return agenda.headline.indicators.find((i) => i.key === key)?.label ?? key;
}

function about(agenda: WeeklyMeetingDto, generatedAt: Date): Table {
  const { headline } = agenda;
  return {
    title: `${agenda.regionName}重点签约项目推进会 会议材料`,
    columns: [{ header: '项目' }, { header: '内容' }],
    rows: [
      ['会议日期', agenda.meetingDate],
      ['区划', agenda.regionName],
      ['区划代码', agenda.regionCode],
      ['统计日', agenda.asOf],
      ['记录时点', agenda.knownAt ?? '截至现在'],
      ['本周', `${agenda.week.from} 至 ${agenda.week.to}`],
      ['年度', count(headline.year)],
      ['序时进度(%)', percent(headline.timeProgress)],
      ['排名指标', indicatorLabel(agenda, agenda.rankBy)],
      ['生成时间', chinaTime(generatedAt)],
      ['空白单元格', '无此数据;没有条目的部分写“无”'],
      ...Object.entries(agenda.rules as unknown as Record<string, string>).map(
        ([key, text]): Cell[] => [`口径:${label(RULE_LABELS, key)}`, text],
      ),
    ],
  };
}

function indicators(agenda: WeeklyMeetingDto): Table {
  const { headline } = agenda;
  const { doubleHalf } = headline;
  return {
    title: `${headline.year}年主要指标完成情况(统计日 ${agenda.asOf})`,
    columns: [
      { header: '指标' },
      { header: '单位' },
      { header: '实际完成' },
      { header: '年度目标' },
      { header: '完成率(%)', format: FORMAT.percent },
      { header: '序时进度(%)', format: FORMAT.percent },
      { header: '是否落后序时' },
      { header: '其中已开工(个)', format: FORMAT.integer },
      { header: '亿元以上在谈项目(个)', format: FORMAT.integer },
      { header: '统计口径' },
    ],
    rows: headline.indicators.map((i) => {
      const amount = i.unit === 'amount';
      const figure = (n: number | null, view: AmountViewDto | null): Cell =>
        amount ? wan(view) : n === null ? null : count(n);
      return [
        i.label,
        amount ? '万元' : '个',
        figure(i.actual, i.actualAmount),
        figure(i.target, i.targetAmount),
        i.completion,
        i.timeProgress,
        yesNo(i.behindSchedule),
        i.started ?? null,
        i.count ?? null,
        i.rule,
      ];
    }),
    footer: [
      ['双过半', doubleHalf.achieved ? '已实现' : '未实现'],
      ['提前实现', yesNo(doubleHalf.early)],
      ['参与判断的指标', doubleHalf.headline.map((k) => indicatorLabel(agenda, k)).join('、')],
      ['判定口径', doubleHalf.rule],
    ],
  };
}

function landing(agenda: WeeklyMeetingDto): Table {
  const l = agenda.landing;
  const days = (n: number | null): Cell => (n === null ? null : { value: n, format: FORMAT.days });
  const rule = label(STAGE_LABELS, l.landingRule);
  return {
    title: `签约到落地(${l.signedFrom} 至 ${l.signedTo} 签约的项目,落地口径:${rule})`,
    columns: [{ header: '指标' }, { header: '数值' }],
    rows: [
      ['签约项目数(个)', count(l.signed)],
      ['已注册落户(个)', count(l.registered)],
      ['已开工(个)', count(l.groundbroken)],
      ['已投产(个)', count(l.inProduction)],
      ['已终止(个)', count(l.dropped)],
      ['已落地(个)', count(l.landed)],
      ['注册率(%)', percent(l.registrationRate)],
      ['开工率(%)', percent(l.groundbreakingRate)],
      ['投产率(%)', percent(l.productionRate)],
      ['落地率(%)', percent(l.landingRate)],
      ['合同投资额(万元)', wan(l.contractInvestment)],
      ['实到资金(万元)', wan(l.fundsArrived)],
      ['资金到位率(%)', percent(l.fundsArrivalRate)],
      ['签约到注册中位天数(天)', days(l.medianDaysSignedToRegistered)],
      ['签约到开工中位天数(天)', days(l.medianDaysSignedToGroundbroken)],
    ],
  };
}

function monthly(agenda: WeeklyMeetingDto): Table {
  return {
    title: `${agenda.headline.year}年各月签约、开工项目数`,
    columns: [
      { header: '月份' },
      { header: '签约项目数', format: FORMAT.integer },
      { header: '签约投资额(万元)' },
      { header: '开工项目数', format: FORMAT.integer },
    ],
    rows: agenda.monthly.map((m) => [
      m.month,
      m.signings,
      wan(m.signedInvestment),
      m.groundbreakings,
    ]),
  };
}

/** 项目名称 … 阶段: the columns every project line shares. */
const projectHeaders = (names: Names) => [
  '项目名称',
  ...names.region.headers,
  ...names.chain.headers,
  '阶段',
];
const projectCells = (p: AgendaProjectDto, names: Names): Cell[] => [
  p.name,
  ...names.region.cells(p.regionCode),
  ...names.chain.cells(p.industryChain),
  p.stageLabel,
];
const investmentCells = (p: AgendaProjectDto): Cell[] => [
  wan(p.investment),
  p.currency === null ? null : label(CURRENCY_LABELS, p.currency),
];
const headers = (...names: string[]) => names.map((header) => ({ header }));

function thisWeek(agenda: WeeklyMeetingDto, names: Names): Table {
  const w = agenda.thisWeek;
  const groups: Array<[string, AgendaMilestoneDto[]]> = [
    ['签约', w.signings],
    ['注册', w.registrations],
    ['开工', w.groundbreakings],
    ['投产', w.productions],
  ];
  return {
    title: `本周签约、注册、开工、投产项目(${agenda.week.from} 至 ${agenda.week.to})`,
    columns: headers('类别', '日期', ...projectHeaders(names), '投资额(万元)', '币种'),
    rows: groups.flatMap(([kind, list]) =>
      list.map((p) => [kind, p.on, ...projectCells(p, names), ...investmentCells(p)]),
    ),
    footer: [['本周新签约合同投资额合计(万元)', wan(w.signedInvestment)]],
  };
}

function problems(agenda: WeeklyMeetingDto, names: Names): Table {
  return {
    title: `需协调解决的问题(共 ${agenda.problems.length} 个;市级优先,其次县级、乡镇级,先提出的在前)`,
    columns: [
      ...headers('序号', '项目名称', ...names.region.headers, '问题类别', '问题描述', '协调层级'),
      ...headers('责任单位', '办结时限', '提出日期'),
      { header: '挂账天数', format: FORMAT.integer },
    ],
    rows: agenda.problems.map((p, i) => [
      count(i + 1),
      p.projectName,
      ...names.region.cells(p.regionCode),
      label(ISSUE_CATEGORY_LABELS, p.category),
      p.description,
      label(COORDINATION_LEVEL_LABELS, p.coordinationLevel),
      p.responsibleUnit,
      p.dueOn,
      p.raisedOn,
      p.daysOpen,
    ]),
  };
}

function redYellow(agenda: WeeklyMeetingDto, names: Names): Table {
  const { red, yellow, projects } = agenda.redYellowProjects;
  return {
    title: `红黄灯项目(统计日 ${agenda.asOf};红灯在前,每个未办结的督办事项一行)`,
    columns: [
      ...headers('序号', '项目名称', ...names.region.headers, '项目灯色', '最早预警日期'),
      ...headers('督办对象', '预警规则', '事项灯色', '预警原因', '督办层级', '责任单位'),
      ...headers('督办单状态', '办理时限', '预警日期'),
    ],
    rows: projects.flatMap((p, i) => {
      const project: Cell[] = [
        count(i + 1),
        p.name,
        ...names.region.cells(p.regionCode),
        lightCell(p.light),
        p.oldestRaisedOn,
      ];
      // A project without items still gets its line (the JSON never has one, but say so).
      if (p.items.length === 0) return [project];
      return p.items.map((item) => [
        ...project,
        label(KIND_LABELS, item.kind),
        item.ruleName,
        lightCell(item.severity),
        item.reason,
        label(ESCALATION_LEVEL_LABELS, item.escalationLevel),
        item.responsibleUnit,
        item.statusLabel,
        item.dueOn,
        item.raisedOn,
      ]);
    }),
    footer: [
      ['红灯项目数', count(red)],
      ['黄灯项目数', count(yellow)],
    ],
  };
}

function notStarted(agenda: WeeklyMeetingDto, names: Names): Table {
  return {
    title: `签约三个月未开工项目(共 ${agenda.signedNotStarted.length} 个,先签约的在前)`,
    columns: [
      ...headers('序号', ...projectHeaders(names), '投资额(万元)', '币种', '签约日期'),
      { header: '签约天数', format: FORMAT.integer },
    ],
    rows: agenda.signedNotStarted.map((p, i) => [
      count(i + 1),
      ...projectCells(p, names),
      ...investmentCells(p),
      p.signedOn,
      p.daysSinceSigning,
    ]),
  };
}

function major(agenda: WeeklyMeetingDto, names: Names): Table {
  return {
    title: `重大项目(5亿元以上)进展(共 ${agenda.majorProjects.length} 个,投资额大的在前)`,
    columns: headers('序号', ...projectHeaders(names), '进入阶段日期', '投资额(万元)', '币种'),
    rows: agenda.majorProjects.map((p, i) => [
      count(i + 1),
      ...projectCells(p, names),
      p.stageEnteredOn,
      ...investmentCells(p),
    ]),
  };
}

function ranking(agenda: WeeklyMeetingDto): Table {
  return {
    title: `下一级区划完成率排名(排名指标:${indicatorLabel(agenda, agenda.rankBy)})`,
    columns: [
      { header: '名次', format: FORMAT.integer },
      ...headers('区划代码', '区划'),
      { header: '完成率(%)', format: FORMAT.percent },
      { header: '是否落后序时' },
    ],
    rows: agenda.regionRanking.map((r) => [
      r.rank,
      r.regionCode,
      r.regionName,
      r.completion,
      yesNo(r.behindSchedule),
    ]),
  };
}

function decisions(agenda: WeeklyMeetingDto, names: Names): Table {
  const d = agenda.lastMeetingDecisions;
  const line = (group: string) => (x: AgendaDecisionDto) => [
    group,
    x.meetingDate,
    x.text,
    ...names.region.cells(x.regionCode),
    x.responsibleUnit,
    x.responsibleLeader,
    x.dueOn,
    x.statusLabel,
    lightCell(x.severity),
    yesNo(x.done),
    x.closedOn,
    x.overdueDays,
  ];
  return {
    title: `会议议定事项落实情况(上次会议 ${d.lastMeetingDate ?? '无'};另列更早会议仍未办结的事项)`,
    columns: [
      ...headers('分组', '会议日期', '议定事项', ...names.region.headers, '责任单位', '牵头领导'),
      ...headers('完成时限', '督办单状态', '灯色', '是否办结', '办结日期'),
      { header: '逾期天数', format: FORMAT.integer },
    ],
    rows: [...d.items.map(line('上次会议')), ...d.stillOpenEarlier.map(line('更早未办结'))],
    footer: [
      ['上次会议日期', d.lastMeetingDate],
      ['上次会议议定事项(项)', count(d.total)],
      ['其中已办结(项)', count(d.done)],
    ],
  };
}

/** The region names the agenda's own rows carry, to name every 区划代码 of the workbook. */
export function agendaRegionNames(agenda: WeeklyMeetingDto): (code: string) => string | undefined {
  const rows: Array<{ regionCode: string; regionName: string }> = [
    ...agenda.thisWeek.signings,
    ...agenda.thisWeek.registrations,
    ...agenda.thisWeek.groundbreakings,
    ...agenda.thisWeek.productions,
    ...agenda.problems,
    ...agenda.redYellowProjects.projects,
    ...agenda.signedNotStarted,
    ...agenda.majorProjects,
    ...agenda.regionRanking,
    ...agenda.lastMeetingDecisions.items,
    ...agenda.lastMeetingDecisions.stillOpenEarlier,
  ];
  const names = new Map(rows.map((r) => [r.regionCode, r.regionName]));
  return (code) => names.get(code);
}
