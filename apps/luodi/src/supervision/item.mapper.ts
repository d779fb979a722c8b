import { overdueDays, RULE_LABELS, type SupervisionItem } from '@luodi/domain';
import type { SupervisionItemDto } from './supervision.dto';

export function toItemDto(
  item: SupervisionItem,
  version: number,
  projectName: string | null,
  today: string,
): SupervisionItemDto {
  return {
    id: item.itemId,
    ruleId: item.ruleId,
    ruleName: RULE_LABELS[item.ruleId],
    kind: item.kind,
    subjectId: item.subjectId,
    projectId: item.projectId,
    projectName,
    regionCode: item.regionCode,
    severity: item.severity,
    reason: item.reason,
    responsibleUnit: item.responsibleUnit,
    responsibleLeader: item.responsibleLeader,
    escalationLevel: item.escalationLevel,
    dueOn: item.dueOn,
    overdueDays: overdueDays(item, today),
    status: item.status,
    raisedOn: item.raisedOn,
    raisedAt: item.raisedAt,
    closedOn: item.closedOn,
    closure: item.closure,
    meetingDate: item.meetingDate,
    text: item.text,
    version,
    history: item.history,
  };
}
