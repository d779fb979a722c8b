import { DomainError, type DomainErrorCode } from '../errors';
import {
  evolveItem,
  foldItem,
  itemEvent,
  type ItemRaisedData,
  type ItemView,
  type SupervisionItem,
  type SupervisionItemEvent,
} from './item';
import { DEFAULT_SUPERVISION_SETTINGS } from './settings';
import {
  decideItemStep,
  overdueDays,
  recordDecision,
  type DecisionInput,
  type ItemStepCommand,
  type StepContext,
} from './steps';
import { SUPERVISION_STATUSES, type SupervisionStatus } from './vocabulary';

const SETTINGS = DEFAULT_SUPERVISION_SETTINGS;

/** The item view an alert event carries (raised, escalated, cleared, closed). */
function viewData(event: SupervisionItemEvent): ItemView {
  if (!('severity' in event.data)) throw new Error(`${event.type} carries no item view`);
  return event.data;
}
const RAISED_ON = '2026-07-01';
const TODAY = '2026-07-20';
const atOf = (day: string) => `${day}T03:00:00.000Z`;

const raisedData: ItemRaisedData = {
  itemId: 'item-1',
  ruleId: 'GROUNDBREAKING_DEADLINE',
  kind: 'PROJECT',
  subjectId: 'p-001',
  projectId: 'p-001',
  regionCode: '410928',
  severity: 'YELLOW',
  reason: '签约已 165 天未开工,承诺开工日期 2026-08-09,距期限仅剩 15 天',
  responsibleUnit: '市商务局',
  escalationLevel: 'UNIT',
  dueOn: '2026-07-11',
  status: 'ISSUED',
  occurredOn: RAISED_ON,
  at: atOf(RAISED_ON),
  responsibleLeader: '李副市长',
};

const issued = (): SupervisionItem => foldItem([itemEvent('SupervisionItemRaised', raisedData)])!;

const ctx = (occurredOn: string, by = '张科长'): StepContext => ({
  occurredOn,
  today: TODAY,
  at: atOf(occurredOn),
  by,
});

/** Takes the step and folds its event into the item. */
function step(
  item: SupervisionItem,
  command: ItemStepCommand,
  on: string,
  by?: string,
): SupervisionItem {
  const event = decideItemStep(item, command, ctx(on, by));
  const next = evolveItem(item, event);
  if (!next) throw new Error('item vanished');
  return next;
}

function refusal(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

const expectCode = (run: () => unknown, code: DomainErrorCode) =>
  expect(refusal(run).code).toBe(code);

const ACK: ItemStepCommand = { type: 'acknowledge' };
const PROGRESS: ItemStepCommand = { type: 'feedback', note: '正在协调用地', done: false };
const DONE: ItemStepCommand = { type: 'feedback', note: '已完成开工准备', done: true };
const APPROVE: ItemStepCommand = { type: 'review', note: '现场核实通过', approved: true };
const REJECT: ItemStepCommand = { type: 'review', note: '材料不全', approved: false };
const CLOSE: ItemStepCommand = { type: 'close', note: '办结' };
const ALL: ItemStepCommand[] = [ACK, PROGRESS, DONE, APPROVE, REJECT, CLOSE];

/** An item brought to each open status by the ladder, one day per step. */
const AT_STATUS: Record<Exclude<SupervisionStatus, 'CLOSED'>, () => SupervisionItem> = {
  ISSUED: issued,
  ACKNOWLEDGED: () => step(issued(), ACK, '2026-07-02'),
  IN_PROGRESS: () => step(AT_STATUS.ACKNOWLEDGED(), PROGRESS, '2026-07-03'),
  FEEDBACK_SUBMITTED: () => step(AT_STATUS.ACKNOWLEDGED(), DONE, '2026-07-03'),
  REVIEWED: () => step(AT_STATUS.FEEDBACK_SUBMITTED(), APPROVE, '2026-07-04'),
};
const OPEN_STATUSES = Object.keys(AT_STATUS) as Array<keyof typeof AT_STATUS>;

/** Which command types each status allows (the 督办 ladder). */
const ALLOWED: Record<keyof typeof AT_STATUS, Array<ItemStepCommand['type']>> = {
  ISSUED: ['acknowledge', 'close'],
  ACKNOWLEDGED: ['feedback', 'close'],
  IN_PROGRESS: ['feedback', 'close'],
  FEEDBACK_SUBMITTED: ['review', 'close'],
  REVIEWED: ['close'],
};

describe('the 督办 ladder', () => {
  it('builds each status as expected', () => {
    for (const status of OPEN_STATUSES) expect(AT_STATUS[status]().status).toBe(status);
  });

  describe.each(OPEN_STATUSES)('from %s', (status) => {
    it.each(
      ALL.map(
        (c) =>
          [
            c.type +
              (c.type === 'feedback'
                ? `(done=${String(c.done)})`
                : c.type === 'review'
                  ? `(approved=${String(c.approved)})`
                  : ''),
            c,
          ] as const,
      ),
    )('%s', (_name, command) => {
      const item = AT_STATUS[status]();
      const run = () => decideItemStep(item, command, ctx('2026-07-10'));
      if (ALLOWED[status].includes(command.type)) {
        expect(run).not.toThrow();
      } else {
        const error = refusal(run);
        expect(error.code).toBe('ITEM_STEP_NOT_ALLOWED');
        expect(error.details).toMatchObject({ currentStatus: status });
        expect(error.message).toContain('cannot ' + command.type);
      }
    });
  });

  it('acknowledges an ISSUED item', () => {
    const item = issued();
    const event = decideItemStep(item, { type: 'acknowledge', note: '已收到' }, ctx('2026-07-02'));
    expect(event).toStrictEqual({
      type: 'SupervisionItemAcknowledged',
      schemaVersion: 1,
      data: {
        itemId: 'item-1',
        occurredOn: '2026-07-02',
        at: atOf('2026-07-02'),
        by: '张科长',
        note: '已收到',
      },
    });
    const acknowledged = evolveItem(item, event)!;
    expect(acknowledged.status).toBe('ACKNOWLEDGED');
    expect(acknowledged.lastStepOn).toBe('2026-07-02');
    // no note: no note key at all
    expect(decideItemStep(item, ACK, ctx('2026-07-02')).data).not.toHaveProperty('note');
  });

  it('acknowledges only from ISSUED', () => {
    const error = refusal(() => decideItemStep(AT_STATUS.ACKNOWLEDGED(), ACK, ctx('2026-07-10')));
    expect(error.code).toBe('ITEM_STEP_NOT_ALLOWED');
    expect(error.details).toStrictEqual({ currentStatus: 'ACKNOWLEDGED', allowedFrom: ['ISSUED'] });
    expect(error.message).toContain('「签收」');
  });

  it('feedback done=false is a progress report (IN_PROGRESS), done=true is 反馈 (FEEDBACK_SUBMITTED)', () => {
    const ack = AT_STATUS.ACKNOWLEDGED();
    const progress = decideItemStep(ack, PROGRESS, ctx('2026-07-03'));
    expect(progress).toStrictEqual({
      type: 'SupervisionItemFeedbackSubmitted',
      schemaVersion: 1,
      data: {
        itemId: 'item-1',
        occurredOn: '2026-07-03',
        at: atOf('2026-07-03'),
        by: '张科长',
        note: '正在协调用地',
        done: false,
      },
    });
    const inProgress = evolveItem(ack, progress)!;
    expect(inProgress.status).toBe('IN_PROGRESS');
    // more progress reports are allowed, then the unit reports the matter done
    const again = step(inProgress, PROGRESS, '2026-07-04');
    expect(again.status).toBe('IN_PROGRESS');
    expect(step(again, DONE, '2026-07-05').status).toBe('FEEDBACK_SUBMITTED');
    expect(step(ack, DONE, '2026-07-03').status).toBe('FEEDBACK_SUBMITTED');
  });

  it('review approved → REVIEWED; not approved → back to IN_PROGRESS, and the unit answers again', () => {
    const submitted = AT_STATUS.FEEDBACK_SUBMITTED();
    const approved = decideItemStep(submitted, APPROVE, ctx('2026-07-04', '督查室'));
    expect(approved.type).toBe('SupervisionItemReviewed');
    expect(approved.data).toMatchObject({ approved: true, by: '督查室', note: '现场核实通过' });
    expect(evolveItem(submitted, approved)!.status).toBe('REVIEWED');

    const rejected = step(submitted, REJECT, '2026-07-04', '督查室');
    expect(rejected.status).toBe('IN_PROGRESS');
    const resubmitted = step(rejected, DONE, '2026-07-06');
    expect(resubmitted.status).toBe('FEEDBACK_SUBMITTED');
    expect(step(resubmitted, APPROVE, '2026-07-07').status).toBe('REVIEWED');
  });

  it('close after REVIEWED is 办结 (manual=false, closure COMPLETED)', () => {
    const reviewed = AT_STATUS.REVIEWED();
    const event = decideItemStep(reviewed, CLOSE, ctx('2026-07-05', '督查室'));
    expect(event).toStrictEqual({
      type: 'SupervisionItemClosed',
      schemaVersion: 1,
      data: {
        itemId: 'item-1',
        ruleId: 'GROUNDBREAKING_DEADLINE',
        kind: 'PROJECT',
        subjectId: 'p-001',
        projectId: 'p-001',
        regionCode: '410928',
        severity: 'YELLOW',
        reason: raisedData.reason,
        responsibleUnit: '市商务局',
        escalationLevel: 'UNIT',
        dueOn: '2026-07-11',
        status: 'CLOSED',
        occurredOn: '2026-07-05',
        at: atOf('2026-07-05'),
        by: '督查室',
        note: '办结',
        manual: false,
      },
    });
    const closed = evolveItem(reviewed, event)!;
    expect(closed).toMatchObject({
      status: 'CLOSED',
      closure: 'COMPLETED',
      closedOn: '2026-07-05',
    });
  });

  it.each(['ISSUED', 'ACKNOWLEDGED', 'IN_PROGRESS', 'FEEDBACK_SUBMITTED'] as const)(
    'close from %s, before review, is 销号 (manual=true, closure MANUAL)',
    (status) => {
      const item = AT_STATUS[status]();
      const event = decideItemStep(
        item,
        { type: 'close', note: '情况已变化,销号' },
        ctx('2026-07-10'),
      );
      expect(event.data).toMatchObject({ manual: true, status: 'CLOSED', note: '情况已变化,销号' });
      expect(evolveItem(item, event)).toMatchObject({
        status: 'CLOSED',
        closure: 'MANUAL',
        closedOn: '2026-07-10',
      });
    },
  );

  describe('a CLOSED item takes no step', () => {
    const closedItems: Record<string, () => SupervisionItem> = {
      completed: () => step(AT_STATUS.REVIEWED(), CLOSE, '2026-07-05'),
      manual: () => step(issued(), CLOSE, '2026-07-05'),
      cleared: () =>
        evolveItem(
          issued(),
          itemEvent('SupervisionItemCleared', {
            ...raisedData,
            status: 'CLOSED',
            reason: '项目已于 2026-07-05 开工,预警解除',
          }),
        )!,
    };

    it.each(Object.keys(closedItems))('%s', (how) => {
      const item = closedItems[how]!();
      expect(item.status).toBe('CLOSED');
      for (const command of ALL) {
        const error = refusal(() => decideItemStep(item, command, ctx('2026-07-10')));
        expect(error.code).toBe('ITEM_STEP_NOT_ALLOWED');
        expect(error.details).toMatchObject({ currentStatus: 'CLOSED' });
      }
    });
  });
});

describe('step dates', () => {
  it('refuses a step dated after today (DATE_IN_FUTURE)', () => {
    expectCode(() => decideItemStep(issued(), ACK, ctx('2026-07-21')), 'DATE_IN_FUTURE');
    expect(() => decideItemStep(issued(), ACK, ctx(TODAY))).not.toThrow();
  });

  it('refuses a step dated before the last step (DATE_BEFORE_PREVIOUS)', () => {
    expectCode(() => decideItemStep(issued(), ACK, ctx('2026-06-30')), 'DATE_BEFORE_PREVIOUS');
    const inProgress = AT_STATUS.IN_PROGRESS(); // last step 07-03
    expectCode(() => decideItemStep(inProgress, DONE, ctx('2026-07-02')), 'DATE_BEFORE_PREVIOUS');
    expectCode(() => decideItemStep(inProgress, CLOSE, ctx('2026-07-02')), 'DATE_BEFORE_PREVIOUS');
    // the same day as the last step is fine
    expect(step(inProgress, DONE, '2026-07-03').lastStepOn).toBe('2026-07-03');
  });

  it('judges "before the last step" by the latest step, escalations included', () => {
    const escalated = evolveItem(
      issued(),
      itemEvent('SupervisionItemEscalated', {
        ...raisedData,
        severity: 'RED',
        escalationLevel: 'DEPUTY_MAYOR',
        occurredOn: '2026-07-15',
        at: atOf('2026-07-15'),
      }),
    )!;
    expect(escalated.lastStepOn).toBe('2026-07-15');
    expectCode(() => decideItemStep(escalated, ACK, ctx('2026-07-14')), 'DATE_BEFORE_PREVIOUS');
    expect(step(escalated, ACK, '2026-07-15').status).toBe('ACKNOWLEDGED');
  });

  it('refuses a date that is not a calendar day (INVALID_DATE)', () => {
    expectCode(() => decideItemStep(issued(), ACK, ctx('2026-02-30')), 'INVALID_DATE');
  });
});

describe('the history', () => {
  it('grows by one step per event, each with the status after it', () => {
    const events: SupervisionItemEvent[] = [itemEvent('SupervisionItemRaised', raisedData)];
    let item = foldItem(events)!;
    const walk: Array<[ItemStepCommand, string, string]> = [
      [ACK, '2026-07-02', '张科长'],
      [PROGRESS, '2026-07-03', '张科长'],
      [DONE, '2026-07-05', '张科长'],
      [REJECT, '2026-07-06', '督查室'],
      [DONE, '2026-07-08', '张科长'],
      [APPROVE, '2026-07-08', '督查室'],
      [CLOSE, '2026-07-09', '督查室'],
    ];
    for (const [command, on, by] of walk) {
      const event = decideItemStep(item, command, ctx(on, by));
      events.push(event);
      const next = evolveItem(item, event)!;
      expect(next.history).toHaveLength(item.history.length + 1);
      expect(next.history.slice(0, -1)).toStrictEqual(item.history); // earlier steps untouched
      item = next;
    }
    expect(item.history.map((s) => [s.type, s.on, s.status])).toStrictEqual([
      ['SupervisionItemRaised', '2026-07-01', 'ISSUED'],
      ['SupervisionItemAcknowledged', '2026-07-02', 'ACKNOWLEDGED'],
      ['SupervisionItemFeedbackSubmitted', '2026-07-03', 'IN_PROGRESS'],
      ['SupervisionItemFeedbackSubmitted', '2026-07-05', 'FEEDBACK_SUBMITTED'],
      ['SupervisionItemReviewed', '2026-07-06', 'IN_PROGRESS'],
      ['SupervisionItemFeedbackSubmitted', '2026-07-08', 'FEEDBACK_SUBMITTED'],
      ['SupervisionItemReviewed', '2026-07-08', 'REVIEWED'],
      ['SupervisionItemClosed', '2026-07-09', 'CLOSED'],
    ]);
    expect(item.history[0]).toStrictEqual({
      type: 'SupervisionItemRaised',
      on: '2026-07-01',
      at: atOf('2026-07-01'),
      status: 'ISSUED',
      severity: 'YELLOW',
      escalationLevel: 'UNIT',
      reason: raisedData.reason,
    });
    expect(item.history[4]).toMatchObject({ by: '督查室', note: '材料不全' });
    expect(item.history[7]).toMatchObject({ by: '督查室', note: '办结' });
    expect(item).toMatchObject({
      status: 'CLOSED',
      closure: 'COMPLETED',
      closedOn: '2026-07-09',
      lastStepOn: '2026-07-09',
    });
    // folding the whole stream gives the same item
    expect(foldItem(events)).toStrictEqual(item);
    expect(item.history.map((s) => s.status).every((s) => SUPERVISION_STATUSES.includes(s))).toBe(
      true,
    );
  });
});

describe('recordDecision', () => {
  const input: DecisionInput = {
    itemId: 'd-1',
    meetingDate: '2026-06-01',
    text: '协调解决项目用电增容',
    unit: '市发改委',
    leader: '王副市长',
    dueOn: '2026-06-30',
    projectId: 'p-001',
    regionCode: '410928',
  };
  const record = (change: Partial<DecisionInput> = {}, today = TODAY) =>
    recordDecision({ ...input, ...change }, SETTINGS, { today, at: atOf(today) });

  it('issues the decision on the meeting date, GREEN while its due date is far', () => {
    expect(record()).toStrictEqual({
      type: 'SupervisionItemRaised',
      schemaVersion: 1,
      data: {
        itemId: 'd-1',
        ruleId: 'MEETING_DECISION',
        kind: 'DECISION',
        subjectId: 'd-1',
        projectId: 'p-001',
        regionCode: '410928',
        severity: 'GREEN',
        reason: '2026-06-01 会议议定事项「协调解决项目用电增容」应于 2026-06-30 前落实',
        responsibleUnit: '市发改委',
        escalationLevel: 'UNIT',
        dueOn: '2026-06-30',
        status: 'ISSUED',
        occurredOn: '2026-06-01',
        at: atOf(TODAY),
        responsibleLeader: '王副市长',
        meetingDate: '2026-06-01',
        text: '协调解决项目用电增容',
      },
    });
    const item = foldItem([record()])!;
    expect(item).toMatchObject({
      raisedOn: '2026-06-01',
      lastStepOn: '2026-06-01',
      meetingDate: '2026-06-01',
      text: '协调解决项目用电增容',
      redSince: null,
      severity: 'GREEN',
    });
  });

  it('is judged on the meeting day, not on the day it is recorded', () => {
    // recorded on 07-20, after the due date: still GREEN, the next evaluation takes it from there
    expect(viewData(record({}, '2026-07-20')).severity).toBe('GREEN');
  });

  it('is YELLOW when due within 3 days of the meeting (the due date may be the meeting day)', () => {
    expect(record({ dueOn: '2026-06-04' }).data).toMatchObject({
      severity: 'YELLOW',
      escalationLevel: 'UNIT',
    });
    expect(viewData(record({ dueOn: '2026-06-04' })).reason).toContain('仅剩 3 天');
    expect(viewData(record({ dueOn: '2026-06-01' })).severity).toBe('YELLOW');
    expect(viewData(record({ dueOn: '2026-06-05' })).severity).toBe('GREEN');
  });

  it('refuses a due date before the meeting', () => {
    const error = refusal(() => record({ dueOn: '2026-05-31' }));
    expect(error.code).toBe('DATE_BEFORE_PREVIOUS');
    expect(error.details).toMatchObject({
      field: 'dueOn',
      value: '2026-05-31',
      previousDate: '2026-06-01',
    });
  });

  it('refuses a meeting in the future', () => {
    expectCode(() => record({ meetingDate: '2026-07-21', dueOn: '2026-08-01' }), 'DATE_IN_FUTURE');
    expect(() => record({ meetingDate: TODAY, dueOn: '2026-08-01' })).not.toThrow();
  });

  it('refuses dates that are not calendar days', () => {
    expectCode(() => record({ meetingDate: '2026-06-31' }), 'INVALID_DATE');
    expectCode(() => record({ dueOn: '2026-06-31' }), 'INVALID_DATE');
  });

  it('a decision then climbs the same ladder', () => {
    let item = foldItem([record()])!;
    item = evolveItem(item, decideItemStep(item, ACK, ctx('2026-06-02')))!;
    item = evolveItem(item, decideItemStep(item, DONE, ctx('2026-06-20')))!;
    item = evolveItem(item, decideItemStep(item, APPROVE, ctx('2026-06-21')))!;
    const closed = evolveItem(item, decideItemStep(item, CLOSE, ctx('2026-06-22')))!;
    expect(closed).toMatchObject({ status: 'CLOSED', closure: 'COMPLETED', kind: 'DECISION' });
    expect(closed.history).toHaveLength(5);
  });
});

describe('overdueDays', () => {
  it('counts the days past an open item’s own due date', () => {
    const item = issued(); // due 07-11
    expect(overdueDays(item, '2026-07-10')).toBe(0);
    expect(overdueDays(item, '2026-07-11')).toBe(0);
    expect(overdueDays(item, '2026-07-14')).toBe(3);
  });

  it('is 0 for a closed item or one with no due date', () => {
    expect(overdueDays({ dueOn: '2026-07-11', status: 'CLOSED' }, '2026-08-01')).toBe(0);
    expect(overdueDays({ dueOn: null, status: 'ISSUED' }, '2026-08-01')).toBe(0);
  });
});
