import type { EventStore } from '@luodi/event-store';
import type { LogVerificationDto } from './log-verification.dto';

/**
 * Recomputes every hash chain of the log. The store walks the log a page at a time, so memory
 * stays flat however long the log, and each statement stays short.
 */
export async function verifyLog(store: EventStore, now: () => Date): Promise<LogVerificationDto> {
  const startedAt = now();
  const result = await store.verifyAll();
  return {
    ok: result.ok,
    checked: result.checked,
    firstBroken: result.ok ? null : result.firstBroken,
    startedAt: startedAt.toISOString(),
    finishedAt: now().toISOString(),
  };
}
