/**
 * CSV as spreadsheets read it (RFC 4180, CRLF line ends), shared by `exchange-log … --format csv` and
 * the report panel's "Copy as CSV" / "Save as CSV…". Log text is untrusted: a text cell that starts
 * like a formula (`=`, `+`, `-`, `@`, tab, carriage return) is written with a leading apostrophe so that
 * Excel or LibreOffice shows it instead of running it. Numbers are written as they are.
 */

export type CsvCell = string | number | boolean | readonly string[] | null | undefined;

/** One cell: lists joined with `; `, null and undefined empty. */
export function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  let text = typeof value === 'string' ? value : value.join('; ');
  if (/^[=+@\t\r]|^-./s.test(text)) text = "'" + text;
  return /[",\r\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
}

/** A header line and one line per row, each ending with CRLF. */
export function toCsv(headers: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  let out = headers.map(csvCell).join(',') + '\r\n';
  for (const row of rows) out += row.map(csvCell).join(',') + '\r\n';
  return out;
}
