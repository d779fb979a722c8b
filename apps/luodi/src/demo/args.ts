// Command-line options of `npm run demo -- --seed 7 --projects 200`.

import { isBusinessDate } from '@luodi/domain';

export type DemoArgs = {
  seed: number;
  projects: number;
  concurrency: number;
  /** 周例会 of the last weeks whose decisions are recorded (0: none). */
  meetings: number;
  /** Pretend today is this day (the anchor of all dates); default: found again, or today. */
  today?: string;
  help: boolean;
};

export const USAGE = `Usage: npm run demo -- [options]

Fills a running luodi server with a realistic, deterministic demo city through the REST API:
regions, industry chains, targets and projects; then 督查督办: the rules are evaluated, the
weekly meetings' decisions recorded, part of the queue worked (签收, 反馈, 复核, 办结) and the
rules evaluated again.

Options:
  --seed N          PRNG seed (default 42); the same seed gives the same city and projects
  --projects N      number of projects (default 400)
  --concurrency N   projects written at the same time (default 4)
  --meetings N      weekly meetings (周例会, Tuesdays) before today whose decisions are
                    recorded and followed up (default 8; 0: none)
  --today DATE      anchor day YYYY-MM-DD for the timeline (default: the day this seed was
                    first run against this server, else today in Asia/Shanghai)
  -h, --help        this text

Environment:
  LUODI_URL            server (default http://localhost:\${PORT:-3000})
  LUODI_API_KEY        admin key; else BOOTSTRAP_ADMIN_KEY; else \${DATA_DIR:-./data}/admin-key.txt

Re-running with the same seed replays the same requests with the same Idempotency-Keys:
nothing is written twice (the rules are evaluated again as of now, which only reflects
the time that passed).`;

export class ArgsError extends Error {}

function intOption(name: string, value: string | undefined, min: number, max: number): number {
  if (value === undefined || !/^\d+$/.test(value)) {
    throw new ArgsError(`${name} needs a whole number, got ${value ?? 'nothing'}`);
  }
  const n = Number(value);
  if (n < min || n > max) throw new ArgsError(`${name} must be between ${min} and ${max}`);
  return n;
}

export function parseArgs(argv: readonly string[]): DemoArgs {
  const args: DemoArgs = { seed: 42, projects: 400, concurrency: 4, meetings: 8, help: false };
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i] as string;
    const [flag, inline] = raw.includes('=') ? raw.split('=', 2) : [raw, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--seed':
        args.seed = intOption('--seed', value(), 0, 2 ** 31 - 1);
        break;
      case '--projects':
        args.projects = intOption('--projects', value(), 1, 100_000);
        break;
      case '--concurrency':
        args.concurrency = intOption('--concurrency', value(), 1, 32);
        break;
      case '--meetings':
        args.meetings = intOption('--meetings', value(), 0, 52);
        break;
      case '--today': {
        const v = value();
        if (!isBusinessDate(v))
          throw new ArgsError(`--today needs a date YYYY-MM-DD, got ${v ?? 'nothing'}`);
        args.today = v;
        break;
      }
      case '-h':
      case '--help':
        args.help = true;
        break;
      default:
        throw new ArgsError(`unknown option ${raw}`);
    }
  }
  return args;
}
