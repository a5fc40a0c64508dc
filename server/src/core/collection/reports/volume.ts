/**
 * `volume`: sessions, messages and failures per hour, for the whole collection and per server, with a
 * chart of messages per hour and one of failures per hour, each stacked by server. The hours are a
 * time series: `top` does not cut them.
 */
import type { ReportChart, ReportRow } from '../../../../../protocol/src/queryTypes';
import { t } from '../../l10n';
import { OUTCOME_CODES, S, SL, TlsState } from '../schema';
import { Interner, TextKeys, column, compareText, pairKey, rowWhere, scanSessions, table } from './common';
import type { ReportBody, ReportInput } from './types';

const HOUR = 3_600_000;

/** Verdicts counted as failures (besides a failed TLS negotiation). */
export const FAILED_OUTCOMES: ReadonlySet<string> = new Set(['rejected', 'deferred', 'authFailed', 'connectionFailed', 'loginFailed']);

interface Cell {
  hour: number;
  server: number;
  sessions: number;
  messages: Set<number>;
  failures: number;
}

/** `2024-03-04T10:00` (UTC) for the query language. */
function minuteText(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16);
}

export function volumeReport(input: ReportInput): ReportBody {
  const servers = new Interner();
  const messageIds = new Interner();
  const messageKeys = new TextKeys(messageIds, (x) => x);
  const failed = OUTCOME_CODES.map((o) => FAILED_OUTCOMES.has(o));
  const cells = new Map<number, Cell>();
  const hours = new Map<number, Cell>();
  let unknownTime = 0;
  scanSessions(input, undefined, (tb, r, ref) => {
    const start = tb.column(S.start)[r];
    if (start !== start) {
      unknownTime++;
      return;
    }
    const hour = Math.floor(start / HOUR) * HOUR;
    const server = servers.id(input.index.factsOf(ref.file).server);
    const isFailure = failed[tb.column(S.outcome)[r]] || tb.column(S.tls)[r] === TlsState.Failed;
    for (const [map, key, s] of [[cells, pairKey(hour / HOUR, server), server], [hours, hour / HOUR, -1]] as const) {
      let cell = map.get(key);
      if (!cell) map.set(key, (cell = { hour, server: s, sessions: 0, messages: new Set(), failures: 0 }));
      cell.sessions++;
      if (isFailure) cell.failures++;
      for (const id of tb.list(SL.messageIds, r)) cell.messages.add(messageKeys.of(tb, id));
    }
  });
  const serverName = (s: number) => servers.values[s] || t('(unknown server)');
  const byHour = [...hours.values()].sort((a, b) => a.hour - b.hour);
  const byServer = [...cells.values()].sort((a, b) => a.hour - b.hour || compareText(serverName(a.server), serverName(b.server)));
  const span = (c: Cell): [string, string][] => [['after', minuteText(c.hour)], ['before', minuteText(c.hour + HOUR)]];
  const hourRows: ReportRow[] = byHour.map((c) => ({
    cells: { hour: c.hour, sessions: c.sessions, messages: c.messages.size, failures: c.failures },
    where: rowWhere(input, span(c)),
  }));
  const serverRows: ReportRow[] = byServer.map((c) => ({
    cells: { hour: c.hour, server: serverName(c.server), sessions: c.sessions, messages: c.messages.size, failures: c.failures },
    where: servers.values[c.server] ? rowWhere(input, [['server', servers.values[c.server]], ...span(c)]) : undefined,
  }));
  const names = [...new Set(byServer.map((c) => c.server))].sort((a, b) => compareText(serverName(a), serverName(b)));
  const chart = (title: string, yLabel: string, value: (c: Cell) => number): ReportChart => ({
    title,
    mark: 'bars',
    x: 'time',
    xLabel: t('Hour (UTC)'),
    yLabel,
    yUnit: 'count',
    series: names.map((s) => ({ name: serverName(s), points: byServer.filter((c) => c.server === s).map((c) => ({ x: c.hour, y: value(c) })) })),
  });
  const counts = [
    column('sessions', t('Sessions'), 'number'),
    column('messages', t('Messages'), 'number'),
    column('failures', t('Failures'), 'number'),
  ];
  return {
    report: 'volume',
    title: t('Volume per hour'),
    description: t('Sessions per hour (by the hour each began, UTC), for all servers and per server: sessions of every log kind, messages (the distinct message ids the sessions accepted or sent: a message counts once per server, however many of its sessions carried it) and failures (sessions rejected, deferred, refused authentication or login, that could not connect, or whose TLS negotiation failed).') +
      (unknownTime > 0 ? ' ' + t('{0} sessions without a time are left out.', unknownTime) : ''),
    tables: [
      table('byHour', t('Per hour'), [column('hour', t('Hour (UTC)'), 'time'), ...counts], hourRows, input.top, false),
      table('byServer', t('Per hour and server'), [column('hour', t('Hour (UTC)'), 'time'), column('server', t('Server'), 'text'), ...counts], serverRows, input.top, false),
    ],
    charts: [
      chart(t('Messages per hour, by server'), t('Messages'), (c) => c.messages.size),
      chart(t('Failures per hour, by server'), t('Failures'), (c) => c.failures),
    ],
  };
}
