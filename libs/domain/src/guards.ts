import { compareDates, isBusinessDate, type BusinessDate } from './business-date';
import { DomainError } from './errors';
import { isMoney, type Money } from './money';
import type { Project, ProjectState } from './project-state';
import { STAGE_LABELS, type Stage } from './stage';
import { isOneOf } from './vocabulary';

// Small validators shared by the decide-* files; each throws a DomainError with a stable code.

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;

export function requireProject(state: ProjectState): Project {
  if (!state.exists) throw new DomainError('PROJECT_NOT_FOUND', '项目不存在 / project not found');
  return state;
}

function invalid(field: string, reason: string, value?: unknown): DomainError {
  return new DomainError('INVALID_COMMAND', `参数无效 / invalid ${field}: ${reason}`, {
    field,
    reason,
    ...(value === undefined ? {} : { value }),
  });
}

/** An id chosen by the caller; restricted so it is safe as a key and in URLs. */
export function requireId(value: unknown, field: string): string {
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
    throw invalid(field, 'expected 1-128 characters of A-Z a-z 0-9 . _ : -', value);
  }
  return value;
}

/** Required free text, trimmed; blank is refused. */
export function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(field, 'required text');
  return value.trim();
}

/** Optional free text, trimmed; blank counts as absent. */
export function optionalText(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw invalid(field, 'expected text');
  return value.trim() === '' ? undefined : value.trim();
}

export function requireOneOf<T extends string>(
  list: readonly T[],
  value: unknown,
  field: string,
): T {
  if (!isOneOf(list, value)) throw invalid(field, `expected one of ${list.join(', ')}`, value);
  return value;
}

export function requireMoney(
  value: unknown,
  field: string,
  rule: 'positive' | 'non-negative',
): Money {
  if (!isMoney(value)) {
    throw new DomainError('INVALID_AMOUNT', `金额无效 / invalid amount in ${field}`, { field });
  }
  if (rule === 'positive' && value.yuan === 0) {
    throw new DomainError('INVALID_AMOUNT', `金额必须大于零 / ${field} must be greater than zero`, {
      field,
    });
  }
  return { yuan: value.yuan, currency: value.currency };
}

export function requireDate(value: unknown, field: string): BusinessDate {
  if (!isBusinessDate(value)) {
    throw new DomainError('INVALID_DATE', `日期无效 / invalid date in ${field}: ${String(value)}`, {
      field,
      value,
    });
  }
  return value;
}

/** A business date is never in the future. */
export function requirePastOrToday(
  value: unknown,
  field: string,
  today: BusinessDate,
): BusinessDate {
  const date = requireDate(value, field);
  if (compareDates(date, today) > 0) {
    throw new DomainError(
      'DATE_IN_FUTURE',
      `日期不能晚于今天 / ${field} ${date} is after today ${today}`,
      {
        field,
        value: date,
        today,
      },
    );
  }
  return date;
}

/** `date` must not be before `previousDate` (what that previous date is: `previous`). */
export function requireNotBefore(
  date: BusinessDate,
  previousDate: BusinessDate,
  field: string,
  previous: string,
): void {
  if (compareDates(date, previousDate) < 0) {
    throw new DomainError(
      'DATE_BEFORE_PREVIOUS',
      `日期早于${previous}日期 / ${field} ${date} is before the ${previous} date ${previousDate}`,
      { field, value: date, previousDate, previous },
    );
  }
}

/** Refusal naming the current stage and the stage(s) the request needs (中文 + English). */
export function stageNotAllowed(
  project: Project,
  allowed: readonly Stage[],
  code: 'STAGE_TRANSITION_NOT_ALLOWED' | 'NOT_SIGNED' = 'STAGE_TRANSITION_NOT_ALLOWED',
  targetStage?: Stage,
): DomainError {
  const current = project.stage;
  const zh = allowed.map((s) => `「${STAGE_LABELS[s]}」`).join('或');
  const en = allowed.join(' or ');
  return new DomainError(
    code,
    `项目当前处于「${STAGE_LABELS[current]}」阶段，此操作要求项目处于${zh}阶段 / ` +
      `project is in stage ${current}; this request requires stage ${en}`,
    {
      currentStage: current,
      requiredStage: allowed.join('|'),
      allowedStages: [...allowed],
      ...(targetStage ? { targetStage } : {}),
    },
  );
}
