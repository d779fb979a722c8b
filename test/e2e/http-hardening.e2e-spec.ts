import type { INestApplication } from '@nestjs/common';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApp } from '../../apps/luodi/src/app.factory';
import { generateApiKey, hashApiKey } from '../../apps/luodi/src/auth/api-key';
import { ClientsRepository } from '../../apps/luodi/src/auth/clients.repository';
import { toApiProblem } from '../../apps/luodi/src/common/problem/to-api-problem';
import { loadConfig } from '../../apps/luodi/src/config/app-config';
import { openDatabase } from '../../apps/luodi/src/database/database.providers';
import { WEEKLY_PAGE_CSP } from '../../apps/luodi/src/reports/page/weekly-page';
import { API, as, expectProblem, REGION, seedReference } from '../support/fixtures';
import { provisionTestDatabase } from '../support';
import { TestClock } from '../support/test-clock';
import { createTestApp, writeCounts, type TestApp } from '../support/test-app';

jest.setTimeout(120_000);

const onServer = process.env.DATABASE_URL !== undefined;

/** The directives of a Content-Security-Policy header, by name. */
function directives(header: string | undefined): Record<string, string> {
  return Object.fromEntries(
    (header ?? '')
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => {
        const [name, ...values] = d.split(/\s+/);
        return [name!, values.join(' ')];
      }),
  );
}

describe('security headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ now: '2026-06-30T10:00:00+08:00' });
    await seedReference(t);
  });
  afterAll(() => t?.close());

  it('puts helmet’s headers, a locked-down policy and no-store on every API answer', async () => {
    for (const res of [
      await as(t).get('/projects').expect(200),
      await t.http.get(`${API}/projects`).expect(401),
      await t.http.get('/health').expect(200),
    ]) {
      expect(directives(res.headers['content-security-policy'])).toEqual({
        'default-src': "'none'",
        'base-uri': "'none'",
        'form-action': "'none'",
        'frame-ancestors': "'none'",
      });
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'strict-transport-security': 'max-age=15552000',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin',
        'cache-control': 'no-store',
      });
      expect(res.headers['x-powered-by']).toBeUndefined();
      expect(res.headers.etag).toBeUndefined();
    }
  });

  it('lets the Swagger UI load its own scripts and styles, and nothing from elsewhere', async () => {
    const page = await t.http.get('/api/docs/').redirects(1).expect(200);
    const csp = directives(page.headers['content-security-policy']);
    expect(csp).toMatchObject({
      'default-src': "'self'",
      'script-src': "'self'",
      'style-src': "'self' 'unsafe-inline'",
      'img-src': "'self' data:",
      'connect-src': "'self'",
      'frame-ancestors': "'none'",
    });
    expect(csp['upgrade-insecure-requests']).toBeUndefined();
    // Every script is a same-origin file (script-src 'self' allows it; no inline script).
    const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(body!.trim()).toBe('');
      const src = /src=["']([^"']+)["']/.exec(attributes!)?.[1];
      expect(src).toMatch(/^\.?\/?[\w./-]+\.js$/);
      await t.http.get(new URL(src!, 'http://x/api/docs/').pathname).expect(200);
    }
    await t.http.get('/api/docs-json').expect(200);
  });

  it('keeps the weekly page’s own strict policy', async () => {
    const res = await as(t).get('/reports/weekly-meeting?date=2026-06-30&format=html').expect(200);
    expect(res.headers['content-security-policy']).toBe(WEEKLY_PAGE_CSP);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.headers['x-frame-options']).toBe('DENY');
  });
});

/** Sends raw bytes and collects everything until the server closes the connection. */
function rawExchange(
  port: number,
  bytes: string,
): Promise<{ text: string; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve({ text, closedAfterMs: Date.now() - started }));
  });
}

function parseRaw(text: string): {
  status: number;
  headers: string;
  body: Record<string, unknown>;
} {
  const [head, body] = text.split('\r\n\r\n');
  return {
    status: Number(/^HTTP\/1\.1 (\d{3})/.exec(head ?? '')?.[1]),
    headers: head ?? '',
    body: JSON.parse(body ?? '{}') as Record<string, unknown>,
  };
}

describe('request timeouts', () => {
  let t: TestApp;
  let port: number;
  beforeAll(async () => {
    t = await createTestApp({ config: { requestTimeoutMs: 1_000 } });
    await seedReference(t);
    await t.app.listen(0, '127.0.0.1');
    port = (t.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(() => t?.close());

  it('cuts off a client that sends its body too slowly, with 408 problem+json, writing nothing', async () => {
    const before = await writeCounts(t);
    const { text, closedAfterMs } = await rawExchange(
      port,
      [
        `POST ${API}/projects HTTP/1.1`,
        'Host: localhost',
        `Authorization: Bearer ${t.adminKey}`,
        'Content-Type: application/json',
        'Content-Length: 400',
        '',
        '{"name":"慢',
      ].join('\r\n'),
    );
    const answer = parseRaw(text);
    expect(answer.status).toBe(408);
    expect(answer.headers).toMatch(/content-type: application\/problem\+json/i);
    expect(answer.headers).toMatch(/connection: close/i);
    expect(answer.body).toMatchObject({ status: 408, code: 'REQUEST_TIMEOUT' });
    expect(closedAfterMs).toBeGreaterThanOrEqual(900);
    expect(closedAfterMs).toBeLessThan(5_000);
    expect(await writeCounts(t)).toEqual(before);
  });

  it('cuts off a client that never finishes its headers', async () => {
    const { text, closedAfterMs } = await rawExchange(
      port,
      `GET /health HTTP/1.1\r\nHost: localhost\r\nX-Slow: `,
    );
    expect(parseRaw(text)).toMatchObject({ status: 408, body: { code: 'REQUEST_TIMEOUT' } });
    expect(closedAfterMs).toBeLessThan(5_000);
  });

  it('answers what is not HTTP with 400 problem+json, and goes on serving', async () => {
    const { text } = await rawExchange(port, 'HELLO\r\n\r\n');
    expect(parseRaw(text)).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    await request(`http://127.0.0.1:${port}`).get('/health').expect(200);
  });
});

describe('statement timeouts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t?.close());

  it('maps a query the database cancelled (57014) to 503 UNAVAILABLE with Retry-After', async () => {
    const cancelled = await t.dataSource
      .transaction(async (m) => {
        if (onServer) {
          await m.query(`SET LOCAL statement_timeout = 100`);
          await m.query(`SELECT pg_sleep(5)`);
        } else {
          // PGlite has no timers to cancel with; the engine raises the very same error.
          await m.query(
            `DO $$ BEGIN RAISE EXCEPTION 'canceling statement due to statement timeout' USING ERRCODE = 'query_canceled'; END $$`,
          );
        }
      })
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    expect((cancelled as { driverError?: { code?: string } }).driverError?.code).toBe('57014');
    const problem = toApiProblem(cancelled);
    expect(problem).toMatchObject({
      code: 'UNAVAILABLE',
      status: 503,
      extras: { retryAfterSeconds: 5 },
    });
  });

  (onServer ? describe : describe.skip)('on a PostgreSQL server', () => {
    let app: INestApplication;
    let dataSource: DataSource;
    let drop: () => Promise<void>;
    let adminKey: string;
    let url: string;
    beforeAll(async () => {
      const database = await provisionTestDatabase();
      drop = database.drop;
      url = database.config.databaseUrl!;
      const config = {
        ...loadConfig({ LOG_LEVEL: 'silent', SUPERVISION_SCHEDULE: 'off' }),
        databaseUrl: url,
        statementTimeoutMs: 300,
        rateLimit: { perSecond: 0, burst: 0 },
      };
      dataSource = await openDatabase(config);
      app = await createApp({ config, dataSource, clock: new TestClock(new Date()) }, false);
      adminKey = generateApiKey();
      await app.get(ClientsRepository).create({
        name: 'admin',
        scopes: ['admin'],
        regionCodes: [],
        keyHash: hashApiKey(adminKey),
      });
    });
    afterAll(async () => {
      await app?.close();
      await drop?.();
    });

    it('gives every pooled session the timeout, the one that migrated included', async () => {
      const shown = await Promise.all(
        Array.from({ length: 4 }, () =>
          dataSource.transaction(async (m) => {
            const rows: Array<{ statement_timeout: string }> =
              await m.query(`SHOW statement_timeout`);
            await m.query(`SELECT pg_sleep(0.05)`);
            return rows[0]!.statement_timeout;
          }),
        ),
      );
      expect(shown).toEqual(['300ms', '300ms', '300ms', '300ms']);
    });

    it('answers 503 with Retry-After when a query waits too long, instead of hanging', async () => {
      const http = request(app.getHttpServer());
      const blocker = new Client({ connectionString: url });
      await blocker.connect();
      try {
        await blocker.query('BEGIN');
        await blocker.query('LOCK TABLE project_list IN ACCESS EXCLUSIVE MODE');
        const started = Date.now();
        const res = await http.get(`${API}/projects`).set('Authorization', `Bearer ${adminKey}`);
        expectProblem(res, 503, 'UNAVAILABLE');
        expect(res.headers['retry-after']).toBe('5');
        expect(res.body.retryAfterSeconds).toBe(5);
        expect(Date.now() - started).toBeLessThan(3_000);
      } finally {
        await blocker.query('ROLLBACK');
        await blocker.end();
      }
      await http.get(`${API}/projects`).set('Authorization', `Bearer ${adminKey}`).expect(200);
    });

    it('lets a slow answer take its time: the request timeout is for receiving the request', async () => {
      const config = {
        ...loadConfig({ LOG_LEVEL: 'silent', SUPERVISION_SCHEDULE: 'off' }),
        databaseUrl: url,
        statementTimeoutMs: 10_000,
        requestTimeoutMs: 1_000,
        rateLimit: { perSecond: 0, burst: 0 },
      };
      const patient = await createApp(
        { config, dataSource: await openDatabase(config), clock: new TestClock(new Date()) },
        false,
      );
      const blocker = new Client({ connectionString: url });
      await blocker.connect();
      try {
        await blocker.query('BEGIN');
        await blocker.query('LOCK TABLE project_list IN ACCESS EXCLUSIVE MODE');
        const release = new Promise((resolve) => setTimeout(resolve, 1_800)).then(() =>
          blocker.query('ROLLBACK'),
        );
        const started = Date.now();
        await request(patient.getHttpServer())
          .get(`${API}/projects`)
          .set('Authorization', `Bearer ${adminKey}`)
          .expect(200);
        expect(Date.now() - started).toBeGreaterThanOrEqual(1_500);
        await release;
      } finally {
        await blocker.end();
        await patient.close();
      }
    });

    it('still rebuilds a projection under the API’s timeout (its statements are batches)', async () => {
      const http = request(app.getHttpServer());
      const auth = `Bearer ${adminKey}`;
      await http
        .put(`${API}/regions/${REGION.CITY}`)
        .set('Authorization', auth)
        .send({ name: '濮阳市' })
        .expect(201);
      await http.post(`${API}/projections/facts/rebuild`).set('Authorization', auth).expect(202);
      let status = 'RUNNING';
      for (let i = 0; i < 200 && status === 'RUNNING'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        status = (
          await http.get(`${API}/projections/facts/rebuild`).set('Authorization', auth).expect(200)
        ).body.status as string;
      }
      expect(status).toBe('SWITCHED');
    });
  });
});
