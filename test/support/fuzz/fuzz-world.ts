import type { TestApp } from '../test-app';
import type { Hostile } from './hostile-values';
import {
  as,
  createClient,
  createProject,
  REGION,
  seedReference,
  STAGE_DATES,
  walkTo,
  type PipelineStage,
} from '../fixtures';

export type SlotStage = PipelineStage | 'DROPPED';
type ItemStatus = 'ISSUED' | 'ACKNOWLEDGED' | 'FEEDBACK_SUBMITTED';

/**
 * The things valid requests point at: projects in each stage, an open problem, 督办 items in
 * each step, a client to revoke, a signed link. Each endpoint has its own slot, so a fuzz case
 * that succeeds (and moves its project on) is followed by a fresh one in the stage it needs:
 * later cases still reach the deep rules instead of stopping at a state conflict.
 */
export class FuzzWorld {
  private readonly projects = new Map<string, string>();
  private readonly issues = new Map<string, { projectId: string; issueId: string }>();
  private readonly items = new Map<string, string>();
  private clientId = '';
  private linkToken = '';
  private counter = 0;
  /** The supervision thresholds in force, as `PUT /supervision/rules` takes them. */
  rules: { [field: string]: Hostile } = {};

  private constructor(private readonly t: TestApp) {}

  static async create(t: TestApp): Promise<FuzzWorld> {
    await seedReference(t);
    await as(t)
      .put(`/targets/2026/${REGION.CITY}`, { signedProjects: 10, contractInvestment: 100000 })
      .expect(200);
    const world = new FuzzWorld(t);
    await world.renewClient();
    await world.renewLink();
    const rules = await as(t).get('/supervision/rules').expect(200);
    world.rules = (rules.body as { settings: { [field: string]: Hostile } }).settings;
    return world;
  }

  /** A project of this slot in `stage` (created on first use). */
  async project(slot: string, stage: SlotStage): Promise<string> {
    const known = this.projects.get(slot);
    if (known) return known;
    const id = await createProject(this.t, { name: `模糊测试项目 ${++this.counter}` });
    if (stage === 'DROPPED') {
      await walkTo(this.t, id, 'SIGNED');
      await as(this.t)
        .post(`/projects/${id}/drop`, { occurredOn: '2026-06-01', reason: '投资方撤回' })
        .expect(200);
    } else {
      await walkTo(this.t, id, stage);
    }
    this.projects.set(slot, id);
    return id;
  }

  /** An open problem of this slot, on a signed project. */
  async issue(slot: string): Promise<{ projectId: string; issueId: string }> {
    const known = this.issues.get(slot);
    if (known) return known;
    // A fresh problem on the slot's project: one request, where a fresh project takes four.
    const projectId = await this.project(`issue:${slot}`, 'SIGNED');
    const raised = await as(this.t)
      .post(`/projects/${projectId}/issues`, {
        occurredOn: STAGE_DATES.SIGNED,
        category: 'LAND',
        description: '用地指标未落实',
        coordinationLevel: 'TOWN',
      })
      .expect(201);
    const issue = { projectId, issueId: raised.body.issueId as string };
    this.issues.set(slot, issue);
    return issue;
  }

  /** A meeting decision's 督办 item of this slot, taken to `status`. */
  async item(slot: string, status: ItemStatus): Promise<string> {
    const known = this.items.get(slot);
    if (known) return known;
    const admin = as(this.t);
    const recorded = await admin
      .post('/meetings/2026-06-23/decisions', {
        text: `协调解决项目用电增容 ${++this.counter}`,
        unit: '市发展改革委',
        dueOn: '2026-07-31',
        regionCode: REGION.CITY,
      })
      .expect(201);
    const id = recorded.body.id as string;
    if (status !== 'ISSUED') {
      await admin.post(`/supervision/items/${id}/acknowledgement`, { note: '已签收' }).expect(200);
    }
    if (status === 'FEEDBACK_SUBMITTED') {
      await admin.post(`/supervision/items/${id}/feedback`, { note: '已办结' }).expect(200);
    }
    this.items.set(slot, id);
    return id;
  }

  get client(): string {
    return this.clientId;
  }

  get link(): string {
    return this.linkToken;
  }

  /** Forgets what a successful case used up; the next request gets a fresh one. */
  forget(slot: string): void {
    this.projects.delete(slot);
    this.issues.delete(slot);
    this.items.delete(slot);
  }

  async renewClient(): Promise<void> {
    this.clientId = (
      await createClient(this.t, {
        name: `模糊测试调用方 ${++this.counter}`,
        scopes: ['projects:read'],
      })
    ).id;
  }

  private async renewLink(): Promise<void> {
    const res = await as(this.t)
      .post('/reports/links', {
        report: 'weekly-meeting',
        date: '2026-06-23',
        regionCode: REGION.CITY,
      })
      .expect(201);
    this.linkToken = (res.body.path as string).split('/').pop()!;
  }
}
