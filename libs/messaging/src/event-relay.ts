import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { checkpointOfRow, countAfter, readLog, type Checkpoint, type LogEvent } from './log-reader';
import { NUDGE_DELAY_MS, PollLoop } from './poll-loop';

/** A Kafka message in the shape kafkajs sends. */
export interface OutgoingMessage {
  key: string;
  value: Buffer;
  headers: Record<string, string>;
}

/** Sends a batch and resolves only once the broker acknowledged all of it. */
export interface MessagePublisher {
  publish(messages: OutgoingMessage[]): Promise<void>;
}

export interface EventRelayOptions {
  /** Names the checkpoint and the lease; one relay per name publishes at a time. */
  name?: string;
  /** This instance, for the lease (default: a random id). */
  holder?: string;
  batchSize?: number;
  pollMs?: number;
  /** A leader that stops renewing loses the lease after this long. */
  leaseMs?: number;
  /** Retry waits after a failed publish: backoffMs doubling up to maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Which events to publish (default: all). */
  filter?: (event: LogEvent) => boolean;
  logger?: { log(message: string): void; warn(message: string): void };
}

export interface RelayStatus {
  name: string;
  /** True while this instance holds the lease and publishes. */
  leader: boolean;
  holder: string | null;
  checkpoint: Checkpoint | null;
  published: number;
  /** Events in the log not yet published (commit-safe count). */
  lag: number;
  lastPublishedAt: string | null;
  lastError: string | null;
  consecutiveFailures: number;
}

interface RelayRow {
  holder: string | null;
  tx_id: string | null;
  position: string | null;
  published: string;
  last_published_at: string | null;
  last_error: string | null;
}

/**
 * Publishes the event log to Kafka (the log is the outbox). Follows the log in commit-safe
 * order from a stored checkpoint, publishes a batch, and moves the checkpoint only after the
 * broker acknowledged it: at least once, in per-project order, never skipping. A lease row
 * lets one instance publish while others wait as hot standbys and take over when it lapses.
 */
export class EventRelay {
  readonly name: string;
  readonly holder: string;
  private readonly batchSize: number;
  private readonly leaseMs: number;
  private readonly loop: PollLoop;
  private leader = false;

  constructor(
    private readonly dataSource: DataSource,
    private readonly publisher: MessagePublisher,
    private readonly toMessage: (event: LogEvent) => OutgoingMessage,
    private readonly options: EventRelayOptions = {},
  ) {
    this.name = options.name ?? 'lifecycle';
    this.holder = options.holder ?? randomUUID();
    this.batchSize = options.batchSize ?? 200;
    this.leaseMs = options.leaseMs ?? 10_000;
    const pollMs = options.pollMs ?? 250;
    this.loop = new PollLoop(() => this.runOnce(), {
      idleMs: pollMs,
      nudgeDelayMs: NUDGE_DELAY_MS,
      backoffMs: options.backoffMs ?? 500,
      maxBackoffMs: options.maxBackoffMs ?? 30_000,
      onError: (error, failures) => void this.recordFailure(error, failures),
    });
  }

  start(): void {
    this.loop.start();
  }

  nudge(): void {
    this.loop.nudge();
  }

  /** Stops after the batch in flight and hands the lease back, so a standby takes over at once. */
  async stop(): Promise<void> {
    await this.loop.stop();
    if (this.leader) {
      await this.dataSource.query(
        `UPDATE relays SET holder = NULL, lease_expires_at = NULL, updated_at = now() WHERE name = $1 AND holder = $2`,
        [this.name, this.holder],
      );
      this.leader = false;
    }
  }

  /**
   * One round: take or renew the lease, publish one batch, move the checkpoint. Returns the
   * number of events published (0 when idle or standing by); throws when the publish failed.
   */
  async runOnce(): Promise<number> {
    const row = await this.acquireLease();
    if (!row) {
      if (this.leader) this.options.logger?.log(`Relay ${this.name}: lease lost, standing by`);
      this.leader = false;
      return 0;
    }
    if (!this.leader) this.options.logger?.log(`Relay ${this.name}: publishing as ${this.holder}`);
    this.leader = true;
    const from = checkpointOfRow(row);
    const all = await readLog(this.dataSource.manager, from, this.batchSize);
    const last = all[all.length - 1];
    if (!last) return 0;
    const events = all.filter((e) => this.options.filter?.(e) ?? true);
    if (events.length > 0) await this.publisher.publish(events.map((e) => this.toMessage(e)));
    const moved: [unknown[], number] = await this.dataSource.query(
      `UPDATE relays SET tx_id = $3::xid8, position = $4::bigint, published = published + $5,
         last_published_at = now(), last_error = NULL, updated_at = now()
       WHERE name = $1 AND holder = $2 AND tx_id IS NOT DISTINCT FROM $6::xid8 AND position IS NOT DISTINCT FROM $7::bigint`,
      [
        this.name,
        this.holder,
        last.txId,
        last.position,
        events.length,
        from?.txId ?? null,
        from?.position ?? null,
      ],
    );
    // Another instance took over meanwhile: it republishes from its checkpoint (at least once).
    if (moved[1] !== 1) return 0;
    return all.length;
  }

  /** Publishes until everything committed before the call is on the broker (tests, shutdown). */
  async drain(): Promise<void> {
    while ((await this.runOnce()) > 0);
  }

  async status(): Promise<RelayStatus> {
    const rows: RelayRow[] = await this.dataSource.query(
      `SELECT holder, tx_id::text AS tx_id, position::text AS position, published::text AS published,
              to_char(last_published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS last_published_at,
              last_error
       FROM relays WHERE name = $1`,
      [this.name],
    );
    const row = rows[0];
    const checkpoint = row ? checkpointOfRow(row) : null;
    return {
      name: this.name,
      leader: this.leader,
      holder: row?.holder ?? null,
      checkpoint,
      published: Number(row?.published ?? 0),
      lag: await countAfter(this.dataSource.manager, checkpoint),
      lastPublishedAt: row?.last_published_at ?? null,
      lastError: row?.last_error ?? null,
      consecutiveFailures: this.loop.consecutiveFailures,
    };
  }

  /** Takes the lease when free or lapsed, renews it when held; null when another holds it. */
  private async acquireLease(): Promise<RelayRow | null> {
    const rows: RelayRow[] = await this.dataSource.query(
      `INSERT INTO relays (name, holder, lease_expires_at)
       VALUES ($1, $2, now() + $3 * interval '1 millisecond')
       ON CONFLICT (name) DO UPDATE
         SET holder = EXCLUDED.holder, lease_expires_at = EXCLUDED.lease_expires_at, updated_at = now()
         WHERE relays.holder IS NULL OR relays.holder = EXCLUDED.holder OR relays.lease_expires_at < now()
       RETURNING holder, tx_id::text AS tx_id, position::text AS position, published::text AS published,
                 NULL AS last_published_at, last_error`,
      [this.name, this.holder, this.leaseMs],
    );
    return rows[0] ?? null;
  }

  private async recordFailure(error: unknown, failures: number): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    if (failures === 1 || failures % 10 === 0) {
      this.options.logger?.warn(
        `Relay ${this.name}: publishing failed ${failures} time(s), retrying with back-off: ${message}`,
      );
    }
    await this.dataSource
      .query(`UPDATE relays SET last_error = $3 WHERE name = $1 AND holder = $2`, [
        this.name,
        this.holder,
        message.slice(0, 1000),
      ])
      .catch(() => undefined);
  }
}
