import type ExcelJS from 'exceljs';

// Shared look of the Excel exports: a title row, a bold frozen header row with a filter, data
// rows, then a few footer lines (totals, statuses). Offices print these, so every sheet is A4
// landscape, one page wide, with the header row repeated on each page.

/** Number formats. Amounts keep up to 4 decimals (1 元); percentages are the JSON figure. */
export const FORMAT = {
  wan: '#,##0.00##',
  percent: '0.0"%"',
  integer: '0',
  days: '0.0',
} as const;

export type Value = string | number | null;
type Fill = 'RED' | 'YELLOW' | 'GREEN';
/** A cell: null stays empty; `format` is a number format, `fill` colours a light. */
export type Cell = Value | { value: Value; format?: string; fill?: Fill };

export interface Column {
  header: string;
  /** Number format of the numbers in this column (a cell's own format wins). */
  format?: string;
}

export interface Table {
  title: string;
  columns: Column[];
  rows: Cell[][];
  /** Label and value lines under the table, after a blank row. */
  footer?: Array<[label: string, value: Cell]>;
}

const TITLE_ROW = 1;
const HEADER_ROW = 2;
/** Written as the only data row of an empty section, so a printed table never looks cut off. */
const EMPTY = '无';

const MIN_WIDTH = 6;
const MAX_WIDTH = 60;
const LINE_HEIGHT = 15;

const FILLS: Record<Fill, string> = { RED: 'FFFF8080', YELLOW: 'FFFFE066', GREEN: 'FF9BD08E' };
const HEADER_FILL = 'FFD9E1F2';
const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

/** 红灯 / 黄灯 / 绿灯 in words (it must read in black and white), coloured as well. */
const LIGHT_LABELS: Record<Fill, string> = { RED: '红灯', YELLOW: '黄灯', GREEN: '绿灯' };

export function lightCell(light: string): Cell {
  return isFill(light) ? { value: LIGHT_LABELS[light], fill: light } : light;
}

const isFill = (s: string): s is Fill => s === 'RED' || s === 'YELLOW' || s === 'GREEN';

export const CURRENCY_LABELS: Record<string, string> = { CNY: '人民币', USD: '美元' };

export const yesNo = (b: boolean | null): Value => (b === null ? null : b ? '是' : '否');

/** A4 landscape, one page wide and as many pages high as needed, `rows` repeated on each. */
export function printSetup(printTitlesRow: string): Partial<ExcelJS.PageSetup> {
  return {
    paperSize: 9, // A4 (PaperSize is a const enum, unusable under SWC's isolated modules)
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.5, header: 0.3, footer: 0.3 },
    printTitlesRow,
  };
}

/** Rows above `ySplit` stay on screen while scrolling. */
export const frozenAt = (ySplit: number): Array<Partial<ExcelJS.WorksheetView>> => [
  {
    state: 'frozen',
    xSplit: 0,
    ySplit,
    topLeftCell: `A${ySplit + 1}`,
    activeCell: `A${ySplit + 1}`,
  },
];

export function styleTitle(cell: ExcelJS.Cell): void {
  cell.font = { bold: true, size: 14 };
  cell.alignment = { vertical: 'middle', horizontal: 'left' };
}

export function styleHeader(row: ExcelJS.Row): void {
  row.font = { bold: true };
  row.eachCell((cell) => {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: HEADER_FILL } };
    cell.border = THIN;
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  });
}

/** Writes a cell's value with its format and fill; thin borders like a printed table. */
export function setCell(cell: ExcelJS.Cell, content: Cell, columnFormat?: string): void {
  const { value, format, fill } =
    content !== null && typeof content === 'object' ? content : { value: content };
  cell.value = value;
  const numFmt = format ?? columnFormat;
  if (typeof value === 'number' && numFmt !== undefined) cell.numFmt = numFmt;
  if (fill !== undefined) {
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: FILLS[fill] } };
  }
  cell.border = THIN;
}

const valueOf = (content: Cell): Value =>
  content !== null && typeof content === 'object' ? content.value : content;

// CJK, Hangul and full-width forms (，：（）): two columns each on screen and paper.
const WIDE =
  /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

/** Display width in Excel's column units: wide characters count 2, others 1. */
export function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += WIDE.test(ch) ? 2 : 1;
  return width;
}

/** Roughly as Excel shows it: thousands separators and a few decimals. */
function displayWidth(value: Value): number {
  if (value === null) return 0;
  if (typeof value === 'string') return textWidth(value);
  const [int = '', frac] = String(value).split('.');
  return int.length + Math.floor((int.length - 1) / 3) + 1 + Math.max(2, frac?.length ?? 0) + 1;
}

/** Each column as wide as its longest cell (header included), between MIN_WIDTH and MAX_WIDTH. */
export function fitWidths(sheet: ExcelJS.Worksheet, columns: Column[], rows: Cell[][]): void {
  columns.forEach((column, i) => {
    const widest = Math.max(
      textWidth(column.header),
      ...rows.map((row) => displayWidth(valueOf(row[i] ?? null))),
    );
    const width = Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, widest + 2));
    const sheetColumn = sheet.getColumn(i + 1);
    // exceljs leaves a width of exactly 9 out as its default; Excel's own default is narrower.
    sheetColumn.width = width === 9 ? 9.5 : width;
    // Longer text (reasons, descriptions) wraps inside the capped width.
    if (widest + 2 > MAX_WIDTH) {
      sheetColumn.eachCell((cell, rowNumber) => {
        if (rowNumber > HEADER_ROW) cell.alignment = { vertical: 'top', wrapText: true };
      });
    }
  });
}

/** Lines a text takes in a wrapped cell of this width. */
const linesIn = (text: string, width: number) =>
  Math.max(1, Math.ceil(textWidth(text) / Math.max(1, width - 1)));

/**
 * One sheet with one table: title row, frozen header row with a filter, data rows (or one
 * "无" row when there are none), then the footer lines. Widths fit the content.
 */
export function addTableSheet(
  workbook: ExcelJS.Workbook,
  name: string,
  table: Table,
): ExcelJS.Worksheet {
  const { columns, rows } = table;
  const sheet = workbook.addWorksheet(name, {
    views: frozenAt(HEADER_ROW),
    pageSetup: printSetup(`${HEADER_ROW}:${HEADER_ROW}`),
  });
  const last = columns.length;

  styleTitle(sheet.getCell(TITLE_ROW, 1));
  sheet.getCell(TITLE_ROW, 1).value = table.title;
  if (last > 1) sheet.mergeCells(TITLE_ROW, 1, TITLE_ROW, last);
  sheet.getRow(TITLE_ROW).height = 24;

  styleHeader(sheet.addRow(columns.map((c) => c.header)));
  const body: Cell[][] = rows.length > 0 ? rows : [[EMPTY]];
  for (const cells of body) {
    const row = sheet.addRow([]);
    columns.forEach((column, i) => setCell(row.getCell(i + 1), cells[i] ?? null, column.format));
  }
  sheet.autoFilter = {
    from: { row: HEADER_ROW, column: 1 },
    to: { row: HEADER_ROW + body.length, column: last },
  };
  fitWidths(sheet, columns, rows);
  if (table.footer) addFooter(sheet, table.footer, last);
  return sheet;
}

/** Label in column A, value in B (merged to the last column), wrapped, tall enough to read. */
function addFooter(
  sheet: ExcelJS.Worksheet,
  lines: Array<[label: string, value: Cell]>,
  last: number,
): void {
  sheet.addRow([]);
  const labelWidth = sheet.getColumn(1).width ?? MIN_WIDTH;
  let valueWidth = 0;
  for (let c = 2; c <= Math.max(2, last); c += 1) valueWidth += sheet.getColumn(c).width ?? 9;
  for (const [label, value] of lines) {
    const row = sheet.addRow([]);
    const labelCell = row.getCell(1);
    setCell(labelCell, label);
    labelCell.font = { bold: true };
    labelCell.alignment = { vertical: 'top', wrapText: true };
    const valueCell = row.getCell(2);
    setCell(valueCell, value);
    valueCell.alignment = { vertical: 'top', horizontal: 'left', wrapText: true };
    if (last > 2) sheet.mergeCells(row.number, 2, row.number, last);
    const text = String(valueOf(value) ?? '');
    const lines = Math.max(linesIn(label, labelWidth), linesIn(text, valueWidth));
    if (lines > 1) row.height = lines * LINE_HEIGHT;
  }
}

/** 2026-06-22 12:00 in China time (no daylight saving), for "generated at" lines. */
export function chinaTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

/** A name safe in a file name: no path separators, reserved characters or spaces. */
export const safeFileName = (name: string) => name.replace(/[\\/:*?"<>|\s]+/g, '_');
