import { daysBetween, formatYi, toWan } from '@luodi/domain';

/** An exact amount shown three ways: integer 元, 万元 (4 decimals), 亿元 (exact text). */
export interface AmountView {
  yuan: number;
  wan: number;
  yi: string;
}

export const amountView = (yuan: number): AmountView => ({
  yuan,
  wan: toWan({ yuan, currency: 'CNY' }),
  yi: formatYi(yuan),
});

/** numerator / denominator as a percentage with one decimal, rounded half up; exact (BigInt). */
export function percent(numerator: number, denominator: number): number | null {
  if (denominator <= 0) return null;
  const scaled = (BigInt(numerator) * 2000n + BigInt(denominator)) / (2n * BigInt(denominator));
  return Number(scaled) / 10;
}

/** a/b < c/d without floating point (all non-negative, b and d positive). */
export const fractionLess = (a: number, b: number, c: number, d: number): boolean =>
  BigInt(a) * BigInt(d) < BigInt(c) * BigInt(b);

/** 序时进度: days elapsed in the year (the as-of day included) / days in the year. */
export function timeProgress(year: number, asOf: string): { elapsed: number; days: number } {
  const start = `${year}-01-01`;
  const days = daysBetween(start, `${year + 1}-01-01`);
  if (asOf < start) return { elapsed: 0, days };
  if (asOf >= `${year + 1}-01-01`) return { elapsed: days, days };
  return { elapsed: daysBetween(start, asOf) + 1, days };
}

/** The median of whole day counts (mean of the middle two, one decimal); null when empty. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length % 2 === 1) return sorted[mid]!;
  return Math.round(((sorted[mid - 1]! + sorted[mid]!) / 2) * 10) / 10;
}

/** The same day `months` calendar months earlier, clamped to the month's last day. */
export function monthsBefore(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const total = y * 12 + (m - 1) - months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  const last = daysBetween(
    `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`,
    month === 12
      ? `${String(year + 1).padStart(4, '0')}-01-01`
      : `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}-01`,
  );
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}
