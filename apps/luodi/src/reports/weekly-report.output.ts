import { Injectable, type StreamableFile } from '@nestjs/common';
import type { Response } from 'express';
import { Clock } from '../common/clock';
import { ReferenceRepository } from '../reference/reference.repository';
import {
  agendaRegionNames,
  buildWeeklyWorkbook,
  weeklyWorkbookFileName,
} from './export/weekly-workbook';
import { WEEKLY_PAGE_CSP, renderWeeklyPage } from './page/weekly-page';
import type { WeeklyMeetingDto } from './queries/weekly-meeting.dto';
import { htmlDocument, privateDocument, xlsxDocument } from '../common/documents';

/** The weekly agenda as a printable page or a workbook; both render the JSON agenda as it is. */
@Injectable()
export class WeeklyReportOutput {
  constructor(
    private readonly clock: Clock,
    private readonly reference: ReferenceRepository,
  ) {}

  async send(
    res: Response,
    agenda: WeeklyMeetingDto,
    format: 'html' | 'xlsx',
    xlsxLink: () => Promise<string>,
  ): Promise<string | StreamableFile> {
    const generatedAt = this.clock.now();
    if (format === 'html') {
      const page = renderWeeklyPage(agenda, { xlsxUrl: await xlsxLink(), generatedAt });
      return htmlDocument(res, page, WEEKLY_PAGE_CSP);
    }
    privateDocument(res);
    const chains = new Map((await this.reference.chains()).map((c) => [c.code, c.name]));
    const workbook = buildWeeklyWorkbook(agenda, {
      generatedAt,
      regionName: agendaRegionNames(agenda),
      chainName: (code) => chains.get(code),
    });
    return xlsxDocument(await workbook.xlsx.writeBuffer(), weeklyWorkbookFileName(agenda));
  }
}
