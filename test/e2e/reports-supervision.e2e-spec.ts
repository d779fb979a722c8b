import { createTestApp, type TestApp } from '../support/test-app';
import { as, createProject, REGION, seedReference, walkTo } from '../support/fixtures';

jest.setTimeout(60_000);

// Response bodies are checked loosely here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>;

const noon = (date: string) => `${date}T10:00:00+08:00`;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Meetings on Tuesdays: D0 = 06-02 and D1 = 06-09 record decisions; the agenda of D2 = 06-16
// (as of 06-15) reports on D1's decisions and on what is still open from D0.
const D0 = '2026-06-02';
const D1 = '2026-06-09';
const D2 = '2026-06-16';

describe('the weekly agenda: red and yellow projects, and the last meeting’s decisions', () => {
  let t: TestApp;
  /** Signed 2026-03-01, so registration was due 2026-05-30: red from the day it is recorded. */
  let late: string;
  /** Signed in 清丰县 promising registration by 2026-06-25: yellow from 06-10 on. */
  let near: string;
  let issueId: string;
  const decisions = { earlier: '', power: '', fair: '' };
  let beforeClosing: Date;

  const agenda = async (date: string, query = '') =>
    (await as(t).get(`/reports/weekly-meeting?date=${date}${query}`).expect(200)).body as Row;
  const decide = async (meetingDate: string, body: object) => {
    t.clock.set(noon(meetingDate));
    const res = await as(t).post(`/meetings/${meetingDate}/decisions`, body).expect(201);
    return res.body.id as string;
  };
  const item = async (id: string) =>
    (await as(t).get(`/supervision/items/${id}`).expect(200)).body as Row;

  beforeAll(async () => {
    t = await createTestApp({ now: noon('2026-06-01') });
    await seedReference(t);

    late = await createProject(t, { name: '逾期未注册项目', regionCode: REGION.PUYANG });
    await walkTo(t, late, 'SIGNED', { dates: { SIGNED: '2026-03-01' } });
    near = await createProject(t, { name: '临近注册期限项目', regionCode: REGION.QINGFENG });
    await walkTo(t, near, 'NEGOTIATING', { dates: { NEGOTIATING: '2026-05-01' } });
    await as(t)
      .post(`/projects/${near}/signing`, {
        occurredOn: '2026-05-20',
        contractInvestment: 30000,
        occasion: 'CEREMONY',
        commitments: { registerBy: '2026-06-25' },
      })
      .expect(200);
    await t.supervised();

    decisions.earlier = await decide(D0, {
      projectId: near,
      text: '协调办理项目工商注册',
      unit: '清丰县市场监管局',
      dueOn: '2026-06-05',
    });

    decisions.power = await decide(D1, {
      projectId: late,
      text: '协调解决项目用电增容',
      unit: '市发展改革委',
      leader: '王副市长',
      dueOn: '2026-06-12',
    });
    decisions.fair = await decide(D1, {
      regionCode: REGION.QINGFENG,
      text: '清丰县组织专场招商推介会',
      unit: '清丰县商务局',
      dueOn: '2026-06-30',
    });
    t.clock.set(noon('2026-06-10'));
    const issue = await as(t)
      .post(`/projects/${late}/issues`, {
        occurredOn: '2026-06-10',
        category: 'LAND',
        description: '项目用地指标尚未落实',
        coordinationLevel: 'COUNTY',
      })
      .expect(201);
    issueId = issue.body.issueId;
    await t.supervised();

    await pause(25);
    beforeClosing = new Date();
    await pause(25);

    // The power decision walks the whole 督办单 ladder on 06-12.
    t.clock.set(noon('2026-06-12'));
    const step = (path: string, body: object) =>
      as(t).post(`/supervision/items/${decisions.power}/${path}`, body).expect(200);
    await step('acknowledgement', { note: '已签收' });
    await step('feedback', { note: '变电站扩容方案已批复' });
    await step('review', { approved: true, note: '经核实已落实' });
    await step('closure', { note: '已办结' });

    // The evaluation of 06-15: the problem has gone 5 days unassigned, 'near' is 10 days from
    // its deadline, the D0 decision is past due.
    t.clock.set(noon('2026-06-15'));
    await as(t).post('/supervision/evaluations', {}).expect(200);
    await t.supervised();
  });
  afterAll(() => t.close());

  describe(`the agenda of ${D2}`, () => {
    let body: Row;
    beforeAll(async () => {
      body = await agenda(D2);
    });

    it('lists the red project first, then the yellow one, with their open items', async () => {
      const section = body.redYellowProjects;
      expect({ red: section.red, yellow: section.yellow }).toEqual({ red: 1, yellow: 1 });
      expect(
        section.projects.map((p: Row) => [p.name, p.regionCode, p.light, p.oldestRaisedOn]),
      ).toEqual([
        ['逾期未注册项目', REGION.PUYANG, 'RED', '2026-06-01'],
        ['临近注册期限项目', REGION.QINGFENG, 'YELLOW', '2026-06-15'],
      ]);
      const [red, yellow] = section.projects as Row[];
      expect(red!.projectId).toBe(late);
      expect(
        red!.items.map((i: Row) => [i.ruleId, i.ruleName, i.kind, i.severity, i.raisedOn]),
      ).toEqual([
        ['REGISTRATION_DEADLINE', '承诺注册期限', 'PROJECT', 'RED', '2026-06-01'],
        ['ISSUE_UNASSIGNED', '问题未明确责任单位', 'ISSUE', 'YELLOW', '2026-06-15'],
      ]);
      // Each line says what the item itself says (nothing has happened since the evaluation).
      for (const line of [...red!.items, ...yellow!.items] as Row[]) {
        const stored = await item(line.itemId);
        expect(line).toEqual({
          itemId: stored.id,
          kind: stored.kind,
          ruleId: stored.ruleId,
          ruleName: stored.ruleName,
          severity: stored.severity,
          reason: stored.reason,
          escalationLevel: stored.escalationLevel,
          responsibleUnit: stored.responsibleUnit,
          status: stored.status,
          statusLabel: '下发',
          dueOn: stored.dueOn,
          raisedOn: stored.raisedOn,
        });
      }
      expect(red!.items[0].reason).toContain('承诺注册日期 2026-05-30 已逾期');
      expect(red!.items[1].reason).toContain('项目用地指标尚未落实');
      expect(yellow!.items.map((i: Row) => [i.ruleId, i.severity])).toEqual([
        ['REGISTRATION_DEADLINE', 'YELLOW'],
      ]);
      // The red decision on 'near' is not a project light here: decisions have their own section.
      expect((await item(decisions.earlier)).severity).toBe('RED');
      expect((await item(red!.items[1].itemId)).subjectId).toBe(issueId);
    });

    it('reports the decisions of the last meeting and whether each was done', () => {
      const section = body.lastMeetingDecisions;
      expect(section).toMatchObject({ lastMeetingDate: D1, done: 1, total: 2 });
      const byText = new Map((section.items as Row[]).map((d) => [d.text, d]));
      expect(byText.get('协调解决项目用电增容')).toEqual({
        itemId: decisions.power,
        meetingDate: D1,
        text: '协调解决项目用电增容',
        projectId: late,
        regionCode: REGION.PUYANG,
        regionName: '濮阳县',
        responsibleUnit: '市发展改革委',
        responsibleLeader: '王副市长',
        dueOn: '2026-06-12',
        status: 'CLOSED',
        statusLabel: '办结',
        // Recorded 3 days before its due date: yellow from the start, and closed as it was.
        severity: 'YELLOW',
        done: true,
        closedOn: '2026-06-12',
        overdueDays: 0,
      });
      expect(byText.get('清丰县组织专场招商推介会')).toMatchObject({
        itemId: decisions.fair,
        projectId: null,
        regionCode: REGION.QINGFENG,
        status: 'ISSUED',
        statusLabel: '下发',
        severity: 'GREEN',
        done: false,
        closedOn: null,
        overdueDays: 0,
      });
      // D0's decision is still open, and late: it stays on the agenda.
      expect(section.stillOpenEarlier).toEqual([
        expect.objectContaining({
          itemId: decisions.earlier,
          meetingDate: D0,
          projectId: near,
          severity: 'RED',
          status: 'ISSUED',
          done: false,
          overdueDays: 11,
        }),
      ]);
      expect(body.rules.decisions).toContain('会议议定事项');
    });

    it('keeps both sections to the region asked for', async () => {
      const qingfeng = await agenda(D2, `&regionCode=${REGION.QINGFENG}`);
      expect(qingfeng.redYellowProjects).toMatchObject({ red: 0, yellow: 1 });
      expect(qingfeng.redYellowProjects.projects.map((p: Row) => p.projectId)).toEqual([near]);
      expect(qingfeng.lastMeetingDecisions).toMatchObject({
        lastMeetingDate: D1,
        done: 0,
        total: 1,
      });
      expect(qingfeng.lastMeetingDecisions.items.map((d: Row) => d.itemId)).toEqual([
        decisions.fair,
      ]);
      expect(qingfeng.lastMeetingDecisions.stillOpenEarlier.map((d: Row) => d.itemId)).toEqual([
        decisions.earlier,
      ]);
      const puyang = await agenda(D2, `&regionCode=${REGION.PUYANG}`);
      expect(puyang.redYellowProjects.projects.map((p: Row) => p.projectId)).toEqual([late]);
      expect(puyang.lastMeetingDecisions).toMatchObject({ lastMeetingDate: D1, done: 1, total: 1 });
      expect(puyang.lastMeetingDecisions.stillOpenEarlier).toEqual([]);
    });
  });

  it('reproduces the agenda as it was known before the decision was closed', async () => {
    const known = await agenda(D2, `&knownAt=${encodeURIComponent(beforeClosing.toISOString())}`);
    expect(known.knownAt).toBe(beforeClosing.toISOString());
    const section = known.lastMeetingDecisions;
    expect(section).toMatchObject({ lastMeetingDate: D1, done: 0, total: 2 });
    expect(section.items.find((d: Row) => d.itemId === decisions.power)).toMatchObject({
      status: 'ISSUED',
      done: false,
      closedOn: null,
      // Due 06-12, not known done: 4 days late at the meeting.
      overdueDays: 4,
    });
    // Nor was the evaluation of 06-15 known: D0's decision is as recorded (yellow, due in 3
    // days), and the only red or yellow project item is the registration deadline.
    expect(section.stillOpenEarlier.map((d: Row) => [d.itemId, d.severity])).toEqual([
      [decisions.earlier, 'YELLOW'],
    ]);
    expect(known.redYellowProjects).toMatchObject({ red: 1, yellow: 0 });
    expect(known.redYellowProjects.projects[0].items.map((i: Row) => i.ruleId)).toEqual([
      'REGISTRATION_DEADLINE',
    ]);
  });

  it('travels back: before D1 its decisions are not there, before D0 no decisions at all', async () => {
    // The agenda of D1 itself (as of 06-08): the last meeting was D0.
    const atD1 = await agenda(D1);
    expect(atD1.lastMeetingDecisions).toMatchObject({ lastMeetingDate: D0, done: 0, total: 1 });
    expect(atD1.lastMeetingDecisions.items.map((d: Row) => d.itemId)).toEqual([decisions.earlier]);
    expect(atD1.lastMeetingDecisions.stillOpenEarlier).toEqual([]);
    expect(atD1.redYellowProjects).toMatchObject({ red: 1, yellow: 0 });

    // The agenda of D0 (as of 06-01): no meeting before, and 'late' already red.
    const atD0 = await agenda(D0);
    expect(atD0.asOf).toBe('2026-06-01');
    expect(atD0.lastMeetingDecisions).toEqual({
      lastMeetingDate: null,
      items: [],
      done: 0,
      total: 0,
      stillOpenEarlier: [],
    });
    expect(atD0.redYellowProjects.projects.map((p: Row) => [p.projectId, p.light])).toEqual([
      [late, 'RED'],
    ]);

    // Before anything was red.
    const earlier = await agenda('2026-06-01');
    expect(earlier.redYellowProjects).toEqual({ red: 0, yellow: 0, projects: [] });
    expect(earlier.lastMeetingDecisions.lastMeetingDate).toBeNull();
  });
});
