import { Injectable } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ClientsRepository } from '../../auth/clients.repository';
import { hasScope, type Principal } from '../../auth/scopes';
import { Clock } from '../../common/clock';
import { ApiProblem } from '../../common/problem/problem';
import {
  signLink,
  verifyLink,
  type LinkFormat,
  type LinkGrant,
  type LinkReport,
} from './link-token';

export const DEFAULT_LINK_TTL_SECONDS = 15 * 60;

/**
 * Short-lived signed links to a report, for browsers that cannot send a bearer key. A link acts
 * with its client's rights at the moment it is opened: a revoked key's links stop at once.
 */
@Injectable()
export class ReportLinksService {
  private secret?: Promise<Buffer>;

  constructor(
    private readonly db: DataSource,
    private readonly clients: ClientsRepository,
    private readonly clock: Clock,
  ) {}

  async issue(
    principal: Principal,
    report: LinkReport,
    query: Record<string, string>,
    format: LinkFormat,
    ttlSeconds = DEFAULT_LINK_TTL_SECONDS,
  ): Promise<{ token: string; expiresAt: Date }> {
    const expiresAt = Math.floor(this.clock.now().getTime() / 1000) + ttlSeconds;
    const grant: LinkGrant = { clientId: principal.clientId, report, query, format, expiresAt };
    return { token: signLink(await this.key(), grant), expiresAt: new Date(expiresAt * 1000) };
  }

  /** Another format of the same report, for as long as the grant it comes from. */
  async sibling(grant: LinkGrant, format: LinkFormat): Promise<string> {
    return signLink(await this.key(), { ...grant, format });
  }

  /** The grant and the principal it acts for, or a 401 that says why. */
  async redeem(token: string): Promise<{ grant: LinkGrant; principal: Principal }> {
    const check = verifyLink(await this.key(), token, this.clock.now());
    if (!check.ok) {
      throw new ApiProblem(
        'UNAUTHENTICATED',
        check.reason === 'expired'
          ? `This report link expired at ${check.expiredAt.toISOString()}; create a new one with POST /reports/links.`
          : 'This report link is not valid.',
      );
    }
    const principal = await this.clients.findActiveById(check.grant.clientId);
    if (!principal) {
      throw new ApiProblem('UNAUTHENTICATED', 'The key that created this link has been revoked.');
    }
    if (!hasScope(principal, 'reports:read')) {
      throw new ApiProblem('FORBIDDEN', 'The key that created this link lacks reports:read.');
    }
    return { grant: check.grant, principal };
  }

  private key(): Promise<Buffer> {
    this.secret ??= this.loadSecret().catch((error: unknown) => {
      this.secret = undefined;
      throw error;
    });
    return this.secret;
  }

  /** The first process to need it writes the secret; every process then reads the same one. */
  private async loadSecret(): Promise<Buffer> {
    await this.db.query(
      `INSERT INTO link_signing_keys (id, secret) VALUES (1, $1) ON CONFLICT (id) DO NOTHING`,
      [randomBytes(32)],
    );
    const rows: Array<{ secret: Uint8Array }> = await this.db.query(
      `SELECT secret FROM link_signing_keys WHERE id = 1`,
    );
    return Buffer.from(rows[0]!.secret);
  }
}
