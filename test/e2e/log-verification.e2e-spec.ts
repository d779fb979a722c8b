import {
  as,
  createClient,
  createProject,
  expectProblem,
  seedReference,
  walkTo,
} from '../support/fixtures';
import { createTestApp, type TestApp } from '../support/test-app';

jest.setTimeout(120_000);

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>;

describe('verifying the whole log (POST /log/verifications)', () => {
  let t: TestApp;
  let first: string;
  let second: string;

  const eventRow = async (projectId: string, version: number) =>
    (
      await t.dataSource.query<Row[]>(
        `SELECT position::text AS position, event_id::text AS "eventId", data::text AS data
         FROM events WHERE stream_id = $1 AND version = $2`,
        [`project-${projectId}`, version],
      )
    )[0]!;
  const total = async () =>
    (await t.dataSource.query<Row[]>(`SELECT count(*)::int AS n FROM events`))[0]!.n as number;
  const verify = async () => (await as(t).post('/log/verifications').expect(200)).body as Row;

  beforeAll(async () => {
    t = await createTestApp();
    await seedReference(t);
    first = await createProject(t, { name: '第一个项目' });
    await walkTo(t, first, 'REGISTERED');
    second = await createProject(t, { name: '第二个项目' });
    await walkTo(t, second, 'SIGNED');
    await t.supervised();
  });
  afterAll(() => t?.close());

  it('checks every event of every stream and finds the log intact', async () => {
    const result = await verify();
    expect(result).toMatchObject({ ok: true, checked: await total(), firstBroken: null });
    expect(Date.parse(result.finishedAt as string)).toBeGreaterThanOrEqual(
      Date.parse(result.startedAt as string),
    );
  });

  it('names the exact event whose content was edited in SQL, and the project history agrees', async () => {
    const edited = await eventRow(second, 2);
    await t.dataSource.query(
      `UPDATE events SET data = jsonb_set(data, '{plannedInvestment}', '1') WHERE position = $1`,
      [edited.position],
    );
    try {
      const result = await verify();
      expect(result).toEqual({
        ok: false,
        checked: await total(),
        firstBroken: {
          position: edited.position,
          streamId: `project-${second}`,
          version: 2,
          eventId: edited.eventId,
          reason: 'hash does not match content',
        },
        startedAt: expect.any(String),
        finishedAt: expect.any(String),
      });
      const history = await as(t).get(`/projects/${second}/events?verify=true`).expect(200);
      expect(history.body.verification).toMatchObject({
        ok: false,
        firstBroken: { position: edited.position, version: 2 },
      });
    } finally {
      await t.dataSource.query(`UPDATE events SET data = $2::jsonb WHERE position = $1`, [
        edited.position,
        edited.data,
      ]);
    }
    expect(await verify()).toMatchObject({ ok: true });
  });

  it('reports the lowest position when several links are broken, and a deleted row by its successor', async () => {
    // A deleted event in the first project (earlier positions) and an edit in the second.
    const deleted = await eventRow(first, 2);
    const successor = await eventRow(first, 3);
    const edited = await eventRow(second, 3);
    await t.dataSource.query(`UPDATE events SET occurred_on = '2026-03-19' WHERE position = $1`, [
      edited.position,
    ]);
    await t.dataSource.query(`DELETE FROM events WHERE position = $1`, [deleted.position]);
    const result = await verify();
    expect(result).toMatchObject({
      ok: false,
      checked: await total(),
      firstBroken: {
        position: successor.position,
        streamId: `project-${first}`,
        version: 3,
        eventId: successor.eventId,
        reason: 'version 3 follows 1',
      },
    });
  });

  it('is for admins only', async () => {
    const reader = await createClient(t, {
      scopes: ['projects:read', 'reports:read', 'supervision:read'],
    });
    expectProblem(await as(t, reader.apiKey).post('/log/verifications'), 403, 'FORBIDDEN');
  });
});
