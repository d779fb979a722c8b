import { addDays, maxDate, minDate, type BusinessDate } from './business-date';
import type { Commitments } from './events';
import { requireNotBefore } from './guards';
import { COMMITMENT_KEYS, type CommitmentKey } from './vocabulary';

/** Default deadlines after signing when the contract states none (registered, ground, production). */
export const DEFAULT_COMMITMENT_DAYS: Readonly<Record<CommitmentKey, number>> = {
  registerBy: 90,
  breakGroundBy: 180,
  produceBy: 730,
};

/**
 * Deadlines follow the pipeline (register, then break ground, then produce), so wherever two
 * are present the later step's deadline may not be before the earlier one's.
 */
export function requireOrderedCommitments(
  commitments: Partial<Commitments>,
  fieldPrefix: string,
): void {
  COMMITMENT_KEYS.forEach((later, i) => {
    for (const earlier of COMMITMENT_KEYS.slice(0, i)) {
      const laterDate = commitments[later];
      const earlierDate = commitments[earlier];
      if (laterDate !== undefined && earlierDate !== undefined) {
        requireNotBefore(laterDate, earlierDate, `${fieldPrefix}${later}`, earlier);
      }
    }
  });
}

/**
 * Fills the deadlines the contract left out. A default never lands after a later deadline the
 * contract did give, nor before an earlier one, so the result is always ordered.
 */
export function resolveCommitments(
  signedOn: BusinessDate,
  given: Partial<Commitments>,
  days: Partial<Record<CommitmentKey, number>> = {},
): { commitments: Commitments; defaulted: CommitmentKey[] } {
  const fallback = (key: CommitmentKey) =>
    addDays(signedOn, days[key] ?? DEFAULT_COMMITMENT_DAYS[key]);
  const capAt = (date: BusinessDate, cap: BusinessDate | undefined) =>
    cap ? minDate(date, cap) : date;

  const registerBy =
    given.registerBy ?? capAt(fallback('registerBy'), given.breakGroundBy ?? given.produceBy);
  const breakGroundBy =
    given.breakGroundBy ?? capAt(maxDate(fallback('breakGroundBy'), registerBy), given.produceBy);
  const produceBy = given.produceBy ?? maxDate(fallback('produceBy'), breakGroundBy);

  return {
    commitments: { registerBy, breakGroundBy, produceBy },
    defaulted: COMMITMENT_KEYS.filter((key) => given[key] === undefined),
  };
}
