import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { runDemo } from '../../apps/luodi/src/demo/demo-run';
import { API } from '../support/fixtures';
import { createTestApp, type TestApp } from '../support/test-app';

jest.setTimeout(300_000);

// The weekly-meeting page as a city leader gets it: the demo city, a signed link opened in
// headless Chromium, every section present, charts drawn, Chinese rendered, printed to A4.
// `.ci/run` installs Debian's chromium and fonts-noto-cjk; elsewhere the suite says what is
// missing and skips, unless LUODI_BROWSER_TESTS=required.

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>;

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');
const TODAY = '2026-06-29';
const MEETING = '2026-06-30';
const SECTIONS = [
  'indicators',
  'this-week',
  'problems',
  'red-yellow',
  'not-started',
  'major',
  'ranking',
  'decisions',
];

const available = existsSync(CHROMIUM);
if (!available && process.env.LUODI_BROWSER_TESTS === 'required') {
  throw new Error(`No Chromium at ${CHROMIUM}: apt-get install chromium fonts-noto-cjk`);
}
if (!available) {
  console.warn(
    `Browser tests skipped: no Chromium at ${CHROMIUM} (apt-get install chromium fonts-noto-cjk).`,
  );
}

(available ? describe : describe.skip)('the weekly-meeting page in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let page: Page;
  let agenda: Row;
  const requests: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    t = await createTestApp({ now: `${TODAY}T12:00:00+08:00` });
    await t.app.listen(0, '127.0.0.1');
    const { port } = t.app.getHttpServer().address() as AddressInfo;
    const origin = `http://127.0.0.1:${port}`;
    // The demo ends by printing signed links to the report of the next Tuesday's meeting: the
    // page opened here is the one a newcomer opens from that summary.
    const printed: string[] = [];
    const log = jest.spyOn(console, 'log').mockImplementation((line: unknown) => {
      printed.push(String(line));
    });
    try {
      const args = {
        seed: 42,
        projects: 100,
        concurrency: 4,
        meetings: 3,
        today: TODAY,
        help: false,
      };
      expect(await runDemo(args, { LUODI_URL: origin, LUODI_API_KEY: t.adminKey })).toBe(0);
    } finally {
      log.mockRestore();
    }
    const summary = printed.join('\n');
    expect(summary).toContain(`The weekly meeting report for ${MEETING}`);
    const pageUrl = /^ {2}page: {2}(\S+)$/m.exec(summary)?.[1];
    expect(pageUrl).toMatch(/\/api\/v1\/reports\/links\//);
    await t.supervised();

    const auth = { Authorization: t.bearer(t.adminKey), 'Content-Type': 'application/json' };
    // The demo city: the one region at the top of the tree.
    const tree = (await (
      await fetch(`${origin}${API}/regions`, { headers: auth })
    ).json()) as Row[];
    const city = tree[0]!.code as string;
    agenda = (await (
      await fetch(`${origin}${API}/reports/weekly-meeting?date=${MEETING}&regionCode=${city}`, {
        headers: auth,
      })
    ).json()) as Row;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    page = await browser.newPage({ viewport: { width: 1100, height: 1400 }, locale: 'zh-CN' });
    page.on('request', (r) => requests.push(r.url()));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    const response = await page.goto(pageUrl!, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('shows every section of the agenda, with the demo’s figures', async () => {
    for (const id of SECTIONS) {
      await expect(page.locator(`section#${id}`).count()).resolves.toBe(1);
      const heading = await page.locator(`section#${id} h2`).first().textContent();
      expect(heading).toMatch(/[\u4e00-\u9fff]/);
    }
    const text = await page.locator('body').innerText();
    expect(text).toContain(agenda.regionName);
    for (const p of agenda.majorProjects.slice(0, 3)) expect(text).toContain(p.name);
    expect(agenda.regionRanking.length).toBeGreaterThan(3);
    for (const r of agenda.regionRanking) expect(text).toContain(r.regionName);
    expect(agenda.headline.indicators.some((i: Row) => i.completion !== null)).toBe(true);
    expect(agenda.redYellowProjects.projects.length).toBeGreaterThan(0);
    expect(await page.locator('section#red-yellow tbody tr').count()).toBeGreaterThanOrEqual(
      agenda.redYellowProjects.projects.length,
    );
  });

  it('draws the three charts as SVG carrying the data', async () => {
    const svgs = page.locator('section#indicators svg');
    expect(await svgs.count()).toBeGreaterThanOrEqual(3);
    const texts = await svgs.evaluateAll((nodes) => nodes.map((n) => n.textContent ?? ''));
    const all = texts.join(' ');
    for (const r of agenda.regionRanking) expect(all).toContain(r.regionName);
    expect(all).toContain(String(agenda.landing.signed));
    expect(all).toContain('序时进度');
    const marks = await svgs.evaluateAll((nodes) =>
      nodes.map((n) => n.querySelectorAll('path, rect').length),
    );
    for (const n of marks) expect(n).toBeGreaterThan(5);
  });

  it('renders Chinese with a real font, not tofu boxes', async () => {
    // A string, not a function: the test is compiled without the DOM's types. Each glyph is
    // measured in the page's own font and drawn on a canvas: a tofu box is as wide as a real
    // glyph in a CJK font, but every character then draws the same box.
    type Glyph = { width: number; ink: string };
    const glyphs = await page.evaluate<Record<'luo' | 'di' | 'tofu', Glyph>>(`(() => {
      const font = '40px ' + getComputedStyle(document.querySelector('h1')).fontFamily;
      const canvas = document.createElement('canvas');
      canvas.width = 60;
      canvas.height = 60;
      const context = canvas.getContext('2d');
      context.font = font;
      const glyph = (text) => {
        context.clearRect(0, 0, 60, 60);
        context.fillText(text, 5, 45);
        return { width: context.measureText(text).width, ink: canvas.toDataURL() };
      };
      // U+0378 is unassigned: whatever the font, it is drawn as the missing-glyph box.
      return { luo: glyph('落'), di: glyph('地'), tofu: glyph('\\u0378') };
    })()`);
    expect(glyphs.luo.width).toBeGreaterThan(36);
    expect(glyphs.luo.width).toBeLessThan(44);
    expect(new Set([glyphs.luo.ink, glyphs.di.ink, glyphs.tofu.ink]).size).toBe(3);

    const cdp = await page.context().newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument');
    const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: 'h1' });
    const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    expect(fonts.some((f) => /CJK|Han|Hei|Song/i.test(f.familyName))).toBe(true);
  });

  it('needs nothing from the network and runs its script under the page’s policy', async () => {
    const origin = new URL(page.url()).origin;
    expect(requests.filter((u) => !u.startsWith(origin) && !u.startsWith('data:'))).toEqual([]);
    expect(problems).toEqual([]);
    expect(await page.locator('button', { hasText: '打印' }).isVisible()).toBe(true);
  });

  it('prints to A4 without the button, and keeps a screenshot and a PDF', async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'weekly-meeting.png'), fullPage: true });
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('button', { hasText: '打印' }).isVisible()).toBe(false);
    const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    await writeFile(join(ARTIFACTS, 'weekly-meeting.pdf'), pdf);
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
    expect(pages.length).toBeGreaterThan(1);
    await page.emulateMedia({ media: 'screen' });
  });
});
