import type { BusinessDate } from './business-date';
import type { CommitmentKey } from './vocabulary';

export type DecideContext = {
  /** Today's business date (Asia/Shanghai), supplied by the caller: the domain reads no clock. */
  today: BusinessDate;
  /** Overrides the default deadlines after signing (days); each deployment may set its own. */
  defaultCommitmentDays?: Partial<Record<CommitmentKey, number>>;
};
