// Stable error codes: the API maps them to problem+json responses, so never rename one.
export const DOMAIN_ERROR_CODES = [
  'PROJECT_ALREADY_EXISTS',
  'PROJECT_NOT_FOUND',
  'STAGE_TRANSITION_NOT_ALLOWED',
  'DATE_IN_FUTURE',
  'DATE_BEFORE_PREVIOUS',
  'INVALID_DATE',
  'INVALID_AMOUNT',
  'INVALID_CREDIT_CODE',
  'ISSUE_NOT_FOUND',
  'ISSUE_ALREADY_RESOLVED',
  'INVALID_ESCALATION',
  'NOTHING_TO_CHANGE',
  'NOT_SIGNED',
  'INVALID_COMMAND',
  'ITEM_STEP_NOT_ALLOWED',
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

/** A command broke a business rule. Nothing may be written when this is thrown. */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
