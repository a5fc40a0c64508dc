/**
 * Following a message across the servers and log kinds of a collection (issue "Follow a message"):
 * given a message id (or an internal or network message id, a sender, a recipient, a subject, with a
 * time range), the message's hops in time order, each saying how it was tied to the message, the gap
 * since the hop before, where the message waited, and which logs the collection would need to show a
 * hop it points at.
 *
 * How hops are tied (`../shared/reference/collections.md`):
 *  - message tracking rows name the message id (and, on the same server, its internal id; across
 *    servers its network message id);
 *  - receive sessions name it in their `250 2.6.0 <id> [InternalId=…]` reply, and a tracking RECEIVE
 *    names its receive session in `source-context` (`SESSIONID;session-start;n`);
 *  - the front end's send session to a Hub gets the Hub's `250 2.6.0` reply, and says which receive
 *    session it proxies (`Proxying inbound session with session id …`);
 *  - a Hub's send session names it in `sending message with RecordId N and InternetMessageId <id>`
 *    (Exchange 2016 and later), or is the one of that server whose remote, sender, recipients and time
 *    match the SEND/SENDEXTERNAL/DEFER/FAIL row;
 *  - a connectivity session has the id of the send session it carried.
 *
 * Everything is read from the collection's tables (message ids found through `TextLookups`, no row
 * decoded into an object unless it is a hop). The index keeps each session's first and last line;
 * given a `TraceLineReader` (the caller reads the files), a session's hop points at the line where the
 * message begins in it (`receiving message`, `MAIL FROM`) with that line's time, and says the reply.
 */
import type { ExchangeService } from '../../../../protocol/src/collectionTypes';
import type { QueryProblem, QueryScope } from '../../../../protocol/src/queryTypes';
import type { TraceHop, TraceLink, TraceMissing, TraceParams, TracedMessage } from '../../../../protocol/src/traceTypes';
import { kindName } from '../facts/kinds';
import { plural, t } from '../l10n';
import type { LogKind } from '../model/kinds';
import { rollOverKey } from '../model/fileNames';
import { splitLine } from '../model/scanner';
import { parseTime } from '../model/time';
import { formatDuration } from '../util/format';
import { CollectionIndex, FileFacts, fileBaseName, sessionCells } from './collection';
import { E, EL, EVENT_COLUMNS, KIND_CODES, S, SL, SessionFlag } from './schema';
import { NONE, UintArray } from './table';
import { EventTable, Needle, SessionTable, TextLookups, rowsWithListText, rowsWithText } from './textLookup';
import { parseUserTime } from './time';

/** The keys of `TraceParams`, `after` and `before` parsed to ms since the epoch. */
export type TraceQuery = Omit<TraceParams, keyof QueryScope | 'after' | 'before'> & { after?: number; before?: number };

/**
 * Lines `from` to `to` (0-based, inclusive, header lines counted) of a file of the collection, as far
 * as the file has them, without their line breaks; undefined when the file cannot be read.
 */
export type TraceLineReader = (path: string, from: number, to: number) => readonly string[] | undefined;

export interface TraceOptions {
  /** The files the trace looks in (a folder, one file); undefined: all. Missing logs are judged against the whole collection. */
  files?: (path: string) => boolean;
  /** Names a file as the hops give it (a URI). */
  uriOf: (path: string) => string;
  /** Messages traced at most (default 50); the rest are counted in `more`. */
  limit?: number;
  /** The lookups to use and keep (one per collection); without it the trace builds its own. */
  lookups?: TextLookups;
  /** Reads lines of the collection's files: session hops then point at the message's own line. */
  lines?: TraceLineReader;
  /** A gap between two hops at least this long is called out (default 60 s). */
  longWaitMs?: number;
}

export interface TraceAnswer {
  messages: TracedMessage[];
  /** Messages that matched beyond `limit`. */
  more: number;
  problems: QueryProblem[];
}

const HOUR = 3_600_000;
const DEFAULT_LIMIT = 50;
const DEFAULT_LONG_WAIT_MS = 60_000;
/** A send session belongs to a tracking row of its attempt when it began at most this long before it. */
const SEND_WINDOW_MS = 15 * 60_000;
/** A DSN follows its FAIL within this time. */
const DSN_WINDOW_MS = 5 * 60_000;

/** `250 2.6.0 <id@host> [InternalId=123, …]` */
const ACCEPTED = /^2\d\d\s+2\.6\.0\s+(<[^>]*>)/;
/** `sending message with RecordId 123 and InternetMessageId <id@host>` */
const SENDING = /^sending message with RecordId (\d+) and InternetMessageId (<[^>]*>)/i;
const PROXYING = /^Proxying inbound session with session id (\S+)/i;
const REPLY = /^\d{3}(?:[ -]|$)/;

// ---------------------------------------------------------------------------------------------
// Parameters

/** The parameters as a query: times parsed, ids trimmed; a mistake is a problem (no trace is made). */
export function parseTraceParams(p: TraceParams): { query: TraceQuery; problems: QueryProblem[] } {
  const problems: QueryProblem[] = [];
  const text = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
  const query: TraceQuery = {
    messageId: text(p.messageId), internalId: text(p.internalId), networkId: text(p.networkId),
    from: text(p.from), to: text(p.to), subject: text(p.subject),
  };
  for (const key of ['after', 'before'] as const) {
    const value = text(p[key]);
    if (value === undefined) continue;
    const ms = parseUserTime(value);
    if (ms === undefined) problems.push({ start: 0, end: value.length, message: t('\'{0}\' is not a time: write it as 2024-03-05 10:15 or 2024-03-05T10:15:00Z (UTC unless a zone is given).', value) });
    else query[key] = ms;
  }
  if (!query.messageId && !query.internalId && !query.networkId && !query.from && !query.to && !query.subject) {
    problems.push({ start: 0, end: 0, message: t('Say which message to trace: a message id, an internal or network message id, a sender, a recipient or a subject.') });
  }
  if (query.after !== undefined && query.before !== undefined && query.after > query.before) {
    problems.push({ start: 0, end: 0, message: t('The time range is empty: "after" is later than "before".') });
  }
  return { query, problems };
}

/** `<id@host>` as the logs write it (angle brackets added when left out). */
export function normalMessageId(id: string): string {
  const s = id.trim().replace(/^"(.*)"$/, '$1').trim();
  return s.startsWith('<') ? s : `<${s}>`;
}

// ---------------------------------------------------------------------------------------------
// The collection as the trace sees it

interface FileInfo {
  i: number;
  path: string;
  facts: FileFacts;
  service?: ExchangeService;
  inScope: boolean;
  sessions: SessionTable[];
  events: EventTable[];
}

type Role = 'receive' | 'proxy' | 'send' | 'connectivity' | 'other';

interface EventPlace {
  type: 'event';
  f: FileInfo;
  table: EventTable;
  row: number;
  link: TraceLink;
}

interface SessionPlace {
  type: 'session';
  f: FileInfo;
  table: SessionTable;
  row: number;
  link: TraceLink;
  role: Role;
  service?: ExchangeService;
  /** Refined by the line reader: the file and line where the message begins in the session, its time, what it says. */
  path?: string;
  line?: number;
  time?: number;
  detail?: string;
  /** Front-end send: the receive session it proxies (from its own lines). */
  proxies?: string;
}

type Place = EventPlace | SessionPlace;

interface EventCells {
  time: number;
  line: number;
  eventId: string;
  source: string;
  sourceContext: string;
  connector: string;
  messageId: string;
  internalId: string;
  networkId: string;
  sender: string;
  status: string;
  subject: string;
  serverHostname: string;
  serverIp: string;
  clientHostname: string;
  clientIp: string;
  recipients: string[];
}

function eventCells(table: EventTable, row: number): EventCells {
  const s = (c: number) => table.text((table.column(c) as UintArray)[row]) ?? '';
  return {
    time: table.column(E.time)[row],
    line: table.column(E.line)[row],
    eventId: s(E.eventId),
    source: s(E.source),
    sourceContext: s(E.sourceContext),
    connector: s(E.connector),
    messageId: s(E.messageId),
    internalId: s(E.internalId),
    networkId: s(E.networkId),
    sender: s(E.sender),
    status: s(E.status),
    subject: s(E.subject),
    serverHostname: s(E.serverHostname),
    serverIp: s(E.serverIp),
    clientHostname: s(E.clientHostname),
    clientIp: s(E.clientIp),
    recipients: Array.from(table.list(EL.recipients, row), (id) => table.text(id) ?? ''),
  };
}

/** `MSGTRKMS…`/`MSGTRKMD…`/`MSGTRKMA…` are the mailbox transport's, `MSGTRK…` the Hub's. */
function trackingService(path: string): ExchangeService {
  const name = fileBaseName(path);
  return /^MSGTRKM[SDA]/i.test(name) ? 'Mailbox' : 'Hub';
}

/** `EX01.contoso.com` → `EX01`; '' for nothing that looks like a host. */
function shortHost(host: string): string {
  const name = host.trim().split('.')[0];
  return /^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/.test(name) ? name.toUpperCase() : '';
}

/** The address of an endpoint `ip:port` / `[v6]:port` (zone ids dropped). */
function ipOf(endpoint: string): string {
  const e = endpoint.trim();
  const v6 = /^\[([^\]]+)\](?::\d+)?$/.exec(e);
  if (v6) return v6[1].replace(/%.*$/, '');
  const colon = e.lastIndexOf(':');
  const ip = colon > 0 && e.indexOf(':') === colon ? e.slice(0, colon) : e;
  return ip.replace(/%.*$/, '');
}

/** The hours (ms / HOUR) a file holds lines of: its name's hour (or day) and the span of its times. */
function fileHours(path: string, facts: FileFacts): number[] {
  const out = new Set<number>();
  const stamp = rollOverKey(fileBaseName(path)).stamp;
  const day = /^\d{8}/.test(stamp) ? Date.UTC(+stamp.slice(0, 4), +stamp.slice(4, 6) - 1, +stamp.slice(6, 8)) / HOUR : NaN;
  if (stamp.length === 10 && Number.isFinite(day)) out.add(day + +stamp.slice(8, 10));
  else if (stamp.length === 8 && Number.isFinite(day) && !Number.isFinite(facts.firstTime)) for (let h = 0; h < 24; h++) out.add(day + h);
  if (Number.isFinite(facts.firstTime) && Number.isFinite(facts.lastTime)) {
    const first = Math.floor(facts.firstTime / HOUR), last = Math.floor(facts.lastTime / HOUR);
    for (let h = first; h <= last && h - first < 24 * 400; h++) out.add(h);
  }
  return [...out];
}

function hourKey(ms: number): string {
  return new Date(Math.floor(ms / HOUR) * HOUR).toISOString().slice(0, 13);
}

const FRONTEND_PORTS = ['25', '587', '717'];
const HUB_PORTS = ['2525', '465'];

/** A test of a table's texts by id, each text tested once (undefined without a test). */
function memoTest(texts: readonly string[], test: ((s: string) => boolean) | undefined): ((id: number) => boolean) | undefined {
  if (!test) return undefined;
  const memo = new Int8Array(texts.length).fill(-1);
  return (id) => {
    let v = memo[id];
    if (v < 0) v = memo[id] = id !== NONE && test(texts[id]) ? 1 : 0;
    return v === 1;
  };
}

/** A sender or recipient test: an address (any case, with or without angle brackets) or a domain (`@contoso.com`, `*@contoso.com`, `contoso.com`). */
function addressMatcher(pattern: string): (address: string) => boolean {
  const p = pattern.trim().replace(/^<(.*)>$/, '$1').toLowerCase();
  const domain = p.startsWith('*@') ? p.slice(1) : p.startsWith('@') ? p : p.includes('@') ? undefined : '@' + p;
  return (address) => {
    const a = address.trim().replace(/^<(.*)>$/, '$1').toLowerCase();
    return domain !== undefined ? a.endsWith(domain) : a === p;
  };
}

// ---------------------------------------------------------------------------------------------

class Tracer {
  readonly files: FileInfo[] = [];
  private readonly byFile = new Map<number, FileInfo>();
  /** `server|kind|service` → hours (`yyyy-mm-ddThh`) the collection holds files for; `*` stands for a file of unknown service. */
  private coverage: Map<string, Set<number>> | undefined;
  private readonly ipServers = new Map<string, string | undefined>();
  private readonly lookups: TextLookups;

  constructor(readonly index: CollectionIndex, readonly options: TraceOptions) {
    this.lookups = options.lookups ?? new TextLookups();
    for (const [i, file] of index.files()) {
      const facts = index.factsOf(i);
      const service = facts.kind === 'messageTracking' ? trackingService(file.path) : facts.service;
      const info: FileInfo = {
        i, path: file.path, facts, service, inScope: !options.files || options.files(file.path),
        sessions: file.parts.map((p) => p.sessions).filter((x) => x.rows > 0),
        events: file.parts.map((p) => p.events).filter((x) => x.rows > 0),
      };
      this.files.push(info);
      this.byFile.set(i, info);
    }
  }

  /** `server|kind|service` → hours (ms / HOUR) the collection holds files for; `*` stands for a file of unknown service. Made when first asked. */
  private coverageMap(): Map<string, Set<number>> {
    if (this.coverage) return this.coverage;
    const map = new Map<string, Set<number>>();
    for (const f of this.files) {
      const key = `${f.facts.server}|${f.facts.kind}|${f.service ?? '*'}`;
      let set = map.get(key);
      if (!set) map.set(key, (set = new Set()));
      for (const h of this.lookups.hoursOf(this.index.file(f.i)!, () => fileHours(f.path, f.facts))) set.add(h);
    }
    return (this.coverage = map);
  }

  /** True when the collection holds logs of `server` and `kind` (and `service`) for the hour of `time`, or of a minute before or after. */
  covered(server: string, kind: LogKind, service: ExchangeService | undefined, time: number): boolean {
    if (!Number.isFinite(time)) return true;
    const map = this.coverageMap();
    const hours = [Math.floor(time / HOUR), Math.floor((time + 60_000) / HOUR), Math.floor((time - 60_000) / HOUR)];
    const keys = service ? [`${server}|${kind}|${service}`, `${server}|${kind}|*`] : [...map.keys()].filter((k) => k.startsWith(`${server}|${kind}|`));
    return keys.some((k) => {
      const set = map.get(k);
      return set !== undefined && hours.some((h) => set.has(h));
    });
  }

  /** The servers the collection holds logs of. */
  servers(): string[] {
    const out = new Set<string>();
    for (const f of this.files) if (f.facts.server && f.facts.records > 0) out.add(f.facts.server);
    return [...out].sort();
  }

  fileOf(i: number): FileInfo {
    return this.byFile.get(i)!;
  }

  /** Per text: the tables (of every file) that hold it in a looked-up column, and its id there. */
  private readonly hits = new Map<string, { f: FileInfo; table: SessionTable | EventTable; id: number }[]>();

  private tablesWith(n: Needle): { f: FileInfo; table: SessionTable | EventTable; id: number }[] {
    let out = this.hits.get(n.text);
    if (out) return out;
    out = [];
    for (const f of this.files) {
      for (const table of f.sessions) {
        const id = this.lookups.find(table, n);
        if (id !== NONE) out.push({ f, table, id });
      }
      for (const table of f.events) {
        const id = this.lookups.find(table, n);
        if (id !== NONE) out.push({ f, table, id });
      }
    }
    this.hits.set(n.text, out);
    return out;
  }

  /** The tables of the files `where` takes (every file when not given) that hold the text, and its id there. */
  private found(n: Needle, events: boolean, where: ((f: FileInfo) => boolean) | undefined): { f: FileInfo; table: SessionTable | EventTable; id: number }[] {
    if (!where) return this.tablesWith(n).filter((h) => (h.table.schema === EVENT_COLUMNS) === events);
    const out: { f: FileInfo; table: SessionTable | EventTable; id: number }[] = [];
    for (const f of this.files) {
      if (!where(f)) continue;
      for (const table of events ? f.events : f.sessions) {
        const id = this.lookups.find(table, n);
        if (id !== NONE) out.push({ f, table, id });
      }
    }
    return out;
  }

  /** Event rows (in scope) whose column holds one of the texts. */
  eventsWith(needles: Needle[], column: number, where?: (f: FileInfo) => boolean): { f: FileInfo; table: EventTable; row: number }[] {
    const out: { f: FileInfo; table: EventTable; row: number }[] = [];
    for (const n of needles) {
      for (const { f, table, id } of this.found(n, true, where)) {
        if (!f.inScope) continue;
        for (const row of rowsWithText(table, column, id)) out.push({ f, table: table as EventTable, row });
      }
    }
    return out;
  }

  /** Session rows (in scope, or in any file with `all`) whose column (or list) holds one of the texts. */
  sessionsWith(needles: Needle[], which: { column?: number; list?: number }, where?: (f: FileInfo) => boolean, all = false): { f: FileInfo; table: SessionTable; row: number }[] {
    const out: { f: FileInfo; table: SessionTable; row: number }[] = [];
    for (const n of needles) {
      for (const { f, table, id } of this.found(n, false, where)) {
        if (!f.inScope && !all) continue;
        const rows = which.list !== undefined ? rowsWithListText(table, which.list, id) : rowsWithText(table, which.column!, id);
        for (const row of rows) out.push({ f, table: table as SessionTable, row });
      }
    }
    return out;
  }

  /** The server whose address `ip` is: its receive connectors' local address, then message tracking's server and client addresses. */
  serverOfIp(ip: string): string | undefined {
    if (!ip) return undefined;
    if (this.ipServers.has(ip)) return this.ipServers.get(ip);
    let server: string | undefined;
    const locals = [...FRONTEND_PORTS, ...HUB_PORTS].map((p) => new Needle(ip.includes(':') ? `[${ip}]:${p}` : `${ip}:${p}`));
    // the first receive log that has it as a local address says (each hit decodes a table: stop at one)
    for (const f of this.files) {
      if (server) break;
      if (f.facts.kind !== 'smtpReceive' || !f.facts.server) continue;
      for (const table of f.sessions) if (locals.some((n) => this.lookups.find(table, n) !== NONE)) server = f.facts.server;
    }
    if (!server) {
      const needle = [new Needle(ip)];
      for (const f of this.files) {
        if (server || f.events.length === 0) continue;
        for (const table of f.events) {
          const id = this.lookups.find(table, needle[0]);
          if (id === NONE) continue;
          const asServer = rowsWithText(table, E.serverIp, id)[0];
          if (asServer !== undefined) server = shortHost(eventCells(table, asServer).serverHostname) || f.facts.server || undefined;
          const asClient = server ? undefined : rowsWithText(table, E.clientIp, id)[0];
          if (asClient !== undefined) server = shortHost(eventCells(table, asClient).clientHostname) || undefined;
          if (server) break;
        }
      }
    }
    this.ipServers.set(ip, server);
    return server;
  }

  // --- finding messages ---------------------------------------------------------------------

  /** The message ids the query names, each with the time of its latest matching row (the order of the answer). */
  candidates(q: TraceQuery): Map<string, number> {
    const out = new Map<string, number>();
    const inRange = (time: number) => (q.after === undefined || time >= q.after) && (q.before === undefined || time <= q.before);
    const add = (id: string | undefined, time: number) => {
      if (!id || !inRange(time)) return;
      const before = out.get(id);
      if (before === undefined || time > before || (!Number.isFinite(before) && Number.isFinite(time))) out.set(id, time);
    };
    if (q.messageId) {
      const ids = [normalMessageId(q.messageId)];
      const bare = q.messageId.trim().replace(/^"(.*)"$/, '$1').trim();
      // typed without its angle brackets: the logs may have written it so too
      if (!bare.startsWith('<')) ids.push(bare);
      const needles = ids.map((x) => new Needle(x));
      for (const { table, row } of this.eventsWith(needles, E.messageId)) add(table.text((table.column(E.messageId) as UintArray)[row]), table.column(E.time)[row]);
      for (const { table, row } of this.sessionsWith(needles, { list: SL.messageIds })) {
        const time = table.column(S.start)[row];
        for (const id of table.list(SL.messageIds, row)) {
          const text = table.text(id);
          if (text !== undefined && ids.includes(text)) add(text, time);
        }
      }
      return out;
    }
    if (q.internalId || q.networkId) {
      const needles = [new Needle((q.internalId ?? q.networkId)!)];
      for (const { table, row } of this.eventsWith(needles, q.internalId ? E.internalId : E.networkId)) {
        add(table.text((table.column(E.messageId) as UintArray)[row]), table.column(E.time)[row]);
      }
      if (q.internalId) {
        for (const { table, row } of this.sessionsWith(needles, { list: SL.internalIds })) {
          const mids = table.list(SL.messageIds, row), iids = table.list(SL.internalIds, row);
          const time = table.column(S.start)[row];
          if (mids.length === iids.length) {
            for (let k = 0; k < iids.length; k++) if (table.text(iids[k]) === q.internalId) add(table.text(mids[k]), time);
          } else for (const m of mids) add(table.text(m), time);
        }
      }
      return out;
    }
    this.scan(q, add);
    return out;
  }

  /** Sender, recipient and subject: every row (in scope, in the time range) that matches all the keys given. */
  private scan(q: TraceQuery, add: (id: string | undefined, time: number) => void): void {
    const from = q.from ? addressMatcher(q.from) : undefined;
    const to = q.to ? addressMatcher(q.to) : undefined;
    const subject = q.subject?.toLowerCase();
    const subjectTest = subject !== undefined ? (s: string) => s.toLowerCase().includes(subject) : undefined;
    for (const f of this.files) {
      if (!f.inScope) continue;
      if (q.after !== undefined && f.facts.lastTime < q.after) continue;
      if (q.before !== undefined && f.facts.firstTime > q.before) continue;
      for (const table of f.events) {
        const texts = table.texts();
        // each text tested once, when a row first asks
        const fromOk = memoTest(texts, from), toOk = memoTest(texts, to), subjectOk = memoTest(texts, subjectTest);
        const senders = table.column(E.sender) as UintArray, subjects = table.column(E.subject) as UintArray, mids = table.column(E.messageId) as UintArray;
        const times = table.column(E.time);
        const { counts, values } = table.data.lists[EL.recipients];
        let at = 0;
        for (let r = 0; r < table.rows; r++) {
          const first = at;
          at += counts[r];
          if (mids[r] === NONE) continue;
          if (fromOk && !fromOk(senders[r])) continue;
          if (subjectOk && !subjectOk(subjects[r])) continue;
          if (toOk) {
            let any = false;
            for (let k = first; k < at && !any; k++) any = toOk(values[k]);
            if (!any) continue;
          }
          add(texts[mids[r]], times[r]);
        }
      }
      if (subject !== undefined) continue;
      for (const table of f.sessions) {
        const texts = table.texts();
        const senders = table.column(S.mailFrom) as UintArray;
        const starts = table.column(S.start);
        const fromOk = memoTest(texts, from), toOk = memoTest(texts, to);
        const ids = table.data.lists[SL.messageIds], rcpts = table.data.lists[SL.recipients];
        let idAt = 0, rcptAt = 0;
        for (let r = 0; r < table.rows; r++) {
          const idFrom = idAt, rcptFrom = rcptAt;
          idAt += ids.counts[r];
          rcptAt += rcpts.counts[r];
          // a session's sender and recipients are a message's only when it carried one
          if (ids.counts[r] !== 1) continue;
          if (fromOk && (senders[r] === NONE || !fromOk(senders[r]))) continue;
          if (toOk) {
            let any = false;
            for (let k = rcptFrom; k < rcptAt && !any; k++) any = toOk(rcpts.values[k]);
            if (!any) continue;
          }
          add(texts[ids.values[idFrom]], starts[r]);
        }
      }
    }
  }

  // --- one message --------------------------------------------------------------------------

  trace(mid: string, q: TraceQuery): TracedMessage | undefined {
    const needles = [new Needle(mid)];
    const places: Place[] = [];
    const seen = new Map<object, Set<number>>();
    const have = (table: object, row: number) => seen.get(table)?.has(row) ?? false;
    const put = <P extends Place>(p: P): P => {
      let rows = seen.get(p.table);
      if (!rows) seen.set(p.table, (rows = new Set()));
      rows.add(p.row);
      places.push(p);
      return p;
    };
    const events = (): EventPlace[] => places.filter((p): p is EventPlace => p.type === 'event');
    const sessions = (): SessionPlace[] => places.filter((p): p is SessionPlace => p.type === 'session');

    for (const { f, table, row } of this.eventsWith(needles, E.messageId)) put({ type: 'event', f, table, row, link: 'message-id' });
    for (const { f, table, row } of this.sessionsWith(needles, { list: SL.messageIds })) put(this.sessionPlace(f, table, row, 'reply'));
    if (places.length === 0) return undefined;
    for (const p of sessions()) if (p.role === 'send' || p.role === 'connectivity') p.link = 'message-id';

    // rows of the same message that do not name it: same network id, or same internal id on the same server
    const cells = new Map<EventPlace, EventCells>();
    const cellsOf = (p: EventPlace) => {
      let c = cells.get(p);
      if (!c) cells.set(p, (c = eventCells(p.table, p.row)));
      return c;
    };
    const networkIds = new Set(events().map((p) => cellsOf(p).networkId).filter(Boolean));
    for (const nid of networkIds) {
      for (const { f, table, row } of this.eventsWith([new Needle(nid)], E.networkId)) {
        if (!have(table, row) && (table.column(E.messageId) as UintArray)[row] === NONE) put({ type: 'event', f, table, row, link: 'network-id' });
      }
    }
    const internal = new Map<string, Set<string>>();
    for (const p of events()) {
      const c = cellsOf(p);
      if (!c.internalId || !p.f.facts.server) continue;
      let set = internal.get(p.f.facts.server);
      if (!set) internal.set(p.f.facts.server, (set = new Set()));
      set.add(c.internalId);
    }
    for (const [server, ids] of internal) {
      for (const { f, table, row } of this.eventsWith([...ids].map((x) => new Needle(x)), E.internalId, (x) => x.facts.server === server)) {
        if (!have(table, row) && (table.column(E.messageId) as UintArray)[row] === NONE) put({ type: 'event', f, table, row, link: 'internal-id' });
      }
    }

    // the message must answer the other keys of the query too
    if (!this.answers(mid, q, events().map(cellsOf), sessions())) return undefined;

    const missing = new Map<string, TraceMissing>();
    const miss = (server: string, kind: LogKind, service: ExchangeService | undefined, time: number, message: string) => {
      const hour = Number.isFinite(time) ? hourKey(time) : undefined;
      const key = `${server}|${kind}|${service ?? ''}|${hour ?? ''}`;
      if (!missing.has(key)) missing.set(key, { server, kind, service, hour, message });
    };
    const hourText = (time: number) => (Number.isFinite(time) ? `${hourKey(time).replace('T', ' ')}:00` : t('the time of the message'));

    // a tracking RECEIVE names its receive session in source-context
    for (const p of events()) {
      const c = cellsOf(p);
      if (c.eventId !== 'RECEIVE' || c.source.toUpperCase() !== 'SMTP') continue;
      const sid = c.sourceContext.split(';')[0].trim();
      const server = p.f.facts.server;
      if (!/^[0-9A-F]{8,32}$/i.test(sid)) continue;
      const hits = this.sessionsWith([new Needle(sid)], { column: S.id }, (f) => f.facts.kind === 'smtpReceive' && f.facts.server === server);
      if (hits.length > 0) {
        // a session cut by a roll-over has a row in each file: the one that named the message, else the part the RECEIVE follows
        const old = sessions().find((s) => hits.some((h) => s.table === h.table && s.row === h.row));
        if (old) old.link = 'source-context';
        else {
          const before = hits.filter((h) => h.table.column(S.start)[h.row] <= c.time);
          const h = (before.length > 0 ? before : hits).reduce((a, b) => (b.table.column(S.start)[b.row] > a.table.column(S.start)[a.row] ? b : a));
          put(this.sessionPlace(h.f, h.table, h.row, 'source-context'));
        }
        continue;
      }
      const service: ExchangeService = /\\(?:Default|Client|Outbound Proxy) Frontend /i.test(c.connector) ? 'FrontEnd' : 'Hub';
      if (!this.covered(server, 'smtpReceive', service, c.time)) {
        miss(server, 'smtpReceive', service, c.time, t('The message tracking RECEIVE on {0} names receive session {1}, but the SMTP receive ({2}) logs of {0} for {3} are not in the collection: collect them.', server, sid, service, hourText(c.time)));
      }
    }

    const sender = events().map((e) => cellsOf(e).sender).find(Boolean);
    if (this.options.lines) for (const p of sessions()) this.refine(p, mid, sender);

    // a front end that accepted the message proxies it to a Hub in a send session of its own
    for (const p of sessions()) {
      if (p.role !== 'receive' || p.service !== 'FrontEnd') continue;
      const server = p.f.facts.server;
      const time = sessionStart(p);
      if (!sessions().some((s) => s.role === 'proxy' && s.f.facts.server === server) && !this.covered(server, 'smtpSend', 'FrontEnd', time)) {
        miss(server, 'smtpSend', 'FrontEnd', time, t('{0} accepted the message, but its SMTP send (FrontEnd) logs for {1} are not in the collection: collect them to see which Hub it was proxied to.', server, hourText(time)));
      }
    }
    const receives = sessions().filter((s) => s.role === 'receive');
    for (const p of sessions()) {
      if (p.role !== 'proxy') continue;
      const fe = p.f.facts.server;
      const receiveId = p.proxies;
      const receive = receiveId ? receives.find((r) => r.service === 'FrontEnd' && r.f.facts.server === fe && sessionId(r) === receiveId) : undefined;
      if (receive) p.link = 'proxy';
      const remote = sessionCells({ file: p.f.i, table: p.table, row: p.row, lastFile: p.f.i }).remote ?? '';
      const ip = ipOf(remote);
      const hub = this.serverOfIp(ip);
      const time = sessionStart(p);
      if (receives.some((r) => r.service !== 'FrontEnd' && (!hub || r.f.facts.server === hub))) continue;
      if (hub && this.covered(hub, 'smtpReceive', 'Hub', time)) continue;
      miss(hub ?? ip, 'smtpReceive', 'Hub', time, t('The front end of {0} proxied the message to {1}, but the SMTP receive (Hub) logs of {2} for {3} are not in the collection: collect them.', fe, remote, hub ?? ip, hourText(time)));
    }
    const arrivals: { hub: string; time: number; from?: string }[] = [];
    for (const p of receives) {
      if (p.service === 'FrontEnd') continue;
      const hub = p.f.facts.server;
      const time = sessionStart(p);
      if (!events().some((e) => e.f.facts.server === hub && cellsOf(e).eventId === 'RECEIVE' && e.f.service === 'Hub') && !this.covered(hub, 'messageTracking', 'Hub', time)) {
        miss(hub, 'messageTracking', 'Hub', time, t('Receive session {0} on {1} accepted the message, but the message tracking logs of {1} for {2} are not in the collection: collect them.', sessionId(p), hub, hourText(time)));
      }
      const remote = sessionCells({ file: p.f.i, table: p.table, row: p.row, lastFile: p.f.i }).remote ?? '';
      arrivals.push({ hub, time, from: this.serverOfIp(ipOf(remote)) });
    }
    for (const e of events()) {
      const c = cellsOf(e);
      if (c.eventId === 'RECEIVE' && c.source.toUpperCase() === 'SMTP' && e.f.service === 'Hub') arrivals.push({ hub: e.f.facts.server, time: c.time, from: shortHost(c.clientHostname) || this.serverOfIp(c.clientIp) });
    }
    // where it came from: another server's front end (proxy) or mailbox submission
    const origins = new Set<string>();
    for (const { hub, time, from } of arrivals) {
      if (!from || origins.has(from)) continue;
      origins.add(from);
      const submitted = events().some((e) => e.f.facts.server === from && (cellsOf(e).eventId === 'SUBMIT' || (cellsOf(e).eventId === 'RECEIVE' && cellsOf(e).source.toUpperCase() === 'STOREDRIVER')));
      const proxied = sessions().some((s) => s.role === 'proxy' && s.f.facts.server === from);
      if (submitted || proxied) continue;
      if (!this.covered(from, 'messageTracking', 'Mailbox', time)) {
        miss(from, 'messageTracking', 'Mailbox', time, t('{0} received the message from {1}, whose message tracking (mailbox) logs for {2} are not in the collection: collect them to see its submission.', hub, from, hourText(time)));
      }
      if (!this.covered(from, 'smtpSend', 'FrontEnd', time)) {
        miss(from, 'smtpSend', 'FrontEnd', time, t('{0} received the message from {1}, whose SMTP send (FrontEnd) logs for {2} are not in the collection: collect them.', hub, from, hourText(time)));
        if (!sessions().some((s) => s.role === 'receive' && s.service === 'FrontEnd' && s.f.facts.server === from) && !this.covered(from, 'smtpReceive', 'FrontEnd', time)) {
          miss(from, 'smtpReceive', 'FrontEnd', time, t('{0} received the message from {1}, whose SMTP receive (FrontEnd) logs for {2} are not in the collection: collect them.', hub, from, hourText(time)));
        }
      }
    }

    // each send attempt of the tracking (SEND, SENDEXTERNAL, DEFER, FAIL) has a send session on its server
    const used = new Set<SessionPlace>();
    const attempts = events().filter((e) => /^(?:SEND|SENDEXTERNAL|DEFER|FAIL)$/.test(cellsOf(e).eventId) && cellsOf(e).source.toUpperCase() === 'SMTP');
    attempts.sort((a, b) => cellsOf(a).time - cellsOf(b).time);
    for (const p of attempts) {
      const c = cellsOf(p);
      const server = p.f.facts.server;
      const candidates = sessions().filter((s) => s.role === 'send' && s.f.facts.server === server && !used.has(s) && sessionStart(s) <= c.time + 1000 && sessionStart(s) >= c.time - SEND_WINDOW_MS);
      candidates.sort((a, b) => sessionStart(b) - sessionStart(a));
      let session: SessionPlace | undefined = candidates[0];
      if (!session) {
        const match = this.sendMatch(server, c);
        if (match && !have(match.table, match.row)) session = put(this.sessionPlace(match.f, match.table, match.row, 'send-match'));
        else if (match) session = sessions().find((s) => s.table === match.table && s.row === match.row);
        if (session && this.options.lines) this.refine(session, mid, c.sender || sender);
      }
      if (session) {
        used.add(session);
        continue;
      }
      // without its send session, the connection of the attempt: to a recipient's domain, ended just before the row
      const conn = this.connectivityMatch(server, c);
      if (conn && !have(conn.table, conn.row)) {
        const placed = put(this.sessionPlace(conn.f, conn.table, conn.row, 'send-match'));
        if (this.options.lines) this.refine(placed, mid);
      }
      if (!this.covered(server, 'smtpSend', 'Hub', c.time)) {
        miss(server, 'smtpSend', 'Hub', c.time, t('The message tracking {0} on {1} has no SMTP send session: the SMTP send (Hub) logs of {1} for {2} are not in the collection: collect them.', c.eventId, server, hourText(c.time)));
        if (!this.covered(server, 'connectivity', undefined, c.time)) {
          miss(server, 'connectivity', undefined, c.time, t('The connectivity logs of {0} for {1} are not in the collection either: collect them to see the connection of each attempt.', server, hourText(c.time)));
        }
      }
    }
    // a Hub send session's attempt is in the message tracking of its server
    for (const p of sessions()) {
      if (p.role !== 'send') continue;
      const server = p.f.facts.server;
      const time = sessionStart(p);
      if (used.has(p) || attempts.some((e) => e.f.facts.server === server && Math.abs(cellsOf(e).time - time) <= SEND_WINDOW_MS)) continue;
      if (!this.covered(server, 'messageTracking', 'Hub', time)) {
        miss(server, 'messageTracking', 'Hub', time, t('Send session {0} on {1} carried the message, but the message tracking logs of {1} for {2} are not in the collection: collect them.', sessionId(p), server, hourText(time)));
      }
    }
    // the connectivity session of each Hub send session has its id
    for (const p of sessions()) {
      if (p.role !== 'send') continue;
      const server = p.f.facts.server;
      const sid = sessionId(p);
      const hits = this.sessionsWith([new Needle(sid)], { column: S.id }, (f) => f.facts.kind === 'connectivity' && f.facts.server === server);
      // a connection cut by a roll-over has a row in each file: the first, where it began
      const first = hits.length > 0 ? hits.reduce((a, b) => (b.table.column(S.start)[b.row] < a.table.column(S.start)[a.row] ? b : a)) : undefined;
      if (first && !have(first.table, first.row)) put(this.sessionPlace(first.f, first.table, first.row, 'connectivity'));
      const time = sessionStart(p);
      if (hits.length === 0 && !this.covered(server, 'connectivity', undefined, time)) {
        miss(server, 'connectivity', undefined, time, t('Send session {0} on {1} has no connectivity session: the connectivity logs of {1} for {2} are not in the collection: collect them.', sid, server, hourText(time)));
      }
    }
    if (this.options.lines) for (const p of sessions()) if (p.role === 'connectivity' && p.detail === undefined) this.refine(p, mid);

    // the DSN a FAIL sent to the sender
    for (const p of events().filter((e) => cellsOf(e).eventId === 'FAIL')) {
      const c = cellsOf(p);
      if (!sender) continue;
      const dsn = this.dsnOf(p.f.facts.server, c.time, sender);
      if (dsn && !have(dsn.table, dsn.row)) put({ type: 'event', f: dsn.f, table: dsn.table, row: dsn.row, link: 'dsn' });
    }

    // a delivery names the Hub it came from: that Hub's message tracking
    for (const p of events()) {
      const c = cellsOf(p);
      if (c.eventId !== 'DELIVER') continue;
      const hub = shortHost(c.clientHostname) || this.serverOfIp(c.clientIp);
      if (!hub || events().some((e) => e.f.facts.server === hub && e.f.service === 'Hub')) continue;
      if (!this.covered(hub, 'messageTracking', 'Hub', c.time)) {
        miss(hub, 'messageTracking', 'Hub', c.time, t('{0} delivered the message from {1}, whose message tracking logs for {2} are not in the collection: collect them.', p.f.facts.server, hub, hourText(c.time)));
      }
    }

    // recipients the Hub received it for with no delivery, send or failure: on a server whose message tracking is not held?
    const rows = events().map(cellsOf);
    const hubReceive = rows.find((c) => c.eventId === 'RECEIVE' && c.source.toUpperCase() === 'SMTP' && c.messageId === mid);
    if (hubReceive && !rows.some((c) => /^(?:EXPAND|REDIRECT|RESOLVE|TRANSFER)$/.test(c.eventId))) {
      const done = new Set<string>();
      for (const c of rows) if (/^(?:DELIVER|SEND|SENDEXTERNAL|FAIL|DUPLICATEDELIVER|DROP)$/.test(c.eventId)) for (const r of c.recipients) done.add(r.toLowerCase());
      const open = hubReceive.recipients.filter((r) => !done.has(r.toLowerCase()));
      const time = Math.max(...rows.map((c) => c.time).filter(Number.isFinite));
      if (open.length > 0 && Number.isFinite(time)) {
        for (const server of this.servers()) {
          if (this.covered(server, 'messageTracking', 'Mailbox', time)) continue;
          miss(server, 'messageTracking', 'Mailbox', time, t('No delivery, send or failure is in the logs for {0}; the message tracking logs of {1} for {2} are not in the collection: collect them if its mailboxes are there.', open.join('; '), server, hourText(time)));
        }
      }
    }

    return this.message(mid, places, cellsOf, [...missing.values()]);
  }

  private answers(mid: string, q: TraceQuery, events: EventCells[], sessions: SessionPlace[]): boolean {
    const inRange = (time: number) => (q.after === undefined || time >= q.after) && (q.before === undefined || time <= q.before);
    const times = [...events.filter((e) => e.messageId === mid).map((e) => e.time), ...sessions.map((s) => s.table.column(S.start)[s.row])];
    if ((q.after !== undefined || q.before !== undefined) && !times.some(inRange)) return false;
    const rows = sessions.map((s) => sessionCells({ file: s.f.i, table: s.table, row: s.row, lastFile: s.f.i })).filter((r) => r.messageIds.length === 1);
    if (q.from) {
      const m = addressMatcher(q.from);
      if (!events.some((e) => m(e.sender)) && !rows.some((r) => r.mailFrom !== undefined && m(r.mailFrom))) return false;
    }
    if (q.to) {
      const m = addressMatcher(q.to);
      if (!events.some((e) => e.recipients.some(m)) && !rows.some((r) => r.recipients.some(m))) return false;
    }
    if (q.subject) {
      const s = q.subject.toLowerCase();
      if (!events.some((e) => e.subject.toLowerCase().includes(s))) return false;
    }
    if (q.internalId && !events.some((e) => e.internalId === q.internalId) && !rows.some((r) => r.internalIds.includes(q.internalId!))) return false;
    if (q.networkId && !events.some((e) => e.networkId.toLowerCase() === q.networkId!.toLowerCase())) return false;
    return true;
  }

  private sessionPlace(f: FileInfo, table: SessionTable, row: number, link: TraceLink): SessionPlace {
    const kind = KIND_CODES[table.column(S.kind)[row]];
    const connector = table.text((table.column(S.connector) as UintArray)[row]) ?? '';
    const local = table.text((table.column(S.local) as UintArray)[row]) ?? '';
    const port = /:(\d+)$/.exec(local)?.[1] ?? '';
    let role: Role = 'other';
    let service = f.service;
    if (kind === 'smtpReceive') {
      role = 'receive';
      service ??= /\\(?:Default|Client|Outbound Proxy) Frontend /i.test(connector) || FRONTEND_PORTS.includes(port) ? 'FrontEnd' : HUB_PORTS.includes(port) ? 'Hub' : undefined;
    } else if (kind === 'smtpSend') {
      role = service === 'FrontEnd' || /proxy/i.test(connector) ? 'proxy' : 'send';
    } else if (kind === 'connectivity') role = 'connectivity';
    return { type: 'session', f, table, row, link, role, service };
  }

  /** The send session of `server` whose remote, sender, recipients and time match a tracking row of a send attempt. */
  private sendMatch(server: string, c: EventCells): { f: FileInfo; table: SessionTable; row: number } | undefined {
    const sender = c.sender.toLowerCase();
    const recipients = new Set(c.recipients.map((r) => r.toLowerCase()));
    let best: { f: FileInfo; table: SessionTable; row: number; start: number } | undefined;
    for (const f of this.files) {
      if (!f.inScope || f.facts.kind !== 'smtpSend' || f.facts.server !== server || f.service === 'FrontEnd') continue;
      if (f.facts.lastTime < c.time - SEND_WINDOW_MS || f.facts.firstTime > c.time + 1000) continue;
      for (const table of f.sessions) {
        const starts = table.column(S.start);
        const texts = table.texts();
        const remotes = table.column(S.remote) as UintArray, froms = table.column(S.mailFrom) as UintArray;
        for (let r = 0; r < table.rows; r++) {
          const start = starts[r];
          if (!(start <= c.time + 1000 && start >= c.time - SEND_WINDOW_MS)) continue;
          if (best && start <= best.start) continue;
          if (c.serverIp && ipOf(texts[remotes[r]] ?? '') !== c.serverIp) continue;
          if (sender && (texts[froms[r]] ?? '').toLowerCase() !== sender) continue;
          if (recipients.size > 0 && !Array.from(table.list(SL.recipients, r)).some((id) => recipients.has((texts[id] ?? '').toLowerCase()))) continue;
          best = { f, table, row: r, start };
        }
      }
    }
    return best;
  }

  /** The connectivity session of `server` to a recipient's domain that ended last before a send attempt's tracking row (within a minute). */
  private connectivityMatch(server: string, c: EventCells): { f: FileInfo; table: SessionTable; row: number } | undefined {
    const domains = new Set(c.recipients.map((r) => r.slice(r.lastIndexOf('@') + 1).toLowerCase()).filter(Boolean));
    if (domains.size === 0) return undefined;
    let best: { f: FileInfo; table: SessionTable; row: number; end: number } | undefined;
    for (const f of this.files) {
      if (!f.inScope || f.facts.kind !== 'connectivity' || f.facts.server !== server) continue;
      if (f.facts.lastTime < c.time - 60_000 || f.facts.firstTime > c.time) continue;
      for (const table of f.sessions) {
        const starts = table.column(S.start), durations = table.column(S.duration) as UintArray;
        const remotes = table.column(S.remote) as UintArray;
        const texts = table.texts();
        for (let r = 0; r < table.rows; r++) {
          if (durations[r] === 0) continue;
          const end = starts[r] + durations[r] - 1;
          if (!(end <= c.time && end >= c.time - 60_000) || (best && end <= best.end)) continue;
          if (!domains.has((texts[remotes[r]] ?? '').toLowerCase())) continue;
          best = { f, table, row: r, end };
        }
      }
    }
    return best;
  }

  /** The DSN row of `server` to `sender` just after a FAIL at `time`. */
  private dsnOf(server: string, time: number, sender: string): { f: FileInfo; table: EventTable; row: number } | undefined {
    const to = sender.toLowerCase();
    for (const f of this.files) {
      if (!f.inScope || f.facts.kind !== 'messageTracking' || f.facts.server !== server) continue;
      if (f.facts.lastTime < time || f.facts.firstTime > time + DSN_WINDOW_MS) continue;
      for (const table of f.events) {
        const texts = table.texts();
        const ids = table.column(E.eventId) as UintArray, times = table.column(E.time);
        for (let r = 0; r < table.rows; r++) {
          if (texts[ids[r]] !== 'DSN' || !(times[r] >= time && times[r] <= time + DSN_WINDOW_MS)) continue;
          if (Array.from(table.list(EL.recipients, r)).some((id) => (texts[id] ?? '').toLowerCase() === to)) return { f, table, row: r };
        }
      }
    }
    return undefined;
  }

  // --- the lines of a session ---------------------------------------------------------------

  /**
   * Reads the session's lines and points the hop at the line where the message begins in it, with that
   * line's time and what the session said about it (the reply).
   */
  private refine(p: SessionPlace, mid: string, sender?: string): void {
    const read = this.options.lines!;
    const first = p.table.column(S.firstLine)[p.row], last = p.table.column(S.lastLine)[p.row];
    const sid = sessionId(p);
    const lines = read(p.f.path, first, last);
    if (!lines) return;
    const own = sessionLines(lines, first, sid);
    if (own.length === 0) return;
    const at = (k: number) => {
      p.path = p.f.path;
      p.line = own[k].line;
      p.time = parseTime(own[k].fields[0] ?? '');
    };
    const smtp = (l: SessionLine) => ({ event: l.fields[l.sid + 4] ?? '', data: l.fields[l.sid + 5] ?? '', context: l.fields[l.sid + 6] ?? '' });
    switch (p.role) {
      case 'receive':
      case 'proxy': {
        const inbound = p.role === 'receive' ? '>' : '<';
        const reply = own.findIndex((l) => {
          const s = smtp(l);
          return s.event === inbound && ACCEPTED.exec(s.data)?.[1] === mid;
        });
        if (p.role === 'proxy') {
          const proxying = own.map((l) => PROXYING.exec(smtp(l).context)).find(Boolean);
          if (proxying) p.proxies = proxying[1];
        }
        if (reply < 0) return;
        p.detail = smtp(own[reply]).data;
        const begins = (l: SessionLine) => {
          const s = smtp(l);
          return p.role === 'receive' ? /^receiving message$/i.test(s.context.trim()) : s.event === '>' && /^MAIL FROM:/i.test(s.data);
        };
        const before = (list: SessionLine[], from: number): number => {
          for (let k = from; k >= 0; k--) {
            if (begins(list[k])) return k;
            // the message before this one ends with its reply: stop there
            if (ACCEPTED.test(smtp(list[k]).data)) return -2;
          }
          return -1;
        };
        const start = before(own, reply - 1);
        if (start >= 0) at(start);
        else {
          at(reply);
          // the session crossed a roll-over while the message was on its way: it began in the file before
          if (start === -1 && own[0].line === first && (p.table.column(S.flags)[p.row] & SessionFlag.OpenStart) !== 0) this.beginInEarlierFile(p, sid, begins, before);
        }
        return;
      }
      case 'send': {
        let start = -1;
        const mailFrom = (l: SessionLine) => smtp(l).event === '>' && /^MAIL FROM:/i.test(smtp(l).data);
        const sending = own.findIndex((l) => SENDING.exec(smtp(l).context)?.[2] === mid);
        if (sending >= 0) start = own.findIndex((l, k) => k > sending && mailFrom(l));
        if (start < 0) {
          // no `sending message` line (Exchange 2013): the MAIL FROM before the remote's 250 2.6.0 reply naming the message
          const reply = own.findIndex((l) => smtp(l).event === '<' && ACCEPTED.exec(smtp(l).data)?.[1] === mid);
          for (let k = reply - 1; k >= 0 && start < 0; k--) if (mailFrom(own[k])) start = k;
        }
        if (start < 0 && sender) {
          const want = `mail from:<${sender.toLowerCase()}>`;
          start = own.findIndex((l) => smtp(l).event === '>' && smtp(l).data.toLowerCase().startsWith(want));
        }
        if (start < 0) return;
        at(start);
        let reply = '';
        for (let k = start + 1; k < own.length; k++) {
          const s = smtp(own[k]);
          if (s.event === '>' && /^(?:MAIL FROM:|QUIT)/i.test(s.data)) break;
          if (s.event === '<' && REPLY.test(s.data)) reply = s.data;
        }
        if (reply) p.detail = reply;
        return;
      }
      case 'connectivity': {
        at(0);
        const conn = (l: SessionLine) => ({ direction: l.fields[l.sid + 3] ?? '', description: l.fields[l.sid + 4] ?? '' });
        const end = [...own].reverse().find((l) => conn(l).direction === '-');
        p.detail = conn(end ?? own[own.length - 1]).description;
        return;
      }
      default:
    }
  }

  /** Points `p` at the line where the message began in the part of its session in the file before (same folder and log). */
  private beginInEarlierFile(p: SessionPlace, sid: string, begins: (l: SessionLine) => boolean, before: (list: SessionLine[], from: number) => number): void {
    const here = p.f;
    let best: { f: FileInfo; table: SessionTable; row: number } | undefined;
    for (const hit of this.sessionsWith([new Needle(sid)], { column: S.id }, (f) => f !== here && f.facts.chain === here.facts.chain && f.facts.firstTime < here.facts.firstTime, true)) {
      if (!best || hit.f.facts.firstTime > best.f.facts.firstTime) best = hit;
    }
    if (!best) return;
    const first = best.table.column(S.firstLine)[best.row], last = best.table.column(S.lastLine)[best.row];
    const lines = this.options.lines!(best.f.path, first, last);
    if (!lines) return;
    const own = sessionLines(lines, first, sid);
    const k = before(own, own.length - 1);
    if (k < 0 || !begins(own[k])) return;
    p.path = best.f.path;
    p.line = own[k].line;
    p.time = parseTime(own[k].fields[0] ?? '');
  }

  // --- the answer ---------------------------------------------------------------------------

  private message(mid: string, places: Place[], cellsOf: (p: EventPlace) => EventCells, missing: TraceMissing[]): TracedMessage {
    const uriOf = this.options.uriOf;
    const ranked: { hop: TraceHop; rank: number; path: string }[] = [];
    let subject: string | undefined, from: string | undefined;
    const tracked = new Set<string>(), received = new Set<string>();
    for (const p of places) {
      if (p.type === 'event') {
        const c = cellsOf(p);
        subject ??= c.subject || undefined;
        from ??= c.sender || undefined;
        if (c.messageId === mid) for (const r of c.recipients) tracked.add(r);
        ranked.push({
          hop: {
            time: Number.isFinite(c.time) ? c.time : undefined, server: p.f.facts.server, kind: 'messageTracking', service: p.f.service, uri: uriOf(p.f.path), line: c.line,
            eventId: c.eventId, source: c.source || undefined, detail: eventDetail(c), linkedBy: p.link,
          },
          rank: 3, path: p.f.path,
        });
        continue;
      }
      const cells = sessionCells({ file: p.f.i, table: p.table, row: p.row, lastFile: p.f.i });
      // a session of one message: its sender and recipients are the message's
      if (cells.messageIds.length === 1) {
        from ??= cells.mailFrom || undefined;
        if (p.role === 'receive') for (const r of cells.recipients) received.add(r);
      }
      const time = p.time ?? cells.start;
      const path = p.path ?? p.f.path;
      ranked.push({
        hop: {
          time: Number.isFinite(time) ? time : undefined, server: p.f.facts.server, kind: cells.kind, service: p.service, uri: uriOf(path), line: p.line ?? cells.firstLine,
          sessionId: cells.id, detail: p.detail ?? sessionDetail(cells, p.table.text((p.table.column(S.outcomeText) as UintArray)[p.row])), linkedBy: p.link,
        },
        rank: p.role === 'receive' ? (p.service === 'FrontEnd' ? 0 : 2) : p.role === 'proxy' ? 1 : p.role === 'connectivity' ? 4 : 5,
        path,
      });
    }
    ranked.sort((a, b) => {
      const ta = a.hop.time ?? Infinity, tb = b.hop.time ?? Infinity;
      if (ta !== tb) return ta < tb ? -1 : 1;
      if (a.rank !== b.rank) return a.rank - b.rank;
      if (a.path !== b.path) return a.path < b.path ? -1 : 1;
      return a.hop.line - b.hop.line;
    });
    const hops = ranked.map((r) => r.hop);
    const longWait = this.options.longWaitMs ?? DEFAULT_LONG_WAIT_MS;
    for (let k = 1; k < hops.length; k++) {
      const a = hops[k - 1].time, b = hops[k].time;
      if (a !== undefined && b !== undefined) hops[k].gapMs = b - a;
    }
    for (let k = 0; k < hops.length; k++) {
      const h = hops[k];
      if (h.eventId === 'DEFER') {
        const next = hops.slice(k + 1).find((x) => x.kind === 'smtpSend' || x.kind === 'connectivity' || (x.eventId !== undefined && /^(?:SEND|SENDEXTERNAL|DEFER|FAIL|DELIVER)$/.test(x.eventId)));
        const code = /\b[45]\d\d(?:\s+[45]\.\d{1,3}\.\d{1,3})?/.exec(h.detail)?.[0];
        h.delay = next?.time !== undefined && h.time !== undefined
          ? (code ? t('Deferred ({0}); the next attempt came {1} later.', code, formatDuration(next.time - h.time)) : t('Deferred; the next attempt came {0} later.', formatDuration(next.time - h.time)))
          : t('Deferred; no later attempt is in the logs.');
      } else if (h.gapMs !== undefined && h.gapMs >= longWait && !(k > 0 && hops[k - 1].eventId === 'DEFER')) {
        h.delay = t('Waited {0} since the hop before.', formatDuration(h.gapMs));
      }
    }
    const servers: string[] = [];
    for (const h of hops) if (h.server && !servers.includes(h.server)) servers.push(h.server);
    const { verdict, end } = verdictOf(hops);
    const start = hops.find((h) => h.time !== undefined)?.time;
    return {
      messageId: mid, subject, from, to: [...(tracked.size > 0 ? tracked : received)], servers, hops, missing,
      latencyMs: start !== undefined && end !== undefined ? end - start : undefined,
      verdict,
    };
  }
}

interface SessionLine {
  line: number;
  fields: string[];
  /** The index of the session id among the fields. */
  sid: number;
}

/** The lines of session `sid` among `lines` (the first being file line `first`), split into fields. */
function sessionLines(lines: readonly string[], first: number, sid: string): SessionLine[] {
  const out: SessionLine[] = [];
  const marker = `,${sid},`;
  for (let k = 0; k < lines.length; k++) {
    const text = lines[k];
    if (!text.includes(marker)) continue;
    const fields = splitLine(text);
    const at = fields.indexOf(sid);
    if (at < 1) continue;
    out.push({ line: first + k, fields, sid: at });
  }
  return out;
}

function sessionId(p: SessionPlace): string {
  return p.table.text((p.table.column(S.id) as UintArray)[p.row]) ?? '';
}

function sessionStart(p: SessionPlace): number {
  return p.time ?? p.table.column(S.start)[p.row];
}


/** What a tracking row says: the event and its source, the other end, the recipients or their status. */
function eventDetail(c: EventCells): string {
  const parts = [c.source ? `${c.eventId} (${c.source})` : c.eventId];
  const ep = (host: string, ip: string) => (host && ip && host !== ip ? `${host} (${ip})` : host || ip);
  if (c.eventId === 'RECEIVE') {
    const peer = ep(c.clientHostname, c.clientIp);
    if (peer) parts.push(peer);
  } else if (/^(?:SEND|SENDEXTERNAL|DEFER|FAIL|HAREDIRECT)$/.test(c.eventId)) {
    const peer = ep(c.serverHostname, c.serverIp);
    if (peer) parts.push(peer);
  }
  if (c.connector) parts.push(c.connector);
  if (c.recipients.length > 0) parts.push(c.recipients.length > 3 ? `${c.recipients.slice(0, 3).join('; ')}; …` : c.recipients.join('; '));
  if (c.status) parts.push(c.status);
  return parts.join(' · ');
}

/** What a session hop says without its lines: the remote and connector, and the reply behind its verdict. */
function sessionDetail(c: ReturnType<typeof sessionCells>, outcomeText: string | undefined): string {
  return [c.remote, c.connector, outcomeText].filter((x): x is string => !!x).join(' · ');
}

/** The one-line verdict, and when the message reached its end (delivery or the last send). */
function verdictOf(hops: TraceHop[]): { verdict: string; end?: number } {
  const tracked = hops.filter((h) => h.eventId !== undefined);
  const last = (ids: RegExp) => [...tracked].reverse().find((h) => ids.test(h.eventId!));
  const fail = last(/^FAIL$/);
  const delivered = tracked.filter((h) => h.eventId === 'DELIVER');
  const external = last(/^SENDEXTERNAL$/);
  const sent = last(/^SEND$/);
  const deferred = last(/^DEFER$/);
  const endOf = (list: TraceHop[]) => list.reduce<number | undefined>((m, h) => (h.time !== undefined && (m === undefined || h.time > m) ? h.time : m), undefined);
  if (fail) return { verdict: t('Failed: {0}', lastPart(fail.detail)) };
  if (delivered.length > 0 || external) {
    const end = endOf([...delivered, ...(external ? [external] : [])]);
    if (delivered.length > 0 && external) return { verdict: t('Delivered ({0}) and sent out', plural(delivered.length, '{0} delivery', '{0} deliveries')), end };
    if (external) return { verdict: t('Sent out: {0}', lastPart(external.detail)), end };
    return { verdict: plural(delivered.length, 'Delivered ({0} delivery)', 'Delivered ({0} deliveries)'), end };
  }
  if (sent) return { verdict: t('Sent on inside the organisation'), end: sent.time };
  // no tracking of the end: what the last send session says
  const send = [...hops].reverse().find((h) => h.kind === 'smtpSend' && h.service !== 'FrontEnd');
  const code = send ? /^([245])\d\d\b/.exec(send.detail)?.[1] : undefined;
  if (send && code === '2') return { verdict: t('Sent out (by the SMTP send log): {0}', send.detail), end: send.time };
  if (send && code === '5') return { verdict: t('Refused by the remote (by the SMTP send log): {0}', send.detail) };
  if (deferred && deferred === tracked[tracked.length - 1]) return { verdict: t('Deferred, with no later attempt in the logs') };
  if (tracked.length === 0) return { verdict: t('Seen in protocol logs only (no message tracking)') };
  return { verdict: t('Received; no delivery or send is in the logs') };
}

function lastPart(detail: string): string {
  const parts = detail.split(' · ');
  return parts[parts.length - 1];
}

// ---------------------------------------------------------------------------------------------

/** Traces the messages a query names over a collection (see the module's comment). */
export function traceMessages(index: CollectionIndex, q: TraceQuery, options: TraceOptions): TraceAnswer {
  if (!q.messageId && !q.internalId && !q.networkId && !q.from && !q.to && !q.subject) {
    return { messages: [], more: 0, problems: [{ start: 0, end: 0, message: t('Say which message to trace: a message id, an internal or network message id, a sender, a recipient or a subject.') }] };
  }
  const tracer = new Tracer(index, options);
  const candidates = [...tracer.candidates(q)].sort((a, b) => (b[1] === a[1] ? (a[0] < b[0] ? -1 : 1) : !(b[1] <= a[1]) ? 1 : -1));
  const limit = Math.max(1, options.limit ?? DEFAULT_LIMIT);
  const messages: TracedMessage[] = [];
  let more = 0;
  for (const [mid] of candidates) {
    if (messages.length >= limit) {
      more++;
      continue;
    }
    const m = tracer.trace(mid, q);
    if (m) messages.push(m);
  }
  return { messages, more, problems: [] };
}

/**
 * Builds the lookups of the collection's tables that have none yet, while `goOn()` says so (it is asked
 * before each table); true when every table has its lookup.
 */
export function prepareTrace(index: CollectionIndex, lookups: TextLookups, goOn: () => boolean = () => true): boolean {
  for (const [, file] of index.files()) {
    for (const p of file.parts) {
      for (const table of [p.sessions, p.events]) {
        if (table.rows === 0 || lookups.has(table)) continue;
        if (!goOn()) return false;
        lookups.prepare(table);
      }
    }
  }
  return true;
}

/** The name of a log kind as the trace says it: "SMTP Receive (FrontEnd)". */
export function traceKindName(kind: LogKind, service?: ExchangeService): string {
  return service && (kind === 'smtpReceive' || kind === 'smtpSend' || kind === 'messageTracking') ? `${kindName(kind)} (${service})` : kindName(kind);
}
