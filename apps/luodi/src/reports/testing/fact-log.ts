import type { FactRow } from '@luodi/projections';

/** Amounts in 万元, as the API takes them; `currency` defaults to CNY. */
type Money = { wan: number; currency?: string };

/**
 * Builds facts (rows of the facts projection) for the report tests, one project at a time,
 * with the positions and versions the projection would give them.
 */
export class FactLog {
  readonly facts: FactRow[] = [];
  private position = 0;

  project(projectId: string): ProjectFacts {
    return new ProjectFacts(projectId, (fact) => {
      this.position += 1;
      this.facts.push({ ...fact, position: String(this.position), txId: String(this.position) });
    });
  }
}

export class ProjectFacts {
  private version = 0;

  constructor(
    readonly id: string,
    private readonly emit: (fact: Omit<FactRow, 'position' | 'txId'>) => void,
  ) {}

  lead(
    on: string,
    p: { name?: string; regionCode?: string; industryChain?: string; estimated?: Money } = {},
  ): this {
    return this.add('LeadRegistered', on, {
      stage: 'LEAD',
      name: p.name ?? `项目${this.id}`,
      regionCode: p.regionCode ?? '410928',
      industryChain: p.industryChain ?? 'NEW_MATERIALS',
      ...money(p.estimated ?? { wan: 20_000 }),
    });
  }
  negotiate(on: string, planned?: Money): this {
    return this.add('NegotiationStarted', on, { stage: 'NEGOTIATING', ...money(planned) });
  }
  sign(on: string, contract: Money): this {
    return this.add('ContractSigned', on, { stage: 'SIGNED', ...money(contract) });
  }
  register(on: string): this {
    return this.add('CompanyRegistered', on, { stage: 'REGISTERED' });
  }
  breakGround(on: string): this {
    return this.add('GroundBroken', on, { stage: 'UNDER_CONSTRUCTION' });
  }
  startProduction(on: string): this {
    return this.add('ProductionStarted', on, { stage: 'IN_PRODUCTION' });
  }
  drop(on: string): this {
    return this.add('ProjectDropped', on, { stage: 'DROPPED' });
  }
  /** Back into the stage the project left (the projection stores it as the fact's stage). */
  reactivate(on: string, toStage: string): this {
    return this.add('ProjectReactivated', on, { stage: toStage });
  }
  arrive(on: string, amount: Money): this {
    return this.add('InvestmentArrived', on, money(amount));
  }
  raiseIssue(
    on: string,
    issueId: string,
    p: { category?: string; description?: string; coordinationLevel?: string } = {},
  ): this {
    return this.add('IssueRaised', on, {
      issueId,
      detail: {
        category: p.category ?? 'LAND',
        description: p.description ?? '用地指标未落实',
        coordinationLevel: p.coordinationLevel ?? 'COUNTY',
      },
    });
  }
  assignIssue(on: string, issueId: string, unit: string, dueOn: string): this {
    return this.add('IssueAssigned', on, { issueId, detail: { unit, dueOn } });
  }
  escalateIssue(on: string, issueId: string, coordinationLevel: string): this {
    return this.add('IssueEscalated', on, { issueId, detail: { coordinationLevel } });
  }
  resolveIssue(on: string, issueId: string): this {
    return this.add('IssueResolved', on, { issueId });
  }
  assignResponsibility(on: string, unit: string | null): this {
    return this.add('ResponsibilityAssigned', on, {
      detail: { unit, leader: '王副县长', chainLeader: null },
    });
  }
  correct(
    on: string,
    changes: { name?: string; regionCode?: string; industryChain?: string; estimated?: Money },
  ): this {
    return this.add('ProjectDetailsCorrected', on, {
      name: changes.name ?? null,
      regionCode: changes.regionCode ?? null,
      industryChain: changes.industryChain ?? null,
      ...money(changes.estimated),
    });
  }

  private add(type: string, occurredOn: string, fields: Partial<FactRow>): this {
    this.version += 1;
    this.emit({
      projectId: this.id,
      version: this.version,
      type,
      occurredOn,
      recordedAt: `${occurredOn}T02:00:00.000000Z`,
      stage: null,
      amountYuan: null,
      currency: null,
      regionCode: null,
      industryChain: null,
      name: null,
      issueId: null,
      detail: {},
      ...fields,
    });
    return this;
  }
}

function money(m: Money | undefined): Pick<FactRow, 'amountYuan' | 'currency'> {
  return m === undefined
    ? { amountYuan: null, currency: null }
    : { amountYuan: m.wan * 10_000, currency: m.currency ?? 'CNY' };
}
