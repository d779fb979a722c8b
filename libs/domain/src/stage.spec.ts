import { hasReached, nextStage, PIPELINE, STAGE_LABELS, stageIndex } from './stage';

describe('stages', () => {
  it('orders the pipeline without DROPPED', () => {
    expect(PIPELINE).toEqual([
      'LEAD',
      'NEGOTIATING',
      'SIGNED',
      'REGISTERED',
      'UNDER_CONSTRUCTION',
      'IN_PRODUCTION',
    ]);
  });

  it('steps forward one stage at a time', () => {
    expect(nextStage('LEAD')).toBe('NEGOTIATING');
    expect(nextStage('SIGNED')).toBe('REGISTERED');
    expect(nextStage('UNDER_CONSTRUCTION')).toBe('IN_PRODUCTION');
    expect(nextStage('IN_PRODUCTION')).toBeUndefined();
    expect(nextStage('DROPPED')).toBeUndefined();
  });

  it('labels stages in Chinese', () => {
    expect(Object.values(STAGE_LABELS)).toEqual([
      '线索',
      '在谈',
      '签约',
      '注册落户',
      '开工',
      '投产',
      '终止',
    ]);
  });

  it('knows how far a project got', () => {
    expect(stageIndex('DROPPED')).toBe(-1);
    expect(hasReached('REGISTERED', 'SIGNED')).toBe(true);
    expect(hasReached('NEGOTIATING', 'SIGNED')).toBe(false);
    expect(hasReached('DROPPED', 'LEAD')).toBe(false);
  });
});
