import { generateDataset, seededUuid, type GeneratedProject } from './generate';

const first = (n: number): GeneratedProject[] => {
  const projects: GeneratedProject[] = [];
  for (const p of generateDataset('1k').projects()) {
    projects.push(p);
    if (projects.length === n) break;
  }
  return projects;
};

describe('benchmark data set', () => {
  const sample = first(300);

  it('is the same on every run (seeded), ids included', () => {
    expect(first(20)).toEqual(sample.slice(0, 20));
  });

  it('decides every demo request and nearly every follow-up through the real domain', () => {
    const events = sample.reduce((n, p) => n + p.events.length, 0);
    const refused = sample.reduce((n, p) => n + p.refused, 0);
    expect(refused / events).toBeLessThan(0.02);
    expect(sample.every((p) => p.state.exists && p.events[0]!.type === 'LeadRegistered')).toBe(
      true,
    );
  });

  it('carries about 20 events a project, so 100k projects are about 2 million events', () => {
    const average = sample.reduce((n, p) => n + p.events.length, 0) / sample.length;
    expect(average).toBeGreaterThan(17);
    expect(average).toBeLessThan(23);
  });

  it('has a realistic stage mix: every stage, most projects not yet signed', () => {
    const stages = new Map<string, number>();
    for (const p of sample) {
      const stage = p.state.exists ? p.state.stage : 'NONE';
      stages.set(stage, (stages.get(stage) ?? 0) + 1);
    }
    for (const stage of [
      'LEAD',
      'NEGOTIATING',
      'SIGNED',
      'REGISTERED',
      'UNDER_CONSTRUCTION',
      'IN_PRODUCTION',
      'DROPPED',
    ])
      expect(stages.get(stage) ?? 0).toBeGreaterThan(0);
    expect(new Set(sample.map((p) => p.id)).size).toBe(sample.length);
  });

  it('gives distinct, well-formed ids (hashed: a 32-bit generator state collides at 100k projects)', () => {
    const ids = new Set<string>();
    for (let project = 0; project < 10_000; project++) {
      for (let version = 1; version <= 20; version++)
        ids.add(seededUuid(project, 'event', version));
    }
    expect(ids.size).toBe(200_000);
    expect(
      [...ids]
        .slice(0, 1000)
        .every((id) =>
          /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(id),
        ),
    ).toBe(true);
  });
});
