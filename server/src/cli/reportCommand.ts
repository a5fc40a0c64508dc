/**
 * `exchange-log report <name> <path…> [--where QUERY] [--top N] [--org-domains D,…] [--format table|csv|json]`:
 * one of the reports of `core/collection/reports` over the logs below the paths, narrowed by a session
 * search. Table: the report's title and description, then one table after another under its title.
 * CSV: every table's rows in one sheet, a `table` column first. JSON Lines: one object per row with
 * `table` and the cells. Charts are not printed; a report's summary numbers are a table `summary`.
 */
import type { ReportCell, ReportColumn, ReportRow, ReportTable } from '../../../protocol/src/queryTypes';
import { CsvCell, toCsv } from '../../../protocol/src/csv';
import { parseQuery } from '../core/collection/query';
import { REPORT_NAMES, availableReports, buildReport, isReportName } from '../core/collection/reports/index';
import type { ReportBody } from '../core/collection/reports/index';
import { compileQuery } from '../core/collection/search';
import { t } from '../core/l10n';
import { formatDuration } from '../core/util/format';
import { CliArgs, CliCommand, OutputFormat, UsageError } from './command';
import { OutputColumn, OutputRow, describeQueryProblems, iso, writeRows } from './output';

/** Rows per table unless --top says otherwise. */
export const DEFAULT_TOP = 50;

function checkArgs(args: CliArgs): void {
  const name = args.leading[0];
  if (!isReportName(name) || !availableReports().includes(name)) {
    const why = isReportName(name) ? `report '${name}' is not available in this build` : `unknown report '${name}'`;
    throw new UsageError(`${why}; reports: ${availableReports().join(', ')}`);
  }
  const top = args.options.top;
  if (top !== undefined && !(/^\d+$/.test(top) && +top >= 1 && +top <= 1_000_000)) throw new UsageError(`--top must be a whole number from 1 to 1000000, not '${top}'`);
  const where = args.options.where;
  if (where !== undefined) {
    const problems = parseQuery(where).problems;
    if (problems.length > 0) throw new UsageError(describeQueryProblems(where, problems));
  }
}

/** A cell as printed: times in ISO 8601 (UTC); durations as text in a table, milliseconds elsewhere. */
function printed(cell: ReportCell | undefined, column: ReportColumn, format: OutputFormat): CsvCell {
  if (cell === null || cell === undefined) return null;
  if (column.type === 'time' && typeof cell === 'number') return iso(cell);
  if (column.type === 'duration' && typeof cell === 'number' && format === 'table') return formatDuration(cell);
  return cell;
}

/** The summary numbers of a report as a table of one row. */
function summaryTable(body: ReportBody): ReportTable | undefined {
  if (!body.summary || Object.keys(body.summary).length === 0) return undefined;
  const keys = Object.keys(body.summary);
  return {
    id: 'summary',
    title: t('Summary'),
    columns: keys.map((key) => ({ key, title: key, type: 'number' as const })),
    rows: [{ cells: { ...body.summary } }],
    total: 1,
  };
}

function flagCells(row: ReportRow): { flag: string | null; flagText: string | null } {
  return { flag: row.flag ?? null, flagText: row.flagText ?? null };
}

export function printReport(out: NodeJS.WritableStream, format: OutputFormat, body: ReportBody): void {
  const summary = summaryTable(body);
  const tables = summary ? [summary, ...body.tables] : body.tables;
  const flagged = tables.some((tb) => tb.rows.some((r) => r.flag));
  if (format === 'json') {
    for (const tb of tables) {
      for (const row of tb.rows) {
        const o: Record<string, unknown> = { table: tb.id };
        for (const c of tb.columns) o[c.key] = printed(row.cells[c.key], c, format);
        if (flagged) Object.assign(o, flagCells(row));
        out.write(JSON.stringify(o) + '\n');
      }
    }
    return;
  }
  if (format === 'csv') {
    const keys: string[] = [];
    for (const tb of tables) for (const c of tb.columns) if (!keys.includes(c.key)) keys.push(c.key);
    const headers = ['table', ...keys, ...(flagged ? ['flag', 'flagText'] : [])];
    const rows: CsvCell[][] = [];
    for (const tb of tables) {
      for (const row of tb.rows) {
        const byKey = new Map(tb.columns.map((c) => [c.key, printed(row.cells[c.key], c, format)]));
        const f = flagCells(row);
        rows.push([tb.id, ...keys.map((k) => byKey.get(k) ?? null), ...(flagged ? [f.flag, f.flagText] : [])]);
      }
    }
    out.write(toCsv(headers, rows));
    return;
  }
  out.write(`${body.title}\n${body.description}\n`);
  for (const tb of tables) {
    const shown = tb.rows.length < tb.total ? ` (${t('{0} of {1} rows', tb.rows.length, tb.total)})` : '';
    out.write(`\n${tb.title}${shown}\n`);
    if (tb.rows.length === 0) {
      out.write(`${t('(no rows)')}\n`);
      continue;
    }
    const columns: OutputColumn[] = tb.columns.map((c) => ({ key: c.key, title: c.title, numeric: c.type === 'number' || c.type === 'bytes' || c.type === 'duration' }));
    if (flagged) columns.push({ key: 'flag', title: t('Flag') });
    const rows: OutputRow[] = tb.rows.map((row) => {
      const o: OutputRow = {};
      for (const c of tb.columns) o[c.key] = printed(row.cells[c.key], c, format);
      if (flagged) o.flag = row.flag ? `${row.flag === 'error' ? t('error') : t('warning')}: ${row.flagText ?? ''}` : null;
      return o;
    });
    writeRows(out, 'table', columns, rows);
  }
}

export const reportCommand: CliCommand = {
  name: 'report',
  usage: `report <name> <path…> [--where QUERY] [--top N] [--org-domains DOMAIN,…] [--format table|csv|json]  (names: ${REPORT_NAMES.join(', ')})`,
  leading: 1,
  options: { where: 'value', top: 'value', 'org-domains': 'value' },
  formats: ['table', 'csv', 'json'],
  check: checkArgs,
  run({ args, collection, out, err }) {
    let files = 0;
    for (const _ of collection.files()) files++;
    if (files === 0) {
      err.write(`exchange-log: ${t('no Exchange logs found below the paths given')}\n`);
      return 1;
    }
    const name = args.leading[0];
    if (!isReportName(name)) throw new UsageError(`unknown report '${name}'`);
    const where = args.options.where?.trim() || undefined;
    const parsed = where ? parseQuery(where) : undefined;
    const orgDomains = args.options['org-domains']?.split(',').map((d) => d.trim()).filter(Boolean);
    const body = buildReport(name, {
      index: collection,
      match: compileQuery(collection, parsed?.query),
      top: args.options.top !== undefined ? +args.options.top : DEFAULT_TOP,
      uriOf: (p) => p,
      where,
      orgDomains,
    });
    printReport(out, args.format, body);
    const rows = body.tables.reduce((n, tb) => n + tb.rows.length, 0);
    return rows > 0 || (body.summary && Object.keys(body.summary).length > 0) ? 0 : 1;
  },
};
