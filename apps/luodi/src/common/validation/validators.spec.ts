import { decimalPlaces, isInstant } from './validators';

describe('decimalPlaces', () => {
  it.each([
    [12, 0],
    [12.5, 1],
    [0.0001, 4],
    [1e-7, 7],
    [2.5e-5, 6],
    [5e-324, 324],
    [1e21, 0],
    [123456789.1234, 4],
  ])('counts %p as %p decimals, exponent notation included', (value, places) => {
    expect(decimalPlaces(value)).toBe(places);
  });
});

describe('isInstant', () => {
  it.each(['2026-05-31T18:00:00+08:00', '1000-01-01T00:00:00Z', '9999-12-31T23:59:59.999Z'])(
    'takes %s',
    (value) => expect(isInstant(value)).toBe(true),
  );

  it.each([
    '0000-01-01T00:00:00Z',
    '0999-12-31T23:59:59Z',
    '1000-01-01T07:59:59+08:00',
    '9999-12-31T23:59:59-12:00',
    '2026-02-30T00:00:00Z',
    '2026-01-01T24:00:00+08:00',
    '2026-01-01T23:60:00+08:00',
    '2026-01-01T23:59:60+08:00',
    '2026-05-31T18:00:00',
  ])('refuses %s (not a real instant, or outside the years 1000 to 9999 in UTC)', (value) => {
    expect(isInstant(value)).toBe(false);
  });
});
