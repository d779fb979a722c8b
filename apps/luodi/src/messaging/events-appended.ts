import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { ProjectorService } from '../projections/projector.service';
import { SupervisorService } from '../supervision/supervisor.service';
import { RelayService } from './relay.service';

/** Published on the CQRS event bus after a command's events committed. */
export class EventsAppended {
  constructor(
    readonly streamId: string,
    readonly count: number,
  ) {}
}

/** Wakes the log followers of this process, so an append reaches them without a poll wait. */
@EventsHandler(EventsAppended)
export class WakeLogFollowers implements IEventHandler<EventsAppended> {
  constructor(
    private readonly projector: ProjectorService,
    private readonly relay: RelayService,
    private readonly supervisor: SupervisorService,
  ) {}

  handle(): void {
    this.projector.nudge();
    this.relay.nudge();
    this.supervisor.nudge();
  }
}
