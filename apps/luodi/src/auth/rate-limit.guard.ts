import { ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  normalizeIp,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { Request } from 'express';
import type { AppConfig } from '../config/app-config';
import { ApiProblem } from '../common/problem/problem';
import { Authenticator } from './authenticator';
import { PUBLIC_KEY } from './decorators';

/**
 * Two sliding windows per caller: at most `burst` requests in any second, and `perSecond` on
 * average over ten seconds. Refused requests do not count.
 */
export function rateLimitThrottlers(limit: AppConfig['rateLimit']): ThrottlerOptions[] {
  return [
    { name: 'burst', ttl: 1_000, limit: limit.burst, blockDuration: 0 },
    { name: 'sustained', ttl: 10_000, limit: limit.perSecond * 10, blockDuration: 0 },
  ];
}

/**
 * Limits requests per calling system: an authenticated request counts against its client, a
 * request without a valid key (and any public route: /health, signed report links) against
 * its IP address. Runs before the auth guard, so a flood of bad keys is limited too.
 * A refusal is 429 RATE_LIMITED with Retry-After.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {
    super(options, storage, reflector);
  }

  protected override async getTracker(
    req: Record<string, unknown>,
    context?: ExecutionContext,
  ): Promise<string> {
    const request = req as unknown as Request;
    const targets = context ? [context.getHandler(), context.getClass()] : [];
    if (!this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) {
      const identity = await this.authenticator.identify(request);
      if ('principal' in identity) return `client:${identity.principal.clientId}`;
    }
    return `ip:${normalizeIp(request.ip ?? request.socket.remoteAddress ?? 'unknown', this.ipv6SubnetPrefix)}`;
  }

  /** One budget per caller across every route (the default is one per route). */
  protected override generateKey(_context: ExecutionContext, tracker: string, name: string) {
    return `${name}:${tracker}`;
  }

  protected override throwThrottlingException(
    _context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const retryAfterSeconds = Math.max(1, detail.timeToBlockExpire);
    throw new ApiProblem(
      'RATE_LIMITED',
      `Too many requests: at most ${detail.limit} in ${detail.ttl / 1000} s. Retry after ${retryAfterSeconds} s.`,
      { retryAfterSeconds },
    );
  }
}
