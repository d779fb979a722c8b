export type Stage =
  | 'LEAD'
  | 'NEGOTIATING'
  | 'SIGNED'
  | 'REGISTERED'
  | 'UNDER_CONSTRUCTION'
  | 'IN_PRODUCTION'
  | 'DROPPED';

/** A live stage: somewhere on the pipeline. */
export type PipelineStage = Exclude<Stage, 'DROPPED'>;

/** The pipeline in order; a project moves forward one step at a time. */
export const PIPELINE: readonly PipelineStage[] = [
  'LEAD',
  'NEGOTIATING',
  'SIGNED',
  'REGISTERED',
  'UNDER_CONSTRUCTION',
  'IN_PRODUCTION',
];

export const STAGES: readonly Stage[] = [...PIPELINE, 'DROPPED'];

export const STAGE_LABELS: Readonly<Record<Stage, string>> = {
  LEAD: '线索',
  NEGOTIATING: '在谈',
  SIGNED: '签约',
  REGISTERED: '注册落户',
  UNDER_CONSTRUCTION: '开工',
  IN_PRODUCTION: '投产',
  DROPPED: '终止',
};

export function isStage(value: unknown): value is Stage {
  return typeof value === 'string' && (STAGES as readonly string[]).includes(value);
}

/** Position on the pipeline (LEAD = 0), or -1 for DROPPED. */
export function stageIndex(stage: Stage): number {
  return (PIPELINE as readonly Stage[]).indexOf(stage);
}

/** The stage after this one; undefined at the end of the pipeline and for DROPPED. */
export function nextStage(stage: Stage): PipelineStage | undefined {
  const index = stageIndex(stage);
  return index < 0 ? undefined : PIPELINE[index + 1];
}

/** Whether the project is at or past `stage` on the pipeline (DROPPED is never). */
export function hasReached(current: Stage, stage: PipelineStage): boolean {
  const index = stageIndex(current);
  return index >= 0 && index >= stageIndex(stage);
}
