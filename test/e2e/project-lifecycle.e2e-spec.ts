import { createTestApp, writeCounts, type TestApp } from '../support/test-app';
import {
  as,
  CHAIN,
  createClient,
  createProject,
  creditCode,
  eventTypes,
  expectRefused,
  leadBody,
  projectAt,
  REGION,
  seedReference,
  STAGE_DATES,
} from '../support/fixtures';

jest.setTimeout(60_000);

describe('project lifecycle: every command and query of the contract', () => {
  let t: TestApp;
  let county: { id: string; apiKey: string };
  beforeAll(async () => {
    t = await createTestApp();
    await seedReference(t);
    county = await createClient(t, {
      name: '濮阳县招商系统',
      scopes: ['projects:read', 'projects:write'],
    });
  });
  afterAll(() => t.close());

  describe('one project from lead to production, through all 17 commands', () => {
    let id: string;
    let issueId: string;
    const api = () => as(t, county.apiKey);

    /** Sends a command, checks status, stage, version and ETag, and that one event was written. */
    async function command(
      send: () => PromiseLike<import('supertest').Response>,
      expected: { status: number; stage: string; version: number; event: string },
    ) {
      const before = await writeCounts(t);
      const res = await send();
      expect(res.status).toBe(expected.status);
      expect(res.body).toMatchObject({ id, stage: expected.stage, version: expected.version });
      expect(res.headers.etag).toBe(`"${expected.version}"`);
      const after = await writeCounts(t);
      expect(after.events).toBe(before.events + 1);
      const types = await eventTypes(t, id);
      expect(types).toHaveLength(expected.version);
      expect(types[types.length - 1]).toBe(expected.event);
      return res;
    }

    it('POST /projects registers a lead: 201, Location, ETag "1"', async () => {
      const before = await writeCounts(t);
      const res = await api()
        .post(
          '/projects',
          leadBody({
            name: '年产5万吨高性能复合材料项目',
            externalRef: 'PY-2026-0042',
            estimatedInvestment: 50000.1234,
          }),
        )
        .expect(201);
      id = res.body.id;
      expect(res.body).toEqual({ id: expect.any(String), stage: 'LEAD', version: 1 });
      expect(res.headers.location).toBe(`/api/v1/projects/${id}`);
      expect(res.headers.etag).toBe('"1"');
      expect(await writeCounts(t)).toEqual({
        ...before,
        events: before.events + 1,
        projects: before.projects + 1,
      });
      const project = await api().get(`/projects/${id}`).expect(200);
      expect(project.body).toMatchObject({
        id,
        name: '年产5万吨高性能复合材料项目',
        stage: 'LEAD',
        stageLabel: '线索',
        stageEnteredOn: STAGE_DATES.LEAD,
        regionCode: REGION.PUYANG,
        industryChain: CHAIN.NEW_MATERIALS,
        source: 'EXISTING_INVESTOR',
        investor: { name: '深圳市某新材料科技有限公司', origin: '广东深圳' },
        externalRef: 'PY-2026-0042',
        amounts: {
          estimated: { amount: 50000.1234, currency: 'CNY' },
          planned: null,
          contract: null,
          arrived: { CNY: 0, USD: 0 },
        },
        stageDates: { LEAD: STAGE_DATES.LEAD },
        commitments: { defaulted: [], slips: { registerBy: 0, breakGroundBy: 0, produceBy: 0 } },
        openIssues: [],
        version: 1,
      });
      expect(project.headers.etag).toBe('"1"');
    });

    it('POST /activities logs an activity (201) and counts it per type', async () => {
      await command(
        () =>
          api().post(`/projects/${id}/activities`, {
            occurredOn: '2026-01-10',
            type: 'VISIT',
            note: '赴深圳拜访投资方总部',
          }),
        { status: 201, stage: 'LEAD', version: 2, event: 'ActivityLogged' },
      );
      const project = await api().get(`/projects/${id}`).expect(200);
      expect(project.body.activities).toEqual({
        VISIT: 1,
        RECEPTION: 0,
        MEETING: 0,
        PROMOTION_EVENT: 0,
      });
    });

    it('PUT /responsibility assigns 包联领导, 项目秘书 and 责任单位', async () => {
      await command(
        () =>
          api().put(`/projects/${id}/responsibility`, {
            occurredOn: '2026-01-12',
            leader: '王副县长',
            secretary: '赵干事',
            unit: '县商务局',
          }),
        { status: 200, stage: 'LEAD', version: 3, event: 'ResponsibilityAssigned' },
      );
      const project = await api().get(`/projects/${id}`).expect(200);
      expect(project.body.responsibility).toEqual({
        leader: '王副县长',
        secretary: '赵干事',
        unit: '县商务局',
      });
    });

    it('POST /corrections corrects details as a new event (留痕) and keeps the old value in history', async () => {
      await command(
        () =>
          api().post(`/projects/${id}/corrections`, {
            occurredOn: '2026-01-15',
            changes: {
              name: '年产8万吨高性能复合材料项目',
              investor: { name: '深圳市某新材料股份有限公司', origin: '广东深圳' },
            },
            reason: '投资方名称录入有误',
          }),
        { status: 200, stage: 'LEAD', version: 4, event: 'ProjectDetailsCorrected' },
      );
      const project = await api().get(`/projects/${id}`).expect(200);
      expect(project.body.name).toBe('年产8万吨高性能复合材料项目');
      expect(project.body.investor).toEqual({
        name: '深圳市某新材料股份有限公司',
        origin: '广东深圳',
      });
      const events = await api().get(`/projects/${id}/events`).expect(200);
      expect(events.body.events[0].data.name).toBe('年产5万吨高性能复合材料项目');
      expect(events.body.events[3].data).toEqual({
        occurredOn: '2026-01-15',
        changes: {
          name: '年产8万吨高性能复合材料项目',
          investor: { name: '深圳市某新材料股份有限公司', origin: '广东深圳' },
        },
        reason: '投资方名称录入有误',
      });
    });

    it('POST /negotiation starts negotiation with planned investment and lead officer', async () => {
      await command(
        () =>
          api().post(`/projects/${id}/negotiation`, {
            occurredOn: STAGE_DATES.NEGOTIATING,
            plannedInvestment: 60000.5,
            leadOfficer: '李科长',
          }),
        { status: 200, stage: 'NEGOTIATING', version: 5, event: 'NegotiationStarted' },
      );
      const project = await api().get(`/projects/${id}`).expect(200);
      expect(project.body).toMatchObject({
        stageLabel: '在谈',
        stageEnteredOn: STAGE_DATES.NEGOTIATING,
        leadOfficer: '李科长',
        amounts: { planned: { amount: 60000.5, currency: 'CNY' } },
      });
    });

    it('POST /signing signs with default commitments: signing + 90 / 180 / 730 days', async () => {
      await command(
        () =>
          api().post(`/projects/${id}/signing`, {
            occurredOn: STAGE_DATES.SIGNED,
            contractInvestment: 80000,
            occasion: 'CEREMONY',
          }),
        { status: 200, stage: 'SIGNED', version: 6, event: 'ContractSigned' },
      );
      const project = await api().get(`/projects/${id}`).expect(200);
      expect(project.body).toMatchObject({
        stageLabel: '签约',
        occasion: 'CEREMONY',
        amounts: { contract: { amount: 80000, currency: 'CNY' } },
        commitments: {
          registerBy: '2026-06-16',
          breakGroundBy: '2026-09-14',
          produceBy: '2028-03-17',
          defaulted: ['registerBy', 'breakGroundBy', 'produceBy'],
          slips: { registerBy: 0, breakGroundBy: 0, produceBy: 0 },
        },
      });
    });

    it('POST /investments records funds (201); several 4-decimal amounts sum exactly', async () => {
      const amounts = [0.1, 0.2, 1234.5678, 0.0001, 9999.9999];
      let version = 6;
      for (const amount of amounts) {
        version += 1;
        await command(
          () => api().post(`/projects/${id}/investments`, { occurredOn: '2026-03-20', amount }),
          { status: 201, stage: 'SIGNED', version, event: 'InvestmentArrived' },
        );
      }
      await command(
        () =>
          api().post(`/projects/${id}/investments`, {
            occurredOn: '2026-03-21',
            amount: 700.05,
            currency: 'USD',
          }),
        { status: 201, stage: 'SIGNED', version: 12, event: 'InvestmentArrived' },
      );
      const project = await api().get(`/projects/${id}`).expect(200);
      // 0.1 + 0.2 + 1234.5678 + 0.0001 + 9999.9999 in floating point is 11234.867800000002.
      expect(project.body.amounts.arrived).toEqual({ CNY: 11234.8678, USD: 700.05 });
      const list = await api()
        .get(`/projects?q=${encodeURIComponent('8万吨')}`)
        .expect(200);
      expect(list.body.items.find((p: { id: string }) => p.id === id).arrived).toBe(11234.8678);
    });

    it('runs the issue lifecycle: raise → assign → escalate → resolve, then 409 ISSUE_ALREADY_RESOLVED', async () => {
      const raised = await command(
        () =>
          api().post(`/projects/${id}/issues`, {
            occurredOn: '2026-03-22',
            category: 'LAND',
            description: '项目用地指标尚未落实',
            coordinationLevel: 'COUNTY',
          }),
        { status: 201, stage: 'SIGNED', version: 13, event: 'IssueRaised' },
      );
      issueId = raised.body.issueId;
      expect(issueId).toMatch(/^[0-9a-f-]{36}$/);
      let project = await api().get(`/projects/${id}`).expect(200);
      expect(project.body.openIssues).toEqual([
        expect.objectContaining({
          issueId,
          category: 'LAND',
          description: '项目用地指标尚未落实',
          coordinationLevel: 'COUNTY',
          status: 'RAISED',
          raisedOn: '2026-03-22',
        }),
      ]);

      await command(
        () =>
          api().post(`/projects/${id}/issues/${issueId}/assignment`, {
            occurredOn: '2026-03-23',
            unit: '县自然资源局',
            dueOn: '2026-04-30',
          }),
        { status: 200, stage: 'SIGNED', version: 14, event: 'IssueAssigned' },
      );
      await command(
        () =>
          api().post(`/projects/${id}/issues/${issueId}/escalation`, {
            occurredOn: '2026-03-25',
            coordinationLevel: 'CITY',
            reason: '涉及跨县用地调剂',
          }),
        { status: 200, stage: 'SIGNED', version: 15, event: 'IssueEscalated' },
      );
      project = await api().get(`/projects/${id}`).expect(200);
      expect(project.body.openIssues[0]).toMatchObject({
        status: 'ESCALATED',
        coordinationLevel: 'CITY',
        unit: '县自然资源局',
        dueOn: '2026-04-30',
        escalations: [
          { occurredOn: '2026-03-25', from: 'COUNTY', to: 'CITY', reason: '涉及跨县用地调剂' },
        ],
      });
      const listed = await api()
        .get(`/projects?q=${encodeURIComponent('8万吨')}`)
        .expect(200);
      expect(listed.body.items[0].openIssues).toBe(1);

      await command(
        () =>
          api().post(`/projects/${id}/issues/${issueId}/resolution`, {
            occurredOn: '2026-04-01',
            note: '已调剂用地指标120亩',
          }),
        { status: 200, stage: 'SIGNED', version: 16, event: 'IssueResolved' },
      );
      project = await api().get(`/projects/${id}`).expect(200);
      expect(project.body.openIssues).toEqual([]);

      for (const [path, body] of [
        ['resolution', { occurredOn: '2026-04-02', note: '再次化解' }],
        ['assignment', { occurredOn: '2026-04-02', unit: '县商务局', dueOn: '2026-05-01' }],
        ['escalation', { occurredOn: '2026-04-02', coordinationLevel: 'CITY', reason: '再议' }],
      ] as const) {
        const res = await expectRefused(
          t,
          () => api().post(`/projects/${id}/issues/${issueId}/${path}`, body),
          409,
          'ISSUE_ALREADY_RESOLVED',
        );
        expect(res.body.detail).toContain(issueId);
      }
    });

    it('refuses an escalation that does not go up, and an unknown issue', async () => {
      const raised = await api()
        .post(`/projects/${id}/issues`, {
          occurredOn: '2026-04-02',
          category: 'POWER',
          description: '用电增容',
          coordinationLevel: 'CITY',
        })
        .expect(201);
      await expectRefused(
        t,
        () =>
          api().post(`/projects/${id}/issues/${raised.body.issueId}/escalation`, {
            occurredOn: '2026-04-03',
            coordinationLevel: 'COUNTY',
            reason: '下放',
          }),
        409,
        'INVALID_ESCALATION',
      );
      await expectRefused(
        t,
        () =>
          api().post(`/projects/${id}/issues/6f1c2a40-2f7e-4c55-9d4e-1b0f1c9c0a11/resolution`, {
            occurredOn: '2026-04-03',
            note: '无此问题',
          }),
        404,
        'NOT_FOUND',
      );
      await api()
        .post(`/projects/${id}/issues/${raised.body.issueId}/resolution`, {
          occurredOn: '2026-04-03',
          note: '已增容',
        })
        .expect(200, { id, stage: 'SIGNED', version: 18 });
    });

    it('POST /commitments reschedules, counting each slip per deadline', async () => {
      await command(
        () =>
          api().post(`/projects/${id}/commitments`, {
            occurredOn: '2026-04-05',
            breakGroundBy: '2026-10-31',
            reason: '环评批复延后',
          }),
        { status: 200, stage: 'SIGNED', version: 19, event: 'CommitmentRescheduled' },
      );
      await command(
        () =>
          api().post(`/projects/${id}/commitments`, {
            occurredOn: '2026-04-06',
            breakGroundBy: '2026-11-30',
            produceBy: '2028-06-30',
            reason: '设备到货推迟',
          }),
        { status: 200, stage: 'SIGNED', version: 20, event: 'CommitmentRescheduled' },
      );
      const project = await api().get(`/projects/${id}`).expect(200);
      expect(project.body.commitments).toEqual({
        registerBy: '2026-06-16',
        breakGroundBy: '2026-11-30',
        produceBy: '2028-06-30',
        defaulted: ['registerBy'],
        slips: { registerBy: 0, breakGroundBy: 2, produceBy: 1 },
      });
      // Naming the current dates again moves nothing and is refused.
      await expectRefused(
        t,
        () =>
          api().post(`/projects/${id}/commitments`, {
            occurredOn: '2026-04-07',
            breakGroundBy: '2026-11-30',
            reason: '同上',
          }),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('POST /registration registers the company with a valid 统一社会信用代码', async () => {
      const code = creditCode(424242);
      await command(
        () =>
          api().post(`/projects/${id}/registration`, {
            occurredOn: STAGE_DATES.REGISTERED,
            creditCode: code,
            companyName: '濮阳某新材料有限公司',
            registeredCapital: 10000.25,
          }),
        { status: 200, stage: 'REGISTERED', version: 21, event: 'CompanyRegistered' },
      );
      const project = await api().get(`/projects/${id}`).expect(200);
      expect(project.body.company).toEqual({
        creditCode: code,
        companyName: '濮阳某新材料有限公司',
        registeredCapital: { amount: 10000.25, currency: 'CNY' },
      });
    });

    it('POST /groundbreaking and POST /production finish the pipeline', async () => {
      await command(
        () =>
          api().post(`/projects/${id}/groundbreaking`, {
            occurredOn: STAGE_DATES.UNDER_CONSTRUCTION,
          }),
        { status: 200, stage: 'UNDER_CONSTRUCTION', version: 22, event: 'GroundBroken' },
      );
      await command(
        () => api().post(`/projects/${id}/production`, { occurredOn: STAGE_DATES.IN_PRODUCTION }),
        { status: 200, stage: 'IN_PRODUCTION', version: 23, event: 'ProductionStarted' },
      );
    });

    it('GET /projects/{id} answers the whole current state', async () => {
      await t.supervised();
      const res = await api().get(`/projects/${id}`).expect(200);
      expect(res.headers.etag).toBe('"23"');
      expect(res.body).toMatchObject({
        id,
        stage: 'IN_PRODUCTION',
        stageLabel: '投产',
        stageEnteredOn: STAGE_DATES.IN_PRODUCTION,
        stageDates: {
          LEAD: STAGE_DATES.LEAD,
          NEGOTIATING: STAGE_DATES.NEGOTIATING,
          SIGNED: STAGE_DATES.SIGNED,
          REGISTERED: STAGE_DATES.REGISTERED,
          UNDER_CONSTRUCTION: STAGE_DATES.UNDER_CONSTRUCTION,
          IN_PRODUCTION: STAGE_DATES.IN_PRODUCTION,
        },
        amounts: {
          estimated: { amount: 50000.1234, currency: 'CNY' },
          planned: { amount: 60000.5, currency: 'CNY' },
          contract: { amount: 80000, currency: 'CNY' },
          arrived: { CNY: 11234.8678, USD: 700.05 },
        },
        lastProgressOn: STAGE_DATES.IN_PRODUCTION,
        light: 'GREEN',
        dropReason: null,
        openIssues: [],
        version: 23,
      });
    });

    it('GET /projects/{id}/events answers the history with actor, versions 1..n and a chain that verifies', async () => {
      const res = await api().get(`/projects/${id}/events?verify=true`).expect(200);
      const events = res.body.events as Array<Record<string, unknown>>;
      expect(res.body.projectId).toBe(id);
      expect(events.map((e) => e.version)).toEqual(events.map((_, i) => i + 1));
      expect(new Set(events.map((e) => e.type))).toEqual(
        new Set([
          'LeadRegistered',
          'ActivityLogged',
          'ResponsibilityAssigned',
          'ProjectDetailsCorrected',
          'NegotiationStarted',
          'ContractSigned',
          'InvestmentArrived',
          'IssueRaised',
          'IssueAssigned',
          'IssueEscalated',
          'IssueResolved',
          'CommitmentRescheduled',
          'CompanyRegistered',
          'GroundBroken',
          'ProductionStarted',
        ]),
      );
      const positions = events.map((e) => BigInt(e.position as string));
      expect([...positions].sort((a, b) => (a < b ? -1 : 1))).toEqual(positions);
      for (const event of events) {
        expect(event).toMatchObject({
          eventId: expect.stringMatching(/^[0-9a-f-]{36}$/),
          schemaVersion: expect.any(Number),
          occurredOn: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
          recordedAt: expect.any(String),
          actor: county.id,
          actorName: '濮阳县招商系统',
          hash: expect.stringMatching(/^[0-9a-f]{64}$/),
        });
      }
      expect(res.body.verification).toEqual({ ok: true, checked: events.length });
      const plain = await api().get(`/projects/${id}/events`).expect(200);
      expect(plain.body.verification).toBeUndefined();
    });

    it('refuses a drop once in production', async () => {
      const res = await expectRefused(
        t,
        () => api().post(`/projects/${id}/drop`, { occurredOn: '2026-06-25', reason: '关停' }),
        409,
        'STAGE_TRANSITION_NOT_ALLOWED',
      );
      expect(res.body.currentStage).toBe('IN_PRODUCTION');
    });
  });

  describe('drop and reactivation', () => {
    it('reactivates a dropped signed project back into SIGNED, keeping the signing date', async () => {
      const id = await projectAt(t, 'SIGNED');
      const dropped = await as(t)
        .post(`/projects/${id}/drop`, { occurredOn: '2026-04-01', reason: '投资方资金链断裂' })
        .expect(200);
      expect(dropped.body).toEqual({ id, stage: 'DROPPED', version: 4 });
      // Dropping clears the project's 督办 items (the signing's deadlines had passed).
      await t.supervised();
      let project = await as(t).get(`/projects/${id}`).expect(200);
      expect(project.body).toMatchObject({
        stage: 'DROPPED',
        stageLabel: expect.any(String),
        stageEnteredOn: '2026-04-01',
        dropReason: '投资方资金链断裂',
        light: 'GREEN',
      });
      // Money does not arrive on a dropped project.
      await expectRefused(
        t,
        () => as(t).post(`/projects/${id}/investments`, { occurredOn: '2026-04-02', amount: 1 }),
        409,
        'STAGE_TRANSITION_NOT_ALLOWED',
      );
      const reactivated = await as(t)
        .post(`/projects/${id}/reactivation`, {
          occurredOn: '2026-05-01',
          reason: '投资方引入新股东后恢复',
        })
        .expect(200);
      expect(reactivated.body).toEqual({ id, stage: 'SIGNED', version: 5 });
      expect(reactivated.headers.etag).toBe('"5"');
      project = await as(t).get(`/projects/${id}`).expect(200);
      expect(project.body).toMatchObject({
        stage: 'SIGNED',
        stageEnteredOn: '2026-05-01',
        dropReason: null,
        stageDates: { SIGNED: STAGE_DATES.SIGNED, DROPPED: '2026-04-01' },
      });
      expect(await eventTypes(t, id)).toEqual([
        'LeadRegistered',
        'NegotiationStarted',
        'ContractSigned',
        'ProjectDropped',
        'ProjectReactivated',
      ]);
      // Reactivating a live project is refused.
      await expectRefused(
        t,
        () => as(t).post(`/projects/${id}/reactivation`, { occurredOn: '2026-05-02' }),
        409,
        'STAGE_TRANSITION_NOT_ALLOWED',
      );
    });

    it('reactivates a dropped lead into LEAD and a dropped negotiation into NEGOTIATING', async () => {
      const lead = await createProject(t);
      await as(t)
        .post(`/projects/${lead}/drop`, { occurredOn: '2026-01-20', reason: '失联' })
        .expect(200);
      await as(t)
        .post(`/projects/${lead}/reactivation`, { occurredOn: '2026-02-20' })
        .expect(200, { id: lead, stage: 'LEAD', version: 3 });

      const talking = await projectAt(t, 'NEGOTIATING');
      await as(t)
        .post(`/projects/${talking}/drop`, { occurredOn: '2026-03-01', reason: '外地竞争' })
        .expect(200);
      await as(t)
        .post(`/projects/${talking}/reactivation`, { occurredOn: '2026-03-02' })
        .expect(200, { id: talking, stage: 'NEGOTIATING', version: 4 });
    });
  });

  describe('commitments given by the contract', () => {
    it('keeps the given deadlines and defaults only the missing one', async () => {
      const id = await projectAt(t, 'NEGOTIATING');
      await as(t)
        .post(`/projects/${id}/signing`, {
          occurredOn: STAGE_DATES.SIGNED,
          contractInvestment: 120000,
          currency: 'CNY',
          occasion: 'FAIR',
          commitments: { registerBy: '2026-05-01', produceBy: '2027-12-31' },
        })
        .expect(200);
      await t.supervised();
      const project = await as(t).get(`/projects/${id}`).expect(200);
      expect(project.body.commitments).toEqual({
        registerBy: '2026-05-01',
        breakGroundBy: '2026-09-14',
        produceBy: '2027-12-31',
        defaulted: ['breakGroundBy'],
        slips: { registerBy: 0, breakGroundBy: 0, produceBy: 0 },
      });
      // registerBy 2026-05-01 has passed on 2026-06-30 without registration.
      expect(project.body.light).toBe('RED');
    });

    it('refuses contract deadlines before the signing date or out of order', async () => {
      const id = await projectAt(t, 'NEGOTIATING');
      const before = await expectRefused(
        t,
        () =>
          as(t).post(`/projects/${id}/signing`, {
            occurredOn: STAGE_DATES.SIGNED,
            contractInvestment: 1,
            occasion: 'INDIVIDUAL',
            commitments: { registerBy: '2026-03-01' },
          }),
        400,
        'VALIDATION_FAILED',
      );
      expect(before.body.errors[0].field).toBe('commitments.registerBy');
      await expectRefused(
        t,
        () =>
          as(t).post(`/projects/${id}/signing`, {
            occurredOn: STAGE_DATES.SIGNED,
            contractInvestment: 1,
            occasion: 'INDIVIDUAL',
            commitments: { registerBy: '2026-09-01', breakGroundBy: '2026-08-01' },
          }),
        400,
        'VALIDATION_FAILED',
      );
    });
  });

  describe('GET /projects: filters and cursor pagination', () => {
    const ids: Record<string, string> = {};
    type Item = { id: string } & Record<string, unknown>;
    const listAll = async (query: string): Promise<Item[]> => {
      const res = await as(t).get(`/projects?limit=200&${query}`).expect(200);
      expect(res.body.nextCursor).toBeNull();
      return res.body.items;
    };

    beforeAll(async () => {
      ids.town = await createProject(t, {
        name: '文留镇氢能装备项目',
        industryChain: CHAIN.HYDROGEN,
        regionCode: REGION.PUYANG_TOWN,
        estimatedInvestment: 3000,
        investor: { name: '河南某氢能公司' },
      });
      ids.qingfeng = await createProject(t, {
        name: '清丰县家居产业园项目',
        regionCode: REGION.QINGFENG,
        estimatedInvestment: 200000,
        investor: { name: '北京某集团50%_控股' },
      });
      ids.qingfengTown = await createProject(t, {
        name: '马庄桥镇食品加工项目',
        regionCode: REGION.QINGFENG_TOWN,
        estimatedInvestment: 9999.9999,
      });
      ids.negotiating = await projectAt(t, 'NEGOTIATING', { name: '在谈氢能项目' });
      ids.red = await projectAt(t, 'NEGOTIATING', { name: '红灯项目' });
      await as(t)
        .post(`/projects/${ids.red}/signing`, {
          occurredOn: STAGE_DATES.SIGNED,
          contractInvestment: 10000,
          occasion: 'INDIVIDUAL',
          commitments: { registerBy: '2026-04-01' },
        })
        .expect(200);
      ids.yellow = await projectAt(t, 'NEGOTIATING', { name: '黄灯项目' });
      await as(t)
        .post(`/projects/${ids.yellow}/signing`, {
          occurredOn: STAGE_DATES.SIGNED,
          contractInvestment: 10000.0001,
          occasion: 'INDIVIDUAL',
          commitments: { registerBy: '2026-07-10' },
        })
        .expect(200);
      ids.green = await projectAt(t, 'NEGOTIATING', { name: '绿灯项目' });
      await as(t)
        .post(`/projects/${ids.green}/signing`, {
          occurredOn: '2026-06-20',
          contractInvestment: 5000,
          occasion: 'INDIVIDUAL',
        })
        .expect(200);
      // The lights come from the 督办 items the supervisor raises after each event.
      await t.supervised();
    });

    it('lists newest first with the list fields', async () => {
      const items = await listAll('');
      const position = (id: string | undefined) => items.findIndex((p) => p.id === id);
      expect(position(ids.green)).toBeLessThan(position(ids.yellow));
      expect(position(ids.yellow)).toBeLessThan(position(ids.town));
      expect(items.find((p) => p.id === ids.yellow)).toEqual({
        id: ids.yellow,
        name: '黄灯项目',
        investorName: '深圳市某新材料科技有限公司',
        stage: 'SIGNED',
        regionCode: REGION.PUYANG,
        industryChain: CHAIN.NEW_MATERIALS,
        source: 'EXISTING_INVESTOR',
        investment: 10000.0001,
        currency: 'CNY',
        contractInvestment: 10000.0001,
        arrived: 0,
        leadOn: STAGE_DATES.LEAD,
        signedOn: STAGE_DATES.SIGNED,
        light: 'YELLOW',
        openIssues: 0,
        externalRef: null,
        version: 3,
      });
    });

    it('filters by stage', async () => {
      const negotiating = await listAll('stage=NEGOTIATING');
      expect(negotiating.length).toBeGreaterThan(0);
      expect(negotiating.every((p) => p.stage === 'NEGOTIATING')).toBe(true);
      expect(negotiating.map((p) => p.id)).toContain(ids.negotiating);
      expect(negotiating.map((p) => p.id)).not.toContain(ids.red);
      const production = await listAll('stage=IN_PRODUCTION');
      expect(production).toHaveLength(1);
    });

    it('filters by region, the regions below included', async () => {
      const qingfeng = (await listAll(`regionCode=${REGION.QINGFENG}`)).map((p) => p.id);
      expect(qingfeng.sort()).toEqual([ids.qingfeng, ids.qingfengTown].sort());
      const town = (await listAll(`regionCode=${REGION.QINGFENG_TOWN}`)).map((p) => p.id);
      expect(town).toEqual([ids.qingfengTown]);
      const puyang = (await listAll(`regionCode=${REGION.PUYANG}`)).map((p) => p.id);
      expect(puyang).toContain(ids.town);
      expect(puyang).not.toContain(ids.qingfeng);
      const city = await listAll(`regionCode=${REGION.CITY}`);
      expect(city).toHaveLength((await listAll('')).length);
    });

    it('filters by industry chain', async () => {
      const hydrogen = (await listAll(`industryChain=${CHAIN.HYDROGEN}`)).map((p) => p.id);
      expect(hydrogen).toEqual([ids.town]);
    });

    it('filters by light', async () => {
      const red = (await listAll('light=RED')).map((p) => p.id);
      const yellow = (await listAll('light=YELLOW')).map((p) => p.id);
      const green = (await listAll('light=GREEN')).map((p) => p.id);
      expect(red).toContain(ids.red);
      expect(yellow).toEqual([ids.yellow]);
      expect(green).toContain(ids.green);
      expect(green).not.toContain(ids.red);
      for (const [light, list] of [
        ['RED', red],
        ['YELLOW', yellow],
        ['GREEN', green],
      ] as const) {
        for (const id of list) {
          expect((await as(t).get(`/projects/${id}`).expect(200)).body.light).toBe(light);
        }
      }
    });

    it('filters by minimum investment (contract, else planned, else estimated), to the 元', async () => {
      const atLeast = (await listAll('minInvestment=10000.0001')).map((p) => p.id);
      expect(atLeast).toContain(ids.yellow);
      expect(atLeast).toContain(ids.qingfeng);
      expect(atLeast).not.toContain(ids.red);
      expect(atLeast).not.toContain(ids.qingfengTown);
      const items = await listAll('minInvestment=10000.0001');
      expect(items.every((p) => (p.investment as number) >= 10000.0001)).toBe(true);
    });

    it('searches name and investor with q, Chinese and LIKE wildcards taken literally', async () => {
      expect((await listAll(`q=${encodeURIComponent('食品加工')}`)).map((p) => p.id)).toEqual([
        ids.qingfengTown,
      ]);
      expect((await listAll(`q=${encodeURIComponent('河南某氢能')}`)).map((p) => p.id)).toEqual([
        ids.town,
      ]);
      expect((await listAll(`q=${encodeURIComponent('50%_控股')}`)).map((p) => p.id)).toEqual([
        ids.qingfeng,
      ]);
      expect(await listAll(`q=${encodeURIComponent('%')}`)).toEqual([
        expect.objectContaining({ id: ids.qingfeng }),
      ]);
    });

    it('combines filters', async () => {
      const items = await listAll(
        `stage=SIGNED&regionCode=${REGION.PUYANG}&industryChain=${CHAIN.NEW_MATERIALS}&light=YELLOW&minInvestment=10000`,
      );
      expect(items.map((p) => p.id)).toEqual([ids.yellow]);
    });

    it('pages with a cursor through every project exactly once', async () => {
      // Enough projects that the sequence crosses 9 → 10 and 99 → 100: ordering must be numeric.
      const existing = (await listAll('')).length;
      for (let i = existing; i < 101; i++) await createProject(t, { name: `翻页项目${i}` });
      const all = (await listAll('')).map((p) => p.id);
      expect(new Set(all).size).toBe(all.length);
      const seen: string[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = cursor ? `limit=3&cursor=${cursor}` : 'limit=3';
        const res = await as(t).get(`/projects?${query}`).expect(200);
        expect(res.body.items.length).toBeLessThanOrEqual(3);
        seen.push(...res.body.items.map((p: Item) => p.id));
        cursor = res.body.nextCursor;
        pages += 1;
      } while (cursor !== null && pages < 100);
      expect(seen).toEqual(all);
      expect(new Set(seen).size).toBe(all.length);
      expect(pages).toBe(Math.ceil(all.length / 3));
      // A filtered walk keeps the filter across pages.
      const first = await as(t).get('/projects?stage=SIGNED&limit=1').expect(200);
      const second = await as(t)
        .get(`/projects?stage=SIGNED&limit=1&cursor=${first.body.nextCursor}`)
        .expect(200);
      expect(second.body.items[0].stage).toBe('SIGNED');
      expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
    });

    it('refuses a forged cursor, a bad stage, light or limit', async () => {
      for (const query of [
        'cursor=abc',
        'stage=WON',
        'light=BLUE',
        'limit=0',
        'limit=201',
        'minInvestment=-1',
        'regionCode=%20',
      ]) {
        await expectRefused(t, () => as(t).get(`/projects?${query}`), 400, 'VALIDATION_FAILED');
      }
    });
  });

  it('every command kept the project list row in step with the event log', async () => {
    const list = await as(t).get('/projects?limit=200').expect(200);
    for (const item of list.body.items as Array<{ id: string; version: number; stage: string }>) {
      const project = await as(t).get(`/projects/${item.id}`).expect(200);
      expect({ version: item.version, stage: item.stage }).toEqual({
        version: project.body.version,
        stage: project.body.stage,
      });
    }
    const counts = await writeCounts(t);
    expect(counts.projects).toBe(list.body.items.length);
  });
});
