import { openIssues, STAGE_LABELS, toWan, type Money, type Project } from '@luodi/domain';
import type { StoredEvent } from '@luodi/event-store';
import type { Light } from './project-light';
import type { ProjectDto, ProjectEventDto } from './queries/project.dto';

const money = (m: Money | undefined) => (m ? { amount: toWan(m), currency: m.currency } : null);

/** Read model → response; amounts back in 万元. */
/** `light` comes from the project's open 督办 items (supervision). */
export function toProjectDto(project: Project, version: number, light: Light): ProjectDto {
  return {
    id: project.id,
    name: project.name,
    stage: project.stage,
    stageLabel: STAGE_LABELS[project.stage],
    stageEnteredOn: project.stageEnteredOn,
    regionCode: project.regionCode,
    industryChain: project.industryChain,
    source: project.source,
    investor: project.investor,
    externalRef: project.externalRef ?? null,
    amounts: {
      estimated: money(project.estimatedInvestment)!,
      planned: money(project.plannedInvestment),
      contract: money(project.contractInvestment),
      arrived: {
        CNY: toWan({ yuan: project.arrived.CNY, currency: 'CNY' }),
        USD: toWan({ yuan: project.arrived.USD, currency: 'USD' }),
      },
    },
    occasion: project.occasion ?? null,
    leadOfficer: project.leadOfficer ?? null,
    stageDates: project.stageDates,
    commitments: {
      ...project.commitments,
      defaulted: project.defaultedCommitments,
      slips: project.commitmentSlips,
    },
    responsibility: project.responsibility,
    company: project.company
      ? { ...project.company, registeredCapital: money(project.company.registeredCapital) }
      : null,
    dropReason: project.dropReason ?? null,
    openIssues: openIssues(project).map((issue) => ({ ...issue })),
    activities: project.activities,
    lastProgressOn: project.lastProgressOn,
    light,
    version,
  };
}

export function toEventDto(event: StoredEvent): ProjectEventDto {
  return {
    eventId: event.eventId,
    position: event.position,
    version: event.version,
    type: event.type,
    schemaVersion: event.schemaVersion,
    occurredOn: event.occurredOn,
    recordedAt: event.recordedAt.toISOString(),
    actor: typeof event.metadata.actor === 'string' ? event.metadata.actor : null,
    actorName: typeof event.metadata.actorName === 'string' ? event.metadata.actorName : null,
    correlationId:
      typeof event.metadata.correlationId === 'string' ? event.metadata.correlationId : null,
    data: event.data,
    hash: event.hash,
  };
}
