import fc from 'fast-check';
import { IDEMPOTENCY_KEY, IF_MATCH } from './contract-checks';
import type { ValidRequest } from './endpoint-catalogue';
import type { Operation } from './openapi-operations';

/** Header values that are wrong, odd or oversized, per header the API reads. */
const CONTENT_TYPES = [
  'text/plain',
  'application/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/json; charset=nonsense',
  'application/json;;;',
  'APPLICATION/JSON',
  'application/merge-patch+json',
  'application/jsonx',
  '*/*',
  '',
];
const ACCEPTS = [
  'image/png',
  'text/html',
  'application/xml',
  '*/*;q=0',
  'application/json;q=0',
  'text/html;q=abc',
  ',,,',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'a'.repeat(4000),
];
const IF_MATCHES = [
  '"abc"',
  '*',
  '"1", "2"',
  '"-1"',
  '"1e3"',
  '"9999999999"',
  'W/',
  '""',
  '"1',
  "'1'",
  '"٣"',
  ' ',
  '"0x1"',
  '"1"',
];
const IDEMPOTENCY_KEYS = [
  '',
  ' ',
  'a b',
  'k'.repeat(201),
  'k'.repeat(5000),
  'ключ',
  '\t',
  'fuzz-replay',
  'fuzz-replay',
  'é',
];
const AUTHORIZATIONS = [
  '',
  'Bearer',
  'Bearer ',
  'Basic YWRtaW46YWRtaW4=',
  'Bearer x',
  `Bearer ${'a'.repeat(3000)}`,
  'bearer',
  'Bearer  ',
];

export function headerValue(name: string): fc.Arbitrary<string> {
  const printable = fc
    .string({ unit: 'binary-ascii', maxLength: 40 })
    .filter((s) => !/[^\t\x20-\x7e]/.test(s));
  const pick = (values: string[]) => fc.oneof(fc.constantFrom(...values), printable);
  switch (name) {
    case 'If-Match':
      return pick(IF_MATCHES);
    case 'Idempotency-Key':
      return pick(IDEMPOTENCY_KEYS);
    case 'Accept':
      return pick(ACCEPTS);
    case 'Content-Type':
      return pick(CONTENT_TYPES);
    case 'Authorization':
      return pick(AUTHORIZATIONS);
    case 'Content-Encoding':
      return fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'x-unknown', 'gzip, gzip');
    default:
      return pick(['', 'a'.repeat(129), '../../etc', '<script>', '😀']);
  }
}

/** Why a request with this header value must be refused, if it must. */
export function judgeHeader(
  operation: Operation,
  valid: ValidRequest,
  name: string,
  value: string,
  bodyText: string | undefined,
): string | undefined {
  const writes = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(operation.method);
  // A server reads a header value without its surrounding spaces and tabs (RFC 9110 5.5).
  value = value.replace(/^[ \t]+|[ \t]+$/g, '');
  switch (name) {
    case 'If-Match':
      return operation.headerParams.includes('If-Match') && !IF_MATCH.test(value)
        ? 'malformed If-Match'
        : undefined;
    case 'Idempotency-Key':
      return writes && !valid.anonymous && !IDEMPOTENCY_KEY.test(value)
        ? 'malformed Idempotency-Key'
        : undefined;
    case 'Authorization':
      return valid.anonymous ? undefined : 'a bad Authorization header';
    case 'Content-Type': {
      // The media type decides; parameters other than a UTF-8 charset make no difference.
      const [media = '', ...parameters] = value.split(';');
      const charset = parameters.find((p) => /^\s*charset\s*=/i.test(p));
      const json =
        /^\s*application\/([\w.+-]+\+)?json\s*$/i.test(media) &&
        (charset === undefined || /^\s*charset\s*=\s*"?utf-8"?\s*$/i.test(charset));
      return bodyText !== undefined && ['POST', 'PUT', 'PATCH'].includes(operation.method) && !json
        ? `a body sent as ${JSON.stringify(value)}`
        : undefined;
    }
    case 'Content-Encoding':
      return bodyText !== undefined && value !== 'identity'
        ? `a plain body declared ${value}`
        : undefined;
    default:
      return undefined;
  }
}
