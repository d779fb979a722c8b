import { createHmac, timingSafeEqual } from 'node:crypto';

// A report link carries a token, never an API key: what it may show (one report, one query,
// one format), for whom (the client whose rights apply) and until when, signed with HMAC-SHA256.

export const LINK_REPORTS = ['weekly-meeting'] as const;
export type LinkReport = (typeof LINK_REPORTS)[number];
export const LINK_FORMATS = ['html', 'xlsx'] as const;
export type LinkFormat = (typeof LINK_FORMATS)[number];

export interface LinkGrant {
  clientId: string;
  report: LinkReport;
  /** The report's query parameters, exactly as the authenticated caller asked. */
  query: Record<string, string>;
  format: LinkFormat;
  /** Expiry, whole seconds since the epoch. */
  expiresAt: number;
}

export type LinkCheck =
  | { ok: true; grant: LinkGrant }
  | { ok: false; reason: 'malformed' | 'bad-signature' }
  | { ok: false; reason: 'expired'; expiredAt: Date };

const sign = (secret: Buffer, body: string): Buffer =>
  createHmac('sha256', secret).update(body).digest();

export function signLink(secret: Buffer, grant: LinkGrant): string {
  const body = Buffer.from(JSON.stringify(grant)).toString('base64url');
  return `${body}.${sign(secret, body).toString('base64url')}`;
}

/** The signature is checked in constant time before the payload is trusted. */
export function verifyLink(secret: Buffer, token: string, now: Date): LinkCheck {
  const [body, signature, ...rest] = token.split('.');
  if (!body || !signature || rest.length > 0) return { ok: false, reason: 'malformed' };
  const given = Buffer.from(signature, 'base64url');
  const expected = sign(secret, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, reason: 'bad-signature' };
  }
  const grant = parseGrant(Buffer.from(body, 'base64url').toString('utf8'));
  if (!grant) return { ok: false, reason: 'malformed' };
  if (now.getTime() >= grant.expiresAt * 1000) {
    return { ok: false, reason: 'expired', expiredAt: new Date(grant.expiresAt * 1000) };
  }
  return { ok: true, grant };
}

function parseGrant(json: string): LinkGrant | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const g = value as Record<string, unknown>;
  const query = g.query;
  const valid =
    typeof g.clientId === 'string' &&
    (LINK_REPORTS as readonly unknown[]).includes(g.report) &&
    (LINK_FORMATS as readonly unknown[]).includes(g.format) &&
    Number.isInteger(g.expiresAt) &&
    typeof query === 'object' &&
    query !== null &&
    Object.values(query).every((v) => typeof v === 'string');
  return valid ? (g as unknown as LinkGrant) : null;
}
