import { CreateEventStore1763700000000 } from './1763700000000-CreateEventStore';
import { CreateApiTables1763700100000 } from './1763700100000-CreateApiTables';
import { CreateProjections1763800000000 } from './1763800000000-CreateProjections';
import { CreateMessaging1763900000000 } from './1763900000000-CreateMessaging';
import { CreateSupervision1764000000000 } from './1764000000000-CreateSupervision';
import { CreateLinkSigningKey1765000000000 } from './1765000000000-CreateLinkSigningKey';
import { IndexItemStreams1766000000000 } from './1766000000000-IndexItemStreams';

/**
 * Every migration, oldest first. Listed as classes (not a glob) so the same list works
 * under jest/ts and in the compiled dist/ output. Add new migrations at the end.
 */
export const ALL_MIGRATIONS = [
  CreateEventStore1763700000000,
  CreateApiTables1763700100000,
  CreateProjections1763800000000,
  CreateMessaging1763900000000,
  CreateSupervision1764000000000,
  CreateLinkSigningKey1765000000000,
  IndexItemStreams1766000000000,
];
