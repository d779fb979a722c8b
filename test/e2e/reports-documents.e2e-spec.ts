import ExcelJS from 'exceljs';
import type { Response } from 'supertest';
import { agendaRegionNames } from '../../apps/luodi/src/reports/export/weekly-workbook';
import { expectWorkbookMatchesAgenda } from '../support/agenda-workbook';
import {
  API,
  as,
  createClient,
  createProject,
  expectProblem,
  REGION,
  seedReference,
  walkTo,
} from '../support/fixtures';
import { createTestApp, type TestApp } from '../support/test-app';

jest.setTimeout(120_000);

// Response bodies are checked loosely here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>;

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const MEETING = '2026-06-30';

/** Collects a binary body (superagent only buffers text and JSON by itself). */
const binary = (res: Response, done: (error: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

async function readWorkbook(res: Response): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  // A copy with its own ArrayBuffer (a Buffer may be a view into a shared pool).
  await workbook.xlsx.load(Uint8Array.from(res.body as Buffer).buffer);
  return workbook;
}

describe('the weekly agenda as a page and a workbook; signed links; the project ledger', () => {
  let t: TestApp;
  let county: { id: string; apiKey: string };
  let ids: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp({ now: `${MEETING}T10:00:00+08:00` });
    await seedReference(t);
    ids = {
      signed: await createProject(t, {
        name: '年产5万吨复合材料<项目>&',
        regionCode: REGION.PUYANG,
      }),
      building: await createProject(t, { name: '氢能装备产业园', regionCode: REGION.QINGFENG }),
      lead: await createProject(t, { name: '新能源电池项目', regionCode: REGION.PUYANG_TOWN }),
    };
    await walkTo(t, ids.signed!, 'SIGNED', { dates: { SIGNED: '2026-06-25' } });
    await walkTo(t, ids.building!, 'UNDER_CONSTRUCTION', {
      dates: { UNDER_CONSTRUCTION: '2026-06-26' },
    });
    await as(t)
      .put(`/targets/2026/${REGION.CITY}`, { contractInvestment: 500000, signedProjects: 20 })
      .expect(200);
    await t.supervised();
    county = await createClient(t, {
      scopes: ['reports:read', 'projects:read'],
      regionCodes: [REGION.PUYANG],
    });
  });
  afterAll(() => t?.close());

  const json = async (query = '', key = t.adminKey) =>
    (await as(t, key).get(`/reports/weekly-meeting?date=${MEETING}${query}`).expect(200))
      .body as Row;

  it('gives the workbook with the same figures as the JSON, cell by cell', async () => {
    const res = await as(t)
      .get(`/reports/weekly-meeting?date=${MEETING}&regionCode=${REGION.CITY}&format=xlsx`)
      .buffer(true)
      .parse(binary)
      .expect(200);
    expect(res.headers['content-type']).toBe(XLSX);
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename=".+\.xlsx"; filename\*=UTF-8''/,
    );
    expect(res.headers['cache-control']).toBe('private, no-store');
    const agenda = await json(`&regionCode=${REGION.CITY}`);
    expect(agenda.thisWeek.signings).toHaveLength(1);
    expectWorkbookMatchesAgenda(await readWorkbook(res), agenda as never, {
      regionName: agendaRegionNames(agenda as never),
      chainName: (code) => ({ NEW_MATERIALS: '新材料', HYDROGEN: '氢能' })[code],
    });
  });

  it('gives the printable page to Accept: text/html, under a strict content policy', async () => {
    const res = await as(t)
      .get(`/reports/weekly-meeting?date=${MEETING}`)
      .set('Accept', 'text/html,application/xhtml+xml,*/*;q=0.8')
      .expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    const html = res.text;
    for (const id of [
      'indicators',
      'this-week',
      'problems',
      'red-yellow',
      'not-started',
      'major',
      'ranking',
      'decisions',
    ]) {
      expect(html).toContain(`id="${id}"`);
    }
    expect(html).toContain('年产5万吨复合材料&lt;项目&gt;&amp;');
    expect(html).not.toContain('<项目>');
    expect(html).not.toContain(t.adminKey);
    // The download link in the page is signed, so it opens without the key.
    const href = /href="(links\/[^"]+)"/.exec(html)?.[1];
    expect(href).toBeDefined();
    const xlsx = await t.http.get(`${API}/reports/${href!}`).buffer(true).parse(binary).expect(200);
    expect(xlsx.headers['content-type']).toBe(XLSX);
  });

  it('answers 406 to an Accept it cannot meet, and 400 to an unknown format', async () => {
    const res = await as(t)
      .get(`/reports/weekly-meeting?date=${MEETING}`)
      .set('Accept', 'image/png');
    expectProblem(res, 406, 'NOT_ACCEPTABLE');
    expectProblem(
      await as(t).get(`/reports/weekly-meeting?date=${MEETING}&format=pdf`),
      400,
      'VALIDATION_FAILED',
    );
  });

  describe('signed links', () => {
    const create = (body: object, key = t.adminKey) => as(t, key).post('/reports/links', body);

    it('opens the page without a key, in the region of the key that made it', async () => {
      const res = await create({ report: 'weekly-meeting', date: MEETING }, county.apiKey).expect(
        201,
      );
      const link = res.body as Row;
      expect(link.path).toMatch(/^\/api\/v1\/reports\/links\/[\w-]+\.[\w-]+$/);
      expect(link.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/reports\/links\//);
      expect(link.url).not.toContain(county.apiKey);
      expect(Date.parse(link.expiresAt) - t.clock.now().getTime()).toBe(900_000);
      const page = await t.http.get(link.path).expect(200);
      expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(page.text).toContain('濮阳县');
      expect(page.text).not.toContain('氢能装备产业园');
    });

    it('refuses a region the key may not read when the link is made, not when it is opened', async () => {
      const res = await create(
        { report: 'weekly-meeting', date: MEETING, regionCode: REGION.QINGFENG },
        county.apiKey,
      );
      expect(res.status).toBe(403);
    });

    it('validates the request like any other', async () => {
      for (const body of [
        { report: 'weekly-meeting', date: '2026-02-30' },
        { report: 'funnel', date: MEETING },
        { report: 'weekly-meeting', date: MEETING, ttlSeconds: 10 },
        { report: 'weekly-meeting', date: MEETING, format: 'pdf' },
        { report: 'weekly-meeting', date: MEETING, apiKey: 'x' },
      ]) {
        expectProblem(await create(body), 400, 'VALIDATION_FAILED');
      }
    });

    it('stops working when it expires, when it is altered, and when its key is revoked', async () => {
      const made = (
        await create({
          report: 'weekly-meeting',
          date: MEETING,
          format: 'xlsx',
          ttlSeconds: 60,
        }).expect(201)
      ).body as Row;
      await t.http.get(made.path).buffer(true).parse(binary).expect(200);

      const [body, signature] = (made.path as string).split('/').pop()!.split('.');
      const grant = JSON.parse(Buffer.from(body!, 'base64url').toString()) as Row;
      const widened = Buffer.from(
        JSON.stringify({ ...grant, expiresAt: grant.expiresAt + 86400 }),
      ).toString('base64url');
      expectProblem(
        await t.http.get(`${API}/reports/links/${widened}.${signature}`),
        401,
        'UNAUTHENTICATED',
      );
      expectProblem(await t.http.get(`${API}/reports/links/not-a-token`), 401, 'UNAUTHENTICATED');

      const madeAt = t.clock.now();
      t.clock.set(new Date(madeAt.getTime() + 60_000));
      const expired = await t.http.get(made.path);
      expectProblem(expired, 401, 'UNAUTHENTICATED');
      expect(expired.body.detail).toContain('expired');
      t.clock.set(madeAt);

      const reader = await createClient(t, { scopes: ['reports:read'] });
      const link = (
        await create({ report: 'weekly-meeting', date: MEETING }, reader.apiKey).expect(201)
      ).body as Row;
      await t.http.get(link.path).expect(200);
      await as(t)
        .delete(`/clients/${reader.id}`)
        .expect((r) => expect(r.status).toBeLessThan(300));
      const revoked = await t.http.get(link.path);
      expectProblem(revoked, 401, 'UNAUTHENTICATED');
      expect(revoked.body.detail).toContain('revoked');
    });
  });

  describe('the project ledger (项目台账)', () => {
    const ledger = async (query: string, key = t.adminKey) => {
      const res = await as(t, key).get(`/projects?${query}`).buffer(true).parse(binary).expect(200);
      expect(res.headers['content-type']).toBe(XLSX);
      return readWorkbook(res);
    };
    const names = (workbook: ExcelJS.Workbook) => {
      const sheet = workbook.worksheets[0]!;
      const view = sheet.views[0] as { ySplit?: number } | undefined;
      const header = sheet.getRow(view?.ySplit ?? 1);
      const column = (header.values as unknown[]).indexOf('项目名称');
      const out: string[] = [];
      sheet.eachRow((row, n) => {
        if (n > header.number) out.push(row.getCell(column).text);
      });
      return out;
    };

    it('lists the projects the filters select, as the JSON list does', async () => {
      const all = (await as(t).get('/projects?limit=100').expect(200)).body.items as Row[];
      expect(names(await ledger('format=xlsx'))).toEqual(all.map((p) => p.name));
      expect(names(await ledger('format=xlsx&stage=UNDER_CONSTRUCTION'))).toEqual([
        '氢能装备产业园',
      ]);
      expect(
        names(
          await ledger(`format=xlsx&regionCode=${REGION.PUYANG}&q=${encodeURIComponent('电池')}`),
        ),
      ).toEqual(['新能源电池项目']);
    });

    it('keeps a county key in its county', async () => {
      const rows = names(await ledger('format=xlsx', county.apiKey));
      expect(rows.sort()).toEqual(['年产5万吨复合材料<项目>&', '新能源电池项目'].sort());
    });
  });
});
