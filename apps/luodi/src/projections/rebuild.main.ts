import 'reflect-metadata';
import { FactsProjection, Projector } from '@luodi/projections';
import { ConfigError, loadConfig } from '../config/app-config';
import { openDatabase } from '../database/database.providers';

/**
 * `npm run projections:rebuild [-- <name>]`: rebuilds a projection (default: every one) with
 * the server stopped, printing progress, then switches over and exits.
 */
async function main(): Promise<void> {
  // Offline, with the server stopped: no API statement timeout.
  const dataSource = await openDatabase({ ...loadConfig(), statementTimeoutMs: 0 });
  const projector = new Projector(dataSource, [new FactsProjection()], {
    logger: { log: (m) => console.log(m), error: (m, e) => console.error(m, e) },
  });
  try {
    await projector.init();
    const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
    const names = wanted.length > 0 ? wanted : projector.projections.map((p) => p.name);
    for (const name of names) {
      const done = await projector.rebuild(name, {
        onProgress: (p) =>
          process.stdout.write(
            `\r${name}: ${p.eventsDone}/${p.eventsTotal} events, ${p.eventsPerSecond}/s, ` +
              `${p.secondsLeft === null ? '?' : p.secondsLeft}s left   `,
          ),
      });
      process.stdout.write(
        `\n${name}: generation ${done.generation} (version ${done.version}) is live: ${done.eventsDone} events\n`,
      );
    }
  } finally {
    await projector.stop();
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
