/**
 * `tls`: the TLS retirement list. One row per remote address, connector and direction (receive, send):
 * the TLS versions and ciphers negotiated, sessions without TLS and with failed TLS, the servers, first
 * and last seen. Rows that negotiated TLS 1.0 or 1.1 (or SSL) are flagged.
 */
import type { ReportRow } from '../../../../../protocol/src/queryTypes';
import { t } from '../../l10n';
import { KIND_CODES, S, TlsState } from '../schema';
import { Span, Tally, TextKeys, column, compareText, rowWhere, scanSessions, timeCell, topTable } from './common';
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
  const plainText = new TextKeys(input.index, 'text');
  const remotes = new TextKeys(input.index, 'host');
  const names = plainText.values, addresses = remotes.values;
  const send = KIND_CODES.indexOf('smtpSend');
  /** Rows by remote key, then connector key * 2 + direction (small numbers as keys: no boxing). */
  const rows = new Map<number, Map<number, Row>>();
  /** Per version key: whether it is one to retire. */
  const weak = new Map<number, boolean>();
  scanSessions(input, ['smtpReceive', 'smtpSend'], (tb) => {
    const kindCol = tb.column(S.kind), connectorCol = tb.column(S.connector), remoteCol = tb.column(S.remote), startCol = tb.column(S.start);
    const tlsCol = tb.column(S.tls), versionCol = tb.column(S.tlsVersion), cipherCol = tb.column(S.tlsCipher);
    let last: Row | undefined, lastRemote = -1, lastConnector = -1, lastKind = -1, lastFile = -1;
    return (r, file) => {
      let row: Row;
      if (last && remoteCol[r] === lastRemote && connectorCol[r] === lastConnector && kindCol[r] === lastKind) row = last;
      else {
        const isSend = kindCol[r] === send;
        const connector = plainText.of(tb, connectorCol[r]);
        const remote = remotes.of(tb, remoteCol[r]);
        let byRemote = rows.get(remote);
        if (!byRemote) rows.set(remote, (byRemote = new Map()));
        const key = (connector + 1) * 2 + (isSend ? 1 : 0);
        let found = byRemote.get(key);
        if (!found) byRemote.set(key, (found = { remote, connector, send: isSend, servers: new Set(), versions: new Tally(), ciphers: new Tally(), tls: 0, plain: 0, failed: 0, weak: new Set(), span: new Span() }));
        row = last = found;
        lastRemote = remoteCol[r];
        lastConnector = connectorCol[r];
        lastKind = kindCol[r];
        lastFile = -1;
      }
      if (file !== lastFile) {
        const server = input.index.factsOf(file).server;
        if (server) row.servers.add(server);
        lastFile = file;
      }
      row.span.add(startCol[r]);
      const state = tlsCol[r];
      if (state === TlsState.Ok) {
        row.tls++;
        const v = plainText.of(tb, versionCol[r]);
        row.versions.add(v);
        row.ciphers.add(plainText.of(tb, cipherCol[r]));
        if (v >= 0) {
          let w = weak.get(v);
          if (w === undefined) weak.set(v, (w = WEAK_TLS.test(names[v])));
          if (w) row.weak.add(names[v]);
        }
      } else if (state === TlsState.Failed) row.failed++;
      else row.plain++;
    };
  });
  const ordered = [...rows.values()].flatMap((m) => [...m.values()]).sort((a, b) =>
    Number(b.weak.size > 0) - Number(a.weak.size > 0) || (b.tls + b.plain + b.failed) - (a.tls + a.plain + a.failed) ||
    compareText(addresses[a.remote] ?? '', addresses[b.remote] ?? '') || compareText(names[a.connector] ?? '', names[b.connector] ?? '') ||
    Number(a.send) - Number(b.send));
  const toRow = (row: Row): ReportRow => {
    const remote = row.remote >= 0 ? addresses[row.remote] : undefined;
    const connector = row.connector >= 0 ? names[row.connector] : undefined;
    const direction = row.send ? 'send' : 'receive';
    const r: ReportRow = {
      cells: {
        remote: remote ?? null,
        connector: connector ?? null,
        direction,
        servers: [...row.servers].sort(),
        versions: row.versions.list(names),
        ciphers: row.ciphers.list(names),
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
  };
  return {
    report: 'tls',
    title: t('TLS: versions and ciphers per remote address'),
    description: t('SMTP receive and send sessions per remote address, connector and direction: the TLS versions and ciphers negotiated, sessions without TLS and sessions whose TLS negotiation failed, the servers, and first and last seen. Rows that negotiated TLS 1.0 or 1.1 (or SSL) are flagged and come first.'),
    tables: [topTable('tls', t('Remote addresses, connectors and directions'), [
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
    ], ordered, input.top, toRow)],
    charts: [],
  };
}
