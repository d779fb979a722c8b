import { ApiProblem } from '../../common/problem/problem';
import { parseIfMatch } from './command-meta';

describe('parseIfMatch', () => {
  it('reads the version of an ETag, strong, weak or bare', () => {
    expect(parseIfMatch('"3"')).toBe(3);
    expect(parseIfMatch('W/"12"')).toBe(12);
    expect(parseIfMatch('7')).toBe(7);
    expect(parseIfMatch(undefined)).toBeUndefined();
  });

  it('refuses anything else with VALIDATION_FAILED', () => {
    for (const bad of ['*', '"abc"', '"1", "2"', '-1', '']) {
      expect(() => parseIfMatch(bad)).toThrow(ApiProblem);
    }
  });
});
