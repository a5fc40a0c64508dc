/**
 * How `exchange-log` prints rows: an aligned table for people, CSV for spreadsheets (`protocol/src/csv.ts`),
 * or JSON Lines (one object per line) for scripts. Times are ISO 8601 (UTC) in every format.
 */
import { CsvCell, toCsv } from '../../../protocol/src/csv';
import type { OutputFormat } from './command';

export interface OutputColumn {
  key: string;
  /** Table heading; CSV and JSON use `key`. */
  title: string;
  /** Right-aligned in the table. */
  numeric?: boolean;
}

export type OutputRow = Record<string, CsvCell>;

/** Widest a table cell is printed (longer text is cut with `…`; CSV and JSON keep it whole). */
const TABLE_CELL_MAX = 60;

function tableCell(value: CsvCell): string {
  if (value === null || value === undefined) return '-';
  const text = typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : value.join(', ');
  // control characters of the log (escape sequences) never reach the terminal
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
  return clean.length > TABLE_CELL_MAX ? clean.slice(0, TABLE_CELL_MAX - 1) + '…' : clean || '-';
}

export function writeRows(out: NodeJS.WritableStream, format: OutputFormat, columns: readonly OutputColumn[], rows: Iterable<OutputRow>): void {
  if (format === 'json') {
    for (const row of rows) {
      const o: Record<string, unknown> = {};
      for (const c of columns) o[c.key] = row[c.key] ?? null;
      out.write(JSON.stringify(o) + '\n');
    }
    return;
  }
  if (format === 'csv') {
    out.write(toCsv(columns.map((c) => c.key), Array.from(rows, (r) => columns.map((c) => r[c.key]))));
    return;
  }
  const cells = Array.from(rows, (r) => columns.map((c) => tableCell(r[c.key])));
  const widths = columns.map((c, i) => Math.max(c.title.length, ...cells.map((r) => r[i].length)));
  const line = (values: string[]) => values.map((v, i) => (columns[i].numeric ? v.padStart(widths[i]) : v.padEnd(widths[i]))).join('  ').trimEnd() + '\n';
  out.write(line(columns.map((c) => c.title)));
  for (const r of cells) out.write(line(r));
}

export function iso(ms: number | undefined): string | null {
  return ms !== undefined && Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/**
 * Each problem of a query (`--where`): its message, then the query and a caret line under the span (for a
 * terminal). The first line gets its `exchange-log: ` from the caller, as every usage error does.
 */
export function describeQueryProblems(query: string, problems: readonly { start: number; end: number; message: string }[]): string {
  // control characters and tabs would shift the caret: one visible column each
  // eslint-disable-next-line no-control-regex
  const shown = query.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
  return problems
    .map((p, i) => {
      const start = Math.min(p.start, shown.length);
      const width = Math.max(1, Math.min(p.end, shown.length + 1) - start);
      return `${i === 0 ? '' : 'exchange-log: '}${p.message}\n  ${shown}\n  ${' '.repeat(start)}${'^'.repeat(width)}`;
    })
    .join('\n');
}
