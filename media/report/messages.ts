/** Messages between the report panel (extension side, client/src/reports/reportPanel.ts) and its webview. */
import type { ReportName, ReportResult } from '../../protocol/src/index';

/** What a panel shows: the report, its search, what it covers. Kept in the webview state to restore the panel. */
export interface ReportPanelParams {
  report: ReportName;
  where?: string;
  within?: string[];
  /** The active log when the report was asked for: what is counted when there is no collection. */
  textDocument?: string;
}

/** Localised strings the webview shows (the extension translates them). */
export interface ReportStrings {
  refresh: string;
  /** "Over the log collection" / "Over {0}" (a file name). */
  overCollection: string;
  overDocument: string;
  /** "Narrowed by: {0}" */
  narrowedBy: string;
  /** "Counted in {0} ms" */
  elapsed: string;
  partial: string;
  /** Heading of the query's mistakes. */
  problems: string;
  summary: string;
  /** How to read a chart's points (hover, arrow keys). */
  chartHelp: string;
  /** "Times are UTC." (before chartHelp, for charts over time) */
  timesUtc: string;
  /** Summary of the <details> that holds a chart's data table. */
  chartData: string;
  /** "Total" (tooltip line of stacked bars). */
  total: string;
  /** "Click a row, or press Enter on it, to list its sessions." */
  tableHelp: string;
  /** "Click a row, or press Enter on it, to trace its message." */
  tableHelpTrace: string;
  copyCsv: string;
  saveCsv: string;
  /** "Sort by {0}" (the heading button's label). */
  sortBy: string;
  /** "The first {0} of {1} rows" */
  rowsOf: string;
  noRows: string;
  /** The flag column's heading, and "Error: {0}" / "Warning: {0}" in it. */
  flag: string;
  flagError: string;
  flagWarning: string;
  noData: string;
}

export type ToWebview =
  | { type: 'loading'; params: ReportPanelParams; message: string }
  | { type: 'report'; params: ReportPanelParams; result: ReportResult; lang: string; strings: ReportStrings; scopeName: string }
  | { type: 'error'; params: ReportPanelParams; message: string };

export type FromWebview =
  | { type: 'ready' }
  | { type: 'refresh' }
  /** A row was clicked or Entered: `row` is its index in the table's rows as the server sent them. */
  | { type: 'openRow'; table: string; row: number }
  /** Copy or save a table as CSV, its rows in the order shown (indices into the server's rows). */
  | { type: 'copyCsv'; table: string; order: number[] }
  | { type: 'saveCsv'; table: string; order: number[] };
