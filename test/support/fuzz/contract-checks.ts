/**
 * What the contract says about a value, written here independently of the application's own
 * validators so that the fuzz can tell when a request that must be refused was accepted.
 */
import { LONGEST_TEXT } from './hostile-values';

/** The largest amount in 万元 (10 万亿元); counts and days are far smaller. */
export const LARGEST_NUMBER = 100_000_000_000;
export const BODY_LIMIT_BYTES = 64 * 1024;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function isCalendarDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const days = [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return year >= 1 && days !== undefined && day >= 1 && day <= days;
}

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

export const looksLikeDate = (value: unknown): value is string =>
  typeof value === 'string' && DATE.test(value);
export const looksLikeInstant = (value: unknown): value is string =>
  typeof value === 'string' && INSTANT.test(value);

/** An instant whose day exists and whose time reads on a clock (no 24:00, no :60). */
export function isRealInstant(value: string): boolean {
  if (!looksLikeInstant(value) || !isCalendarDate(value.slice(0, 10))) return false;
  const second = value.charAt(16) === ':' ? Number(value.slice(17, 19)) : 0;
  return Number(value.slice(11, 13)) < 24 && Number(value.slice(14, 16)) < 60 && second < 60;
}

/** Decimal places of a number as written: 1e-7 has 7, 12.5 has 1. */
export function decimalsOf(value: number): number {
  if (!Number.isFinite(value) || Number.isInteger(value)) return 0;
  const [mantissa = '', exponent = '0'] = value.toString().toLowerCase().split('e');
  const fraction = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, fraction - Number(exponent));
}

export type JsonType = 'null' | 'boolean' | 'number' | 'string' | 'array' | 'object';

export function jsonTypeOf(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  const type = typeof value;
  return type === 'boolean' || type === 'number' || type === 'string' ? type : 'object';
}

/** How deep a parsed JSON value nests, without recursion. */
export function depthOf(value: unknown): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    deepest = Math.max(deepest, depth);
    for (const child of Object.values(current)) stack.push([child, depth + 1]);
  }
  return deepest;
}

/** Why a string can be no field's value, or undefined when some field could take it. */
export function badText(value: string): string | undefined {
  // Lengths count characters (code points), as the validators do: an emoji is one.
  const length = [...value].length;
  if (length > LONGEST_TEXT) return `a string of ${length} characters`;
  if (CONTROL.test(value)) return 'a string with control characters';
  if (LONE_SURROGATE.test(value)) return 'a string with a lone surrogate';
  if (value.trim() === '') return 'a blank string';
  return undefined;
}

export interface ValueSpec {
  /** The JSON type the field takes (`integer` counts as number). */
  type?: string;
  enum?: unknown[];
  format?: string;
  required: boolean;
  /** The value of the valid request, which shows the field's kind (a date, an instant). */
  sample?: unknown;
}

/**
 * Why `value` must be refused for a field described by `spec`, or undefined when it might be
 * fine. Only sure cases count: a refusal the contract does not demand is not asserted.
 */
export function mustRefuseValue(spec: ValueSpec, value: unknown): string | undefined {
  const expected =
    spec.type === 'integer'
      ? 'number'
      : (spec.type ?? (spec.sample === undefined ? undefined : jsonTypeOf(spec.sample)));
  if (expected === undefined) return undefined;
  const actual = jsonTypeOf(value);
  if (actual === 'null') return spec.required ? 'null for a required field' : undefined;
  if (actual !== expected) return `a ${actual} where a ${expected} belongs`;
  if (typeof value === 'string') {
    if (spec.enum && !spec.enum.includes(value))
      return `${JSON.stringify(value.slice(0, 40))} is not one of the enum`;
    if (looksLikeDate(spec.sample) && !isCalendarDate(value)) return 'not a calendar date';
    if (looksLikeInstant(spec.sample) && !isRealInstant(value)) return 'not an instant';
    if (spec.format === 'uuid' && !UUID.test(value)) return 'not a UUID';
    return badText(value);
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return 'a non-finite number';
    if (value < 0) return 'a negative number';
    if (value > LARGEST_NUMBER) return 'a number beyond any limit';
    if (decimalsOf(value) > 4) return 'a number with more than 4 decimals';
  }
  return undefined;
}

/** Why a query-string value must be refused, judged like a body value of the same kind. */
export function mustRefuseQueryValue(spec: ValueSpec, value: string): string | undefined {
  if (value === '' && !spec.required) return undefined;
  if (spec.enum && !spec.enum.includes(value))
    return `${JSON.stringify(value.slice(0, 40))} is not one of the enum`;
  if (spec.type === 'number' || spec.type === 'integer') {
    if (!/^\d+(\.\d{1,4})?$/.test(value))
      return `${JSON.stringify(value.slice(0, 40))} is not a plain decimal number`;
  }
  if (looksLikeDate(spec.sample) && !isCalendarDate(value)) return 'not a calendar date';
  if (looksLikeInstant(spec.sample) && !isRealInstant(value)) return 'not an instant';
  if (CONTROL.test(value)) return 'control characters';
  return undefined;
}

export const IF_MATCH = /^\s*(?:W\/)?"?\d{1,9}"?\s*$/;
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;
