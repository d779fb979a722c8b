import type { INestApplication, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { AppModule, type AppDependencies } from './app.module';
import { correlationMiddleware } from './common/correlation';
import { ProblemFilter } from './common/problem/problem.filter';
import { jsonBodyGuard } from './common/validation/json-body-guard';
import { configureHttpServer } from './http-server';
import { requestLogging, type AppLogger } from './logging';
import { setupOpenApi } from './openapi';
import { API_PREFIX } from './api-prefix';
import { securityHeaders } from './security-headers';

export { API_PREFIX };
export const BODY_LIMIT = '64kb';

/**
 * Builds the HTTP application: correlation ids, the request log, security headers, body limit,
 * problem+json, OpenAPI, and the server's timeouts for slow clients.
 */
export async function createApp(
  deps: AppDependencies,
  logger?: LoggerService | false,
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(deps), {
    bodyParser: false,
    logger: logger ?? ['error', 'warn', 'log'],
  });
  app.disable('x-powered-by');
  // No automatic body ETags: a refusal must not carry one (a 404 for another county's project
  // looks exactly like a missing one); project answers set theirs, the version, explicitly.
  app.set('etag', false);
  app.use(correlationMiddleware);
  if (isAppLogger(logger)) app.use(requestLogging(logger.pino));
  app.use(securityHeaders);
  app.useBodyParser('json', {
    limit: BODY_LIMIT,
    type: ['application/json', 'application/*+json'],
  });
  app.use(jsonBodyGuard);
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health'] });
  setupOpenApi(app);
  app.enableShutdownHooks();
  configureHttpServer(app.getHttpServer(), deps.config.requestTimeoutMs);
  await app.init();
  // Body-parser failures (too large, malformed JSON) happen before Nest's filters run.
  const filter = new ProblemFilter();
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    filter.catch(error, {
      switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
    } as never);
  });
  return app;
}

function isAppLogger(logger: LoggerService | false | undefined): logger is AppLogger {
  return typeof logger === 'object' && 'pino' in logger;
}
