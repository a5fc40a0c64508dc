/**
 * `auth-failures`: who hammers AUTH. One row per remote address whose sessions failed to authenticate
 * (SMTP AUTH, POP3 and IMAP4 logins): failed attempts, sessions, the accounts tried, where, first and
 * last seen; worst first.
 */
import type { ReportRow } from '../../../../../protocol/src/queryTypes';
import { kindName } from '../../facts/kinds';
import { t } from '../../l10n';
import { AuthState, KIND_CODES, S, SL } from '../schema';
import { Interner, Span, Tally, TextKeys, addressOf, column, compareText, rowWhere, scanSessions, table, timeCell } from './common';
import type { ReportBody, ReportInput } from './types';

interface Row {
  remote: number;
  failures: number;
  sessions: number;
  users: Tally;
  places: Tally;
  servers: Set<string>;
  span: Span;
}

export function authFailuresReport(input: ReportInput): ReportBody {
  const names = new Interner();
  const addresses = new Interner();
  const plain = new TextKeys(names, (x) => x);
  const remotes = new TextKeys(addresses, addressOf);
  const kindNames = KIND_CODES.map((k) => names.id(kindName(k)));
  const rows = new Map<number, Row>();
  scanSessions(input, ['smtpReceive', 'smtpSend', 'pop3', 'imap4'], (tb, r, ref) => {
    if (tb.column(S.auth)[r] !== AuthState.Failed) return;
    const remote = remotes.of(tb, tb.column(S.remote)[r]);
    let row = rows.get(remote);
    if (!row) rows.set(remote, (row = { remote, failures: 0, sessions: 0, users: new Tally(), places: new Tally(), servers: new Set(), span: new Span() }));
    row.sessions++;
    row.failures += Math.max(1, tb.column(S.authFailures)[r]);
    for (const id of tb.list(SL.authUsers, r)) row.users.add(plain.of(tb, id));
    const connector = plain.of(tb, tb.column(S.connector)[r]);
    row.places.add(connector >= 0 ? connector : kindNames[tb.column(S.kind)[r]]);
    const server = input.index.factsOf(ref.file).server;
    if (server) row.servers.add(server);
    row.span.add(tb.column(S.start)[r]);
  });
  const ordered = [...rows.values()].sort((a, b) => b.failures - a.failures || b.sessions - a.sessions || compareText(addresses.values[a.remote] ?? '', addresses.values[b.remote] ?? ''));
  const out: ReportRow[] = ordered.map((row) => {
    const remote = row.remote >= 0 ? addresses.values[row.remote] : undefined;
    const r: ReportRow = {
      cells: {
        remote: remote ?? null,
        failures: row.failures,
        sessions: row.sessions,
        users: row.users.list(names.values),
        connectors: row.places.list(names.values),
        servers: [...row.servers].sort(),
        first: timeCell(row.span.first),
        last: timeCell(row.span.last),
      },
    };
    if (remote !== undefined) r.where = rowWhere(input, [['remote', remote], ['auth', 'failed']]);
    return r;
  });
  return {
    report: 'auth-failures',
    title: t('Authentication failures per remote address'),
    description: t('Sessions whose authentication failed (SMTP AUTH, POP3 and IMAP4 logins) per remote address, most failed attempts first: failed attempts (each AUTH command refused counts once; a failed POP3 or IMAP4 session once), sessions, the accounts tried, the connectors (or log kinds), the servers, and first and last seen.'),
    tables: [table('authFailures', t('Remote addresses'), [
      column('remote', t('Remote address'), 'text'),
      column('failures', t('Failed attempts'), 'number'),
      column('sessions', t('Sessions'), 'number'),
      column('users', t('Accounts tried'), 'list'),
      column('connectors', t('Connectors'), 'list'),
      column('servers', t('Servers'), 'list'),
      column('first', t('First seen'), 'time'),
      column('last', t('Last seen'), 'time'),
    ], out, input.top)],
    charts: [],
  };
}
