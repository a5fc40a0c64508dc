/**
 * `relay`: who sends mail through the receive connectors — the inventory made before a decommission or
 * a relay lock-down. One row per receive connector and remote address: EHLO names, AUTH users (or
 * anonymous), sender domains, recipient domains outside the organisation, sessions, messages accepted.
 */
import type { ReportRow } from '../../../../../protocol/src/queryTypes';
import { t } from '../../l10n';
import { AuthState, S, SL } from '../schema';
import { Interner, Span, Tally, TextKeys, addressOf, column, compareText, domainOf, insideDomains, pairKey, rowWhere, scanSessions, table, timeCell } from './common';
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
  const names = new Interner();
  const addresses = new Interner();
  const domains = new Interner();
  const connectors = new TextKeys(names, (x) => x);
  const remotes = new TextKeys(addresses, addressOf);
  const plain = new TextKeys(names, (x) => x);
  const domainKeys = new TextKeys(domains, domainOf);
  /** Per domain id: 1 inside the organisation, 2 outside. */
  const place: number[] = [];
  const outside = (d: number) => (place[d] ??= insideDomains(domains.values[d], org.domains) ? 1 : 2) === 2;
  const anonymous = names.id(t('anonymous'));
  const authenticated = names.id(t('authenticated (no user logged)'));
  const rows = new Map<number, Row>();
  scanSessions(input, ['smtpReceive'], (tb, r) => {
    const connector = connectors.of(tb, tb.column(S.connector)[r]);
    const remote = remotes.of(tb, tb.column(S.remote)[r]);
    const key = pairKey(connector + 1, remote + 1);
    let row = rows.get(key);
    if (!row) {
      rows.set(key, (row = { connector, remote, ehlo: new Tally(), auth: new Tally(), senders: new Tally(), external: new Tally(), sessions: 0, messages: 0, anonymousRelayed: 0, span: new Span() }));
    }
    const messages = tb.column(S.messages)[r];
    row.sessions++;
    row.messages += messages;
    row.span.add(tb.column(S.start)[r]);
    row.ehlo.add(plain.of(tb, tb.column(S.helo)[r]));
    const ok = tb.column(S.auth)[r] === AuthState.Ok;
    if (ok) {
      const user = plain.of(tb, tb.column(S.user)[r]);
      row.auth.add(user >= 0 ? user : authenticated);
    } else row.auth.add(anonymous);
    row.senders.add(domainKeys.of(tb, tb.column(S.mailFrom)[r]));
    let external = false;
    for (const id of tb.list(SL.recipients, r)) {
      const d = domainKeys.of(tb, id);
      if (d >= 0 && outside(d)) {
        row.external.add(d);
        external = true;
      }
    }
    if (!ok && external) row.anonymousRelayed += messages;
  });
  const ordered = [...rows.values()].sort((a, b) =>
    Number(b.anonymousRelayed > 0) - Number(a.anonymousRelayed > 0) ||
    Number(b.external.size > 0 && b.messages > 0) - Number(a.external.size > 0 && a.messages > 0) ||
    b.messages - a.messages || b.sessions - a.sessions ||
    compareText(names.values[a.connector] ?? '', names.values[b.connector] ?? '') || compareText(addresses.values[a.remote] ?? '', addresses.values[b.remote] ?? ''));
  const out: ReportRow[] = ordered.map((row) => {
    const connector = row.connector >= 0 ? names.values[row.connector] : undefined;
    const remote = row.remote >= 0 ? addresses.values[row.remote] : undefined;
    const r: ReportRow = {
      cells: {
        connector: connector ?? null,
        remote: remote ?? null,
        ehlo: row.ehlo.list(names.values),
        auth: row.auth.list(names.values),
        senderDomains: row.senders.list(domains.values),
        externalDomains: row.external.list(domains.values),
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
  });
  const orgList = [...org.domains].sort().join(', ') || t('none found');
  const source = org.source === 'given' ? t('as given') : org.source === 'tracking' ? t('from message tracking: the recipients of DELIVER events and the senders of mailbox submissions')
    : org.source === 'sessions' ? t('from the recipients of anonymous receive sessions that delivered') : t('none found: every recipient domain counts as outside');
  return {
    report: 'relay',
    title: t('Relay: who sends through the receive connectors'),
    description: t('SMTP receive sessions per receive connector and remote address: the EHLO names given, the AUTH users (or anonymous), the sender domains, the recipient domains outside the organisation (as named in RCPT TO, accepted or not), sessions, messages accepted, and first and last seen. Anonymous rows that sent messages outside the organisation are flagged and come first, then the other rows that sent outside, most messages first. Organisation domains: {0} ({1}).', orgList, source),
    tables: [table('relay', t('Receive connectors and remote addresses'), [
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
    ], out, input.top)],
    charts: [],
  };
}
