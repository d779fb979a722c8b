import { isAlertType, type AlertEnvelope } from '@luodi/contracts';
import { viewOf, type ItemView } from '@luodi/domain';
import type { LogEvent } from '@luodi/messaging';
import { SUPERVISION_ITEM_STREAM_PREFIX } from './supervision-items.repository';

/** Raised, escalated, cleared and closed go out as alerts; the steps in between do not. */
export const isAlertEvent = (event: Pick<LogEvent, 'streamId' | 'type'>): boolean =>
  event.streamId.startsWith(SUPERVISION_ITEM_STREAM_PREFIX) && isAlertType(event.type);

/** The alert an item event becomes: the item view the event carries, at the evaluation instant. */
export function alertEnvelopeOf(event: LogEvent): AlertEnvelope {
  if (!isAlertType(event.type)) throw new Error(`${event.type} is not an alert`);
  const data = event.data as ItemView & { at: string };
  return {
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    ...viewOf(data),
    occurredAt: data.at,
  };
}
