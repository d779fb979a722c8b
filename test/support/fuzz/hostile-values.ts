import fc from 'fast-check';

/**
 * Hostile values for the fuzz suite. Some can only be written as JSON text (`-0`, `1e400`,
 * 2^53+1, a 10 000-level nesting that JSON.stringify would recurse on), so a value is a plain
 * JSON value or a `JsonText` fragment that `toJsonText` writes verbatim.
 */
export class JsonText {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text.length > 60
      ? `JsonText(${this.text.slice(0, 60)}… ${this.text.length} chars)`
      : `JsonText(${this.text})`;
  }
}

export type Hostile =
  null | boolean | number | string | JsonText | Hostile[] | { [key: string]: Hostile };

/** Serialises a hostile value; JsonText fragments go in as they are. */
export function toJsonText(value: Hostile | undefined): string {
  if (value instanceof JsonText) return value.text;
  if (Array.isArray(value)) return `[${value.map(toJsonText).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([key, v]) => `${JSON.stringify(key)}:${toJsonText(v)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The longest text any field accepts (IsText(2000)); anything longer must be refused. */
export const LONGEST_TEXT = 2000;

/** Number literals that break naive number handling; text so that `-0` and `1e400` survive. */
const NUMBER_LITERALS = [
  '1e308',
  '-1e308',
  '1e400',
  '-1e400',
  '1e-400',
  '5e-324',
  '-5e-324',
  '1e-7',
  '1.5e-5',
  '2.5e-4',
  '9007199254740993',
  '-9007199254740993',
  '9007199254740992',
  '123456789012345678901234567890',
  '-0',
  '-0.0',
  '0e0',
  '1E2',
  '1e+2',
  '0.00001',
  '-0.0001',
  '12.34567',
  '0.1',
  '100000000000.0001',
  '100000000001',
  '99999999999.99999',
  '-1',
  '2147483648',
  '4294967296',
  '1.5',
];

export const hostileNumber: fc.Arbitrary<Hostile> = fc.oneof(
  fc.constantFrom(...NUMBER_LITERALS).map((text) => new JsonText(text)),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
  fc.integer({ min: -10_000, max: 10_000 }).map((n) => n / 100_000),
);

/** Strings that look like numbers or dates but are not what the field wants. */
const LOOKALIKES = [
  'NaN',
  'Infinity',
  '-Infinity',
  '1e308',
  '0x10',
  ' 1',
  '1 ',
  '1,000',
  '１２３',
  'true',
  'null',
  'undefined',
  '',
  ' ',
  '\t',
];

const INVALID_DATES = [
  '2026-02-30',
  '2026-13-01',
  '0000-00-00',
  '2026-00-10',
  '2026-04-31',
  '2025-02-29',
  '2026-1-1',
  '20260101',
  '2026/01/01',
  '-2026-01-01',
  '+02026-01-01',
  '2026-01-01T00:00:00Z',
  '2026-01-01 ',
  '２０２６-01-01',
];

/** Real calendar days at the edges: the far past, the future, leap days. */
const EDGE_DATES = [
  '0001-01-01',
  '1900-01-01',
  '2024-02-29',
  '2026-06-30',
  '2026-07-01',
  '9999-12-31',
];

const INVALID_INSTANTS = [
  '2026-01-01T25:00:00+08:00',
  '2026-01-01T00:00:00',
  '2026-01-01T00:00:00+24:00',
  '2026-01-01T00:00:00+99:99',
  '2026-02-30T00:00:00Z',
  '2026-01-01T00:00:60Z',
  '2026-01-01T00:60:00Z',
  '2026-13-01T00:00:00Z',
  '275760-09-13T00:00:00Z',
  '2026-01-01',
  'now',
  '1767225600',
];

/** Instants with a valid shape at the edges of what a Date or PostgreSQL can hold. */
const EDGE_INSTANTS = [
  '0000-01-01T00:00:00Z',
  '0001-01-01T00:00:00+08:00',
  '1000-01-01T00:00:00Z',
  '1969-12-31T23:59:59.999Z',
  '9999-12-31T23:59:59.999999999+14:00',
  '9999-12-31T23:59:59-12:00',
  '2026-06-30T10:00:00.000000001+08:00',
  '2099-01-01T00:00:00Z',
];

const INJECTIONS = [
  "' OR 1=1 --",
  "'; DROP TABLE events; --",
  '"; DROP TABLE events; --',
  "1' UNION SELECT * FROM clients --",
  '$..*',
  '$.store.book[*]',
  '@.length',
  '{"$gt": ""}',
  '{{7*7}}',
  '${7*7}',
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  '%',
  '\\',
  '"',
  "'",
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'hasOwnProperty',
];

const WEIRD_TEXT = [
  '\u0000',
  'a\u0000b',
  '\u0007',
  '\u001b[31mred',
  '\u007f',
  '\r\n\r\nX-Injected: 1',
  '\ud800',
  '\udfff',
  'a\ud800b',
  '\udc00\ud800',
  '\u202eabc',
  'مرحبا بالعالم',
  'שלום',
  '项目\u202Eabc\u202C名称',
  '\u200b',
  '\ufeff',
  '\u00a0',
  '𠀀𠀁𠀂',
  '👨‍👩‍👧‍👦',
  'Z̤͔ͧ̑̓ä͖̭̈̇l͖͎g̞̥͈o̠̯',
];

const LONG_LENGTHS = [101, 201, 1001, 2001, 10_000, 40_000, 65_000];

export const longString: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(...LONG_LENGTHS),
    fc.constantFrom('a', '项', '\u202e', '😀', ' ', 'a\u0000'),
  )
  .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length));

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...LOOKALIKES, ...INJECTIONS, ...WEIRD_TEXT) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      ...INVALID_DATES,
      ...EDGE_DATES,
      ...INVALID_INSTANTS,
      ...EDGE_INSTANTS,
    ),
  },
  { weight: 1, arbitrary: longString },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.uuid() },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      'LEAD',
      'lead',
      'SIGNED ',
      'DROPPED',
      'UNKNOWN',
      'VISIT',
      'ADMIN',
      'admin',
      'CNY',
      'usd',
      'EUR',
      'OPEN',
      'RED',
    ),
  },
);

/** Nesting no client needs: up to 10 000 levels, written as text so nothing here recurses. */
export const deepNesting: fc.Arbitrary<JsonText> = fc
  .tuple(fc.constantFrom(10, 100, 1000, 10_000), fc.boolean())
  .map(([depth, arrays]) =>
    arrays
      ? new JsonText('['.repeat(depth) + ']'.repeat(depth))
      : new JsonText('{"a":'.repeat(depth) + '1' + '}'.repeat(depth)),
  );

/** Objects that try to reach prototypes or query operators. */
const SNEAKY_OBJECTS = [
  '{"__proto__":{"polluted":true}}',
  '{"constructor":{"prototype":{"polluted":true}}}',
  '{"$gt":""}',
  '{"$where":"1==1"}',
  '{"":""}',
  '{"a":1,"a":2}',
].map((text) => new JsonText(text));

/** Any hostile value: wrong types, edge numbers, strange strings, nesting, arbitrary JSON. */
export const hostileValue: fc.Arbitrary<Hostile> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 3, arbitrary: hostileNumber },
  {
    weight: 1,
    arbitrary: fc.constantFrom<Hostile>(null, true, false, [], {}, [1, 2], ['a'], [null]),
  },
  { weight: 1, arbitrary: fc.constantFrom(...SNEAKY_OBJECTS) },
  { weight: 1, arbitrary: deepNesting },
  { weight: 1, arbitrary: fc.array(hostileString, { maxLength: 3 }) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Hostile> },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 201, max: 2000 })
      .map((n) => Array.from({ length: n }, (_, i) => `x${i}`)),
  },
);

/** Names of fields no DTO has; `__proto__` and `constructor` are dropped by class-transformer. */
export const unknownFieldName: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'prototype',
    'id',
    'version',
    'stage',
    '$where',
    '',
    ' ',
    'occurredOn ',
    'a.b',
    '项目',
    '\u0000',
  ),
  fc.string({ minLength: 1, maxLength: 12 }),
);

/** Bodies that are not JSON at all, or JSON of the wrong shape. */
export const hostileBodyText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '{',
    '}',
    '{"a":}',
    '{"a":1,}',
    "{'a':1}",
    '{"a":1}garbage',
    '[',
    'null',
    'true',
    '0',
    '"text"',
    '[]',
    '[{}]',
    'NaN',
    '{"a":NaN}',
    '{"a":Infinity}',
    '{"a":undefined}',
    '\ufeff{}',
    '{"a":"\\ud800"}',
    '{"a":"\\u0000"}',
    '\u0000',
    '<xml/>',
    'a=1&b=2',
  ),
  deepNesting.map((v) => v.text),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  fc.string({ unit: 'binary', maxLength: 200 }),
);
