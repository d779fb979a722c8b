import {
  CURRENT_SCHEMA_VERSIONS,
  isProjectEventType,
  type LeadRegisteredData,
  type ProjectEvent,
} from './events';
import { omitUndefined } from './omit-undefined';

/**
 * A stored payload the code cannot read (unknown type, a version from newer code, or a
 * malformed legacy payload). Not a DomainError: it is a deployment or data fault, not a
 * refused request, and must surface as a server error.
 */
export class UpcastError extends Error {
  override readonly name = 'UpcastError';
}

type Upcaster = (data: unknown) => unknown;

function asRecord(type: string, version: number, data: unknown): Record<string, unknown> {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UpcastError(`${type} v${version}: data is not an object`);
  }
  return data as Record<string, unknown>;
}

/** LeadRegistered v1 → v2: the flat investorName / investorOrigin become `investor`. */
function leadRegisteredV1ToV2(data: unknown): LeadRegisteredData {
  const { investorName, investorOrigin, ...rest } = asRecord('LeadRegistered', 1, data);
  if (typeof investorName !== 'string') {
    throw new UpcastError('LeadRegistered v1: investorName is missing');
  }
  const investor = omitUndefined({
    name: investorName,
    origin: typeof investorOrigin === 'string' ? investorOrigin : undefined,
  });
  return { ...(rest as Omit<LeadRegisteredData, 'investor'>), investor };
}

// upcasters[type][v] turns version v into v + 1.
const UPCASTERS: Partial<Record<string, Record<number, Upcaster>>> = {
  LeadRegistered: { 1: leadRegisteredV1ToV2 },
};

/** Brings a stored payload up to the current schema version of its type. */
export function upcast(type: string, schemaVersion: number, data: unknown): ProjectEvent {
  if (!isProjectEventType(type)) throw new UpcastError(`Unknown event type ${type}`);
  const current = CURRENT_SCHEMA_VERSIONS[type];
  if (!Number.isInteger(schemaVersion) || schemaVersion < 1 || schemaVersion > current) {
    throw new UpcastError(
      `${type} schema version ${schemaVersion} is not readable (current is ${current})`,
    );
  }
  let payload = data;
  for (let version = schemaVersion; version < current; version++) {
    const step = UPCASTERS[type]?.[version];
    if (!step) throw new UpcastError(`No upcaster for ${type} v${version}`);
    payload = step(payload);
  }
  asRecord(type, current, payload);
  return { type, schemaVersion: current, data: payload } as ProjectEvent;
}
