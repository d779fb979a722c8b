import { Injectable } from '@nestjs/common';
import { openIssues, type Project } from '@luodi/domain';
import type { EntityManager } from 'typeorm';

/**
 * The project list (项目台账) read model. Written in the same transaction as the events, so a
 * list never disagrees with the log; rebuilt from the log like any other read model. It keeps
 * the whole state too, so a supervision evaluation reads every project in one query; `light`
 * is supervision's to set (from the open 督办 items).
 */
@Injectable()
export class ProjectListProjection {
  async upsert(manager: EntityManager, project: Project, version: number): Promise<void> {
    const investment =
      project.contractInvestment ?? project.plannedInvestment ?? project.estimatedInvestment;
    await manager.query(
      `INSERT INTO project_list (id, name, investor_name, stage, region_code, industry_chain, source,
         investment_yuan, currency, contract_yuan, arrived_yuan, lead_on, signed_on, open_issues, external_ref, version,
         register_by, break_ground_by, produce_by, state, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, now())
       ON CONFLICT (id) DO UPDATE SET name = $2, investor_name = $3, stage = $4, region_code = $5, industry_chain = $6,
         source = $7, investment_yuan = $8, currency = $9, contract_yuan = $10, arrived_yuan = $11, lead_on = $12,
         signed_on = $13, open_issues = $14, external_ref = $15, version = $16, register_by = $17, break_ground_by = $18,
         produce_by = $19, state = $20, updated_at = now()`,
      [
        project.id,
        project.name,
        project.investor.name,
        project.stage,
        project.regionCode,
        project.industryChain,
        project.source,
        investment.yuan,
        investment.currency,
        project.contractInvestment?.yuan ?? null,
        project.arrived.CNY,
        project.stageDates.LEAD,
        project.stageDates.SIGNED ?? null,
        openIssues(project).length,
        project.externalRef ?? null,
        version,
        project.commitments.registerBy ?? null,
        project.commitments.breakGroundBy ?? null,
        project.commitments.produceBy ?? null,
        JSON.stringify(project),
      ],
    );
  }
}
