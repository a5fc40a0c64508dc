/**
 * `relay`: who sends mail through the receive connectors — the inventory made before a decommission or
 * a relay lock-down. One row per receive connector and remote address: EHLO names, AUTH users (or
 * anonymous), sender domains, recipient domains outside the organisation, sessions, messages accepted.
 */
import type { ReportRow } from '../../../../../protocol/src/queryTypes';
import { t } from '../../l10n';
import { AuthState, S, SL } from '../schema';
import { Span, Tally, TextKeys, column, compareText, insideDomains, listOf, rowWhere, scanSessions, timeCell, topTable } from './common';
import { organisationDomains } from './tracking';
import type { ReportBody, ReportInput } from './types';

interface Row {
  connector: number;
  remote: number;
  ehlo: Tally;
  auth: Tally;
  senders: Tally;
  external: Tally;
  sessions: number;
  messages: number;
  /** Messages accepted without authentication in sessions that named a recipient outside the organisation. */
  anonymousRelayed: number;
  span: Span;
}

export function relayReport(input: ReportInput): ReportBody {
  const org = organisationDomains(input.index, input.orgDomains);
  const plain = new TextKeys(input.index, 'text');
  const remotes = new TextKeys(input.index, 'host');
  const domainKeys = new TextKeys(input.index, 'domain');
  const names = plain.values, addresses = remotes.values, domains = domainKeys.values;
  /** Per domain id: 1 inside the organisation, 2 outside. */
  const place: number[] = [];
  const outside = (d: number) => (place[d] ??= insideDomains(domains[d], org.domains) ? 1 : 2) === 2;
  const anonymous = plain.space.id(t('anonymous'));
  const authenticated = plain.space.id(t('authenticated (no user logged)'));
  /** Rows by connector key, then remote key (-1: none, kept as its own row). */
  const rows = new Map<number, Map<number, Row>>();
  scanSessions(input, ['smtpReceive'], (tb) => {
    const connectorCol = tb.column(S.connector), remoteCol = tb.column(S.remote), heloCol = tb.column(S.helo), userCol = tb.column(S.user);
    const fromCol = tb.column(S.mailFrom), authCol = tb.column(S.auth), messagesCol = tb.column(S.messages), startCol = tb.column(S.start);
    const recipients = listOf(tb, SL.recipients);
    let last: Row | undefined, lastConnector = -1, lastRemote = -1;
    return (r) => {
      let row: Row;
      if (last && connectorCol[r] === lastConnector && remoteCol[r] === lastRemote) row = last;
      else {
        const connector = plain.of(tb, connectorCol[r]);
        const remote = remotes.of(tb, remoteCol[r]);
        let byRemote = rows.get(connector);
        if (!byRemote) rows.set(connector, (byRemote = new Map()));
        let found = byRemote.get(remote);
        if (!found) byRemote.set(remote, (found = { connector, remote, ehlo: new Tally(), auth: new Tally(), senders: new Tally(), external: new Tally(), sessions: 0, messages: 0, anonymousRelayed: 0, span: new Span() }));
        row = last = found;
        lastConnector = connectorCol[r];
        lastRemote = remoteCol[r];
      }
      const messages = messagesCol[r];
      row.sessions++;
      row.messages += messages;
      row.span.add(startCol[r]);
      row.ehlo.add(plain.of(tb, heloCol[r]));
      const ok = authCol[r] === AuthState.Ok;
      if (ok) {
        const user = plain.of(tb, userCol[r]);
        row.auth.add(user >= 0 ? user : authenticated);
      } else row.auth.add(anonymous);
      row.senders.add(domainKeys.of(tb, fromCol[r]));
      let external = false;
      for (let k = recipients.starts[r], end = recipients.starts[r + 1]; k < end; k++) {
        const d = domainKeys.of(tb, recipients.values[k]);
        if (d >= 0 && outside(d)) {
          row.external.add(d);
          external = true;
        }
      }
      if (!ok && external) row.anonymousRelayed += messages;
    };
  });
  const ordered = [...rows.values()].flatMap((m) => [...m.values()]).sort((a, b) =>
    Number(b.anonymousRelayed > 0) - Number(a.anonymousRelayed > 0) ||
    Number(b.external.size > 0 && b.messages > 0) - Number(a.external.size > 0 && a.messages > 0) ||
    b.messages - a.messages || b.sessions - a.sessions ||
    compareText(names[a.connector] ?? '', names[b.connector] ?? '') || compareText(addresses[a.remote] ?? '', addresses[b.remote] ?? ''));
  const toRow = (row: Row): ReportRow => {
    const connector = row.connector >= 0 ? names[row.connector] : undefined;
    const remote = row.remote >= 0 ? addresses[row.remote] : undefined;
    const r: ReportRow = {
      cells: {
        connector: connector ?? null,
        remote: remote ?? null,
        ehlo: row.ehlo.list(names),
        auth: row.auth.list(names),
        senderDomains: row.senders.list(domains),
        externalDomains: row.external.list(domains),
        sessions: row.sessions,
        messages: row.messages,
        first: timeCell(row.span.first),
        last: timeCell(row.span.last),
      },
    };
    if (connector !== undefined && remote !== undefined) r.where = rowWhere(input, [['kind', 'receive'], ['connector', connector], ['remote', remote]]);
    if (row.anonymousRelayed > 0) {
      r.flag = 'warning';
      r.flagText = t('{0} messages to domains outside the organisation accepted without authentication', row.anonymousRelayed);
    }
    return r;
  };
  const orgList = [...org.domains].sort().join(', ') || t('none found');
  const source = org.source === 'given' ? t('as given') : org.source === 'tracking' ? t('from message tracking: the recipients of DELIVER events and the senders of mailbox submissions')
    : org.source === 'sessions' ? t('from the recipients of anonymous receive sessions that delivered') : t('none found: every recipient domain counts as outside');
  return {
    report: 'relay',
    title: t('Relay: who sends through the receive connectors'),
    description: t('SMTP receive sessions per receive connector and remote address: the EHLO names given, the AUTH users (or anonymous), the sender domains, the recipient domains outside the organisation (as named in RCPT TO, accepted or not), sessions, messages accepted, and first and last seen. Anonymous rows that sent messages outside the organisation are flagged and come first, then the other rows that sent outside, most messages first. Organisation domains: {0} ({1}).', orgList, source),
    tables: [topTable('relay', t('Receive connectors and remote addresses'), [
      column('connector', t('Connector'), 'text'),
      column('remote', t('Remote address'), 'text'),
      column('ehlo', t('EHLO names'), 'list'),
      column('auth', t('AUTH users'), 'list'),
      column('senderDomains', t('Sender domains'), 'list'),
      column('externalDomains', t('Recipient domains outside'), 'list'),
      column('sessions', t('Sessions'), 'number'),
      column('messages', t('Messages accepted'), 'number'),
      column('first', t('First seen'), 'time'),
      column('last', t('Last seen'), 'time'),
    ], ordered, input.top, toRow)],
    charts: [],
  };
}
