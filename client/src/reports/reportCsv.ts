/**
 * A report table as CSV, for "Copy as CSV" and "Save as CSV…" of the report panel: written by
 * `toCsv` (protocol/src/csv.ts, the one home of CSV, which `exchange-log report --format csv` uses
 * too): the column keys as the header, times as ISO 8601 UTC, numbers as numbers, lists joined with
 * `; `. Pure (no `vscode`), so a unit test checks it.
 */
import { CsvCell, toCsv } from '../../../protocol/src/csv';
import type { ReportCell, ReportColumn, ReportTable } from '../../../protocol/src/index';

function csvValue(value: ReportCell | undefined, column: ReportColumn): CsvCell {
  if (value === null || value === undefined) return null;
  if (column.type === 'time' && typeof value === 'number') return Number.isFinite(value) ? new Date(value).toISOString() : null;
  return value;
}

/**
 * The rows in `order` (indices into `table.rows`, as the panel shows them after sorting). An order
 * that is not a list of distinct valid indices (a message from a confused webview) is ignored: the
 * server's order is used.
 */
export function reportTableCsv(table: ReportTable, order?: readonly number[]): string {
  const valid = Array.isArray(order)
    && order.every((i) => Number.isInteger(i) && i >= 0 && i < table.rows.length)
    && new Set(order).size === order.length;
  const indices = valid ? order : table.rows.map((_, i) => i);
  return toCsv(table.columns.map((c) => c.key), indices.map((i) => table.columns.map((c) => csvValue(table.rows[i].cells[c.key], c))));
}

/** A file name for a saved table: `relay-byConnector.csv` (characters Windows refuses replaced). */
export function csvFileName(report: string, tableId: string): string {
  const clean = (s: string) => s.replace(/[<>:"/\\|?*\u0000-\u001f]+/g, '-').replace(/^[-.\s]+|[-.\s]+$/g, '');
  return `${clean(report) || 'report'}-${clean(tableId) || 'table'}.csv`;
}
