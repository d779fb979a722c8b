import fc from 'fast-check';
import { DomainError } from './errors';
import {
  addMoney,
  formatWan,
  formatYi,
  MAJOR_YUAN,
  moneyFromWan,
  OVER_100M_YUAN,
  sizeBand,
  sumYuan,
  toWan,
} from './money';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    return error instanceof DomainError ? error.code : 'OTHER';
  }
}

/** Exact 元 from a 万元 decimal string, by BigInt (the reference the code is checked against). */
function bigYuan(wan: string): bigint {
  const [int = '0', frac = ''] = wan.split('.');
  return BigInt(int) * 10_000n + BigInt(frac.padEnd(4, '0'));
}

describe('moneyFromWan', () => {
  it.each([
    [1234.5678, 12_345_678],
    ['1234.5678', 12_345_678],
    [0, 0],
    [-0, 0],
    ['0.0001', 1],
    [0.0001, 1],
    [10000, 100_000_000],
    ['7000', 70_000_000],
    [0.3, 3000],
    ['1851.8', 18_518_000],
    [' 12.5 ', 125_000],
    ['900719925474.0991', Number.MAX_SAFE_INTEGER],
  ])('%p 万元 is %p 元', (wan, yuan) => {
    expect(moneyFromWan(wan)).toStrictEqual({ yuan, currency: 'CNY' });
  });

  it('keeps the currency', () => {
    expect(moneyFromWan(7000, 'USD')).toStrictEqual({ yuan: 70_000_000, currency: 'USD' });
  });

  it.each([
    [-1],
    ['-0.5'],
    [Number.NaN],
    [Number.POSITIVE_INFINITY],
    [1.23456],
    ['1.23456'],
    [0.1 + 0.2], // 0.30000000000000004: float noise is refused, not rounded
    [1e21],
    [1e-7],
    ['1e3'],
    ['900719925474.0992'],
    [''],
    ['abc'],
    ['1,000'],
    ['.5'],
    ['+5'],
  ])('refuses %p with INVALID_AMOUNT', (wan) => {
    expect(codeOf(() => moneyFromWan(wan))).toBe('INVALID_AMOUNT');
  });

  it('refuses an unknown currency', () => {
    expect(codeOf(() => moneyFromWan(1, 'EUR' as never))).toBe('INVALID_AMOUNT');
  });
});

describe('formatting', () => {
  it('formats 万元 with exactly 4 decimals', () => {
    expect(formatWan(12_345_678)).toBe('1234.5678');
    expect(formatWan(1)).toBe('0.0001');
    expect(formatWan(0)).toBe('0.0000');
    expect(formatWan(100_000_000)).toBe('10000.0000');
    expect(formatWan(-5)).toBe('-0.0005');
    expect(formatWan(Number.MAX_SAFE_INTEGER)).toBe('900719925474.0991');
  });

  it('formats 亿元 exactly without trailing zeros', () => {
    expect(formatYi(185_180_000_000)).toBe('1851.8');
    expect(formatYi(OVER_100M_YUAN)).toBe('1');
    expect(formatYi(1)).toBe('0.00000001');
    expect(formatYi(8_457_000_000)).toBe('84.57');
    expect(formatYi(0)).toBe('0');
  });

  it('converts back to 万元 for JSON', () => {
    expect(toWan({ yuan: 12_345_678, currency: 'CNY' })).toBe(1234.5678);
    expect(toWan({ yuan: 1, currency: 'USD' })).toBe(0.0001);
  });
});

describe('adding', () => {
  it('adds same-currency amounts exactly', () => {
    expect(addMoney(moneyFromWan(0.1), moneyFromWan(0.2))).toStrictEqual(moneyFromWan(0.3));
  });

  it('refuses to mix currencies', () => {
    expect(codeOf(() => addMoney(moneyFromWan(1), moneyFromWan(1, 'USD')))).toBe('INVALID_AMOUNT');
  });

  it('refuses sums beyond the exact range', () => {
    expect(codeOf(() => sumYuan([Number.MAX_SAFE_INTEGER, 1]))).toBe('INVALID_AMOUNT');
    expect(codeOf(() => sumYuan([0.5]))).toBe('INVALID_AMOUNT');
  });

  it('sums 318 contract amounts with 4 decimals to the exact total (驻马店 1851.8 亿元)', () => {
    // 317 irregular amounts of 1 to 9.99 亿元 with 4 decimals, the last one making up the total.
    const amounts: string[] = [];
    let seed = 20201031;
    for (let i = 0; i < 317; i++) {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      const tenThousandths = 100_000_000 + (seed % 900_000_000);
      amounts.push(formatWan(tenThousandths));
    }
    const totalYuan = 185_180_000_000n;
    const rest = totalYuan - amounts.reduce((sum, a) => sum + bigYuan(a), 0n);
    expect(rest > 0n).toBe(true);
    amounts.push(formatWan(Number(rest)));
    expect(amounts).toHaveLength(318);

    // The API hands us JSON numbers, so go through Number like a request body would.
    const yuan = sumYuan(amounts.map((a) => moneyFromWan(Number(a)).yuan));
    expect(BigInt(yuan)).toBe(totalYuan);
    expect(BigInt(yuan)).toBe(amounts.reduce((sum, a) => sum + bigYuan(a), 0n));
    expect(formatYi(yuan)).toBe('1851.8');
    expect(formatWan(yuan)).toBe('18518000.0000');
  });
});

describe('size bands', () => {
  it('puts 1 亿 and 5 亿 at the lower edge of their band', () => {
    expect(OVER_100M_YUAN).toBe(moneyFromWan(10_000).yuan);
    expect(MAJOR_YUAN).toBe(moneyFromWan(50_000).yuan);
    expect(sizeBand(OVER_100M_YUAN - 1)).toBe('BELOW_100M');
    expect(sizeBand(OVER_100M_YUAN)).toBe('OVER_100M');
    expect(sizeBand(MAJOR_YUAN - 1)).toBe('OVER_100M');
    expect(sizeBand(MAJOR_YUAN)).toBe('MAJOR');
    expect(sizeBand(0)).toBe('BELOW_100M');
  });
});

describe('money properties', () => {
  const yuanArb = fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER });

  it('round-trips moneyFromWan(formatWan(yuan))', () => {
    fc.assert(
      fc.property(yuanArb, (yuan) => {
        expect(moneyFromWan(formatWan(yuan)).yuan).toBe(yuan);
      }),
    );
  });

  it('reads a JSON number with up to 4 decimals exactly', () => {
    // Amounts up to 10^11 万元: the shortest decimal of the float is the one written.
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e15 }), (yuan) => {
        const asNumber = Number(formatWan(yuan));
        expect(moneyFromWan(asNumber).yuan).toBe(yuan);
        expect(toWan({ yuan, currency: 'CNY' })).toBe(asNumber);
      }),
    );
  });

  it('sums exactly, matching BigInt arithmetic on the decimal strings', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1e12 }), { maxLength: 400, size: 'max' }),
        (yuans) => {
          const texts = yuans.map(formatWan);
          const total = sumYuan(texts.map((t) => moneyFromWan(t).yuan));
          expect(BigInt(total)).toBe(texts.reduce((sum, t) => sum + bigYuan(t), 0n));
        },
      ),
    );
  });
});
