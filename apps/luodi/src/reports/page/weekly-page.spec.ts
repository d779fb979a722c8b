import { createHash } from 'node:crypto';
import { WeeklyMeetingHandler } from '../queries/weekly-meeting.handler';
import type { WeeklyMeetingDto } from '../queries/weekly-meeting.dto';
import { WeeklyMeetingQuery } from '../queries/weekly-meeting.query';
import type { ReportDataService } from '../report-data.service';
import { FactLog } from '../testing/fact-log';
import { ItemLog } from '../testing/item-log';
import { CITY, InMemoryReportData, SAMPLE_ADMIN, sampleAgenda } from '../testing/sample-agenda';
import { escapeHtml, html, raw } from './html';
import { CHART_TITLES, completionChart, landingChart, monthlyChart } from './weekly-charts';
import { renderWeeklyPage, WEEKLY_PAGE_CSP, WEEKLY_PAGE_SCRIPT } from './weekly-page';

// The agenda of the OpenAPI check (testing/sample-agenda: the real handler over an in-memory
// fact log, every section filled), with hostile text and odd figures put in.

const EVIL = '<script>alert(1)</script>&';

/** The sample agenda with a hostile project name and decision, and an amount kept as given. */
async function hostileAgenda(): Promise<WeeklyMeetingDto> {
  const agenda = await sampleAgenda();
  const [first, ...rest] = agenda.thisWeek.signings;
  const [decision, ...others] = agenda.lastMeetingDecisions.items;
  return {
    ...agenda,
    thisWeek: {
      ...agenda.thisWeek,
      signings: [{ ...first!, name: EVIL }, ...rest],
      // Not 15,000: the page must print the JSON's figures, not recompute them.
      signedInvestment: { yuan: 150_005_000, wan: 15_000.5, yi: '1.50005' },
    },
    lastMeetingDecisions: {
      ...agenda.lastMeetingDecisions,
      items: [{ ...decision!, text: `招商推介 ${EVIL}` }, ...others],
    },
  };
}

/** The meeting of 2026-06-23 over an empty log: targets and regions, nothing else. */
function emptyAgenda(): Promise<WeeklyMeetingDto> {
  const data = new InMemoryReportData(new FactLog(), new ItemLog());
  return new WeeklyMeetingHandler(data as unknown as ReportDataService).execute(
    new WeeklyMeetingQuery(SAMPLE_ADMIN, { date: '2026-06-23', regionCode: CITY }, null),
  );
}

const SECTIONS = [
  ['indicators', '一、主要指标完成情况'],
  ['this-week', '二、本周签约、注册、开工、投产情况'],
  ['problems', '三、需协调解决的问题'],
  ['red-yellow', '四、红黄灯项目及签约三个月未开工项目'],
  ['not-started', '（二）签约三个月未开工项目'],
  ['major', '五、重大项目（5亿元以上）推进情况'],
  ['ranking', '六、各区划完成情况排名'],
  ['decisions', '七、上次会议议定事项落实情况'],
] as const;

/** Markup with its layout whitespace collapsed (the source templates are formatted by Prettier). */
const flat = (markup: string): string => markup.replace(/\s+/g, ' ').replace(/> </g, '><');

/** The flattened markup of one section, up to its closing tag (sections do not nest). */
function sectionOf(page: string, id: string): string {
  const start = page.indexOf(`<section id="${id}" data-section="${id}">`);
  expect(start).toBeGreaterThanOrEqual(0);
  return flat(page.slice(start, page.indexOf('</section>', start)));
}

/** The text of an SVG's <text> elements, entities decoded as a browser would. */
const svgTexts = (svg: string): string[] =>
  [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) =>
    (m[1] ?? '')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&'),
  );

describe('the html helper', () => {
  it('escapes every interpolated value, joins arrays, and trusts only raw markup', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;',
    );
    const rows = ['<b>', 2].map((v) => html`<td>${v}</td>`);
    const row = html`<tr>
      ${rows}${null}${false}${raw('<i>ok</i>')}
    </tr>`;
    expect(flat(row.value)).toBe('<tr><td>&lt;b&gt;</td><td>2</td><i>ok</i></tr>');
  });
});

describe('the weekly meeting page', () => {
  let agenda: WeeklyMeetingDto;
  let page: string;
  const generatedAt = new Date('2026-06-22T04:30:00Z');

  beforeAll(async () => {
    agenda = await hostileAgenda();
    page = renderWeeklyPage(agenda, {
      xlsxUrl: '/reports/weekly-meeting.xlsx?date=2026-06-23&sig=a"b',
      generatedAt,
    });
  });

  it('is a complete zh-CN document titled for the meeting', () => {
    expect(page.startsWith('<!doctype html>\n<html lang="zh-CN">')).toBe(true);
    expect(page.trimEnd().endsWith('</html>')).toBe(true);
    const text = flat(page);
    expect(text).toContain('<h1>濮阳市 每周重点签约项目推进会 会议材料</h1>');
    expect(text).toContain('会议日期：2026年6月23日 星期二');
    expect(text).toContain('统计日：2026年6月22日');
    expect(text).toContain('本周：2026年6月16日至2026年6月22日');
    expect(text).toContain('生成时间：2026年6月22日 12:30（北京时间）');
    expect(page).not.toContain('记录重现');
  });

  it('has every section with its id and Chinese heading, in agenda order', () => {
    const positions = SECTIONS.map(([id, heading]) => {
      expect(sectionOf(page, id)).toContain(heading);
      return page.indexOf(`id="${id}"`);
    });
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('shows the figures of the JSON as they are', () => {
    const thisWeek = sectionOf(page, 'this-week');
    expect(agenda.thisWeek.signedInvestment.wan).toBe(15_000.5);
    expect(thisWeek).toContain('合同投资额合计 <strong>15,000.5</strong> 万元（1.50005 亿元）');
    expect(thisWeek).toContain('外币（USD）');
    const indicators = sectionOf(page, 'indicators');
    expect(indicators).toContain('150,000 万元<br /><small>15 亿元</small>');
    expect(indicators).toContain(`序时进度 <strong>${agenda.headline.timeProgress}%</strong>`);
    expect(sectionOf(page, 'major')).toContain('60,000');
    expect(sectionOf(page, 'problems')).toContain('53 天');
  });

  it('marks lights with shapes and words, not colour alone', () => {
    const ry = sectionOf(page, 'red-yellow');
    expect(ry).toMatch(/● 红<\/span>[\s\S]*◐ 黄<\/span>/);
    expect(ry).toContain('红灯项目 <strong>1</strong> 个，黄灯项目 <strong>1</strong> 个');
    const decisions = sectionOf(page, 'decisions');
    expect(decisions).toContain('议定事项 <strong>2</strong> 项，已办结 <strong>1</strong> 项');
    expect(decisions).toContain('✗ 逾期 11 天');
  });

  it('names each row’s own region, a zone included', () => {
    expect(sectionOf(page, 'major')).toContain('<td>濮阳县产业集聚区</td>');
    expect(sectionOf(page, 'ranking')).toMatch(/<td class="num">1<\/td><td>濮阳县<\/td>/);
  });

  it('escapes every agenda value', () => {
    expect(page).not.toContain(EVIL);
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&amp;');
    expect(page).toContain('href="/reports/weekly-meeting.xlsx?date=2026-06-23&amp;sig=a&quot;b"');
    // One script element only: the print button's.
    expect(page.match(/<script/g)).toHaveLength(1);
  });

  it('carries the three charts inline, with their data', () => {
    const charts = [
      ...page.matchAll(/<figure class="chart" data-chart="(\w+)">(<svg[\s\S]*?<\/svg>)/g),
    ];
    expect(charts.map((c) => c[1])).toEqual(['completion', 'landing', 'monthly']);
    const [completion, landing, monthly] = charts.map((c) => svgTexts(c[2] ?? ''));
    expect(completion).toEqual(expect.arrayContaining(['濮阳县', '清丰县（无目标）']));
    expect(completion).toContain(`序时进度 ${agenda.headline.timeProgress}%`);
    expect(landing).toEqual(
      expect.arrayContaining(['签约', '投产', `${agenda.landing.signed} 个`]),
    );
    expect(monthly).toEqual(expect.arrayContaining(['1月', '6月', '签约', '开工']));
  });

  it('sends a CSP whose hash is that of the one script in the page', () => {
    const script = /<script>([\s\S]*?)<\/script>/.exec(page)?.[1];
    expect(script).toBe(WEEKLY_PAGE_SCRIPT);
    const hash = createHash('sha256').update(script!).digest('base64');
    expect(WEEKLY_PAGE_CSP).toContain(`script-src 'sha256-${hash}'`);
    expect(WEEKLY_PAGE_CSP).toMatch(/^default-src 'none';/);
    expect(page).toContain('id="print-button"');
    expect(page).not.toMatch(/\son[a-z]+=/i);
  });

  it('references nothing on the network but the SVG namespaces', () => {
    const urls = page.match(/https?:\/\/[^\s"'<>)]*/g) ?? [];
    expect(new Set(urls)).toEqual(
      new Set(['http://www.w3.org/2000/svg', 'http://www.w3.org/1999/xlink']),
    );
    expect(page).not.toMatch(/@import|@font-face|url\((?!#)/);
  });

  it('prints on A4 with page numbers and repeating table headers', () => {
    expect(page).toContain('size: A4;');
    expect(page).toContain('counter(page)');
    expect(page).toContain('thead { display: table-header-group; }');
    expect(page).toMatch(/\.no-print \{ display: none !important; \}/);
    expect(page).toMatch(/<div class="toolbar no-print">/);
  });

  it('notes a reproduced agenda and leaves out the Excel link when there is none', () => {
    const out = renderWeeklyPage(
      { ...agenda, knownAt: '2026-06-22T01:00:00.000Z' },
      { generatedAt },
    );
    expect(flat(out)).toContain('本材料按 2026年6月22日 09:00（北京时间）系统中已录入的记录重现');
    expect(out).not.toContain('下载 Excel');
  });
});

describe('an empty week', () => {
  let page: string;
  let agenda: WeeklyMeetingDto;

  beforeAll(async () => {
    agenda = await emptyAgenda();
    page = renderWeeklyPage(agenda, { generatedAt: new Date('2026-06-22T04:30:00Z') });
  });

  it('keeps every section and says there is nothing', () => {
    // Targets and regions remain: indicators and ranking still have rows.
    for (const [id] of SECTIONS.filter(([id]) => id !== 'indicators' && id !== 'ranking')) {
      expect(sectionOf(page, id)).toMatch(/class="empty">(本周)?无/);
    }
    expect(sectionOf(page, 'this-week')).toContain('<p class="empty">本周无</p>');
  });

  it('draws 暂无数据 instead of empty charts', () => {
    for (const svg of [landingChart(agenda), monthlyChart(agenda)]) {
      expect(svg).toMatch(/^<svg [^>]*role="img"/);
      expect(svgTexts(svg)).toContain('暂无数据');
    }
  });
});

describe('the charts', () => {
  const ranking = (completion: Array<number | null>) => ({
    headline: { timeProgress: 47.9 } as WeeklyMeetingDto['headline'],
    regionRanking: completion.map((c, i) => ({
      rank: i + 1,
      regionCode: String(i),
      regionName: `区${i}`,
      completion: c,
      behindSchedule: c === null ? null : c < 47.9,
    })),
  });

  it('are named SVGs with value labels', () => {
    const svg = completionChart(ranking([114, 30.5, null]));
    expect(svg).toMatch(
      new RegExp(`^<svg [^>]*role="img" aria-label="${CHART_TITLES.completion}"><title>`),
    );
    expect(svgTexts(svg)).toEqual(
      expect.arrayContaining(['114%', '30.5% 落后', '区2（无目标）', '序时进度 47.9%']),
    );
    // The dashed time-progress line and decal patterns for black-and-white print.
    expect(svg).toContain('stroke-dasharray');
    expect(svg).toContain('<pattern');
  });

  it('write the counts and rates on the funnel and the monthly bars', () => {
    const landing = {
      signed: 187,
      registered: 140,
      groundbroken: 96,
      inProduction: 31,
      registrationRate: 74.9,
      groundbreakingRate: 51.3,
      productionRate: 16.6,
      landingRate: 51.3,
      signedFrom: '2026-01-01',
      signedTo: '2026-06-22',
      landingRule: 'UNDER_CONSTRUCTION',
    } as WeeklyMeetingDto['landing'];
    expect(svgTexts(landingChart({ landing }))).toEqual(
      expect.arrayContaining(['187 个', '140 个（74.9%）', '96 个（51.3%）', '31 个（16.6%）']),
    );
    const month = (m: number, signings: number, groundbreakings: number) =>
      ({ month: `2026-0${m}`, signings, groundbreakings }) as WeeklyMeetingDto['monthly'][number];
    // Odd counts: no axis tick shows them, only the bar labels.
    const texts = svgTexts(monthlyChart({ monthly: [month(1, 17, 0), month(2, 3, 9)] }));
    expect(texts).toEqual(expect.arrayContaining(['1月', '2月', '17', '9', '3']));
  });

  it('say 暂无数据 when no region has a target', () => {
    expect(svgTexts(completionChart(ranking([null, null])))).toContain('暂无数据');
  });
});
