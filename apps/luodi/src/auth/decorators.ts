import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';
import type { Principal, Scope } from './scopes';

export const SCOPES_KEY = 'luodi:scopes';
export const PUBLIC_KEY = 'luodi:public';

/** The route needs one of these scopes (`admin` passes everywhere). */
export const RequireScope = (...scopes: Scope[]) => SetMetadata(SCOPES_KEY, scopes);

/** The route needs no key (health, docs, signed links). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export type AuthenticatedRequest = Request & { principal?: Principal };

export const CurrentPrincipal = createParamDecorator((_: unknown, ctx: ExecutionContext) => {
  const principal = ctx.switchToHttp().getRequest<AuthenticatedRequest>().principal;
  if (!principal) throw new Error('CurrentPrincipal used on a route without authentication');
  return principal;
});
