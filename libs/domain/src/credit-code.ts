// 统一社会信用代码, GB 32100-2015: 17 characters plus a check character, base 31.
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY'; // no I, O, Z, S, V: they read like digits
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const BODY_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{17}$/;
const CODE_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

/** The check character for the first 17 characters, or undefined when they are malformed. */
export function creditCodeCheckChar(first17: string): string | undefined {
  if (!BODY_PATTERN.test(first17)) return undefined;
  let sum = 0;
  WEIGHTS.forEach((weight, i) => {
    sum += CHARSET.indexOf(first17.charAt(i)) * weight;
  });
  const check = 31 - (sum % 31);
  return CHARSET.charAt(check === 31 ? 0 : check);
}

/**
 * Checks length, charset (upper case only, as issued) and the check character. The
 * registration-authority, type and region segments are not checked against code lists.
 */
export function isValidCreditCode(code: unknown): code is string {
  if (typeof code !== 'string' || !CODE_PATTERN.test(code)) return false;
  return creditCodeCheckChar(code.slice(0, 17)) === code.charAt(17);
}
