/**
 * `volume`: sessions, messages and failures per hour, for the whole collection and per server, with a
 * chart of messages per hour and one of failures per hour, each stacked by server. The hours are a
 * time series: `top` does not cut them.
 */
import type { ReportChart, ReportRow } from '../../../../../protocol/src/queryTypes';
import { t } from '../../l10n';
import { OUTCOME_CODES, S, SL, TlsState } from '../schema';
import { Interner, TextKeys, column, compareText, listOf, pairKey, rowWhere, scanSessions, table } from './common';
import type { ReportBody, ReportInput } from './types';

const HOUR = 3_600_000;

/** Verdicts counted as failures (besides a failed TLS negotiation). */
export const FAILED_OUTCOMES: ReadonlySet<string> = new Set(['rejected', 'deferred', 'authFailed', 'connectionFailed', 'loginFailed']);

interface Cell {
  /** Its place in the report's list of cells. */
  index: number;
  hour: number;
  server: number;
  sessions: number;
  messages: number;
  failures: number;
}

/**
 * Which (message, cell) pairs were counted: a message (a key of the `text` space) is met in a few
 * sessions, nearly always in one or two cells, so each message has two slots and a set past them.
 */
export class CountedPairs {
  private dense = new Int32Array(1024);
  private slots = new Int32Array(2048).fill(-1);
  private next = 0;
  private readonly more = new Map<number, Set<number>>();

  /** True the first time `cell` is given for message `m`. */
  add(m: number, cell: number): boolean {
    if (m >= this.dense.length) {
      const bigger = new Int32Array(Math.max(m + 1, this.dense.length * 2));
      bigger.set(this.dense);
      this.dense = bigger;
    }
    let d = this.dense[m] - 1;
    if (d < 0) {
      d = this.next++;
      this.dense[m] = d + 1;
      if (2 * d + 1 >= this.slots.length) {
        const bigger = new Int32Array(this.slots.length * 2).fill(-1);
        bigger.set(this.slots);
        this.slots = bigger;
      }
    }
    const a = this.slots[2 * d], b = this.slots[2 * d + 1];
    if (a === cell || b === cell) return false;
    if (a < 0) {
      this.slots[2 * d] = cell;
      return true;
    }
    if (b < 0) {
      this.slots[2 * d + 1] = cell;
      return true;
    }
    let set = this.more.get(d);
    if (!set) this.more.set(d, (set = new Set()));
    if (set.has(cell)) return false;
    set.add(cell);
    return true;
  }
}

/** `2024-03-04T10:00` (UTC) for the query language. */
function minuteText(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16);
}

export function volumeReport(input: ReportInput): ReportBody {
  const servers = new Interner();
  const messageKeys = new TextKeys(input.index, 'text');
  const failed = OUTCOME_CODES.map((o) => FAILED_OUTCOMES.has(o));
  const cells = new Map<number, Cell>();
  const hours = new Map<number, Cell>();
  let made = 0;
  const cell = (map: Map<number, Cell>, key: number, hour: number, server: number) => {
    let c = map.get(key);
    if (!c) map.set(key, (c = { index: made++, hour, server, sessions: 0, messages: 0, failures: 0 }));
    return c;
  };
  const countedPerServer = new CountedPairs(), countedPerHour = new CountedPairs();
  /** Per file, its server's id. */
  const serverOf: number[] = [];
  let unknownTime = 0;
  scanSessions(input, undefined, (tb) => {
    const startCol = tb.column(S.start), outcomeCol = tb.column(S.outcome), tlsCol = tb.column(S.tls);
    const messageIds = listOf(tb, SL.messageIds);
    let lastHour = NaN, lastFile = -1;
    let perServer: Cell | undefined, perHour: Cell | undefined;
    return (r, file) => {
      const start = startCol[r];
      if (start !== start) {
        unknownTime++;
        return;
      }
      const hour = Math.floor(start / HOUR) * HOUR;
      if (!perServer || !perHour || hour !== lastHour || file !== lastFile) {
        const server = (serverOf[file] ??= servers.id(input.index.factsOf(file).server));
        perServer = cell(cells, pairKey(hour / HOUR, server), hour, server);
        perHour = cell(hours, hour / HOUR, hour, -1);
        lastHour = hour;
        lastFile = file;
      }
      const isFailure = failed[outcomeCol[r]] || tlsCol[r] === TlsState.Failed;
      perServer.sessions++;
      perHour.sessions++;
      if (isFailure) {
        perServer.failures++;
        perHour.failures++;
      }
      for (let k = messageIds.starts[r], end = messageIds.starts[r + 1]; k < end; k++) {
        const m = messageKeys.of(tb, messageIds.values[k]);
        if (m < 0) continue;
        if (countedPerServer.add(m, perServer.index)) perServer.messages++;
        if (countedPerHour.add(m, perHour.index)) perHour.messages++;
      }
    };
  });
  const serverName = (s: number) => servers.values[s] || t('(unknown server)');
  const byHour = [...hours.values()].sort((a, b) => a.hour - b.hour);
  const byServer = [...cells.values()].sort((a, b) => a.hour - b.hour || compareText(serverName(a.server), serverName(b.server)));
  const span = (c: Cell): [string, string][] => [['after', minuteText(c.hour)], ['before', minuteText(c.hour + HOUR)]];
  const hourRows: ReportRow[] = byHour.map((c) => ({
    cells: { hour: c.hour, sessions: c.sessions, messages: c.messages, failures: c.failures },
    where: rowWhere(input, span(c)),
  }));
  const serverRows: ReportRow[] = byServer.map((c) => ({
    cells: { hour: c.hour, server: serverName(c.server), sessions: c.sessions, messages: c.messages, failures: c.failures },
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
      chart(t('Messages per hour, by server'), t('Messages'), (c) => c.messages),
      chart(t('Failures per hour, by server'), t('Failures'), (c) => c.failures),
    ],
  };
}
