// From an HTTP command to its event on projects.lifecycle.v1, and to the supervision alert it
// causes on supervision.alerts.v1: the all-in-one process with Kafka (Mokapi, which also
// checks every record against the AsyncAPI document), a consumer of both topics, and a steady
// command load. Each signing here is dated so that the registration deadline has passed,
// so every signed project raises an overdue item at once.

import { ALERTS_TOPIC, LIFECYCLE_TOPIC } from '@luodi/contracts';
import { Kafka, logLevel, type EachMessagePayload } from 'kafkajs';
import { resolve } from 'node:path';
import { mokapiConsumerConfig, mokapiKafkaConfig, startMokapi } from '../../test/support/mokapi';
import { recreate, type BenchDatabase } from '../database';
import { api } from '../http';
import type { Results } from '../results';
import { startServer } from '../server';
import { latency } from '../stats';

const ASYNCAPI = resolve(__dirname, '../../../libs/contracts/asyncapi.yaml');
const WORKERS = 4;

export async function lagSuite(input: {
  target: BenchDatabase;
  results: Results;
  seconds: number;
}): Promise<void> {
  console.log(`\n== ${input.target.label}: lag to Kafka (Mokapi)`);
  const broker = await startMokapi({ asyncApiPath: ASYNCAPI });
  await recreate(input.target);
  const server = await startServer({
    ...input.target.env,
    KAFKA_BROKERS: broker.brokers.join(','),
  });
  const kafka = new Kafka({
    ...mokapiKafkaConfig(broker.brokers, 'luodi-bench'),
    logLevel: logLevel.NOTHING,
  });
  const consumer = kafka.consumer(mokapiConsumerConfig(`luodi-bench-${Date.now()}`));
  try {
    const key = server.adminKey;
    await api(server.url, key, 'PUT', '/regions/410900', { name: '濮阳市' });
    await api(server.url, key, 'PUT', '/industry-chains/NEW_MATERIALS', { name: '新材料' });

    // When each project's events and first alert arrived; when its commands were acknowledged.
    const received = new Map<string, number>();
    const recordedAt = new Map<string, number>();
    const alerted = new Map<string, number>();
    const joined = new Promise<void>((done) =>
      consumer.on(consumer.events.GROUP_JOIN, () => done()),
    );
    // kafkajs leaves a consumer down after an error it does not retry, such as a fetch answer
    // it cannot decode: Mokapi tears answers when several groups fetch the same records at
    // once. The server's consumers start again, and so does this one. While it is down (and
    // for a second before, what it had not fetched yet) the bench cannot see when records
    // arrive: those are left out of the figures, and the notes say how many and what the
    // figure is with them.
    const crashes: string[] = [];
    const blind: Array<{ from: number; to: number }> = [];
    const seen = (recorded: number) => !blind.some((b) => recorded >= b.from && recorded <= b.to);
    consumer.on(consumer.events.GROUP_JOIN, () => {
      const last = blind.at(-1);
      if (last && last.to === Infinity) last.to = Date.now();
    });
    consumer.on(consumer.events.CRASH, ({ payload }) => {
      crashes.push(payload.error.message);
      blind.push({ from: Date.now() - 1000, to: Infinity });
      if (payload.restart) return; // kafkajs starts it again itself
      console.log(`  the bench's consumer stopped (${payload.error.message}); starting it again`);
      setTimeout(() => void listen().catch(() => undefined), 200);
    });
    const record = ({ topic, message }: EachMessagePayload): Promise<void> => {
      const now = Date.now();
      const project = message.key?.toString() ?? '';
      if (topic === ALERTS_TOPIC) {
        if (!alerted.has(project)) alerted.set(project, now);
        return Promise.resolve();
      }
      const version = message.headers?.ce_streamversion?.toString();
      const at = message.headers?.ce_recordedat?.toString();
      // The first arrival counts: a consumer that starts again is sent some records twice.
      if (!received.has(`${project}/${version}`)) received.set(`${project}/${version}`, now);
      if (at) recordedAt.set(`${project}/${version}`, Date.parse(at));
      return Promise.resolve();
    };
    const listen = async () => {
      await consumer.connect();
      await consumer.subscribe({ topics: [LIFECYCLE_TOPIC, ALERTS_TOPIC], fromBeginning: true });
      await consumer.run({ eachMessage: record });
    };
    await listen();
    await joined;

    const acknowledged = new Map<string, number>();
    const deadline = Date.now() + input.seconds * 1000;
    const worker = async () => {
      while (Date.now() < deadline) {
        const { id } = await api<{ id: string }>(server.url, key, 'POST', '/projects', {
          name: '时延测试项目',
          investor: { name: '某新材料科技有限公司' },
          industryChain: 'NEW_MATERIALS',
          regionCode: '410900',
          source: 'EXISTING_INVESTOR',
          estimatedInvestment: 50000,
          occurredOn: '2026-01-02',
        });
        acknowledged.set(`${id}/1`, Date.now());
        await api(server.url, key, 'POST', `/projects/${id}/negotiation`, {
          occurredOn: '2026-01-05',
        });
        acknowledged.set(`${id}/2`, Date.now());
        await api(server.url, key, 'POST', `/projects/${id}/signing`, {
          occurredOn: '2026-01-10',
          contractInvestment: 60000,
          occasion: 'INDIVIDUAL',
        });
        acknowledged.set(`${id}/3`, Date.now());
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, worker));

    // Wait (at most 30 s) for the stragglers.
    const signed = [...acknowledged.keys()]
      .filter((k) => k.endsWith('/3'))
      .map((k) => k.split('/')[0]!);
    const settle = Date.now() + 30_000;
    while (
      Date.now() < settle &&
      ([...acknowledged.keys()].some((k) => !received.has(k)) ||
        signed.some((p) => !alerted.has(p)))
    ) {
      await new Promise((r) => setTimeout(r, 100));
    }
    const fromAck = [...acknowledged].flatMap(([k, t]) =>
      received.has(k) ? [received.get(k)! - t] : [],
    );
    // [lag, whether the bench's consumer was up to see it arrive]
    const fromRecordedAll = [...acknowledged.keys()].flatMap((k) =>
      received.has(k) && recordedAt.has(k)
        ? [[received.get(k)! - recordedAt.get(k)!, seen(recordedAt.get(k)!)] as const]
        : [],
    );
    const alertLagAll = signed.flatMap((p) =>
      alerted.has(p) && recordedAt.has(`${p}/3`)
        ? [[alerted.get(p)! - recordedAt.get(`${p}/3`)!, seen(recordedAt.get(`${p}/3`)!)] as const]
        : [],
    );
    const fromRecorded = fromRecordedAll.filter(([, ok]) => ok).map(([ms]) => ms);
    const alertLag = alertLagAll.filter(([, ok]) => ok).map(([ms]) => ms);
    const blindNote = (all: ReadonlyArray<readonly [number, boolean]>, kept: number) =>
      crashes.length === 0
        ? ''
        : `; the bench's consumer stopped ${crashes.length}× (${[...new Set(crashes)].join('; ')}) and started again: ${all.length - kept} left out, p95 with them ${latency(all.map(([ms]) => ms)).p95.toFixed(0)} ms`;
    const missing = acknowledged.size - fromAck.length;
    const missingAlerts = signed.length - alertLagAll.length;
    const figure = { database: input.target.label, size: '—' };
    const k = latency(fromRecorded);
    input.results.add({
      ...figure,
      benchmark: 'lag: command → projects.lifecycle.v1',
      metric: 'ms p95 from the event being recorded',
      value: k.p95,
      target: '≤ 500 ms',
      met: k.p95 <= 500 && missing === 0,
      note: `p50 ${k.p50.toFixed(0)} ms, p99 ${k.p99.toFixed(0)}; from the HTTP acknowledgement p95 ${latency(fromAck).p95.toFixed(0)} ms; ${acknowledged.size} events, ${missing} not received${blindNote(fromRecordedAll, fromRecorded.length)}`,
    });
    const a = latency(alertLag);
    input.results.add({
      ...figure,
      benchmark: 'lag: command → supervision.alerts.v1',
      metric: 'ms p95 from the signing being recorded',
      value: a.p95,
      target: '≤ 500 ms',
      met: a.p95 <= 500 && missingAlerts === 0,
      note: `p50 ${a.p50.toFixed(0)} ms, p99 ${a.p99.toFixed(0)}; ${signed.length} signings, ${missingAlerts} without an alert${blindNote(alertLagAll, alertLag.length)}`,
    });
  } finally {
    await consumer.disconnect().catch(() => undefined);
    await server.stop();
    await broker.stop();
  }
}
