import fc from 'fast-check';
import {
  addDays,
  compareDates,
  daysBetween,
  isBusinessDate,
  maxDate,
  minDate,
  todayInShanghai,
} from './business-date';

describe('isBusinessDate', () => {
  it.each(['2024-02-29', '2026-02-28', '2000-02-29', '2026-12-31', '2026-01-01'])(
    'accepts %s',
    (d) => {
      expect(isBusinessDate(d)).toBe(true);
    },
  );

  it.each([
    '2026-02-30',
    '2026-02-29',
    '1900-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-01-00',
    '2026-1-5',
    '2026-01-05T00:00:00Z',
    '0000-01-01',
    '',
    20260105,
    null,
  ])('refuses %p', (d) => {
    expect(isBusinessDate(d)).toBe(false);
  });

  it('accepts exactly the real days written YYYY-MM-DD in ASCII digits', () => {
    const reference = (value: string): boolean => {
      const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
      if (!match) return false;
      const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
      const day = new Date(0);
      day.setUTCFullYear(y, m - 1, d);
      return (
        y >= 1 &&
        day.getUTCFullYear() === y &&
        day.getUTCMonth() === m - 1 &&
        day.getUTCDate() === d
      );
    };
    const dates = fc.stringMatching(/^\d{4}-[01]\d-[0-3]\d$/);
    // A date with one character swapped for a sign, a space, a letter or a non-ASCII digit.
    const nearlyDates = fc
      .tuple(dates, fc.nat({ max: 9 }), fc.constantFrom(...'-+ .eT٣１'))
      .map(([date, at, char]) => date.slice(0, at) + char + date.slice(at + 1));
    fc.assert(
      fc.property(fc.oneof(dates, nearlyDates), (value) => {
        expect(isBusinessDate(value)).toBe(reference(value));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('date arithmetic', () => {
  it('adds days across months, leap days and years', () => {
    expect(addDays('2026-02-10', 90)).toBe('2026-05-11');
    expect(addDays('2026-02-10', 180)).toBe('2026-08-09');
    expect(addDays('2026-02-10', 730)).toBe('2028-02-10');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-01-05', 0)).toBe('2026-01-05');
  });

  it('counts days between dates', () => {
    expect(daysBetween('2026-01-01', '2026-12-31')).toBe(364);
    expect(daysBetween('2024-01-01', '2025-01-01')).toBe(366);
    expect(daysBetween('2026-03-01', '2026-02-01')).toBe(-28);
    expect(daysBetween('1970-01-01', '2000-01-01')).toBe(10_957);
  });

  it('compares, and picks the later or earlier date', () => {
    expect(compareDates('2026-01-05', '2026-01-06')).toBe(-1);
    expect(compareDates('2026-01-06', '2026-01-06')).toBe(0);
    expect(compareDates('2026-02-01', '2026-01-31')).toBe(1);
    expect(maxDate('2026-02-01', '2026-01-31')).toBe('2026-02-01');
    expect(minDate('2026-02-01', '2026-01-31')).toBe('2026-01-31');
  });

  it('throws INVALID_DATE on impossible dates', () => {
    expect(() => addDays('2026-02-30', 1)).toThrow(
      expect.objectContaining({ code: 'INVALID_DATE' }),
    );
    expect(() => daysBetween('2026-01-01', 'soon')).toThrow(
      expect.objectContaining({ code: 'INVALID_DATE' }),
    );
  });

  it('agrees with the JS calendar on every day of four centuries', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -150_000, max: 150_000 }),
        fc.integer({ min: -3000, max: 3000 }),
        (offset, n) => {
          const base = new Date(Date.UTC(2000, 0, 1) + offset * 86_400_000)
            .toISOString()
            .slice(0, 10);
          const expected = new Date(Date.UTC(2000, 0, 1) + (offset + n) * 86_400_000)
            .toISOString()
            .slice(0, 10);
          expect(isBusinessDate(base)).toBe(true);
          expect(addDays(base, n)).toBe(expected);
          expect(daysBetween(base, expected)).toBe(n);
        },
      ),
    );
  });
});

describe('todayInShanghai', () => {
  it('is the UTC+8 calendar day of an instant', () => {
    expect(todayInShanghai(new Date('2026-03-01T15:59:59.999Z'))).toBe('2026-03-01');
    expect(todayInShanghai(new Date('2026-03-01T16:00:00Z'))).toBe('2026-03-02');
    expect(todayInShanghai(new Date('2026-12-31T23:00:00-01:00'))).toBe('2027-01-01');
    expect(todayInShanghai(new Date('2026-01-01T07:59:00+08:00'))).toBe('2026-01-01');
  });

  it('refuses an invalid instant', () => {
    expect(() => todayInShanghai(new Date('nope'))).toThrow(
      expect.objectContaining({ code: 'INVALID_DATE' }),
    );
  });
});
