/**
 * A collection: the indexed parts of many log files (several servers, days of hourly files), and what
 * can be asked of them as a whole — totals, the tree of servers → log kinds → days, sessions across
 * files (roll-overs joined), workspace symbols, the file of a server at a time. Pure: the files are
 * read elsewhere (`server/src/collection/`), which hands over each file's parts.
 */
import type {
  CollectionTotals, CollectionTreeFile, CollectionTreeServer, ExchangeService,
} from '../../../../protocol/src/collectionTypes';
import { kindName } from '../facts/kinds';

export type { CollectionTotals, CollectionTreeServer };
import { LogKind } from '../model/kinds';
import { compareRollOverKeys, rollOverKey } from '../model/fileNames';
import { JoinResult, joinChain } from './join';
import { Part } from './part';
import { E, KIND_CODES, OUTCOME_CODES, S, SESSION_COLUMNS, SL } from './schema';
import { Table } from './table';

export interface IndexedFile {
  /** The file's path (or URI for a virtual workspace), as the collection names it. */
  path: string;
  size: number;
  mtime: number;
  /** Parts in file order: the whole file, or its chunks, or earlier bytes and appended ones. */
  parts: Part[];
  /** A problem reading the file (it was read as far as it went, or skipped), in plain words. */
  warning?: string;
}

/** Server, service and log kind of a file, from its content first and its path second. */
export interface FileFacts {
  server: string;
  service?: ExchangeService;
  kind: LogKind;
  /** `yyyy-mm-dd` of the file's first line (or its name), '' when unknown. */
  day: string;
  firstTime: number;
  lastTime: number;
  sessions: number;
  events: number;
  records: number;
  /** The chain of the file: its folder and log family (files that continue each other). */
  chain: string;
}

/** A session row: in a part of a file, or a joined session across parts. */
export interface SessionRef {
  file: number;
  table: Table<typeof SESSION_COLUMNS>;
  row: number;
  /** For a joined session: the file of its last part. */
  lastFile: number;
}

/** A session table as `sessionTables()` yields it. */
export interface SessionTableRef {
  table: Table<typeof SESSION_COLUMNS>;
  /** The file of every row (a part's table); for joined sessions, the first row's (see `files`). */
  file: number;
  /** Rows left out because a joined session stands for them (1 = left out). */
  skip?: Uint8Array;
  /** Joined sessions: per row, the file of its first and of its last part. */
  files?: readonly number[];
  lastFiles?: readonly number[];
}

export const UNKNOWN_SERVER = '';

/**
 * A key of the collection that is a URI (a file of a virtual workspace, sent by the client): a scheme of
 * two characters or more, so that a Windows path (`C:\\…`) stays a path.
 */
export function isUriKey(key: string): boolean {
  return /^[a-z][a-z0-9+.-]+:/i.test(key);
}

/**
 * Path segments, whatever the separator (the collection is pure: no `path` module). A URI key loses its
 * scheme, authority, query and fragment, and its segments are decoded (`EX%2001` → `EX 01`).
 */
function segments(path: string): string[] {
  if (!isUriKey(path)) return path.split(/[\\/]+/).filter(Boolean);
  const rest = path.replace(/^[a-z][a-z0-9+.-]+:(?:\/\/[^/?#]*)?/i, '').replace(/[?#].*$/s, '');
  return rest.split('/').filter(Boolean).map(decodeSegment).flatMap((s) => s.split(/[\\/]+/)).filter(Boolean);
}

function decodeSegment(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The folder part of a path, lower-cased (file names compare case-insensitively). */
function folderOf(path: string): string {
  const s = segments(path);
  // a URI's folder keeps its scheme and authority: two file systems' `/logs` are not one folder
  const root = isUriKey(path) ? /^[a-z][a-z0-9+.-]+:(?:\/\/[^/?#]*)?/i.exec(path)![0] : '';
  return (root + s.slice(0, -1).join('/')).toLowerCase();
}

/** The file name of a collection key (a path or a URI). */
export function fileBaseName(path: string): string {
  const s = segments(path);
  return s[s.length - 1] ?? path;
}

const baseName = fileBaseName;

const NOT_SERVER = /^(?:v\d+|exchange server|microsoft|program files|logs?|transportroles|logging|frontend|hub|mailbox)$/i;

/**
 * The server a collected file came from, by its folders: `EX01\TransportRoles\Logs\…`,
 * `EX01\Logging\Imap4\…`, or ExchangeLogCollector's `EX01_Hub_ProtocolLog_SmtpReceive`.
 */
export function serverFromPath(path: string): string | undefined {
  const s = segments(path);
  for (let i = s.length - 2; i >= 0; i--) {
    const m = /^([A-Za-z0-9][A-Za-z0-9-]{0,62})_(?:Hub|FrontEnd|Mailbox)_/i.exec(s[i]);
    if (m) return m[1].toUpperCase();
    if (/^(?:TransportRoles|Logging)$/i.test(s[i]) && i > 0 && !NOT_SERVER.test(s[i - 1]) && /^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/.test(s[i - 1])) {
      return s[i - 1].toUpperCase();
    }
  }
  return undefined;
}

/** FrontEnd, Hub or Mailbox by the file's folders (`…\FrontEnd\ProtocolLog\…`, `…_Hub_…`). */
export function serviceFromPath(path: string): FileFacts['service'] {
  for (const seg of segments(path).slice(0, -1).reverse()) {
    const m = /(?:^|_)(FrontEnd|Hub|Mailbox)(?:_|$)/i.exec(seg);
    if (m) return (m[1].toLowerCase() === 'frontend' ? 'FrontEnd' : m[1].toLowerCase() === 'hub' ? 'Hub' : 'Mailbox');
  }
  return undefined;
}

function dayOf(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : '';
}

export class CollectionIndex {
  private readonly byPath = new Map<string, number>();
  private entries: (IndexedFile | undefined)[] = [];
  private facts: (FileFacts | undefined)[] = [];
  private joined: { result: JoinResult; files: number[] }[] | undefined;
  /** Per file and part: rows that a joined session replaces. */
  private replaced = new Map<Table<typeof SESSION_COLUMNS>, Uint8Array>();

  /** Adds or replaces a file's index. */
  setFile(file: IndexedFile): void {
    const key = pathKey(file.path);
    let i = this.byPath.get(key);
    if (i === undefined) {
      i = this.entries.length;
      this.byPath.set(key, i);
      this.entries.push(file);
      this.facts.push(undefined);
    } else {
      this.entries[i] = file;
      this.facts[i] = undefined;
    }
    this.joined = undefined;
  }

  removeFile(path: string): void {
    const i = this.byPath.get(pathKey(path));
    if (i === undefined) return;
    this.entries[i] = undefined;
    this.facts[i] = undefined;
    this.byPath.delete(pathKey(path));
    this.joined = undefined;
  }

  getFile(path: string): IndexedFile | undefined {
    const i = this.byPath.get(pathKey(path));
    return i === undefined ? undefined : this.entries[i];
  }

  /** The facts of the file at `path` (its counts, server, kind…), when the collection holds it. */
  factsOfPath(path: string): FileFacts | undefined {
    const i = this.byPath.get(pathKey(path));
    return i === undefined ? undefined : this.factsOf(i);
  }

  /** Every file, with its index in the collection. */
  *files(): Generator<[number, IndexedFile]> {
    for (let i = 0; i < this.entries.length; i++) {
      const f = this.entries[i];
      if (f) yield [i, f];
    }
  }

  file(index: number): IndexedFile | undefined {
    return this.entries[index];
  }

  /** Server, service, kind, day and counts of a file. */
  factsOf(index: number): FileFacts {
    let f = this.facts[index];
    if (f) return f;
    const file = this.entries[index];
    if (!file) throw new Error(`no file ${index}`);
    const counts = new Map<string, number>();
    let kind: LogKind | undefined;
    let service: FileFacts['service'];
    let firstTime = NaN, lastTime = NaN, sessions = 0, events = 0, records = 0;
    for (const p of file.parts) {
      p.meta.servers.forEach((s, rank) => counts.set(s, (counts.get(s) ?? 0) + (p.meta.servers.length - rank)));
      if (p.meta.records > 0 || !kind) kind = kind && kind !== 'generic' ? kind : p.meta.kind;
      service ??= p.meta.service;
      if (!(p.meta.firstTime >= firstTime)) firstTime = p.meta.firstTime;
      if (!(p.meta.lastTime <= lastTime)) lastTime = p.meta.lastTime;
      sessions += p.sessions.rows;
      events += p.events.rows;
      records += p.meta.records;
    }
    const fromContent = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
    const key = rollOverKey(baseName(file.path));
    const stampDay = /^\d{8}/.test(key.stamp) ? `${key.stamp.slice(0, 4)}-${key.stamp.slice(4, 6)}-${key.stamp.slice(6, 8)}` : '';
    f = {
      server: serverFromPath(file.path) ?? fromContent ?? UNKNOWN_SERVER,
      service: serviceFromPath(file.path) ?? service,
      kind: kind ?? 'generic',
      day: dayOf(firstTime) || stampDay,
      firstTime,
      lastTime,
      sessions,
      events,
      records,
      chain: `${folderOf(file.path)}|${key.family}`,
    };
    this.facts[index] = f;
    return f;
  }

  /** Joins roll-over sessions of every chain (again after files changed). */
  private ensureJoined(): { result: JoinResult; files: number[] }[] {
    if (this.joined) return this.joined;
    const chains = new Map<string, number[]>();
    for (const [i] of this.files()) {
      const f = this.factsOf(i);
      if (f.kind === 'messageTracking' || f.kind === 'w3c' || f.kind === 'generic') continue;
      let list = chains.get(f.chain);
      if (!list) chains.set(f.chain, (list = []));
      list.push(i);
    }
    this.replaced.clear();
    const out: { result: JoinResult; files: number[] }[] = [];
    for (const list of chains.values()) {
      list.sort((a, b) => compareFiles(this.entries[a]!, this.entries[b]!, this.factsOf(a), this.factsOf(b)));
      const parts: Part[] = [];
      const partFile: number[] = [];
      for (const i of list) for (const p of this.entries[i]!.parts) {
        parts.push(p);
        partFile.push(i);
      }
      const result = joinChain(parts);
      if (result.table.rows === 0) continue;
      for (const group of result.members) {
        for (const m of group) {
          const table = parts[m.part].sessions;
          let bits = this.replaced.get(table);
          if (!bits) this.replaced.set(table, (bits = new Uint8Array(table.rows)));
          bits[m.row] = 1;
        }
      }
      out.push({ result, files: result.members.map((g) => partFile[g[0].part]).concat(result.members.map((g) => partFile[g[g.length - 1].part])) });
    }
    this.joined = out;
    return out;
  }

  /** Every session once: rows of the parts that no joined session replaces, then the joined sessions. */
  *sessions(): Generator<SessionRef> {
    const joined = this.ensureJoined();
    for (const [i, file] of this.files()) {
      for (const p of file.parts) {
        const bits = this.replaced.get(p.sessions);
        for (let r = 0; r < p.sessions.rows; r++) if (!bits || !bits[r]) yield { file: i, table: p.sessions, row: r, lastFile: i };
      }
    }
    for (const j of joined) {
      const n = j.result.members.length;
      for (let r = 0; r < n; r++) yield { file: j.files[r], table: j.result.table, row: r, lastFile: j.files[n + r] };
    }
  }

  /**
   * Every session table once, for questions that scan columns instead of rows (search, reports): each
   * part's table with the rows a joined session replaces (`skip`, 1 = left out), then the tables of
   * joined sessions with each row's first and last file. Together they hold what `sessions()` yields.
   */
  *sessionTables(): Generator<SessionTableRef> {
    const joined = this.ensureJoined();
    for (const [i, file] of this.files()) {
      for (const p of file.parts) if (p.sessions.rows > 0) yield { table: p.sessions, file: i, skip: this.replaced.get(p.sessions) };
    }
    for (const j of joined) {
      const n = j.result.members.length;
      yield { table: j.result.table, file: j.files[0], files: j.files.slice(0, n), lastFiles: j.files.slice(n) };
    }
  }

  totals(): CollectionTotals {
    let bytes = 0, sessions = 0, events = 0, warnings = 0, files = 0;
    let firstTime = NaN, lastTime = NaN;
    const servers = new Set<string>();
    const ids = new Set<number>();
    const add = (hash: number) => ids.add(hash);
    for (const [i, file] of this.files()) {
      files++;
      bytes += file.size;
      if (file.warning) warnings++;
      const f = this.factsOf(i);
      if (f.records > 0) servers.add(f.server);
      if (!(f.firstTime >= firstTime)) firstTime = f.firstTime;
      if (!(f.lastTime <= lastTime)) lastTime = f.lastTime;
      for (const p of file.parts) {
        events += p.events.rows;
        // one table's text at a time: a large collection's would not fit
        p.sessions.briefly((t) => t.hashTexts(t.data.lists[SL.messageIds].values, add));
        p.events.briefly((t) => t.hashTexts(t.column(E.messageId), add));
      }
    }
    for (const _ of this.sessions()) sessions++;
    servers.delete(UNKNOWN_SERVER);
    return { files, bytes, sessions, messages: ids.size, events, servers: [...servers].sort(), firstTime, lastTime, warnings };
  }

  /** Servers → log kinds → days, with counts and sizes (the Log Collection view); `uriOf` names each file. */
  tree(uriOf: (path: string) => string): CollectionTreeServer[] {
    const servers = new Map<string, CollectionTreeServer>();
    for (const [i, file] of this.files()) {
      const f = this.factsOf(i);
      let s = servers.get(f.server);
      if (!s) servers.set(f.server, (s = { server: f.server, files: 0, bytes: 0, kinds: [] }));
      const kindKey = f.service && (f.kind === 'smtpReceive' || f.kind === 'smtpSend') ? `${f.kind}|${f.service}` : f.kind;
      let k = s.kinds.find((x) => x.key === kindKey);
      if (!k) s.kinds.push((k = { key: kindKey, kind: f.kind, service: f.service, label: kindLabel(f.kind, f.service), files: 0, bytes: 0, sessions: 0, days: [] }));
      let d = k.days.find((x) => x.day === f.day);
      if (!d) k.days.push((d = { day: f.day, files: [], bytes: 0, sessions: 0 }));
      const entry: CollectionTreeFile = { uri: uriOf(file.path), size: file.size, sessions: f.sessions, events: f.events, firstTime: f.firstTime, lastTime: f.lastTime, warning: file.warning };
      d.files.push(entry);
      for (const x of [s, k]) {
        x.files++;
        x.bytes += file.size;
      }
      d.bytes += file.size;
      d.sessions += f.sessions + f.events;
      k.sessions += f.sessions + f.events;
    }
    const out = [...servers.values()].sort((a, b) => (a.server === UNKNOWN_SERVER ? 1 : b.server === UNKNOWN_SERVER ? -1 : a.server < b.server ? -1 : 1));
    for (const s of out) {
      s.kinds.sort((a, b) => KIND_CODES.indexOf(a.kind) - KIND_CODES.indexOf(b.kind) || (a.key < b.key ? -1 : 1));
      for (const k of s.kinds) {
        k.days.sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
        for (const d of k.days) d.files.sort((a, b) => (a.firstTime - b.firstTime) || (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0));
      }
    }
    return out;
  }

  /**
   * The file of `server` and `kind` (and of `chain`, one folder's log family, when given) that holds
   * `time`, and the first line at or after it: the file whose span contains the time, else the next one
   * to start after it.
   */
  fileAtTime(time: number, server?: string, kind?: LogKind, chain?: string): { path: string; line: number } | undefined {
    let best: { i: number; start: number } | undefined;
    for (const [i] of this.files()) {
      const f = this.factsOf(i);
      if (server !== undefined && f.server !== server) continue;
      if (kind !== undefined && f.kind !== kind) continue;
      if (chain !== undefined && f.chain !== chain) continue;
      if (!Number.isFinite(f.firstTime)) continue;
      const contains = f.firstTime <= time && time <= f.lastTime;
      const score = contains ? -Infinity : f.firstTime >= time ? f.firstTime : Infinity;
      if (score === Infinity) continue;
      if (!best || score < best.start) best = { i, start: score };
    }
    if (!best) return undefined;
    const file = this.entries[best.i]!;
    return { path: file.path, line: firstLineAtOrAfter(file, time) };
  }

  /**
   * The files holding sessions of `kind` with one of `ids`, by id (every file of that kind; those of
   * `server` first). One pass over the session ids of the files of that kind.
   */
  sessionFiles(kind: LogKind, ids: readonly string[], server?: string): Map<string, string[]> {
    const wanted = new Set(ids);
    const out = new Map<string, string[]>();
    const files = [...this.files()].filter(([i]) => this.factsOf(i).kind === kind);
    if (server) files.sort(([a], [b]) => Number(this.factsOf(b).server === server) - Number(this.factsOf(a).server === server));
    for (const [, file] of files) {
      for (const p of file.parts) {
        const idColumn = p.sessions.column(S.id);
        const texts = p.sessions.texts();
        for (let r = 0; r < p.sessions.rows; r++) {
          const id = texts[idColumn[r]];
          if (!wanted.has(id)) continue;
          let list = out.get(id);
          if (!list) out.set(id, (list = []));
          if (!list.includes(file.path)) list.push(file.path);
        }
      }
    }
    return out;
  }

  /** Bytes the index holds in memory (its arrays; what questions decode and keep for a while is extra). */
  byteSize(): number {
    let n = 0;
    for (const [, f] of this.files()) for (const p of f.parts) n += p.sessions.byteSize() + p.events.byteSize();
    return n;
  }

  /** Forgets what questions decoded of every table: text, times, list offsets (kept between questions asked in a row). */
  forgetDecoded(): void {
    for (const [, f] of this.files()) for (const p of f.parts) {
      p.sessions.forgetDecoded();
      p.events.forgetDecoded();
    }
  }
}

/** "SMTP Receive · FrontEnd". */
function kindLabel(kind: LogKind, service: ExchangeService | undefined): string {
  return service && (kind === 'smtpReceive' || kind === 'smtpSend') ? `${kindName(kind)} · ${service}` : kindName(kind);
}

/** Keys compare file paths case-insensitively (Windows file names). */
export function pathKey(path: string): string {
  return path.toLowerCase();
}

/**
 * True when `key` is `folder` or lies below it: `folder` followed by one of `separators` (both keys in
 * the same case, the folder without a separator at its end).
 */
export function isBelowFolder(key: string, folder: string, separators = '/\\'): boolean {
  return key === folder || (key.startsWith(folder) && separators.includes(key[folder.length]));
}

function compareFiles(a: IndexedFile, b: IndexedFile, fa: FileFacts, fb: FileFacts): number {
  const ka = rollOverKey(baseName(a.path)), kb = rollOverKey(baseName(b.path));
  if (ka.stamp && kb.stamp) {
    const byName = compareRollOverKeys(ka, kb);
    if (byName !== 0) return byName;
  }
  if (fa.firstTime !== fb.firstTime && Number.isFinite(fa.firstTime) && Number.isFinite(fb.firstTime)) return fa.firstTime - fb.firstTime;
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** The first line of a file at or after `time`, by its session and event rows (0 when none is later). */
function firstLineAtOrAfter(file: IndexedFile, time: number): number {
  let best = Infinity, bestTime = Infinity, last = 0;
  for (const p of file.parts) {
    const start = p.sessions.column(S.start), line = p.sessions.column(S.firstLine);
    for (let r = 0; r < p.sessions.rows; r++) {
      last = Math.max(last, line[r]);
      if (start[r] >= time && (start[r] < bestTime || (start[r] === bestTime && line[r] < best))) {
        bestTime = start[r];
        best = line[r];
      }
    }
    const et = p.events.column(E.time), el = p.events.column(E.line);
    for (let r = 0; r < p.events.rows; r++) {
      if (et[r] >= time && (et[r] < bestTime || (et[r] === bestTime && el[r] < best))) {
        bestTime = et[r];
        best = el[r];
      }
    }
  }
  return best === Infinity ? 0 : best;
}

/** Reads a few cells of a session row as plain values (for symbols, lists and tests). */
export function sessionCells(ref: SessionRef): {
  id: string; kind: LogKind; outcome: string; start: number; end: number; firstLine: number; lastLine: number;
  remote?: string; local?: string; connector?: string; helo?: string; mailFrom?: string; user?: string;
  recipients: string[]; messageIds: string[]; internalIds: string[]; replies: string[]; messages: number;
  tlsVersion?: string; tls: number; auth: number; flags: number;
} {
  const t = ref.table, r = ref.row;
  const text = (c: number) => t.text(t.data.columns[c][r]);
  const list = (l: number) => Array.from(t.list(l, r), (id) => t.text(id)!);
  return {
    id: text(S.id) ?? '',
    kind: KIND_CODES[t.column(S.kind)[r]],
    outcome: OUTCOME_CODES[t.column(S.outcome)[r]],
    start: t.column(S.start)[r],
    end: t.column(S.duration)[r] === 0 ? NaN : t.column(S.start)[r] + t.column(S.duration)[r] - 1,
    firstLine: t.column(S.firstLine)[r],
    lastLine: t.column(S.lastLine)[r],
    remote: text(S.remote),
    local: text(S.local),
    connector: text(S.connector),
    helo: text(S.helo),
    mailFrom: text(S.mailFrom),
    user: text(S.user),
    recipients: list(SL.recipients),
    messageIds: list(SL.messageIds),
    internalIds: list(SL.internalIds),
    replies: list(SL.replies),
    messages: t.column(S.messages)[r],
    tlsVersion: text(S.tlsVersion),
    tls: t.column(S.tls)[r],
    auth: t.column(S.auth)[r],
    flags: t.column(S.flags)[r],
  };
}
