import { Injectable } from '@nestjs/common';
import type { Principal } from '../auth/scopes';
import { ApiProblem } from '../common/problem/problem';
import { RegionsRepository } from './regions.repository';

/** Which regions a client may see: `all`, or an explicit set (its regions and those below). */
export type RegionScope = { all: true } | { all: false; codes: ReadonlySet<string> };

@Injectable()
export class RegionScopeService {
  constructor(private readonly regions: RegionsRepository) {}

  async scopeOf(principal: Principal): Promise<RegionScope> {
    if (principal.regionCodes.length === 0) return { all: true };
    return {
      all: false,
      codes: new Set(await this.regions.withDescendants(principal.regionCodes)),
    };
  }

  /** Refuses with 403 when the principal may not act on a project of this region. */
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
}
