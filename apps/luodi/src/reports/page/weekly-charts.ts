import type * as echarts from 'echarts';
import { echarts as loadEcharts } from '../../common/on-demand';
import type { WeeklyMeetingDto } from '../queries/weekly-meeting.dto';
import { escapeHtml } from './html';

// The three charts of the printed agenda, drawn on the server as SVG (ECharts SSR). They must
// read on paper: grey-blue shades far apart, decal patterns, a dashed time-progress line and
// the values written on the bars.

/**
 * Fonts that show Chinese on servers, Macs and Windows. Single quotes only: ECharts writes the
 * stack into a double-quoted SVG style attribute.
 */
export const FONT_FAMILY =
  "'Noto Sans CJK SC', 'Source Han Sans SC', 'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', 'WenQuanYi Micro Hei', sans-serif";

/** Fits the text width of an A4 page (210mm less 12mm margins each side, at 96 dpi ≈ 703px). */
export const CHART_WIDTH = 680;

const INK = '#222';
const DARK = '#1f3a5f';
const MID = '#7891b3';
const LIGHT = '#b9c6d8';
const PALE = '#dde4ee';

export const CHART_TITLES = {
  completion: '各区划完成率与序时进度',
  landing: '签约到落地漏斗',
  monthly: '各月签约与开工',
} as const;

/** 各区划完成率: a bar per region in rank order, the dashed line at 序时进度. */
export function completionChart(
  agenda: Pick<WeeklyMeetingDto, 'regionRanking' | 'headline'>,
): string {
  const title = CHART_TITLES.completion;
  const regions = agenda.regionRanking;
  if (!regions.some((r) => r.completion !== null)) return emptyChart(title);
  const timeProgress = agenda.headline.timeProgress;
  const top = Math.max(100, timeProgress, ...regions.map((r) => r.completion ?? 0));
  const step = top <= 200 ? 20 : top <= 500 ? 50 : Math.ceil(top / 1000) * 100;
  return renderChart(title, 84 + 30 * regions.length, {
    title: { ...titleStyle, text: title, subtext: '按名次排列；虚线为序时进度' },
    grid: { left: 16, right: 96, top: 72, bottom: 8, containLabel: true },
    xAxis: {
      type: 'value',
      // Round ticks up to the longest bar: 0%, 20%, … (ECharts alone may end on an odd tick).
      max: Math.ceil(top / step) * step,
      interval: step,
      axisLabel: { formatter: '{value}%', color: INK },
      splitLine: { lineStyle: { color: PALE } },
    },
    yAxis: {
      type: 'category',
      inverse: true,
      // A region without a target keeps its place on the axis, without a bar.
      data: regions.map((r) =>
        r.completion === null ? `${r.regionName}（无目标）` : r.regionName,
      ),
      axisLabel: { color: INK, fontSize: 13 },
    },
    series: [
      {
        type: 'bar',
        name: '完成率',
        barMaxWidth: 20,
        itemStyle: { color: DARK },
        data: regions.map((r) => r.completion),
        label: {
          show: true,
          position: 'right',
          color: INK,
          formatter: (p) => {
            const r = regions[p.dataIndex];
            return r?.completion == null
              ? ''
              : `${r.completion}%${r.behindSchedule ? ' 落后' : ''}`;
          },
        },
        markLine: {
          silent: true,
          symbol: 'none',
          lineStyle: { color: INK, type: 'dashed', width: 1.5 },
          // The category axis is inverted, so the line starts at the top of the grid.
          label: { formatter: `序时进度 ${timeProgress}%`, color: INK, position: 'start' },
          data: [{ xAxis: timeProgress }],
        },
      },
    ],
  });
}

/** 签约到落地: this year's signings and how many registered, broke ground, produced. */
export function landingChart(agenda: Pick<WeeklyMeetingDto, 'landing'>): string {
  const title = CHART_TITLES.landing;
  const l = agenda.landing;
  if (l.signed === 0) return emptyChart(title);
  const steps: Array<{ name: string; count: number; rate: number | null }> = [
    { name: '签约', count: l.signed, rate: null },
    { name: '注册', count: l.registered, rate: l.registrationRate },
    { name: '开工', count: l.groundbroken, rate: l.groundbreakingRate },
    { name: '投产', count: l.inProduction, rate: l.productionRate },
  ];
  const landed = l.landingRate === null ? '' : `，落地率 ${l.landingRate}%`;
  return renderChart(title, 200, {
    title: {
      ...titleStyle,
      text: title,
      subtext: `${dateZh(l.signedFrom)}至${dateZh(l.signedTo)}签约的项目${landed}（落地口径：${LANDING_LABELS[l.landingRule] ?? l.landingRule}）；括号内为占签约数的比例`,
    },
    color: [DARK, MID, LIGHT, PALE],
    grid: { left: 16, right: 120, top: 62, bottom: 8, containLabel: true },
    xAxis: { type: 'value', show: false },
    yAxis: {
      type: 'category',
      inverse: true,
      data: steps.map((s) => s.name),
      axisLabel: { color: INK, fontSize: 13 },
    },
    series: [
      {
        type: 'bar',
        name: '项目数',
        colorBy: 'data',
        barMaxWidth: 28,
        // Light bars need an edge to stay visible in print.
        itemStyle: { borderColor: DARK, borderWidth: 1 },
        data: steps.map((s) => s.count),
        label: {
          show: true,
          position: 'right',
          color: INK,
          formatter: (p) => {
            const s = steps[p.dataIndex];
            return s === undefined ? '' : `${s.count} 个${s.rate === null ? '' : `（${s.rate}%）`}`;
          },
        },
      },
    ],
  });
}

/** 各月签约与开工: project counts per month, January to the month of the as-of date. */
export function monthlyChart(agenda: Pick<WeeklyMeetingDto, 'monthly'>): string {
  const title = CHART_TITLES.monthly;
  const months = agenda.monthly;
  if (!months.some((m) => m.signings > 0 || m.groundbreakings > 0)) return emptyChart(title);
  const series = (name: string, color: string, data: number[]) => ({
    type: 'bar' as const,
    name,
    barMaxWidth: 24,
    itemStyle: { color, borderColor: DARK, borderWidth: 1 },
    label: { show: true, position: 'top' as const, color: INK },
    data,
  });
  return renderChart(title, 240, {
    title: { ...titleStyle, text: title, subtext: '项目个数' },
    legend: { top: 8, right: 16, textStyle: { color: INK, fontSize: 13 } },
    grid: { left: 16, right: 16, top: 64, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category',
      data: months.map((m) => `${Number(m.month.slice(5, 7))}月`),
      axisLabel: { color: INK, fontSize: 13 },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { color: INK },
      splitLine: { lineStyle: { color: PALE } },
    },
    series: [
      series(
        '签约',
        DARK,
        months.map((m) => m.signings),
      ),
      series(
        '开工',
        LIGHT,
        months.map((m) => m.groundbreakings),
      ),
    ],
  });
}

/** 2026-06-22 → 2026年6月22日. */
const dateZh = (date: string): string => date.replace(/^(\d+)-0?(\d+)-0?(\d+)$/, '$1年$2月$3日');

const LANDING_LABELS: Record<string, string> = {
  REGISTERED: '注册',
  UNDER_CONSTRUCTION: '开工',
  IN_PRODUCTION: '投产',
};

const titleStyle = {
  left: 16,
  top: 6,
  textStyle: { color: INK, fontSize: 15, fontWeight: 'bold' as const },
  subtextStyle: { color: '#444', fontSize: 12 },
};

function renderChart(title: string, height: number, option: echarts.EChartsOption): string {
  const chart = loadEcharts().init(null, null, {
    renderer: 'svg',
    ssr: true,
    width: CHART_WIDTH,
    height,
  });
  try {
    chart.setOption({
      animation: false,
      textStyle: { fontFamily: FONT_FAMILY },
      // Decals: every series (or data item) gets its own pattern, legible in black and white.
      aria: { enabled: true, decal: { show: true } },
      ...option,
    });
    return labelled(chart.renderToSVGString(), title);
  } finally {
    chart.dispose();
  }
}

/** ECharts SSR leaves out the accessible name: the chart's title becomes its aria-label and <title>. */
function labelled(svg: string, title: string): string {
  const name = escapeHtml(title);
  return svg.replace(
    /^<svg([^>]*)>/,
    `<svg$1 role="img" aria-label="${name}"><title>${name}</title>`,
  );
}

/** An honest empty chart: the title and 暂无数据 in a dashed frame, not an empty grid. */
function emptyChart(title: string): string {
  const name = escapeHtml(title);
  const h = 120;
  const w = CHART_WIDTH;
  const font = `font-family="${escapeHtml(FONT_FAMILY)}"`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="${name}：暂无数据">` +
    `<title>${name}：暂无数据</title>` +
    `<rect x="0.5" y="0.5" width="${w - 1}" height="${h - 1}" fill="none" stroke="#888" stroke-dasharray="4 3"/>` +
    `<text x="16" y="28" ${font} font-size="15" font-weight="bold" fill="${INK}">${name}</text>` +
    `<text x="${w / 2}" y="78" ${font} font-size="16" text-anchor="middle" fill="#444">暂无数据</text>` +
    `</svg>`
  );
}
