import { addDays, hasReached, type Project } from '@luodi/domain';

export type Light = 'GREEN' | 'YELLOW' | 'RED';
export const LIGHTS: readonly Light[] = ['GREEN', 'YELLOW', 'RED'];

/** Days before a deadline at which a project turns yellow (红黄绿灯: 15 days by default). */
export const YELLOW_DAYS = 15;

const DEADLINES = [
  { key: 'registerBy', reached: 'REGISTERED' },
  { key: 'breakGroundBy', reached: 'UNDER_CONSTRUCTION' },
  { key: 'produceBy', reached: 'IN_PRODUCTION' },
] as const;

/**
 * The traffic light from the commitment deadlines: red once a deadline has passed without the
 * stage being reached, yellow within 15 days of one. Dropped projects have no light.
 * The SQL of the project list applies the same rule (see project-list.query.ts).
 */
export function commitmentLight(project: Project, today: string): Light {
  if (project.stage === 'DROPPED') return 'GREEN';
  let light: Light = 'GREEN';
  for (const { key, reached } of DEADLINES) {
    const due = project.commitments[key];
    if (due === undefined || hasReached(project.stage, reached)) continue;
    if (due < today) return 'RED';
    if (due <= addDays(today, YELLOW_DAYS)) light = 'YELLOW';
  }
  return light;
}
