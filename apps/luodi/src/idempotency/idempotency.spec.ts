import { requestHash } from './idempotency';

describe('requestHash', () => {
  it('is the same whatever the key order of the body', () => {
    expect(requestHash('post', '/p', { a: 1, b: { c: 2, d: [1, 2] } })).toBe(
      requestHash('POST', '/p', { b: { d: [1, 2], c: 2 }, a: 1 }),
    );
  });

  it('differs when the body, the path or the method differs', () => {
    const base = requestHash('POST', '/p', { amount: 1 });
    expect(requestHash('POST', '/p', { amount: 1.0001 })).not.toBe(base);
    expect(requestHash('POST', '/q', { amount: 1 })).not.toBe(base);
    expect(requestHash('PUT', '/p', { amount: 1 })).not.toBe(base);
  });
});
