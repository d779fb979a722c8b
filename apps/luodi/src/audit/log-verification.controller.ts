import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { EventStore } from '@luodi/event-store';
import { RequireScope } from '../auth/decorators';
import { ApiProblems } from '../common/problem/api-problems.decorator';
import { verifyLog } from './log-verifier';
import { LogVerificationDto } from './log-verification.dto';

@ApiTags('audit 审计')
@ApiBearerAuth()
@ApiProblems(401, 403)
@RequireScope('admin')
@Controller('log')
export class LogVerificationController {
  constructor(private readonly store: EventStore) {}

  @Post('verifications')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Verify the whole event log: every stream’s hash chain, recomputed from the content',
    description:
      'Reports how many events were checked and the first broken link (the lowest position): an edited event, or a missing version. For a very long log, `npm run log:verify` does the same with the server stopped.',
  })
  @ApiOkResponse({ type: LogVerificationDto })
  verify(): Promise<LogVerificationDto> {
    return verifyLog(this.store, () => new Date());
  }
}
