import { daysBetween, type BusinessDate } from '../business-date';
import { DomainError } from '../errors';
import { requireNotBefore, requirePastOrToday } from '../guards';
import { itemEvent, viewOf, type SupervisionItem, type SupervisionItemEvent } from './item';
import { decisionCondition } from './conditions';
import type { SupervisionSettings } from './settings';
import { STATUS_LABELS, type SupervisionStatus } from './vocabulary';

/** A step of the 督办单 taken by a person: 签收, 反馈 (or a progress report), 复核, 办结. */
export type ItemStepCommand =
  | { type: 'acknowledge'; note?: string }
  | { type: 'feedback'; note: string; done: boolean }
  | { type: 'review'; note: string; approved: boolean }
  | { type: 'close'; note: string };

export interface StepContext {
  occurredOn: BusinessDate;
  today: BusinessDate;
  at: string;
  by: string;
}

const ALLOWED_FROM: Record<ItemStepCommand['type'], readonly SupervisionStatus[]> = {
  acknowledge: ['ISSUED'],
  feedback: ['ACKNOWLEDGED', 'IN_PROGRESS'],
  review: ['FEEDBACK_SUBMITTED'],
  // 办结 after 复核, or 销号 by a supervisor at any open step (the note says why).
  close: ['ISSUED', 'ACKNOWLEDGED', 'IN_PROGRESS', 'FEEDBACK_SUBMITTED', 'REVIEWED'],
};

const STEP_LABELS: Record<ItemStepCommand['type'], string> = {
  acknowledge: '签收',
  feedback: '反馈',
  review: '复核',
  close: '办结',
};

/** The event for a step, or a DomainError when the ladder does not allow it now. */
export function decideItemStep(
  item: SupervisionItem,
  command: ItemStepCommand,
  ctx: StepContext,
): SupervisionItemEvent {
  const allowed = ALLOWED_FROM[command.type];
  if (!allowed.includes(item.status)) {
    throw new DomainError(
      'ITEM_STEP_NOT_ALLOWED',
      `督办事项当前为「${STATUS_LABELS[item.status]}」,不能${STEP_LABELS[command.type]} / ` +
        `cannot ${command.type} an item that is ${item.status}`,
      { currentStatus: item.status, allowedFrom: allowed },
    );
  }
  const occurredOn = requirePastOrToday(ctx.occurredOn, 'occurredOn', ctx.today);
  requireNotBefore(occurredOn, item.lastStepOn, 'occurredOn', '上一步骤 / previous step');
  const base = { itemId: item.itemId, occurredOn, at: ctx.at, by: ctx.by };
  switch (command.type) {
    case 'acknowledge':
      return itemEvent('SupervisionItemAcknowledged', {
        ...base,
        ...(command.note !== undefined ? { note: command.note } : {}),
      });
    case 'feedback':
      return itemEvent('SupervisionItemFeedbackSubmitted', {
        ...base,
        note: command.note,
        done: command.done,
      });
    case 'review':
      return itemEvent('SupervisionItemReviewed', {
        ...base,
        note: command.note,
        approved: command.approved,
      });
    case 'close':
      return itemEvent('SupervisionItemClosed', {
        ...viewOf(item),
        ...base,
        status: 'CLOSED',
        note: command.note,
        manual: item.status !== 'REVIEWED',
      });
  }
}

export interface DecisionInput {
  itemId: string;
  meetingDate: BusinessDate;
  text: string;
  unit: string;
  leader: string | null;
  dueOn: BusinessDate;
  projectId: string | null;
  regionCode: string;
}

/** 会议议定事项: a decision of a meeting, issued as a tracked item on the meeting's date. */
export function recordDecision(
  input: DecisionInput,
  settings: SupervisionSettings,
  ctx: { today: BusinessDate; at: string },
): SupervisionItemEvent {
  const meetingDate = requirePastOrToday(input.meetingDate, 'date', ctx.today);
  requireNotBefore(input.dueOn, meetingDate, 'dueOn', '会议 / meeting');
  const draft: SupervisionItem = {
    itemId: input.itemId,
    ruleId: 'MEETING_DECISION',
    kind: 'DECISION',
    subjectId: input.itemId,
    projectId: input.projectId,
    regionCode: input.regionCode,
    severity: 'GREEN',
    reason: '',
    responsibleUnit: input.unit,
    escalationLevel: 'UNIT',
    dueOn: input.dueOn,
    status: 'ISSUED',
    responsibleLeader: input.leader,
    raisedOn: meetingDate,
    raisedAt: ctx.at,
    redSince: null,
    lastStepOn: meetingDate,
    closedOn: null,
    closure: null,
    meetingDate,
    text: input.text,
    history: [],
  };
  // Judged on the meeting day; the next evaluation takes it from there.
  const { severity, reason } = decisionCondition(draft, settings, meetingDate);
  return itemEvent('SupervisionItemRaised', {
    ...viewOf(draft),
    severity,
    reason,
    escalationLevel: severity === 'RED' ? 'DEPUTY_MAYOR' : 'UNIT',
    occurredOn: meetingDate,
    at: ctx.at,
    responsibleLeader: input.leader,
    meetingDate,
    text: input.text,
  });
}

/** Days an open item is past its own due date on `today` (0 when not overdue). */
export function overdueDays(
  item: Pick<SupervisionItem, 'dueOn' | 'status'>,
  today: BusinessDate,
): number {
  if (item.status === 'CLOSED' || item.dueOn === null) return 0;
  return Math.max(0, daysBetween(item.dueOn, today));
}
