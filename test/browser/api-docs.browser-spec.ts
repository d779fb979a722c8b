import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { createTestApp, type TestApp } from '../support/test-app';

jest.setTimeout(120_000);

// The Swagger UI at /api/docs under the security headers: it must still load its scripts and
// styles, render every operation and call the API from the page, with no policy violation.

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
if (!available && process.env.LUODI_BROWSER_TESTS === 'required') {
  throw new Error(`No Chromium at ${CHROMIUM}: apt-get install chromium fonts-noto-cjk`);
}

(available ? describe : describe.skip)('the API docs in a browser', () => {
  let t: TestApp;
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    t = await createTestApp();
    await t.app.listen(0, '127.0.0.1');
    origin = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('renders the Swagger UI with every operation and no Content-Security-Policy violation', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    // A string, not a function: the test is compiled without the DOM's types.
    await page.addInitScript(
      "document.addEventListener('securitypolicyviolation', (e) => " +
        "console.error('CSP violation: ' + e.violatedDirective + ' ' + e.blockedURI));",
    );
    const response = await page.goto(`${origin}/api/docs`, { waitUntil: 'networkidle' });
    expect(response?.status()).toBe(200);
    await page.locator('.swagger-ui .info .title').waitFor();
    expect(await page.locator('.swagger-ui .info .title').innerText()).toContain('luodi');
    expect(await page.locator('.opblock').count()).toBeGreaterThan(50);
    // "Try it out" calls the API from the page: connect-src 'self' allows it.
    const status = await page.evaluate('fetch("/api/v1/asyncapi.json").then((r) => r.status)');
    expect(status).toBe(200);
    expect(problems.filter((p) => !/validator\.swagger\.io/.test(p))).toEqual([]);
  });
});
