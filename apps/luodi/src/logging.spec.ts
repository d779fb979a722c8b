import { scrubSecrets } from './logging';

describe('scrubSecrets', () => {
  it('masks signed link tokens, generated keys and bearer values, leaving the rest intact', () => {
    const key = `ldk_${'A1b2_-'.repeat(7)}x`;
    const line = JSON.stringify({
      url: '/api/v1/reports/links/eyJyIjoid2Vla2x5In0.c2lnbmF0dXJl?x=1',
      msg: `key ${key} and Authorization: Bearer some.other-key_value`,
      route: 'Mapped {/api/v1/reports/links/:token, GET} route',
    });
    const scrubbed = scrubSecrets(line);
    expect(JSON.parse(scrubbed)).toEqual({
      url: '/api/v1/reports/links/[REDACTED]?x=1',
      msg: 'key ldk_[REDACTED] and Authorization: Bearer [REDACTED]',
      route: 'Mapped {/api/v1/reports/links/:token, GET} route',
    });
  });
});
