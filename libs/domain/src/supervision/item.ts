import type { BusinessDate } from '../business-date';
import type {
  EscalationLevel,
  Severity,
  SupervisionKind,
  SupervisionRuleId,
  SupervisionStatus,
} from './vocabulary';

/** What an alert says about an item: the item as it is after the change. */
export interface ItemView {
  itemId: string;
  ruleId: SupervisionRuleId;
  kind: SupervisionKind;
  subjectId: string;
  projectId: string | null;
  regionCode: string;
  severity: Severity;
  reason: string;
  responsibleUnit: string | null;
  escalationLevel: EscalationLevel;
  dueOn: BusinessDate | null;
  status: SupervisionStatus;
}

// Every item event carries its business date and the instant it describes (`at`: the
// evaluation instant, which a backfill sets in the past). The four alert events carry the
// whole view after the change, so an alert is one event, never a join.

export type ItemRaisedData = ItemView & {
  occurredOn: BusinessDate;
  at: string;
  responsibleLeader: string | null;
  /** Meeting decisions: the meeting and what it decided. */
  meetingDate?: BusinessDate;
  text?: string;
};
export type ItemEscalatedData = ItemView & { occurredOn: BusinessDate; at: string };
export type ItemClearedData = ItemView & { occurredOn: BusinessDate; at: string };
export type ItemClosedData = ItemView & {
  occurredOn: BusinessDate;
  at: string;
  note: string;
  /** Closed before 复核 passed (销号 by a supervisor), rather than 办结 after review. */
  manual: boolean;
  by: string;
};
export type ItemAcknowledgedData = {
  itemId: string;
  occurredOn: BusinessDate;
  at: string;
  by: string;
  note?: string;
};
export type ItemFeedbackData = {
  itemId: string;
  occurredOn: BusinessDate;
  at: string;
  by: string;
  note: string;
  /** true: the unit reports the matter done (反馈); false: a progress report (办理中). */
  done: boolean;
};
export type ItemReviewedData = {
  itemId: string;
  occurredOn: BusinessDate;
  at: string;
  by: string;
  note: string;
  /** false sends the item back to 办理 (复核不通过). */
  approved: boolean;
};

type Ev<T extends string, D> = { type: T; schemaVersion: 1; data: D };
export type SupervisionItemEvent =
  | Ev<'SupervisionItemRaised', ItemRaisedData>
  | Ev<'SupervisionItemEscalated', ItemEscalatedData>
  | Ev<'SupervisionItemCleared', ItemClearedData>
  | Ev<'SupervisionItemClosed', ItemClosedData>
  | Ev<'SupervisionItemAcknowledged', ItemAcknowledgedData>
  | Ev<'SupervisionItemFeedbackSubmitted', ItemFeedbackData>
  | Ev<'SupervisionItemReviewed', ItemReviewedData>;
export type SupervisionItemEventType = SupervisionItemEvent['type'];

export const SUPERVISION_ITEM_EVENT_TYPES: readonly SupervisionItemEventType[] = [
  'SupervisionItemRaised',
  'SupervisionItemEscalated',
  'SupervisionItemCleared',
  'SupervisionItemClosed',
  'SupervisionItemAcknowledged',
  'SupervisionItemFeedbackSubmitted',
  'SupervisionItemReviewed',
];

export function itemEvent<E extends SupervisionItemEvent>(type: E['type'], data: E['data']): E {
  return { type, schemaVersion: 1, data } as E;
}

/** One line of an item's history. */
export interface ItemStep {
  type: SupervisionItemEventType;
  on: BusinessDate;
  at: string;
  status: SupervisionStatus;
  severity: Severity;
  escalationLevel: EscalationLevel;
  by?: string;
  note?: string;
  reason?: string;
}

export interface SupervisionItem extends ItemView {
  responsibleLeader: string | null;
  raisedOn: BusinessDate;
  raisedAt: string;
  /** When it turned red (escalation to the city leader counts from here). */
  redSince: BusinessDate | null;
  /** Date of the latest step: later steps may not be dated before it. */
  lastStepOn: BusinessDate;
  closedOn: BusinessDate | null;
  /** How it closed: its condition cleared, 办结 after review, or closed by a supervisor. */
  closure: 'CLEARED' | 'COMPLETED' | 'MANUAL' | null;
  meetingDate: BusinessDate | null;
  text: string | null;
  history: ItemStep[];
}

export const isOpen = (item: Pick<SupervisionItem, 'status'>): boolean => item.status !== 'CLOSED';

/** A project's light (红黄绿灯) from its items: red if an open one is red, else yellow, else green. */
export function lightOf(items: readonly SupervisionItem[]): 'GREEN' | 'YELLOW' | 'RED' {
  const open = items.filter(isOpen);
  if (open.some((i) => i.severity === 'RED')) return 'RED';
  return open.some((i) => i.severity === 'YELLOW') ? 'YELLOW' : 'GREEN';
}

/** Folds one event into the item (undefined before it was raised). Pure and total. */
export function evolveItem(
  item: SupervisionItem | undefined,
  event: SupervisionItemEvent,
): SupervisionItem | undefined {
  if (event.type === 'SupervisionItemRaised') {
    const d = event.data;
    const raised: SupervisionItem = {
      ...viewOf(d),
      responsibleLeader: d.responsibleLeader,
      raisedOn: d.occurredOn,
      raisedAt: d.at,
      redSince: d.severity === 'RED' ? d.occurredOn : null,
      lastStepOn: d.occurredOn,
      closedOn: null,
      closure: null,
      meetingDate: d.meetingDate ?? null,
      text: d.text ?? null,
      history: [],
    };
    return withStep(raised, event, { reason: d.reason });
  }
  if (!item) return item;
  switch (event.type) {
    case 'SupervisionItemEscalated': {
      const d = event.data;
      const redSince = d.severity === 'RED' ? (item.redSince ?? d.occurredOn) : null;
      return withStep({ ...item, ...viewOf(d), redSince }, event, { reason: d.reason });
    }
    case 'SupervisionItemCleared':
      return withStep(
        { ...item, ...viewOf(event.data), closedOn: event.data.occurredOn, closure: 'CLEARED' },
        event,
        { reason: event.data.reason },
      );
    case 'SupervisionItemClosed': {
      const d = event.data;
      return withStep(
        {
          ...item,
          ...viewOf(d),
          closedOn: d.occurredOn,
          closure: d.manual ? 'MANUAL' : 'COMPLETED',
        },
        event,
        { by: d.by, note: d.note },
      );
    }
    case 'SupervisionItemAcknowledged':
      return withStep({ ...item, status: 'ACKNOWLEDGED' }, event, {
        by: event.data.by,
        ...(event.data.note !== undefined ? { note: event.data.note } : {}),
      });
    case 'SupervisionItemFeedbackSubmitted':
      return withStep(
        { ...item, status: event.data.done ? 'FEEDBACK_SUBMITTED' : 'IN_PROGRESS' },
        event,
        { by: event.data.by, note: event.data.note },
      );
    case 'SupervisionItemReviewed':
      return withStep(
        { ...item, status: event.data.approved ? 'REVIEWED' : 'IN_PROGRESS' },
        event,
        { by: event.data.by, note: event.data.note },
      );
  }
}

/** The view fields of an item or of an event that carries them. */
export function viewOf(d: ItemView): ItemView {
  return {
    itemId: d.itemId,
    ruleId: d.ruleId,
    kind: d.kind,
    subjectId: d.subjectId,
    projectId: d.projectId,
    regionCode: d.regionCode,
    severity: d.severity,
    reason: d.reason,
    responsibleUnit: d.responsibleUnit,
    escalationLevel: d.escalationLevel,
    dueOn: d.dueOn,
    status: d.status,
  };
}

function withStep(
  item: SupervisionItem,
  event: SupervisionItemEvent,
  extra: Pick<ItemStep, 'by' | 'note' | 'reason'>,
): SupervisionItem {
  const on = event.data.occurredOn;
  const step: ItemStep = {
    type: event.type,
    on,
    at: event.data.at,
    status: item.status,
    severity: item.severity,
    escalationLevel: item.escalationLevel,
    ...extra,
  };
  return {
    ...item,
    lastStepOn: on > item.lastStepOn ? on : item.lastStepOn,
    history: [...item.history, step],
  };
}

/** Folds a whole stream. */
export function foldItem(events: readonly SupervisionItemEvent[]): SupervisionItem | undefined {
  return events.reduce<SupervisionItem | undefined>(evolveItem, undefined);
}
