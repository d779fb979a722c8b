import 'reflect-metadata';
import { EventStore } from '@luodi/event-store';
import { ConfigError, loadConfig } from '../config/app-config';
import { openDatabase } from '../database/database.providers';
import { verifyLog } from './log-verifier';

/**
 * `npm run log:verify`: recomputes every hash chain of the configured database's log, prints
 * the result as JSON and exits 0 when the log is intact, 1 when a link is broken.
 */
async function main(): Promise<void> {
  // An offline check may take longer than an API statement is allowed to.
  const dataSource = await openDatabase({ ...loadConfig(), statementTimeoutMs: 0 });
  try {
    const result = await verifyLog(new EventStore(dataSource), () => new Date());
    console.log(JSON.stringify(result, null, 2));
    process.exitCode = result.ok ? 0 : 1;
  } finally {
    await dataSource.destroy();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(2);
});
