import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { signLink, verifyLink, type LinkGrant } from './link-token';

const secret = Buffer.alloc(32, 7);
const now = new Date('2026-11-22T08:00:00Z');
const grant: LinkGrant = {
  clientId: '6f1d2c9a-0000-4000-8000-000000000001',
  report: 'weekly-meeting',
  query: { date: '2026-11-24', regionCode: '410928' },
  format: 'html',
  expiresAt: now.getTime() / 1000 + 900,
};

describe('report link tokens', () => {
  it('round-trips a grant until it expires, and not a second longer', () => {
    expect(verifyLink(secret, signLink(secret, grant), now)).toEqual({ ok: true, grant });
    const atExpiry = new Date(grant.expiresAt * 1000);
    expect(verifyLink(secret, signLink(secret, grant), atExpiry)).toEqual({
      ok: false,
      reason: 'expired',
      expiredAt: atExpiry,
    });
  });

  it('refuses a token signed with another secret', () => {
    const token = signLink(Buffer.alloc(32, 8), grant);
    expect(verifyLink(secret, token, now)).toEqual({ ok: false, reason: 'bad-signature' });
  });

  it('refuses any change to the payload: another region, format, client or expiry', () => {
    const [, signature] = signLink(secret, grant).split('.');
    const forged = (change: Partial<LinkGrant>) =>
      `${Buffer.from(JSON.stringify({ ...grant, ...change })).toString('base64url')}.${signature}`;
    for (const change of [
      { query: { date: '2026-11-24', regionCode: '410900' } },
      { format: 'xlsx' as const },
      { clientId: '6f1d2c9a-0000-4000-8000-000000000002' },
      { expiresAt: grant.expiresAt + 3600 },
    ]) {
      expect(verifyLink(secret, forged(change), now)).toEqual({
        ok: false,
        reason: 'bad-signature',
      });
    }
  });

  it('never throws on arbitrary text, and accepts nothing it did not sign', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (token) => {
        expect(verifyLink(secret, token, now).ok).toBe(false);
      }),
    );
  });

  it('calls a well-signed payload of the wrong shape malformed', () => {
    const body = Buffer.from(JSON.stringify({ clientId: 1 })).toString('base64url');
    const sig = createHmac('sha256', secret).update(body).digest('base64url');
    expect(verifyLink(secret, `${body}.${sig}`, now)).toEqual({ ok: false, reason: 'malformed' });
  });
});
