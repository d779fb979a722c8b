import { StreamableFile } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ApiProblem } from './problem/problem';

// The forms a report can take: JSON for systems, a printable page for people, a workbook for
// offices. An explicit `format` wins; otherwise the Accept header decides, JSON first.

export const REPORT_FORMATS = ['json', 'html', 'xlsx'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const MEDIA: ReadonlyArray<readonly [string, ReportFormat]> = [
  ['application/json', 'json'],
  ['text/html', 'html'],
  [XLSX_TYPE, 'xlsx'],
];

export function negotiateFormat(explicit: ReportFormat | undefined, req: Request): ReportFormat {
  if (explicit !== undefined) return explicit;
  const best = req.accepts(MEDIA.map(([type]) => type));
  const found = MEDIA.find(([type]) => type === best);
  if (!found) {
    throw new ApiProblem(
      'NOT_ACCEPTABLE',
      `This report is available as ${MEDIA.map(([type]) => type).join(', ')}; Accept: ${req.header('accept') ?? ''} allows none of them.`,
    );
  }
  return found[1];
}

/** Reports name a region and its projects: never cached by shared caches, never referred on. */
export function privateDocument(res: Response): void {
  res.setHeader('Cache-Control', 'private, no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Content-Type-Options', 'nosniff');
}

export function htmlDocument(res: Response, html: string, csp: string): string {
  privateDocument(res);
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Content-Security-Policy', csp);
  return html;
}

export function xlsxDocument(
  content: Buffer | Uint8Array | ArrayBuffer,
  fileName: string,
): StreamableFile {
  const bytes = content instanceof ArrayBuffer ? new Uint8Array(content) : content;
  return new StreamableFile(bytes, { type: XLSX_TYPE, disposition: attachment(fileName) });
}

/** An ASCII fallback plus the UTF-8 name (RFC 6266), so Chinese file names survive. */
export function attachment(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
