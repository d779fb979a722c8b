// What a run found: one figure per line, each beside its baseline and target, printed as a
// table and written as JSON (bench/results/<time>.json and bench/results/latest.json).

import { execSync } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { round } from './stats';

export interface Figure {
  benchmark: string;
  database: string;
  size: string;
  /** What was measured, e.g. "commands/s" or "p95 ms". */
  metric: string;
  value: number;
  baseline?: { what: string; value: number };
  /** value / baseline (for rates) or baseline / value (for times): 1 means as fast as raw. */
  ratio?: number;
  target?: string;
  met?: boolean;
  note?: string;
}

export class Results {
  readonly figures: Figure[] = [];

  add(figure: Figure): void {
    this.figures.push(figure);
    console.log(`  ${line(figure)}`);
  }

  table(): string {
    const rows = this.figures.map((f) => [
      f.benchmark,
      `${f.database} ${f.size}`,
      `${fmt(f.value)} ${f.metric}`,
      f.baseline ? `${fmt(f.baseline.value)} (${f.baseline.what})` : '—',
      f.ratio === undefined ? '—' : `${fmt(f.ratio, 2)}`,
      f.target ?? '—',
      f.met === undefined ? '' : f.met ? 'met' : 'MISSED',
    ]);
    const head = ['benchmark', 'database', 'figure', 'baseline', 'ratio', 'target', ''];
    const widths = head.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i]!))));
    const render = (r: string[]) =>
      r.map((c, i) => c + ' '.repeat(widths[i]! - width(c))).join('  ');
    return [render(head), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(render)].join(
      '\n',
    );
  }

  async write(options: Record<string, unknown>): Promise<string> {
    const dir = resolve(__dirname, '../../bench/results');
    await mkdir(dir, { recursive: true });
    const at = new Date().toISOString();
    const body = JSON.stringify(
      { at, commit: commit(), machine: machine(), options, figures: this.figures },
      null,
      2,
    );
    const file = join(dir, `${at.replaceAll(':', '-')}.json`);
    await writeFile(file, body);
    await writeFile(join(dir, 'latest.json'), body);
    return file;
  }
}

function line(f: Figure): string {
  const base = f.baseline ? ` vs ${fmt(f.baseline.value)} ${f.baseline.what}` : '';
  const ratio = f.ratio === undefined ? '' : ` (ratio ${fmt(f.ratio, 2)})`;
  const target = f.target ? ` target ${f.target}: ${f.met ? 'met' : 'MISSED'}` : '';
  return `${f.benchmark} [${f.database} ${f.size}] ${fmt(f.value)} ${f.metric}${base}${ratio}${target}`;
}

const fmt = (n: number, digits = 1) =>
  Number.isFinite(n)
    ? round(n, Math.abs(n) >= 100 ? 0 : digits).toLocaleString('en-US')
    : String(n);

/** Display width: CJK characters take two columns. */
const width = (s: string) =>
  [...s].reduce((w, c) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(c) ? 2 : 1), 0);

function commit(): string {
  try {
    const sha = execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
    const dirty = execSync('git status --porcelain --untracked-files=no', {
      stdio: ['ignore', 'pipe', 'ignore'],
    }).toString();
    return dirty.trim() ? `${sha}+changes` : sha;
  } catch {
    return 'unknown';
  }
}

function machine(): Record<string, unknown> {
  return {
    cpus: cpus().length,
    cpu: cpus()[0]?.model,
    memoryGiB: round(totalmem() / 2 ** 30, 1),
    node: process.version,
  };
}
