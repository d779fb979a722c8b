import { Body, Controller, HttpCode, Param, Post, Put, Req, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProperty,
  ApiPropertyOptional,
  ApiTags,
} from '@nestjs/swagger';
import type { ProjectCommand } from '@luodi/domain';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { RequireScope } from '../../auth/decorators';
import { ApiProblems } from '../../common/problem/api-problems.decorator';
import { UuidParam } from '../../common/validation/params';
import {
  AssignResponsibilityDto,
  toAssignResponsibility,
} from './assign-responsibility/assign-responsibility.dto';
import { commandMetaOf } from './command-meta';
import { CorrectDetailsDto, toCorrectDetails } from './correct-details/correct-details.dto';
import { DropProjectDto, toDropProject } from './drop-project/drop-project.dto';
import {
  ExecuteProjectCommand,
  type ProjectCommandResult,
} from './execute-project-command.command';
import {
  AssignIssueDto,
  EscalateIssueDto,
  RaiseIssueDto,
  ResolveIssueDto,
  toAssignIssue,
  toEscalateIssue,
  toRaiseIssue,
  toResolveIssue,
} from './issues/issues.dto';
import { LogActivityDto, toLogActivity } from './log-activity/log-activity.dto';
import {
  BreakGroundDto,
  StartProductionDto,
  toBreakGround,
  toStartProduction,
} from './milestones/milestones.dto';
import {
  ReactivateProjectDto,
  toReactivateProject,
} from './reactivate-project/reactivate-project.dto';
import { RecordInvestmentDto, toRecordInvestment } from './record-investment/record-investment.dto';
import { RegisterCompanyDto, toRegisterCompany } from './register-company/register-company.dto';
import { RegisterLeadDto, toRegisterLead } from './register-lead/register-lead.dto';
import {
  RescheduleCommitmentsDto,
  toRescheduleCommitments,
} from './reschedule-commitments/reschedule-commitments.dto';
import { SignContractDto, toSignContract } from './sign-contract/sign-contract.dto';
import { StartNegotiationDto, toStartNegotiation } from './start-negotiation/start-negotiation.dto';

class CommandResultDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({
    enum: [
      'LEAD',
      'NEGOTIATING',
      'SIGNED',
      'REGISTERED',
      'UNDER_CONSTRUCTION',
      'IN_PRODUCTION',
      'DROPPED',
    ],
    example: 'SIGNED',
  })
  stage!: string;
  @ApiProperty({
    description: '项目版本号,即 ETag / the project version, also sent as ETag',
    example: 3,
  })
  version!: number;
  @ApiPropertyOptional({
    format: 'uuid',
    description: 'POST /issues 返回的问题编号 / the new issue id',
  })
  issueId?: string;
}

const ID = new UuidParam('id');
const ISSUE_ID = new UuidParam('issueId');

@ApiTags('project commands 项目命令')
@ApiBearerAuth()
@ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: '同一键同一请求体重放首次响应;同一键不同请求体返回422',
})
@ApiHeader({
  name: 'If-Match',
  required: false,
  description: '期望的项目版本,如 "3";不一致返回412 / expected version',
})
@ApiHeader({
  name: 'X-Request-Id',
  required: false,
  description: '关联编号,记入事件 / correlation id, recorded in the events',
})
@ApiProblems(400, 401, 403, 404, 409, 412, 413, 422)
@RequireScope('projects:write')
@Controller('projects')
export class ProjectCommandsController {
  constructor(private readonly bus: CommandBus) {}

  @Post()
  @ApiOperation({ summary: 'Register a lead (登记线索) → LeadRegistered' })
  @ApiCreatedResponse({ type: CommandResultDto })
  registerLead(
    @Body() dto: RegisterLeadDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    const id = randomUUID();
    res.setHeader('Location', `/api/v1/projects/${id}`);
    return this.run(id, toRegisterLead(dto, id), req, res, 201);
  }

  @Post(':id/negotiation')
  @HttpCode(200)
  @ApiOperation({ summary: 'Start negotiation (进入在谈) → NegotiationStarted' })
  @ApiOkResponse({ type: CommandResultDto })
  startNegotiation(
    @Param('id', ID) id: string,
    @Body() dto: StartNegotiationDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(id, toStartNegotiation(dto), req, res);
  }

  @Post(':id/signing')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Sign the contract (签约) → ContractSigned',
    description: 'Deadlines the contract leaves out default to signing + 90 / 180 / 730 days.',
  })
  @ApiOkResponse({ type: CommandResultDto })
  sign(
    @Param('id', ID) id: string,
    @Body() dto: SignContractDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(id, toSignContract(dto), req, res);
  }

  @Post(':id/registration')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Company registered (注册落户) → CompanyRegistered',
    description: 'Reported by the business-registration system.',
  })
  @ApiOkResponse({ type: CommandResultDto })
  register(
    @Param('id', ID) id: string,
    @Body() dto: RegisterCompanyDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(id, toRegisterCompany(dto), req, res);
  }

  @Post(':id/groundbreaking')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Ground broken (开工) → GroundBroken',
    description: 'Reported by the construction-approval system.',
  })
  @ApiOkResponse({ type: CommandResultDto })
  breakGround(
    @Param('id', ID) id: string,
    @Body() dto: BreakGroundDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(id, toBreakGround(dto), req, res);
  }

  @Post(':id/production')
  @HttpCode(200)
  @ApiOperation({ summary: 'Production started (投产) → ProductionStarted' })
  @ApiOkResponse({ type: CommandResultDto })
  startProduction(
    @Param('id', ID) id: string,
    @Body() dto: StartProductionDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(id, toStartProduction(dto), req, res);
  }

  @Post(':id/drop')
  @HttpCode(200)
  @ApiOperation({ summary: 'Drop the project (终止/流失) → ProjectDropped' })
  @ApiOkResponse({ type: CommandResultDto })
  drop(
    @Param('id', ID) id: string,
    @Body() dto: DropProjectDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(id, toDropProject(dto), req, res);
  }

  @Post(':id/reactivation')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Reactivate a dropped project into the stage it left → ProjectReactivated',
  })
  @ApiOkResponse({ type: CommandResultDto })
  reactivate(
    @Param('id', ID) id: string,
    @Body() dto: ReactivateProjectDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(id, toReactivateProject(dto), req, res);
  }

  @Post(':id/investments')
  @ApiOperation({
    summary: 'Funds arrived (资金到位) → InvestmentArrived',
    description: 'Only once signed.',
  })
  @ApiCreatedResponse({ type: CommandResultDto })
  recordInvestment(
    @Param('id', ID) id: string,
    @Body() dto: RecordInvestmentDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(id, toRecordInvestment(dto), req, res, 201);
  }

  @Post(':id/issues')
  @ApiOperation({ summary: 'Raise a problem to coordinate (问题协调) → IssueRaised' })
  @ApiCreatedResponse({ type: CommandResultDto })
  raiseIssue(
    @Param('id', ID) id: string,
    @Body() dto: RaiseIssueDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(id, toRaiseIssue(dto, randomUUID()), req, res, 201);
  }

  @Post(':id/issues/:issueId/assignment')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Assign a problem to a responsible unit with a due date → IssueAssigned',
  })
  @ApiOkResponse({ type: CommandResultDto })
  assignIssue(
    @Param('id', ID) id: string,
    @Param('issueId', ISSUE_ID) issueId: string,
    @Body() dto: AssignIssueDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(id, toAssignIssue(dto, issueId), req, res);
  }

  @Post(':id/issues/:issueId/escalation')
  @HttpCode(200)
  @ApiOperation({ summary: 'Escalate a problem to a higher coordination level → IssueEscalated' })
  @ApiOkResponse({ type: CommandResultDto })
  escalateIssue(
    @Param('id', ID) id: string,
    @Param('issueId', ISSUE_ID) issueId: string,
    @Body() dto: EscalateIssueDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(id, toEscalateIssue(dto, issueId), req, res);
  }

  @Post(':id/issues/:issueId/resolution')
  @HttpCode(200)
  @ApiOperation({ summary: 'Resolve a problem (化解) → IssueResolved' })
  @ApiOkResponse({ type: CommandResultDto })
  resolveIssue(
    @Param('id', ID) id: string,
    @Param('issueId', ISSUE_ID) issueId: string,
    @Body() dto: ResolveIssueDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(id, toResolveIssue(dto, issueId), req, res);
  }

  @Post(':id/activities')
  @ApiOperation({ summary: 'Log an activity (外出拜访、接待考察、洽谈、推介) → ActivityLogged' })
  @ApiCreatedResponse({ type: CommandResultDto })
  logActivity(
    @Param('id', ID) id: string,
    @Body() dto: LogActivityDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(id, toLogActivity(dto), req, res, 201);
  }

  @Put(':id/responsibility')
  @ApiOperation({
    summary: 'Assign responsibility (包联领导、项目秘书、责任单位、链长) → ResponsibilityAssigned',
  })
  @ApiOkResponse({ type: CommandResultDto })
  assignResponsibility(
    @Param('id', ID) id: string,
    @Body() dto: AssignResponsibilityDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(id, toAssignResponsibility(dto), req, res);
  }

  @Post(':id/commitments')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Reschedule deadlines (调整承诺节点); each move counts as a slip → CommitmentRescheduled',
  })
  @ApiOkResponse({ type: CommandResultDto })
  reschedule(
    @Param('id', ID) id: string,
    @Body() dto: RescheduleCommitmentsDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(id, toRescheduleCommitments(dto), req, res);
  }

  @Post(':id/corrections')
  @HttpCode(200)
  @ApiOperation({ summary: 'Correct the registered details (更正,留痕) → ProjectDetailsCorrected' })
  @ApiOkResponse({ type: CommandResultDto })
  correct(
    @Param('id', ID) id: string,
    @Body() dto: CorrectDetailsDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.run(id, toCorrectDetails(dto), req, res);
  }

  private async run(
    projectId: string,
    command: ProjectCommand,
    req: Request,
    res: Response,
    status = 200,
  ): Promise<ProjectCommandResult> {
    // The Location of a new project is replayed with the idempotent response too.
    const location = res.getHeader('Location');
    const meta = {
      ...commandMetaOf(req, status),
      ...(typeof location === 'string' ? { location } : {}),
    };
    const result = await this.bus.execute(new ExecuteProjectCommand(projectId, command, meta));
    res.setHeader('ETag', `"${result.version}"`);
    return result;
  }
}
