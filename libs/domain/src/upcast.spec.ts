import { CURRENT_SCHEMA_VERSIONS, PROJECT_EVENT_TYPES } from './events';
import { upcast, UpcastError } from './upcast';

const v1 = {
  projectId: 'p-legacy',
  name: '纺织服装产业园',
  investorName: '某某纺织集团',
  investorOrigin: '江苏',
  industryChain: 'TEXTILES',
  regionCode: '410928',
  source: 'HOMETOWN_ENTREPRENEUR',
  estimatedInvestment: { yuan: 300_000_000, currency: 'CNY' },
  occurredOn: '2025-11-03',
};

describe('upcast', () => {
  it('lists all 17 event types with their current versions', () => {
    expect(PROJECT_EVENT_TYPES).toHaveLength(17);
    expect(CURRENT_SCHEMA_VERSIONS.LeadRegistered).toBe(2);
    expect(PROJECT_EVENT_TYPES.filter((t) => CURRENT_SCHEMA_VERSIONS[t] !== 1)).toEqual([
      'LeadRegistered',
    ]);
  });

  it('turns LeadRegistered v1 into v2 with a nested investor', () => {
    expect(upcast('LeadRegistered', 1, v1)).toStrictEqual({
      type: 'LeadRegistered',
      schemaVersion: 2,
      data: {
        projectId: 'p-legacy',
        name: '纺织服装产业园',
        investor: { name: '某某纺织集团', origin: '江苏' },
        industryChain: 'TEXTILES',
        regionCode: '410928',
        source: 'HOMETOWN_ENTREPRENEUR',
        estimatedInvestment: { yuan: 300_000_000, currency: 'CNY' },
        occurredOn: '2025-11-03',
      },
    });
  });

  it('leaves out a missing origin rather than writing undefined', () => {
    const { investorOrigin: _o, ...withoutOrigin } = v1;
    const event = upcast('LeadRegistered', 1, withoutOrigin);
    expect(event.data).toHaveProperty('investor', { name: '某某纺织集团' });
    expect(Object.keys((event.data as { investor: object }).investor)).toEqual(['name']);
  });

  it('passes current versions through', () => {
    const data = { occurredOn: '2026-01-01' };
    expect(upcast('GroundBroken', 1, data)).toStrictEqual({
      type: 'GroundBroken',
      schemaVersion: 1,
      data,
    });
  });

  it.each([
    ['a future version', 'LeadRegistered', 3, v1],
    ['version 0', 'GroundBroken', 0, {}],
    ['an unknown type', 'ProjectTeleported', 1, {}],
    ['a malformed v1 payload', 'LeadRegistered', 1, { name: 'x' }],
    ['a non-object payload', 'GroundBroken', 1, 'x'],
  ])('throws UpcastError for %s', (_why, type, version, data) => {
    expect(() => upcast(type, version, data)).toThrow(UpcastError);
  });
});
