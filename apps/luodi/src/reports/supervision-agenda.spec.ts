import { foldSnapshots } from '@luodi/projections';
import { lastMeetingDecisions, redYellowProjects } from './supervision-agenda';
import { FactLog } from './testing/fact-log';
import { ItemLog } from './testing/item-log';

const PUYANG = '410928';
const PUYANG_ZONE = '410928400';
const QINGFENG = '410922';
const ALL = { codes: null };
const PUYANG_ONLY = { codes: new Set([PUYANG, PUYANG_ZONE]) };

const P1 = '00000000-0000-4000-8000-000000000001';
const P2 = '00000000-0000-4000-8000-000000000002';
const P3 = '00000000-0000-4000-8000-000000000003';
const P4 = '00000000-0000-4000-8000-000000000004';

/** Four signed projects: two in 濮阳县 (one in its zone), two in 清丰县. */
function projects() {
  const log = new FactLog();
  const signed = (id: string, name: string, regionCode: string) =>
    log
      .project(id)
      .lead('2026-01-05', { name, regionCode })
      .negotiate('2026-01-20')
      .sign('2026-03-01', { wan: 20_000 });
  signed(P1, 'one', PUYANG);
  signed(P2, 'two', PUYANG_ZONE);
  signed(P3, 'three', QINGFENG);
  signed(P4, 'four', QINGFENG);
  return foldSnapshots(log.facts);
}

describe('redYellowProjects', () => {
  const snapshots = projects();

  it('groups the open red and yellow items by project, red projects first, then the oldest', () => {
    const log = new ItemLog();
    const base = { ruleId: 'GROUNDBREAKING_DEADLINE' as const };
    log.raise('2026-06-10', { ...base, projectId: P1, regionCode: PUYANG, severity: 'YELLOW' });
    const issue = log.raise('2026-06-01', {
      ruleId: 'ISSUE_UNASSIGNED',
      kind: 'ISSUE',
      subjectId: 'issue-1',
      projectId: P1,
      regionCode: PUYANG,
      severity: 'YELLOW',
      unit: null,
      reason: '问题「用地」提出已 3 天仍未明确责任单位',
    });
    log
      .raise('2026-06-05', {
        ruleId: 'REGISTRATION_DEADLINE',
        projectId: P2,
        regionCode: PUYANG_ZONE,
        severity: 'YELLOW',
        dueOn: '2026-06-15',
      })
      .acknowledge('2026-06-06')
      .escalate('2026-06-12', 'RED', 'DEPUTY_MAYOR', '已逾期 1 天');
    log.raise('2026-05-20', { ...base, projectId: P3, regionCode: QINGFENG, severity: 'YELLOW' });
    log.raise('2026-06-14', { ...base, projectId: P4, regionCode: QINGFENG, severity: 'RED' });

    const section = redYellowProjects(log.itemsAt('2026-06-22'), ALL, snapshots);
    expect(section.projects.map((p) => [p.name, p.light, p.oldestRaisedOn])).toEqual([
      ['two', 'RED', '2026-06-05'],
      ['four', 'RED', '2026-06-14'],
      ['three', 'YELLOW', '2026-05-20'],
      ['one', 'YELLOW', '2026-06-01'],
    ]);
    expect({ red: section.red, yellow: section.yellow }).toEqual({ red: 2, yellow: 2 });
    const one = section.projects[3]!;
    expect(one.items.map((i) => i.ruleId)).toEqual(['ISSUE_UNASSIGNED', 'GROUNDBREAKING_DEADLINE']);
    expect(one.items[0]).toEqual({
      itemId: issue.id,
      kind: 'ISSUE',
      ruleId: 'ISSUE_UNASSIGNED',
      ruleName: '问题未明确责任单位',
      severity: 'YELLOW',
      reason: '问题「用地」提出已 3 天仍未明确责任单位',
      escalationLevel: 'UNIT',
      responsibleUnit: null,
      status: 'ISSUED',
      statusLabel: '下发',
      dueOn: null,
      raisedOn: '2026-06-01',
    });
    expect(section.projects[0]).toMatchObject({
      projectId: P2,
      regionCode: PUYANG_ZONE,
      items: [
        {
          ruleName: '承诺注册期限',
          severity: 'RED',
          escalationLevel: 'DEPUTY_MAYOR',
          reason: '已逾期 1 天',
          status: 'ACKNOWLEDGED',
          statusLabel: '签收',
          dueOn: '2026-06-15',
          raisedOn: '2026-06-05',
        },
      ],
    });
  });

  it('makes a project red when any of its open items is red, and lists the red items first', () => {
    const log = new ItemLog();
    log.raise('2026-06-01', {
      ruleId: 'COMMITMENT_SLIPPED',
      projectId: P1,
      regionCode: PUYANG,
      severity: 'YELLOW',
    });
    log.raise('2026-06-10', {
      ruleId: 'REGISTRATION_DEADLINE',
      projectId: P1,
      regionCode: PUYANG,
      severity: 'RED',
    });
    const [p] = redYellowProjects(log.itemsAt('2026-06-22'), ALL, snapshots).projects;
    expect(p).toMatchObject({ light: 'RED', oldestRaisedOn: '2026-06-01' });
    expect(p!.items.map((i) => i.severity)).toEqual(['RED', 'YELLOW']);
  });

  it('leaves out closed items, meeting decisions and items of other regions', () => {
    const log = new ItemLog();
    log
      .raise('2026-06-01', {
        ruleId: 'REGISTRATION_DEADLINE',
        projectId: P1,
        regionCode: PUYANG,
        severity: 'RED',
      })
      .clear('2026-06-10');
    log
      .raise('2026-06-01', {
        ruleId: 'ISSUE_DUE',
        kind: 'ISSUE',
        projectId: P2,
        regionCode: PUYANG_ZONE,
        severity: 'YELLOW',
      })
      .reviewed('2026-06-05')
      .close('2026-06-06');
    log
      .decide('2026-06-02', {
        text: '协调用电',
        unit: '市发展改革委',
        dueOn: '2026-06-05',
        regionCode: PUYANG,
        projectId: P1,
      })
      .escalate('2026-06-06', 'RED', 'DEPUTY_MAYOR');
    log.raise('2026-06-01', {
      ruleId: 'NEGOTIATION_STALLED',
      projectId: P3,
      regionCode: QINGFENG,
      severity: 'RED',
    });
    const items = log.itemsAt('2026-06-22');
    expect(redYellowProjects(items, PUYANG_ONLY, snapshots)).toEqual({
      red: 0,
      yellow: 0,
      projects: [],
    });
    expect(redYellowProjects(items, ALL, snapshots).projects.map((p) => p.projectId)).toEqual([P3]);
  });

  it('shows the items as they stood at the as-of date', () => {
    const log = new ItemLog();
    log
      .raise('2026-06-01', {
        ruleId: 'REGISTRATION_DEADLINE',
        projectId: P1,
        regionCode: PUYANG,
        severity: 'YELLOW',
      })
      .escalate('2026-06-10', 'RED', 'DEPUTY_MAYOR')
      .clear('2026-06-20');
    const light = (asOf: string) =>
      redYellowProjects(log.itemsAt(asOf), ALL, snapshots).projects.map((p) => p.light);
    expect(light('2026-05-31')).toEqual([]);
    expect(light('2026-06-09')).toEqual(['YELLOW']);
    expect(light('2026-06-19')).toEqual(['RED']);
    expect(light('2026-06-20')).toEqual([]);
  });

  it('keeps a project the report cannot see, without its name', () => {
    const log = new ItemLog();
    log.raise('2026-06-01', {
      ruleId: 'REGISTRATION_DEADLINE',
      projectId: P3,
      regionCode: PUYANG,
      severity: 'RED',
    });
    const [p] = redYellowProjects(log.itemsAt('2026-06-22'), PUYANG_ONLY, []).projects;
    expect(p).toMatchObject({ projectId: P3, name: null, regionCode: PUYANG });
  });
});

describe('lastMeetingDecisions', () => {
  /** Meetings of 06-02, 06-09 and 06-16; the agenda is for 06-23 (as of 06-22). */
  function meetings() {
    const log = new ItemLog();
    const decide = (on: string, text: string, dueOn: string, regionCode = PUYANG) =>
      log.decide(on, { text, unit: '市发展改革委', dueOn, regionCode });
    const early = {
      open: decide('2026-06-02', '早先未办结', '2026-06-12').escalate(
        '2026-06-13',
        'RED',
        'DEPUTY_MAYOR',
      ),
      done: decide('2026-06-02', '早先已办结', '2026-06-12')
        .reviewed('2026-06-10')
        .close('2026-06-11'),
    };
    const middle = decide('2026-06-09', '上上次未办结', '2026-06-30', QINGFENG);
    const last = {
      done: decide('2026-06-16', '用电增容', '2026-06-20')
        .acknowledge('2026-06-17')
        .reviewed('2026-06-19')
        .close('2026-06-20'),
      late: decide('2026-06-16', '用地报批', '2026-06-19').escalate(
        '2026-06-20',
        'RED',
        'DEPUTY_MAYOR',
      ),
      open: decide('2026-06-16', '融资对接', '2026-07-31', PUYANG_ZONE).acknowledge('2026-06-18'),
      other: decide('2026-06-16', '清丰县事项', '2026-07-31', QINGFENG),
    };
    return { log, early, middle, last };
  }

  it('reports the last meeting’s decisions, done or not and how late, and what is still open from before', () => {
    const { log, early, middle, last } = meetings();
    const section = lastMeetingDecisions(log.itemsAt('2026-06-22'), ALL, '2026-06-23');
    expect(section.lastMeetingDate).toBe('2026-06-16');
    expect({ done: section.done, total: section.total }).toEqual({ done: 1, total: 4 });
    expect(
      section.items.map((d) => [
        d.text,
        d.status,
        d.statusLabel,
        d.severity,
        d.done,
        d.overdueDays,
      ]),
    ).toEqual([
      ['用电增容', 'CLOSED', '办结', 'GREEN', true, 0],
      ['用地报批', 'ISSUED', '下发', 'RED', false, 4],
      ['融资对接', 'ACKNOWLEDGED', '签收', 'GREEN', false, 0],
      ['清丰县事项', 'ISSUED', '下发', 'GREEN', false, 0],
    ]);
    expect(section.items[0]).toEqual({
      itemId: last.done.id,
      meetingDate: '2026-06-16',
      text: '用电增容',
      projectId: null,
      regionCode: PUYANG,
      responsibleUnit: '市发展改革委',
      responsibleLeader: null,
      dueOn: '2026-06-20',
      status: 'CLOSED',
      statusLabel: '办结',
      severity: 'GREEN',
      done: true,
      closedOn: '2026-06-20',
      overdueDays: 0,
    });
    expect(section.stillOpenEarlier.map((d) => [d.itemId, d.meetingDate, d.overdueDays])).toEqual([
      [early.open.id, '2026-06-02', 11],
      [middle.id, '2026-06-09', 0],
    ]);
    expect(section.stillOpenEarlier.map((d) => d.itemId)).not.toContain(early.done.id);
    expect(section.items.map((d) => d.itemId)).toEqual([
      last.done.id,
      last.late.id,
      last.open.id,
      last.other.id,
    ]);
  });

  it('keeps to the region: the last meeting is the last one with decisions there', () => {
    const { log } = meetings();
    const section = lastMeetingDecisions(
      log.itemsAt('2026-06-22'),
      { codes: new Set([QINGFENG]) },
      '2026-06-23',
    );
    expect(section.lastMeetingDate).toBe('2026-06-16');
    expect(section.items.map((d) => d.text)).toEqual(['清丰县事项']);
    expect(section.stillOpenEarlier.map((d) => d.text)).toEqual(['上上次未办结']);
    const zone = lastMeetingDecisions(
      log.itemsAt('2026-06-22'),
      { codes: new Set([PUYANG_ZONE]) },
      '2026-06-23',
    );
    expect(zone.items.map((d) => d.text)).toEqual(['融资对接']);
    expect(zone.stillOpenEarlier).toEqual([]);
  });

  it('looks only at meetings before the agenda’s date, as the items stood at its as-of date', () => {
    const { log } = meetings();
    // The agenda of 06-16 (as of 06-15): the last meeting is 06-09, the 06-02 one still open.
    const before = lastMeetingDecisions(log.itemsAt('2026-06-15'), ALL, '2026-06-16');
    expect(before.lastMeetingDate).toBe('2026-06-09');
    expect(before.items.map((d) => d.text)).toEqual(['上上次未办结']);
    expect(before.stillOpenEarlier.map((d) => [d.text, d.severity, d.overdueDays])).toEqual([
      ['早先未办结', 'RED', 4],
    ]);
    // Even given later items, a meeting on or after the agenda date is not "the last meeting".
    expect(lastMeetingDecisions(log.itemsAt('2026-06-22'), ALL, '2026-06-16').lastMeetingDate).toBe(
      '2026-06-09',
    );
    // On 06-10 the 06-02 decision counted as done only once closed (06-11).
    const done = lastMeetingDecisions(log.itemsAt('2026-06-10'), ALL, '2026-06-11');
    expect(done.items.map((d) => [d.text, d.done])).toEqual([['上上次未办结', false]]);
    expect(done.stillOpenEarlier.map((d) => [d.text, d.status])).toEqual([
      ['早先未办结', 'ISSUED'],
      ['早先已办结', 'REVIEWED'],
    ]);
  });

  it('is empty when no meeting came before', () => {
    const { log } = meetings();
    expect(lastMeetingDecisions(log.itemsAt('2026-06-01'), ALL, '2026-06-02')).toEqual({
      lastMeetingDate: null,
      items: [],
      done: 0,
      total: 0,
      stillOpenEarlier: [],
    });
    expect(lastMeetingDecisions([], ALL, '2026-06-23').lastMeetingDate).toBeNull();
  });

  it('ignores project and problem items', () => {
    const log = new ItemLog();
    log.raise('2026-06-01', {
      ruleId: 'REGISTRATION_DEADLINE',
      projectId: P1,
      regionCode: PUYANG,
      severity: 'RED',
    });
    expect(
      lastMeetingDecisions(log.itemsAt('2026-06-22'), ALL, '2026-06-23').lastMeetingDate,
    ).toBeNull();
  });
});
