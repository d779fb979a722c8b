import type * as EChartsModule from 'echarts';
import type ExcelJSModule from 'exceljs';

// The document libraries, loaded when a document is first asked for: together some 44 MB of
// resident memory that a process serving only commands and JSON reports need not hold.

let excel: typeof ExcelJSModule | undefined;
let charts: typeof EChartsModule | undefined;

/** exceljs (workbooks: the weekly report, the project ledger). */
export function exceljs(): typeof ExcelJSModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, on purpose
  return (excel ??= require('exceljs') as typeof ExcelJSModule);
}

/** echarts (the weekly page's charts, rendered to SVG on the server). */
export function echarts(): typeof EChartsModule {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, on purpose
  return (charts ??= require('echarts') as typeof EChartsModule);
}
