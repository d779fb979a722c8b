import { HttpException } from '@nestjs/common';
import { DomainError, type DomainErrorCode } from '@luodi/domain';
import {
  DuplicateEventError,
  isConnectionReleased,
  WrongExpectedVersionError,
} from '@luodi/event-store';
import { ApiProblem, validationProblem, type ProblemCode } from './problem';

/** Domain refusals that are a conflict with the project's state rather than bad input. */
const STATE_CONFLICTS: Partial<Record<DomainErrorCode, ProblemCode>> = {
  PROJECT_ALREADY_EXISTS: 'PROJECT_ALREADY_EXISTS',
  PROJECT_NOT_FOUND: 'NOT_FOUND',
  ISSUE_NOT_FOUND: 'NOT_FOUND',
  STAGE_TRANSITION_NOT_ALLOWED: 'STAGE_TRANSITION_NOT_ALLOWED',
  ISSUE_ALREADY_RESOLVED: 'ISSUE_ALREADY_RESOLVED',
  NOT_SIGNED: 'NOT_SIGNED',
  INVALID_ESCALATION: 'INVALID_ESCALATION',
  ITEM_STEP_NOT_ALLOWED: 'ITEM_STEP_NOT_ALLOWED',
};

/** Database failures that mean "not reachable now", not "bug": answered with 503. */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '08000',
  '08001',
  '08003',
  '08006',
  '25006',
  '53100',
  '53000',
  '53200',
  '08004',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

/** Causes a caller (and whoever reads the log) should be told by name; the rest are "not reachable". */
const UNAVAILABLE_DETAILS: Record<string, string> = {
  '25006':
    'The database is read-only right now (maintenance or a fail-over): nothing was written. Reads still work; retry the write later.',
  '53100':
    'The database server has run out of disk space: nothing was written. Reads still work; retry the write later.',
  '53000': 'The database server is out of resources right now: nothing was written; retry later.',
  '53200': 'The database server is out of memory right now: nothing was written; retry later.',
  '53300': 'The database has no free connection right now; retry later.',
};

function unavailableDetail(error: unknown): string {
  return (
    UNAVAILABLE_DETAILS[pgCode(error) ?? ''] ??
    'The database is not reachable right now; retry later.'
  );
}

export function toApiProblem(error: unknown): ApiProblem {
  if (error instanceof ApiProblem) return error;
  if (error instanceof DomainError) return fromDomain(error);
  if (error instanceof WrongExpectedVersionError) {
    return new ApiProblem(
      'VERSION_CONFLICT',
      `The project changed concurrently (now at version ${String(error.actual)}); retry.`,
      {
        currentVersion: error.actual,
      },
    );
  }
  if (error instanceof DuplicateEventError) {
    return new ApiProblem('CONFLICT', 'These events were already recorded.');
  }
  // Nest 12 wraps body-parser failures in an HttpException; their `type` is on the cause.
  const bodyParser = ((error instanceof HttpException ? error.cause : undefined) ?? error) as {
    type?: string;
    status?: number;
  };
  if (bodyParser.type === 'entity.too.large')
    return new ApiProblem('PAYLOAD_TOO_LARGE', 'The request body exceeds 64 KB.');
  if (bodyParser.type === 'entity.parse.failed')
    return validationProblem([{ field: 'body', message: 'the body is not valid JSON' }]);
  if (bodyParser.type === 'encoding.unsupported' || bodyParser.type === 'charset.unsupported') {
    return new ApiProblem('UNSUPPORTED_MEDIA_TYPE', 'Send JSON in UTF-8.');
  }
  if (error instanceof HttpException) return fromHttp(error);
  // 57014: cancelled, mostly by DATABASE_STATEMENT_TIMEOUT_MS; the next attempt may well pass.
  if (pgCode(error) === '57014') {
    return new ApiProblem(
      'UNAVAILABLE',
      'The database took too long to answer and the query was cancelled; retry later.',
      { retryAfterSeconds: 5 },
    );
  }
  if (isUnavailable(error)) {
    return new ApiProblem('UNAVAILABLE', unavailableDetail(error), { retryAfterSeconds: 5 });
  }
  return new ApiProblem(
    'INTERNAL',
    'An unexpected error occurred; it has been logged with the correlation id.',
  );
}

function fromDomain(error: DomainError): ApiProblem {
  const conflict = STATE_CONFLICTS[error.code];
  const details = error.details ?? {};
  if (conflict) return new ApiProblem(conflict, error.message, details);
  const field = typeof details.field === 'string' ? details.field : fieldFor(error.code);
  return validationProblem([{ field, message: error.message, code: error.code }], error.message);
}

function fieldFor(code: DomainErrorCode): string {
  switch (code) {
    case 'DATE_IN_FUTURE':
    case 'DATE_BEFORE_PREVIOUS':
    case 'INVALID_DATE':
      return 'occurredOn';
    case 'INVALID_CREDIT_CODE':
      return 'creditCode';
    case 'INVALID_AMOUNT':
      return 'amount';
    default:
      return 'body';
  }
}

function fromHttp(error: HttpException): ApiProblem {
  const status = error.getStatus();
  const code: ProblemCode =
    status === 404
      ? 'NOT_FOUND'
      : status === 405
        ? 'METHOD_NOT_ALLOWED'
        : status === 413
          ? 'PAYLOAD_TOO_LARGE'
          : status === 415
            ? 'UNSUPPORTED_MEDIA_TYPE'
            : status === 429
              ? 'RATE_LIMITED'
              : status === 401
                ? 'UNAUTHENTICATED'
                : status === 403
                  ? 'FORBIDDEN'
                  : status >= 500
                    ? 'INTERNAL'
                    : 'VALIDATION_FAILED';
  // A 400 from the framework (an undecodable path parameter, a body it could not inflate)
  // still names what was wrong, like every VALIDATION_FAILED.
  const errors =
    code === 'VALIDATION_FAILED' ? [{ field: 'request', message: error.message }] : undefined;
  return new ApiProblem(code, error.message, { status, ...(errors ? { errors } : {}) });
}

function pgCode(error: unknown): string | undefined {
  const e = error as { code?: unknown; driverError?: { code?: unknown } } | null;
  const code = e?.driverError?.code ?? e?.code;
  return typeof code === 'string' ? code : undefined;
}

function isUnavailable(error: unknown): boolean {
  if (isConnectionReleased(error)) return true;
  const e = error as { code?: string; driverError?: { code?: string }; message?: string };
  const code = e.driverError?.code ?? e.code;
  if (code !== undefined && UNAVAILABLE_CODES.has(code)) return true;
  return /Connection terminated|connection timeout|Client has encountered a connection error/i.test(
    e.message ?? '',
  );
}
