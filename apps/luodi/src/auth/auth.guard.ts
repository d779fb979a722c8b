import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiProblem } from '../common/problem/problem';
import { bearerKey, hashApiKey, sameHash } from './api-key';
import { ClientsRepository } from './clients.repository';
import { AuthenticatedRequest, PUBLIC_KEY, SCOPES_KEY } from './decorators';
import { hasScope, type Scope } from './scopes';

/** Every route needs a valid, unrevoked key and one of its declared scopes, unless @Public. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly clients: ClientsRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const key = bearerKey(request.header('authorization'));
    if (key === undefined) {
      throw new ApiProblem('UNAUTHENTICATED', 'Send an API key as "Authorization: Bearer <key>".');
    }
    const keyHash = hashApiKey(key);
    const found = await this.clients.findActiveByKeyHash(keyHash);
    if (!found || !sameHash(found.keyHash, keyHash)) {
      throw new ApiProblem('UNAUTHENTICATED', 'The API key is unknown or has been revoked.');
    }
    const { keyHash: _ignored, ...principal } = found;
    request.principal = principal;

    const required = this.reflector.getAllAndOverride<Scope[] | undefined>(SCOPES_KEY, targets);
    if (required && !required.some((scope) => hasScope(principal, scope))) {
      throw new ApiProblem('FORBIDDEN', `This key lacks the scope ${required.join(' or ')}.`);
    }
    return true;
  }
}
