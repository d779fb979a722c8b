import type { LifecycleEnvelope } from '@luodi/contracts';
import type { LogEvent } from './log-reader';

/** Project streams are named `project-<uuid>`; their events go to the lifecycle topic. */
export const PROJECT_STREAM_PREFIX = 'project-';

export const isProjectStream = (event: Pick<LogEvent, 'streamId'>): boolean =>
  event.streamId.startsWith(PROJECT_STREAM_PREFIX);

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** A log event as published on `projects.lifecycle.v1`. */
export function lifecycleEnvelope(event: LogEvent): LifecycleEnvelope {
  return {
    eventId: event.eventId,
    projectId: event.streamId.slice(PROJECT_STREAM_PREFIX.length),
    streamId: event.streamId,
    version: event.version,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    occurredOn: event.occurredOn,
    recordedAt: event.recordedAt,
    position: event.position,
    txId: event.txId,
    correlationId: text(event.metadata.correlationId),
    actor: text(event.metadata.actor),
  };
}

/** A consumed lifecycle message as the handlers see it: exactly the event the log holds. */
export function logEventOf(envelope: LifecycleEnvelope): LogEvent {
  const metadata: Record<string, unknown> = {};
  if (envelope.correlationId !== null) metadata.correlationId = envelope.correlationId;
  if (envelope.actor !== null) metadata.actor = envelope.actor;
  return {
    eventId: envelope.eventId,
    position: envelope.position,
    txId: envelope.txId,
    streamId: envelope.streamId,
    version: envelope.version,
    type: envelope.type,
    schemaVersion: envelope.schemaVersion,
    data: envelope.data,
    metadata,
    occurredOn: envelope.occurredOn,
    recordedAt: envelope.recordedAt,
  };
}
