import {
  ACTIVITY_TYPES,
  COORDINATION_LEVELS,
  DomainError,
  ISSUE_CATEGORIES,
  LEAD_SOURCES,
  PROJECT_COMMAND_TYPES,
  PROJECT_EVENT_TYPES,
  addDays,
  decide,
  evolve,
  initialProjectState,
  minDate,
  upcast,
  type LeadRegisteredDataV1,
  type ProjectCommand,
  type ProjectCommandType,
  type ProjectEvent,
  type ProjectEventType,
  type ProjectState,
  type Stage,
} from '@luodi/domain';
import fc from 'fast-check';
import { PayloadValidator } from './payload-validator';
import { LIFECYCLE_TOPIC } from './topics';

// The events the real domain produces must match the published schemas: random command
// sequences go through decide/evolve and every event's data is validated as it would travel.

const START = '2024-01-01';
const TODAY = '2026-12-31';
// Untrimmed and multi-line text on purpose: the domain trims, the schema demands it.
const TEXTS = ['张三', '  商务局  ', '某某新材料有限公司', 'Acme Ltd.', '问题一\n问题二'];
const CREDIT_CODE = '91350100M000100Y43';

type Kind = Exclude<ProjectCommandType, 'RegisterLead'>;
interface Step {
  kind: Kind | 'ADVANCE';
  gap: number;
  amount: number;
  pick: number;
  flags: [boolean, boolean, boolean];
  issueId: string;
}

const stepArb: fc.Arbitrary<Step> = fc.record({
  kind: fc.oneof(
    { arbitrary: fc.constant('ADVANCE' as const), weight: 4 },
    {
      arbitrary: fc.constantFrom(
        ...PROJECT_COMMAND_TYPES.filter((t): t is Kind => t !== 'RegisterLead'),
      ),
      weight: 16,
    },
  ),
  gap: fc.nat(40),
  amount: fc.oneof(fc.integer({ min: 0, max: 10_000_000_000 }), fc.constant(2 ** 53 - 1)),
  pick: fc.nat(1000),
  flags: fc.tuple(fc.boolean(), fc.boolean(), fc.boolean()),
  issueId: fc.uuid(),
});

const ADVANCE: Record<Stage, Kind> = {
  LEAD: 'StartNegotiation',
  NEGOTIATING: 'SignContract',
  SIGNED: 'RegisterCompany',
  REGISTERED: 'BreakGround',
  UNDER_CONSTRUCTION: 'StartProduction',
  IN_PRODUCTION: 'RecordInvestment',
  DROPPED: 'ReactivateProject',
};

const pickOf = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;

function commandFor(step: Step, state: ProjectState, on: string): ProjectCommand {
  const kind = step.kind === 'ADVANCE' ? ADVANCE[state.exists ? state.stage : 'LEAD'] : step.kind;
  const [a, b, c] = step.flags;
  const issueIds = state.exists ? Object.keys(state.issues) : [];
  const issueId = a || issueIds.length === 0 ? step.issueId : pickOf(issueIds, step.pick);
  const money = { yuan: step.amount, currency: step.pick % 5 === 0 ? 'USD' : 'CNY' } as const;
  const text = pickOf(TEXTS, step.pick);
  const later = (days: number) => addDays(on, days + (step.pick % 200));
  const level = pickOf(COORDINATION_LEVELS, step.pick);
  const maybe = <T>(flag: boolean, value: T) => (flag ? value : undefined);
  switch (kind) {
    case 'StartNegotiation':
      return {
        type: kind,
        occurredOn: on,
        plannedInvestment: maybe(a, money),
        leadOfficer: maybe(b, text),
      };
    case 'SignContract':
      return {
        type: kind,
        occurredOn: on,
        contractInvestment: money,
        occasion: a ? 'CEREMONY' : b ? 'FAIR' : 'INDIVIDUAL',
        commitments: c
          ? {
              registerBy: maybe(a, later(5)),
              breakGroundBy: maybe(b, later(100)),
              produceBy: later(800),
            }
          : undefined,
      };
    case 'RegisterCompany':
      return {
        type: kind,
        occurredOn: on,
        creditCode: CREDIT_CODE,
        companyName: text,
        registeredCapital: maybe(a, money),
      };
    case 'BreakGround':
    case 'StartProduction':
      return { type: kind, occurredOn: on };
    case 'DropProject':
      return { type: kind, occurredOn: on, reason: text };
    case 'ReactivateProject':
      return { type: kind, occurredOn: on, reason: maybe(a, text) };
    case 'RecordInvestment':
      return { type: kind, occurredOn: on, amount: money };
    case 'RaiseIssue':
      return {
        type: kind,
        issueId,
        occurredOn: on,
        category: pickOf(ISSUE_CATEGORIES, step.pick),
        description: text,
        coordinationLevel: level,
      };
    case 'AssignIssue':
      return { type: kind, issueId, occurredOn: on, unit: text, dueOn: later(3) };
    case 'EscalateIssue':
      return { type: kind, issueId, occurredOn: on, coordinationLevel: level, reason: text };
    case 'ResolveIssue':
      return { type: kind, issueId, occurredOn: on, note: text };
    case 'LogActivity':
      return {
        type: kind,
        occurredOn: on,
        activityType: pickOf(ACTIVITY_TYPES, step.pick),
        note: maybe(a, text),
      };
    case 'AssignResponsibility':
      return {
        type: kind,
        occurredOn: on,
        leader: maybe(a, `领导${step.pick % 3}`),
        secretary: maybe(b, text),
        unit: maybe(c, `单位${step.pick % 4}`),
        chainLeader: maybe(!a && !b, `链长${step.pick % 2}`),
      };
    case 'RescheduleCommitments':
      return {
        type: kind,
        occurredOn: on,
        registerBy: maybe(a, later(20)),
        breakGroundBy: maybe(b, later(300)),
        produceBy: maybe(c || (!a && !b), later(900)),
        reason: text,
      };
    case 'CorrectProjectDetails':
      return {
        type: kind,
        occurredOn: on,
        changes: {
          name: maybe(a, `项目${step.pick}`),
          investor: maybe(b, { name: text, origin: maybe(c, '浙江宁波') }),
          industryChain: maybe(c, pickOf(['HYDROGEN', 'NEW_MATERIALS'], step.pick)),
          regionCode: maybe(!a, pickOf(['410928', '410922'], step.pick)),
          source: maybe(!b, pickOf(LEAD_SOURCES, step.pick)),
          estimatedInvestment: maybe(!c, money),
          externalRef: maybe(a && b, `EXT-${step.pick}`),
        },
        reason: text,
      };
  }
}

const leadArb = fc.record({
  projectId: fc.uuid(),
  origin: fc.option(fc.constantFrom(...TEXTS), { nil: undefined }),
  externalRef: fc.option(fc.constantFrom('REF-1', '  甲-001 '), { nil: undefined }),
  source: fc.constantFrom(...LEAD_SOURCES),
  yuan: fc.integer({ min: 0, max: 10_000_000_000 }),
});

type Lead = typeof leadArb extends fc.Arbitrary<infer T> ? T : never;

function run(lead: Lead, steps: readonly Step[]): ProjectEvent[] {
  const events: ProjectEvent[] = [];
  let state = initialProjectState();
  const apply = (command: ProjectCommand) => {
    for (const event of decide(command, state, { today: TODAY })) {
      events.push(event);
      state = evolve(state, event);
    }
  };
  apply({
    type: 'RegisterLead',
    projectId: lead.projectId,
    name: ' 年产10万吨新材料项目 ',
    investor: { name: '某某新材料有限公司', origin: lead.origin },
    industryChain: 'NEW_MATERIALS',
    regionCode: '410928',
    source: lead.source,
    estimatedInvestment: { yuan: lead.yuan, currency: 'CNY' },
    occurredOn: START,
    externalRef: lead.externalRef,
  });
  let cursor = START;
  for (const step of steps) {
    const on = minDate(addDays(cursor, step.gap), TODAY);
    try {
      apply(commandFor(step, state, on));
      cursor = on;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
    }
  }
  return events;
}

const asStored = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('events produced by the domain match asyncapi.yaml', () => {
  const validator = new PayloadValidator();

  it('every event of random command sequences validates against its message schema', () => {
    const seen = new Set<ProjectEventType>();
    fc.assert(
      fc.property(leadArb, fc.array(stepArb, { maxLength: 80, size: 'max' }), (lead, steps) => {
        for (const event of run(lead, steps)) {
          seen.add(event.type);
          const result = validator.validate(
            LIFECYCLE_TOPIC,
            event.type,
            event.schemaVersion,
            asStored(event.data),
          );
          if (!result.valid) {
            throw new Error(
              `${event.type} ${JSON.stringify(event.data)}: ${result.errors.join('; ')}`,
            );
          }
        }
      }),
      { numRuns: 200 },
    );
    // The generator must reach every event type, or the property proves little.
    expect([...seen].sort()).toEqual([...PROJECT_EVENT_TYPES].sort());
  });

  describe('LeadRegistered v1 (legacy)', () => {
    const v1: LeadRegisteredDataV1 = {
      projectId: '3f1c2b9e-8d7a-4c5b-9e1f-2a3b4c5d6e7f',
      name: '年产10万吨新材料项目',
      investorName: '某某新材料有限公司',
      investorOrigin: '浙江宁波',
      industryChain: 'NEW_MATERIALS',
      regionCode: '410928',
      source: 'EXISTING_INVESTOR',
      estimatedInvestment: { yuan: 1_200_000_000, currency: 'CNY' },
      occurredOn: '2026-01-05',
    };

    it('a v1 payload validates against v1, and its upcast against v2', () => {
      expect(validator.validate(LIFECYCLE_TOPIC, 'LeadRegistered', 1, v1)).toEqual({ valid: true });
      const upcasted = upcast('LeadRegistered', 1, v1);
      expect(upcasted.schemaVersion).toBe(2);
      expect(validator.validate(LIFECYCLE_TOPIC, 'LeadRegistered', 2, upcasted.data)).toEqual({
        valid: true,
      });
    });

    it('v1 and v2 are told apart', () => {
      const v2 = upcast('LeadRegistered', 1, v1).data;
      expect(validator.validate(LIFECYCLE_TOPIC, 'LeadRegistered', 2, v1).valid).toBe(false);
      expect(validator.validate(LIFECYCLE_TOPIC, 'LeadRegistered', 1, v2).valid).toBe(false);
    });
  });
});
