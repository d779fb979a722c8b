import { Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { bearerKey, hashApiKey, sameHash } from './api-key';
import { ClientsRepository } from './clients.repository';
import type { Principal } from './scopes';

/** Who sent a request: a client, or why not. */
export type Identity = { principal: Principal } | { failure: 'NO_KEY' | 'UNKNOWN_KEY' };

const IDENTITY = Symbol('luodi.identity');
type WithIdentity = Request & { [IDENTITY]?: Promise<Identity> };

/**
 * Resolves the bearer key of a request to its client, once per request: the rate limiter (which
 * counts per client) and the auth guard (which refuses) ask the same question.
 */
@Injectable()
export class Authenticator {
  constructor(private readonly clients: ClientsRepository) {}

  identify(request: Request): Promise<Identity> {
    const memo = request as WithIdentity;
    memo[IDENTITY] ??= this.lookUp(request);
    return memo[IDENTITY];
  }

  private async lookUp(request: Request): Promise<Identity> {
    const key = bearerKey(request.header('authorization'));
    if (key === undefined) return { failure: 'NO_KEY' };
    const keyHash = hashApiKey(key);
    const found = await this.clients.findActiveByKeyHash(keyHash);
    // The lookup found the row by this hash; comparing again in constant time costs nothing
    // and does not depend on how the database compared.
    if (!found || !sameHash(found.keyHash, keyHash)) return { failure: 'UNKNOWN_KEY' };
    const { keyHash: _hash, ...principal } = found;
    return { principal };
  }
}
