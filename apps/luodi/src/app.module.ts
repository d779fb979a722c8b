import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import { ScheduleModule } from '@nestjs/schedule';
import { ThrottlerModule } from '@nestjs/throttler';
import type { DataSource } from 'typeorm';
import { LogVerificationController } from './audit/log-verification.controller';
import { AuthGuard } from './auth/auth.guard';
import { Authenticator } from './auth/authenticator';
import { RateLimitGuard, rateLimitThrottlers } from './auth/rate-limit.guard';
import { ClientsController } from './auth/clients.controller';
import { ClientsRepository } from './auth/clients.repository';
import { Clock } from './common/clock';
import { ProblemFilter } from './common/problem/problem.filter';
import { createValidationPipe } from './common/validation/validation.pipe';
import type { AppConfig } from './config/app-config';
import { AppConfigService } from './config/app-config.service';
import { databaseProviders } from './database/database.providers';
import { HealthController } from './health.controller';
import { IdempotencyInterceptor } from './idempotency/idempotency.interceptor';
import { IdempotencyRepository } from './idempotency/idempotency.repository';
import { ExecuteProjectCommandHandler } from './projects/commands/execute-project-command.handler';
import { ProjectCommandsController } from './projects/commands/project-commands.controller';
import { ProjectListProjection } from './projects/project-list.projection';
import { ProjectionsController } from './projections/projections.controller';
import { ProjectorService } from './projections/projector.service';
import { ProjectRepository } from './projects/project.repository';
import { GetProjectEventsHandler, GetProjectHandler } from './projects/queries/get-project.handler';
import { ListProjectsHandler } from './projects/queries/list-projects.handler';
import { ProjectQueriesController } from './projects/queries/project-queries.controller';
import { ReferenceController } from './reference/reference.controller';
import { ReferenceRepository } from './reference/reference.repository';
import { RegionScopeService } from './reference/region-scope.service';
import { RegionsRepository } from './reference/regions.repository';
import { ReportDataService } from './reports/report-data.service';
import { ConversionHandler } from './reports/queries/conversion.handler';
import { FunnelHandler } from './reports/queries/funnel.handler';
import { IndicatorsHandler } from './reports/queries/indicators.handler';
import { WeeklyMeetingHandler } from './reports/queries/weekly-meeting.handler';
import { ProjectLedgerExport } from './projects/queries/project-ledger.export';
import { ReportLinksController } from './reports/links/report-links.controller';
import { ReportLinksService } from './reports/links/report-links.service';
import { ReportsController } from './reports/reports.controller';
import { WeeklyReportOutput } from './reports/weekly-report.output';
import { AsyncApiController } from './contracts/asyncapi.controller';
import { WakeLogFollowers } from './messaging/events-appended';
import { KafkaClientService } from './messaging/kafka-client.service';
import { RelayService } from './messaging/relay.service';
import { SERVICE_ROLES, SERVICE_ROLES_TOKEN, type ServiceRole } from './messaging/service-roles';
import { ChangeRulesHandler } from './supervision/commands/change-rules';
import { RecordDecisionHandler } from './supervision/commands/record-decision';
import { RunEvaluationHandler } from './supervision/commands/run-evaluation';
import { TakeItemStepHandler } from './supervision/commands/take-item-step';
import { GetRulesHandler, GetRulesHistoryHandler } from './supervision/queries/get-rules';
import { ListEvaluationsHandler } from './supervision/queries/list-evaluations';
import { GetItemHandler, ListItemsHandler } from './supervision/queries/list-items';
import { MeetingsController, SupervisionController } from './supervision/supervision.controller';
import { SupervisionEvaluator } from './supervision/supervision-evaluator.service';
import { SupervisionItemsRepository } from './supervision/supervision-items.repository';
import { SupervisionRulesRepository } from './supervision/supervision-rules.repository';
import { SupervisorService } from './supervision/supervisor.service';

export interface AppDependencies {
  config: AppConfig;
  dataSource: DataSource;
  clock: Clock;
  /** What this process does; default: everything (the all-in-one process). */
  roles?: readonly ServiceRole[];
}

/** The whole API over one database; `main.ts` and the end-to-end tests build it the same way. */
@Module({})
export class AppModule {
  static forRoot({
    config,
    dataSource,
    clock,
    roles = SERVICE_ROLES,
  }: AppDependencies): DynamicModule {
    const api = roles.includes('api');
    const rateLimited = config.rateLimit.perSecond > 0;
    return {
      module: AppModule,
      imports: [
        CqrsModule.forRoot(),
        ScheduleModule.forRoot(),
        ...(rateLimited
          ? [
              ThrottlerModule.forRoot({
                throttlers: rateLimitThrottlers(config.rateLimit),
                setHeaders: false,
              }),
            ]
          : []),
      ],
      controllers: [
        HealthController,
        ...(api
          ? [
              ClientsController,
              LogVerificationController,
              AsyncApiController,
              ReferenceController,
              ProjectCommandsController,
              ProjectQueriesController,
              ProjectionsController,
              ReportsController,
              ReportLinksController,
              SupervisionController,
              MeetingsController,
            ]
          : []),
      ],
      providers: [
        ...databaseProviders(dataSource),
        { provide: AppConfigService, useValue: new AppConfigService(config) },
        { provide: Clock, useValue: clock },
        { provide: SERVICE_ROLES_TOKEN, useValue: roles },
        KafkaClientService,
        RelayService,
        WakeLogFollowers,
        // Guards run in this order: the limiter counts bad keys too, then the key is checked.
        ...(rateLimited ? [{ provide: APP_GUARD, useClass: RateLimitGuard }] : []),
        { provide: APP_GUARD, useClass: AuthGuard },
        { provide: APP_INTERCEPTOR, useClass: IdempotencyInterceptor },
        { provide: APP_FILTER, useClass: ProblemFilter },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        ClientsRepository,
        Authenticator,
        RegionsRepository,
        ReferenceRepository,
        RegionScopeService,
        IdempotencyRepository,
        ProjectRepository,
        ProjectListProjection,
        ExecuteProjectCommandHandler,
        GetProjectHandler,
        GetProjectEventsHandler,
        ListProjectsHandler,
        ProjectLedgerExport,
        ProjectorService,
        ReportDataService,
        IndicatorsHandler,
        ConversionHandler,
        FunnelHandler,
        WeeklyMeetingHandler,
        ReportLinksService,
        WeeklyReportOutput,
        SupervisionItemsRepository,
        SupervisionRulesRepository,
        SupervisionEvaluator,
        SupervisorService,
        TakeItemStepHandler,
        RecordDecisionHandler,
        ChangeRulesHandler,
        RunEvaluationHandler,
        ListItemsHandler,
        GetItemHandler,
        GetRulesHandler,
        GetRulesHistoryHandler,
        ListEvaluationsHandler,
      ],
    };
  }
}
