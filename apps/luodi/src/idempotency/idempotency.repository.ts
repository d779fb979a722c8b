import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import type { IdempotencyContext, StoredResponse } from './idempotency';

export interface IdempotencyRecord extends StoredResponse {
  requestHash: string;
}

@Injectable()
export class IdempotencyRepository {
  constructor(private readonly db: DataSource) {}

  async find(clientId: string, key: string): Promise<IdempotencyRecord | undefined> {
    const rows: Array<{
      request_hash: string;
      status: number;
      body: unknown;
      headers: Record<string, string>;
    }> = await this.db.query(
      `SELECT request_hash, status, body, headers FROM idempotency_keys WHERE client_id = $1 AND key = $2`,
      [clientId, key],
    );
    const row = rows[0];
    return (
      row && {
        requestHash: row.request_hash,
        status: row.status,
        body: row.body,
        headers: row.headers,
      }
    );
  }

  /** Records the response inside the caller's transaction; a racing duplicate fails the insert. */
  async saveIn(
    manager: EntityManager,
    context: IdempotencyContext,
    response: StoredResponse,
  ): Promise<void> {
    await manager.query(
      `INSERT INTO idempotency_keys (client_id, key, request_hash, status, body, headers) VALUES ($1, $2, $3, $4, $5, $6)`,
      [
        context.clientId,
        context.key,
        context.requestHash,
        response.status,
        JSON.stringify(response.body ?? null),
        JSON.stringify(response.headers),
      ],
    );
  }

  /** For routes that write no events: record after the fact, first writer wins. */
  async saveIfAbsent(context: IdempotencyContext, response: StoredResponse): Promise<void> {
    await this.db.query(
      `INSERT INTO idempotency_keys (client_id, key, request_hash, status, body, headers) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (client_id, key) DO NOTHING`,
      [
        context.clientId,
        context.key,
        context.requestHash,
        response.status,
        JSON.stringify(response.body ?? null),
        JSON.stringify(response.headers),
      ],
    );
  }
}

export function isIdempotencyRace(error: unknown): boolean {
  const driver =
    (error as { driverError?: { code?: string; constraint?: string; detail?: string } })
      .driverError ?? (error as { code?: string; constraint?: string });
  return (
    driver?.code === '23505' &&
    (driver.constraint === 'idempotency_keys_pkey' ||
      /idempotency_keys/.test(String((error as Error).message)))
  );
}
