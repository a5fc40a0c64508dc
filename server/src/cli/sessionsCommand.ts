/**
 * `exchange-log sessions <path…> --where QUERY [--limit N] [--format table|csv|json]`: the sessions
 * that match a search (the language of "Search Sessions…"), in time order. The query is checked before
 * any file is read: a mistake is exit code 2 with the message and the query, a caret line under the
 * wrong spot, on stderr. No match is exit code 1.
 */
import type { SessionRow } from '../../../protocol/src/queryTypes';
import { parseQuery } from '../core/collection/query';
import { searchSessions, sessionRow } from '../core/collection/search';
import { t } from '../core/l10n';
import { CliArgs, CliCommand, UsageError } from './command';
import { OutputColumn, OutputRow, describeQueryProblems, iso, writeRows } from './output';

function checkQuery(args: CliArgs): void {
  const where = args.options.where;
  if (where === undefined) throw new UsageError(`--where QUERY is needed (e.g. --where "remote:10.0.0.0/8 outcome:rejected"). usage: exchange-log ${sessionsCommand.usage}`);
  const problems = parseQuery(where).problems;
  if (problems.length > 0) throw new UsageError(describeQueryProblems(where, problems));
  const limit = args.options.limit;
  if (limit !== undefined && !/^\d{1,9}$/.test(limit)) throw new UsageError(`--limit must be a whole number, not '${limit}'`);
}

/** Every column of a JSON or CSV row, in order; `table` marks those the table shows. */
const COLUMNS: (OutputColumn & { table?: boolean })[] = [
  { key: 'start', title: 'start', table: true },
  { key: 'end', title: 'end' },
  { key: 'durationMs', title: 'durationMs', numeric: true },
  { key: 'server', title: 'server', table: true },
  { key: 'service', title: 'service' },
  { key: 'kind', title: 'kind', table: true },
  { key: 'sessionId', title: 'sessionId' },
  { key: 'remote', title: 'remote', table: true },
  { key: 'local', title: 'local' },
  { key: 'connector', title: 'connector' },
  { key: 'ehlo', title: 'ehlo', table: true },
  { key: 'tls', title: 'tls', table: true },
  { key: 'tlsCipher', title: 'tlsCipher' },
  { key: 'auth', title: 'auth', table: true },
  { key: 'authMechanism', title: 'authMechanism' },
  { key: 'user', title: 'user' },
  { key: 'from', title: 'from', table: true },
  { key: 'to', title: 'to' },
  { key: 'messages', title: 'messages', numeric: true, table: true },
  { key: 'messageIds', title: 'messageIds' },
  { key: 'bytes', title: 'bytes', numeric: true },
  { key: 'outcome', title: 'outcome', table: true },
  { key: 'outcomeText', title: 'outcomeText' },
  { key: 'replies', title: 'replies' },
  { key: 'file', title: 'file' },
  { key: 'line', title: 'line', numeric: true },
  { key: 'lastFile', title: 'lastFile' },
  { key: 'lastLine', title: 'lastLine', numeric: true },
];

/** A session row as the CLI prints it: paths instead of URIs, lines 1-based, times ISO 8601. */
function outputRow(row: SessionRow): OutputRow {
  return {
    start: iso(row.start), end: iso(row.end), durationMs: row.durationMs ?? null,
    server: row.server || null, service: row.service ?? null, kind: row.kind, sessionId: row.sessionId,
    remote: row.remote ?? null, local: row.local ?? null, connector: row.connector ?? null, ehlo: row.ehlo ?? null,
    tls: row.tls, tlsCipher: row.tlsCipher ?? null, auth: row.auth, authMechanism: row.authMechanism ?? null, user: row.user ?? null,
    from: row.from ?? null, to: row.to, messages: row.messages, messageIds: row.messageIds, bytes: row.bytes ?? null,
    outcome: row.outcome, outcomeText: row.outcomeText ?? null, replies: row.replies,
    file: row.uri, line: row.line + 1, lastFile: row.lastUri, lastLine: row.lastLine + 1,
  };
}

export const sessionsCommand: CliCommand = {
  name: 'sessions',
  usage: 'sessions <path…> --where QUERY [--limit N] [--format table|csv|json]',
  options: { where: 'value', limit: 'value' },
  formats: ['table', 'csv', 'json'],
  check: checkQuery,
  run({ args, collection, run, out, err }) {
    const where = args.options.where!;
    const limit = args.options.limit !== undefined ? Number(args.options.limit) : Infinity;
    const result = searchSessions(collection, where, { limit });
    if (result.problems.length > 0) {
      err.write(`exchange-log: ${describeQueryProblems(where, result.problems)}\n`);
      return 2;
    }
    if (result.total === 0) {
      if (args.format === 'csv') writeRows(out, 'csv', COLUMNS, []);
      err.write(`exchange-log: ${t('No session matches.')}\n`);
      return 1;
    }
    // the collection names files by their paths: the rows carry paths, not URIs
    const rows = result.refs.map((ref) => outputRow(sessionRow(collection, ref, (p) => p)));
    if (args.format === 'table') {
      const titles: Record<string, string> = {
        start: t('Start'), server: t('Server'), kind: t('Kind'), remote: t('Remote'), ehlo: t('EHLO'), tls: t('TLS'), auth: t('AUTH'),
        from: t('From'), messages: t('Messages'), outcome: t('Outcome'),
      };
      const columns: OutputColumn[] = COLUMNS.filter((c) => c.table).map((c) => ({ ...c, title: titles[c.key] ?? c.key }));
      columns.push({ key: 'at', title: t('File:line') });
      const name = (p: unknown) => String(p).split(/[\\/]/).pop();
      writeRows(out, 'table', columns, rows.map((r) => ({ ...r, at: `${name(r.file)}:${r.line}` })));
    } else {
      writeRows(out, args.format, COLUMNS, rows);
    }
    if (result.total > rows.length) err.write(`exchange-log: ${t('{0} of {1} matching sessions shown (--limit).', String(rows.length), String(result.total))}\n`);
    return run.cancelled ? 1 : 0;
  },
};
