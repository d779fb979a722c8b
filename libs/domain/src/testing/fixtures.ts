// Sample events and commands for specs. Dates: lead 01-05, negotiation 01-20, signing 02-10,
// registration 03-02, groundbreaking 04-01, production 06-01, today 06-30 (all 2026).
import type { ProjectCommand, RegisterLead } from '../commands';
import { projectEvent, type LeadRegisteredData, type ProjectEvent } from '../events';
import type { Money } from '../money';
import type { PipelineStage } from '../stage';

export const TODAY = '2026-06-30';
export const PROJECT_ID = 'p-001';
export const CREDIT_CODE = '91350100M000100Y43';

export const DATES = {
  LEAD: '2026-01-05',
  NEGOTIATING: '2026-01-20',
  SIGNED: '2026-02-10',
  REGISTERED: '2026-03-02',
  UNDER_CONSTRUCTION: '2026-04-01',
  IN_PRODUCTION: '2026-06-01',
} as const satisfies Record<PipelineStage, string>;

export const cny = (yuan: number): Money => ({ yuan, currency: 'CNY' });
export const usd = (yuan: number): Money => ({ yuan, currency: 'USD' });

export function leadRegistered(overrides: Partial<LeadRegisteredData> = {}): ProjectEvent {
  return projectEvent('LeadRegistered', {
    projectId: PROJECT_ID,
    name: '年产10万吨新材料项目',
    investor: { name: '某某新材料有限公司', origin: '浙江宁波' },
    industryChain: 'NEW_MATERIALS',
    regionCode: '410928',
    source: 'EXISTING_INVESTOR',
    estimatedInvestment: cny(1_200_000_000),
    occurredOn: DATES.LEAD,
    ...overrides,
  });
}

export const negotiationStarted = (occurredOn: string = DATES.NEGOTIATING): ProjectEvent =>
  projectEvent('NegotiationStarted', {
    occurredOn,
    plannedInvestment: cny(1_000_000_000),
    leadOfficer: '张三',
  });

export const contractSigned = (occurredOn: string = DATES.SIGNED): ProjectEvent =>
  projectEvent('ContractSigned', {
    occurredOn,
    contractInvestment: cny(800_000_000),
    occasion: 'CEREMONY',
    commitments: { registerBy: '2026-05-11', breakGroundBy: '2026-08-09', produceBy: '2028-02-10' },
    defaultedCommitments: ['registerBy', 'breakGroundBy', 'produceBy'],
  });

export const companyRegistered = (occurredOn: string = DATES.REGISTERED): ProjectEvent =>
  projectEvent('CompanyRegistered', {
    occurredOn,
    creditCode: CREDIT_CODE,
    companyName: '濮阳某某新材料有限公司',
  });

export const groundBroken = (occurredOn: string = DATES.UNDER_CONSTRUCTION): ProjectEvent =>
  projectEvent('GroundBroken', { occurredOn });

export const productionStarted = (occurredOn: string = DATES.IN_PRODUCTION): ProjectEvent =>
  projectEvent('ProductionStarted', { occurredOn });

const STAGE_EVENTS: Record<PipelineStage, () => ProjectEvent> = {
  LEAD: () => leadRegistered(),
  NEGOTIATING: () => negotiationStarted(),
  SIGNED: () => contractSigned(),
  REGISTERED: () => companyRegistered(),
  UNDER_CONSTRUCTION: () => groundBroken(),
  IN_PRODUCTION: () => productionStarted(),
};

/** The events that bring the sample project to `stage`, in order. */
export function eventsUpTo(stage: PipelineStage): ProjectEvent[] {
  const order = Object.keys(STAGE_EVENTS) as PipelineStage[];
  return order.slice(0, order.indexOf(stage) + 1).map((s) => STAGE_EVENTS[s]());
}

export function registerLead(overrides: Partial<RegisterLead> = {}): ProjectCommand {
  return {
    type: 'RegisterLead',
    projectId: PROJECT_ID,
    name: '年产10万吨新材料项目',
    investor: { name: '某某新材料有限公司', origin: '浙江宁波' },
    industryChain: 'NEW_MATERIALS',
    regionCode: '410928',
    source: 'EXISTING_INVESTOR',
    estimatedInvestment: cny(1_200_000_000),
    occurredOn: DATES.LEAD,
    ...overrides,
  };
}
