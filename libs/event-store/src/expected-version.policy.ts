import type { ActualVersion } from './event-store.errors';
import type { ExpectedVersion } from './event-store.types';

/** Programming errors (not conflicts): a number must be a stream version, i.e. ≥ 1. */
export function assertValidExpected(expected: ExpectedVersion): void {
  if (typeof expected === 'number' && (!Number.isSafeInteger(expected) || expected < 1)) {
    throw new RangeError(
      `Expected version must be an integer ≥ 1 or 'no-stream' | 'stream-exists' | 'any'; got ${expected}`,
    );
  }
}

/** Whether a stream at `actual` satisfies `expected`. */
export function satisfies(expected: ExpectedVersion, actual: ActualVersion): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no-stream':
      return actual === 'no-stream';
    case 'stream-exists':
      return actual !== 'no-stream';
    default:
      return actual === expected;
  }
}
