import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { FactsProjection, Projector } from '@luodi/projections';
import { DataSource } from 'typeorm';

/** The in-process projector: started with the app, stopped cleanly before the database closes. */
@Injectable()
export class ProjectorService implements OnApplicationBootstrap, OnModuleDestroy {
  readonly facts = new FactsProjection();
  readonly projector: Projector;

  constructor(dataSource: DataSource) {
    const logger = new Logger('Projector');
    this.projector = new Projector(dataSource, [this.facts], {
      logger: {
        log: (message) => logger.log(message),
        error: (message, error) =>
          logger.error(`${message}${error instanceof Error ? `: ${error.message}` : ''}`),
      },
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.projector.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.projector.stop();
  }

  /** Resolves once every event committed so far is in the read models (tests, admin). */
  waitForCatchUp(timeoutMs?: number): Promise<void> {
    return this.projector.waitForCatchUp(timeoutMs);
  }

  /** The table that serves the facts read model right now. */
  async factsTable(): Promise<string> {
    return this.facts.table(await this.projector.activeGeneration(this.facts.name));
  }
}
