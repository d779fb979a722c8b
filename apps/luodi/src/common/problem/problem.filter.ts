import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { toApiProblem } from './to-api-problem';
import { correlationIdOf } from '../correlation';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** The one place that turns any failure into problem+json. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const problem = toApiProblem(exception);
    const correlationId = correlationIdOf(request);
    if (problem.status >= 500) {
      this.logger.error(
        { err: exception, correlationId, path: request.originalUrl },
        exception instanceof Error ? exception.message : 'unexpected failure',
      );
    }
    if (response.headersSent) return;
    if (typeof problem.extras.retryAfterSeconds === 'number') {
      response.setHeader('Retry-After', String(problem.extras.retryAfterSeconds));
    }
    if (problem.code === 'UNAUTHENTICATED') response.setHeader('WWW-Authenticate', 'Bearer');
    const body = problem.toProblem(request.originalUrl, correlationId);
    response.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  }
}

export function isHttpException(value: unknown): value is HttpException {
  return value instanceof HttpException;
}
