import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { todayInShanghai, type ItemStepCommand } from '@luodi/domain';
import type { Request, Response } from 'express';
import { CurrentPrincipal, RequireScope } from '../auth/decorators';
import type { Principal } from '../auth/scopes';
import { Clock } from '../common/clock';
import { correlationIdOf } from '../common/correlation';
import { ApiProblems } from '../common/problem/api-problems.decorator';
import { DateParam, UuidParam } from '../common/validation/params';
import { parseIfMatch } from '../projects/commands/command-meta';
import { ChangeRulesCommand } from './commands/change-rules';
import { RecordDecisionCommand } from './commands/record-decision';
import { RunEvaluationCommand } from './commands/run-evaluation';
import { TakeItemStepCommand } from './commands/take-item-step';
import { GetRulesHistoryQuery, GetRulesQuery } from './queries/get-rules';
import { ListEvaluationsQuery } from './queries/list-evaluations';
import { GetItemQuery, ListItemsQuery } from './queries/list-items';
import {
  AcknowledgeItemDto,
  ChangeRulesDto,
  EvaluationSummaryDto,
  ItemClosureDto,
  ItemFeedbackDto,
  ItemReviewDto,
  ListItemsParams,
  RecordDecisionDto,
  RulesDto,
  RulesHistoryDto,
  RulesVersionDto,
  RunEvaluationDto,
  SupervisionItemDto,
  SupervisionItemListDto,
} from './supervision.dto';

const ID = new UuidParam('id');

@ApiTags('supervision 督查督办')
@ApiBearerAuth()
@ApiHeader({
  name: 'Idempotency-Key',
  required: false,
  description: '同一键同一请求体重放首次响应',
})
@ApiProblems(400, 401, 403, 404, 409, 412, 422)
@Controller('supervision')
export class SupervisionController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly clock: Clock,
  ) {}

  @Get('items')
  @RequireScope('supervision:read')
  @ApiOperation({
    summary: 'The supervision queue (督办事项): filtered, newest first, with each item’s history',
  })
  @ApiOkResponse({ type: SupervisionItemListDto })
  list(@Query() params: ListItemsParams, @CurrentPrincipal() principal: Principal) {
    return this.queries.execute(new ListItemsQuery(params, principal, this.today()));
  }

  @Get('items/:id')
  @RequireScope('supervision:read')
  @ApiOperation({ summary: 'One 督办 item with its history' })
  @ApiOkResponse({ type: SupervisionItemDto })
  get(@Param('id', ID) id: string, @CurrentPrincipal() principal: Principal) {
    return this.queries.execute(new GetItemQuery(id, principal, this.today()));
  }

  @Post('items/:id/acknowledgement')
  @HttpCode(200)
  @RequireScope('supervision:write')
  @ApiOperation({ summary: '签收: the responsible unit acknowledges an issued item' })
  @ApiOkResponse({ type: SupervisionItemDto })
  acknowledge(@Param('id', ID) id: string, @Body() dto: AcknowledgeItemDto, @Req() req: Request) {
    return this.step(
      id,
      { type: 'acknowledge', ...(dto.note !== undefined ? { note: dto.note } : {}) },
      dto.occurredOn,
      req,
    );
  }

  @Post('items/:id/feedback')
  @HttpCode(200)
  @RequireScope('supervision:write')
  @ApiOperation({
    summary:
      '反馈: the unit reports the matter done (done, default) or reports progress (done=false: 办理中)',
  })
  @ApiOkResponse({ type: SupervisionItemDto })
  feedback(@Param('id', ID) id: string, @Body() dto: ItemFeedbackDto, @Req() req: Request) {
    return this.step(
      id,
      { type: 'feedback', note: dto.note, done: dto.done ?? true },
      dto.occurredOn,
      req,
    );
  }

  @Post('items/:id/review')
  @HttpCode(200)
  @RequireScope('supervision:write')
  @ApiOperation({
    summary: '复核: the supervisor checks the feedback; not approved sends it back to 办理',
  })
  @ApiOkResponse({ type: SupervisionItemDto })
  review(@Param('id', ID) id: string, @Body() dto: ItemReviewDto, @Req() req: Request) {
    return this.step(
      id,
      { type: 'review', note: dto.note, approved: dto.approved },
      dto.occurredOn,
      req,
    );
  }

  @Post('items/:id/closure')
  @HttpCode(200)
  @RequireScope('supervision:write')
  @ApiOperation({
    summary: '办结 / 销号: closes the item with a note (after 复核, or earlier by a supervisor)',
    description:
      'A rule item whose condition still holds is raised again at the next evaluation, one level higher.',
  })
  @ApiOkResponse({ type: SupervisionItemDto })
  close(@Param('id', ID) id: string, @Body() dto: ItemClosureDto, @Req() req: Request) {
    return this.step(id, { type: 'close', note: dto.note }, dto.occurredOn, req);
  }

  @Get('rules')
  @RequireScope('supervision:read')
  @ApiOperation({ summary: 'The rules’ thresholds now, their version and the defaults' })
  @ApiOkResponse({ type: RulesDto })
  async rules(@Res({ passthrough: true }) res: Response): Promise<RulesDto> {
    const rules = await this.queries.execute(new GetRulesQuery());
    res.setHeader('ETag', `"${rules.version}"`);
    return rules;
  }

  @Get('rules/history')
  @RequireScope('supervision:read')
  @ApiOperation({
    summary: 'Every version of the thresholds, newest first, with who changed them and why',
  })
  @ApiOkResponse({ type: RulesHistoryDto })
  rulesHistory() {
    return this.queries.execute(new GetRulesHistoryQuery());
  }

  @Put('rules')
  @RequireScope('admin')
  @ApiHeader({ name: 'If-Match', required: false, description: '期望的规则版本,如 "2"' })
  @ApiOperation({
    summary:
      'New thresholds (the whole set), recorded as an event; they apply from the next evaluation',
  })
  @ApiOkResponse({ type: RulesVersionDto })
  async changeRules(
    @Body() dto: ChangeRulesDto,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RulesVersionDto> {
    const result = await this.commands.execute(
      new ChangeRulesCommand(
        dto,
        parseIfMatch(req.header('if-match')),
        principal,
        correlationIdOf(req),
      ),
    );
    res.setHeader('ETag', `"${result.version}"`);
    return result;
  }

  @Post('evaluations')
  @HttpCode(200)
  @RequireScope('admin')
  @ApiOperation({
    summary: 'Evaluate every rule at an instant (now by default), as the daily schedule does',
    description:
      'Idempotent: the same instant twice changes nothing. Past instants judge each project as it stood that day.',
  })
  @ApiOkResponse({ type: EvaluationSummaryDto })
  evaluate(@Body() dto: RunEvaluationDto) {
    return this.commands.execute(new RunEvaluationCommand(dto.at ? new Date(dto.at) : undefined));
  }

  @Get('evaluations')
  @RequireScope('supervision:read')
  @ApiOperation({ summary: 'The latest evaluation runs, newest first' })
  @ApiOkResponse({ type: [EvaluationSummaryDto] })
  evaluations() {
    return this.queries.execute(new ListEvaluationsQuery());
  }

  private step(id: string, step: ItemStepCommand, occurredOn: string | undefined, req: Request) {
    const principal = (req as Request & { principal: Principal }).principal;
    return this.commands.execute(
      new TakeItemStepCommand(id, step, occurredOn, principal, correlationIdOf(req)),
    );
  }

  private today(): string {
    return todayInShanghai(this.clock.now());
  }
}

@ApiTags('supervision 督查督办')
@ApiBearerAuth()
@ApiProblems(400, 401, 403, 404, 422)
@Controller('meetings')
export class MeetingsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
    private readonly clock: Clock,
  ) {}

  @Post(':date/decisions')
  @RequireScope('supervision:write')
  @ApiOperation({
    summary: '会议议定事项: record a decision of the meeting on that date, tracked as a 督办 item',
  })
  @ApiCreatedResponse({ type: SupervisionItemDto })
  async record(
    @Param('date', new DateParam('date')) date: string,
    @Body() dto: RecordDecisionDto,
    @CurrentPrincipal() principal: Principal,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SupervisionItemDto> {
    const item = await this.commands.execute(
      new RecordDecisionCommand(date, dto, principal, correlationIdOf(req)),
    );
    res.setHeader('Location', `/api/v1/supervision/items/${item.id}`);
    return item;
  }

  @Get(':date/decisions')
  @RequireScope('supervision:read')
  @ApiOperation({ summary: 'The decisions of the meeting on that date, with their status' })
  @ApiOkResponse({ type: SupervisionItemListDto })
  decisions(
    @Param('date', new DateParam('date')) date: string,
    @Query() params: ListItemsParams,
    @CurrentPrincipal() principal: Principal,
  ) {
    return this.queries.execute(
      new ListItemsQuery(params, principal, todayInShanghai(this.clock.now()), date),
    );
  }
}
