import fc from 'fast-check';
import { creditCodeCheckChar, isValidCreditCode } from './credit-code';

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

describe('统一社会信用代码 (GB 32100-2015)', () => {
  // Published codes, each verified against the check digit before being kept here.
  it.each(['91350100M000100Y43', '91110108551385082Q', '91440300708461136T', '91310000MA1FL1MMXL'])(
    'accepts the published code %s',
    (code) => {
      expect(isValidCreditCode(code)).toBe(true);
    },
  );

  it('computes check characters, with 31 mapping to 0', () => {
    expect(creditCodeCheckChar('91350100M000100Y4')).toBe('3');
    expect(creditCodeCheckChar('91110108551385082')).toBe('Q');
    // Sum ≡ 0 (mod 31) gives 31 - 0 = 31, which is written as '0'.
    expect(creditCodeCheckChar('00000000000000000')).toBe('0');
    expect(isValidCreditCode('000000000000000000')).toBe(true);
  });

  it.each([
    ['wrong check character', '91350100M000100Y44'],
    ['often-quoted but invalid sample', '911100001000127X1A'],
    ['lower case', '91350100m000100y43'],
    ['forbidden letter I', '91350100I000100Y43'],
    ['forbidden letter O', '9135010OM000100Y43'],
    ['forbidden letter Z', '91350100Z000100Y43'],
    ['forbidden letter S', '91350100S000100Y43'],
    ['forbidden letter V', '91350100V000100Y43'],
    ['17 characters', '91350100M000100Y4'],
    ['19 characters', '91350100M000100Y433'],
    ['empty', ''],
    ['spaces', ' 91350100M000100Y43'],
  ])('refuses %s (%s)', (_why, code) => {
    expect(isValidCreditCode(code)).toBe(false);
  });

  it('refuses non-strings and a malformed body', () => {
    expect(isValidCreditCode(91350100)).toBe(false);
    expect(isValidCreditCode(null)).toBe(false);
    expect(creditCodeCheckChar('91350100M000100Y')).toBeUndefined();
    expect(creditCodeCheckChar('9135010OM000100Y4')).toBeUndefined();
  });

  it('accepts every generated code and rejects every other check character', () => {
    const body = fc.string({ unit: fc.constantFrom(...CHARSET), minLength: 17, maxLength: 17 });
    fc.assert(
      fc.property(body, fc.constantFrom(...CHARSET), (first17, other) => {
        const check = creditCodeCheckChar(first17);
        expect(check).toHaveLength(1);
        expect(isValidCreditCode(first17 + check)).toBe(true);
        expect(isValidCreditCode(first17 + other)).toBe(other === check);
      }),
    );
  });
});
