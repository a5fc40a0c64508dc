/**
 * `auth-failures`: who hammers AUTH. One row per remote address whose sessions failed to authenticate
 * (SMTP AUTH, POP3 and IMAP4 logins): failed attempts, sessions, the accounts tried, where, first and
 * last seen; worst first.
 */
import type { ReportRow } from '../../../../../protocol/src/queryTypes';
import { kindName } from '../../facts/kinds';
import { t } from '../../l10n';
import { AuthState, KIND_CODES, S, SL } from '../schema';
import { Span, Tally, TextKeys, column, compareText, listOf, rowWhere, scanSessions, timeCell, topTable } from './common';
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
  const plain = new TextKeys(input.index, 'text');
  const remotes = new TextKeys(input.index, 'host');
  const names = plain.values, addresses = remotes.values;
  const kindNames = KIND_CODES.map((k) => plain.space.id(kindName(k)));
  const rows = new Map<number, Row>();
  scanSessions(input, ['smtpReceive', 'smtpSend', 'pop3', 'imap4'], (tb) => {
    const authCol = tb.column(S.auth), remoteCol = tb.column(S.remote), failuresCol = tb.column(S.authFailures), connectorCol = tb.column(S.connector);
    const kindCol = tb.column(S.kind), startCol = tb.column(S.start);
    const users = listOf(tb, SL.authUsers);
    return (r, file) => {
      if (authCol[r] !== AuthState.Failed) return;
      const remote = remotes.of(tb, remoteCol[r]);
      let row = rows.get(remote);
      if (!row) rows.set(remote, (row = { remote, failures: 0, sessions: 0, users: new Tally(), places: new Tally(), servers: new Set(), span: new Span() }));
      row.sessions++;
      row.failures += Math.max(1, failuresCol[r]);
      for (let k = users.starts[r], end = users.starts[r + 1]; k < end; k++) row.users.add(plain.of(tb, users.values[k]));
      const connector = plain.of(tb, connectorCol[r]);
      row.places.add(connector >= 0 ? connector : kindNames[kindCol[r]]);
      const server = input.index.factsOf(file).server;
      if (server) row.servers.add(server);
      row.span.add(startCol[r]);
    };
  });
  const ordered = [...rows.values()].sort((a, b) => b.failures - a.failures || b.sessions - a.sessions || compareText(addresses[a.remote] ?? '', addresses[b.remote] ?? ''));
  const toRow = (row: Row): ReportRow => {
    const remote = row.remote >= 0 ? addresses[row.remote] : undefined;
    const r: ReportRow = {
      cells: {
        remote: remote ?? null,
        failures: row.failures,
        sessions: row.sessions,
        users: row.users.list(names),
        connectors: row.places.list(names),
        servers: [...row.servers].sort(),
        first: timeCell(row.span.first),
        last: timeCell(row.span.last),
      },
    };
    if (remote !== undefined) r.where = rowWhere(input, [['remote', remote], ['auth', 'failed']]);
    return r;
  };
  return {
    report: 'auth-failures',
    title: t('Authentication failures per remote address'),
    description: t('Sessions whose authentication failed (SMTP AUTH, POP3 and IMAP4 logins) per remote address, most failed attempts first: failed attempts (each AUTH command refused counts once; a failed POP3 or IMAP4 session once), sessions, the accounts tried, the connectors (or log kinds), the servers, and first and last seen.'),
    tables: [topTable('authFailures', t('Remote addresses'), [
      column('remote', t('Remote address'), 'text'),
      column('failures', t('Failed attempts'), 'number'),
      column('sessions', t('Sessions'), 'number'),
      column('users', t('Accounts tried'), 'list'),
      column('connectors', t('Connectors'), 'list'),
      column('servers', t('Servers'), 'list'),
      column('first', t('First seen'), 'time'),
      column('last', t('Last seen'), 'time'),
    ], ordered, input.top, toRow)],
    charts: [],
  };
}
