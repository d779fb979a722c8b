// `npm run demo`: fills a running luodi server with a realistic, deterministic demo city, all
// through the public REST API (so every rule is enforced), idempotently (a re-run replays).

import { ArgsError, parseArgs, USAGE } from './args';
import { ApiError } from './client';
import { DemoError, runDemo } from './demo-run';

async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  const args = parseArgs(argv);
  if (args.help) {
    console.log(USAGE);
    return 0;
  }
  return runDemo(args, env);
}

main(process.argv.slice(2), process.env).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error('');
    if (error instanceof ArgsError) {
      console.error(`demo: ${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
    } else if (error instanceof DemoError) {
      console.error(`demo: ${error.message}`);
      process.exitCode = 1;
    } else if (error instanceof ApiError) {
      const reused =
        typeof error.problem === 'object' &&
        error.problem !== null &&
        (error.problem as { code?: unknown }).code === 'IDEMPOTENCY_KEY_REUSED';
      console.error(`demo: a request failed, so the demo stopped.\n${error.describe()}`);
      console.error(
        reused
          ? '\nThis server already holds a demo made with the same seed and day but other data (another\n' +
              'version of the generator). Use another --seed, or give the server a fresh DATA_DIR.'
          : '\nRe-running the demo resumes where it stopped: every write is idempotent.',
      );
      process.exitCode = 1;
    } else {
      console.error('demo failed:', error);
      process.exitCode = 1;
    }
  },
);
