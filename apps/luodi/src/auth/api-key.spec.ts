import { bearerKey, generateApiKey, hashApiKey, sameHash } from './api-key';

describe('API keys', () => {
  it('are random, prefixed, and only their hash is compared', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a).toMatch(/^ldk_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(sameHash(hashApiKey(a), hashApiKey(a))).toBe(true);
    expect(sameHash(hashApiKey(a), hashApiKey(b))).toBe(false);
    expect(sameHash(hashApiKey(a), 'abcd')).toBe(false);
  });

  it('are read from a Bearer header only', () => {
    expect(bearerKey('Bearer ldk_abc')).toBe('ldk_abc');
    expect(bearerKey('bearer  ldk_abc ')).toBe('ldk_abc');
    expect(bearerKey('Basic dXNlcjpwdw==')).toBeUndefined();
    expect(bearerKey('Bearer ')).toBeUndefined();
    expect(bearerKey(undefined)).toBeUndefined();
  });
});
