import { computeIndicators, INDICATOR_KEYS, type IndicatorKey } from './indicators';
import type { ProjectSnapshot } from '@luodi/projections';
import type { RegionContext } from './report-data.service';

/** 争名次: regions are ranked on contract investment unless the caller names another indicator. */
export const DEFAULT_RANK_BY: IndicatorKey = 'contractInvestment';

export interface RegionIndicatorFigure {
  actual: number;
  target: number | null;
  completion: number | null;
}

export interface RegionRank {
  rank: number;
  regionCode: string;
  regionName: string;
  completion: number | null;
  behindSchedule: boolean | null;
  doubleHalf: boolean;
  indicators: Record<IndicatorKey, RegionIndicatorFigure>;
}

/**
 * The regions directly below, ranked by completion of `rankBy`; a region without a target
 * comes last, ties by region code.
 */
export function rankRegions(
  children: RegionContext['children'],
  projects: readonly ProjectSnapshot[],
  targetsByRegion: ReadonlyMap<string, ReadonlyMap<string, number>>,
  year: number,
  asOf: string,
  rankBy: IndicatorKey,
): RegionRank[] {
  // Each project to its child region in one pass, not one filter of every project a child.
  const byChild = new Map(children.map((child) => [child, [] as ProjectSnapshot[]]));
  const childOf = new Map<string, ProjectSnapshot[]>();
  for (const [child, list] of byChild) for (const code of child.codes) childOf.set(code, list);
  for (const p of projects) childOf.get(p.regionCode)?.push(p);
  const rows = children.map((child) => {
    const figures = computeIndicators(
      byChild.get(child)!,
      targetsByRegion.get(child.code) ?? new Map<string, number>(),
      year,
      asOf,
    );
    const indicators = Object.fromEntries(
      INDICATOR_KEYS.map((k) => {
        const { actual, target, completion } = figures.values[k];
        return [k, { actual, target, completion }];
      }),
    ) as Record<IndicatorKey, RegionIndicatorFigure>;
    return {
      regionCode: child.code,
      regionName: child.name,
      completion: figures.values[rankBy].completion,
      behindSchedule: figures.values[rankBy].behindSchedule,
      doubleHalf: figures.doubleHalf.achieved,
      indicators,
    };
  });
  rows.sort(
    (a, b) =>
      (b.completion ?? -1) - (a.completion ?? -1) || a.regionCode.localeCompare(b.regionCode),
  );
  return rows.map((row, i) => ({ rank: i + 1, ...row }));
}
