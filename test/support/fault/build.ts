import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ENTRY_POINTS, REPO_ROOT } from './processes';

let built: Promise<void> | undefined;

/**
 * The suite runs the built deployables from dist/, so it builds them first (`npm run build`:
 * an incremental tsc, a few seconds when little changed). LUODI_FAULT_BUILD=0 skips the build
 * and uses dist/ as it is (it must then be fresh: `npm run build`).
 */
export function ensureBuilt(): Promise<void> {
  built ??= build();
  return built;
}

async function build(): Promise<void> {
  if (process.env.LUODI_FAULT_BUILD !== '0') {
    const tsc = join(REPO_ROOT, 'node_modules/typescript/bin/tsc');
    const child = spawn(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const code = await new Promise<number | null>((done) => child.once('exit', (c) => done(c)));
    if (code !== 0) throw new Error(`npm run build failed (tsc exited with ${code}):\n${output}`);
  }
  for (const entry of Object.values(ENTRY_POINTS)) {
    if (!existsSync(join(REPO_ROOT, entry))) {
      throw new Error(`${entry} is missing: run \`npm run build\` before the fault suite`);
    }
  }
}
