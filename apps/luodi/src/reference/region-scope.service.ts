import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/scopes';
import { ApiProblem } from '../common/problem/problem';
import { RegionsRepository } from './regions.repository';

/** Which regions a client may see: `all`, or an explicit set (its regions and those below). */
export type RegionScope = { all: true } | { all: false; codes: ReadonlySet<string> };

/**
 * The one answer for a project a key may not see. A project outside the key's regions answers
 * exactly like a project that does not exist (same status, code and detail, no ETag), so a
 * county system cannot learn that another county's project id exists. Region codes, by
 * contrast, are public administrative divisions: asking for a region outside the key's
 * regions is 403 FORBIDDEN (see assertAllowed).
 */
export const projectNotFound = (projectId: string): ApiProblem =>
  new ApiProblem('NOT_FOUND', `No project ${projectId}.`);

/** The same rule for 督办 items: one outside the key's regions does not exist for it. */
export const itemNotFound = (itemId: string): ApiProblem =>
  new ApiProblem('NOT_FOUND', `No supervision item ${itemId}.`);

@Injectable()
export class RegionScopeService {
  constructor(
    private readonly regions: RegionsRepository,
    private readonly db: DataSource,
  ) {}

  async scopeOf(principal: Principal): Promise<RegionScope> {
    if (principal.regionCodes.length === 0) return { all: true };
    return {
      all: false,
      codes: new Set(await this.regions.withDescendants(principal.regionCodes)),
    };
  }

  /** Refuses with 403 when the principal may not act in (or ask about) this region. */
  async assertAllowed(principal: Principal, regionCode: string): Promise<void> {
    if (!(await this.allows(principal, regionCode))) {
      throw new ApiProblem(
        'FORBIDDEN',
        `This key may not act on projects of region ${regionCode}.`,
      );
    }
  }

  async allows(principal: Principal, regionCode: string): Promise<boolean> {
    if (principal.regionCodes.length === 0) return true;
    if (principal.regionCodes.includes(regionCode)) return true;
    const ancestors = await this.regions.ancestorsOf(regionCode);
    return ancestors.some((code) => principal.regionCodes.includes(code));
  }

  /**
   * Refuses with 404 (projectNotFound) a project that does not exist or lies outside the key's
   * regions. Both cases run the same queries (the project's list row and the key's scope) before
   * answering, so the refusal takes no longer for one than for the other.
   */
  async assertProjectVisible(principal: Principal, projectId: string): Promise<void> {
    const [rows, scope] = await Promise.all([
      this.db.query<Array<{ region_code: string }>>(
        `SELECT region_code FROM project_list WHERE id = $1`,
        [projectId],
      ),
      this.scopeOf(principal),
    ]);
    const region = rows[0]?.region_code;
    if (region === undefined || !inScope(scope, region)) throw projectNotFound(projectId);
  }

  /** Whether an object of this region (a project's, an item's) exists for the principal. */
  async sees(principal: Principal, regionCode: string): Promise<boolean> {
    return inScope(await this.scopeOf(principal), regionCode);
  }
}

export function inScope(scope: RegionScope, regionCode: string): boolean {
  return scope.all || scope.codes.has(regionCode);
}
