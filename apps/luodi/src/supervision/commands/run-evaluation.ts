import { Command, CommandHandler, EventBus, type ICommandHandler } from '@nestjs/cqrs';
import { Clock } from '../../common/clock';
import { validationProblem } from '../../common/problem/problem';
import { EventsAppended } from '../../messaging/events-appended';
import { SupervisionEvaluator, type EvaluationSummary } from '../supervision-evaluator.service';

/** Evaluates every rule at an instant: what the schedule does, on demand (backfills, tests). */
export class RunEvaluationCommand extends Command<EvaluationSummary> {
  constructor(readonly at: Date | undefined) {
    super();
  }
}

@CommandHandler(RunEvaluationCommand)
export class RunEvaluationHandler implements ICommandHandler<
  RunEvaluationCommand,
  EvaluationSummary
> {
  constructor(
    private readonly evaluator: SupervisionEvaluator,
    private readonly clock: Clock,
    private readonly eventBus: EventBus,
  ) {}

  async execute({ at }: RunEvaluationCommand): Promise<EvaluationSummary> {
    const now = this.clock.now();
    if (at && at > now) {
      throw validationProblem([
        { field: 'at', message: 'at must not be in the future: time is evaluated as it passes' },
      ]);
    }
    const summary = await this.evaluator.evaluateAll(at ?? now, 'request');
    const changed = summary.raised + summary.escalated + summary.cleared;
    // Wakes the alert relay at once rather than at its next poll.
    if (changed > 0) this.eventBus.publish(new EventsAppended('supervision', changed));
    return summary;
  }
}
