/**
 * The overview of a whole log: a timeline (per second for short logs, per minute otherwise, wider
 * buckets beyond a day) and tables of the top remotes, EHLO names, TLS versions, authentication,
 * reply codes, users, destinations and event ids. Everything per session comes from
 * `getSessionSummary`, so the overview agrees with hovers, the outline and the session views.
 * Sizes are bounded: at most MAX_BUCKETS buckets, MAX_ROWS rows per table and MAX_ROW_SESSIONS
 * sessions listed per row, whatever the size of the log.
 * Text from the log (labels, examples) is untrusted: the webview shows it with `textContent` only.
 */
import { LogKind } from '../model/kinds';
import { LogModel, fieldValue } from '../model/logModel';
import { kindName } from '../facts/kinds';
import { enhancedCode, replyCode } from '../facts/smtp';
import { t } from '../l10n';
import { hostOf } from '../util/endpoints';
import { sanitizeControls, truncate } from '../util/markdown';
import { KeyEventKind, SessionSummary, getSessionSummary } from '../summary/sessionSummary';

import type {
  Overview, OverviewBucket, OverviewColor, OverviewColumn, OverviewRow, OverviewSeries, OverviewSessionRef, OverviewTable, OverviewTimeline,
} from '../../../../protocol/src/overviewTypes';

export type { OverviewBucket, OverviewColor, OverviewColumn, OverviewRow, OverviewSeries, OverviewSessionRef, OverviewTable, OverviewTimeline };

export interface OverviewData extends Overview {
  kind: LogKind;
}

export const MAX_BUCKETS = 1440;
export const MAX_ROWS = 15;
export const MAX_ROW_SESSIONS = 50;
const LABEL_MAX = 160;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
/** Bucket widths, narrowest first: per second up to five minutes of log, per minute up to a day. */
const WIDTHS = [SECOND, MINUTE, 5 * MINUTE, 15 * MINUTE, 30 * MINUTE, HOUR, 2 * HOUR, 6 * HOUR, 12 * HOUR, 24 * HOUR, 7 * 24 * HOUR];
const PER_SECOND_UP_TO = 5 * MINUTE;

export function bucketWidth(spanMs: number): number {
  if (spanMs < PER_SECOND_UP_TO) return SECOND;
  for (const w of WIDTHS) if (w >= MINUTE && Math.floor(spanMs / w) + 1 <= MAX_BUCKETS) return w;
  // a span longer than MAX_BUCKETS weeks (a damaged timestamp): whole weeks, clamped when bucketing
  return Math.ceil((spanMs + 1) / MAX_BUCKETS / (7 * 24 * HOUR)) * 7 * 24 * HOUR;
}

type Failure = 'fail5xx' | 'fail4xx' | 'failTlsAuth' | 'failConnection';

function failureLabel(f: Failure): string {
  switch (f) {
    case 'fail5xx': return t('5xx replies');
    case 'fail4xx': return t('4xx replies');
    case 'failTlsAuth': return t('TLS/AUTH failures');
    case 'failConnection': return t('Connection failures');
  }
}

function failureName(f: Failure): string {
  switch (f) {
    case 'fail5xx': return t('5xx reply');
    case 'fail4xx': return t('4xx reply');
    case 'failTlsAuth': return t('TLS/AUTH failure');
    case 'failConnection': return t('Connection failure');
  }
}

interface SessionFacts {
  summary: SessionSummary;
  failure?: Failure;
  /** Record index where the failure shows. */
  failureRecord: number;
}

interface TallyRow {
  key: string;
  n: number[];
  /** Distinct sessions, in the order first seen. */
  sessions: number[];
  /** Created only when sessions arrive out of order. */
  seen?: Set<number>;
  max: number;
  first: number;
  label: string[];
}

/** Per table key: counts and the sessions (distinct) behind them. */
class Tally {
  private readonly rows = new Map<string, TallyRow>();

  constructor(private readonly width: number) {}

  /** Adds `amounts` to the row `key`; `session` (-1: none) joins its list; `line` is remembered when it is the first. */
  add(key: string, amounts: number[], session: number, line: number, label?: string[] | (() => string[])): void {
    let row = this.rows.get(key);
    if (!row) {
      row = { key, n: new Array<number>(this.width).fill(0), sessions: [], max: -1, first: line, label: typeof label === 'function' ? label() : label ?? [key] };
      this.rows.set(key, row);
    }
    for (let i = 0; i < amounts.length; i++) row.n[i] += amounts[i];
    if (session > row.max) {
      row.sessions.push(session);
      row.max = session;
      row.seen?.add(session);
    } else if (session >= 0 && session !== row.max) {
      row.seen ??= new Set(row.sessions);
      if (!row.seen.has(session)) {
        row.seen.add(session);
        row.sessions.push(session);
      }
    }
    if (line < row.first) row.first = line;
  }

  /** All rows where `keep` holds, the top `limit` of them sorted by `sortBy` (descending; ties by total, then key). */
  top(sortBy: number, limit: number, keep: (n: number[]) => boolean = () => true): { rows: TallyRow[]; total: number } {
    const better = (a: TallyRow, b: TallyRow) => b.n[sortBy] - a.n[sortBy] || sumOf(b.n) - sumOf(a.n) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
    const best: TallyRow[] = [];
    let total = 0;
    for (const r of this.rows.values()) {
      if (!keep(r.n)) continue;
      total++;
      if (best.length === limit && better(r, best[limit - 1]) >= 0) continue;
      let i = best.length;
      while (i > 0 && better(r, best[i - 1]) < 0) i--;
      best.splice(i, 0, r);
      if (best.length > limit) best.pop();
    }
    return { rows: best, total };
  }
}

function sumOf(n: number[]): number {
  let s = 0;
  for (const x of n) s += x;
  return s;
}

function clean(text: string): string {
  return truncate(sanitizeControls(text.trim()), LABEL_MAX);
}

class Builder {
  readonly refs: OverviewSessionRef[] = [];
  private readonly refIndex = new Map<number, number>();
  readonly facts: SessionFacts[];

  constructor(readonly model: LogModel) {
    this.facts = model.sessions.map((_, i) => classify(model, getSessionSummary(model, i)));
  }

  private events: string[] | undefined;

  /** Message tracking: the event id of every record (upper case; '' when empty). */
  trackingEvents(): string[] {
    if (!this.events) {
      const model = this.model;
      const events: string[] = [];
      for (const r of model.records) events.push((fieldValue(model, r, r.layout.command) ?? '').trim().toUpperCase());
      this.events = events;
    }
    return this.events;
  }

  ref(session: number): number {
    let r = this.refIndex.get(session);
    if (r === undefined) {
      const f = this.facts[session];
      const s = f.summary;
      const name = s.helo ?? s.user ?? s.mailFrom;
      r = this.refs.length;
      const ref: OverviewSessionRef = { id: clean(s.id), line: s.firstLine, time: Number.isNaN(s.firstTime) ? null : s.firstTime };
      if (s.remote) ref.remote = clean(s.remote);
      if (name) ref.name = clean(name);
      if (f.failure) ref.failure = failureName(f.failure);
      this.refs.push(ref);
      this.refIndex.set(session, r);
    }
    return r;
  }

  /**
   * A table from a tally. `cells` turns a row's label and counts into cells; the `sessionCount`
   * column is the distinct sessions of the row unless the tally counts something else.
   */
  table(id: string, title: string, columns: OverviewColumn[], tally: Tally, sortBy: number, cells: (label: string[], n: number[], sessions: number) => (string | number)[], keep?: (n: number[]) => boolean, onlySessions?: (session: number) => boolean): OverviewTable | undefined {
    const top = tally.top(sortBy, MAX_ROWS, keep);
    if (top.total === 0) return undefined;
    const rows: OverviewRow[] = top.rows.map((r) => {
      const sessions = onlySessions ? r.sessions.filter(onlySessions) : r.sessions.slice();
      sessions.sort((a, b) => this.facts[a].summary.firstLine - this.facts[b].summary.firstLine);
      return {
        key: clean(r.key),
        cells: cells(r.label.map(clean), r.n, sessions.length),
        sessions: sessions.slice(0, MAX_ROW_SESSIONS).map((s) => this.ref(s)),
        sessionCount: sessions.length,
        line: sessions.length > 0 ? this.facts[sessions[0]].summary.firstLine : r.first,
      };
    });
    return { id, title, columns, rows, totalRows: top.total };
  }
}

/** Why a session failed, if it did, and the record that shows it. */
function classify(model: LogModel, s: SessionSummary): SessionFacts {
  const facts: SessionFacts = { summary: s, failureRecord: -1 };
  const firstFailureEvent = s.keyEvents.find((k) => k.kind === 'failure')?.record;
  const set = (f: Failure, record: number | undefined) => {
    facts.failure = f;
    facts.failureRecord = record ?? firstFailureEvent ?? model.sessions[s.session].records[0];
  };
  switch (s.outcome) {
    case 'connectionFailed':
    case 'droppedByRemote':
      set('failConnection', s.outcomeRecord ?? s.keyEvents.find((k) => k.kind === 'disconnect')?.record);
      return facts;
    case 'authFailed':
    case 'loginFailed':
      set('failTlsAuth', firstFailureEvent ?? s.outcomeRecord ?? lastOf(s, 'auth') ?? lastOf(s, 'login'));
      return facts;
    case 'rejected':
      set('fail5xx', s.outcomeRecord);
      return facts;
    case 'deferred':
      set('fail4xx', s.outcomeRecord);
      return facts;
    default:
      break;
  }
  if (s.tls && !s.tls.ok) set('failTlsAuth', s.keyEvents.find((k) => k.kind === 'tls')?.record);
  return facts;
}

function lastOf(s: SessionSummary, kind: KeyEventKind): number | undefined {
  for (let i = s.keyEvents.length - 1; i >= 0; i--) if (s.keyEvents[i].kind === kind) return s.keyEvents[i].record;
  return undefined;
}

const SERIES: Record<string, () => OverviewSeries> = {
  sessions: () => ({ id: 'sessions', label: t('Sessions started'), style: 'line', color: 'blue' }),
  accepted: () => ({ id: 'messages', label: t('Messages accepted'), style: 'bar', color: 'green' }),
  sent: () => ({ id: 'messages', label: t('Messages sent'), style: 'bar', color: 'green' }),
  connMessages: () => ({ id: 'messages', label: t('Messages'), style: 'bar', color: 'green' }),
  logins: () => ({ id: 'logins', label: t('Logins'), style: 'bar', color: 'green' }),
  fail5xx: () => ({ id: 'fail5xx', label: failureLabel('fail5xx'), style: 'bar', color: 'red' }),
  fail4xx: () => ({ id: 'fail4xx', label: failureLabel('fail4xx'), style: 'bar', color: 'yellow' }),
  failTlsAuth: () => ({ id: 'failTlsAuth', label: failureLabel('failTlsAuth'), style: 'bar', color: 'purple' }),
  loginFailures: () => ({ id: 'failTlsAuth', label: t('Login failures'), style: 'bar', color: 'purple' }),
  failConnection: () => ({ id: 'failConnection', label: failureLabel('failConnection'), style: 'bar', color: 'orange' }),
  lines: () => ({ id: 'lines', label: t('Lines'), style: 'bar', color: 'blue' }),
};

const TRACKING_COLORS: Record<string, OverviewColor> = {
  RECEIVE: 'blue', SUBMIT: 'purple', DELIVER: 'green', SEND: 'green', DEFER: 'yellow', FAIL: 'red', DSN: 'orange',
  POISONMESSAGE: 'red', BADMAIL: 'red', DROP: 'red',
};
const OTHER_COLORS: OverviewColor[] = ['purple', 'orange', 'foreground', 'blue', 'yellow'];
const MAX_TRACKING_SERIES = 8;

/** Computes the overview of a log. */
export function getOverview(model: LogModel): OverviewData {
  const b = new Builder(model);
  let first = Infinity, last = -Infinity;
  const times = model.records.time;
  for (let i = 0; i < model.records.length; i++) {
    const tm = times[i];
    if (tm < first) first = tm; // NaN compares false
    if (tm > last) last = tm;
  }
  const hasTime = first !== Infinity;
  const data: OverviewData = {
    uri: model.uri,
    version: model.version,
    kind: model.kind,
    kindName: kindName(model.kind),
    records: model.records.length,
    sessions: model.sessions.length,
    firstTime: hasTime ? first : null,
    lastTime: hasTime ? last : null,
    timeline: null,
    tables: [],
    sessionRefs: b.refs,
  };
  const kind = model.kind;
  if (hasTime) data.timeline = timeline(b, kind, first, last);
  const tables = kind === 'smtpReceive' || kind === 'smtpSend' ? smtpTables(b, kind === 'smtpReceive')
    : kind === 'pop3' || kind === 'imap4' ? popImapTables(b)
    : kind === 'connectivity' ? connectivityTables(b)
    : kind === 'messageTracking' ? trackingTables(b)
    : genericTables(b);
  data.tables = tables.filter((x): x is OverviewTable => x !== undefined);
  return data;
}

function timeline(b: Builder, kind: LogKind, first: number, last: number): OverviewTimeline {
  const model = b.model;
  const bucketMs = bucketWidth(last - first);
  const start = Math.floor(first / bucketMs) * bucketMs;
  const count = Math.min(MAX_BUCKETS, Math.floor((last - start) / bucketMs) + 1);
  const end = start + count * bucketMs;
  const indexOf = (time: number) => Math.min(count - 1, Math.floor((time - start) / bucketMs));
  const lineOf = new Int32Array(count).fill(-1);
  const records = model.records;
  for (let ri = 0; ri < records.length; ri++) {
    const time = records.time[ri];
    if (Number.isNaN(time)) continue;
    const i = indexOf(time);
    if (lineOf[i] < 0) lineOf[i] = records.line[ri];
  }
  const series: OverviewSeries[] = [];
  const counts: Float64Array[] = [];
  const addSeries = (s: OverviewSeries): Float64Array => {
    series.push(s);
    const c = new Float64Array(count);
    counts.push(c);
    return c;
  };
  const timeOf = (record: number | undefined): number => (record === undefined || record < 0 ? NaN : model.records.time[record]);
  const bump = (c: Float64Array, time: number, by = 1) => {
    if (!Number.isNaN(time)) c[indexOf(time)] += by;
  };

  if (kind === 'messageTracking') {
    const events = b.trackingEvents();
    const byEvent = new Map<string, number>();
    for (const e of events) if (e) byEvent.set(e, (byEvent.get(e) ?? 0) + 1);
    const ranked = [...byEvent].sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1)).map(([e]) => e);
    const shown = ranked.slice(0, ranked.length > MAX_TRACKING_SERIES ? MAX_TRACKING_SERIES - 1 : MAX_TRACKING_SERIES);
    const seriesOf = new Map<string, Float64Array>();
    let other = 0;
    for (const e of shown) {
      seriesOf.set(e, addSeries({ id: e, label: clean(e), style: 'bar', color: TRACKING_COLORS[e] ?? OTHER_COLORS[other++ % OTHER_COLORS.length] }));
    }
    const rest = ranked.length > shown.length ? addSeries({ id: 'otherEvents', label: t('Other events'), style: 'bar', color: 'foreground' }) : undefined;
    const times = model.records.time;
    for (let i = 0; i < model.records.length; i++) {
      if (!events[i]) continue;
      const c = seriesOf.get(events[i]) ?? rest;
      if (c) bump(c, times[i]);
    }
  } else if (kind === 'smtpReceive' || kind === 'smtpSend' || kind === 'pop3' || kind === 'imap4' || kind === 'connectivity') {
    const smtp = kind === 'smtpReceive' || kind === 'smtpSend';
    const popImap = kind === 'pop3' || kind === 'imap4';
    const sessions = addSeries(SERIES.sessions());
    const good = addSeries(smtp ? (kind === 'smtpReceive' ? SERIES.accepted() : SERIES.sent()) : popImap ? SERIES.logins() : SERIES.connMessages());
    const fails = new Map<Failure, Float64Array>();
    const failureKinds: Failure[] = smtp ? ['fail5xx', 'fail4xx', 'failTlsAuth', 'failConnection'] : popImap ? ['failTlsAuth'] : ['failConnection'];
    for (const f of failureKinds) fails.set(f, addSeries(f === 'failTlsAuth' && popImap ? SERIES.loginFailures() : SERIES[f]()));
    for (const f of b.facts) {
      const s = f.summary;
      bump(sessions, timeOf(model.sessions[s.session].records[0]));
      if (smtp) {
        for (const k of s.keyEvents) if (k.kind === 'reply') bump(good, timeOf(k.record));
      } else if (popImap) {
        if (s.outcome === 'loggedIn') bump(good, timeOf(s.keyEvents.find((k) => k.kind === 'login')?.record ?? model.sessions[s.session].records[0]));
      } else if (s.messages > 0) {
        bump(good, timeOf(s.keyEvents.find((k) => k.kind === 'totals')?.record), s.messages);
      }
      if (f.failure) {
        const c = fails.get(f.failure);
        if (c) bump(c, timeOf(f.failureRecord));
      }
    }
  } else {
    const lines = addSeries(SERIES.lines());
    for (let ri = 0; ri < records.length; ri++) bump(lines, records.time[ri]);
  }

  const buckets: OverviewBucket[] = [];
  for (let i = 0; i < count; i++) {
    if (lineOf[i] < 0) continue;
    buckets.push({ start: start + i * bucketMs, counts: counts.map((c) => c[i]), line: lineOf[i] });
  }
  return { bucketMs, start, end, series, buckets };
}

const num = (label: string): OverviewColumn => ({ label, numeric: true });
const txt = (label: string): OverviewColumn => ({ label, numeric: false });
const failed = (f: SessionFacts) => (f.failure ? 1 : 0);
const ONE = [1];

/** Two tables over one tally of [sessions, failures, …]: by sessions, and by failures listing only the failed sessions. */
function pair(b: Builder, id: string, title: string, byFailuresTitle: string, first: OverviewColumn, extra: OverviewColumn[], tally: Tally): (OverviewTable | undefined)[] {
  const columns = [first, num(t('Sessions')), ...extra, num(t('Failures'))];
  const cells = (label: string[], n: number[]) => [label[0], n[0], ...n.slice(2), n[1]];
  return [
    b.table(id, title, columns, tally, 0, cells),
    b.table(`${id}ByFailures`, byFailuresTitle, columns, tally, 1, cells, (n) => n[1] > 0, (s) => b.facts[s].failure !== undefined),
  ];
}

function smtpTables(b: Builder, receive: boolean): (OverviewTable | undefined)[] {
  const model = b.model;
  const ips = new Tally(2), names = new Tally(2), tls = new Tally(1), auth = new Tally(1), replies = new Tally(1);
  for (const f of b.facts) {
    const s = f.summary;
    const i = s.session;
    const line = s.firstLine;
    if (s.remote) ips.add(hostOf(s.remote), [1, failed(f)], i, line);
    if (s.helo) names.add(s.helo, [1, failed(f)], i, line);
    if (s.tls) {
      if (s.tls.ok) tls.add(s.tls.protocol ?? t('Unknown protocol'), ONE, i, line);
      else tls.add('#failed', ONE, i, line, () => [t('TLS failed')]);
    } else tls.add('#none', ONE, i, line, () => [t('No TLS')]);
    if (s.auth && (s.auth.mechanism !== undefined || s.auth.ok !== undefined)) {
      const mech = s.auth.mechanism ?? t('Unknown mechanism');
      const result = s.auth.ok === true ? t('Succeeded') : s.auth.ok === false ? t('Failed') : t('No result');
      auth.add(`${mech} ${s.auth.ok === true ? '#ok' : s.auth.ok === false ? '#failed' : '#none'}`, ONE, i, line, [mech, result]);
    }
  }
  // Reply codes: every reply line (the server's in a receive log, the remote's in a send log).
  // A multi-line reply logged one line per record (`250-…`, `250-…`, `250 …`) counts once.
  const replyEvent = receive ? '>' : '<';
  const continuing = new Int16Array(model.sessions.length);
  const records = model.records;
  for (let ri = 0; ri < records.length; ri++) {
    if (records.event(ri) !== replyEvent || records.layout(ri).data < 0) continue;
    const r = records.get(ri);
    const data = fieldValue(model, r, r.layout.data) ?? '';
    const code = replyCode(data);
    if (!code) continue;
    const dash = data.charCodeAt(3) === 45;
    if (r.session >= 0) {
      const more = continuing[r.session] === code;
      continuing[r.session] = dash ? code : 0;
      if (more) continue;
    }
    const enhanced = enhancedCode(data);
    const key = enhanced ? `${data.slice(0, 3)} ${enhanced}` : data.slice(0, 3);
    const textStart = enhanced ? data.indexOf(enhanced, 3) + enhanced.length : 3;
    replies.add(key, ONE, r.session, r.line, () => [key, data.slice(textStart).replace(/^[\s-]+/, '').trim()]);
  }
  const authTable = b.table('auth', t('Authentication'), [txt(t('Mechanism')), txt(t('Result')), num(t('Sessions'))], auth, 0, (l, n) => [l[0], l[1], n[0]]);
  return [
    ...pair(b, 'remoteIps', t('Remote IP addresses'), t('Remote IP addresses by failures'), txt(t('Remote IP')), [], ips),
    ...pair(b, 'ehlo', receive ? t('EHLO names') : t('Remote host names'), receive ? t('EHLO names by failures') : t('Remote host names by failures'), txt(receive ? t('EHLO name') : t('Remote host')), [], names),
    b.table('tls', t('TLS protocol versions'), [txt(t('Protocol')), num(t('Sessions'))], tls, 0, (l, n) => [l[0], n[0]]),
    authTable,
    b.table('replies', t('Reply codes'), [txt(t('Reply')), txt(t('Example')), num(t('Replies')), num(t('Sessions'))], replies, 0, (l, n, sessions) => [l[0], l[1] ?? '', n[0], sessions]),
  ];
}

function popImapTables(b: Builder): (OverviewTable | undefined)[] {
  const users = new Tally(3), ips = new Tally(2);
  for (const f of b.facts) {
    const s = f.summary;
    const line = s.firstLine;
    if (s.user) users.add(s.user, [1, failed(f), s.outcome === 'loggedIn' ? 1 : 0], s.session, line);
    if (s.remote) ips.add(hostOf(s.remote), [1, failed(f)], s.session, line);
  }
  return [
    ...pair(b, 'users', t('Users'), t('Users by failures'), txt(t('User')), [num(t('Logins'))], users),
    ...pair(b, 'remoteIps', t('Client IP addresses'), t('Client IP addresses by failures'), txt(t('Client IP')), [], ips),
  ];
}

function connectivityTables(b: Builder): (OverviewTable | undefined)[] {
  const dest = new Tally(3);
  for (const f of b.facts) {
    const s = f.summary;
    if (s.destination) dest.add(s.destination, [1, failed(f), s.messages], s.session, s.firstLine);
  }
  return pair(b, 'destinations', t('Destinations'), t('Destinations by failures'), txt(t('Destination')), [num(t('Messages'))], dest);
}

function trackingTables(b: Builder): (OverviewTable | undefined)[] {
  const events = new Tally(1), senders = new Tally(2), clients = new Tally(2);
  const ids = b.trackingEvents();
  const records = b.model.records;
  for (let i = 0; i < records.length; i++) {
    if (ids[i]) events.add(ids[i], ONE, records.session[i], records.line[i]);
  }
  for (const f of b.facts) {
    const s = f.summary;
    const line = s.firstLine;
    if (s.mailFrom) senders.add(s.mailFrom, [1, failed(f)], s.session, line);
    if (s.remote) clients.add(hostOf(s.remote), [1, failed(f)], s.session, line);
  }
  const messages = (first: string): OverviewColumn[] => [txt(first), num(t('Messages')), num(t('Failures'))];
  return [
    b.table('events', t('Event ids'), [txt(t('Event id')), num(t('Events')), num(t('Messages'))], events, 0, (l, n, sessions) => [l[0], n[0], sessions]),
    b.table('senders', t('Senders'), messages(t('Sender')), senders, 0, (l, n) => [l[0], n[0], n[1]]),
    b.table('sendersByFailures', t('Senders by failures'), messages(t('Sender')), senders, 1, (l, n) => [l[0], n[0], n[1]], (n) => n[1] > 0, (s) => b.facts[s].failure !== undefined),
    b.table('remoteIps', t('Client IP addresses'), messages(t('Client IP')), clients, 0, (l, n) => [l[0], n[0], n[1]]),
  ];
}

/** Other logs: the lines per client address, when the log has such a column. */
function genericTables(b: Builder): (OverviewTable | undefined)[] {
  const model = b.model;
  const ips = new Tally(1);
  for (const r of model.records) {
    if (r.layout.remote < 0) continue;
    const v = fieldValue(model, r, r.layout.remote);
    if (v && v !== '-') ips.add(hostOf(v), ONE, r.session, r.line);
  }
  return [b.table('remoteIps', t('Client IP addresses'), [txt(t('Client IP')), num(t('Lines'))], ips, 0, (l, n) => [l[0], n[0]])];
}
