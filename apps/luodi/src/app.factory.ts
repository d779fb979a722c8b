import type { INestApplication, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { AppModule, type AppDependencies } from './app.module';
import { correlationMiddleware } from './common/correlation';
import { ProblemFilter } from './common/problem/problem.filter';
import { setupOpenApi } from './openapi';
import { API_PREFIX } from './api-prefix';

export { API_PREFIX };
export const BODY_LIMIT = '64kb';

/** Builds the HTTP application: body limit, correlation ids, problem+json, OpenAPI. */
export async function createApp(
  deps: AppDependencies,
  logger?: LoggerService | false,
): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(deps), {
    bodyParser: false,
    logger: logger ?? ['error', 'warn', 'log'],
  });
  app.disable('x-powered-by');
  app.use(correlationMiddleware);
  app.useBodyParser('json', {
    limit: BODY_LIMIT,
    type: ['application/json', 'application/*+json'],
  });
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health'] });
  setupOpenApi(app);
  app.enableShutdownHooks();
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
