// Supervision over a loaded city: catching up on the whole log (what a supervisor deployed
// onto an existing log does), then a full evaluation of every project, then a repeat that
// finds nothing to change. Runs last in this process: closing the app closes the database.

import { createApp } from '@luodi/app/app.factory';
import { SystemClock } from '@luodi/app/common/clock';
import { SupervisionEvaluator } from '@luodi/app/supervision/supervision-evaluator.service';
import { SupervisorService } from '@luodi/app/supervision/supervisor.service';
import { configFor } from '../database';
import { progress } from '../progress';
import { timed } from '../stats';
import type { SuiteContext } from './context';

export async function supervisionSuite(ctx: SuiteContext): Promise<void> {
  const { db, results } = ctx;
  const figure = { benchmark: 'supervision', database: ctx.target.label, size: ctx.size };
  const projects = Number(
    (await db.query<Array<{ n: string }>>(`SELECT count(*)::text AS n FROM project_list`))[0]!.n,
  );
  const app = await createApp(
    {
      config: configFor(ctx.target),
      dataSource: db,
      clock: new SystemClock(),
      roles: ['supervisor'],
    },
    false,
  );
  try {
    const catchUp = await timed(() => app.get(SupervisorService).catchUp());
    results.add({
      ...figure,
      metric: 'projects/s catching up on the whole log',
      value: projects / (catchUp / 1000),
      note: `${(catchUp / 1000).toFixed(1)} s for ${projects} projects; ${await openItems(db)} open items after it`,
    });
    const evaluator = app.get(SupervisionEvaluator);
    for (const run of ['first', 'repeat'] as const) {
      const bar = progress(`evaluation (${run})`, 'projects');
      bar.start(projects);
      let summary = {};
      const ms = await timed(async () => {
        const { raised, escalated, cleared } = await evaluator.evaluateAll(
          new Date(),
          `bench-${run}`,
          (done) => bar.update(done),
        );
        summary = { raised, escalated, cleared };
      });
      bar.stop();
      results.add({
        ...figure,
        metric: `projects/s, full evaluation (${run === 'first' ? 'after catch-up' : 'nothing to change'})`,
        value: projects / (ms / 1000),
        note: `${(ms / 1000).toFixed(1)} s; ${JSON.stringify(summary)}`,
      });
    }
  } finally {
    await app.close();
  }
}

async function openItems(db: SuiteContext['db']): Promise<number> {
  const rows: Array<{ n: string }> = await db.query(
    `SELECT count(*)::text AS n FROM supervision_items WHERE status <> 'CLOSED'`,
  );
  return Number(rows[0]?.n ?? 0);
}
