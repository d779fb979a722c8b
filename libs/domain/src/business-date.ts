import { DomainError } from './errors';

/** A calendar day in China Standard Time, 'YYYY-MM-DD'. Compares correctly as a string. */
export type BusinessDate = string;

const SHANGHAI_OFFSET_MS = 8 * 3_600_000; // China has had no daylight saving since 1991

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The number the ASCII digits of s from `from` to `to` spell, or -1 if any is not a digit. */
function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/**
 * Year, month and day of a real calendar day ('YYYY-MM-DD'), or null. Read digit by digit,
 * not with a regular expression: reports call it for every line, thousands a request.
 */
function parts(value: unknown): [number, number, number] | null {
  if (typeof value !== 'string' || value.length !== 10) return null;
  if (value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return null; // '-'
  const year = digits(value, 0, 4);
  const month = digits(value, 5, 7);
  const day = digits(value, 8, 10);
  const real =
    year >= 1 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
  return real ? [year, month, day] : null;
}

/** True for a real calendar day: 2024-02-29 yes, 2026-02-30 no. */
export function isBusinessDate(value: unknown): value is BusinessDate {
  return parts(value) !== null;
}

function invalidDate(value: unknown, field = 'date'): DomainError {
  return new DomainError('INVALID_DATE', `日期无效 / invalid date: ${String(value)}`, {
    field,
    value,
  });
}

function requireDate(value: BusinessDate, field = 'date'): void {
  if (!isBusinessDate(value)) throw invalidDate(value, field);
}

// Days since 1970-01-01 by pure integer arithmetic (H. Hinnant's days_from_civil), so years
// below 100 are not mangled the way Date.UTC mangles them. Reports call it for thousands of
// lines, so the date is matched once, not validated and then split.
function toEpochDay(date: BusinessDate): number {
  const ymd = parts(date);
  if (ymd === null) throw invalidDate(date);
  const [y0, m, d] = ymd;
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function fromEpochDay(epochDay: number): BusinessDate {
  const z = epochDay + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  if (y < 1 || y > 9999) {
    throw new DomainError('INVALID_DATE', `日期超出范围 / date out of range (year ${y})`, {
      year: y,
    });
  }
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(y, 4)}-${pad(m, 2)}-${pad(d, 2)}`;
}

export function addDays(date: BusinessDate, days: number): BusinessDate {
  if (!Number.isSafeInteger(days)) {
    throw new DomainError('INVALID_DATE', `天数无效 / invalid day count: ${days}`, { days });
  }
  return fromEpochDay(toEpochDay(date) + days);
}

/** Whole days from `from` to `to`; negative when `to` is earlier. */
export function daysBetween(from: BusinessDate, to: BusinessDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

export function compareDates(a: BusinessDate, b: BusinessDate): -1 | 0 | 1 {
  requireDate(a);
  requireDate(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

export function maxDate(a: BusinessDate, b: BusinessDate): BusinessDate {
  return compareDates(a, b) >= 0 ? a : b;
}

export function minDate(a: BusinessDate, b: BusinessDate): BusinessDate {
  return compareDates(a, b) <= 0 ? a : b;
}

/** The Asia/Shanghai (UTC+8) calendar day of an instant. The caller supplies the instant. */
export function todayInShanghai(now: Date): BusinessDate {
  const ms = now.getTime();
  if (!Number.isFinite(ms)) {
    throw new DomainError('INVALID_DATE', '时间无效 / invalid instant', { value: String(now) });
  }
  return new Date(ms + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}
