import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { settingsProblems, todayInShanghai } from '@luodi/domain';
import { DataSource } from 'typeorm';
import type { Principal } from '../../auth/scopes';
import { Clock } from '../../common/clock';
import { ApiProblem, validationProblem } from '../../common/problem/problem';
import { lockSupervision } from '../supervision-evaluator.service';
import { SupervisionRulesRepository } from '../supervision-rules.repository';
import { settingsOf, type ChangeRulesDto, type RulesVersionDto } from '../supervision.dto';

/** New thresholds, recorded as an event; they apply from the next evaluation. */
export class ChangeRulesCommand extends Command<RulesVersionDto> {
  constructor(
    readonly dto: ChangeRulesDto,
    readonly ifMatch: number | undefined,
    readonly principal: Principal,
    readonly correlationId: string | undefined,
  ) {
    super();
  }
}

@CommandHandler(ChangeRulesCommand)
export class ChangeRulesHandler implements ICommandHandler<ChangeRulesCommand, RulesVersionDto> {
  constructor(
    private readonly db: DataSource,
    private readonly rules: SupervisionRulesRepository,
    private readonly clock: Clock,
  ) {}

  async execute({ dto, ifMatch, principal, correlationId }: ChangeRulesCommand) {
    const settings = settingsOf(dto);
    const problems = settingsProblems(settings);
    if (problems.length > 0) throw validationProblem(problems);
    await this.db.transaction(async (manager) => {
      await lockSupervision(manager);
      const current = await this.rules.current(manager);
      if (ifMatch !== undefined && ifMatch !== current.version) {
        throw new ApiProblem(
          'VERSION_CONFLICT',
          `If-Match named version ${ifMatch} but the rules are at version ${current.version}.`,
          { status: 412, currentVersion: current.version },
        );
      }
      await this.rules.change(
        manager,
        current.version,
        { settings, reason: dto.reason, occurredOn: todayInShanghai(this.clock.now()) },
        {
          actor: principal.clientId,
          actorName: principal.name,
          ...(correlationId ? { correlationId } : {}),
        },
      );
    });
    return this.rules.current(this.db.manager);
  }
}
