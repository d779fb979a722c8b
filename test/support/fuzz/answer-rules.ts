import { PROBLEM_CODES } from '../../../apps/luodi/src/common/problem/problem';
import type { RawResponse } from './raw-http';

/**
 * What every answer to a hostile request must be: a success, or a 4xx RFC 9457 problem with the
 * contract's shape. Returns what is wrong with it (nothing when it is fine).
 */
export function answerViolations(res: Pick<RawResponse, 'status' | 'headers' | 'json'>): string[] {
  const { status } = res;
  if (status >= 200 && status < 300) return [];
  if (status === 429)
    return ['429: rate limiting answered a fuzz request (the test app runs without it)'];
  if (status < 400 || status >= 500) return [`status ${status} (only 2xx and 4xx are acceptable)`];

  const problems: string[] = [];
  const contentType = String(res.headers['content-type'] ?? '');
  if (!contentType.startsWith('application/problem+json')) {
    problems.push(`content-type ${JSON.stringify(contentType)} is not application/problem+json`);
  }
  const body = res.json as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object') return [...problems, 'the body is not a JSON object'];
  for (const field of ['type', 'title', 'detail', 'code'] as const) {
    if (typeof body[field] !== 'string' || body[field] === '')
      problems.push(`${field} is not a non-empty string`);
  }
  if (body.status !== status)
    problems.push(`status ${String(body.status)} in the body, ${status} on the wire`);
  const code = body.code as string;
  if (!(code in PROBLEM_CODES))
    problems.push(`code ${JSON.stringify(code)} is not a contract code`);
  if (code === 'VALIDATION_FAILED') {
    const errors = body.errors;
    const wellFormed =
      Array.isArray(errors) &&
      errors.length > 0 &&
      errors.every(
        (e: { field?: unknown; message?: unknown }) =>
          // A field may be named "" when the body has a key "".
          typeof e?.field === 'string' && typeof e.message === 'string' && e.message !== '',
      );
    if (!wellFormed)
      problems.push('VALIDATION_FAILED without a well-formed errors[] ({field, message})');
  }
  return problems;
}
