import {
  evolveItem,
  itemEvent,
  viewOf,
  type EscalationLevel,
  type ItemView,
  type Severity,
  type SupervisionItem,
  type SupervisionItemEvent,
  type SupervisionRuleId,
} from '@luodi/domain';

/**
 * Builds 督办 item events for the report tests, one item at a time, and folds them as the
 * repository's itemsAt does: the steps dated on or before asOf (and recorded by knownAt).
 */
export class ItemLog {
  private readonly events: Array<{
    itemId: string;
    event: SupervisionItemEvent;
    recordedAt: string;
  }> = [];
  private ids = 0;

  /** A project or problem item, raised on `on`. */
  raise(
    on: string,
    p: {
      projectId: string;
      regionCode: string;
      ruleId: SupervisionRuleId;
      severity: Severity;
      kind?: 'PROJECT' | 'ISSUE';
      subjectId?: string;
      reason?: string;
      unit?: string | null;
      level?: EscalationLevel;
      dueOn?: string | null;
      itemId?: string;
    },
  ): ItemFacts {
    const view: ItemView = {
      itemId: p.itemId ?? this.nextId(),
      ruleId: p.ruleId,
      kind: p.kind ?? 'PROJECT',
      subjectId: p.subjectId ?? p.projectId,
      projectId: p.projectId,
      regionCode: p.regionCode,
      severity: p.severity,
      reason: p.reason ?? `${p.ruleId} ${p.severity}`,
      responsibleUnit: p.unit === undefined ? '濮阳县商务局' : p.unit,
      escalationLevel: p.level ?? (p.severity === 'RED' ? 'DEPUTY_MAYOR' : 'UNIT'),
      dueOn: p.dueOn === undefined ? null : p.dueOn,
      status: 'ISSUED',
    };
    return this.raised(on, view, {});
  }

  /** A meeting decision (会议议定事项), raised on its meeting's date. */
  decide(
    meetingDate: string,
    p: {
      text: string;
      unit: string;
      dueOn: string;
      regionCode: string;
      projectId?: string;
      leader?: string;
      severity?: Severity;
      itemId?: string;
    },
  ): ItemFacts {
    const itemId = p.itemId ?? this.nextId();
    const view: ItemView = {
      itemId,
      ruleId: 'MEETING_DECISION',
      kind: 'DECISION',
      subjectId: itemId,
      projectId: p.projectId ?? null,
      regionCode: p.regionCode,
      severity: p.severity ?? 'GREEN',
      reason: '',
      responsibleUnit: p.unit,
      escalationLevel: 'UNIT',
      dueOn: p.dueOn,
      status: 'ISSUED',
    };
    return this.raised(meetingDate, view, {
      meetingDate,
      text: p.text,
      responsibleLeader: p.leader ?? null,
    });
  }

  /** Every item as it stood at (asOf, knownAt). */
  itemsAt(asOf: string, knownAt?: Date): SupervisionItem[] {
    const items = new Map<string, SupervisionItem | undefined>();
    for (const { itemId, event, recordedAt } of this.events) {
      if (event.data.occurredOn > asOf) continue;
      if (knownAt && new Date(recordedAt) > knownAt) continue;
      items.set(itemId, evolveItem(items.get(itemId), event));
    }
    return [...items.values()].filter((i): i is SupervisionItem => i !== undefined);
  }

  private raised(
    on: string,
    view: ItemView,
    extra: { meetingDate?: string; text?: string; responsibleLeader?: string | null },
  ): ItemFacts {
    const facts = new ItemFacts(view, (event) =>
      this.events.push({
        itemId: view.itemId,
        event,
        recordedAt: `${event.data.occurredOn}T02:00:00.000Z`,
      }),
    );
    facts.emit(
      itemEvent('SupervisionItemRaised', {
        ...view,
        occurredOn: on,
        at: `${on}T02:00:00.000Z`,
        responsibleLeader: null,
        ...extra,
      }),
    );
    return facts;
  }

  private nextId(): string {
    this.ids += 1;
    return `00000000-0000-4000-9000-${String(this.ids).padStart(12, '0')}`;
  }
}

export class ItemFacts {
  constructor(
    private view: ItemView,
    readonly emit: (event: SupervisionItemEvent) => void,
  ) {}

  get id(): string {
    return this.view.itemId;
  }

  escalate(on: string, severity: Severity, level: EscalationLevel, reason?: string): this {
    this.view = {
      ...this.view,
      severity,
      escalationLevel: level,
      reason: reason ?? this.view.reason,
    };
    this.emit(itemEvent('SupervisionItemEscalated', { ...this.view, occurredOn: on, at: at(on) }));
    return this;
  }

  acknowledge(on: string): this {
    this.view = { ...this.view, status: 'ACKNOWLEDGED' };
    this.emit(
      itemEvent('SupervisionItemAcknowledged', {
        itemId: this.id,
        occurredOn: on,
        at: at(on),
        by: 'u',
      }),
    );
    return this;
  }

  /** 反馈 then 复核 passed: the item waits for 办结. */
  reviewed(on: string): this {
    const base = { itemId: this.id, occurredOn: on, at: at(on), by: 'u', note: 'ok' };
    this.emit(itemEvent('SupervisionItemFeedbackSubmitted', { ...base, done: true }));
    this.emit(itemEvent('SupervisionItemReviewed', { ...base, approved: true }));
    this.view = { ...this.view, status: 'REVIEWED' };
    return this;
  }

  /** 办结 (after review) or 销号 (before it). */
  close(on: string): this {
    const manual = this.view.status !== 'REVIEWED';
    this.view = { ...this.view, status: 'CLOSED' };
    this.emit(
      itemEvent('SupervisionItemClosed', {
        ...viewOf(this.view),
        occurredOn: on,
        at: at(on),
        note: '已办结',
        manual,
        by: 'u',
      }),
    );
    return this;
  }

  /** The condition that raised it no longer holds. */
  clear(on: string): this {
    this.view = { ...this.view, status: 'CLOSED' };
    this.emit(itemEvent('SupervisionItemCleared', { ...this.view, occurredOn: on, at: at(on) }));
    return this;
  }
}

const at = (on: string) => `${on}T02:00:00.000Z`;
