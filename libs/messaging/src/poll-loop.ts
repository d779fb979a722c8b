export interface PollLoopOptions {
  /** Wait when a round found nothing to do. */
  idleMs: number;
  /** First wait after a failed round; doubles on each further failure up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
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
    this.wake?.();
  }

  /** Resolves after the round in flight has finished. */
  async stop(): Promise<void> {
    this.stopping = true;
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
