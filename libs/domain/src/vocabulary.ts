// The closed code lists that events and commands use; the arrays double as runtime checks.

/** 线索来源. */
export const LEAD_SOURCES = [
  'HOMETOWN_ENTREPRENEUR', // 乡贤
  'EXISTING_INVESTOR', // 以商招商
  'FAIR', // 节会招商
  'RESIDENT_TEAM', // 驻地招商组
  'ONLINE', // 云招商
  'LEADERSHIP_VISIT', // 顶格招商
  'OTHER',
] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];

/** 签约方式: individual, 集中签约 ceremony, or at a fair (节会). */
export const SIGNING_OCCASIONS = ['INDIVIDUAL', 'CEREMONY', 'FAIR'] as const;
export type SigningOccasion = (typeof SIGNING_OCCASIONS)[number];

/** 问题类别: 用地, 用电, 用水, 融资, 用工, 审批, 政策兑现, 其他. */
export const ISSUE_CATEGORIES = [
  'LAND',
  'POWER',
  'WATER',
  'FINANCING',
  'LABOUR',
  'APPROVAL',
  'POLICY_FUNDS',
  'OTHER',
] as const;
export type IssueCategory = (typeof ISSUE_CATEGORIES)[number];

export const ISSUE_CATEGORY_LABELS: Readonly<Record<IssueCategory, string>> = {
  LAND: '用地',
  POWER: '用电',
  WATER: '用水',
  FINANCING: '融资',
  LABOUR: '用工',
  APPROVAL: '审批',
  POLICY_FUNDS: '政策兑现',
  OTHER: '其他',
};

/** Who must coordinate a problem, lowest first: 乡镇, 县区, 市. */
export const COORDINATION_LEVELS = ['TOWN', 'COUNTY', 'CITY'] as const;
export type CoordinationLevel = (typeof COORDINATION_LEVELS)[number];

export const COORDINATION_LEVEL_LABELS: Readonly<Record<CoordinationLevel, string>> = {
  TOWN: '乡镇级',
  COUNTY: '县级',
  CITY: '市级',
};

/** 外出拜访, 接待考察, 洽谈会, 推介会. */
export const ACTIVITY_TYPES = ['VISIT', 'RECEPTION', 'MEETING', 'PROMOTION_EVENT'] as const;
export type ActivityType = (typeof ACTIVITY_TYPES)[number];

export const COMMITMENT_KEYS = ['registerBy', 'breakGroundBy', 'produceBy'] as const;
export type CommitmentKey = (typeof COMMITMENT_KEYS)[number];

export const ISSUE_STATUSES = ['RAISED', 'ASSIGNED', 'ESCALATED', 'RESOLVED'] as const;
export type IssueStatus = (typeof ISSUE_STATUSES)[number];

export function isOneOf<T extends string>(list: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (list as readonly string[]).includes(value);
}

/** Higher is more senior; escalation must increase it. */
export function coordinationRank(level: CoordinationLevel): number {
  return COORDINATION_LEVELS.indexOf(level);
}
