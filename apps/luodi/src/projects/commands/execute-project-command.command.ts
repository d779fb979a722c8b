import { Command } from '@nestjs/cqrs';
import type { ProjectCommand, Stage } from '@luodi/domain';
import type { Principal } from '../../auth/scopes';
import type { IdempotencyContext } from '../../idempotency/idempotency';

/** Who sent a command and how: carried from the HTTP request into the handler and the events. */
export interface CommandMeta {
  principal: Principal;
  correlationId: string;
  /** From `If-Match`: the version the caller saw; a mismatch is 412 and never retried. */
  ifMatch?: number;
  idempotency?: IdempotencyContext;
  /** The status the route answers with, recorded for idempotent replays. */
  successStatus: number;
  /** The Location header the route answers with (a new project), recorded for replays. */
  location?: string;
  /** Called when the idempotency record was written in the command's own transaction. */
  onIdempotencySaved?: () => void;
}

export interface ProjectCommandResult {
  id: string;
  stage: Stage;
  version: number;
  issueId?: string;
}

/**
 * Every project command runs the same cycle (load, check access, decide, append with the
 * expected version), so one bus command carries any of them.
 */
export class ExecuteProjectCommand extends Command<ProjectCommandResult> {
  constructor(
    readonly projectId: string,
    readonly command: ProjectCommand,
    readonly meta: CommandMeta,
  ) {
    super();
  }
}
