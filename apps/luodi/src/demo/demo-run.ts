// The demo run: fills a running luodi server with a realistic, deterministic demo city, all
// through the public REST API (so every rule is enforced), idempotently (a re-run replays).

import { readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  addDays,
  ESCALATION_LEVELS,
  SEVERITIES,
  STAGE_LABELS,
  STAGES,
  STATUS_LABELS,
  SUPERVISION_STATUSES,
  todayInShanghai,
  type EscalationLevel,
  type Severity,
  type Stage,
} from '@luodi/domain';
import type { DemoArgs } from './args';
import { ApiError, LuodiClient } from './client';
import { generateDemo, type DemoPlan, type ProjectPlan } from './generator';
import { inParallel, progressReporter } from './progress';
import { newSubjects, runSupervision, type Subjects, type SupervisionReport } from './supervise';
import { planSupervision, subjectName } from './supervision-plan';

export class DemoError extends Error {}

type Counters = { events: number; projectsDone: number };

// ---------------------------------------------------------------------------------------------
// Where the server is, and the key

function serverUrl(env: NodeJS.ProcessEnv): string {
  const url = env.LUODI_URL?.trim() || `http://localhost:${env.PORT?.trim() || '3000'}`;
  return url.replace(/\/+$/, '');
}

async function apiKey(env: NodeJS.ProcessEnv): Promise<{ key: string; source: string }> {
  if (env.LUODI_API_KEY?.trim()) return { key: env.LUODI_API_KEY.trim(), source: 'LUODI_API_KEY' };
  if (env.BOOTSTRAP_ADMIN_KEY?.trim()) {
    return { key: env.BOOTSTRAP_ADMIN_KEY.trim(), source: 'BOOTSTRAP_ADMIN_KEY' };
  }
  const dir = env.DATA_DIR?.trim() || 'data';
  const file = join(isAbsolute(dir) ? dir : resolve(process.cwd(), dir), 'admin-key.txt');
  try {
    const key = (await readFile(file, 'utf8')).trim();
    if (key) return { key, source: file };
  } catch {
    // reported below
  }
  throw new DemoError(
    `No API key. Set LUODI_API_KEY (an admin key) or BOOTSTRAP_ADMIN_KEY, or run the demo with the\n` +
      `same DATA_DIR as the server so it can read ${file} (written on the server's first start).`,
  );
}

async function waitForHealth(baseUrl: string, seconds = 30): Promise<void> {
  const url = `${baseUrl}/health`;
  const deadline = Date.now() + seconds * 1000;
  let said = false;
  for (;;) {
    let last: string;
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(3000) });
      if (response.ok) return;
      last = `HTTP ${response.status} (the database is not ready)`;
    } catch (error) {
      const cause = error instanceof Error ? (error.cause ?? error) : error;
      last = cause instanceof Error ? cause.message : String(cause);
    }
    if (Date.now() > deadline) {
      throw new DemoError(
        `luodi did not answer at ${url} within ${seconds} s (${last}).\n` +
          `Start the server first, e.g. in another terminal: npm start\n` +
          `(or point the demo at it with LUODI_URL=http://host:port, or PORT=...).`,
      );
    }
    if (!said) {
      console.log(`Waiting for luodi at ${url} (up to ${seconds} s)...`);
      said = true;
    }
    await sleep(500);
  }
}

async function checkKey(client: LuodiClient, source: string): Promise<void> {
  try {
    await client.get('/regions');
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      throw new DemoError(
        `The server refused the API key from ${source} (401). Is it the key of this server's data\n` +
          `directory? Set LUODI_API_KEY to an admin key of ${client.baseUrl}.`,
      );
    }
    if (error instanceof ApiError && error.status === 403) {
      throw new DemoError(
        `The API key from ${source} lacks the scope the demo needs (admin: it creates regions, chains\n` +
          `and targets). Use an admin key.`,
      );
    }
    throw error;
  }
}

type ListItem = {
  id: string;
  stage: Stage;
  currency: string;
  contractInvestment: number | null;
  arrived: number;
  signedOn: string | null;
  light: string;
  openIssues: number;
  externalRef: string | null;
  version: number;
};
type ListPage = { items: ListItem[]; nextCursor: string | null };

/**
 * Every project whose externalRef passes `match` (newest first; stops early when `first`),
 * optionally filtered by region. Items are de-duplicated by id, so a page boundary that moves
 * cannot count a project twice.
 */
async function scanProjects(
  client: LuodiClient,
  match: (ref: string) => boolean,
  options: { first?: boolean; regionCode?: string } = {},
): Promise<ListItem[]> {
  const found = new Map<string, ListItem>();
  const region = options.regionCode ? `&regionCode=${options.regionCode}` : '';
  let cursor: string | null = null;
  for (let page = 0; page < 500; page++) {
    const query: string = `/projects?limit=200${region}${cursor ? `&cursor=${cursor}` : ''}`;
    const { items, nextCursor } = await client.get<ListPage>(query);
    for (const item of items) {
      if (item.externalRef && match(item.externalRef)) {
        found.set(item.id, item);
        if (options.first) return [...found.values()];
      }
    }
    if (!nextCursor) break;
    cursor = nextCursor;
  }
  return [...found.values()];
}

/**
 * The day the timeline ends. A re-run must send the very same requests, so when this seed was
 * already run against this server (a project with externalRef DEMO-S<seed>-<day>-...), that
 * day is used again; otherwise today in Asia/Shanghai.
 */
async function anchorDay(client: LuodiClient, args: DemoArgs, today: string): Promise<string> {
  if (args.today) {
    if (args.today > today) throw new DemoError(`--today ${args.today} is after today (${today}).`);
    return args.today;
  }
  const pattern = new RegExp(`^DEMO-S${args.seed}-(\\d{4})(\\d{2})(\\d{2})-`);
  const [previous] = await scanProjects(client, (ref) => pattern.test(ref), { first: true });
  const m = previous?.externalRef ? pattern.exec(previous.externalRef) : null;
  return m ? `${m[1]}-${m[2]}-${m[3]}` : today;
}

// ---------------------------------------------------------------------------------------------
// Writing

async function writeReference(client: LuodiClient, plan: DemoPlan): Promise<void> {
  const k = plan.keyPrefix;
  // Parents before children: the city, then counties, then towns (each level in parallel).
  for (const level of ['CITY', 'COUNTY', 'TOWN'] as const) {
    await Promise.all(
      plan.regions
        .filter((r) => r.level === level)
        .map((r) =>
          client.send(
            'PUT',
            `/regions/${r.code}`,
            { name: r.name, ...(r.parentCode ? { parentCode: r.parentCode } : {}) },
            `${k}-region-${r.code}`,
          ),
        ),
    );
  }
  for (const c of plan.chains) {
    await client.send(
      'PUT',
      `/industry-chains/${c.code}`,
      { name: c.name, chainLeader: c.chainLeader },
      `${k}-chain-${c.code}`,
    );
  }
  for (const t of plan.targets) {
    await client.send(
      'PUT',
      `/targets/${plan.year}/${t.regionCode}`,
      t.values,
      `${k}-targets-${plan.year}-${t.regionCode}-n${plan.projects.length}`,
    );
  }
}

type CommandResult = { id: string; stage: Stage; version: number; issueId?: string };

/** One project's requests, in order; the project id and issue ids come from the answers. */
async function writeProject(
  client: LuodiClient,
  project: ProjectPlan,
  counters: Counters,
  subjects: Subjects,
  stopped: () => boolean,
  onStep: () => void,
): Promise<void> {
  let id = '';
  const issueIds: string[] = [];
  for (const step of project.steps) {
    if (stopped()) return;
    const issueId = step.issue !== undefined ? (issueIds[step.issue] ?? '') : '';
    const path = step.path.replace('{id}', id).replace('{issue}', issueId);
    const { body, replayed } = await client.send<CommandResult>(
      step.method,
      path,
      step.body,
      step.key,
    );
    if (step.kind === 'lead') {
      id = body.id;
      subjects.projectIds.set(project.index, id);
      subjects.names.set(id, subjectName(project.index));
    }
    if (step.kind === 'issue' && step.issue !== undefined && body.issueId) {
      issueIds[step.issue] = body.issueId;
      subjects.names.set(body.issueId, subjectName(project.index, step.issue));
    }
    if (!replayed) counters.events++;
    onStep();
  }
}

async function writeProjects(
  client: LuodiClient,
  plan: DemoPlan,
  concurrency: number,
  counters: Counters,
  subjects: Subjects,
): Promise<void> {
  const progress = progressReporter({
    label: 'projects',
    total: plan.projects.length,
    done: () => counters.projectsDone,
    written: () => counters.events,
    writtenLabel: 'events',
    client,
  });
  progress.start();
  try {
    await inParallel(plan.projects, concurrency, async (project, stopped) => {
      await writeProject(client, project, counters, subjects, stopped, () => progress.update());
      if (stopped()) return;
      counters.projectsDone++;
      progress.update();
    });
  } finally {
    progress.stop();
  }
}

// ---------------------------------------------------------------------------------------------
// The summary

/** Display width: CJK characters take two columns. */
const width = (s: string) =>
  [...s].reduce(
    (w, ch) => w + (/[\u1100-\uffff]/u.test(ch) && !/[\u2500-\u257f]/u.test(ch) ? 2 : 1),
    0,
  );
const padEnd = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));
const fmt = (n: number) => n.toLocaleString('en-US');
/** Sums 万元 amounts exactly (integer 元) and shows them in 亿元. */
const yi = (wanAmounts: number[]) =>
  (wanAmounts.reduce((s, w) => s + Math.round(w * 10_000), 0) / 1e8).toLocaleString('en-US', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });

function table(rows: ReadonlyArray<readonly [string, string]>): string {
  const left = Math.max(...rows.map(([k]) => width(k)));
  const right = Math.max(...rows.map(([, v]) => width(v)));
  const line = (l: string, m: string, r: string) =>
    `${l}${'─'.repeat(left + 2)}${m}${'─'.repeat(right + 2)}${r}`;
  return [
    line('┌', '┬', '┐'),
    ...rows.map(([k, v]) => `│ ${padEnd(k, left)} │ ${padEnd(v, right)} │`),
    line('└', '┴', '┘'),
  ].join('\n');
}

type RegionNode = { code: string; name: string; children: RegionNode[] };

function overdueIssues(plan: DemoPlan): number {
  let overdue = 0;
  for (const p of plan.projects) {
    const due = new Map<number, string>();
    const resolved = new Set<number>();
    for (const s of p.steps) {
      if (s.kind === 'issue-assignment' && s.issue !== undefined)
        due.set(s.issue, String(s.body.dueOn));
      if (s.kind === 'issue-resolution' && s.issue !== undefined) resolved.add(s.issue);
    }
    for (const [issue, on] of due) if (!resolved.has(issue) && on < plan.today) overdue++;
  }
  return overdue;
}

const SEVERITY_LABELS: Record<Severity, string> = { RED: '红', YELLOW: '黄', GREEN: '绿' };
const LEVEL_LABELS: Record<EscalationLevel, string> = {
  UNIT: '责任单位',
  DEPUTY_MAYOR: '分管副市长',
  CITY_LEADER: '市领导',
};

function supervisionRows(r: SupervisionReport): Array<readonly [string, string]> {
  const changes = (e: { raised: number; escalated: number; cleared: number }) =>
    `${fmt(e.raised)} raised · ${fmt(e.escalated)} escalated · ${fmt(e.cleared)} cleared`;
  const q = r.queue;
  const severities = [...SEVERITIES]
    .reverse()
    .map((s) => `${SEVERITY_LABELS[s]} ${fmt(q.bySeverity[s])}`)
    .join(' · ');
  const levels = ESCALATION_LEVELS.map((l) => `${LEVEL_LABELS[l]} ${fmt(q.byLevel[l])}`).join(
    ' · ',
  );
  const statuses = (counts: Record<string, number>, closed: boolean) =>
    SUPERVISION_STATUSES.filter((s) => closed || s !== 'CLOSED')
      .map((s) => `${STATUS_LABELS[s]} ${fmt(counts[s] ?? 0)}`)
      .join(' · ');
  const d = q.decisions;
  const w = r.work;
  const first = r.queueAfterSeeding;
  const rows: Array<readonly [string, string]> = [
    [
      'evaluated 评估',
      `after the projects: ${changes(r.afterSeeding)}; ${fmt(first.open)} open ` +
        `(红 ${fmt(first.bySeverity.RED)} · 黄 ${fmt(first.bySeverity.YELLOW)})`,
    ],
  ];
  if (r.meetings.first && r.meetings.last) {
    rows.push(
      [
        '周例会 meetings',
        `${r.meetings.count} (Tuesdays ${r.meetings.first} … ${r.meetings.last}): ` +
          `${r.meetings.decisions} 议定事项, ${r.meetings.steps} steps taken on them`,
      ],
      ['follow-up 跟踪评估', `${r.followUps.count} at past meeting days: ${changes(r.followUps)}`],
    );
  }
  rows.push(
    [
      'worked 办理',
      `${fmt(w.items)} items: 签收 ${w.steps.acknowledgement} · 反馈 ${w.steps.feedback} ` +
        `(进展 ${w.progress}) · 复核 ${w.steps.review} (退回 ${w.returned}) · 办结 ${w.steps.closure}`,
    ],
    ['requests 请求', `${fmt(r.written)} written this run, ${fmt(r.replayed)} replayed`],
    ['evaluated again 再评估', `${r.now.today}: ${changes(r.now)}`],
    ['open items 待办', `${fmt(q.open)}: ${severities}; ${fmt(q.overdue)} overdue 超期`],
    ['escalation 督办层级', levels],
    ['status 办理状态', statuses(q.byStatus, false)],
    [
      'decisions 议定事项',
      `${fmt(d.total)}: ${statuses(d.byStatus, true)}; open ` +
        [...SEVERITIES]
          .reverse()
          .map((s) => `${SEVERITY_LABELS[s]} ${d.bySeverity[s]}`)
          .join(' · '),
    ],
  );
  return rows;
}

/** The meeting the report is for: the first Tuesday on or after `day`. */
function nextTuesday(day: string): string {
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return addDays(day, (2 - weekday + 7) % 7);
}

async function summary(
  client: LuodiClient,
  plan: DemoPlan,
  counters: Counters,
  supervision: SupervisionReport,
  elapsedMs: number,
): Promise<string> {
  // County by county: each is usually one page of the list.
  const byId = new Map<string, ListItem>();
  for (const county of plan.regions.filter((r) => r.level === 'COUNTY')) {
    const found = await scanProjects(client, (ref) => ref.startsWith(plan.refPrefix), {
      regionCode: county.code,
    });
    for (const item of found) byId.set(item.id, item);
  }
  const items = [...byId.values()];
  const tree = await client.get<RegionNode[]>('/regions');
  const find = (nodes: RegionNode[]): RegionNode | undefined =>
    nodes.map((n) => (n.code === plan.city.code ? n : find(n.children))).find(Boolean);
  const city = find(tree);
  const counties = city?.children ?? [];
  const towns = counties.reduce((s, c) => s + c.children.length, 0);

  const byStage = STAGES.map((stage) => {
    const n = items.filter((i) => i.stage === stage).length;
    return `${STAGE_LABELS[stage]} ${n}`;
  }).join(' · ');
  const signed = items.filter((i) => i.signedOn !== null && i.contractInvestment !== null);
  const cnySigned = signed.filter((i) => i.currency === 'CNY');
  const usdSigned = signed.filter((i) => i.currency === 'USD');
  const thisYear = cnySigned.filter((i) => i.signedOn?.startsWith(`${plan.year}-`));
  const usd =
    usdSigned.length > 0
      ? ` + ${fmt(usdSigned.reduce((s, i) => s + (i.contractInvestment ?? 0), 0))} 万美元 (${usdSigned.length} 外资)`
      : '';
  const lights = ['RED', 'YELLOW'].map((l) => items.filter((i) => i.light === l).length);
  const seconds = elapsedMs / 1000;
  const rows: Array<readonly [string, string]> = [
    [
      'city 城市',
      `${plan.city.name} (${plan.city.code}), seed ${plan.seed}, dates up to ${plan.today}`,
    ],
    [
      'regions 区划',
      `${counties.length} 县区 + ${towns} 乡镇/开发区 (${1 + counties.length + towns} in all)`,
    ],
    ['industry chains 产业链', `${plan.chains.length} (with 链长)`],
    ['projects 项目', `${items.length}: ${byStage}`],
    [
      'events written 事件',
      `${fmt(counters.events)} this run; ${fmt(items.reduce((s, i) => s + i.version, 0))} in the demo's projects`,
    ],
    [
      'requests 请求',
      `${fmt(client.requests)} (${fmt(client.replays)} replayed), ${(client.requests / Math.max(seconds, 0.001)).toFixed(0)} req/s`,
    ],
    ['签约 signed', `${signed.length} projects, ${plan.year}年 ${thisYear.length}`],
    ['合同投资额 contract', `${yi(cnySigned.map((i) => i.contractInvestment ?? 0))} 亿元${usd}`],
    ['实到资金 arrived', `${yi(items.map((i) => i.arrived))} 亿元`],
    [
      'open issues 未化解问题',
      `${fmt(items.reduce((s, i) => s + i.openIssues, 0))} (${overdueIssues(plan)} overdue)`,
    ],
    ['lights 红黄灯', `红 ${lights[0]} · 黄 ${lights[1]}`],
    ['elapsed 用时', `${seconds.toFixed(1)} s`],
  ];
  const api = client.apiUrl;
  const meeting = nextTuesday(plan.today);
  const link = async (format: 'html' | 'xlsx') =>
    (
      await client.send<{ url: string }>('POST', '/reports/links', {
        report: 'weekly-meeting',
        date: meeting,
        regionCode: plan.city.code,
        format,
        ttlSeconds: 86_400,
      })
    ).body.url;
  return [
    table(rows),
    '',
    `督查督办 supervision (${plan.city.name} and below):`,
    table(supervisionRows(supervision)),
    '',
    `The weekly meeting report for ${meeting} (每周二推进会; open in a browser, valid for 24 hours):`,
    `  page:  ${await link('html')}`,
    `  Excel: ${await link('xlsx')}`,
    '',
    'Where to look next:',
    `  KEY=... (the admin key; see above)`,
    `  curl -H "Authorization: Bearer $KEY" '${api}/projects?stage=SIGNED&limit=20'`,
    `  curl -H "Authorization: Bearer $KEY" '${api}/projects?minInvestment=50000&light=RED'`,
    `  curl -H "Authorization: Bearer $KEY" '${api}/projects/<id>/events'`,
    `  curl -H "Authorization: Bearer $KEY" '${api}/targets/${plan.year}'`,
    `  curl -H "Authorization: Bearer $KEY" '${api}/regions'`,
    `  curl -H "Authorization: Bearer $KEY" '${api}/supervision/items?status=OPEN&severity=RED&limit=20'`,
    ...(supervision.meetings.last
      ? [
          `  curl -H "Authorization: Bearer $KEY" '${api}/meetings/${supervision.meetings.last}/decisions'`,
        ]
      : []),
    `  API docs: ${client.baseUrl}/api/docs`,
  ].join('\n');
}

// ---------------------------------------------------------------------------------------------

/** Fills the server at LUODI_URL (or PORT) with the demo city; resolves with the exit code. */
export async function runDemo(args: DemoArgs, env: NodeJS.ProcessEnv): Promise<number> {
  const started = Date.now();
  const baseUrl = serverUrl(env);
  await waitForHealth(baseUrl); // first, as a first start writes the key file
  const { key, source } = await apiKey(env);
  const client = new LuodiClient(baseUrl, key);
  await checkKey(client, source);

  const today = todayInShanghai(new Date());
  const anchor = await anchorDay(client, args, today);
  const plan = generateDemo({ seed: args.seed, projects: args.projects, today: anchor });
  const steps = plan.projects.reduce((s, p) => s + p.steps.length, 0);
  console.log(
    `luodi demo: ${plan.city.name} (${plan.city.code}), seed ${plan.seed}, ${plan.projects.length} projects, ` +
      `${fmt(steps)} requests, dates up to ${plan.today}` +
      (anchor !== today && !args.today ? ' (the day this seed was first run here: replaying)' : ''),
  );
  console.log(`server ${client.apiUrl}, key from ${source}`);

  const counters: Counters = { events: 0, projectsDone: 0 };
  await writeReference(client, plan);
  console.log(
    `reference data: ${plan.regions.length} regions, ${plan.chains.length} industry chains, ` +
      `${plan.targets.length} annual targets for ${plan.year}`,
  );
  const subjects = newSubjects();
  await writeProjects(client, plan, args.concurrency, counters, subjects);
  const supervision = await runSupervision(
    client,
    plan,
    planSupervision(plan, args.meetings),
    subjects,
    args.concurrency,
    (line) => console.log(line),
  );
  console.log('');
  console.log(await summary(client, plan, counters, supervision, Date.now() - started));
  return 0;
}
