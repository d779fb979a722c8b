/**
 * How long the log followers (projector, supervisor feed, relay) let appends gather after a
 * nudge: under load one round then handles many commands' events in one transaction.
 */
export const NUDGE_DELAY_MS = 10;

export interface PollLoopOptions {
  /** Wait when a round found nothing to do. */
  idleMs: number;
  /** First wait after a failed round; doubles on each further failure up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /**
   * When nudged while idle, wait this long before the round, so that events committed close
   * together (concurrent commands) are handled in one round and one transaction instead of a
   * round each. Default 0: at once.
   */
  nudgeDelayMs?: number;
  onError?: (error: unknown, failures: number) => void;
}

/**
 * Runs `round` again and again: at once while it reports work done, after `idleMs` when idle
 * (or sooner when nudged), with exponential back-off after failures. One round at a time.
 */
export class PollLoop {
  private running: Promise<void> | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;
  private failures = 0;
  /** A nudge that came while a round ran: go round again instead of sleeping. */
  private nudged = false;
  private delayedWake: NodeJS.Timeout | undefined;

  constructor(
    private readonly round: () => Promise<number>,
    private readonly options: PollLoopOptions,
  ) {}

  get consecutiveFailures(): number {
    return this.failures;
  }

  start(): void {
    if (this.running) return;
    this.stopping = false;
    this.running = this.run();
  }

  /** Look now instead of at the end of the idle wait (e.g. after an append). */
  nudge(): void {
    this.nudged = true;
    const wake = this.wake;
    if (!wake) return;
    const delay = this.options.nudgeDelayMs ?? 0;
    if (delay === 0) wake();
    else
      this.delayedWake ??= setTimeout(() => {
        this.delayedWake = undefined;
        wake();
      }, delay);
  }

  /** Resolves after the round in flight has finished. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.delayedWake);
    this.delayedWake = undefined;
    this.wake?.();
    await this.running;
    this.running = undefined;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let done = 0;
      this.nudged = false;
      try {
        done = await this.round();
        this.failures = 0;
      } catch (error) {
        if (this.stopping) break;
        this.failures++;
        this.options.onError?.(error, this.failures);
      }
      if (this.stopping) break;
      if (this.failures > 0) await this.sleep(this.backoff());
      else if (done === 0 && !this.nudged) await this.sleep(this.options.idleMs);
    }
  }

  private backoff(): number {
    const first = this.options.backoffMs ?? this.options.idleMs;
    const max = this.options.maxBackoffMs ?? 30_000;
    return Math.min(max, first * 2 ** Math.min(this.failures - 1, 20));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    }).finally(() => (this.wake = undefined));
  }
}
