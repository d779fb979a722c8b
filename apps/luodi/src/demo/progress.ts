// The demo's progress: a bar on a terminal, a line per tenth otherwise (CI, a pipe).

import { Presets, SingleBar } from 'cli-progress';
import type { LuodiClient } from './client';

export type Progress = { start: () => void; update: () => void; stop: () => void };

export function progressReporter(options: {
  /** What is counted: "projects", "decisions", "items". */
  label: string;
  total: number;
  done: () => number;
  /** Writes so far and what they are: "1,065 events". */
  written: () => number;
  writtenLabel: string;
  client: LuodiClient;
}): Progress {
  const { label, total, done, written, writtenLabel, client } = options;
  let started = Date.now();
  let requests0 = client.requests;
  const payload = () => {
    const seconds = Math.max(0.001, (Date.now() - started) / 1000);
    return { events: written(), rps: ((client.requests - requests0) / seconds).toFixed(0) };
  };
  const begin = () => {
    started = Date.now();
    requests0 = client.requests;
  };
  if (process.stdout.isTTY) {
    const bar = new SingleBar(
      {
        format: ` ${label} {bar} {value}/{total} | {events} ${writtenLabel} | {rps} req/s | ETA {eta_formatted}`,
        stream: process.stdout,
        hideCursor: true,
        etaBuffer: 40,
        fps: 8,
      },
      Presets.shades_classic,
    );
    return {
      start: () => {
        begin();
        bar.start(total, 0, payload());
      },
      update: () => bar.update(done(), payload()),
      stop: () => bar.stop(),
    };
  }
  let lastDecile = -1;
  return {
    start: begin,
    update: () => {
      const n = done();
      const decile = total === 0 ? 10 : Math.floor((n * 10) / total);
      if (decile === lastDecile) return;
      lastDecile = decile;
      const p = payload();
      const elapsed = (Date.now() - started) / 1000;
      const eta = n > 0 ? Math.round((elapsed * (total - n)) / n) : 0;
      console.log(
        `${label} ${n}/${total} (${decile * 10}%) | ${p.events} ${writtenLabel} | ` +
          `${p.rps} req/s | ETA ${eta} s`,
      );
    },
    stop: () => undefined,
  };
}

/** Runs `work` on every entry, `concurrency` at a time; the first failure stops the rest. */
export async function inParallel<T>(
  entries: readonly T[],
  concurrency: number,
  work: (entry: T, stopped: () => boolean) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: Error | undefined;
  const stopped = () => failure !== undefined;
  const worker = async () => {
    while (failure === undefined && next < entries.length) {
      const entry = entries[next++] as T;
      try {
        await work(entry, stopped);
      } catch (error) {
        failure ??= error instanceof Error ? error : new Error(String(error));
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, worker));
  if (failure !== undefined) throw failure;
}
