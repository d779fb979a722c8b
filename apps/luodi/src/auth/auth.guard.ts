import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiProblem } from '../common/problem/problem';
import { Authenticator } from './authenticator';
import { AuthenticatedRequest, PUBLIC_KEY, SCOPES_KEY } from './decorators';
import { hasScope, type Scope } from './scopes';

/** Every route needs a valid, unrevoked key and one of its declared scopes, unless @Public. */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const identity = await this.authenticator.identify(request);
    if ('failure' in identity) {
      throw new ApiProblem(
        'UNAUTHENTICATED',
        identity.failure === 'NO_KEY'
          ? 'Send an API key as "Authorization: Bearer <key>".'
          : 'The API key is unknown or has been revoked.',
      );
    }
    const { principal } = identity;
    request.principal = principal;

    const required = this.reflector.getAllAndOverride<Scope[] | undefined>(SCOPES_KEY, targets);
    if (required && !required.some((scope) => hasScope(principal, scope))) {
      throw new ApiProblem('FORBIDDEN', `This key lacks the scope ${required.join(' or ')}.`);
    }
    return true;
  }
}
