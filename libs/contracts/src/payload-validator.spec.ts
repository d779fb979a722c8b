import { CURRENT_SCHEMA_VERSIONS, PROJECT_EVENT_TYPES } from '@luodi/domain';
import { ALERT_SCHEMA_VERSIONS, ALERT_TYPES } from './alert-types';
import { loadAsyncApiDocument } from './asyncapi';
import { PayloadValidator, type MessageType } from './payload-validator';
import { ALERTS_TOPIC, LIFECYCLE_TOPIC } from './topics';

const document = loadAsyncApiDocument();
const validator = new PayloadValidator(document);

/** Every version from 1 to the current one: older versions stay documented for replays. */
function versionsUpTo(current: Readonly<Record<string, number>>): string[] {
  return Object.entries(current).flatMap(([type, latest]) =>
    Array.from({ length: latest }, (_, i) => `${type}.v${i + 1}`),
  );
}
const names = (types: MessageType[]) => types.map((t) => `${t.type}.v${t.schemaVersion}`);

describe('asyncapi.yaml', () => {
  it('is an AsyncAPI 3.0 document in which luodi sends on both topics', () => {
    expect(document.asyncapi).toBe('3.0.0');
    expect(document.info.title).toBe('luodi events');
    expect(Object.values(document.channels).map((c) => c.address)).toEqual([
      LIFECYCLE_TOPIC,
      ALERTS_TOPIC,
      `${LIFECYCLE_TOPIC}.dlq`,
      `${ALERTS_TOPIC}.dlq`,
    ]);
    const operations = Object.values(document.operations as Record<string, { action: string }>);
    expect(operations.map((o) => o.action)).toEqual(['send', 'send', 'send', 'send']);
  });

  it('documents every project event type at its current schema version', () => {
    const documented = new Set(names(validator.messageTypes(LIFECYCLE_TOPIC)));
    const missing = PROJECT_EVENT_TYPES.map((t) => `${t}.v${CURRENT_SCHEMA_VERSIONS[t]}`).filter(
      (name) => !documented.has(name),
    );
    expect(missing).toEqual([]);
  });

  it('documents every older schema version and nothing the domain does not have', () => {
    expect(names(validator.messageTypes(LIFECYCLE_TOPIC)).sort()).toEqual(
      versionsUpTo(CURRENT_SCHEMA_VERSIONS).sort(),
    );
    expect(names(validator.messageTypes('project'))).toContain('LeadRegistered.v1');
  });

  it('documents exactly the alert types', () => {
    expect(names(validator.messageTypes(ALERTS_TOPIC)).sort()).toEqual(
      versionsUpTo(ALERT_SCHEMA_VERSIONS).sort(),
    );
    expect(ALERT_TYPES).toHaveLength(4);
  });

  it('closes every payload object (additionalProperties: false); only headers stay open', () => {
    const schemas = document.components.schemas as Record<string, Record<string, unknown>>;
    const open = Object.entries(schemas)
      .filter(([, schema]) => schema.type === 'object' && schema.additionalProperties !== false)
      .map(([name]) => name);
    expect(open.sort()).toEqual(['ProjectEventHeaders', 'SupervisionAlertHeaders']);
  });
});

describe('PayloadValidator rejects with a readable reason', () => {
  const lead = {
    projectId: '3f1c2b9e-8d7a-4c5b-9e1f-2a3b4c5d6e7f',
    name: '年产10万吨新材料项目',
    investor: { name: '某某新材料有限公司' },
    industryChain: 'NEW_MATERIALS',
    regionCode: '410928',
    source: 'FAIR',
    estimatedInvestment: { yuan: 1_200_000_000, currency: 'CNY' },
    occurredOn: '2026-01-05',
  };
  const errorsOf = (payload: unknown, type = 'LeadRegistered', version = 2) => {
    const result = validator.validate(LIFECYCLE_TOPIC, type, version, payload);
    return result.valid ? [] : result.errors;
  };

  it('accepts the sample', () => {
    expect(errorsOf(lead)).toEqual([]);
  });

  it.each([
    [
      'a missing required field',
      { ...lead, name: undefined },
      "(root) must have required property 'name'",
    ],
    [
      'an extra field',
      { ...lead, budget: 1 },
      "(root) must NOT have additional properties: 'budget'",
    ],
    [
      'money in 万元 as a float',
      { ...lead, estimatedInvestment: { yuan: 12.5, currency: 'CNY' } },
      '/estimatedInvestment/yuan must be integer',
    ],
    [
      'money as a bare number',
      { ...lead, estimatedInvestment: 120000 },
      '/estimatedInvestment must be object',
    ],
    [
      'money without currency',
      { ...lead, estimatedInvestment: { yuan: 1 } },
      "/estimatedInvestment must have required property 'currency'",
    ],
    [
      'an unknown currency',
      { ...lead, estimatedInvestment: { yuan: 1, currency: 'EUR' } },
      '/estimatedInvestment/currency must be equal to one of the allowed values: CNY, USD',
    ],
    [
      'negative money',
      { ...lead, estimatedInvestment: { yuan: -1, currency: 'CNY' } },
      '/estimatedInvestment/yuan must be >= 0',
    ],
    [
      'a date that does not exist',
      { ...lead, occurredOn: '2026-02-30' },
      '/occurredOn must match format "date"',
    ],
    [
      'a date with slashes',
      { ...lead, occurredOn: '2026/01/05' },
      '/occurredOn must match pattern',
    ],
    [
      'an instant instead of a date',
      { ...lead, occurredOn: '2026-01-05T00:00:00Z' },
      '/occurredOn',
    ],
    ['untrimmed text', { ...lead, name: ' 项目 ' }, '/name must match pattern'],
    ['an unknown lead source', { ...lead, source: 'BILLBOARD' }, '/source must be equal to one of'],
    [
      'a project id that is no uuid',
      { ...lead, projectId: 'p-1' },
      '/projectId must match format "uuid"',
    ],
    ['the v1 flat investor in v2', { ...lead, investor: undefined, investorName: 'x' }, 'investor'],
  ])('%s', (_what, payload, reason) => {
    const errors = errorsOf(JSON.parse(JSON.stringify(payload)));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.join('\n')).toContain(reason);
  });

  it('positive amounts where the domain requires them', () => {
    const signed = {
      occurredOn: '2026-02-10',
      contractInvestment: { yuan: 0, currency: 'CNY' },
      occasion: 'CEREMONY',
      commitments: {
        registerBy: '2026-05-11',
        breakGroundBy: '2026-08-09',
        produceBy: '2028-02-10',
      },
      defaultedCommitments: ['registerBy'],
    };
    expect(errorsOf(signed, 'ContractSigned', 1)).toEqual([
      '/contractInvestment/yuan must be >= 1',
    ]);
  });

  it('empty records: a responsibility or reschedule that changes nothing', () => {
    expect(errorsOf({ occurredOn: '2026-02-10' }, 'ResponsibilityAssigned', 1).join()).toContain(
      'must NOT have fewer than 2 properties',
    );
    expect(
      errorsOf({ occurredOn: '2026-02-10', reason: '延期' }, 'CommitmentRescheduled', 1).join(),
    ).toContain('must NOT have fewer than 3 properties');
    expect(
      errorsOf(
        { occurredOn: '2026-02-10', changes: {}, reason: '更正' },
        'ProjectDetailsCorrected',
        1,
      ),
    ).toEqual(['/changes must NOT have fewer than 1 properties']);
  });

  it('an undocumented type or version', () => {
    expect(validator.validate(LIFECYCLE_TOPIC, 'LeadRegistered', 3, lead)).toEqual({
      valid: false,
      errors: ['asyncapi.yaml describes no LeadRegistered v3 on projects.lifecycle.v1'],
    });
    expect(validator.validate(ALERTS_TOPIC, 'LeadRegistered', 2, lead).valid).toBe(false);
  });
});

describe('PayloadValidator.validateHeaders', () => {
  const headers = {
    ce_specversion: '1.0',
    ce_id: '0b8f6d7e-1c2a-4b3c-8d4e-5f6a7b8c9d0e',
    ce_type: 'cn.gov.luodi.project.GroundBroken.v1',
    ce_source: '/luodi/projects',
    ce_time: '2026-04-01T02:03:04.123456Z',
    ce_subject: '3f1c2b9e-8d7a-4c5b-9e1f-2a3b4c5d6e7f',
    'content-type': 'application/json',
    ce_partitionkey: '3f1c2b9e-8d7a-4c5b-9e1f-2a3b4c5d6e7f',
    ce_sequence: '42',
    ce_streamid: 'project-3f1c2b9e-8d7a-4c5b-9e1f-2a3b4c5d6e7f',
    ce_streamversion: '5',
    ce_recordedat: '2026-04-01T02:03:04.123456Z',
    ce_txid: '981',
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
  };

  it('accepts the CloudEvents headers, Buffers included, and foreign headers', () => {
    expect(validator.validateHeaders('project', 'GroundBroken', 1, headers)).toEqual({
      valid: true,
    });
    const buffers = Object.fromEntries(
      Object.entries(headers).map(([k, v]) => [k, Buffer.from(v)]),
    );
    expect(validator.validateHeaders('project', 'GroundBroken', 1, buffers)).toEqual({
      valid: true,
    });
  });

  it('requires ce_type to name the message, and the CloudEvents attributes', () => {
    expect(validator.validateHeaders('project', 'ProductionStarted', 1, headers)).toEqual({
      valid: false,
      errors: [
        '/ce_type must be cn.gov.luodi.project.ProductionStarted.v1; got cn.gov.luodi.project.GroundBroken.v1',
      ],
    });
    const { ce_id: _id, ...withoutId } = headers;
    expect(validator.validateHeaders('project', 'GroundBroken', 1, withoutId)).toEqual({
      valid: false,
      errors: ["(root) must have required property 'ce_id'"],
    });
    expect(
      validator.validateHeaders('project', 'GroundBroken', 1, {
        ...headers,
        ce_recordedat: '2026-04-01T02:03:04Z',
      }),
    ).toEqual({
      valid: false,
      errors: [expect.stringContaining('/ce_recordedat must match pattern')],
    });
  });
});
