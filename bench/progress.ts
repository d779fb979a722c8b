// Progress of a long step: a bar on a terminal, a line per tenth otherwise (CI, a pipe).
import { Presets, SingleBar } from 'cli-progress';

export interface Progress {
  start(total: number): void;
  update(done: number): void;
  stop(): void;
}

export function progress(label: string, unit: string): Progress {
  let total = 0;
  let started = 0;
  const rate = (done: number) => Math.round(done / Math.max(0.001, (Date.now() - started) / 1000));
  if (process.stdout.isTTY) {
    const bar = new SingleBar(
      {
        format: `  ${label} [{bar}] {value}/{total} ${unit} · {rate}/s · {eta}s left`,
        hideCursor: true,
      },
      Presets.shades_classic,
    );
    return {
      start: (n) => {
        total = n;
        started = Date.now();
        bar.start(total, 0, { rate: 0 });
      },
      update: (done) => bar.update(done, { rate: rate(done) }),
      stop: () => bar.stop(),
    };
  }
  let tenth = 0;
  return {
    start: (n) => {
      total = n;
      started = Date.now();
      tenth = 0;
    },
    update: (done) => {
      const now = Math.floor((done / Math.max(1, total)) * 10);
      if (now <= tenth) return;
      tenth = now;
      console.log(`  ${label}: ${done}/${total} ${unit} (${rate(done)}/s)`);
    },
    stop: () => undefined,
  };
}
