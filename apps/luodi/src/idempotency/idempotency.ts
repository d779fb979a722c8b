import { createHash } from 'node:crypto';
import { canonicalJson } from '@luodi/event-store';

/** What a command needs to record its own response under the caller's Idempotency-Key. */
export interface IdempotencyContext {
  clientId: string;
  key: string;
  requestHash: string;
}

export interface StoredResponse {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export const IDEMPOTENCY_KEY_PATTERN = /^[\x21-\x7e]{1,200}$/;

/** The same method, path and body always hash alike, whatever the key order of the JSON. */
export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256')
    .update(`${method.toUpperCase()} ${path}\n${canonicalJson(body ?? null)}`)
    .digest('hex');
}
