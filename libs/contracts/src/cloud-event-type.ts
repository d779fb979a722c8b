import { isProjectEventType } from '@luodi/domain';
import { isAlertType } from './alert-types';
import { InvalidMessageError } from './invalid-message-error';

/** project = projects.lifecycle.v1, supervision = supervision.alerts.v1. */
export type EventFamily = 'project' | 'supervision';

export interface ParsedCeType {
  family: EventFamily;
  type: string;
  schemaVersion: number;
}

const PREFIX = 'cn.gov.luodi';
const CE_TYPE_PATTERN =
  /^cn\.gov\.luodi\.(project|supervision)\.([A-Z][A-Za-z0-9]*)\.v([1-9][0-9]*)$/;

/** The CloudEvents `type` of an event: cn.gov.luodi.<family>.<Type>.v<schemaVersion>. */
export function ceType(type: string, schemaVersion: number): string {
  if (!Number.isSafeInteger(schemaVersion) || schemaVersion < 1) {
    throw new RangeError(`schema version must be a positive integer; got ${schemaVersion}`);
  }
  const family = familyOf(type);
  if (!family) throw new RangeError(`${type} is neither a project event nor an alert type`);
  return `${PREFIX}.${family}.${type}.v${schemaVersion}`;
}

/**
 * Reads a CloudEvents type back. Only the syntax is checked, not that the type is known here:
 * a newer producer may publish types this code has never seen.
 */
export function parseCeType(value: string): ParsedCeType {
  const match = CE_TYPE_PATTERN.exec(value);
  if (!match) throw new InvalidMessageError(`ce_type "${value}" is not a luodi event type`);
  return {
    family: match[1] as EventFamily,
    type: match[2] as string,
    schemaVersion: Number(match[3]),
  };
}

function familyOf(type: string): EventFamily | undefined {
  if (isProjectEventType(type)) return 'project';
  if (isAlertType(type)) return 'supervision';
  return undefined;
}
