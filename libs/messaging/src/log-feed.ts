import type { DataSource, EntityManager } from 'typeorm';
import type { EventHandler } from './event-handler';
import {
  checkpointOfRow,
  countAfter,
  countUnreadUpTo,
  lastCommittedPosition,
  readLog,
  type Checkpoint,
} from './log-reader';
import { NUDGE_DELAY_MS, PollLoop } from './poll-loop';

export interface LogFeedOptions {
  batchSize?: number;
  pollMs?: number;
  onError?: (error: unknown) => void;
}

export interface LogFeedStatus {
  name: string;
  checkpoint: Checkpoint | null;
  handled: number;
  lag: number;
}

interface FeedRow {
  tx_id: string | null;
  position: string | null;
  handled: string;
}

/**
 * Feeds handlers straight from the log in commit-safe order (single-process mode, no Kafka).
 * Each batch is handled and the handler's checkpoint moved in ONE transaction, after locking
 * the checkpoint row, so a batch is handled exactly once even with two feeds running.
 */
export class LogFeed {
  private readonly batchSize: number;
  private readonly loop: PollLoop;

  constructor(
    private readonly dataSource: DataSource,
    readonly handlers: readonly EventHandler[],
    options: LogFeedOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 500;
    this.loop = new PollLoop(() => this.runOnce(), {
      idleMs: options.pollMs ?? 250,
      nudgeDelayMs: NUDGE_DELAY_MS,
      onError: (error) => options.onError?.(error),
    });
  }

  start(): void {
    this.loop.start();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  nudge(): void {
    this.loop.nudge();
  }

  /** One batch for every handler; returns how many events were handled. */
  async runOnce(): Promise<number> {
    let done = 0;
    for (const handler of this.handlers) done += await this.step(handler);
    return done;
  }

  /**
   * Drives the feed until every event committed before the call is handled, also those a long
   * transaction still hides behind the commit-safe horizon.
   */
  async catchUp(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const target = await lastCommittedPosition(this.dataSource.manager);
    if (target === null) return;
    for (;;) {
      if ((await this.runOnce()) > 0) continue;
      let unread = 0;
      for (const handler of this.handlers) {
        const row = await this.row(this.dataSource.manager, handler.name);
        unread += await countUnreadUpTo(
          this.dataSource.manager,
          row ? checkpointOfRow(row) : null,
          target,
        );
      }
      if (unread === 0) return;
      if (Date.now() > deadline) throw new Error(`Feed still ${unread} event(s) behind`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  async status(): Promise<LogFeedStatus[]> {
    const result: LogFeedStatus[] = [];
    for (const handler of this.handlers) {
      const row = await this.row(this.dataSource.manager, handler.name);
      const checkpoint = row ? checkpointOfRow(row) : null;
      result.push({
        name: handler.name,
        checkpoint,
        handled: Number(row?.handled ?? 0),
        lag: await countAfter(this.dataSource.manager, checkpoint),
      });
    }
    return result;
  }

  private async step(handler: EventHandler): Promise<number> {
    // Never call the DataSource inside the transaction: on PGlite it would wait on itself.
    return this.dataSource.transaction(async (m) => {
      await m.query(`INSERT INTO log_feeds (name) VALUES ($1) ON CONFLICT (name) DO NOTHING`, [
        handler.name,
      ]);
      const row = await this.row(m, handler.name, true);
      const events = await readLog(m, row ? checkpointOfRow(row) : null, this.batchSize);
      const last = events[events.length - 1];
      if (!last) return 0;
      await handler.handle(m, events);
      await m.query(
        `UPDATE log_feeds SET tx_id = $2::xid8, position = $3::bigint, handled = handled + $4, updated_at = now()
         WHERE name = $1`,
        [handler.name, last.txId, last.position, events.length],
      );
      return events.length;
    });
  }

  private async row(m: EntityManager, name: string, lock = false): Promise<FeedRow | undefined> {
    const rows: FeedRow[] = await m.query(
      `SELECT tx_id::text AS tx_id, position::text AS position, handled::text AS handled
       FROM log_feeds WHERE name = $1${lock ? ' FOR UPDATE' : ''}`,
      [name],
    );
    return rows[0];
  }
}
