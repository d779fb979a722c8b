import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import {
  EventStore,
  WrongExpectedVersionError,
  type EventMetadata,
  type ExpectedVersion,
  type NewEvent,
  type StoredEvent,
  type VerifyResult,
} from '@luodi/event-store';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal, Scope } from './scopes';

/**
 * Keys are issued and revoked as events in the log (stream `client-<id>`), each written in the
 * same transaction as the `clients` row the guard reads. The events never hold the key nor its
 * hash; the row holds the hash only.
 */
export const CLIENT_STREAM_PREFIX = 'client-';
export const clientStreamId = (clientId: string): string => `${CLIENT_STREAM_PREFIX}${clientId}`;

export const CLIENT_EVENT_TYPES = [
  'ClientRegistered',
  'ClientRevoked',
  'ClientReinstated',
] as const;

interface ClientRow {
  id: string;
  name: string;
  scopes: Scope[];
  region_codes: string[];
  key_hash: string;
  bootstrap: boolean;
  created_at: Date;
  revoked_at: Date | null;
}

export interface ClientView {
  id: string;
  name: string;
  scopes: Scope[];
  regionCodes: string[];
  createdAt: string;
  revokedAt: string | null;
}

/** Who issued or revoked a key: a client, or luodi itself (the first admin, the bootstrap key). */
export interface ClientActor {
  clientId: string;
  name: string;
  correlationId?: string | undefined;
}

const SYSTEM: EventMetadata = { actorName: 'system' };

function metadataOf(by: ClientActor | undefined): EventMetadata {
  if (!by) return SYSTEM;
  return {
    actor: by.clientId,
    actorName: by.name,
    ...(by.correlationId ? { correlationId: by.correlationId } : {}),
  };
}

function registered(row: ClientRow, reason: string | null): NewEvent {
  return {
    type: 'ClientRegistered',
    schemaVersion: 1,
    data: {
      clientId: row.id,
      name: row.name,
      scopes: row.scopes,
      regionCodes: row.region_codes,
      bootstrap: row.bootstrap,
      registeredAt: new Date(row.created_at).toISOString(),
      reason,
    },
  };
}

function revoked(row: ClientRow, reason: string | null): NewEvent {
  return {
    type: 'ClientRevoked',
    schemaVersion: 1,
    data: {
      clientId: row.id,
      revokedAt: new Date(row.revoked_at ?? Date.now()).toISOString(),
      reason,
    },
  };
}

@Injectable()
export class ClientsRepository {
  /** Client streams as stored: the app's store upcasts project events and knows no other. */
  private readonly store: EventStore;

  constructor(private readonly db: DataSource) {
    this.store = new EventStore(db);
  }

  /**
   * The active client holding a key with this hash; revoked clients are never found.
   *
   * The index lookup compares hashes in variable time. That is harmless: the caller controls
   * the key, not its SHA-256, so timing can at best reveal a stored hash, and a hash does not
   * authenticate (only a key whose hash matches does, and 256-bit random keys cannot be found
   * from their hash). The guard still compares the found hash in constant time.
   */
  async findActiveByKeyHash(
    keyHash: string,
  ): Promise<(Principal & { keyHash: string }) | undefined> {
    const rows: ClientRow[] = await this.db.query(
      `SELECT * FROM clients WHERE key_hash = $1 AND revoked_at IS NULL`,
      [keyHash],
    );
    const row = rows[0];
    return (
      row && {
        clientId: row.id,
        name: row.name,
        scopes: row.scopes,
        regionCodes: row.region_codes,
        keyHash: row.key_hash,
      }
    );
  }

  /** The active client with this id (a signed report link names its client, not its key). */
  async findActiveById(id: string): Promise<Principal | undefined> {
    const rows: ClientRow[] = await this.db.query(
      `SELECT * FROM clients WHERE id = $1 AND revoked_at IS NULL`,
      [id],
    );
    const row = rows[0];
    return (
      row && { clientId: row.id, name: row.name, scopes: row.scopes, regionCodes: row.region_codes }
    );
  }

  /** Registers a client and records `ClientRegistered`, in one transaction. */
  async create(input: {
    name: string;
    scopes: Scope[];
    regionCodes: string[];
    keyHash: string;
    bootstrap?: boolean;
    by?: ClientActor;
    reason?: string;
  }): Promise<ClientView> {
    return this.db.transaction(async (manager) => {
      const rows: ClientRow[] = await manager.query(
        `INSERT INTO clients (id, name, scopes, region_codes, key_hash, bootstrap)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
        [
          randomUUID(),
          input.name,
          input.scopes,
          input.regionCodes,
          input.keyHash,
          input.bootstrap ?? false,
        ],
      );
      const row = rows[0]!;
      await this.record(
        manager,
        row.id,
        'no-stream',
        [registered(row, input.reason ?? null)],
        input.by,
      );
      return toView(row);
    });
  }

  async list(): Promise<ClientView[]> {
    const rows: ClientRow[] = await this.db.query(`SELECT * FROM clients ORDER BY created_at, id`);
    return rows.map(toView);
  }

  async get(id: string): Promise<ClientView | undefined> {
    const rows: ClientRow[] = await this.db.query(`SELECT * FROM clients WHERE id = $1`, [id]);
    return rows[0] && toView(rows[0]);
  }

  /**
   * Revokes at once: the next request with the key is refused. Records `ClientRevoked` the first
   * time only (revoking twice changes nothing). Returns false when the client is unknown.
   */
  async revoke(id: string, at: Date, by?: ClientActor): Promise<boolean> {
    return this.db.transaction(async (manager) => {
      // Through a CTE: TypeORM answers a bare UPDATE with [rows, affected], never an empty list.
      const changed: ClientRow[] = await manager.query(
        `WITH revoked AS (
           UPDATE clients SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL RETURNING *
         ) SELECT * FROM revoked`,
        [id, at],
      );
      const row = changed[0];
      if (row) {
        await this.record(manager, id, 'any', [revoked(row, null)], by);
        return true;
      }
      const known: unknown[] = await manager.query(`SELECT 1 FROM clients WHERE id = $1`, [id]);
      return known.length > 0;
    });
  }

  async count(): Promise<number> {
    const rows: Array<{ n: string }> = await this.db.query(
      `SELECT count(*)::text AS n FROM clients`,
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** A client's history from the log, oldest first; undefined when the client is unknown. */
  async history(
    id: string,
    verify: boolean,
  ): Promise<{ events: StoredEvent[]; verification?: VerifyResult } | undefined> {
    if (!(await this.get(id))) return undefined;
    const stream = clientStreamId(id);
    const events = await this.store.readStream(stream);
    return verify ? { events, verification: await this.store.verifyStream(stream) } : { events };
  }

  /**
   * Makes the configured bootstrap key the one active bootstrap client, recording each change:
   * an earlier bootstrap key revoked, this one registered, or brought back (reinstated).
   * Safe when several API processes start at once.
   */
  async ensureBootstrap(keyHash: string, at: Date): Promise<void> {
    await this.db.transaction(async (manager) => {
      const replaced: ClientRow[] = await manager.query(
        `WITH replaced AS (
           UPDATE clients SET revoked_at = $2
           WHERE bootstrap AND key_hash <> $1 AND revoked_at IS NULL RETURNING *
         ) SELECT * FROM replaced`,
        [keyHash, at],
      );
      for (const row of replaced) {
        await this.record(manager, row.id, 'any', [
          revoked(row, 'BOOTSTRAP_ADMIN_KEY was changed'),
        ]);
      }
      const inserted: ClientRow[] = await manager.query(
        `INSERT INTO clients (id, name, scopes, region_codes, key_hash, bootstrap)
         VALUES ($1, 'bootstrap-admin', '{admin}', '{}', $2, true)
         ON CONFLICT (key_hash) DO NOTHING RETURNING *`,
        [randomUUID(), keyHash],
      );
      if (inserted[0]) {
        await this.record(manager, inserted[0].id, 'no-stream', [
          registered(inserted[0], 'BOOTSTRAP_ADMIN_KEY'),
        ]);
        return;
      }
      const rows: ClientRow[] = await manager.query(
        `SELECT * FROM clients WHERE key_hash = $1 FOR UPDATE`,
        [keyHash],
      );
      const row = rows[0]!;
      const isAdmin = row.scopes.length === 1 && row.scopes[0] === 'admin';
      if (row.revoked_at === null && isAdmin && row.region_codes.length === 0) return;
      await manager.query(
        `UPDATE clients SET revoked_at = NULL, scopes = '{admin}', region_codes = '{}' WHERE id = $1`,
        [row.id],
      );
      await this.record(manager, row.id, 'any', [
        {
          type: 'ClientReinstated',
          schemaVersion: 1,
          data: {
            clientId: row.id,
            scopes: ['admin'],
            regionCodes: [],
            reason: 'BOOTSTRAP_ADMIN_KEY',
          },
        },
      ]);
    });
  }

  /**
   * Clients written before keys were recorded in the log get their history now: registered
   * (with the original time in the data) and, if so, revoked. Idempotent; run at start-up.
   */
  async recordUnrecorded(): Promise<number> {
    const rows: ClientRow[] = await this.db.query(
      `SELECT * FROM clients c
       WHERE NOT EXISTS (SELECT 1 FROM streams s WHERE s.stream_id = $1 || c.id::text)
       ORDER BY c.created_at, c.id`,
      [CLIENT_STREAM_PREFIX],
    );
    let recorded = 0;
    for (const row of rows) {
      const events = [registered(row, 'recorded late: registered before keys were logged')];
      if (row.revoked_at !== null) events.push(revoked(row, null));
      try {
        await this.db.transaction((manager) => this.record(manager, row.id, 'no-stream', events));
        recorded += 1;
      } catch (error) {
        // Another process recorded it first.
        if (!(error instanceof WrongExpectedVersionError)) throw error;
      }
    }
    return recorded;
  }

  private async record(
    manager: EntityManager,
    clientId: string,
    expected: ExpectedVersion,
    events: NewEvent[],
    by?: ClientActor,
  ): Promise<void> {
    const metadata = metadataOf(by);
    await this.store.appendIn(
      manager,
      clientStreamId(clientId),
      expected,
      events.map((event) => ({ ...event, metadata })),
    );
  }
}

function toView(row: ClientRow): ClientView {
  return {
    id: row.id,
    name: row.name,
    scopes: row.scopes,
    regionCodes: row.region_codes,
    createdAt: new Date(row.created_at).toISOString(),
    revokedAt: row.revoked_at ? new Date(row.revoked_at).toISOString() : null,
  };
}
