import { createHash } from 'node:crypto';
import {
  COORDINATION_LEVEL_LABELS,
  ESCALATION_LEVEL_LABELS,
  ISSUE_CATEGORY_LABELS,
} from '@luodi/domain';
import type { AmountViewDto, IndicatorValueDto } from '../queries/report.dto';
import type {
  AgendaDecisionDto,
  AgendaLightItemDto,
  AgendaMilestoneDto,
  AgendaProjectDto,
  WeeklyMeetingDto,
} from '../queries/weekly-meeting.dto';
import { INDICATOR_RULES } from '../indicators';
import { html, raw, type HtmlValue, type SafeHtml } from './html';
import { completionChart, FONT_FAMILY, landingChart, monthlyChart } from './weekly-charts';

// The printable weekly meeting agenda (每周重点签约项目推进会 会议材料): agenda JSON in, one
// self-contained zh-CN HTML document out. Nothing is fetched: CSS inline, charts inline SVG,
// system fonts; the only script is the print button's, allowed by its hash.

/** The page's only script. Attached from here: CSP hashes do not cover inline `onclick`. */
export const WEEKLY_PAGE_SCRIPT =
  "document.getElementById('print-button').addEventListener('click', function () { window.print(); });";

const scriptHash = createHash('sha256').update(WEEKLY_PAGE_SCRIPT, 'utf8').digest('base64');

/** The Content-Security-Policy header to send with the page. */
export const WEEKLY_PAGE_CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  'img-src data:',
  `script-src 'sha256-${scriptHash}'`,
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface WeeklyPageOptions {
  /** A link to the same agenda as an Excel workbook; no link when absent. */
  xlsxUrl?: string | null;
  /** Printed in the footer of the header block, in Beijing time. */
  generatedAt: Date;
}

export function renderWeeklyPage(agenda: WeeklyMeetingDto, options: WeeklyPageOptions): string {
  const title = `${agenda.regionName} 每周重点签约项目推进会 会议材料`;
  const head = html`<meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${title}（${dateZh(agenda.meetingDate)}）</title>`;
  const main = html`<main>
    ${header(agenda, title, options)} ${indicatorsSection(agenda)} ${thisWeekSection(agenda)}
    ${problemsSection(agenda)} ${redYellowSection(agenda)} ${notStartedSection(agenda)}
    ${majorSection(agenda)} ${rankingSection(agenda)} ${decisionsSection(agenda)}
    <footer class="doc-foot">
      金额为人民币，单位万元（另注亿元的除外）；外币项目不计入金额合计。
    </footer>
  </main>`;
  // Plain strings around the templates: the script's bytes must be exactly the hashed ones.
  return [
    '<!doctype html>',
    '<html lang="zh-CN">',
    `<head>\n${head.value}\n<style>${CSS}</style>\n</head>`,
    `<body>\n${main.value}`,
    `<script>${WEEKLY_PAGE_SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

// ---- sections ----

function header(agenda: WeeklyMeetingDto, title: string, options: WeeklyPageOptions): SafeHtml {
  const { week } = agenda;
  return html`<header class="doc-head">
    <div class="toolbar no-print">
      <button type="button" id="print-button">打印</button>
      ${options.xlsxUrl ? html`<a class="button" href="${options.xlsxUrl}" download>下载 Excel</a>` : ''}
    </div>
    <h1>${title}</h1>
    <p class="meta">
      <span>会议日期：${dateZh(agenda.meetingDate)} ${weekday(agenda.meetingDate)}</span>
      <span>统计日：${dateZh(agenda.asOf)}</span>
      <span>本周：${dateZh(week.from)}至${dateZh(week.to)}</span>
    </p>
    ${
      agenda.knownAt
        ? html`<p class="known-at">
            本材料按
            ${instantZh(agenda.knownAt)}（北京时间）系统中已录入的记录重现当时的会议材料，此后补录的数据不在其中。
          </p>`
        : ''
    }
    <p class="generated">生成时间：${instantZh(options.generatedAt.toISOString())}（北京时间）</p>
  </header>`;
}

function indicatorsSection(agenda: WeeklyMeetingDto): SafeHtml {
  const { headline } = agenda;
  const dh = headline.doubleHalf;
  const labelOf = (key: string) =>
    headline.indicators.find((i) => i.key === key)?.label ?? labelOfIndicator(key);
  const doubleHalf =
    dh.headline.length === 0
      ? html`<strong>不作判断</strong>（主要指标未下达目标）`
      : html`<strong
            >${dh.achieved ? (dh.early ? '已实现（提前实现）' : '已实现') : '未实现'}</strong
          >（参与判断：${dh.headline.map(labelOf).join('、')}）`;
  return section(
    'indicators',
    '一、主要指标完成情况',
    html`<p class="summary">
        ${headline.year}年序时进度
        <strong>${headline.timeProgress}%</strong>；双过半：${doubleHalf}。
      </p>
      ${
        headline.indicators.length === 0
          ? empty('无')
          : html`<table class="indicators">
              <thead>
                <tr>
                  <th>指标</th>
                  <th>年度目标</th>
                  <th>完成</th>
                  <th class="meter-col">完成率</th>
                  <th>与序时进度比</th>
                </tr>
              </thead>
              <tbody>
                ${headline.indicators.map(indicatorRow)}
              </tbody>
            </table>`
      }
      <p class="legend">
        完成率条：深色为完成率（超过100%按100%画），虚线为序时进度 ${headline.timeProgress}%。
      </p>
      ${chartFigure(completionChart(agenda), 'completion')}
      ${chartFigure(landingChart(agenda), 'landing')}
      ${chartFigure(monthlyChart(agenda), 'monthly')}`,
  );
}

function indicatorRow(i: IndicatorValueDto): SafeHtml {
  const amount = i.unit === 'amount';
  const value = (count: number | null, view: AmountViewDto | null) =>
    amount && view
      ? html`${wan(view.wan)} 万元<br /><small>${view.yi} 亿元</small>`
      : count === null
        ? '—'
        : `${count} 个`;
  const extra =
    i.started !== undefined
      ? html`<br /><small>其中已开工 ${i.started} 个</small>`
      : i.count !== undefined
        ? html`<br /><small>共 ${i.count} 个项目</small>`
        : '';
  return html`<tr>
    <th scope="row">${i.label}</th>
    <td class="num">${i.target === null ? '未下达' : value(i.target, i.targetAmount)}</td>
    <td class="num">${value(i.actual, i.actualAmount)}${extra}</td>
    <td>${meter(i.completion, i.timeProgress)}</td>
    <td class="status">${schedule(i.behindSchedule)}</td>
  </tr>`;
}

function thisWeekSection(agenda: WeeklyMeetingDto): SafeHtml {
  const w = agenda.thisWeek;
  const part = (heading: string, rows: AgendaMilestoneDto[], dateLabel: string) =>
    html`<h3>${heading}（${rows.length} 个）</h3>
      ${rows.length === 0 ? empty('本周无') : milestoneTable(rows, dateLabel)}`;
  return section(
    'this-week',
    '二、本周签约、注册、开工、投产情况',
    html`<p class="summary">
        本周（${dateZh(agenda.week.from)}至${dateZh(agenda.week.to)}）新签约项目
        <strong>${w.signings.length}</strong> 个，合同投资额合计
        <strong>${wan(w.signedInvestment.wan)}</strong> 万元（${w.signedInvestment.yi}
        亿元）；注册落户 <strong>${w.registrations.length}</strong> 个，开工
        <strong>${w.groundbreakings.length}</strong> 个，投产
        <strong>${w.productions.length}</strong> 个。
      </p>
      ${part('（一）本周新签约项目', w.signings, '签约日期')}
      ${part('（二）本周注册落户项目', w.registrations, '注册日期')}
      ${part('（三）本周开工项目', w.groundbreakings, '开工日期')}
      ${part('（四）本周投产项目', w.productions, '投产日期')}`,
  );
}

/** The first cells of a project row: 序号, 项目名称, 区划, 投资额（万元）. */
function projectCells(p: AgendaProjectDto, n: number): SafeHtml {
  return html`<td class="num">${n + 1}</td>
    <td>${p.name}</td>
    <td>${p.regionName}</td>
    <td class="num">${investment(p)}</td>`;
}

function milestoneTable(rows: AgendaMilestoneDto[], dateLabel: string): SafeHtml {
  return table(
    ['序号', '项目名称', '区划', '投资额（万元）', dateLabel, '当前阶段'],
    rows.map(
      (p, n) =>
        html`<tr>
          ${projectCells(p, n)}
          <td class="date">${dateZh(p.on)}</td>
          <td>${p.stageLabel}</td>
        </tr>`,
    ),
  );
}

function problemsSection(agenda: WeeklyMeetingDto): SafeHtml {
  const rows = agenda.problems;
  return section(
    'problems',
    '三、需协调解决的问题',
    rows.length === 0
      ? empty('无')
      : html`<p class="summary">
            共 <strong>${rows.length}</strong> 个问题，市级协调的在前，先提出的在前。
          </p>
          ${table(
            ['序号', '项目', '问题', '协调层级', '责任单位', '办结时限', '提出日期', '已挂账'],
            rows.map(
              (p, n) =>
                html`<tr>
                  <td class="num">${n + 1}</td>
                  <td>${p.projectName}<br /><small>${p.regionName}</small></td>
                  <td>
                    <strong>${label(ISSUE_CATEGORY_LABELS, p.category)}</strong>：${p.description}
                  </td>
                  <td>${label(COORDINATION_LEVEL_LABELS, p.coordinationLevel)}</td>
                  <td>${p.responsibleUnit ?? '未明确'}</td>
                  <td class="date">${p.dueOn ? dateZh(p.dueOn) : '未交办'}</td>
                  <td class="date">${dateZh(p.raisedOn)}</td>
                  <td class="num">${p.daysOpen} 天</td>
                </tr>`,
            ),
          )}`,
  );
}

function redYellowSection(agenda: WeeklyMeetingDto): SafeHtml {
  const ry = agenda.redYellowProjects;
  return section(
    'red-yellow',
    '四、红黄灯项目及签约三个月未开工项目',
    html`<h3>（一）红黄灯项目</h3>
      <p class="summary">
        红灯项目 <strong>${ry.red}</strong> 个，黄灯项目 <strong>${ry.yellow}</strong> 个。
      </p>
      ${
        ry.projects.length === 0
          ? empty('无')
          : table(
              ['序号', '灯色', '项目', '未办结的督办事项', '最早预警'],
              ry.projects.map(
                (p, n) =>
                  html`<tr>
                    <td class="num">${n + 1}</td>
                    <td class="light-cell">${light(p.light)}</td>
                    <td>
                      ${p.name ?? '（不在本区划报表范围内的项目）'}<br /><small
                        >${p.regionName}</small
                      >
                    </td>
                    <td>
                      <ul class="items">
                        ${p.items.map(lightItem)}
                      </ul>
                    </td>
                    <td class="date">${dateZh(p.oldestRaisedOn)}</td>
                  </tr>`,
              ),
            )
      }`,
  );
}

function lightItem(i: AgendaLightItemDto): SafeHtml {
  const on = i.kind === 'ISSUE' ? '问题' : '项目';
  return html`<li>
    ${light(i.severity)} <strong>${i.ruleName}</strong>（${on}）：${i.reason}<br />
    <small
      >督办层级：${label(ESCALATION_LEVEL_LABELS, i.escalationLevel)}；责任单位：${i.responsibleUnit ?? '未明确'}；状态：${i.statusLabel}；办理时限：${i.dueOn ? dateZh(i.dueOn) : '未定'}；预警：${dateZh(i.raisedOn)}</small
    >
  </li>`;
}

function notStartedSection(agenda: WeeklyMeetingDto): SafeHtml {
  const rows = agenda.signedNotStarted;
  // Part (二) of 四, in its own section: an h2 styled as a sub-heading keeps every section titled.
  return section(
    'not-started',
    html`<h2 class="part">（二）签约三个月未开工项目（${rows.length} 个）</h2>`,
    html` ${
      rows.length === 0
        ? empty('无')
        : table(
            ['序号', '项目名称', '区划', '投资额（万元）', '签约日期', '签约已满', '当前阶段'],
            rows.map(
              (p, n) =>
                html`<tr>
                  ${projectCells(p, n)}
                  <td class="date">${dateZh(p.signedOn)}</td>
                  <td class="num">${p.daysSinceSigning} 天</td>
                  <td>${p.stageLabel}</td>
                </tr>`,
            ),
          )
    }`,
  );
}

function majorSection(agenda: WeeklyMeetingDto): SafeHtml {
  const rows = agenda.majorProjects;
  return section(
    'major',
    '五、重大项目（5亿元以上）推进情况',
    rows.length === 0
      ? empty('无')
      : table(
          [
            '序号',
            '项目名称',
            '区划',
            '投资额（万元）',
            '投资额（亿元）',
            '当前阶段',
            '进入该阶段',
          ],
          rows.map(
            (p, n) =>
              html`<tr>
                ${projectCells(p, n)}
                <td class="num">${p.investment?.yi ?? '—'}</td>
                <td>${p.stageLabel}</td>
                <td class="date">${dateZh(p.stageEnteredOn)}</td>
              </tr>`,
          ),
        ),
  );
}

function rankingSection(agenda: WeeklyMeetingDto): SafeHtml {
  const rows = agenda.regionRanking;
  const by =
    agenda.headline.indicators.find((i) => i.key === agenda.rankBy)?.label ??
    labelOfIndicator(agenda.rankBy);
  return section(
    'ranking',
    '六、各区划完成情况排名',
    rows.length === 0
      ? empty('无（本区划无下一级区划）')
      : html`<p class="summary">按${by}完成率排名；序时进度 ${agenda.headline.timeProgress}%。</p>
          ${table(
            ['名次', '区划', '完成率', '与序时进度比'],
            rows.map(
              (r) =>
                html`<tr>
                  <td class="num">${r.rank}</td>
                  <td>${r.regionName}</td>
                  <td>${meter(r.completion, agenda.headline.timeProgress)}</td>
                  <td class="status">${schedule(r.behindSchedule)}</td>
                </tr>`,
            ),
            'ranking',
          )}`,
  );
}

function decisionsSection(agenda: WeeklyMeetingDto): SafeHtml {
  const d = agenda.lastMeetingDecisions;
  const last =
    d.lastMeetingDate === null
      ? empty('无（此前会议未录入议定事项）')
      : html`<p class="summary">
            上次会议（${dateZh(d.lastMeetingDate)}）议定事项 <strong>${d.total}</strong> 项，已办结
            <strong>${d.done}</strong> 项，未办结 <strong>${d.total - d.done}</strong> 项。
          </p>
          ${d.items.length === 0 ? empty('无') : decisionTable(d.items, false)}`;
  return section(
    'decisions',
    '七、上次会议议定事项落实情况',
    html`${last}
      <h3>更早会议议定、仍未办结的事项（${d.stillOpenEarlier.length} 项）</h3>
      ${d.stillOpenEarlier.length === 0 ? empty('无') : decisionTable(d.stillOpenEarlier, true)}`,
  );
}

function decisionTable(rows: AgendaDecisionDto[], withMeeting: boolean): SafeHtml {
  return table(
    [
      '序号',
      ...(withMeeting ? ['会议日期'] : []),
      '议定事项',
      '责任单位 / 牵头领导',
      '完成时限',
      '状态',
      '落实情况',
    ],
    rows.map(
      (x, n) =>
        html`<tr>
          <td class="num">${n + 1}</td>
          ${withMeeting ? html`<td class="date">${dateZh(x.meetingDate)}</td>` : ''}
          <td>${x.text}<br /><small>${x.regionName}</small></td>
          <td>
            ${x.responsibleUnit ?? '未明确'}${x.responsibleLeader ? html`<br /><small>${x.responsibleLeader}</small>` : ''}
          </td>
          <td class="date">${x.dueOn ? dateZh(x.dueOn) : '未定'}</td>
          <td>${light(x.severity)} ${x.statusLabel}</td>
          <td>
            ${
              x.done
                ? html`<strong>✓ 已办结</strong
                    >${x.closedOn ? html`<br /><small>${dateZh(x.closedOn)}</small>` : ''}`
                : x.overdueDays > 0
                  ? html`<strong>✗ 逾期 ${x.overdueDays} 天</strong>`
                  : '未到期'
            }
          </td>
        </tr>`,
    ),
  );
}

// ---- pieces ----

function section(id: string, heading: string | SafeHtml, body: HtmlValue): SafeHtml {
  return html`<section id="${id}" data-section="${id}">
    ${typeof heading === 'string' ? html`<h2>${heading}</h2>` : heading} ${body}
  </section>`;
}

function table(heads: string[], rows: SafeHtml[], className?: string): SafeHtml {
  return html`<table${className ? html` class="${className}"` : ''}>
<thead><tr>${heads.map((h) => html`<th>${h}</th>`)}</tr></thead>
<tbody>${rows}</tbody>
</table>`;
}

const empty = (text: string): SafeHtml => html`<p class="empty">${text}</p>`;

function chartFigure(svg: string, name: string): SafeHtml {
  return html`<figure class="chart" data-chart="${name}">${raw(svg)}</figure>`;
}

/** A CSS bar: completion (capped at 100% for the drawing, the text keeps the figure). */
function meter(completion: number | null, timeProgress: number): SafeHtml {
  if (completion === null) return html`<span class="no-target">未下达目标</span>`;
  const width = Math.min(Math.max(completion, 0), 100);
  const tp = Math.min(Math.max(timeProgress, 0), 100);
  return html`<div class="meter-row">
    <span class="meter" aria-hidden="true"
      ><span class="fill" style="width:${width}%"></span
      ><span class="tp" style="left:${tp}%"></span></span
    ><span class="pct">${completion}%</span>
  </div>`;
}

function schedule(behind: boolean | null): SafeHtml | string {
  if (behind === null) return '—';
  return behind ? html`<strong class="behind">▼ 落后</strong>` : '达到或超过';
}

/** Shapes as well as colours, so a black-and-white copy still tells red from yellow. */
function light(severity: string): SafeHtml {
  const [mark, text] = LIGHTS[severity] ?? ['', severity];
  return html`<span class="light light-${severity.toLowerCase()}">${mark} ${text}</span>`;
}

const LIGHTS: Record<string, [string, string]> = {
  RED: ['●', '红'],
  YELLOW: ['◐', '黄'],
  GREEN: ['○', '绿'],
};

function investment(p: AgendaProjectDto): string {
  if (p.investment) return wan(p.investment.wan);
  return p.currency && p.currency !== 'CNY' ? `外币（${p.currency}）` : '—';
}

/** 万元 with thousands separators, digits as given (the JSON keeps up to 4 decimals). */
export function wan(value: number): string {
  const [whole = '', fraction] = String(value).split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = whole.replace('-', '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${digits}${fraction ? `.${fraction}` : ''}`;
}

const dateParts = (date: string) => date.split('-').map(Number) as [number, number, number];

/** 2026-06-23 → 2026年6月23日. */
export function dateZh(date: string): string {
  const [y, m, d] = dateParts(date);
  return `${y}年${m}月${d}日`;
}

function weekday(date: string): string {
  const [y, m, d] = dateParts(date);
  return `星期${'日一二三四五六'[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]}`;
}

/** An instant in Beijing time (UTC+8, no daylight saving): 2026年6月22日 12:00. */
function instantZh(iso: string): string {
  const t = new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString();
  return `${dateZh(t.slice(0, 10))} ${t.slice(11, 16)}`;
}

const labelOfIndicator = (key: string): string =>
  (INDICATOR_RULES as Record<string, { label: string } | undefined>)[key]?.label ?? key;

const label = (labels: Record<string, string>, code: string): string => labels[code] ?? code;

// ---- styles ----

const CSS = `
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: #eef0f3; color: #1a1a1a;
  font-family: ${FONT_FAMILY};
  font-size: 14px; line-height: 1.6;
}
main {
  max-width: 210mm; margin: 24px auto; padding: 14mm 12mm; background: #fff;
  box-shadow: 0 1px 4px rgba(0, 0, 0, 0.15);
}
h1 { font-size: 22px; text-align: center; margin: 8px 0 6px; letter-spacing: 0.04em; line-height: 1.4; }
h2 { font-size: 17px; margin: 28px 0 10px; padding-bottom: 3px; border-bottom: 2px solid #1f3a5f; }
h3, h2.part { font-size: 15px; margin: 16px 0 6px; padding: 0; border: none; }
.meta { text-align: center; margin: 0; }
.meta span { display: inline-block; margin: 0 0.8em; }
.known-at { border: 1px solid #555; padding: 4px 8px; margin: 8px 0; }
.generated { text-align: center; color: #555; font-size: 12px; margin: 2px 0 0; }
.toolbar { display: flex; justify-content: flex-end; gap: 10px; }
.toolbar button, .toolbar .button {
  font: inherit; font-size: 13px; padding: 3px 14px; border: 1px solid #1f3a5f; border-radius: 4px;
  background: #fff; color: #1f3a5f; cursor: pointer; text-decoration: none;
}
.toolbar button:hover, .toolbar .button:hover { background: #1f3a5f; color: #fff; }
.summary { margin: 6px 0; }
.empty { margin: 6px 0; padding: 6px 10px; border: 1px dashed #888; color: #333; }
.legend { font-size: 12px; color: #444; margin: 2px 0 8px; }
table { width: 100%; border-collapse: collapse; margin: 6px 0 12px; font-size: 13px; }
th, td { border: 1px solid #555; padding: 4px 6px; vertical-align: top; text-align: left; }
thead th {
  background: #e4e9f0; text-align: center; font-weight: bold; vertical-align: middle; white-space: nowrap;
}
tbody th { font-weight: bold; }
small { font-size: 12px; color: #333; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.date { white-space: nowrap; font-variant-numeric: tabular-nums; }
.status { white-space: nowrap; text-align: center; }
.meter-col { width: 34%; }
.meter-row { display: flex; align-items: center; gap: 8px; }
.meter { position: relative; flex: 1; height: 12px; border: 1px solid #333; background: #fff; }
.meter .fill { position: absolute; left: 0; top: 0; bottom: 0; background: #1f3a5f; }
.meter .tp { position: absolute; top: -4px; bottom: -4px; border-left: 2px dashed #000; }
.pct { min-width: 4.5em; text-align: right; font-variant-numeric: tabular-nums; }
.no-target { color: #444; }
.behind { color: #9b1c1c; }
.light { white-space: nowrap; font-weight: bold; }
.light-red { color: #b3261e; }
.light-yellow { color: #8a6500; }
.light-green { color: #2e6b34; font-weight: normal; }
.light-cell { text-align: center; }
ul.items { margin: 0; padding-left: 1.1em; }
ul.items li { margin: 0 0 3px; }
figure.chart { margin: 14px 0; border: 1px solid #ccc; }
figure.chart svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
.doc-foot { margin-top: 24px; padding-top: 6px; border-top: 1px solid #555; font-size: 12px; color: #333; }

@page {
  size: A4;
  margin: 15mm 12mm 18mm;
  @bottom-center { content: "第 " counter(page) " 页 / 共 " counter(pages) " 页"; font-size: 9pt; }
}
@media print {
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { background: #fff; font-size: 10.5pt; }
  main { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  .no-print { display: none !important; }
  /* The 督办 half of the meeting starts on its own page; the rest flows. */
  #red-yellow { break-before: page; }
  h2, h3 { break-after: avoid; }
  tr, figure, .summary, .empty { break-inside: avoid; }
  thead { display: table-header-group; }
  table { font-size: 9.5pt; }
  figure.chart { border: none; }
}
`;
