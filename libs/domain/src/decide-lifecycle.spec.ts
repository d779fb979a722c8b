import { projectEvent, type ProjectEvent } from './events';
import type { Project } from './project-state';
import type { PipelineStage } from './stage';
import {
  cny,
  contractSigned,
  CREDIT_CODE,
  DATES,
  eventsUpTo,
  leadRegistered,
  negotiationStarted,
  PROJECT_ID,
  registerLead,
  TODAY,
} from './testing/fixtures';
import { given } from './testing/given-when-then';

const dropped = (
  fromStage: PipelineStage,
  occurredOn = '2026-06-10',
  reason = '投资方资金链断裂',
) => projectEvent('ProjectDropped', { occurredOn, reason, fromStage });

describe('RegisterLead', () => {
  it('registers a lead', () => {
    const { state } = given([]).when(registerLead()).then([leadRegistered()]);
    expect(state).toMatchObject({
      exists: true,
      id: PROJECT_ID,
      stage: 'LEAD',
      stageDates: { LEAD: DATES.LEAD },
    });
  });

  it('trims text and leaves out blank optional fields', () => {
    given([])
      .when(
        registerLead({
          name: '  年产10万吨新材料项目 ',
          externalRef: '  ',
          investor: { name: '某某新材料有限公司', origin: '浙江宁波' },
        }),
      )
      .then([leadRegistered()]);
  });

  it('allows a zero estimate', () => {
    given([])
      .when(registerLead({ estimatedInvestment: cny(0) }))
      .then([leadRegistered({ estimatedInvestment: cny(0) })]);
  });

  it('refuses a second registration', () => {
    given([leadRegistered()])
      .when(registerLead())
      .then('PROJECT_ALREADY_EXISTS', { projectId: PROJECT_ID });
  });

  it.each([
    ['blank name', { name: ' ' }, 'INVALID_COMMAND'],
    ['bad id', { projectId: 'a b' }, 'INVALID_COMMAND'],
    ['unknown source', { source: 'RUMOUR' as never }, 'INVALID_COMMAND'],
    ['missing investor', { investor: undefined as never }, 'INVALID_COMMAND'],
    [
      'negative estimate',
      { estimatedInvestment: { yuan: -1, currency: 'CNY' as const } },
      'INVALID_AMOUNT',
    ],
    [
      'fractional yuan',
      { estimatedInvestment: { yuan: 1.5, currency: 'CNY' as const } },
      'INVALID_AMOUNT',
    ],
    ['future date', { occurredOn: '2026-07-01' }, 'DATE_IN_FUTURE'],
    ['impossible date', { occurredOn: '2026-02-30' }, 'INVALID_DATE'],
  ] as const)('refuses a %s', (_why, overrides, code) => {
    given([]).when(registerLead(overrides)).then(code);
  });
});

describe('commands on a missing project', () => {
  it('are refused with PROJECT_NOT_FOUND', () => {
    given([]).when({ type: 'BreakGround', occurredOn: TODAY }).then('PROJECT_NOT_FOUND');
  });
});

describe('moving forward through the pipeline', () => {
  it('starts negotiation', () => {
    const { state } = given(eventsUpTo('LEAD'))
      .when({
        type: 'StartNegotiation',
        occurredOn: DATES.NEGOTIATING,
        plannedInvestment: cny(1_000_000_000),
        leadOfficer: '张三',
      })
      .then([negotiationStarted()]);
    expect(state).toMatchObject({
      stage: 'NEGOTIATING',
      plannedInvestment: cny(1_000_000_000),
      leadOfficer: '张三',
    });
  });

  it('signs with the default deadlines of 90 / 180 / 730 days', () => {
    const { state } = given(eventsUpTo('NEGOTIATING'))
      .when({
        type: 'SignContract',
        occurredOn: DATES.SIGNED,
        contractInvestment: cny(800_000_000),
        occasion: 'CEREMONY',
      })
      .then([contractSigned()]);
    expect(state).toMatchObject({
      stage: 'SIGNED',
      contractInvestment: cny(800_000_000),
      occasion: 'CEREMONY',
      commitments: {
        registerBy: '2026-05-11',
        breakGroundBy: '2026-08-09',
        produceBy: '2028-02-10',
      },
      stageDates: { LEAD: DATES.LEAD, NEGOTIATING: DATES.NEGOTIATING, SIGNED: DATES.SIGNED },
    });
  });

  it('registers the company with a valid credit code', () => {
    const { state } = given(eventsUpTo('SIGNED'))
      .when({
        type: 'RegisterCompany',
        occurredOn: DATES.REGISTERED,
        creditCode: CREDIT_CODE,
        companyName: '濮阳某某新材料有限公司',
        registeredCapital: cny(50_000_000),
      })
      .then([
        projectEvent('CompanyRegistered', {
          occurredOn: DATES.REGISTERED,
          creditCode: CREDIT_CODE,
          companyName: '濮阳某某新材料有限公司',
          registeredCapital: cny(50_000_000),
        }),
      ]);
    expect((state as Project).company).toStrictEqual({
      creditCode: CREDIT_CODE,
      companyName: '濮阳某某新材料有限公司',
      registeredCapital: cny(50_000_000),
    });
  });

  it('breaks ground and starts production', () => {
    given(eventsUpTo('REGISTERED'))
      .when({ type: 'BreakGround', occurredOn: DATES.UNDER_CONSTRUCTION })
      .then([projectEvent('GroundBroken', { occurredOn: DATES.UNDER_CONSTRUCTION })]);
    const { state } = given(eventsUpTo('UNDER_CONSTRUCTION'))
      .when({ type: 'StartProduction', occurredOn: DATES.IN_PRODUCTION })
      .then([projectEvent('ProductionStarted', { occurredOn: DATES.IN_PRODUCTION })]);
    expect(state).toMatchObject({ stage: 'IN_PRODUCTION', stageDates: DATES });
  });

  it.each([
    [
      'skipping negotiation',
      'LEAD',
      {
        type: 'SignContract',
        occurredOn: TODAY,
        contractInvestment: cny(1),
        occasion: 'INDIVIDUAL',
      },
      'NEGOTIATING',
    ],
    ['skipping registration', 'SIGNED', { type: 'BreakGround', occurredOn: TODAY }, 'REGISTERED'],
    ['going backwards', 'REGISTERED', { type: 'StartNegotiation', occurredOn: TODAY }, 'LEAD'],
    [
      'repeating a stage',
      'UNDER_CONSTRUCTION',
      { type: 'BreakGround', occurredOn: TODAY },
      'REGISTERED',
    ],
    [
      'producing before construction',
      'NEGOTIATING',
      { type: 'StartProduction', occurredOn: TODAY },
      'UNDER_CONSTRUCTION',
    ],
    [
      'registering before signing',
      'NEGOTIATING',
      { type: 'RegisterCompany', occurredOn: TODAY, creditCode: CREDIT_CODE, companyName: 'x' },
      'SIGNED',
    ],
  ] as const)('refuses %s, naming both stages', (_why, stage, command, requiredStage) => {
    const error = given(eventsUpTo(stage)).when(command).then('STAGE_TRANSITION_NOT_ALLOWED', {
      currentStage: stage,
      requiredStage,
    });
    expect(error.message).toContain(stage);
    expect(error.message).toContain(requiredStage);
    expect(error.message).toContain('项目当前处于');
  });

  it('refuses stage events on a dropped project', () => {
    given([...eventsUpTo('SIGNED'), dropped('SIGNED')])
      .when({
        type: 'RegisterCompany',
        occurredOn: TODAY,
        creditCode: CREDIT_CODE,
        companyName: 'x',
      })
      .then('STAGE_TRANSITION_NOT_ALLOWED', { currentStage: 'DROPPED', requiredStage: 'SIGNED' });
  });

  it.each([
    ['a wrong check digit', '91350100M000100Y44'],
    ['lower case', '91350100m000100y43'],
    ['a short code', '91350100M000100Y4'],
  ])('refuses a credit code with %s', (_why, creditCode) => {
    given(eventsUpTo('SIGNED'))
      .when({ type: 'RegisterCompany', occurredOn: TODAY, creditCode, companyName: 'x' })
      .then('INVALID_CREDIT_CODE', { field: 'creditCode' });
  });

  it.each([
    ['a zero contract amount', cny(0), 'INVALID_AMOUNT'],
    ['an unknown currency', { yuan: 1, currency: 'EUR' }, 'INVALID_AMOUNT'],
  ] as const)('refuses signing with %s', (_why, contractInvestment, code) => {
    given(eventsUpTo('NEGOTIATING'))
      .when({
        type: 'SignContract',
        occurredOn: TODAY,
        contractInvestment: contractInvestment as never,
        occasion: 'FAIR',
      })
      .then(code);
  });

  it('refuses an unknown signing occasion', () => {
    given(eventsUpTo('NEGOTIATING'))
      .when({
        type: 'SignContract',
        occurredOn: TODAY,
        contractInvestment: cny(1),
        occasion: 'DINNER' as never,
      })
      .then('INVALID_COMMAND', { field: 'occasion' });
  });
});

describe('business dates on stage events', () => {
  it('refuses a date in the future', () => {
    given(eventsUpTo('LEAD'))
      .when({ type: 'StartNegotiation', occurredOn: '2026-07-01' })
      .then('DATE_IN_FUTURE', { today: TODAY });
  });

  it('accepts today and a late report dated on the previous stage day', () => {
    given(eventsUpTo('LEAD'))
      .when({ type: 'StartNegotiation', occurredOn: TODAY })
      .then([projectEvent('NegotiationStarted', { occurredOn: TODAY })]);
    given(eventsUpTo('NEGOTIATING'))
      .when({
        type: 'SignContract',
        occurredOn: DATES.NEGOTIATING,
        contractInvestment: cny(1),
        occasion: 'INDIVIDUAL',
      })
      .then([
        projectEvent('ContractSigned', {
          occurredOn: DATES.NEGOTIATING,
          contractInvestment: cny(1),
          occasion: 'INDIVIDUAL',
          commitments: {
            registerBy: '2026-04-20',
            breakGroundBy: '2026-07-19',
            produceBy: '2028-01-20',
          },
          defaultedCommitments: ['registerBy', 'breakGroundBy', 'produceBy'],
        }),
      ]);
  });

  it('refuses a date before the previous stage', () => {
    given(eventsUpTo('SIGNED'))
      .when({
        type: 'RegisterCompany',
        occurredOn: '2026-02-09',
        creditCode: CREDIT_CODE,
        companyName: 'x',
      })
      .then('DATE_BEFORE_PREVIOUS', { field: 'occurredOn', previousDate: DATES.SIGNED });
  });

  it('refuses a date before the lead for any event', () => {
    given(eventsUpTo('LEAD'))
      .when({ type: 'LogActivity', occurredOn: '2026-01-04', activityType: 'VISIT' })
      .then('DATE_BEFORE_PREVIOUS', { field: 'occurredOn', previousDate: DATES.LEAD });
  });

  it('refuses an impossible date', () => {
    given(eventsUpTo('UNDER_CONSTRUCTION'))
      .when({ type: 'StartProduction', occurredOn: '2026-02-30' })
      .then('INVALID_DATE', { field: 'occurredOn' });
  });
});

describe('contract commitments', () => {
  const sign = (commitments: Record<string, string>) =>
    given(eventsUpTo('NEGOTIATING')).when({
      type: 'SignContract',
      occurredOn: DATES.SIGNED,
      contractInvestment: cny(800_000_000),
      occasion: 'INDIVIDUAL',
      commitments,
    });
  const signedWith = (
    commitments: Record<string, string>,
    defaultedCommitments: string[],
  ): ProjectEvent[] => [
    projectEvent('ContractSigned', {
      occurredOn: DATES.SIGNED,
      contractInvestment: cny(800_000_000),
      occasion: 'INDIVIDUAL',
      commitments: commitments as never,
      defaultedCommitments: defaultedCommitments as never,
    }),
  ];

  it('keeps the dates the contract gives', () => {
    const all = { registerBy: '2026-03-31', breakGroundBy: '2026-06-30', produceBy: '2027-12-31' };
    sign(all).then(signedWith(all, []));
  });

  it('fills only the missing ones with defaults', () => {
    sign({ breakGroundBy: '2026-09-30' }).then(
      signedWith(
        { registerBy: '2026-05-11', breakGroundBy: '2026-09-30', produceBy: '2028-02-10' },
        ['registerBy', 'produceBy'],
      ),
    );
  });

  it('never lets a default fall after an earlier-step deadline the contract gives', () => {
    // Ground within 30 days: registration must come first, so its default is capped there.
    sign({ breakGroundBy: '2026-03-12' }).then(
      signedWith(
        { registerBy: '2026-03-12', breakGroundBy: '2026-03-12', produceBy: '2028-02-10' },
        ['registerBy', 'produceBy'],
      ),
    );
    // Registration only within 300 days: the groundbreaking default moves after it.
    sign({ registerBy: '2026-12-07' }).then(
      signedWith(
        { registerBy: '2026-12-07', breakGroundBy: '2026-12-07', produceBy: '2028-02-10' },
        ['breakGroundBy', 'produceBy'],
      ),
    );
  });

  it('refuses a deadline before the signing date', () => {
    sign({ registerBy: '2026-02-09' }).then('DATE_BEFORE_PREVIOUS', {
      field: 'commitments.registerBy',
      previousDate: DATES.SIGNED,
    });
  });

  it('refuses deadlines out of pipeline order', () => {
    sign({ registerBy: '2026-06-01', breakGroundBy: '2026-05-01' }).then('DATE_BEFORE_PREVIOUS', {
      field: 'commitments.breakGroundBy',
      previousDate: '2026-06-01',
    });
  });

  it('refuses an impossible deadline', () => {
    sign({ produceBy: '2027-02-29' }).then('INVALID_DATE', { field: 'commitments.produceBy' });
  });

  it('honours deployment-specific default days', () => {
    given(eventsUpTo('NEGOTIATING'), { defaultCommitmentDays: { registerBy: 30 } })
      .when({
        type: 'SignContract',
        occurredOn: DATES.SIGNED,
        contractInvestment: cny(800_000_000),
        occasion: 'INDIVIDUAL',
      })
      .then(
        signedWith(
          { registerBy: '2026-03-12', breakGroundBy: '2026-08-09', produceBy: '2028-02-10' },
          ['registerBy', 'breakGroundBy', 'produceBy'],
        ),
      );
  });
});

describe('drop and reactivation', () => {
  it.each(['LEAD', 'NEGOTIATING', 'SIGNED', 'REGISTERED', 'UNDER_CONSTRUCTION'] as const)(
    'drops a project in %s and brings it back there',
    (stage) => {
      const { events: dropEvents, state: droppedState } = given(eventsUpTo(stage))
        .when({ type: 'DropProject', occurredOn: '2026-06-10', reason: '投资方资金链断裂' })
        .then([dropped(stage)]);
      expect(droppedState).toMatchObject({
        stage: 'DROPPED',
        stageBeforeDrop: stage,
        dropReason: '投资方资金链断裂',
        droppedOn: '2026-06-10',
      });

      const { state } = given([...eventsUpTo(stage), ...dropEvents])
        .when({ type: 'ReactivateProject', occurredOn: '2026-06-20', reason: '重新洽谈' })
        .then([
          projectEvent('ProjectReactivated', {
            occurredOn: '2026-06-20',
            reason: '重新洽谈',
            toStage: stage,
          }),
        ]);
      expect(state).toMatchObject({
        stage,
        stageEnteredOn: '2026-06-20',
        stageDates: { DROPPED: '2026-06-10' },
      });
      expect(state).not.toHaveProperty('stageBeforeDrop');
      expect(state).not.toHaveProperty('dropReason');
      expect(state).not.toHaveProperty('droppedOn');
    },
  );

  it('continues the pipeline after reactivation, dated no earlier than the reactivation', () => {
    const history = [
      ...eventsUpTo('SIGNED'),
      dropped('SIGNED'),
      projectEvent('ProjectReactivated', { occurredOn: '2026-06-20', toStage: 'SIGNED' }),
    ];
    given(history)
      .when({
        type: 'RegisterCompany',
        occurredOn: '2026-06-15',
        creditCode: CREDIT_CODE,
        companyName: 'x',
      })
      .then('DATE_BEFORE_PREVIOUS', { previousDate: '2026-06-20' });
    given(history)
      .when({
        type: 'RegisterCompany',
        occurredOn: '2026-06-25',
        creditCode: CREDIT_CODE,
        companyName: 'x',
      })
      .then([
        projectEvent('CompanyRegistered', {
          occurredOn: '2026-06-25',
          creditCode: CREDIT_CODE,
          companyName: 'x',
        }),
      ]);
  });

  it('keeps the first signing date through drop, reactivation and a second drop', () => {
    const history = [
      ...eventsUpTo('SIGNED'),
      dropped('SIGNED', '2026-03-01'),
      projectEvent('ProjectReactivated', { occurredOn: '2026-04-01', toStage: 'SIGNED' }),
    ];
    const { state } = given(history)
      .when({ type: 'DropProject', occurredOn: '2026-05-01', reason: '再次流失' })
      .then([dropped('SIGNED', '2026-05-01', '再次流失')]);
    expect(state).toMatchObject({
      stageDates: { SIGNED: DATES.SIGNED, DROPPED: '2026-03-01' },
      droppedOn: '2026-05-01',
    });
  });

  it('does not drop a producing project (it has landed)', () => {
    given(eventsUpTo('IN_PRODUCTION'))
      .when({ type: 'DropProject', occurredOn: TODAY, reason: 'x' })
      .then('STAGE_TRANSITION_NOT_ALLOWED', {
        currentStage: 'IN_PRODUCTION',
        requiredStage: 'LEAD|NEGOTIATING|SIGNED|REGISTERED|UNDER_CONSTRUCTION',
      });
  });

  it('does not drop twice, and needs a reason', () => {
    given([...eventsUpTo('LEAD'), dropped('LEAD')])
      .when({ type: 'DropProject', occurredOn: TODAY, reason: 'x' })
      .then('STAGE_TRANSITION_NOT_ALLOWED', { currentStage: 'DROPPED' });
    given(eventsUpTo('LEAD'))
      .when({ type: 'DropProject', occurredOn: TODAY, reason: '' })
      .then('INVALID_COMMAND', { field: 'reason' });
  });

  it('reactivates only a dropped project, not before the drop', () => {
    given(eventsUpTo('SIGNED'))
      .when({ type: 'ReactivateProject', occurredOn: TODAY })
      .then('STAGE_TRANSITION_NOT_ALLOWED', { currentStage: 'SIGNED', requiredStage: 'DROPPED' });
    given([...eventsUpTo('LEAD'), dropped('LEAD')])
      .when({ type: 'ReactivateProject', occurredOn: '2026-06-09' })
      .then('DATE_BEFORE_PREVIOUS', { previousDate: '2026-06-10' });
  });

  it('refuses a drop dated before the current stage was entered', () => {
    given(eventsUpTo('SIGNED'))
      .when({ type: 'DropProject', occurredOn: '2026-02-01', reason: 'x' })
      .then('DATE_BEFORE_PREVIOUS', { previousDate: DATES.SIGNED });
  });
});
