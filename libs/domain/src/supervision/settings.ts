import type { Severity } from './vocabulary';

/** Thresholds of each rule, in days (or reschedules). A disabled rule raises nothing. */
export interface SupervisionSettings {
  rules: {
    /** Yellow this many days before the registration deadline; red once it has passed. */
    REGISTRATION_DEADLINE: { enabled: boolean; yellowDaysBefore: number };
    GROUNDBREAKING_DEADLINE: { enabled: boolean; yellowDaysBefore: number };
    PRODUCTION_DEADLINE: { enabled: boolean; yellowDaysBefore: number };
    /** Yellow once the same deadline has been moved this many times. */
    COMMITMENT_SLIPPED: { enabled: boolean; yellowAtReschedules: number };
    /** Negotiation with no recorded progress: yellow, then red. */
    NEGOTIATION_STALLED: { enabled: boolean; yellowAfterDays: number; redAfterDays: number };
    /** A problem nobody was made responsible for. */
    ISSUE_UNASSIGNED: { enabled: boolean; yellowAfterDays: number };
    /** A problem near (yellow) or past (red) its due date. */
    ISSUE_DUE: { enabled: boolean; yellowDaysBefore: number };
    /** A meeting decision near (yellow) or past (red) its due date. Decisions are always tracked. */
    MEETING_DECISION: { yellowDaysBefore: number };
  };
  escalation: {
    /** A red item still open this many days after it turned red goes to the city leader. */
    cityLeaderAfterRedDays: number;
  };
  /** 办理时限: the days a unit has to answer an item, by severity when raised or escalated. */
  responseDays: { YELLOW: number; RED: number };
}

/** The brief's defaults (红黄绿灯 15 days, 在谈 60/90 days, problems 3 days, 3 reschedules). */
export const DEFAULT_SUPERVISION_SETTINGS: SupervisionSettings = {
  rules: {
    REGISTRATION_DEADLINE: { enabled: true, yellowDaysBefore: 15 },
    GROUNDBREAKING_DEADLINE: { enabled: true, yellowDaysBefore: 15 },
    PRODUCTION_DEADLINE: { enabled: true, yellowDaysBefore: 15 },
    COMMITMENT_SLIPPED: { enabled: true, yellowAtReschedules: 3 },
    NEGOTIATION_STALLED: { enabled: true, yellowAfterDays: 60, redAfterDays: 90 },
    ISSUE_UNASSIGNED: { enabled: true, yellowAfterDays: 3 },
    ISSUE_DUE: { enabled: true, yellowDaysBefore: 3 },
    MEETING_DECISION: { yellowDaysBefore: 3 },
  },
  escalation: { cityLeaderAfterRedDays: 30 },
  responseDays: { YELLOW: 10, RED: 5 },
};

/** Rules the DTO cannot express alone; an empty list means the settings are coherent. */
export function settingsProblems(
  settings: SupervisionSettings,
): Array<{ field: string; message: string }> {
  const problems: Array<{ field: string; message: string }> = [];
  const stalled = settings.rules.NEGOTIATION_STALLED;
  if (stalled.redAfterDays <= stalled.yellowAfterDays) {
    problems.push({
      field: 'rules.NEGOTIATION_STALLED.redAfterDays',
      message: 'redAfterDays must be greater than yellowAfterDays',
    });
  }
  if (settings.escalation.cityLeaderAfterRedDays < 1) {
    // 0 would move a new red item to the city leader on a second run the same day.
    problems.push({
      field: 'escalation.cityLeaderAfterRedDays',
      message: 'cityLeaderAfterRedDays must be at least 1',
    });
  }
  return problems;
}

export const responseDaysFor = (settings: SupervisionSettings, severity: Severity): number =>
  severity === 'RED' ? settings.responseDays.RED : settings.responseDays.YELLOW;
