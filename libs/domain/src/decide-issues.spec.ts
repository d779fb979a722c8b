import { projectEvent } from './events';
import type { Project } from './project-state';
import { eventsUpTo, TODAY } from './testing/fixtures';
import { given } from './testing/given-when-then';

const raised = projectEvent('IssueRaised', {
  issueId: 'i-1',
  occurredOn: '2026-03-10',
  category: 'LAND',
  description: '用地指标未落实',
  coordinationLevel: 'TOWN',
});
const assigned = projectEvent('IssueAssigned', {
  issueId: 'i-1',
  occurredOn: '2026-03-12',
  unit: '县自然资源局',
  dueOn: '2026-04-12',
});
const escalated = projectEvent('IssueEscalated', {
  issueId: 'i-1',
  occurredOn: '2026-04-15',
  coordinationLevel: 'COUNTY',
  reason: '逾期未化解',
});
const resolved = projectEvent('IssueResolved', {
  issueId: 'i-1',
  occurredOn: '2026-05-01',
  note: '已调剂用地指标',
});
const base = eventsUpTo('SIGNED');

describe('issue lifecycle', () => {
  it('raises an issue', () => {
    const { state } = given(base)
      .when({
        type: 'RaiseIssue',
        issueId: 'i-1',
        occurredOn: '2026-03-10',
        category: 'LAND',
        description: ' 用地指标未落实 ',
        coordinationLevel: 'TOWN',
      })
      .then([raised]);
    expect((state as Project).issues['i-1']).toStrictEqual({
      issueId: 'i-1',
      category: 'LAND',
      description: '用地指标未落实',
      coordinationLevel: 'TOWN',
      status: 'RAISED',
      raisedOn: '2026-03-10',
      lastStepOn: '2026-03-10',
      escalations: [],
    });
  });

  it('goes raised → assigned → escalated → escalated → resolved', () => {
    given([...base, raised])
      .when({
        type: 'AssignIssue',
        issueId: 'i-1',
        occurredOn: '2026-03-12',
        unit: '县自然资源局',
        dueOn: '2026-04-12',
      })
      .then([assigned]);
    given([...base, raised, assigned])
      .when({
        type: 'EscalateIssue',
        issueId: 'i-1',
        occurredOn: '2026-04-15',
        coordinationLevel: 'COUNTY',
        reason: '逾期未化解',
      })
      .then([escalated]);
    const toCity = projectEvent('IssueEscalated', {
      issueId: 'i-1',
      occurredOn: '2026-04-20',
      coordinationLevel: 'CITY',
      reason: '县级无法协调',
    });
    given([...base, raised, assigned, escalated])
      .when({
        type: 'EscalateIssue',
        issueId: 'i-1',
        occurredOn: '2026-04-20',
        coordinationLevel: 'CITY',
        reason: '县级无法协调',
      })
      .then([toCity]);
    const { state } = given([...base, raised, assigned, escalated, toCity])
      .when({
        type: 'ResolveIssue',
        issueId: 'i-1',
        occurredOn: '2026-05-01',
        note: '已调剂用地指标',
      })
      .then([resolved]);
    expect((state as Project).issues['i-1']).toStrictEqual({
      issueId: 'i-1',
      category: 'LAND',
      description: '用地指标未落实',
      coordinationLevel: 'CITY',
      status: 'RESOLVED',
      raisedOn: '2026-03-10',
      lastStepOn: '2026-05-01',
      assignedOn: '2026-03-12',
      unit: '县自然资源局',
      dueOn: '2026-04-12',
      resolvedOn: '2026-05-01',
      note: '已调剂用地指标',
      escalations: [
        { occurredOn: '2026-04-15', from: 'TOWN', to: 'COUNTY', reason: '逾期未化解' },
        { occurredOn: '2026-04-20', from: 'COUNTY', to: 'CITY', reason: '县级无法协调' },
      ],
    });
  });

  it('escalates straight from raised, and resolves without assignment', () => {
    given([...base, raised])
      .when({
        type: 'EscalateIssue',
        issueId: 'i-1',
        occurredOn: '2026-03-11',
        coordinationLevel: 'CITY',
        reason: '重大',
      })
      .then([
        projectEvent('IssueEscalated', {
          issueId: 'i-1',
          occurredOn: '2026-03-11',
          coordinationLevel: 'CITY',
          reason: '重大',
        }),
      ]);
    given([...base, raised])
      .when({
        type: 'ResolveIssue',
        issueId: 'i-1',
        occurredOn: '2026-03-11',
        note: '企业自行解决',
      })
      .then([
        projectEvent('IssueResolved', {
          issueId: 'i-1',
          occurredOn: '2026-03-11',
          note: '企业自行解决',
        }),
      ]);
  });

  it.each([
    [
      'assignment',
      { type: 'AssignIssue', issueId: 'i-1', occurredOn: TODAY, unit: 'x', dueOn: TODAY },
    ],
    [
      'escalation',
      {
        type: 'EscalateIssue',
        issueId: 'i-1',
        occurredOn: TODAY,
        coordinationLevel: 'CITY',
        reason: 'x',
      },
    ],
    ['a second resolution', { type: 'ResolveIssue', issueId: 'i-1', occurredOn: TODAY, note: 'x' }],
  ] as const)('refuses %s after resolution', (_why, command) => {
    given([...base, raised, resolved])
      .when(command)
      .then('ISSUE_ALREADY_RESOLVED', { issueId: 'i-1', resolvedOn: '2026-05-01' });
  });

  it('refuses an unknown issue id', () => {
    given(base)
      .when({ type: 'ResolveIssue', issueId: 'i-404', occurredOn: TODAY, note: 'x' })
      .then('ISSUE_NOT_FOUND', { issueId: 'i-404' });
  });

  it('refuses reusing an issue id', () => {
    given([...base, raised])
      .when({
        type: 'RaiseIssue',
        issueId: 'i-1',
        occurredOn: TODAY,
        category: 'POWER',
        description: 'x',
        coordinationLevel: 'TOWN',
      })
      .then('INVALID_COMMAND', { field: 'issueId' });
  });

  it.each([
    ['the same level', 'COUNTY'],
    ['a lower level', 'TOWN'],
  ] as const)('refuses escalation to %s', (_why, coordinationLevel) => {
    given([...base, raised, assigned, escalated])
      .when({
        type: 'EscalateIssue',
        issueId: 'i-1',
        occurredOn: TODAY,
        coordinationLevel,
        reason: 'x',
      })
      .then('INVALID_ESCALATION', { currentLevel: 'COUNTY', requestedLevel: coordinationLevel });
  });

  it('refuses a step dated before the previous step of the issue', () => {
    given([...base, raised])
      .when({
        type: 'AssignIssue',
        issueId: 'i-1',
        occurredOn: '2026-03-09',
        unit: 'x',
        dueOn: TODAY,
      })
      .then('DATE_BEFORE_PREVIOUS', { previousDate: '2026-03-10' });
    given([...base, raised, assigned])
      .when({ type: 'ResolveIssue', issueId: 'i-1', occurredOn: '2026-03-11', note: 'x' })
      .then('DATE_BEFORE_PREVIOUS', { previousDate: '2026-03-12' });
  });

  it('accepts a due date in the future but not before the assignment', () => {
    given([...base, raised])
      .when({
        type: 'AssignIssue',
        issueId: 'i-1',
        occurredOn: '2026-03-12',
        unit: '县电力公司',
        dueOn: '2026-12-31',
      })
      .then([
        projectEvent('IssueAssigned', {
          issueId: 'i-1',
          occurredOn: '2026-03-12',
          unit: '县电力公司',
          dueOn: '2026-12-31',
        }),
      ]);
    given([...base, raised])
      .when({
        type: 'AssignIssue',
        issueId: 'i-1',
        occurredOn: '2026-03-12',
        unit: 'x',
        dueOn: '2026-03-11',
      })
      .then('DATE_BEFORE_PREVIOUS', { field: 'dueOn' });
    given([...base, raised])
      .when({
        type: 'AssignIssue',
        issueId: 'i-1',
        occurredOn: '2026-03-12',
        unit: 'x',
        dueOn: '2026-04-31',
      })
      .then('INVALID_DATE', { field: 'dueOn' });
  });

  it('refuses unknown categories and levels', () => {
    given(base)
      .when({
        type: 'RaiseIssue',
        issueId: 'i-2',
        occurredOn: TODAY,
        category: 'WEATHER' as never,
        description: 'x',
        coordinationLevel: 'TOWN',
      })
      .then('INVALID_COMMAND', { field: 'category' });
    given(base)
      .when({
        type: 'RaiseIssue',
        issueId: 'i-2',
        occurredOn: TODAY,
        category: 'LAND',
        description: 'x',
        coordinationLevel: 'PROVINCE' as never,
      })
      .then('INVALID_COMMAND', { field: 'coordinationLevel' });
  });
});
