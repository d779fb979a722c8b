import {
  ALERTS_TOPIC,
  alertKey,
  fromAlertMessage,
  LIFECYCLE_TOPIC,
  PayloadValidator,
  toLifecycleMessage,
  type AlertEnvelope,
} from '@luodi/contracts';
import { isProjectStream, lifecycleEnvelope, readLog, type LogEvent } from '@luodi/messaging';
import type { INestApplication } from '@nestjs/common';
import type { Kafka, KafkaMessage, Producer } from 'kafkajs';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { createApp } from '../../apps/luodi/src/app.factory';
import { generateApiKey, hashApiKey } from '../../apps/luodi/src/auth/api-key';
import { ClientsRepository } from '../../apps/luodi/src/auth/clients.repository';
import { loadConfig } from '../../apps/luodi/src/config/app-config';
import { RelayService } from '../../apps/luodi/src/messaging/relay.service';
import { isAlertEvent } from '../../apps/luodi/src/supervision/alert-mapping';
import { SupervisorService } from '../../apps/luodi/src/supervision/supervisor.service';
import { as, createProject, REGION, seedReference, stepBody } from '../support/fixtures';
import { mokapiProducerConfig, startMokapi, type Mokapi } from '../support/mokapi';
import type { TestApp } from '../support/test-app';
import { TestClock } from '../support/test-clock';
import { closeTestDataSource, createTestDataSource } from '../support/test-data-source';
import { collect, eventually, quietKafka } from './kafka-test-kit';

jest.setTimeout(180_000);

// The whole app in Kafka mode against Mokapi, as a deployment with the api, relay and supervisor
// roles runs it: project events go to projects.lifecycle.v1 through the relay, the supervisor
// evaluates them from that topic (consumer group luodi-supervisor), and every alert step of a
// 督办 item goes to supervision.alerts.v1 through the second relay ('alerts'). Mokapi refuses
// any record that does not match asyncapi.yaml. The tests are one story on one clock.

const noon = (date: string) => `${date}T10:00:00+08:00`;
const ALERT_TYPES = [
  'SupervisionItemRaised',
  'SupervisionItemEscalated',
  'SupervisionItemCleared',
  'SupervisionItemClosed',
];

interface Received {
  message: KafkaMessage;
  alert: AlertEnvelope;
}

describe('supervision alerts and the supervisor over Kafka (the app in Kafka mode, Mokapi)', () => {
  let broker: Mokapi;
  let ds: DataSource;
  let app: INestApplication;
  let t: TestApp;
  let clock: TestClock;
  let kafka: Kafka;
  let producer: Producer;
  let alerts: Awaited<ReturnType<typeof collect>>;
  let supervisor: SupervisorService;
  const validator = new PayloadValidator();

  beforeAll(async () => {
    broker = await startMokapi();
    ds = await createTestDataSource();
    clock = new TestClock(new Date(noon('2026-06-30')));
    const config = {
      ...loadConfig({
        LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
        SUPERVISION_SCHEDULE: 'off',
        KAFKA_BROKERS: broker.brokers.join(','),
      }),
      commandRetries: 10,
    };
    // No projector: its consumer group would only slow the joins down; project_list (what the
    // supervisor evaluates) is written with the events anyway.
    app = await createApp(
      { config, dataSource: ds, clock, roles: ['api', 'relay', 'supervisor'] },
      false,
    );
    const adminKey = generateApiKey();
    await app.get(ClientsRepository).create({
      name: 'test-admin',
      scopes: ['admin'],
      regionCodes: [],
      keyHash: hashApiKey(adminKey),
    });
    supervisor = app.get(SupervisorService);
    t = {
      app,
      http: request(app.getHttpServer()),
      dataSource: ds,
      clock,
      adminKey,
      supervised,
      bearer: (key) => `Bearer ${key}`,
      close: () => Promise.resolve(),
    };
    await seedReference(t);
    kafka = quietKafka(broker.brokers);
    producer = kafka.producer({ ...mokapiProducerConfig, maxInFlightRequests: 1 });
    await producer.connect();
    alerts = await collect(kafka, ALERTS_TOPIC);
  });
  afterAll(async () => {
    await app?.close();
    await alerts?.stop();
    await producer?.disconnect();
    await broker?.stop();
    if (ds) await closeTestDataSource(ds);
  });

  // ---- Helpers.

  const projectEvents = async (projectId?: string): Promise<LogEvent[]> =>
    (await readLog(ds.manager, null, 100_000)).filter(
      (e) =>
        isProjectStream(e) && (projectId === undefined || e.streamId === `project-${projectId}`),
    );

  const inbox = async (): Promise<Set<string>> => {
    const rows = await ds.query<Array<{ event_id: string }>>(
      `SELECT event_id FROM consumer_inbox WHERE consumer = 'supervisor'`,
    );
    return new Set(rows.map((r) => r.event_id));
  };

  /** Resolves once the supervisor has taken every project event of the log from Kafka. */
  async function supervised(): Promise<void> {
    const ids = (await projectEvents()).map((e) => e.eventId);
    await eventually(async () => {
      const seen = await inbox();
      return ids.every((id) => seen.has(id));
    }, 60_000).catch(async () => {
      const seen = await inbox();
      throw new Error(
        `the supervisor did not consume ${ids.filter((id) => !seen.has(id)).length} of ${ids.length} ` +
          `project events: ${JSON.stringify(supervisor.consumer?.counts)}\n${broker.errors().join('\n')}`,
      );
    });
  }

  interface ItemRow {
    item_id: string;
    rule_id: string;
    kind: string;
    severity: string;
    status: string;
    escalation_level: string;
    version: number;
  }
  const itemsOf = async (subjectId: string): Promise<ItemRow[]> =>
    ds.query(
      `SELECT item_id, rule_id, kind, severity, status, escalation_level, version
       FROM supervision_items WHERE subject_id = $1 ORDER BY seq`,
      [subjectId],
    );

  /** The events of an item's stream, in order. */
  const itemLog = async (itemId: string) =>
    (await readLog(ds.manager, null, 100_000))
      .filter((e) => e.streamId === `supervision-item-${itemId}`)
      .sort((a, b) => a.version - b.version);

  const received = (): Received[] =>
    alerts.messages.map((message) => ({ message, alert: fromAlertMessage(message) }));

  /**
   * Waits until every alert event of the item's stream arrived on supervision.alerts.v1, then
   * returns what arrived for the item, in topic order. Fails on a Mokapi validation error.
   */
  async function alertsOf(itemId: string): Promise<Received[]> {
    const expected = (await itemLog(itemId)).filter(isAlertEvent).map((e) => e.eventId);
    await eventually(() => {
      const got = new Set(received().map((r) => r.alert.eventId));
      return expected.every((id) => got.has(id)) || broker.errors().length > 0;
    }, 30_000).catch(async () => {
      const relay = await app.get(RelayService).alertsStatus();
      throw new Error(`alerts of item ${itemId} did not arrive; relay: ${JSON.stringify(relay)}`);
    });
    expect(broker.errors()).toEqual([]);
    return received().filter((r) => r.alert.itemId === itemId);
  }

  /** Every check an alert must pass besides Mokapi's. */
  function expectValid({ message, alert }: Received) {
    expect(ALERT_TYPES).toContain(alert.type);
    expect(message.headers?.ce_type?.toString()).toBe(`cn.gov.luodi.supervision.${alert.type}.v1`);
    expect(message.key?.toString()).toBe(alertKey(alert));
    expect(message.headers?.ce_partitionkey?.toString()).toBe(alertKey(alert));
    const { eventId: _e, type, schemaVersion, ...payload } = alert;
    expect(validator.validate(ALERTS_TOPIC, type, schemaVersion, payload)).toEqual({ valid: true });
    expect(
      validator.validateHeaders(
        ALERTS_TOPIC,
        type,
        schemaVersion,
        message.headers as Record<string, Buffer>,
      ),
    ).toEqual({ valid: true });
  }

  const evaluate = async (date: string) => {
    clock.set(noon(date));
    return (await as(t).post('/supervision/evaluations', {}).expect(200)).body as {
      raised: number;
      escalated: number;
      cleared: number;
    };
  };

  /** Lead, negotiation and signing on the given dates (signing with its registration deadline). */
  async function signedProject(
    dates: { lead: string; negotiation: string; signing: string },
    registerBy: string,
  ) {
    const id = await createProject(t, { occurredOn: dates.lead });
    await as(t)
      .post(`/projects/${id}/negotiation`, stepBody('NEGOTIATING', dates.negotiation))
      .expect(200);
    // The supervisor has evaluated the project before it was signed: no item yet.
    await supervised();
    expect(await itemsOf(id)).toEqual([]);
    await as(t)
      .post(`/projects/${id}/signing`, {
        ...stepBody('SIGNED', dates.signing),
        commitments: { registerBy },
      })
      .expect(200);
    await supervised();
    return id;
  }

  // ---- The story.

  let projectA: string;
  let itemA: string;

  it('runs the supervisor as a Kafka consumer of projects.lifecycle.v1 (group luodi-supervisor)', () => {
    expect(supervisor.consumer).toBeDefined();
    expect(supervisor.feed).toBeUndefined();
    expect(supervisor.consumer!.groupId).toBe('luodi-supervisor');
    expect(supervisor.handler.name).toBe('supervisor');
    expect(app.get(RelayService).alerts?.name).toBe('alerts');
  });

  it('evaluates a project when its lifecycle events arrive from Kafka: signed past registerBy → red', async () => {
    clock.set(noon('2026-06-30'));
    projectA = await signedProject(
      { lead: '2026-05-20', negotiation: '2026-05-25', signing: '2026-06-01' },
      '2026-06-10',
    );
    const items = await itemsOf(projectA);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      rule_id: 'REGISTRATION_DEADLINE',
      kind: 'PROJECT',
      severity: 'RED',
      status: 'ISSUED',
      escalation_level: 'DEPUTY_MAYOR',
    });
    itemA = items[0]!.item_id;
    // Caused by the signing, as delivered through Kafka (handler 'supervisor' in the inbox).
    const [signed] = (await projectEvents(projectA)).filter((e) => e.type === 'ContractSigned');
    const [raised] = await itemLog(itemA);
    expect(raised!.metadata.causationId).toBe(signed!.eventId);
    expect((await inbox()).has(signed!.eventId)).toBe(true);

    const published = await alertsOf(itemA);
    expect(published.map((r) => r.alert.type)).toEqual(['SupervisionItemRaised']);
    expect(published[0]!.message.key?.toString()).toBe(projectA);
    expect(published[0]!.alert).toMatchObject({
      eventId: raised!.eventId,
      projectId: projectA,
      subjectId: projectA,
      ruleId: 'REGISTRATION_DEADLINE',
      severity: 'RED',
      status: 'ISSUED',
    });
    published.forEach(expectValid);
  });

  it('drops a redelivered lifecycle message (same ce_id): the project is not evaluated again', async () => {
    const consumer = supervisor.consumer!;
    // 31 days after the item turned red: an evaluation now would hand it to the city leader.
    clock.set(noon('2026-07-31'));
    const [signed] = (await projectEvents(projectA)).filter((e) => e.type === 'ContractSigned');
    const before = { ...consumer.counts };
    const itemVersion = (await itemsOf(projectA))[0]!.version;
    await producer.send({
      topic: LIFECYCLE_TOPIC,
      acks: -1,
      messages: [toLifecycleMessage(lifecycleEnvelope(signed!))],
    });
    // Handled (processed) or dropped (duplicates): either way the message was delivered.
    const delivered = () => consumer.counts.processed + consumer.counts.duplicates;
    await eventually(() => delivered() > before.processed + before.duplicates, 60_000);
    // Not evaluated: at this instant an evaluation would have escalated the item.
    expect((await itemLog(itemA)).map((e) => e.type)).toEqual(['SupervisionItemRaised']);
    expect((await itemsOf(projectA))[0]).toMatchObject({
      version: itemVersion,
      escalation_level: 'DEPUTY_MAYOR',
    });
    expect(consumer.counts).toEqual({ ...before, duplicates: before.duplicates + 1 });

    // A new event of the project does evaluate it, at the same instant: the red goes up.
    await as(t)
      .post(`/projects/${projectA}/activities`, { occurredOn: '2026-07-31', type: 'VISIT' })
      .expect(201);
    await supervised();
    expect((await itemsOf(projectA))[0]).toMatchObject({
      severity: 'RED',
      escalation_level: 'CITY_LEADER',
      status: 'ISSUED',
    });
    expect(consumer.counts.deadLettered).toBe(0);
  });

  it('clears the item when the registration arrives; its alerts came Raised → Escalated → Cleared', async () => {
    await as(t)
      .post(`/projects/${projectA}/registration`, stepBody('REGISTERED', '2026-07-31'))
      .expect(200);
    await supervised();
    expect((await itemsOf(projectA))[0]).toMatchObject({ status: 'CLOSED' });

    const log = await itemLog(itemA);
    const published = await alertsOf(itemA);
    expect(published.map((r) => r.alert.type)).toEqual([
      'SupervisionItemRaised',
      'SupervisionItemEscalated',
      'SupervisionItemCleared',
    ]);
    expect(published.map((r) => r.alert.eventId)).toEqual(log.map((e) => e.eventId));
    expect(published.map((r) => r.message.key?.toString())).toEqual([projectA, projectA, projectA]);
    expect(
      published.map((r) => [r.alert.severity, r.alert.escalationLevel, r.alert.status]),
    ).toEqual([
      ['RED', 'DEPUTY_MAYOR', 'ISSUED'],
      ['RED', 'CITY_LEADER', 'ISSUED'],
      ['RED', 'CITY_LEADER', 'CLOSED'],
    ]);
    expect(published[2]!.alert.reason).toBe('项目已于 2026-07-31 注册,预警解除');
    published.forEach(expectValid);
  });

  let projectB: string;
  let firstB: string;

  it('publishes what evaluations raise and escalate, not the 督办 steps, and a manual closure', async () => {
    clock.set(noon('2026-07-31'));
    projectB = await signedProject(
      { lead: '2026-07-01', negotiation: '2026-07-10', signing: '2026-07-20' },
      '2026-08-20',
    );
    // 20 days before the deadline: nothing yet.
    expect(await itemsOf(projectB)).toEqual([]);

    expect((await evaluate('2026-08-06')).raised).toBe(1); // 14 days before: yellow
    const [raised] = await itemsOf(projectB);
    expect(raised).toMatchObject({
      rule_id: 'REGISTRATION_DEADLINE',
      severity: 'YELLOW',
      escalation_level: 'UNIT',
    });
    firstB = raised!.item_id;
    expect((await evaluate('2026-08-21')).escalated).toBe(1); // the day after: red
    expect((await itemsOf(projectB))[0]).toMatchObject({
      severity: 'RED',
      escalation_level: 'DEPUTY_MAYOR',
    });

    // 签收, 反馈, 复核 (not approved): steps of the 督办单, not alerts.
    const step = (path: string, body: object) =>
      as(t).post(`/supervision/items/${firstB}/${path}`, body).expect(200);
    await step('acknowledgement', { note: '已签收' });
    await step('feedback', { note: '材料已报市场监管局', done: true });
    await step('review', { note: '尚未取得营业执照', approved: false });
    // 销号 by a supervisor before review passed.
    const closed = await step('closure', { note: '并入市级统一督办' });
    expect(closed.body).toMatchObject({ status: 'CLOSED', closure: 'MANUAL' });

    const log = await itemLog(firstB);
    expect(log.map((e) => e.type)).toEqual([
      'SupervisionItemRaised',
      'SupervisionItemEscalated',
      'SupervisionItemAcknowledged',
      'SupervisionItemFeedbackSubmitted',
      'SupervisionItemReviewed',
      'SupervisionItemClosed',
    ]);
    const published = await alertsOf(firstB);
    expect(published.map((r) => r.alert.type)).toEqual([
      'SupervisionItemRaised',
      'SupervisionItemEscalated',
      'SupervisionItemClosed',
    ]);
    expect(published.map((r) => r.alert.eventId)).toEqual(
      log.filter(isAlertEvent).map((e) => e.eventId),
    );
    expect(
      published.map((r) => [r.alert.severity, r.alert.escalationLevel, r.alert.status]),
    ).toEqual([
      ['YELLOW', 'UNIT', 'ISSUED'],
      ['RED', 'DEPUTY_MAYOR', 'ISSUED'],
      ['RED', 'DEPUTY_MAYOR', 'CLOSED'],
    ]);
    expect(published.every((r) => r.message.key?.toString() === projectB)).toBe(true);
    published.forEach(expectValid);
  });

  it('raises again after the closure while the condition holds, and clears on registration', async () => {
    expect((await evaluate('2026-08-22')).raised).toBe(1);
    const again = (await itemsOf(projectB)).find((i) => i.item_id !== firstB)!;
    expect(again).toMatchObject({
      severity: 'RED',
      status: 'ISSUED',
      escalation_level: 'DEPUTY_MAYOR',
    });
    await as(t)
      .post(`/projects/${projectB}/registration`, stepBody('REGISTERED', '2026-08-22'))
      .expect(200);
    await supervised();

    const published = await alertsOf(again.item_id);
    expect(published.map((r) => r.alert.type)).toEqual([
      'SupervisionItemRaised',
      'SupervisionItemCleared',
    ]);
    expect(published[0]!.alert.reason).toContain('(再次预警)');
    expect(published.every((r) => r.message.key?.toString() === projectB)).toBe(true);
    published.forEach(expectValid);
  });

  it('publishes a meeting decision (GREEN, no project: key = subjectId) and its escalation', async () => {
    clock.set(noon('2026-08-22'));
    const res = await as(t)
      .post('/meetings/2026-08-22/decisions', {
        text: '协调解决园区用电增容',
        unit: '市发展改革委',
        leader: '王副市长',
        dueOn: '2026-09-30',
        regionCode: REGION.PUYANG,
      })
      .expect(201);
    const itemId = res.body.id as string;
    expect((await alertsOf(itemId)).map((r) => r.alert.severity)).toEqual(['GREEN']);
    expect((await evaluate('2026-09-28')).escalated).toBe(1); // 2 days before: yellow

    const published = await alertsOf(itemId);
    expect(published.map((r) => r.alert.type)).toEqual([
      'SupervisionItemRaised',
      'SupervisionItemEscalated',
    ]);
    expect(published[0]!.alert).toMatchObject({
      kind: 'DECISION',
      ruleId: 'MEETING_DECISION',
      severity: 'GREEN',
      projectId: null,
      subjectId: itemId,
      status: 'ISSUED',
      dueOn: '2026-09-30',
    });
    expect(published[1]!.alert).toMatchObject({ severity: 'YELLOW', dueOn: '2026-09-30' });
    expect(published.map((r) => r.message.key?.toString())).toEqual([itemId, itemId]);
    published.forEach(expectValid);
  });

  it('published every alert of the log once and nothing else; Mokapi refused nothing', async () => {
    const log = (await readLog(ds.manager, null, 100_000)).filter((e) =>
      e.streamId.startsWith('supervision-item-'),
    );
    const expected = log.filter(isAlertEvent);
    const notAlerts = log.filter((e) => !isAlertEvent(e));
    expect(new Set(notAlerts.map((e) => e.type))).toEqual(
      new Set([
        'SupervisionItemAcknowledged',
        'SupervisionItemFeedbackSubmitted',
        'SupervisionItemReviewed',
      ]),
    );
    await eventually(() => alerts.messages.length >= expected.length, 30_000);
    const all = received();
    expect(all.map((r) => r.alert.eventId).sort()).toEqual(expected.map((e) => e.eventId).sort());
    // Per item, the topic order is the stream order.
    for (const itemId of new Set(all.map((r) => r.alert.itemId))) {
      expect(all.filter((r) => r.alert.itemId === itemId).map((r) => r.alert.eventId)).toEqual(
        expected
          .filter((e) => e.streamId === `supervision-item-${itemId}`)
          .sort((a, b) => a.version - b.version)
          .map((e) => e.eventId),
      );
    }
    all.forEach(expectValid);
    expect(await app.get(RelayService).alertsStatus()).toMatchObject({
      lag: 0,
      lastError: null,
      published: expected.length,
    });
    expect(supervisor.consumer!.counts.deadLettered).toBe(0);
    expect(broker.errors()).toEqual([]);
  });
});
