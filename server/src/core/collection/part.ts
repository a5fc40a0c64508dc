/**
 * One part of a log file in the collection index: a whole file, or a chunk of a big one, or the bytes
 * appended to a file since it was last read. `indexPart` reads the part's text with the core parser and
 * the session summaries (the same rules as an open file) and keeps, per session and per message-tracking
 * event, the compact rows of `schema.ts`; plus the text of the sessions cut at the part's start or end, so
 * that the collection can read a session that crosses an hourly roll-over (or a chunk boundary) as one.
 */
import { LogKind } from '../model/kinds';
import { LogModel, LineType, parseLog } from '../model/logModel';
import { ScanState, decodeField, scanInto } from '../model/scanner';
import { SessionSummary, computeSummary } from '../summary/sessionSummary';
import {
  AuthState, E, EL, EVENT_COLUMNS, EVENT_LISTS, KIND_CODES, OUTCOME_CODES, S, SESSION_COLUMNS, SESSION_LISTS, SL, SessionFlag,
  TABLE_SCHEMAS, TlsState, certificateText,
} from './schema';
import { NONE, Table, TableBuilder, TableData, decodeTables, encodeTables, TableFormatError, pad8 } from './table';

/** Version of the part format: a cache written with another version is read again from the logs. */
export const PART_FORMAT = 3;

/** Where a part sits in its file. */
export interface PartPlace {
  /** Byte offset in the file of the part's first byte. */
  byteStart: number;
  /** Byte offset after the part's last byte. */
  byteEnd: number;
  /** False when the part ends in the middle of a line (a file being written, or cut): it is read again when the file grows. */
  endsWithBreak: boolean;
  /** Lines of the file before the part: rows carry file line numbers. */
  lineOffset: number;
  /**
   * The header lines in force where the part starts (a chunk or an appended tail starts without its
   * header); empty for a part that starts at the top of its file.
   */
  headerPrefix: string;
}

/** A session cut by the start or the end of its part, with its lines, for joining. */
export interface OpenSession {
  id: string;
  kind: LogKind;
  /** Row in the part's session table. */
  row: number;
  /** The session's lines in this part, in file order, each ending with a line break. */
  text: string;
}

export interface PartMeta {
  format: number;
  place: PartPlace;
  /** The kind of the part's first header (or inferred from its lines). */
  kind: LogKind;
  /** Server names the content gives (connector-id `SERVER\…`, server-hostname), most frequent first. */
  servers: string[];
  /** FrontEnd or Hub, when the content tells (receive connector names, the Hub's port 2525). */
  service?: 'FrontEnd' | 'Hub';
  firstTime: number;
  lastTime: number;
  lines: number;
  records: number;
  /** Lines the parser reported a problem for (not valid CSV, wrong field count, bad time…). */
  problems: number;
  /** The last header block's lines: the header prefix of the next part of this file. */
  header: string;
  /** Sessions with no connect (disconnect) event in this part. */
  openStart: OpenSession[];
  openEnd: OpenSession[];
}

export interface Part {
  meta: PartMeta;
  sessions: Table<typeof SESSION_COLUMNS>;
  events: Table<typeof EVENT_COLUMNS>;
}

/**
 * A session open at a part's end continues in the next part only if it was active this close to the
 * end (Exchange drops a connection idle longer than its inactivity timeout, 5 to 10 minutes); the
 * text of older ones is not kept. Likewise at the start.
 */
const OPEN_WINDOW_MS = 15 * 60_000;

/** Kinds whose sessions can cross a file's end (message tracking's "sessions" are messages). */
const JOINABLE = new Set<LogKind>(['smtpReceive', 'smtpSend', 'pop3', 'imap4', 'connectivity']);

/** Reads a part: `text` is the part's own text (decoded, without any BOM). */
export function indexPart(text: string, place: PartPlace, name: string): Part;
/**
 * With `bytesAsCharacters`, `text` is the part's UTF-8 bytes read as Latin-1 (one character per byte,
 * no decoding): a message-tracking log beyond ASCII (subjects, senders) is read so, as its cells are
 * the spans of their fields, kept as the bytes they are. The part is undefined when the bytes could read
 * otherwise than their characters (`readsAsBytes`): the caller then decodes them and reads them again.
 */
export function indexPart(text: string, place: PartPlace, name: string, bytesAsCharacters: boolean): Part | undefined;
export function indexPart(text: string, place: PartPlace, name: string, bytesAsCharacters = false): Part | undefined {
  const prefixLines = place.headerPrefix ? countLines(place.headerPrefix) : 0;
  const model = parseLog(place.headerPrefix + text, { uri: name, version: 0, appendRoom: false });
  if (bytesAsCharacters && !readsAsBytes(model)) return undefined;
  const toFileLine = (modelLine: number) => modelLine - prefixLines + place.lineOffset;
  const sessions = new TableBuilder(SESSION_COLUMNS, SESSION_LISTS, model.kind === 'messageTracking' ? 0 : model.sessions.length);
  const servers = new Map<string, number>();
  let service: PartMeta['service'];
  const openStart: OpenSession[] = [];
  const openEnd: OpenSession[] = [];
  let firstTime = NaN, lastTime = NaN;
  const time = model.records.time;
  for (let i = 0; i < model.records.length; i++) {
    const t = time[i];
    if (t !== t) continue;
    if (!(t >= firstTime)) firstTime = t;
    if (!(t <= lastTime)) lastTime = t;
  }
  for (const session of model.sessions) {
    if (session.kind === 'messageTracking') continue;
    const s = computeSummary(model, session.index);
    const row = addSessionRow(sessions, s, toFileLine);
    const server = serverOfConnector(s.connector);
    if (server) servers.set(server, (servers.get(server) ?? 0) + 1);
    service ??= serviceOfSession(s);
    if (JOINABLE.has(session.kind)) {
      // a session with no times at all may be open at either end
      if (s.startsBeforeFile && !(s.firstTime > firstTime + OPEN_WINDOW_MS)) openStart.push({ id: session.id, kind: session.kind, row, text: sessionText(model, session.records) });
      if (s.continuesAfterFile && !(s.lastTime < lastTime - OPEN_WINDOW_MS)) openEnd.push({ id: session.id, kind: session.kind, row, text: sessionText(model, session.records) });
    }
  }
  const events = trackingEvents(model, toFileLine, servers, bytesAsCharacters);
  const lastBlock = model.blocks[model.blocks.length - 1];
  const header = lastBlock ? model.text.slice(model.lineStarts[lastBlock.startLine], lineEndWithBreak(model, lastBlock.endLine)) : place.headerPrefix;
  const problemLines = new Set(model.problems.map((p) => p.line)).size;
  const meta: PartMeta = {
    format: PART_FORMAT,
    place,
    kind: model.kind,
    servers: [...servers].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([n]) => n),
    service,
    firstTime,
    lastTime,
    lines: model.lineStarts.length - prefixLines - (text.length === 0 || /[\r\n]$/.test(text) ? 1 : 0),
    records: model.records.length - countRecords(model, prefixLines),
    problems: problemLines,
    header: header.length > 4096 ? '' : header,
    openStart,
    openEnd,
  };
  if (text.length === 0) meta.lines = 0;
  return {
    meta,
    sessions: new Table(SESSION_COLUMNS, sessions.build()),
    events: new Table(EVENT_COLUMNS, events),
  };
}

/** True when every character of `text[start, end)` is ASCII. */
function isAscii(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** A byte order mark read as Latin-1. */
const BOM_BYTES = '\u00ef\u00bb\u00bf';

/**
 * True when a model of bytes read as characters reads as its decoded text would: message tracking only
 * (the session summaries of other kinds read values out of the text), no problem (a time or a quote the
 * decoded text might read otherwise), header lines in ASCII, the part's header prefix among them (their
 * names and values are trimmed, and a byte beyond ASCII can be a no-break space there) and no byte
 * order mark inside (a decoded one is skipped at a line's start).
 */
function readsAsBytes(model: LogModel): boolean {
  if (model.problems.length > 0 || model.text.includes(BOM_BYTES)) return false;
  for (const s of model.sessions) if (s.kind !== 'messageTracking') return false;
  for (const block of model.blocks) {
    if (!isAscii(model.text, model.lineStarts[block.startLine], lineEndWithBreak(model, block.endLine))) return false;
  }
  return true;
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function countRecords(model: LogModel, lines: number): number {
  let n = 0;
  for (let l = 0; l < lines && l < model.lineType.length; l++) if (model.lineType[l] === LineType.Record) n++;
  return n;
}

function lineEndWithBreak(model: LogModel, line: number): number {
  return line + 1 < model.lineStarts.length ? model.lineStarts[line + 1] : model.text.length;
}

/** The lines of a session's records, in file order, each with its line break. */
function sessionText(model: LogModel, records: readonly number[]): string {
  let out = '';
  for (const r of records) {
    const line = model.records.line[r];
    out += model.text.slice(model.lineStarts[line], model.lineEnds[line]) + '\r\n';
  }
  return out;
}

/** A server's (NetBIOS or DNS label) name. */
const SERVER_NAME = /^[A-Za-z0-9][A-Za-z0-9-]{0,62}$/;

/** `EX01\Default Frontend EX01` → `EX01`. */
export function serverOfConnector(connector: string | undefined): string | undefined {
  if (!connector) return undefined;
  const slash = connector.indexOf('\\');
  if (slash <= 0) return undefined;
  const name = connector.slice(0, slash).trim();
  return SERVER_NAME.test(name) ? name.toUpperCase() : undefined;
}

/** FrontEnd or Hub from a receive session: the connector's name or the local port. */
function serviceOfSession(s: SessionSummary): PartMeta['service'] {
  if (s.kind !== 'smtpReceive') return undefined;
  if (s.connector && /\\(?:Default|Client|Outbound Proxy) Frontend /i.test(s.connector)) return 'FrontEnd';
  const port = s.local ? /:(\d+)$/.exec(s.local)?.[1] : undefined;
  if (port === '2525' || port === '465') return 'Hub';
  if (port === '25' || port === '587' || port === '717') return 'FrontEnd';
  return undefined;
}

const TLS_STATE = (s: SessionSummary) => (s.tls === undefined ? TlsState.None : s.tls.ok ? TlsState.Ok : TlsState.Failed);
const AUTH_STATE = (s: SessionSummary) =>
  s.auth === undefined ? AuthState.None : s.auth.ok === true ? AuthState.Ok : s.auth.ok === false ? AuthState.Failed : AuthState.Attempted;

/** `250 2.6.0 <id@host> [InternalId=123, …]`: the message id and the internal id the reply gives. */
const ACCEPTED = /^2\d\d\s+2\.6\.0\s+(<[^>]*>)(?:\s+\[InternalId=(\d+))?/;
/** `sending message with RecordId 123 and InternetMessageId <id@host>` */
const SENDING = /^sending message with RecordId (\d+) and InternetMessageId (<[^>]*>)/i;

export function addSessionRow(b: TableBuilder<typeof SESSION_COLUMNS>, s: SessionSummary, toFileLine: (l: number) => number): number {
  const row = b.add();
  b.set(row, S.kind, KIND_CODES.indexOf(s.kind));
  b.set(row, S.outcome, OUTCOME_CODES.indexOf(s.outcome));
  b.set(row, S.tls, TLS_STATE(s));
  b.set(row, S.auth, AUTH_STATE(s));
  b.set(row, S.flags, (s.tarpit ? SessionFlag.Tarpit : 0) | (s.startsBeforeFile ? SessionFlag.OpenStart : 0) | (s.continuesAfterFile ? SessionFlag.OpenEnd : 0));
  b.set(row, S.firstLine, toFileLine(s.firstLine));
  b.set(row, S.lastLine, toFileLine(s.lastLine));
  b.set(row, S.events, s.events);
  b.set(row, S.messages, s.messages);
  b.set(row, S.start, s.firstTime);
  b.set(row, S.duration, Number.isFinite(s.durationMs) ? Math.min(s.durationMs, 0xfffffffe) + 1 : 0);
  b.set(row, S.bytes, s.bytes !== undefined ? Math.min(s.bytes, 0xfffffffe) + 1 : 0);
  b.set(row, S.authFailures, s.auth?.ok === false ? Math.max(1, s.auth.failures ?? 0) : s.auth?.failures ?? 0);
  const certAt = s.certificates?.[0]?.time;
  b.set(row, S.certificateDelay, certAt !== undefined && Number.isFinite(certAt) && Number.isFinite(s.firstTime) ? Math.min(Math.max(certAt - s.firstTime, 0), 0xfffffffe) + 1 : 0);
  // a session's id is unique in its table
  b.uniqueText(row, S.id, s.id);
  b.text(row, S.local, s.local);
  b.text(row, S.remote, s.remote);
  b.text(row, S.connector, s.connector);
  b.text(row, S.helo, s.helo);
  b.text(row, S.mailFrom, s.mailFrom);
  b.text(row, S.user, s.auth?.user ?? s.user);
  b.text(row, S.tlsVersion, s.tls?.protocol);
  b.text(row, S.tlsCipher, s.tls?.cipher);
  b.text(row, S.authMechanism, s.auth?.mechanism);
  b.text(row, S.outcomeText, s.outcomeText);
  for (const r of s.recipients) b.push(SL.recipients, b.str(r));
  for (const k of s.keyEvents) {
    if (k.kind === 'reply') {
      const m = ACCEPTED.exec(k.text);
      if (m) {
        b.push(SL.messageIds, b.str(m[1]));
        if (m[2]) b.push(SL.internalIds, b.str(m[2]));
      }
    } else if (k.kind === 'message') {
      const m = SENDING.exec(k.text);
      if (m) {
        b.push(SL.messageIds, b.str(m[2]));
        b.push(SL.internalIds, b.str(m[1]));
      }
    }
  }
  for (const code of s.replyCodes) b.push(SL.replies, b.str(code));
  const users = s.auth?.users ?? (s.auth?.user ?? s.user ? [s.auth?.user ?? s.user!] : []);
  for (const u of users) b.push(SL.authUsers, b.str(u));
  for (const c of s.certificates ?? []) b.push(SL.certificates, b.str(certificateText(c)));
  return row;
}

/** Message-tracking rows: one event each, their cells interned straight from the record's field spans. */
function trackingEvents(model: LogModel, toFileLine: (l: number) => number, servers: Map<string, number>, bytesAsCharacters: boolean): TableData {
  const b = new TableBuilder(EVENT_COLUMNS, EVENT_LISTS, model.kind === 'messageTracking' ? model.records.length : 0, bytesAsCharacters);
  const { records, text } = model;
  let layoutAt = -1;
  let cols: number[] = [];
  let delimiter = ',';
  /** Rows per server-hostname id, and the hostname's text. */
  const hosts = new Map<number, { host: string; rows: number }>();
  for (let i = 0; i < records.length; i++) {
    const layout = records.layout(i);
    if (layout.kind !== 'messageTracking') continue;
    if (records.layoutIndex[i] !== layoutAt) {
      layoutAt = records.layoutIndex[i];
      cols = TRACKING_COLUMNS.map((n) => layout.lower.indexOf(n));
      delimiter = layout.delimiter;
    }
    const fields = scanInto(text, records.start[i], records.end[i], delimiter);
    const row = b.add();
    b.set(row, E.line, toFileLine(records.line[i]));
    b.set(row, E.time, records.time[i]);
    b.set(row, E.size, sizeCell(text, fields, cols[T.size], delimiter));
    upperCell(b, row, E.eventId, text, fields, cols[T.eventId], delimiter);
    for (let c = 0; c < CELL_COLUMNS.length; c++) cell(b, row, CELL_COLUMNS[c], text, fields, cols[CELL_FIELDS[c]], delimiter);
    const host = b.get(row, E.serverHostname);
    listCells(b, EL.recipients, text, fields, cols[T.recipients], delimiter);
    if (host !== NONE) {
      const seen = hosts.get(host);
      if (seen) seen.rows++;
      else hosts.set(host, { host: fieldValueOf(text, fields, cols[T.serverHostname], delimiter)!, rows: 1 });
    }
  }
  for (const { host, rows } of hosts.values()) {
    const server = host ? shortHost(host) : undefined;
    if (server) servers.set(server, (servers.get(server) ?? 0) + rows);
  }
  return b.build();
}

/** The decoded value of column `col` of a scanned record, or undefined when the record has no such field. */
function fieldValueOf(text: string, fields: ScanState, col: number, delimiter: string): string | undefined {
  if (col < 0 || col >= fields.count) return undefined;
  return decodeField(text, fields.spans[col * 2], fields.spans[col * 2 + 1], delimiter);
}

/** True when a raw field is quoted (its value is not its text). */
function quoted(text: string, start: number, end: number, delimiter: string): boolean {
  return delimiter === ',' && start < end && text.charCodeAt(start) === 34;
}

/** Sets text cell `e` of `row` to column `col`'s value (NONE when the record has no such field). */
function cell(b: TableBuilder<typeof EVENT_COLUMNS>, row: number, e: E, text: string, fields: ScanState, col: number, delimiter: string): void {
  if (col < 0 || col >= fields.count) return b.text(row, e, undefined);
  const start = fields.spans[col * 2], end = fields.spans[col * 2 + 1];
  if (quoted(text, start, end, delimiter)) b.text(row, e, decodeField(text, start, end, delimiter));
  else b.textAt(row, e, text, start, end);
}

const ASCII_LOWER = /[a-z]+/g;

/** As `cell`, for the value with its ASCII letters upper-cased (event ids; other characters, or bytes, are kept). */
function upperCell(b: TableBuilder<typeof EVENT_COLUMNS>, row: number, e: E, text: string, fields: ScanState, col: number, delimiter: string): void {
  if (col < 0 || col >= fields.count) return b.text(row, e, undefined);
  const start = fields.spans[col * 2], end = fields.spans[col * 2 + 1];
  let upper = !quoted(text, start, end, delimiter);
  for (let i = start; upper && i < end; i++) {
    const c = text.charCodeAt(i);
    upper = c < 0x61 || c > 0x7a;
  }
  if (upper) b.textAt(row, e, text, start, end);
  else b.text(row, e, decodeField(text, start, end, delimiter).replace(ASCII_LOWER, (letters) => letters.toUpperCase()));
}

/** total-bytes plus one; 0 when absent or not 1 to 9 digits. */
function sizeCell(text: string, fields: ScanState, col: number, delimiter: string): number {
  if (col < 0 || col >= fields.count) return 0;
  const start = fields.spans[col * 2], end = fields.spans[col * 2 + 1];
  if (quoted(text, start, end, delimiter)) {
    const size = decodeField(text, start, end, delimiter);
    return /^\d{1,9}$/.test(size) ? +size + 1 : 0;
  }
  if (end - start < 1 || end - start > 9) return 0;
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return 0;
    value = value * 10 + digit;
  }
  return value + 1;
}

/** Appends the `;`-separated values of column `col` to list `list` of the last row (empty values left out). */
function listCells(b: TableBuilder<typeof EVENT_COLUMNS>, list: number, text: string, fields: ScanState, col: number, delimiter: string): void {
  if (col < 0 || col >= fields.count) return;
  const start = fields.spans[col * 2], end = fields.spans[col * 2 + 1];
  if (quoted(text, start, end, delimiter)) {
    for (const r of decodeField(text, start, end, delimiter).split(';')) if (r) b.push(list, b.str(r));
    return;
  }
  for (let from = start; from < end; ) {
    let to = text.indexOf(';', from);
    if (to < 0 || to > end) to = end;
    if (to > from) b.push(list, b.strAt(text, from, to));
    from = to + 1;
  }
}

const TRACKING_COLUMNS = [
  'total-bytes', 'event-id', 'source', 'source-context', 'connector-id', 'message-id', 'internal-message-id',
  'network-message-id', 'sender-address', 'recipient-status', 'message-subject', 'server-hostname', 'server-ip',
  'client-hostname', 'client-ip', 'directionality', 'recipient-address',
];
const enum T {
  size, eventId, source, sourceContext, connector, messageId, internalId, networkId, sender, status, subject, serverHostname,
  serverIp, clientHostname, clientIp, directionality, recipients,
}

/** The text cells of an event row: the tracking field each is read from, and its column. */
const CELL_FIELDS: readonly T[] = [
  T.source, T.sourceContext, T.connector, T.messageId, T.internalId, T.networkId, T.sender, T.status, T.subject, T.serverHostname,
  T.serverIp, T.clientHostname, T.clientIp, T.directionality,
];
const CELL_COLUMNS: readonly E[] = [
  E.source, E.sourceContext, E.connector, E.messageId, E.internalId, E.networkId, E.sender, E.status, E.subject, E.serverHostname,
  E.serverIp, E.clientHostname, E.clientIp, E.directionality,
];

/** `EX01.contoso.com` → `EX01`. */
function shortHost(host: string): string | undefined {
  const name = host.split('.')[0].trim();
  return SERVER_NAME.test(name) ? name.toUpperCase() : undefined;
}

// ---- binary form ----

const encoder = new TextEncoder();

/** A part as bytes: [u32 meta length][meta JSON][padding to 8][tables]. */
export function encodePart(part: Part): Uint8Array {
  const meta = encoder.encode(JSON.stringify(part.meta));
  const tables = encodeTables([part.sessions.data, part.events.data]);
  const head = pad8(4 + meta.length);
  const out = new Uint8Array(head + tables.length);
  new DataView(out.buffer).setUint32(0, meta.length, true);
  out.set(meta, 4);
  out.set(tables, head);
  return out;
}

/**
 * Reads `encodePart` bytes back; a damaged or foreign part is a TableFormatError. The part keeps its
 * tables' bytes as a view of `bytes` when the meta data before them is at most an eighth of the part,
 * else a copy of them only (so that long open-session texts are not kept twice). `check: false` leaves
 * out the check of the tables' contents, for bytes that `encodePart` has just made (a worker's) or
 * whose checksum vouches for them (the cache's).
 */
export function decodePart(bytes: Uint8Array, check = true): Part {
  if (bytes.byteOffset % 8 !== 0) bytes = bytes.slice();
  if (bytes.length < 4) throw new TableFormatError('truncated');
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.length).getUint32(0, true);
  if (4 + length > bytes.length) throw new TableFormatError('truncated');
  let meta: PartMeta;
  try {
    meta = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(4, 4 + length))) as PartMeta;
  } catch {
    throw new TableFormatError('meta');
  }
  if (!meta || meta.format !== PART_FORMAT || !meta.place || !Array.isArray(meta.openStart) || !Array.isArray(meta.openEnd)) throw new TableFormatError('meta');
  // a copy would be garbage as large as the part, to spare the few bytes of a small meta data
  const at = pad8(4 + length);
  const tables = length * 8 <= bytes.length ? bytes.subarray(at) : bytes.slice(at);
  const [sessions, events] = decodeTables(tables, TABLE_SCHEMAS, check);
  return { meta, sessions: new Table(SESSION_COLUMNS, sessions), events: new Table(EVENT_COLUMNS, events) };
}
