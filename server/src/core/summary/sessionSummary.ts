/**
 * One summary per session, computed on demand from the session's records and memoised per model.
 * Hovers (session id), the outline (names, details, key events), code lenses, diagnostics, the
 * overview and the session views all read this one structure, so they agree.
 *
 * The summary layer (`summary/`) stands between the model and `explain/` and `features/`: it reads
 * the model, the facts and the utilities only, and keeps no state but memos keyed by a model's
 * session list (WeakMaps), so documents, or threads with models of their own, summarise side by side.
 */
import { CertificateDetails, certificateSide, isThumbprintLine, parseCertificate, thumbprintOfLine } from '../facts/certificates';
import { enhancedCode, replyCode } from '../facts/smtp';
import { ColumnLayout, LogKind } from '../model/kinds';
import { LogModel } from '../model/logModel';
import { decodeField, scanInto } from '../model/scanner';

export type Outcome =
  | 'delivered'        // at least one message accepted (receive) or sent (send)
  | 'rejected'         // a 5xx reply and nothing delivered
  | 'deferred'         // a 4xx reply and nothing delivered
  | 'authFailed'       // authentication failed and nothing delivered
  | 'droppedByRemote'  // the remote side closed or reset the connection mid-session
  | 'connectionFailed' // the connection could not be made
  | 'tarpitted'        // the server delayed its replies (tarpit) and nothing was delivered
  | 'noMail'           // connected and ended without a message
  | 'loginFailed'      // POP3/IMAP4: login rejected
  | 'loggedIn'         // POP3/IMAP4: login accepted
  | 'connected'        // connectivity: connection established
  | 'incomplete'       // the session continues past the end of the file
  | 'unknown';

export type KeyEventKind =
  | 'connect' | 'ehlo' | 'starttls' | 'tls' | 'auth' | 'mailFrom' | 'rcptTo' | 'data' | 'reply'
  | 'disconnect' | 'login' | 'failure' | 'connection' | 'totals' | 'message' | 'tarpit';

export interface KeyEvent {
  kind: KeyEventKind;
  /** Record index. */
  record: number;
  /** Text from the log (untrusted: escape before rendering). */
  text: string;
}

/** A certificate a session's `*` lines showed: this server's (`Sending certificate`) or the other side's. */
export interface SessionCertificate extends CertificateDetails {
  side: 'local' | 'remote';
  /** Time of the line (ms since the epoch), NaN when unknown. */
  time: number;
  /** Record index of the line. */
  record: number;
}

export interface SessionSummary {
  session: number;
  id: string;
  kind: LogKind;
  events: number;
  firstLine: number;
  lastLine: number;
  firstTime: number;
  lastTime: number;
  durationMs: number;
  local?: string;
  remote?: string;
  connector?: string;
  /** EHLO/HELO name the client gave (receive) or the remote banner host (send). */
  helo?: string;
  mailFrom?: string;
  recipients: string[];
  tls?: { ok: boolean; protocol?: string; cipher?: string; detail?: string };
  /**
   * `user`: the last account named (`User Name: …`, `authenticated`); `users`: every account named, in
   * order; `failures`: AUTH attempts that failed (SMTP: each AUTH command answered with 4xx/5xx or
   * logged as failed counts once).
   */
  auth?: { ok?: boolean; mechanism?: string; user?: string; detail?: string; users?: string[]; failures?: number };
  /** SMTP: the certificates the session's `*` lines show, in order (undefined when none). */
  certificates?: SessionCertificate[];
  /** Messages accepted (receive), sent (send), or the connectivity total. */
  messages: number;
  bytes?: number;
  outcome: Outcome;
  /** The reply or description behind the outcome (e.g. `550 5.7.1 Unable to relay`). */
  outcomeText?: string;
  outcomeRecord?: number;
  tarpit: boolean;
  /** No connect event in this file: the session began in an earlier file. */
  startsBeforeFile: boolean;
  /** No disconnect event in this file: the session continues in a later one. */
  continuesAfterFile: boolean;
  /** POP3/IMAP4 user; connectivity source and destination. */
  user?: string;
  source?: string;
  destination?: string;
  /** Message tracking: the event ids in order. */
  trackingEvents?: string[];
  /** SMTP: the distinct reply codes and enhanced status codes the session was given (`250`, `2.1.5`, `550`, `5.7.1`), in order of first appearance. */
  replyCodes: string[];
  keyEvents: KeyEvent[];
}

/**
 * Summaries are memoised per session list, not per model object: a model extended by an append
 * (`extendLog`) shares its session list with the model before it, so the summaries of sessions the
 * append did not touch stay valid. A summary is recomputed when its session gained records.
 */
const cache = new WeakMap<LogModel['sessions'], Map<number, { events: number; summary: SessionSummary }>>();

export function getSessionSummary(model: LogModel, sessionIndex: number): SessionSummary {
  let perSessions = cache.get(model.sessions);
  if (!perSessions) {
    perSessions = new Map();
    cache.set(model.sessions, perSessions);
  }
  const events = model.sessions[sessionIndex].records.length;
  const hit = perSessions.get(sessionIndex);
  if (hit && hit.events === events) return hit.summary;
  const summary = computeSummary(model, sessionIndex);
  perSessions.set(sessionIndex, { events, summary });
  return summary;
}

/** Per session list: the first session whose summary `prepareSummaries` has not computed yet. */
const prepared = new WeakMap<LogModel['sessions'], number>();

/**
 * Computes session summaries in order until `stop()` says so (asked every 16 sessions), so that a
 * server can prepare them in slices between requests. Returns true when every session has one.
 */
export function prepareSummaries(model: LogModel, stop: () => boolean): boolean {
  const sessions = model.sessions;
  const from = prepared.get(sessions) ?? 0;
  let i = from;
  for (; i < sessions.length; i++) {
    if (i > from && (i & 15) === 0 && stop()) break;
    getSessionSummary(model, i);
  }
  prepared.set(sessions, i);
  return i >= sessions.length;
}

/**
 * The records of one session, read one at a time through a cursor that keeps the field spans of the
 * current record: no array or closure per record (summaries of a 10 MB log read every record of every
 * session, and the garbage of per-record objects cost more than the reading).
 */
class Rows {
  readonly length: number;
  /** The current record: its index, event, sequence number and layout (read from the columns). */
  index = -1;
  event = '';
  seq = NaN;
  /** Time of the current record (ms), NaN when unknown. */
  time = NaN;
  layout!: ColumnLayout;
  /** Field spans of the current record once a column other than data or context was asked (a plain array: cheaper to make than a typed one, and most sessions need it for one record only). */
  private readonly spans: number[] = [];
  private count = -1;

  constructor(readonly model: LogModel, private readonly indices: readonly number[]) {
    this.length = indices.length;
  }

  /** Moves to the `i`-th record of the session and returns the cursor. */
  go(i: number): this {
    const index = this.indices[i];
    if (index !== this.index) {
      const records = this.model.records;
      this.index = index;
      this.event = records.event(index);
      this.seq = records.seq[index];
      this.time = records.time[index];
      this.layout = records.layout(index);
      this.count = -1;
    }
    return this;
  }

  /** Decoded value of column `col` of the current record ('' when absent). */
  get(col: number): string {
    if (col < 0) return '';
    const layout = this.layout;
    if (col === layout.data || col === layout.context) {
      // kept by the parser: no scan of the line
      const records = this.model.records;
      const i = this.index;
      const start = col === layout.data ? records.dataStart[i] : records.contextStart[i];
      if (start < 0) return '';
      return decodeField(this.model.text, start, col === layout.data ? records.dataEnd[i] : records.contextEnd[i], layout.delimiter);
    }
    if (this.count < 0) this.scan();
    if (col >= this.count) return '';
    return decodeField(this.model.text, this.spans[col * 2], this.spans[col * 2 + 1], this.layout.delimiter);
  }

  private scan(): void {
    const records = this.model.records;
    const st = scanInto(this.model.text, records.start[this.index], records.end[this.index], this.layout.delimiter);
    const n = st.count * 2;
    for (let i = 0; i < n; i++) this.spans[i] = st.spans[i];
    this.count = st.count;
  }
}

/** Adds a reply's code and enhanced status code to `codes` unless already there. */
function addReplyCodes(codes: string[], code: number, data: string): void {
  const basic = String(code);
  if (!codes.includes(basic)) codes.push(basic);
  const enhanced = enhancedCode(data);
  if (enhanced && !codes.includes(enhanced)) codes.push(enhanced);
}

/** The verb of an SMTP command: up to the first white space or `:`, upper-cased. */
function verbOf(cmd: string): string {
  let i = 0;
  for (; i < cmd.length; i++) {
    const c = cmd.charCodeAt(i);
    if (c === 58 || c === 32 || (c >= 9 && c <= 13) || (c > 127 && /\s/.test(cmd[i]))) break;
  }
  return cmd.slice(0, i).toUpperCase();
}

/**
 * The summary of a session, computed afresh and not memoised: the same as `getSessionSummary`'s, for a
 * reader that passes over every session once and keeps no model (the collection index), where keeping
 * every summary alive until the model goes costs more in garbage collection than computing them.
 */
export function computeSummary(model: LogModel, sessionIndex: number): SessionSummary {
  const session = model.sessions[sessionIndex];
  const records = model.records;
  const rows = new Rows(model, session.ordered);
  const first = session.records[0];
  let firstTime = NaN, lastTime = NaN;
  for (const ri of session.ordered) {
    const t = records.time[ri];
    if (t !== t) continue;
    if (firstTime !== firstTime || t < firstTime) firstTime = t;
    if (lastTime !== lastTime || t > lastTime) lastTime = t;
  }
  const l = records.layout(first);
  const s: SessionSummary = {
    session: sessionIndex,
    id: session.id,
    kind: session.kind,
    events: session.records.length,
    firstLine: records.line[first],
    lastLine: records.line[session.records[session.records.length - 1]],
    firstTime,
    lastTime,
    durationMs: Number.isNaN(firstTime) ? NaN : lastTime - firstTime,
    recipients: [],
    replyCodes: [],
    messages: 0,
    outcome: 'unknown',
    tarpit: false,
    startsBeforeFile: false,
    continuesAfterFile: false,
    keyEvents: [],
    // every optional field is declared here, so all summaries share one compact object shape
    local: undefined,
    remote: undefined,
    connector: undefined,
    helo: undefined,
    mailFrom: undefined,
    tls: undefined,
    auth: undefined,
    bytes: undefined,
    outcomeText: undefined,
    outcomeRecord: undefined,
    user: undefined,
    source: undefined,
    destination: undefined,
    trackingEvents: undefined,
    certificates: undefined,
  };
  s.local = firstNonEmpty(rows, l.local);
  s.remote = firstNonEmpty(rows, l.remote);
  s.connector = l.connector >= 0 ? rows.go(0).get(l.connector) || undefined : undefined;
  switch (session.kind) {
    case 'smtpReceive':
    case 'smtpSend':
      summariseSmtp(s, rows, session.kind === 'smtpReceive');
      break;
    case 'pop3':
    case 'imap4':
      summarisePopImap(s, rows);
      break;
    case 'connectivity':
      summariseConnectivity(s, rows);
      break;
    case 'messageTracking':
      summariseTracking(s, rows);
      break;
    default:
      break;
  }
  return s;
}

/**
 * A session's AUTH, every field declared: all of them then share one object shape, which keeps the
 * code that reads them from being compiled again for each order the fields were set in.
 */
function newAuth(): NonNullable<SessionSummary['auth']> {
  return { ok: undefined, mechanism: undefined, user: undefined, detail: undefined, users: undefined, failures: undefined };
}

/** The first non-empty value of column `col` in the session's records. */
function firstNonEmpty(rows: Rows, col: number): string | undefined {
  if (col < 0) return undefined;
  for (let i = 0; i < rows.length; i++) {
    const v = rows.go(i).get(col);
    if (v) return v;
  }
  return undefined;
}

const TLS_OK = /TLS protocol (\S+) negotiation succeeded using bulk encryption algorithm (\S+) with strength (\d+) bits/;
const TLS_FAIL = /TLS negotiation failed|TLS.*(?:failed|error)/i;
const AUTH_FAIL_CONTEXT = /(?:Inbound|Outbound) (?:AUTH \S+|Negotiate|Authentication) failed[^,]*/i;
const USER_NAME = /^User Name: (.*)$/;
// the patterns of the per-line tests below, made once (a literal in the loop is a new object per line)
const TARPIT = /^Tarpit for /i;
const FAILED_TO_CONNECT = /^Failed to connect/i;
const MESSAGE_CONTEXT = /^(?:sending message with RecordId|receiving message)/i;
const PROXYING = /^Proxying inbound session/i;
const WHITE_SPACE = /\s+/;
const IN_ANGLE_BRACKETS = /<([^>]*)>/;
const MAIL_FROM = /^MAIL FROM:\s*/i;
const RCPT_TO = /^RCPT TO:\s*/i;
const BDAT_LAST = /\bLAST\b/i;

/** `SP_PROT_TLS1_2_SERVER` → `TLS 1.2`. */
export function tlsProtocolName(sp: string): string {
  const m = /SP_PROT_(TLS|SSL)(\d)(?:_(\d))?/.exec(sp);
  if (!m) return sp;
  return `${m[1]} ${m[2]}.${m[3] ?? '0'}`;
}

/**
 * Whether a session began in an earlier file. Exchange numbers the lines of every session from 0, so
 * the lowest number says it where there is one: above 0, the first lines are in an earlier file, even
 * when the connect is here (a send session logs `Set Session Permissions` and `attempting to connect`
 * before its `+`, and a roll-over can fall between them); 0, it began here, connect or not. Without
 * numbers, a session with no connect (`+`, `OpenSession`) began earlier.
 */
function beganEarlier(rows: Rows, sawConnect: boolean): boolean {
  const first = rows.go(0).seq;
  return first === first ? first > 0 : !sawConnect;
}

function summariseSmtp(s: SessionSummary, rows: Rows, receive: boolean): void {
  const l = rows.go(0).layout;
  const ours = receive ? '>' : '<'; // replies come from the server side of the conversation
  const theirs = receive ? '<' : '>'; // commands
  let sawConnect = false;
  let sawDisconnect = false;
  let sawQuit = false;
  let lastCommand = '';
  let awaitingDataReply = false;
  let worstReply: { code: number; text: string; record: number } | undefined;
  let authFailed = false;
  /** An AUTH command whose failure has not been counted yet. */
  let authPending = false;
  const authFailure = (detail: string) => {
    // a failure with no AUTH command before it (the session began in an earlier file) counts once
    const failures = authPending ? (s.auth?.failures ?? 0) + 1 : Math.max(s.auth?.failures ?? 0, 1);
    authPending = false;
    const auth = (s.auth ??= newAuth());
    auth.ok = false;
    auth.detail = detail;
    auth.failures = failures;
    authFailed = true;
  };
  const namedUser = (user: string) => {
    const users = s.auth?.users ?? [];
    if (!users.includes(user)) users.push(user);
    const auth = (s.auth ??= newAuth());
    auth.user = user;
    auth.users = users;
  };
  let connectFailed: { text: string; record: number } | undefined;
  let disconnectReason = '';
  for (let i = 0; i < rows.length; i++) {
    const r = rows.go(i);
    const ev = r.event;
    if (ev === '+') {
      sawConnect = true;
      s.keyEvents.push({ kind: 'connect', record: r.index, text: r.get(l.remote) });
      continue;
    }
    if (ev === '-') {
      const context = r.get(l.context);
      sawDisconnect = true;
      disconnectReason = context;
      s.keyEvents.push({ kind: 'disconnect', record: r.index, text: context });
      continue;
    }
    if (ev === theirs) {
      const cmd = r.get(l.data).trim();
      const verb = verbOf(cmd);
      lastCommand = verb;
      if (verb === 'EHLO' || verb === 'HELO') {
        if (receive) s.helo = cmd.slice(5).trim() || s.helo;
        s.keyEvents.push({ kind: 'ehlo', record: r.index, text: cmd });
      } else if (verb === 'STARTTLS' || verb === 'X-ANONYMOUSTLS') {
        s.keyEvents.push({ kind: 'starttls', record: r.index, text: cmd });
      } else if (verb === 'AUTH' || verb === 'X-EXPS') {
        (s.auth ??= newAuth()).mechanism = cmd.split(WHITE_SPACE)[1];
        authPending = true;
        s.keyEvents.push({ kind: 'auth', record: r.index, text: cmd });
      } else if (verb === 'MAIL') {
        const m = IN_ANGLE_BRACKETS.exec(cmd);
        s.mailFrom = m ? m[1] : cmd.replace(MAIL_FROM, '');
        s.keyEvents.push({ kind: 'mailFrom', record: r.index, text: cmd });
      } else if (verb === 'RCPT') {
        const m = IN_ANGLE_BRACKETS.exec(cmd);
        s.recipients.push(m ? m[1] : cmd.replace(RCPT_TO, ''));
        s.keyEvents.push({ kind: 'rcptTo', record: r.index, text: cmd });
      } else if (verb === 'DATA' || verb === 'BDAT') {
        if (verb === 'DATA' || BDAT_LAST.test(cmd)) awaitingDataReply = true;
        s.keyEvents.push({ kind: 'data', record: r.index, text: cmd });
      } else if (verb === 'QUIT') {
        sawQuit = true;
      }
      continue;
    }
    if (ev === ours) {
      const data = r.get(l.data);
      const code = replyCode(data);
      if (code === 0) continue;
      addReplyCodes(s.replyCodes, code, data);
      if (code === 354) continue;
      if (awaitingDataReply && lastCommand !== '' && code >= 200) {
        awaitingDataReply = false;
        if (code < 300) {
          s.messages++;
          s.keyEvents.push({ kind: 'reply', record: r.index, text: data });
        }
      }
      if (lastCommand === 'AUTH' || lastCommand === 'X-EXPS') {
        if (code === 235) {
          (s.auth ??= newAuth()).ok = true;
          authPending = false;
        } else if (code >= 400) authFailure(data);
      }
      if (code >= 400 && (!worstReply || code >= 500 || worstReply.code < 500)) {
        if (!worstReply || code >= worstReply.code || code >= 500) worstReply = { code, text: data, record: r.index };
      }
      continue;
    }
    if (ev === '*') {
      const data = r.get(l.data);
      const context = r.get(l.context);
      const tls = TLS_OK.exec(context);
      if (tls) {
        s.tls = { ok: true, protocol: tlsProtocolName(tls[1]), cipher: `${tls[2]} ${tls[3]}`, detail: context };
        s.keyEvents.push({ kind: 'tls', record: r.index, text: context });
      } else if (TLS_FAIL.test(context)) {
        s.tls = { ok: false, protocol: undefined, cipher: undefined, detail: context };
        s.keyEvents.push({ kind: 'tls', record: r.index, text: context });
      }
      const af = AUTH_FAIL_CONTEXT.exec(context);
      if (af) {
        authFailure(af[0]);
        s.keyEvents.push({ kind: 'failure', record: r.index, text: context });
      }
      const un = USER_NAME.exec(context);
      if (un) namedUser(un[1]);
      else if (context === 'authenticated' && data.trim()) namedUser(data.trim());
      const side = certificateSide(context);
      if (side) {
        if (isThumbprintLine(context)) {
          const thumbprint = thumbprintOfLine(data);
          if (thumbprint) addCertificate(s, { thumbprint, sans: [], side, time: r.time, record: r.index });
        } else {
          const d = certificateOf(rows.model, data, context);
          if (d) {
            addCertificate(s, {
              subject: d.subject, issuer: d.issuer, serial: d.serial, thumbprint: d.thumbprint, notBefore: d.notBefore, notAfter: d.notAfter, sans: d.sans,
              side, time: r.time, record: r.index,
            });
          }
        }
      }
      if (TARPIT.test(data.trim()) || TARPIT.test(context)) {
        s.tarpit = true;
        s.keyEvents.push({ kind: 'tarpit', record: r.index, text: data || context });
      }
      if (FAILED_TO_CONNECT.test(context) || FAILED_TO_CONNECT.test(data)) {
        connectFailed = { text: context || data, record: r.index };
        s.keyEvents.push({ kind: 'failure', record: r.index, text: context || data });
      }
      if (MESSAGE_CONTEXT.test(context)) {
        s.keyEvents.push({ kind: 'message', record: r.index, text: context });
      }
      if (PROXYING.test(context)) s.keyEvents.push({ kind: 'message', record: r.index, text: context });
    }
  }
  if (!receive) {
    // the remote banner names the remote host: "220 host ESMTP …"
    for (let i = 0; i < rows.length; i++) {
      const r = rows.go(i);
      if (r.event !== '<') continue;
      const data = r.get(l.data);
      if (replyCode(data) === 220) {
        s.helo = data.slice(4).trim().split(WHITE_SPACE)[0];
        break;
      }
    }
  }
  s.startsBeforeFile = beganEarlier(rows, sawConnect);
  s.continuesAfterFile = !sawDisconnect;
  if (connectFailed) {
    s.outcome = 'connectionFailed';
    s.outcomeText = connectFailed.text;
    s.outcomeRecord = connectFailed.record;
  } else if (s.messages > 0) {
    s.outcome = 'delivered';
  } else if (authFailed) {
    s.outcome = 'authFailed';
    s.outcomeText = s.auth?.detail;
  } else if (worstReply && worstReply.code >= 500) {
    s.outcome = 'rejected';
    s.outcomeText = worstReply.text;
    s.outcomeRecord = worstReply.record;
  } else if (worstReply) {
    s.outcome = 'deferred';
    s.outcomeText = worstReply.text;
    s.outcomeRecord = worstReply.record;
  } else if (s.tarpit) {
    s.outcome = 'tarpitted';
  } else if (sawDisconnect && /^Remote/i.test(disconnectReason) && !sawQuit) {
    s.outcome = 'droppedByRemote';
    s.outcomeText = disconnectReason;
  } else if (!sawDisconnect) {
    s.outcome = 'incomplete';
  } else {
    s.outcome = 'noMail';
  }
}

/**
 * Adds a certificate to the session's list unless it is there already: a line that gives only the
 * thumbprint of a certificate another line described in full adds nothing, and the full description
 * replaces a thumbprint given before it.
 */
/**
 * The certificate lines of a log, read once per log (by its session list, as the summaries are): a
 * server writes the same certificate in session after session. Per context (its labels), per data.
 */
const certificates = new WeakMap<LogModel['sessions'], Map<string, Map<string, CertificateDetails | null>>>();

function certificateOf(model: LogModel, data: string, context: string): CertificateDetails | undefined {
  let byContext = certificates.get(model.sessions);
  if (!byContext) certificates.set(model.sessions, (byContext = new Map()));
  let byData = byContext.get(context);
  if (!byData) byContext.set(context, (byData = new Map()));
  let d = byData.get(data);
  if (d === undefined) byData.set(data, (d = parseCertificate(data, context) ?? null));
  return d ?? undefined;
}

function addCertificate(s: SessionSummary, c: SessionCertificate): void {
  const list = (s.certificates ??= []);
  const same = list.findIndex((x) => x.side === c.side && (c.thumbprint ? x.thumbprint === c.thumbprint : x.subject === c.subject && x.notAfter === c.notAfter));
  if (same < 0) list.push(c);
  else if (list[same].subject === undefined && c.subject !== undefined) list[same] = c;
}

const POP_IMAP_FAIL = /(?:^|[";])R="?[^;]*?\b(NO|BAD)\b|-ERR|ErrMsg=/i;
const POP_IMAP_OK = /R="?(?:[^;"]*\s)?OK\b|R=ok|\+OK/i;
const ESTABLISHED = /^Established connection to/i;
const CONNECTION_FAILED = /Failed connection|Winsock error|failed to connect/i;
const CONNECTION_TOTALS = /Messages:\s*(\d+)\s+Bytes:\s*(\d+)/i;

function summarisePopImap(s: SessionSummary, rows: Rows): void {
  const l = rows.go(0).layout;
  let loginOk: boolean | undefined;
  let failure: { text: string; record: number } | undefined;
  let opened = false, closed = false;
  for (let i = 0; i < rows.length; i++) {
    const r = rows.go(i);
    const cmd = r.get(l.command).trim();
    const lower = cmd.toLowerCase();
    const ctx = r.get(l.context);
    const user = r.get(l.user);
    if (user && !s.user) s.user = user;
    if (lower === 'opensession') {
      opened = true;
      s.keyEvents.push({ kind: 'connect', record: r.index, text: cmd });
    } else if (lower === 'closesession') {
      closed = true;
      s.keyEvents.push({ kind: 'disconnect', record: r.index, text: cmd });
    }
    const isLogin = lower === 'login' || lower === 'authenticate' || lower === 'pass' || lower === 'user' || lower === 'auth';
    const failed = POP_IMAP_FAIL.test(ctx);
    if (isLogin) {
      s.keyEvents.push({ kind: 'login', record: r.index, text: `${cmd} ${r.get(l.command + 1)}`.trim() });
      if (lower !== 'user') loginOk = !failed && POP_IMAP_OK.test(ctx) ? true : failed ? false : loginOk;
      if (lower === 'user' && failed) loginOk = false;
    }
    if (failed) {
      failure ??= { text: ctx, record: r.index };
      s.keyEvents.push({ kind: 'failure', record: r.index, text: ctx });
    }
  }
  if (s.user) {
    s.auth = newAuth();
    s.auth.ok = loginOk;
    s.auth.user = s.user;
  }
  s.startsBeforeFile = beganEarlier(rows, opened);
  s.continuesAfterFile = !closed;
  if (loginOk === false) {
    s.outcome = 'loginFailed';
    s.outcomeText = failure?.text;
    s.outcomeRecord = failure?.record;
  } else if (loginOk) s.outcome = 'loggedIn';
  else if (!closed) s.outcome = 'incomplete';
  else s.outcome = 'noMail';
}

function summariseConnectivity(s: SessionSummary, rows: Rows): void {
  const l = rows.go(0).layout;
  const src = l.lower.indexOf('source');
  const dst = l.lower.indexOf('destination');
  s.source = src >= 0 ? rows.go(0).get(src) : undefined;
  s.destination = dst >= 0 ? rows.go(0).get(dst) : undefined;
  s.remote = s.destination;
  let connected = false, failed: { text: string; record: number } | undefined, disconnected = false;
  for (let i = 0; i < rows.length; i++) {
    const r = rows.go(i);
    const desc = r.get(l.data);
    const ev = r.event;
    if (ev === '+') s.keyEvents.push({ kind: 'connect', record: r.index, text: desc });
    if (ESTABLISHED.test(desc)) {
      connected = true;
      s.keyEvents.push({ kind: 'connection', record: r.index, text: desc });
    }
    if (CONNECTION_FAILED.test(desc)) {
      failed ??= { text: desc, record: r.index };
      s.keyEvents.push({ kind: 'failure', record: r.index, text: desc });
    }
    if (ev === '-') {
      disconnected = true;
      const m = CONNECTION_TOTALS.exec(desc);
      if (m) {
        s.messages = +m[1];
        s.bytes = +m[2];
      }
      s.keyEvents.push({ kind: 'totals', record: r.index, text: desc });
    }
  }
  s.startsBeforeFile = rows.go(0).event !== '+';
  s.continuesAfterFile = !disconnected;
  if (failed && !connected) {
    s.outcome = 'connectionFailed';
    s.outcomeText = failed.text;
    s.outcomeRecord = failed.record;
  } else if (s.messages > 0) s.outcome = 'delivered';
  else if (connected) s.outcome = 'connected';
  else if (!disconnected) s.outcome = 'incomplete';
  else s.outcome = 'noMail';
}

function summariseTracking(s: SessionSummary, rows: Rows): void {
  const l = rows.go(0).layout;
  const col = (name: string) => l.lower.indexOf(name);
  const ev = col('event-id'), sender = col('sender-address'), rcpt = col('recipient-address'), status = col('recipient-status');
  s.trackingEvents = [];
  let failed: { text: string; record: number } | undefined;
  let deferred: { text: string; record: number } | undefined;
  let delivered = false;
  for (let i = 0; i < rows.length; i++) {
    const r = rows.go(i);
    const e = r.get(ev).toUpperCase();
    s.trackingEvents.push(e);
    s.keyEvents.push({ kind: 'message', record: r.index, text: e });
    const from = r.get(sender);
    if (from && !s.mailFrom) s.mailFrom = from;
    for (const a of r.get(rcpt).split(';')) if (a && !s.recipients.includes(a)) s.recipients.push(a);
    if (e === 'DELIVER' || e === 'SEND') delivered = true;
    if (e === 'FAIL' || e === 'DSN' || e === 'POISONMESSAGE' || e === 'BADMAIL') failed ??= { text: `${e} ${r.get(status)}`.trim(), record: r.index };
    if (e === 'DEFER') deferred ??= { text: `${e} ${r.get(status)}`.trim(), record: r.index };
  }
  s.messages = delivered ? 1 : 0;
  if (failed) {
    s.outcome = 'rejected';
    s.outcomeText = failed.text;
    s.outcomeRecord = failed.record;
  } else if (delivered) s.outcome = 'delivered';
  else if (deferred) {
    s.outcome = 'deferred';
    s.outcomeText = deferred.text;
    s.outcomeRecord = deferred.record;
  } else s.outcome = 'unknown';
}
