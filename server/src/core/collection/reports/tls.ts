/**
 * `tls`: the TLS retirement list. One row per remote address, connector and direction (receive, send):
 * the TLS versions and ciphers negotiated, sessions without TLS and with failed TLS, the servers, first
 * and last seen. Rows that negotiated TLS 1.0 or 1.1 (or SSL) are flagged.
 */
import type { ReportRow } from '../../../../../protocol/src/queryTypes';
import { t } from '../../l10n';
import { KIND_CODES, S, TlsState } from '../schema';
import { Interner, Span, Tally, TextKeys, addressOf, column, compareText, pairKey, rowWhere, scanSessions, table, timeCell } from './common';
import type { ReportBody, ReportInput } from './types';

/** Versions to retire: SSL, PCT, TLS 1.0 and 1.1. */
export const WEAK_TLS = /^(?:SSL|PCT|TLS 1\.[01]\b)/i;

interface Row {
  remote: number;
  connector: number;
  send: boolean;
  servers: Set<string>;
  versions: Tally;
  ciphers: Tally;
  tls: number;
  plain: number;
  failed: number;
  weak: Set<string>;
  span: Span;
}

export function tlsReport(input: ReportInput): ReportBody {
  const names = new Interner();
  const addresses = new Interner();
  const plainText = new TextKeys(names, (x) => x);
  const remotes = new TextKeys(addresses, addressOf);
  const send = KIND_CODES.indexOf('smtpSend');
  const rows = new Map<number, Row>();
  scanSessions(input, ['smtpReceive', 'smtpSend'], (tb, r, ref) => {
    const isSend = tb.column(S.kind)[r] === send;
    const connector = plainText.of(tb, tb.column(S.connector)[r]);
    const remote = remotes.of(tb, tb.column(S.remote)[r]);
    const key = pairKey(remote + 1, connector + 1) * 2 + (isSend ? 1 : 0);
    let row = rows.get(key);
    if (!row) {
      rows.set(key, (row = { remote, connector, send: isSend, servers: new Set(), versions: new Tally(), ciphers: new Tally(), tls: 0, plain: 0, failed: 0, weak: new Set(), span: new Span() }));
    }
    const server = input.index.factsOf(ref.file).server;
    if (server) row.servers.add(server);
    row.span.add(tb.column(S.start)[r]);
    const state = tb.column(S.tls)[r];
    if (state === TlsState.Ok) {
      row.tls++;
      const v = plainText.of(tb, tb.column(S.tlsVersion)[r]);
      row.versions.add(v);
      row.ciphers.add(plainText.of(tb, tb.column(S.tlsCipher)[r]));
      if (v >= 0 && WEAK_TLS.test(names.values[v])) row.weak.add(names.values[v]);
    } else if (state === TlsState.Failed) row.failed++;
    else row.plain++;
  });
  const ordered = [...rows.values()].sort((a, b) =>
    Number(b.weak.size > 0) - Number(a.weak.size > 0) || (b.tls + b.plain + b.failed) - (a.tls + a.plain + a.failed) ||
    compareText(addresses.values[a.remote] ?? '', addresses.values[b.remote] ?? '') || compareText(names.values[a.connector] ?? '', names.values[b.connector] ?? '') ||
    Number(a.send) - Number(b.send));
  const out: ReportRow[] = ordered.map((row) => {
    const remote = row.remote >= 0 ? addresses.values[row.remote] : undefined;
    const connector = row.connector >= 0 ? names.values[row.connector] : undefined;
    const direction = row.send ? 'send' : 'receive';
    const r: ReportRow = {
      cells: {
        remote: remote ?? null,
        connector: connector ?? null,
        direction,
        servers: [...row.servers].sort(),
        versions: row.versions.list(names.values),
        ciphers: row.ciphers.list(names.values),
        tlsSessions: row.tls,
        plainSessions: row.plain,
        failedSessions: row.failed,
        first: timeCell(row.span.first),
        last: timeCell(row.span.last),
      },
    };
    if (remote !== undefined && connector !== undefined) r.where = rowWhere(input, [['kind', direction], ['connector', connector], ['remote', remote]]);
    if (row.weak.size > 0) {
      r.flag = 'warning';
      r.flagText = t('Negotiated {0}: versions to retire', [...row.weak].sort().join(', '));
    }
    return r;
  });
  return {
    report: 'tls',
    title: t('TLS: versions and ciphers per remote address'),
    description: t('SMTP receive and send sessions per remote address, connector and direction: the TLS versions and ciphers negotiated, sessions without TLS and sessions whose TLS negotiation failed, the servers, and first and last seen. Rows that negotiated TLS 1.0 or 1.1 (or SSL) are flagged and come first.'),
    tables: [table('tls', t('Remote addresses, connectors and directions'), [
      column('remote', t('Remote address'), 'text'),
      column('connector', t('Connector'), 'text'),
      column('direction', t('Direction'), 'text'),
      column('servers', t('Servers'), 'list'),
      column('versions', t('TLS versions'), 'list'),
      column('ciphers', t('Ciphers'), 'list'),
      column('tlsSessions', t('Sessions with TLS'), 'number'),
      column('plainSessions', t('Sessions without TLS'), 'number'),
      column('failedSessions', t('TLS failed'), 'number'),
      column('first', t('First seen'), 'time'),
      column('last', t('Last seen'), 'time'),
    ], out, input.top)],
    charts: [],
  };
}
