import fc from 'fast-check';
import {
  BODY_LIMIT_BYTES,
  depthOf,
  jsonTypeOf,
  mustRefuseQueryValue,
  mustRefuseValue,
  type ValueSpec,
} from './contract-checks';
import type { ValidRequest } from './endpoint-catalogue';
import {
  hostileBodyText,
  hostileNumber,
  hostileString,
  hostileValue,
  JsonText,
  toJsonText,
  unknownFieldName,
  type Hostile,
} from './hostile-values';
import { headerValue, judgeHeader } from './hostile-headers';
import { protocolBytes, PROTOCOL_VARIANTS, type ProtocolVariant } from './malformed-http';
import type { FieldSpec, Operation } from './openapi-operations';
import type { RawRequest } from './raw-http';

/** One thing spoiled in an otherwise valid request. */
export type Mutation =
  | { kind: 'none' }
  | { kind: 'field'; path: string[]; value: Hostile }
  | { kind: 'missing'; path: string[] }
  | { kind: 'unknownField'; parent: string[]; name: string; value: Hostile }
  | { kind: 'body'; text: string }
  | { kind: 'oversize'; bytes: number }
  | { kind: 'pathParam'; name: string; segment: string }
  | { kind: 'query'; name: string; style: QueryStyle; value: string }
  | { kind: 'header'; name: string; value: string }
  | { kind: 'protocol'; variant: ProtocolVariant };

type QueryStyle = 'value' | 'repeat' | 'bracket' | 'bare' | 'unknown';

/** A built case: what to send, and why the contract says it must be refused (if it must). */
export interface FuzzCase {
  request: RawRequest;
  /** Bytes for the raw socket instead of `request` (malformed HTTP node:http cannot send). */
  rawBytes?: Buffer;
  mustRefuse?: string;
  /** A refusal that must carry this status (413 for a body over the limit). */
  mustStatus?: number;
  summary: string;
}

function leafPaths(value: Hostile | undefined, prefix: string[] = []): string[][] {
  if (
    value === null ||
    value === undefined ||
    typeof value !== 'object' ||
    value instanceof JsonText
  )
    return [prefix];
  const children = Array.isArray(value)
    ? value.slice(0, 1).map((child, i) => leafPaths(child, [...prefix, String(i)]))
    : Object.entries(value).map(([key, child]) => leafPaths(child, [...prefix, key]));
  return [...(prefix.length > 0 ? [prefix] : []), ...children.flat()];
}

function valueAt(body: Hostile | undefined, path: string[]): Hostile | undefined {
  let current: Hostile | undefined = body;
  for (const key of path) {
    if (current === null || typeof current !== 'object' || current instanceof JsonText)
      return undefined;
    current = (current as Record<string, Hostile>)[key];
  }
  return current;
}

/** A copy of `body` with `path` set to `value`, or removed when `value` is undefined. */
function withValue(body: Hostile, path: string[], value: Hostile | undefined): Hostile {
  const copy = structuredClone(body) as Record<string, Hostile>;
  let parent: Record<string, Hostile> = copy;
  for (const key of path.slice(0, -1)) {
    const next = parent[key];
    if (next === null || typeof next !== 'object' || next instanceof JsonText) {
      parent[key] = {};
    }
    parent = parent[key] as Record<string, Hostile>;
  }
  const last = path[path.length - 1]!;
  // defineProperty, so that a key like `__proto__` becomes an own field, as JSON.parse makes it.
  if (value === undefined) delete parent[last];
  else
    Object.defineProperty(parent, last, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  return copy;
}

/** The hostile value as the server will see it after JSON.parse. */
function parsed(value: Hostile): unknown {
  return JSON.parse(toJsonText(value)) as unknown;
}

/** Percent-encodes the UTF-8 bytes (a lone surrogate becomes U+FFFD, as any client sends it). */
export function percentEncode(value: string): string {
  return [...Buffer.from(value, 'utf8')]
    .map((byte) => {
      const char = String.fromCharCode(byte);
      return /[A-Za-z0-9\-_.~]/.test(char)
        ? char
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
    })
    .join('');
}

/** Odd percent-encodings, sent as they are. */
const RAW_SEGMENTS = [
  '%',
  '%zz',
  '%00',
  '%C0%AF',
  '%ED%A0%80',
  '%FF',
  '..',
  '.',
  '%2e%2e',
  '%2F',
  '%5C',
  '%20',
  '+',
  ';',
  '%3B',
  '~',
  '*',
];

const pathSegment: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: hostileString.map(percentEncode) },
  { weight: 1, arbitrary: fc.constantFrom(...RAW_SEGMENTS) },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(
        '0',
        '-1',
        '99999999999999999999',
        '1e3',
        '２０２６',
        '2026.0',
        'NaN',
        'A'.repeat(33),
        'a'.repeat(10_000),
        '00000000-0000-0000-0000-000000000000',
        'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF',
      )
      .map(percentEncode),
  },
  { weight: 1, arbitrary: fc.uuid() },
);

const queryValue: fc.Arbitrary<string> = hostileString.filter((s) => s.length <= 6000);

/**
 * The mutations that fit one endpoint: its body fields (documented or in the valid request),
 * its path and query parameters, the headers it reads, and malformed HTTP.
 */
export function mutationsFor(operation: Operation, sample: ValidRequest): fc.Arbitrary<Mutation> {
  const body = sample.body;
  const fieldPaths = new Map<string, string[]>();
  for (const path of leafPaths(body)) if (path.length > 0) fieldPaths.set(path.join('.'), path);
  for (const field of operation.bodyFields) fieldPaths.set(field.path.join('.'), field.path);
  const paths = [...fieldPaths.values()];
  const objectPaths = [
    [] as string[],
    ...paths.filter((p) => jsonTypeOf(valueAt(body, p)) === 'object'),
  ];
  const queryNames = operation.queryParams;
  const options: Array<{ weight: number; arbitrary: fc.Arbitrary<Mutation> }> = [
    { weight: 1, arbitrary: fc.constant<Mutation>({ kind: 'none' }) },
    {
      weight: 2,
      arbitrary: fc
        .constantFrom(
          'If-Match',
          'Idempotency-Key',
          'Accept',
          'Content-Type',
          'Authorization',
          'X-Request-Id',
          'Content-Encoding',
        )
        .chain((name) =>
          headerValue(name).map((value): Mutation => ({ kind: 'header', name, value })),
        ),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(...PROTOCOL_VARIANTS)
        .map((variant) => ({ kind: 'protocol', variant })),
    },
    { weight: 1, arbitrary: hostileBodyText.map((text) => ({ kind: 'body', text })) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          BODY_LIMIT_BYTES - 200,
          BODY_LIMIT_BYTES + 1,
          BODY_LIMIT_BYTES * 2,
          1024 * 1024,
        )
        .map((bytes) => ({ kind: 'oversize', bytes })),
    },
  ];
  if (paths.length > 0) {
    options.push(
      {
        weight: 12,
        arbitrary: fc.constantFrom(...paths).chain((path) =>
          valueFor(specFor(operation, body, path)).map((value): Mutation => ({
            kind: 'field',
            path,
            value,
          })),
        ),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          kind: fc.constant('missing' as const),
          path: fc.constantFrom(...paths),
        }),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          kind: fc.constant('unknownField' as const),
          parent: fc.constantFrom(...objectPaths),
          name: unknownFieldName,
          value: hostileValue,
        }),
      },
    );
  }
  if (operation.pathParams.length > 0) {
    options.push({
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('pathParam' as const),
        name: fc.constantFrom(...operation.pathParams),
        segment: pathSegment,
      }),
    });
  }
  options.push({
    weight: queryNames.length > 0 ? 8 : 1,
    arbitrary: fc.record({
      kind: fc.constant('query' as const),
      name: queryNames.length > 0 ? fc.constantFrom(...queryNames) : fc.constant('unknown'),
      style: fc.constantFrom<QueryStyle>(
        'value',
        'value',
        'value',
        'repeat',
        'bracket',
        'bare',
        'unknown',
      ),
      value: queryValue,
    }),
  });
  return fc.oneof(...options);
}

/** Values aimed at the field's own type half the time (deep validation), anything otherwise. */
function valueFor(spec: ValueSpec): fc.Arbitrary<Hostile> {
  const type = spec.type ?? (spec.sample === undefined ? undefined : jsonTypeOf(spec.sample));
  if (type === 'number' || type === 'integer') return fc.oneof(hostileNumber, hostileValue);
  if (type === 'string') return fc.oneof(hostileString, hostileValue);
  return hostileValue;
}

function specFor(operation: Operation, body: Hostile | undefined, path: string[]): ValueSpec {
  const documented: FieldSpec | undefined = operation.bodyFields.find(
    (f) => f.path.join('.') === path.join('.'),
  );
  return {
    ...(documented?.type ? { type: documented.type } : {}),
    ...(documented?.enum ? { enum: documented.enum } : {}),
    ...(documented?.format ? { format: documented.format } : {}),
    required: documented?.required ?? false,
    sample: valueAt(body, path),
  };
}

/** Builds the request for one case from the endpoint's valid request and a mutation. */
export function buildCase(
  operation: Operation,
  valid: ValidRequest,
  mutation: Mutation,
  authorization: string,
  querySpecs: Record<string, ValueSpec>,
): FuzzCase {
  const headers: Record<string, string> = {};
  if (!valid.anonymous) headers.authorization = authorization;
  let bodyText: string | undefined = valid.body !== undefined ? toJsonText(valid.body) : undefined;
  let mustRefuse: string | undefined;
  let mustStatus: number | undefined;
  const hasBodySchema = operation.bodyFields.length > 0 || valid.body !== undefined;

  const pathValues: Record<string, string> = {};
  for (const [name, value] of Object.entries(valid.pathParams ?? {}))
    pathValues[name] = percentEncode(value);
  const queryParts = Object.entries(valid.query ?? {}).map(
    ([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`,
  );

  switch (mutation.kind) {
    case 'none':
      break;
    case 'field': {
      const spec = specFor(operation, valid.body, mutation.path);
      bodyText = toJsonText(withValue(valid.body ?? {}, mutation.path, mutation.value));
      mustRefuse = mustRefuseValue(spec, parsed(mutation.value));
      if (mustRefuse) mustRefuse = `${mutation.path.join('.')}: ${mustRefuse}`;
      break;
    }
    case 'missing': {
      const spec = specFor(operation, valid.body, mutation.path);
      bodyText = toJsonText(withValue(valid.body ?? {}, mutation.path, undefined));
      if (spec.required) mustRefuse = `required field ${mutation.path.join('.')} left out`;
      break;
    }
    case 'unknownField': {
      const parentValue = valueAt(valid.body, mutation.parent);
      const known = parentValue && typeof parentValue === 'object' ? Object.keys(parentValue) : [];
      const documented = operation.bodyFields
        .filter(
          (f) =>
            f.path.length === mutation.parent.length + 1 &&
            f.path.slice(0, -1).join('.') === mutation.parent.join('.'),
        )
        .map((f) => f.path[f.path.length - 1]);
      bodyText = toJsonText(
        withValue(valid.body ?? {}, [...mutation.parent, mutation.name], mutation.value),
      );
      if (![...known, ...documented].includes(mutation.name)) {
        mustRefuse = `unknown field ${JSON.stringify([...mutation.parent, mutation.name].join('.'))}`;
      }
      break;
    }
    case 'body': {
      bodyText = mutation.text;
      mustRefuse = judgeBodyText(mutation.text, hasBodySchema);
      break;
    }
    case 'oversize': {
      const pad = Math.max(0, mutation.bytes - Buffer.byteLength(bodyText ?? '{}') - 20);
      const base = (valid.body ?? {}) as Record<string, Hostile>;
      bodyText = toJsonText({ ...base, padding: 'x'.repeat(pad) });
      if (Buffer.byteLength(bodyText) > BODY_LIMIT_BYTES) {
        mustRefuse = `a body of ${Buffer.byteLength(bodyText)} bytes`;
        mustStatus = 413;
      } else if (hasBodySchema) {
        mustRefuse = 'unknown field padding';
      }
      break;
    }
    case 'pathParam':
      pathValues[mutation.name] = mutation.segment;
      break;
    case 'query': {
      const name = mutation.style === 'unknown' ? 'unknownParam' : mutation.name;
      const encoded = percentEncode(mutation.value);
      const spec = querySpecs[name];
      const others = queryParts.filter((part) => !part.startsWith(`${percentEncode(name)}=`));
      const current = valid.query?.[name];
      switch (mutation.style) {
        case 'value':
        case 'unknown':
          others.push(`${percentEncode(name)}=${encoded}`);
          if (spec && mutation.style === 'value')
            mustRefuse = queryRefusal(name, mustRefuseQueryValue(spec, decodedAs(mutation.value)));
          break;
        case 'repeat':
          others.push(
            `${percentEncode(name)}=${percentEncode(current ?? mutation.value)}`,
            `${percentEncode(name)}=${encoded}`,
          );
          if (spec) mustRefuse = `${name} given twice`;
          break;
        case 'bracket':
          others.push(
            `${percentEncode(name)}[]=${encoded}`,
            `${percentEncode(name)}[a]=${encoded}`,
          );
          break;
        case 'bare':
          others.push(percentEncode(name));
          if (spec?.required) mustRefuse = `required ${name} without a value`;
          break;
      }
      queryParts.splice(0, queryParts.length, ...others);
      break;
    }
    case 'header':
      // node:http sends header values as latin1: give it the UTF-8 bytes, as a client would send them.
      headers[mutation.name.toLowerCase()] = Buffer.from(mutation.value, 'utf8').toString('latin1');
      mustRefuse = judgeHeader(operation, valid, mutation.name, mutation.value, bodyText);
      break;
    case 'protocol':
      break;
  }

  if (bodyText !== undefined && headers['content-type'] === undefined)
    headers['content-type'] = 'application/json';
  if (mutation.kind === 'body' && mutation.text === '') bodyText = undefined;
  const path =
    operation.path.replace(/\{(\w+)\}/g, (_, name: string) => pathValues[name] ?? 'missing') +
    (queryParts.length > 0 ? `?${queryParts.join('&')}` : '');
  const request: RawRequest = {
    method: operation.method,
    path,
    headers,
    ...(bodyText !== undefined ? { body: Buffer.from(bodyText, 'utf8') } : {}),
  };
  const fuzzCase: FuzzCase = {
    request,
    summary: describe(mutation),
    ...(mustRefuse ? { mustRefuse } : {}),
    ...(mustStatus ? { mustStatus } : {}),
  };
  if (mutation.kind === 'protocol') {
    fuzzCase.rawBytes = protocolBytes(request, mutation.variant);
    fuzzCase.mustRefuse = `malformed HTTP (${mutation.variant})`;
  }
  return fuzzCase;
}

/** A lone surrogate cannot be sent in UTF-8: the server sees U+FFFD. */
const decodedAs = (value: string) => Buffer.from(value, 'utf8').toString('utf8');
const queryRefusal = (name: string, reason: string | undefined) =>
  reason ? `${name}: ${reason}` : undefined;

function judgeBodyText(text: string, hasBodySchema: boolean): string | undefined {
  if (text === '') return undefined;
  let value: unknown;
  try {
    // RFC 8259 lets a parser ignore a byte order mark.
    value = JSON.parse(text.replace(/^\ufeff/, ''));
  } catch {
    return 'a body that is not JSON';
  }
  if (depthOf(value) >= 100) return 'JSON nested 100 levels or more';
  if (hasBodySchema && jsonTypeOf(value) !== 'object')
    return `a JSON ${jsonTypeOf(value)} where an object belongs`;
  return undefined;
}

function describe(mutation: Mutation): string {
  const short = (value: unknown) => {
    const text =
      value instanceof JsonText ? value.toString() : (JSON.stringify(value) ?? 'undefined');
    return text.length > 120 ? `${text.slice(0, 120)}… (${text.length} chars)` : text;
  };
  switch (mutation.kind) {
    case 'none':
      return 'the valid request';
    case 'field':
      return `body ${mutation.path.join('.')} = ${short(mutation.value)}`;
    case 'missing':
      return `body without ${mutation.path.join('.')}`;
    case 'unknownField':
      return `body with unknown ${short([...mutation.parent, mutation.name].join('.'))} = ${short(mutation.value)}`;
    case 'body':
      return `body text ${short(mutation.text)}`;
    case 'oversize':
      return `body padded to ${mutation.bytes} bytes`;
    case 'pathParam':
      return `path {${mutation.name}} = ${short(mutation.segment)}`;
    case 'query':
      return `query ${mutation.name} (${mutation.style}) = ${short(mutation.value)}`;
    case 'header':
      return `header ${mutation.name}: ${short(mutation.value)}`;
    case 'protocol':
      return `malformed HTTP: ${mutation.variant}`;
  }
}
