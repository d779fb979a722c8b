import { Logger } from '@nestjs/common';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';
import type { Clock } from '../common/clock';
import { generateApiKey, hashApiKey } from './api-key';
import type { ClientsRepository } from './clients.repository';

export const ADMIN_KEY_FILE = 'admin-key.txt';

/**
 * Makes sure someone can administer a new installation: BOOTSTRAP_ADMIN_KEY when configured,
 * otherwise a generated key on the very first start, written to a file only the owner can read.
 * Either way the key's client is recorded in the log like every other.
 */
export async function bootstrapAdmin(
  config: AppConfig,
  clients: ClientsRepository,
  clock: Clock,
): Promise<void> {
  const logger = new Logger('AdminBootstrap');
  const late = await clients.recordUnrecorded();
  if (late > 0) logger.log(`Recorded ${late} earlier client(s) in the log`);
  if (config.bootstrapAdminKey !== undefined) {
    await clients.ensureBootstrap(hashApiKey(config.bootstrapAdminKey), clock.now());
    logger.log('Admin key: BOOTSTRAP_ADMIN_KEY is active');
    return;
  }
  if ((await clients.count()) > 0) return;

  const apiKey = generateApiKey();
  await mkdir(config.dataDir, { recursive: true });
  const file = join(config.dataDir, ADMIN_KEY_FILE);
  await writeFile(file, `${apiKey}\n`, { mode: 0o600 });
  await clients.create({
    name: 'first-admin',
    scopes: ['admin'],
    regionCodes: [],
    keyHash: hashApiKey(apiKey),
    reason: 'first start',
  });
  logger.log(`Created the first admin key; it is in ${file} (readable by its owner only)`);
}
