import type { RegionContext } from './report-data.service';

/** The two clocks of every report: the business date, and what had been recorded by then. */
export interface TimeTravel {
  asOf: string;
  /** null: everything recorded so far. */
  knownAt: Date | null;
}

/** The fields every report opens with: which region, as of when, as known when. */
export const reportHeader = (ctx: RegionContext, at: TimeTravel) => ({
  regionCode: ctx.code,
  regionName: ctx.name,
  asOf: at.asOf,
  knownAt: at.knownAt?.toISOString() ?? null,
});
