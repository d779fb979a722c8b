import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import { PROBLEM_CODES } from './problem';

export class FieldErrorDto {
  @ApiProperty({ example: 'occurredOn' }) field!: string;
  @ApiProperty({ example: 'occurredOn must be a real calendar date YYYY-MM-DD' }) message!: string;
  @ApiPropertyOptional({ example: 'isBusinessDate' }) code?: string;
}

/** RFC 9457 problem details (application/problem+json). */
export class ProblemDto {
  @ApiProperty({ example: 'https://luodi.dev/problems/stage-transition-not-allowed' })
  type!: string;
  @ApiProperty({ example: 'Stage transition not allowed' }) title!: string;
  @ApiProperty({ example: 409 }) status!: number;
  @ApiProperty({ example: '项目当前阶段为 线索(LEAD),签约需要 在谈(NEGOTIATING)' }) detail!: string;
  @ApiProperty({
    enum: Object.keys(PROBLEM_CODES),
    example: 'STAGE_TRANSITION_NOT_ALLOWED',
    description: '稳定错误码 / stable error code',
  })
  code!: string;
  @ApiPropertyOptional({ example: '/api/v1/projects/0b6c.../signing' }) instance?: string;
  @ApiPropertyOptional({
    example: '6f1c2a40-2f7e-4c55-9d4e-1b0f1c9c0a11',
    description: 'X-Request-Id of the request',
  })
  correlationId?: string;
  @ApiPropertyOptional({ type: [FieldErrorDto] }) errors?: FieldErrorDto[];
}

const DESCRIPTIONS: Record<number, string> = {
  400: 'VALIDATION_FAILED: the request is malformed; `errors` lists each field',
  401: 'UNAUTHENTICATED: no key, an unknown key or a revoked key',
  403: 'FORBIDDEN: the key lacks the scope, or the region asked for lies outside its regions',
  404: 'NOT_FOUND: no such object, or (for a region-limited key) one outside its regions, answered alike',
  409: 'STAGE_TRANSITION_NOT_ALLOWED, VERSION_CONFLICT or another state conflict',
  412: 'VERSION_CONFLICT: If-Match names another version than the current one',
  413: 'PAYLOAD_TOO_LARGE: the body exceeds 64 KB',
  422: 'IDEMPOTENCY_KEY_REUSED: the Idempotency-Key was used with another request',
  429: 'RATE_LIMITED: too many requests from this client (or IP without a key); see Retry-After',
  503: 'UNAVAILABLE: the database is unreachable or too slow; retry later (see Retry-After)',
};

/** Documents the problem+json answers a route can give. */
export function ApiProblems(...statuses: number[]) {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'problem',
        content: {
          'application/problem+json': { schema: { $ref: '#/components/schemas/ProblemDto' } },
        },
      }),
    ),
  );
}
