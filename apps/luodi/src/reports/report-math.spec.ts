import fc from 'fast-check';
import { addDays, daysBetween, isBusinessDate } from '@luodi/domain';
import {
  amountView,
  fractionLess,
  median,
  monthsBefore,
  percent,
  timeProgress,
} from './report-math';

/** Half-up rounding of 1000·n/d to an integer, by BigInt: the reference for percent(). */
function exactPermilleHalfUp(n: bigint, d: bigint): bigint {
  const q = (1000n * n) / d;
  const r = (1000n * n) % d;
  return 2n * r >= d ? q + 1n : q;
}

describe('percent', () => {
  it.each([
    [1, 3, 33.3],
    [2, 3, 66.7],
    [0, 7, 0],
    [7, 7, 100],
    [845_700, 741_800, 114],
    [19, 24, 79.2],
    [151, 365, 41.4],
    // Exact halves round up.
    [1, 16, 6.3],
    [3, 16, 18.8],
    [1, 2000, 0.1],
  ])('%i / %i = %d %%', (n, d, expected) => {
    expect(percent(n, d)).toBe(expected);
  });

  it('rounds exact halves up where floating point would round down', () => {
    // 1001 / 2000 = 50.05 % exactly; in floating point 1001 / 2000 * 1000 = 500.49999999999994.
    expect(Math.round((1001 / 2000) * 1000) / 10).toBe(50);
    expect(percent(1001, 2000)).toBe(50.1);
  });

  it('is null without a positive denominator', () => {
    expect(percent(5, 0)).toBeNull();
    expect(percent(0, 0)).toBeNull();
    expect(percent(5, -1)).toBeNull();
  });

  it('stays exact for amounts whose products pass 2^53', () => {
    const max = Number.MAX_SAFE_INTEGER;
    expect(percent(max, max)).toBe(100);
    expect(percent(max - 1, max)).toBe(100);
    // 84.57 亿 of a 74.18 亿 target, in 元.
    expect(percent(8_457_000_000, 7_418_000_000)).toBe(114);
  });

  it('agrees with exact rational rounding (property)', () => {
    const pair = fc
      .bigInt({ min: 1n, max: 10n ** 15n })
      .chain((d) => fc.tuple(fc.bigInt({ min: 0n, max: 10n * d }), fc.constant(d)));
    fc.assert(
      fc.property(pair, ([n, d]) => {
        const p = percent(Number(n), Number(d));
        expect(p).not.toBeNull();
        expect(BigInt(Math.round(p! * 10))).toBe(exactPermilleHalfUp(n, d));
        // One decimal, nothing more.
        expect(Math.round(p! * 10) / 10).toBe(p);
      }),
    );
  });
});

describe('fractionLess', () => {
  it('compares fractions strictly', () => {
    expect(fractionLess(1, 3, 333, 1000)).toBe(false);
    expect(fractionLess(333, 1000, 1, 3)).toBe(true);
    expect(fractionLess(1, 2, 2, 4)).toBe(false);
    expect(fractionLess(2, 4, 1, 2)).toBe(false);
    expect(fractionLess(0, 5, 1, 1000)).toBe(true);
  });

  it('tells apart fractions that floating point cannot', () => {
    const m = Number.MAX_SAFE_INTEGER; // 2^53 − 1
    // (m)/(m−1) = 1 + 1/(m−1) < (m−1)/(m−2) = 1 + 1/(m−2); both are 1 in floating point.
    expect(m / (m - 1)).toBe((m - 1) / (m - 2));
    expect(fractionLess(m, m - 1, m - 1, m - 2)).toBe(true);
    expect(fractionLess(m - 1, m - 2, m, m - 1)).toBe(false);
  });

  it('agrees with division on small numbers and is never true both ways (property)', () => {
    const small = fc.integer({ min: 0, max: 1000 });
    const positive = fc.integer({ min: 1, max: 1000 });
    fc.assert(
      fc.property(small, positive, small, positive, (a, b, c, d) => {
        expect(fractionLess(a, b, c, d)).toBe(a / b < c / d);
      }),
    );
    const big = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });
    const bigPositive = fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER });
    fc.assert(
      fc.property(big, bigPositive, big, bigPositive, (a, b, c, d) => {
        expect(fractionLess(a, b, c, d) && fractionLess(c, d, a, b)).toBe(false);
      }),
    );
  });
});

describe('timeProgress', () => {
  it('counts the as-of day itself', () => {
    expect(timeProgress(2021, '2021-01-01')).toEqual({ elapsed: 1, days: 365 });
    // The brief's 谷城 example: 41.4 % on 2021-05-31.
    expect(timeProgress(2021, '2021-05-31')).toEqual({ elapsed: 151, days: 365 });
    expect(timeProgress(2021, '2021-12-31')).toEqual({ elapsed: 365, days: 365 });
  });

  it('knows leap years, including the century rules', () => {
    expect(timeProgress(2024, '2024-02-29')).toEqual({ elapsed: 60, days: 366 });
    expect(timeProgress(2024, '2024-12-31')).toEqual({ elapsed: 366, days: 366 });
    expect(timeProgress(2000, '2000-03-01').days).toBe(366);
    expect(timeProgress(2100, '2100-03-01')).toEqual({ elapsed: 60, days: 365 });
  });

  it('is empty before the year and full after it', () => {
    expect(timeProgress(2021, '2020-12-31')).toEqual({ elapsed: 0, days: 365 });
    expect(timeProgress(2024, '2019-06-01')).toEqual({ elapsed: 0, days: 366 });
    expect(timeProgress(2021, '2022-01-01')).toEqual({ elapsed: 365, days: 365 });
    expect(timeProgress(2024, '2030-06-01')).toEqual({ elapsed: 366, days: 366 });
  });

  it('grows by one a day within the year and stays in [0, days] (property)', () => {
    const day = fc.integer({ min: 0, max: 3 * 366 });
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 2100 }), day, (year, offset) => {
        const asOf = addDays(`${year - 1}-01-01`, offset);
        const { elapsed, days } = timeProgress(year, asOf);
        const next = timeProgress(year, addDays(asOf, 1)).elapsed;
        expect(elapsed).toBeGreaterThanOrEqual(0);
        expect(elapsed).toBeLessThanOrEqual(days);
        // The next day is in the year exactly when asOf is in [31 December before, 30 December].
        const nextInYear = asOf >= `${year - 1}-12-31` && asOf < `${year}-12-31`;
        expect(next - elapsed).toBe(nextInYear ? 1 : 0);
      }),
    );
  });
});

describe('median', () => {
  it('is null for no values', () => {
    expect(median([])).toBeNull();
  });

  it('takes the middle value of an odd count, in any order', () => {
    expect(median([5])).toBe(5);
    expect(median([30, 10, 20])).toBe(20);
    expect(median([1, 100, 2, 3, 4])).toBe(3);
  });

  it('takes the mean of the middle two of an even count', () => {
    expect(median([1, 2])).toBe(1.5);
    expect(median([40, 10, 30, 20])).toBe(25);
    expect(median([23, 49, 1, 120])).toBe(36);
    expect(median([7, 7, 8, 8])).toBe(7.5);
  });

  it('leaves its input alone', () => {
    const values = [3, 1, 2];
    median(values);
    expect(values).toEqual([3, 1, 2]);
  });

  it('lies between the smallest and largest value and ignores order (property)', () => {
    const days = fc.array(fc.integer({ min: 0, max: 5000 }), { minLength: 1, maxLength: 40 });
    fc.assert(
      fc.property(days, (values) => {
        const m = median(values)!;
        expect(m).toBeGreaterThanOrEqual(Math.min(...values));
        expect(m).toBeLessThanOrEqual(Math.max(...values));
        expect(median([...values].reverse())).toBe(m);
      }),
    );
  });
});

describe('monthsBefore', () => {
  it.each([
    ['2026-06-22', 3, '2026-03-22'],
    // Clamped to the last day of a shorter month.
    ['2026-05-31', 3, '2026-02-28'],
    ['2024-05-31', 3, '2024-02-29'],
    ['2026-07-31', 1, '2026-06-30'],
    ['2024-02-29', 12, '2023-02-28'],
    // Across year boundaries.
    ['2026-01-15', 3, '2025-10-15'],
    ['2026-02-28', 2, '2025-12-28'],
    ['2026-03-31', 15, '2024-12-31'],
    ['2026-01-31', 1, '2025-12-31'],
    ['2026-03-15', 0, '2026-03-15'],
  ])('%s minus %i months is %s', (date, months, expected) => {
    expect(monthsBefore(date, months)).toBe(expected);
  });

  it('gives a real date, never after the date, the given number of months back (property)', () => {
    const date = fc
      .integer({ min: 0, max: 365 * 200 })
      .map((offset) => addDays('1950-01-01', offset));
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 240 }), (d, months) => {
        const before = monthsBefore(d, months);
        expect(isBusinessDate(before)).toBe(true);
        expect(daysBetween(before, d)).toBeGreaterThanOrEqual(0);
        const [y, m, day] = d.split('-').map(Number) as [number, number, number];
        const [by, bm, bday] = before.split('-').map(Number) as [number, number, number];
        expect(y * 12 + m - (by * 12 + bm)).toBe(months);
        // The same day of the month unless that month is shorter.
        expect(bday === day || (bday < day && addDays(before, 1).endsWith('-01'))).toBe(true);
      }),
    );
  });
});

describe('amountView', () => {
  it('shows exact 元 as 万元 and 亿元', () => {
    expect(amountView(8_457_000_000)).toEqual({ yuan: 8_457_000_000, wan: 845_700, yi: '84.57' });
    expect(amountView(12_345_678)).toEqual({ yuan: 12_345_678, wan: 1234.5678, yi: '0.12345678' });
    expect(amountView(0)).toEqual({ yuan: 0, wan: 0, yi: '0' });
  });
});
