import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { Principal, Scope } from './scopes';

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

@Injectable()
export class ClientsRepository {
  constructor(private readonly db: DataSource) {}

  /** The active client holding a key with this hash; revoked clients are never found. */
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

  async create(input: {
    name: string;
    scopes: Scope[];
    regionCodes: string[];
    keyHash: string;
    bootstrap?: boolean;
  }): Promise<ClientView> {
    const rows: ClientRow[] = await this.db.query(
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
    return toView(rows[0]!);
  }

  async list(): Promise<ClientView[]> {
    const rows: ClientRow[] = await this.db.query(`SELECT * FROM clients ORDER BY created_at, id`);
    return rows.map(toView);
  }

  async get(id: string): Promise<ClientView | undefined> {
    const rows: ClientRow[] = await this.db.query(`SELECT * FROM clients WHERE id = $1`, [id]);
    return rows[0] && toView(rows[0]);
  }

  /** Revokes at once: the next request with the key is refused. Returns false when unknown. */
  async revoke(id: string, at: Date): Promise<boolean> {
    // Through a CTE: TypeORM answers a bare UPDATE with [rows, affected], never an empty list.
    const rows: unknown[] = await this.db.query(
      `WITH revoked AS (
         UPDATE clients SET revoked_at = COALESCE(revoked_at, $2) WHERE id = $1 RETURNING id
       ) SELECT id FROM revoked`,
      [id, at],
    );
    return rows.length > 0;
  }

  async count(): Promise<number> {
    const rows: Array<{ n: string }> = await this.db.query(
      `SELECT count(*)::text AS n FROM clients`,
    );
    return Number(rows[0]?.n ?? 0);
  }

  /** Makes the configured bootstrap key the one active bootstrap client. */
  async ensureBootstrap(keyHash: string, at: Date): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.query(
        `UPDATE clients SET revoked_at = $2 WHERE bootstrap AND key_hash <> $1 AND revoked_at IS NULL`,
        [keyHash, at],
      );
      await tx.query(
        `INSERT INTO clients (id, name, scopes, region_codes, key_hash, bootstrap)
         VALUES ($1, 'bootstrap-admin', '{admin}', '{}', $2, true)
         ON CONFLICT (key_hash) DO UPDATE SET revoked_at = NULL, scopes = '{admin}', region_codes = '{}'`,
        [randomUUID(), keyHash],
      );
    });
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
