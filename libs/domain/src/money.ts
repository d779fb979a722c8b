import { DomainError } from './errors';

export type Currency = 'CNY' | 'USD';
export const CURRENCIES: readonly Currency[] = ['CNY', 'USD'];

/** An exact amount: a non-negative safe integer number of 元 (1 万元 = 10,000 元). */
export type Money = { yuan: number; currency: Currency };

/** 亿元以上: 1 亿元 = 10,000 万元. */
export const OVER_100M_YUAN = 100_000_000;
/** 重大项目: 5 亿元 and above. */
export const MAJOR_YUAN = 500_000_000;

export type SizeBand = 'MAJOR' | 'OVER_100M' | 'BELOW_100M';

const YUAN_PER_WAN = 10_000;
// Plain decimal only: no sign, no exponent, at most 4 decimals (1 元).
const WAN_PATTERN = /^(\d+)(?:\.(\d{1,4}))?$/;

export function isCurrency(value: unknown): value is Currency {
  return value === 'CNY' || value === 'USD';
}

export function isMoney(value: unknown): value is Money {
  if (typeof value !== 'object' || value === null) return false;
  const { yuan, currency } = value as Record<string, unknown>;
  return (
    typeof yuan === 'number' && Number.isSafeInteger(yuan) && yuan >= 0 && isCurrency(currency)
  );
}

function invalidAmount(value: unknown, why: string): DomainError {
  return new DomainError('INVALID_AMOUNT', `金额无效 / invalid amount ${String(value)}: ${why}`, {
    value: typeof value === 'number' || typeof value === 'string' ? value : String(value),
    reason: why,
  });
}

/**
 * 万元 (at most 4 decimals) to exact 元. Works on the decimal text, never multiplies floats:
 * a JS number goes through String(), which gives its shortest round-tripping decimal.
 */
export function moneyFromWan(value: number | string, currency: Currency = 'CNY'): Money {
  if (!isCurrency(currency)) throw invalidAmount(value, `unknown currency ${String(currency)}`);
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalidAmount(value, 'not a finite number');
    if (value < 0) throw invalidAmount(value, 'negative');
    text = String(value);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    throw invalidAmount(value, 'not a number');
  }
  if (text.startsWith('-')) throw invalidAmount(value, 'negative');
  const match = WAN_PATTERN.exec(text);
  if (!match) {
    throw invalidAmount(value, 'expected a plain decimal in 万元 with at most 4 decimals');
  }
  const digits = `${match[1] ?? ''}${(match[2] ?? '').padEnd(4, '0')}`;
  // BigInt only to compare against the safe range; the result is an ordinary number.
  if (BigInt(digits) > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw invalidAmount(value, 'too large to be exact');
  }
  return { yuan: Number(digits), currency };
}

/** 元 to 万元 as a JSON number; exact to the 4th decimal (the division is correctly rounded). */
export function toWan(money: Money): number {
  return money.yuan / YUAN_PER_WAN;
}

function formatScaled(yuan: number, decimals: number): string {
  if (!Number.isSafeInteger(yuan)) throw invalidAmount(yuan, 'not a safe integer of 元');
  const sign = yuan < 0 ? '-' : '';
  const digits = String(Math.abs(yuan)).padStart(decimals + 1, '0');
  const cut = digits.length - decimals;
  return `${sign}${digits.slice(0, cut)}.${digits.slice(cut)}`;
}

/** Exact 万元 text with exactly 4 decimals: 12345678 元 → "1234.5678". */
export function formatWan(yuan: number): string {
  return formatScaled(yuan, 4);
}

/** Exact 亿元 text without trailing zeros: 185180000000 元 → "1851.8", 1 亿 → "1". */
export function formatYi(yuan: number): string {
  return formatScaled(yuan, 8).replace(/\.?0+$/, '');
}

function checkedYuan(yuan: number): number {
  if (!Number.isSafeInteger(yuan)) throw invalidAmount(yuan, 'sum beyond the exact range');
  return yuan;
}

/** Adds two amounts of the same currency; mixing 人民币 and US dollars is refused. */
export function addMoney(a: Money, b: Money): Money {
  if (a.currency !== b.currency) {
    throw invalidAmount(`${a.currency}+${b.currency}`, 'cannot add different currencies');
  }
  return { yuan: checkedYuan(a.yuan + b.yuan), currency: a.currency };
}

/** Exact sum of integer 元 amounts (integer addition below 2^53 never drifts). */
export function sumYuan(amounts: readonly number[]): number {
  let total = 0;
  for (const yuan of amounts) total = checkedYuan(total + checkedYuan(yuan));
  return total;
}

export function sizeBand(yuan: number): SizeBand {
  if (yuan >= MAJOR_YUAN) return 'MAJOR';
  if (yuan >= OVER_100M_YUAN) return 'OVER_100M';
  return 'BELOW_100M';
}
