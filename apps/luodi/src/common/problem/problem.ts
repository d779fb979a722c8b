/** RFC 9457 problem details, with the contract's stable codes. */
export const PROBLEM_CODES = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  NOT_ACCEPTABLE: 406,
  REQUEST_TIMEOUT: 408,
  STAGE_TRANSITION_NOT_ALLOWED: 409,
  ISSUE_ALREADY_RESOLVED: 409,
  PROJECT_ALREADY_EXISTS: 409,
  NOT_SIGNED: 409,
  INVALID_ESCALATION: 409,
  ITEM_STEP_NOT_ALLOWED: 409,
  CONFLICT: 409,
  VERSION_CONFLICT: 409,
  PRECONDITION_FAILED: 412,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_KEY_REUSED: 422,
  IDEMPOTENCY_KEY_IN_USE: 409,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UNAVAILABLE: 503,
} as const;

export type ProblemCode = keyof typeof PROBLEM_CODES;

export interface FieldError {
  field: string;
  message: string;
  code?: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ProblemCode;
  instance?: string;
  correlationId?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

const TITLES: Record<ProblemCode, string> = {
  VALIDATION_FAILED: 'Validation failed',
  UNAUTHENTICATED: 'Authentication required',
  FORBIDDEN: 'Forbidden',
  NOT_FOUND: 'Not found',
  METHOD_NOT_ALLOWED: 'Method not allowed',
  NOT_ACCEPTABLE: 'Not acceptable',
  REQUEST_TIMEOUT: 'Request timeout',
  STAGE_TRANSITION_NOT_ALLOWED: 'Stage transition not allowed',
  ISSUE_ALREADY_RESOLVED: 'Issue already resolved',
  PROJECT_ALREADY_EXISTS: 'Project already exists',
  NOT_SIGNED: 'Project not signed yet',
  INVALID_ESCALATION: 'Invalid escalation',
  ITEM_STEP_NOT_ALLOWED: 'Supervision step not allowed',
  CONFLICT: 'Conflict',
  VERSION_CONFLICT: 'Version conflict',
  PRECONDITION_FAILED: 'Precondition failed',
  PAYLOAD_TOO_LARGE: 'Payload too large',
  UNSUPPORTED_MEDIA_TYPE: 'Unsupported media type',
  IDEMPOTENCY_KEY_REUSED: 'Idempotency key reused with another request',
  IDEMPOTENCY_KEY_IN_USE: 'Idempotency key in use',
  RATE_LIMITED: 'Too many requests',
  INTERNAL: 'Internal error',
  UNAVAILABLE: 'Service unavailable',
};

/** A refusal the API reports as problem+json. Thrown anywhere; written by the global filter. */
export class ApiProblem extends Error {
  readonly status: number;

  constructor(
    readonly code: ProblemCode,
    detail: string,
    readonly extras: { errors?: FieldError[]; status?: number; [key: string]: unknown } = {},
  ) {
    super(detail);
    this.name = 'ApiProblem';
    this.status = extras.status ?? PROBLEM_CODES[code];
  }

  toProblem(instance?: string, correlationId?: string): ProblemDetails {
    const { status: _status, ...extensions } = this.extras;
    return {
      type: `https://luodi.dev/problems/${this.code.toLowerCase().replace(/_/g, '-')}`,
      title: TITLES[this.code],
      status: this.status,
      detail: this.message,
      code: this.code,
      ...(instance ? { instance } : {}),
      ...(correlationId ? { correlationId } : {}),
      ...extensions,
    };
  }
}

export const validationProblem = (errors: FieldError[], detail?: string): ApiProblem =>
  new ApiProblem(
    'VALIDATION_FAILED',
    detail ?? errors.map((e) => `${e.field}: ${e.message}`).join('; '),
    { errors },
  );
