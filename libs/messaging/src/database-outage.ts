import { isConnectionReleased } from '@luodi/event-store';

/**
 * Failures that say "the database cannot serve now", not "this message cannot be handled":
 * connection errors (SQLSTATE class 08, socket errors), the server shutting down, crashing or
 * starting (57P01-57P03), out of resources (class 53: disk full, out of memory, too many
 * connections) and a read-only database (25006). Retrying later will succeed; giving up on the
 * message (dead-lettering it) would lose it.
 */
const OUTAGE_CODES = new Set([
  '25006',
  '57P01',
  '57P02',
  '57P03',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

const OUTAGE_MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error/i;

export function isDatabaseOutage(error: unknown): boolean {
  if (isConnectionReleased(error)) return true;
  const e = error as { code?: unknown; driverError?: { code?: unknown }; message?: unknown } | null;
  const code = e?.driverError?.code ?? e?.code;
  if (typeof code === 'string') {
    if (OUTAGE_CODES.has(code) || code.startsWith('08') || code.startsWith('53')) return true;
  }
  return typeof e?.message === 'string' && OUTAGE_MESSAGES.test(e.message);
}
