import { projectEvent } from './events';
import type { Project } from './project-state';
import { cny, DATES, eventsUpTo, leadRegistered, TODAY, usd } from './testing/fixtures';
import { given } from './testing/given-when-then';

const dropped = (fromStage: 'LEAD' | 'SIGNED') =>
  projectEvent('ProjectDropped', { occurredOn: '2026-06-10', reason: 'x', fromStage });

describe('RecordInvestment (资金到位)', () => {
  it.each(['SIGNED', 'REGISTERED', 'UNDER_CONSTRUCTION', 'IN_PRODUCTION'] as const)(
    'records money in %s',
    (stage) => {
      given(eventsUpTo(stage))
        .when({ type: 'RecordInvestment', occurredOn: TODAY, amount: cny(35_000_000) })
        .then([projectEvent('InvestmentArrived', { occurredOn: TODAY, amount: cny(35_000_000) })]);
    },
  );

  it('keeps a running total per currency', () => {
    const { state } = given([
      ...eventsUpTo('SIGNED'),
      projectEvent('InvestmentArrived', { occurredOn: '2026-03-01', amount: cny(100_000_000) }),
      projectEvent('InvestmentArrived', { occurredOn: '2026-03-02', amount: usd(7_000) }),
    ])
      .when({ type: 'RecordInvestment', occurredOn: '2026-04-01', amount: cny(12_345) })
      .then([projectEvent('InvestmentArrived', { occurredOn: '2026-04-01', amount: cny(12_345) })]);
    expect((state as Project).arrived).toStrictEqual({ CNY: 100_012_345, USD: 7_000 });
  });

  it.each(['LEAD', 'NEGOTIATING'] as const)('refuses money in %s as NOT_SIGNED', (stage) => {
    given(eventsUpTo(stage))
      .when({ type: 'RecordInvestment', occurredOn: TODAY, amount: cny(1) })
      .then('NOT_SIGNED', { currentStage: stage });
  });

  it('refuses money for a dropped project', () => {
    given([...eventsUpTo('SIGNED'), dropped('SIGNED')])
      .when({ type: 'RecordInvestment', occurredOn: TODAY, amount: cny(1) })
      .then('STAGE_TRANSITION_NOT_ALLOWED', { currentStage: 'DROPPED' });
    given([...eventsUpTo('LEAD'), dropped('LEAD')])
      .when({ type: 'RecordInvestment', occurredOn: TODAY, amount: cny(1) })
      .then('NOT_SIGNED', { currentStage: 'DROPPED' });
  });

  it('refuses zero, and money dated before the signing', () => {
    given(eventsUpTo('SIGNED'))
      .when({ type: 'RecordInvestment', occurredOn: TODAY, amount: cny(0) })
      .then('INVALID_AMOUNT');
    given(eventsUpTo('REGISTERED'))
      .when({ type: 'RecordInvestment', occurredOn: '2026-02-01', amount: cny(1) })
      .then('DATE_BEFORE_PREVIOUS', { previousDate: DATES.SIGNED });
  });
});

describe('LogActivity', () => {
  it('counts activities by type', () => {
    const visit = projectEvent('ActivityLogged', {
      occurredOn: '2026-01-10',
      activityType: 'VISIT',
      note: '赴宁波拜访',
    });
    const { state } = given([leadRegistered(), visit])
      .when({ type: 'LogActivity', occurredOn: '2026-01-11', activityType: 'VISIT' })
      .then([projectEvent('ActivityLogged', { occurredOn: '2026-01-11', activityType: 'VISIT' })]);
    expect((state as Project).activities).toStrictEqual({
      VISIT: 2,
      RECEPTION: 0,
      MEETING: 0,
      PROMOTION_EVENT: 0,
    });
    expect((state as Project).lastProgressOn).toBe('2026-01-11');
  });

  it('refuses an unknown activity type', () => {
    given([leadRegistered()])
      .when({ type: 'LogActivity', occurredOn: TODAY, activityType: 'BANQUET' as never })
      .then('INVALID_COMMAND', { field: 'activityType' });
  });
});

describe('AssignResponsibility', () => {
  it('records only the roles that change', () => {
    const first = projectEvent('ResponsibilityAssigned', {
      occurredOn: '2026-01-06',
      leader: '李副县长',
      unit: '县商务局',
    });
    const { state } = given([leadRegistered(), first])
      .when({
        type: 'AssignResponsibility',
        occurredOn: '2026-01-07',
        leader: '李副县长',
        secretary: '王五',
        chainLeader: '赵市长',
      })
      .then([
        projectEvent('ResponsibilityAssigned', {
          occurredOn: '2026-01-07',
          secretary: '王五',
          chainLeader: '赵市长',
        }),
      ]);
    expect((state as Project).responsibility).toStrictEqual({
      leader: '李副县长',
      unit: '县商务局',
      secretary: '王五',
      chainLeader: '赵市长',
    });
  });

  it('refuses an empty or unchanged assignment', () => {
    given([leadRegistered()])
      .when({ type: 'AssignResponsibility', occurredOn: TODAY })
      .then('NOTHING_TO_CHANGE');
    const first = projectEvent('ResponsibilityAssigned', {
      occurredOn: '2026-01-06',
      leader: '李副县长',
    });
    given([leadRegistered(), first])
      .when({ type: 'AssignResponsibility', occurredOn: TODAY, leader: '李副县长' })
      .then('NOTHING_TO_CHANGE');
  });
});

describe('RescheduleCommitments', () => {
  const slip = (breakGroundBy: string, occurredOn: string) =>
    projectEvent('CommitmentRescheduled', { occurredOn, breakGroundBy, reason: '征地拆迁滞后' });

  it('counts three slips of breakGroundBy', () => {
    const { state } = given([
      ...eventsUpTo('REGISTERED'),
      slip('2026-09-30', '2026-04-01'),
      slip('2026-10-31', '2026-05-01'),
    ])
      .when({
        type: 'RescheduleCommitments',
        occurredOn: '2026-06-01',
        breakGroundBy: '2026-12-31',
        reason: '征地拆迁滞后',
      })
      .then([slip('2026-12-31', '2026-06-01')]);
    const project = state as Project;
    expect(project.commitmentSlips).toStrictEqual({
      registerBy: 0,
      breakGroundBy: 3,
      produceBy: 0,
    });
    expect(project.commitments).toStrictEqual({
      registerBy: '2026-05-11',
      breakGroundBy: '2026-12-31',
      produceBy: '2028-02-10',
    });
    expect(project.defaultedCommitments).toStrictEqual(['registerBy', 'produceBy']);
  });

  it('counts only dates that really move', () => {
    const { state } = given(eventsUpTo('SIGNED'))
      .when({
        type: 'RescheduleCommitments',
        occurredOn: TODAY,
        registerBy: '2026-05-11',
        breakGroundBy: '2026-09-01',
        produceBy: '2028-03-01',
        reason: '规划调整',
      })
      .then([
        projectEvent('CommitmentRescheduled', {
          occurredOn: TODAY,
          breakGroundBy: '2026-09-01',
          produceBy: '2028-03-01',
          reason: '规划调整',
        }),
      ]);
    expect((state as Project).commitmentSlips).toStrictEqual({
      registerBy: 0,
      breakGroundBy: 1,
      produceBy: 1,
    });
  });

  it('refuses before signing, with no change, out of order or before the signing date', () => {
    given(eventsUpTo('NEGOTIATING'))
      .when({
        type: 'RescheduleCommitments',
        occurredOn: TODAY,
        produceBy: '2028-01-01',
        reason: 'x',
      })
      .then('NOT_SIGNED');
    given(eventsUpTo('SIGNED'))
      .when({ type: 'RescheduleCommitments', occurredOn: TODAY, reason: 'x' })
      .then('NOTHING_TO_CHANGE');
    given(eventsUpTo('SIGNED'))
      .when({
        type: 'RescheduleCommitments',
        occurredOn: TODAY,
        registerBy: '2026-05-11',
        reason: 'x',
      })
      .then('NOTHING_TO_CHANGE');
    given(eventsUpTo('SIGNED'))
      .when({
        type: 'RescheduleCommitments',
        occurredOn: TODAY,
        breakGroundBy: '2026-05-01',
        reason: 'x',
      })
      .then('DATE_BEFORE_PREVIOUS', { field: 'breakGroundBy', previousDate: '2026-05-11' });
    given(eventsUpTo('SIGNED'))
      .when({
        type: 'RescheduleCommitments',
        occurredOn: TODAY,
        registerBy: '2026-01-01',
        reason: 'x',
      })
      .then('DATE_BEFORE_PREVIOUS', { field: 'registerBy', previousDate: DATES.SIGNED });
    given(eventsUpTo('SIGNED'))
      .when({
        type: 'RescheduleCommitments',
        occurredOn: TODAY,
        produceBy: '2028-02-30',
        reason: 'x',
      })
      .then('INVALID_DATE', { field: 'produceBy' });
    given(eventsUpTo('SIGNED'))
      .when({
        type: 'RescheduleCommitments',
        occurredOn: TODAY,
        produceBy: '2029-01-01',
        reason: ' ',
      })
      .then('INVALID_COMMAND', { field: 'reason' });
  });
});

describe('CorrectProjectDetails (留痕)', () => {
  it('records only the fields that differ and applies them', () => {
    const { state } = given(eventsUpTo('NEGOTIATING'))
      .when({
        type: 'CorrectProjectDetails',
        occurredOn: TODAY,
        changes: {
          name: '年产10万吨新材料项目',
          investor: { name: '某某新材料股份有限公司' },
          estimatedInvestment: cny(1_500_000_000),
          regionCode: '410922',
        },
        reason: '录入错误',
      })
      .then([
        projectEvent('ProjectDetailsCorrected', {
          occurredOn: TODAY,
          changes: {
            investor: { name: '某某新材料股份有限公司' },
            estimatedInvestment: cny(1_500_000_000),
            regionCode: '410922',
          },
          reason: '录入错误',
        }),
      ]);
    expect(state).toMatchObject({
      name: '年产10万吨新材料项目',
      investor: { name: '某某新材料股份有限公司' },
      estimatedInvestment: cny(1_500_000_000),
      regionCode: '410922',
      stage: 'NEGOTIATING',
    });
    expect((state as Project).investor).not.toHaveProperty('origin');
  });

  it('refuses an empty or no-op correction, and bad values', () => {
    given(eventsUpTo('LEAD'))
      .when({ type: 'CorrectProjectDetails', occurredOn: TODAY, changes: {}, reason: 'x' })
      .then('NOTHING_TO_CHANGE');
    given(eventsUpTo('LEAD'))
      .when({
        type: 'CorrectProjectDetails',
        occurredOn: TODAY,
        changes: { source: 'EXISTING_INVESTOR' },
        reason: 'x',
      })
      .then('NOTHING_TO_CHANGE');
    given(eventsUpTo('LEAD'))
      .when({
        type: 'CorrectProjectDetails',
        occurredOn: TODAY,
        changes: { source: 'GOSSIP' as never },
        reason: 'x',
      })
      .then('INVALID_COMMAND');
    given(eventsUpTo('LEAD'))
      .when({
        type: 'CorrectProjectDetails',
        occurredOn: TODAY,
        changes: { estimatedInvestment: { yuan: -5, currency: 'CNY' } },
        reason: 'x',
      })
      .then('INVALID_AMOUNT');
    given(eventsUpTo('LEAD'))
      .when({
        type: 'CorrectProjectDetails',
        occurredOn: TODAY,
        changes: { name: 'y' },
        reason: '',
      })
      .then('INVALID_COMMAND', { field: 'reason' });
  });
});
