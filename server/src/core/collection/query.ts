/**
 * The session search language: `field:value` terms joined by spaces (AND), `OR` between terms (AND
 * binds tighter), parentheses, `-` (or `NOT`) to negate a term or a group, double quotes for values
 * with spaces (`\"` and `\\` inside), `*` as a wildcard, CIDR ranges and comparisons. A bare word
 * matches any text of a session. `parseQuery` turns the text into plain data (`QueryNode`) and lists
 * every mistake with its span; it never throws. `search.ts` evaluates the data over the collection.
 */
import type { QueryProblem } from '../../../../protocol/src/queryTypes';
import { t } from '../l10n';
import { ALL_KINDS } from '../model/kinds';
import { ipv6Groups, parseEndpoint } from '../util/endpoints';
import { OUTCOME_CODES } from './schema';

export type { QueryProblem };

/** What a field's values are (for checking them, completion and the README). */
export type QueryValueKind =
  | 'endpoint' // an IP address, CIDR range, ip:port or a pattern
  | 'text' // text, compared whole (case-insensitive) with `*` wildcards
  | 'address' // an e-mail address or a domain
  | 'choice' // one of a fixed list
  | 'tls' // a TLS version (with comparisons) or none / failed / ok
  | 'reply' // a reply or enhanced status code, with `*` or `x`
  | 'count' // a whole number, with comparisons and ranges
  | 'size' // bytes, with KB/MB/GB
  | 'duration' // with ms/s/min/h
  | 'time' // a date or a date and time
  | 'file'; // a file name or path pattern

/** How a text field compares its values: whole, as a substring, as a user name, as a message id (angle brackets optional). */
export type TextMode = 'whole' | 'contains' | 'user' | 'angle';

export interface QueryField {
  /** The name written before the colon. */
  readonly name: string;
  /** Other names accepted for it (any case). */
  readonly aliases: readonly string[];
  readonly value: QueryValueKind;
  /** For `text` fields. */
  readonly mode?: TextMode;
  /** For `choice` fields: the canonical values. */
  readonly choices?: readonly string[];
  /** One localised line saying what it matches. */
  readonly description: string;
  /** A value to show as an example. */
  readonly example: string;
}

/** The values of `kind:`: the log kinds and the short names admins use. */
export const KIND_ALIASES: Readonly<Record<string, readonly string[]>> = {
  receive: ['smtpReceive'], recv: ['smtpReceive'], send: ['smtpSend'], smtp: ['smtpReceive', 'smtpSend'],
  connectivity: ['connectivity'], connectlog: ['connectivity'], pop3: ['pop3'], pop: ['pop3'], imap4: ['imap4'], imap: ['imap4'],
  tracking: ['messageTracking'], msgtrk: ['messageTracking'],
};
export const SERVICE_CHOICES = ['FrontEnd', 'Hub', 'Mailbox'] as const;
export const AUTH_CHOICES = ['ok', 'failed', 'attempted', 'none'] as const;
const AUTH_ALIASES: Readonly<Record<string, readonly string[]>> = { success: ['ok'], succeeded: ['ok'], fail: ['failed'], no: ['none'] };
const OUTCOME_ALIASES: Readonly<Record<string, readonly string[]>> = {
  dropped: ['droppedByRemote'], tarpit: ['tarpitted'], failed: ['authFailed', 'connectionFailed', 'loginFailed'], accepted: ['delivered'],
  sent: ['delivered'],
};
const SERVICE_ALIASES: Readonly<Record<string, readonly string[]>> = { fe: ['FrontEnd'], transport: ['Hub'], mbx: ['Mailbox'] };

/** The fields, in the order completion and the README list them. Descriptions are read when asked (the locale is set later). */
export const QUERY_FIELDS: readonly QueryField[] = [
  { name: 'remote', aliases: ['remote-endpoint', 'rip', 'client'], value: 'endpoint', example: '10.100.0.0/16',
    get description() { return t('The remote endpoint: an IP address (any port), ip:port, a CIDR range such as 10.0.0.0/8, a pattern with *, or a host name (a connectivity log\'s destination)'); } },
  { name: 'local', aliases: ['local-endpoint', 'lip'], value: 'endpoint', example: '*:587',
    get description() { return t('The local endpoint (this server\'s address and port), in the same forms as remote:'); } },
  { name: 'server', aliases: ['srv'], value: 'text', mode: 'whole', example: 'EX01',
    get description() { return t('The Exchange server the log comes from'); } },
  { name: 'service', aliases: ['role'], value: 'choice', choices: SERVICE_CHOICES, example: 'frontend',
    get description() { return t('The transport service that wrote the log: frontend, hub or mailbox'); } },
  { name: 'connector', aliases: ['connector-id'], value: 'text', mode: 'whole', example: '"EX01\\Default Frontend EX01"',
    get description() { return t('The receive or send connector (quote names with spaces; * for any text)'); } },
  { name: 'kind', aliases: ['log', 'type'], value: 'choice', choices: ['receive', 'send', 'connectivity', 'pop3', 'imap4', 'tracking', ...ALL_KINDS], example: 'receive',
    get description() { return t('The log kind: receive, send, connectivity, pop3, imap4 (or smtp for receive and send)'); } },
  { name: 'ehlo', aliases: ['helo'], value: 'text', mode: 'whole', example: 'mail.contoso.com',
    get description() { return t('The EHLO or HELO name the client gave (receive) or the remote\'s banner name (send)'); } },
  { name: 'from', aliases: ['sender', 'mail-from'], value: 'address', example: '*@contoso.com',
    get description() { return t('MAIL FROM: an address (with or without <>), *@domain, @domain or domain; <> for the null sender'); } },
  { name: 'to', aliases: ['rcpt', 'recipient'], value: 'address', example: '@contoso.com',
    get description() { return t('A recipient (RCPT TO), in the same forms as from:'); } },
  { name: 'user', aliases: ['username', 'login'], value: 'text', mode: 'user', example: 'alice',
    get description() { return t('The authenticated user (SMTP AUTH) or POP3/IMAP4 login; alice also matches DOMAIN\\alice and alice@domain'); } },
  { name: 'tls', aliases: [], value: 'tls', example: '<1.2',
    get description() { return t('TLS: 1.0, 1.1, 1.2, 1.3, ssl3, none, failed, ok, or a comparison such as <1.2'); } },
  { name: 'cipher', aliases: [], value: 'text', mode: 'contains', example: 'AES_256',
    get description() { return t('The TLS bulk cipher and its strength (part of it is enough), e.g. AES_256'); } },
  { name: 'auth', aliases: [], value: 'choice', choices: AUTH_CHOICES, example: 'failed',
    get description() { return t('Authentication: ok, failed, attempted (no answer seen) or none'); } },
  { name: 'mechanism', aliases: ['mech', 'auth-mechanism'], value: 'text', mode: 'whole', example: 'LOGIN',
    get description() { return t('The AUTH mechanism: LOGIN, NTLM, GSSAPI, XEXCH50…'); } },
  { name: 'outcome', aliases: ['verdict', 'result'], value: 'choice', choices: OUTCOME_CODES, example: 'rejected',
    get description() { return t('The session\'s verdict (as the diagnostics give it): delivered, rejected, deferred, authFailed, droppedByRemote…'); } },
  { name: 'reply', aliases: ['code', 'status'], value: 'reply', example: '5.7.*',
    get description() { return t('A reply or enhanced status code the session was given: 550, 5.7.1, 4*, 5.7.*, 4xx'); } },
  { name: 'message-id', aliases: ['messageid', 'msgid', 'mid'], value: 'text', mode: 'angle', example: '<id@contoso.com>',
    get description() { return t('A message id accepted or sent in the session, with or without <>'); } },
  { name: 'internal-id', aliases: ['internalid'], value: 'text', mode: 'whole', example: '2130000073752',
    get description() { return t('An internal message id: the InternalId of a 250 2.6.0 reply, or the RecordId a send session names'); } },
  { name: 'id', aliases: ['session', 'session-id', 'sessionid'], value: 'text', mode: 'whole', example: '08DC3C0A1000FDB5',
    get description() { return t('The session id'); } },
  { name: 'messages', aliases: ['msgs'], value: 'count', example: '>3',
    get description() { return t('Messages accepted (receive) or sent (send): 3, >3, >=1, <2, 2..5'); } },
  { name: 'duration', aliases: ['dur'], value: 'duration', example: '>30s',
    get description() { return t('How long the session lasted: >30s, <500ms, 1..5min, >1h (a number alone is seconds)'); } },
  { name: 'bytes', aliases: ['size'], value: 'size', example: '>1MB',
    get description() { return t('Bytes the session carried, where the log says (connectivity): >1MB, 10KB..1MB'); } },
  { name: 'file', aliases: ['path'], value: 'file', example: 'RECV2024030510*',
    get description() { return t('The log file: a name or a pattern (RECV2024*), or a path ending (EX01/*/SmtpReceive/*)'); } },
  { name: 'after', aliases: ['since'], value: 'time', example: '2024-03-04T10:00',
    get description() { return t('Sessions that began at or after a time (UTC unless it gives an offset); a date alone counts from the start of that day'); } },
  { name: 'before', aliases: ['until'], value: 'time', example: '2024-03-04T11:00',
    get description() { return t('Sessions that began before a time (UTC unless it gives an offset); a date alone counts that whole day'); } },
];

const FIELD_BY_NAME = new Map<string, QueryField>();
for (const f of QUERY_FIELDS) for (const n of [f.name, ...f.aliases]) FIELD_BY_NAME.set(n.toLowerCase(), f);

/** The field a name (or alias, any case) stands for. */
export function queryField(name: string): QueryField | undefined {
  return FIELD_BY_NAME.get(name.toLowerCase());
}

// ---- the parsed query ----

export interface Span {
  start: number;
  end: number;
}

/** What a term's value matches, checked and normalised (text lower-cased; patterns keep `*`). */
export type TermMatch =
  /** A bare word: any text of the session contains it (with `*` inside: matches it as a pattern). */
  | { type: 'any'; pattern: string }
  | { type: 'text'; pattern: string; mode: TextMode }
  /** Addresses: `pattern` over the whole address, `domain` (a pattern) over the part after `@`, `local` the part before it, `nullSender` for `<>`. */
  | { type: 'address'; pattern?: string; domain?: string; local?: string; nullSender?: boolean }
  /** `bytes` of the address (4 for IPv4, 16 for IPv6); `prefix` bits compared (the whole address for a plain IP); `port` when given. */
  | { type: 'endpoint'; bytes: number[]; prefix: number; port?: number }
  /** A pattern (or a host name) over the whole endpoint or its host. */
  | { type: 'endpointPattern'; pattern: string }
  /** Canonical values of a choice field (`outcome`, `kind`, `auth`, `service`). */
  | { type: 'choice'; values: string[] }
  /** TLS states, and versions as numbers (`versionNumber`) in [lo, hi). */
  | { type: 'tls'; states: ('none' | 'failed' | 'ok')[]; lo?: number; hi?: number }
  /** A reply code pattern: a regular expression source, anchored, over the lower-cased code. */
  | { type: 'reply'; regex: string }
  /** Numbers (count, bytes, ms, ms since the epoch) in [lo, hi). */
  | { type: 'range'; lo: number; hi: number }
  | { type: 'file'; pattern: string };

export interface TermNode extends Span {
  type: 'term';
  /** The canonical field name; undefined for a bare word. */
  field?: string;
  /** The value as written, quotes removed. */
  value: string;
  /** Where the value is in the text (quotes included). */
  valueStart: number;
  valueEnd: number;
  match: TermMatch;
}

export interface AndNode extends Span {
  type: 'and';
  items: QueryNode[];
}

export interface OrNode extends Span {
  type: 'or';
  items: QueryNode[];
}

export interface NotNode extends Span {
  type: 'not';
  item: QueryNode;
}

export type QueryNode = TermNode | AndNode | OrNode | NotNode;

export interface ParsedQuery {
  /** What could be read (terms with mistakes are left out); undefined when nothing was. */
  query?: QueryNode;
  problems: QueryProblem[];
}

// ---- tokens ----

export type TokenType = 'lparen' | 'rparen' | 'or' | 'and' | 'not' | 'minus' | 'word';

export interface Token extends Span {
  type: TokenType;
}

/** A word: a bare word, or `field:value`. */
export interface WordToken extends Token {
  type: 'word';
  /** The text before the colon, as written, and where it is; absent for a bare word. */
  field?: string;
  fieldStart?: number;
  fieldEnd?: number;
  /** The value (or the bare word) with quotes removed and escapes read. */
  value: string;
  valueStart: number;
  valueEnd: number;
  /** A quote was used somewhere in the value. */
  quoted: boolean;
  /** Where a quote that is never closed starts. */
  unclosedQuote?: number;
}

const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0 || c === 0x3000;
}

/** Splits a query into tokens (it never fails: an unclosed quote runs to the end). */
export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === 40 /* ( */ || c === 41 /* ) */) {
      out.push({ type: c === 40 ? 'lparen' : 'rparen', start: i, end: i + 1 });
      i++;
      continue;
    }
    if (c === 45 /* - */) {
      out.push({ type: 'minus', start: i, end: i + 1 });
      i++;
      continue;
    }
    const start = i;
    let value = '';
    let quoted = false;
    let unclosedQuote: number | undefined;
    let fieldEnd = -1;
    let valueStart = start;
    while (i < n) {
      const ch = text.charCodeAt(i);
      if (ch === 34 /* " */) {
        quoted = true;
        let j = i + 1;
        for (; j < n; j++) {
          const q = text.charCodeAt(j);
          if (q === 92 /* \ */ && j + 1 < n && (text.charCodeAt(j + 1) === 34 || text.charCodeAt(j + 1) === 92)) {
            value += text[++j];
            continue;
          }
          if (q === 34) break;
          value += text[j];
        }
        if (j >= n) {
          unclosedQuote = i;
          i = n;
        } else i = j + 1;
        continue;
      }
      if (isSpace(ch) || ch === 40 || ch === 41) break;
      if (ch === 58 /* : */ && fieldEnd < 0 && !quoted && FIELD_NAME.test(text.slice(start, i))) {
        fieldEnd = i;
        valueStart = i + 1;
        value = '';
        i++;
        continue;
      }
      value += text[i];
      i++;
    }
    const word: WordToken = { type: 'word', start, end: i, value, valueStart, valueEnd: i, quoted, unclosedQuote };
    if (fieldEnd >= 0) {
      word.field = text.slice(start, fieldEnd);
      word.fieldStart = start;
      word.fieldEnd = fieldEnd;
    } else if (!quoted) {
      const upper = value.toUpperCase();
      if (upper === 'OR' || upper === 'AND' || upper === 'NOT') {
        out.push({ type: upper === 'OR' ? 'or' : upper === 'AND' ? 'and' : 'not', start, end: i });
        continue;
      }
    }
    out.push(word);
  }
  return out;
}

// ---- the parser ----

/** Reads a query; every mistake is a problem with its span, and what can still be read is returned. */
export function parseQuery(text: string): ParsedQuery {
  return new Parser(text).parse();
}

/** Parentheses nested deeper than this are a mistake (and would run the parser and the matcher out of stack). */
const MAX_DEPTH = 64;

class Parser {
  private readonly tokens: Token[];
  private at = 0;
  private depth = 0;
  readonly problems: QueryProblem[] = [];

  constructor(private readonly text: string) {
    this.tokens = tokenize(text);
  }

  parse(): ParsedQuery {
    const items: QueryNode[] = [];
    for (;;) {
      const q = this.parseOr();
      if (q) items.push(q);
      const tok = this.peek();
      if (!tok) break;
      // only a ')' stops parseOr at the top
      this.problem(tok, t('\')\' has no matching \'(\''));
      this.at++;
    }
    this.problems.sort((a, b) => a.start - b.start || a.end - b.end);
    return { query: combine('and', items), problems: this.problems };
  }

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }

  private problem(span: Span, message: string): void {
    this.problems.push({ start: span.start, end: span.end, message });
  }

  private parseOr(): QueryNode | undefined {
    const items: QueryNode[] = [];
    let from = this.at;
    const first = this.parseAnd();
    if (first) items.push(first);
    // whether something (even a term with a mistake) stands before the next OR
    let before = this.at > from;
    for (let tok = this.peek(); tok && tok.type === 'or'; tok = this.peek()) {
      this.at++;
      if (!before) this.problem(tok, t('OR needs a term before it'));
      const next = this.peek();
      if (!next || next.type === 'rparen' || next.type === 'or') {
        this.problem(tok, t('OR needs a term after it'));
        before = true;
        continue;
      }
      from = this.at;
      const item = this.parseAnd();
      if (item) items.push(item);
      before = this.at > from;
    }
    return combine('or', items);
  }

  private parseAnd(): QueryNode | undefined {
    const items: QueryNode[] = [];
    let seen = false;
    for (let tok = this.peek(); tok && tok.type !== 'rparen' && tok.type !== 'or'; tok = this.peek()) {
      if (tok.type === 'and') {
        this.at++;
        const next = this.peek();
        if (!seen || !next || next.type === 'rparen' || next.type === 'or') this.problem(tok, t('AND needs a term on each side'));
        continue;
      }
      seen = true;
      const u = this.parseUnary();
      if (u) items.push(u);
    }
    return combine('and', items);
  }

  private parseUnary(): QueryNode | undefined {
    const tok = this.peek()!;
    if (tok.type === 'minus' || tok.type === 'not') {
      // a run of negations (read in a loop: any number of them); two cancel out
      let negations = 0;
      let last = tok;
      for (let n = this.peek(); n && (n.type === 'minus' || n.type === 'not'); n = this.peek()) {
        negations++;
        last = n;
        this.at++;
      }
      const next = this.peek();
      if (!next || next.type === 'rparen' || next.type === 'or' || next.type === 'and') {
        this.problem(last, last.type === 'minus' ? t('\'-\' needs a term or a group after it') : t('NOT needs a term or a group after it'));
        return undefined;
      }
      const inner = this.parseUnary();
      if (!inner) return undefined;
      return negations % 2 === 1 ? { type: 'not', item: inner, start: tok.start, end: inner.end } : { ...inner, start: tok.start };
    }
    if (tok.type === 'lparen') {
      this.at++;
      if (++this.depth > MAX_DEPTH) {
        // skip to the matching ')': what is inside is not read
        this.problem(tok, t('groups nested more than {0} deep', MAX_DEPTH));
        for (let open = 1; this.peek() && open > 0; this.at++) {
          const k = this.peek()!.type;
          if (k === 'lparen') open++;
          else if (k === 'rparen') open--;
        }
        this.depth--;
        return undefined;
      }
      const reported = this.problems.length;
      const inner = this.parseOr();
      this.depth--;
      const close = this.peek();
      if (close && close.type === 'rparen') {
        this.at++;
        // empty, unless what was in it had a mistake of its own
        if (!inner && this.problems.length > reported) return undefined;
        if (!inner) {
          this.problem({ start: tok.start, end: close.end }, t('empty parentheses'));
          return undefined;
        }
        return { ...inner, start: tok.start, end: close.end };
      }
      this.problem(tok, t('unclosed parenthesis: add \')\''));
      return inner;
    }
    this.at++;
    return this.term(tok as WordToken);
  }

  private term(w: WordToken): TermNode | undefined {
    let field: QueryField | undefined;
    if (w.unclosedQuote !== undefined) this.problem({ start: w.unclosedQuote, end: w.end }, t('unclosed quote: add "'));
    if (w.field !== undefined) {
      field = queryField(w.field);
      if (!field) {
        const whole = this.text.slice(w.start, w.end);
        // an IPv6 address (fe80::1) or host:port looks like field:value
        if (!w.quoted && isAddressLike(whole)) return this.bare(w, whole, w.start);
        const suggestion = closestName(w.field, QUERY_FIELDS.flatMap((f) => [f.name, ...f.aliases]));
        const fieldSpan = { start: w.fieldStart!, end: w.fieldEnd! };
        if (suggestion) this.problem(fieldSpan, t('unknown field \'{0}\'; did you mean \'{1}\'?', w.field, queryField(suggestion)!.name));
        else this.problem(fieldSpan, t('unknown field \'{0}\'; the fields are: {1}', w.field, QUERY_FIELDS.map((f) => f.name).join(', ')));
        return undefined;
      }
      if (w.value === '' && !w.quoted) {
        this.problem({ start: w.start, end: w.end }, t('\'{0}:\' needs a value', w.field));
        return undefined;
      }
      if (w.unclosedQuote !== undefined) return undefined;
      const match = this.valueOf(field, w);
      if (!match) return undefined;
      return { type: 'term', field: field.name, value: w.value, valueStart: w.valueStart, valueEnd: w.valueEnd, match, start: w.start, end: w.end };
    }
    if (w.unclosedQuote !== undefined && w.value.trim() === '') return undefined;
    if (w.value === '') {
      this.problem(w, t('an empty search word: write something between the quotes'));
      return undefined;
    }
    return this.bare(w, w.value, w.valueStart);
  }

  private bare(w: WordToken, value: string, valueStart: number): TermNode {
    return { type: 'term', value, valueStart, valueEnd: w.end, match: { type: 'any', pattern: value.toLowerCase() }, start: w.start, end: w.end };
  }

  /** The value of a known field, checked; a problem on the value's span when it is not one. */
  private valueOf(field: QueryField, w: WordToken): TermMatch | undefined {
    const span = { start: w.valueStart, end: w.valueEnd };
    const v = w.value.trim();
    const bad = (message: string) => {
      this.problem(span, message);
      return undefined;
    };
    switch (field.value) {
      case 'text':
        return { type: 'text', pattern: (field.mode === 'angle' ? stripAngles(v) : v).toLowerCase(), mode: field.mode ?? 'whole' };
      case 'file':
        return { type: 'file', pattern: v.toLowerCase().replace(/\\/g, '/') };
      case 'address':
        return addressMatch(v);
      case 'endpoint':
        return endpointMatch(v) ?? bad(t('\'{0}\' is not an IP address, a CIDR range (10.0.0.0/8), an address with a port (10.0.0.1:25) or a pattern with *', v));
      case 'choice': {
        const values = choiceValues(field, v);
        if (values.length > 0) return { type: 'choice', values };
        const names = choiceNames(field);
        const near = closestName(v, names);
        return bad(near
          ? t('\'{0}\' is not a value of {1}; did you mean \'{2}\'?', v, field.name, near)
          : t('\'{0}\' is not a value of {1}; use one of: {2}', v, field.name, (field.name === 'kind' ? Object.keys(KIND_ALIASES).concat(['w3c', 'generic']) : field.choices ?? []).join(', ')));
      }
      case 'tls':
        return tlsMatch(v) ?? bad(t('\'{0}\' is not a TLS value; use 1.0, 1.1, 1.2, 1.3, ssl3, none, failed, ok, or a comparison such as <1.2', v));
      case 'reply': {
        const regex = replyRegex(v);
        return regex ? { type: 'reply', regex } : bad(t('\'{0}\' is not a reply code; write e.g. 550, 5.7.1, 4*, 5.7.* or 4xx', v));
      }
      case 'count':
      case 'size':
      case 'duration': {
        const r = numberRange(v, field.value);
        if (r === 'empty') return bad(t('\'{0}\' is an empty range: put the smaller bound first', v));
        if (r) return { type: 'range', lo: r[0], hi: r[1] };
        return bad(field.value === 'count' ? t('\'{0}\' is not a number; write e.g. 3, >3, >=3, <3 or 2..5', v)
          : field.value === 'size' ? t('\'{0}\' is not a size; write e.g. >1MB, <500KB or 1000..2000 (bytes)', v)
            : t('\'{0}\' is not a duration; write e.g. >30s, <500ms, 2..5min or >1h', v));
      }
      case 'time': {
        const p = parseTimeValue(v);
        if (!p) return bad(t('\'{0}\' is not a time; write e.g. 2024-03-04, 2024-03-04T10:00 or 2024-03-04T10:00+01:00 (UTC unless an offset is given)', v));
        return field.name === 'after' ? { type: 'range', lo: p.start, hi: Infinity } : { type: 'range', lo: -Infinity, hi: p.end };
      }
    }
  }
}

function combine(type: 'and' | 'or', items: QueryNode[]): QueryNode | undefined {
  if (items.length === 0) return undefined;
  if (items.length === 1) return items[0];
  return { type, items, start: items[0].start, end: items[items.length - 1].end };
}

/** True for text that reads as an IP address or endpoint (`fe80::1`, `10.0.0.1:25`, `[::1]:25`). */
function isAddressLike(text: string): boolean {
  const e = parseEndpoint(text);
  return !!e && e.family !== 'name';
}

function stripAngles(v: string): string {
  return v.startsWith('<') && v.endsWith('>') ? v.slice(1, -1) : v;
}

// ---- values ----

function addressMatch(raw: string): TermMatch {
  const v = stripAngles(raw.trim()).toLowerCase();
  if (v === '') return { type: 'address', nullSender: true };
  if (v.startsWith('*@')) return { type: 'address', domain: v.slice(2) };
  if (v.startsWith('@')) return { type: 'address', domain: v.slice(1) };
  if (v.includes('@') || v.includes('*')) return { type: 'address', pattern: v };
  if (v.includes('.')) return { type: 'address', domain: v };
  return { type: 'address', local: v, domain: v };
}

/** Address bytes: 4 for IPv4, 16 for IPv6 (an IPv4-mapped IPv6 address as its IPv4 address). */
export function addressBytes(address: string): number[] | undefined {
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(address);
  if (v4) {
    const b = v4.slice(1).map(Number);
    return b.every((x) => x <= 255) ? b : undefined;
  }
  const g = ipv6Groups(address);
  if (!g) return undefined;
  if (g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff) return [g[6] >> 8, g[6] & 255, g[7] >> 8, g[7] & 255];
  return g.flatMap((x) => [x >> 8, x & 255]);
}

function endpointMatch(v: string): TermMatch | undefined {
  if (v.includes('*')) return { type: 'endpointPattern', pattern: v.toLowerCase() };
  const slash = v.indexOf('/');
  if (slash >= 0) {
    let addr = v.slice(0, slash);
    if (addr.startsWith('[') && addr.endsWith(']')) addr = addr.slice(1, -1);
    const bits = v.slice(slash + 1);
    const bytes = addressBytes(addr);
    if (!bytes || !/^\d{1,3}$/.test(bits)) return undefined;
    // a mapped IPv6 range (::ffff:10.0.0.0/104) is read as the IPv4 range
    const prefix = bytes.length === 4 && addr.includes(':') ? +bits - 96 : +bits;
    if (prefix < 0 || prefix > bytes.length * 8) return undefined;
    return { type: 'endpoint', bytes, prefix };
  }
  const e = parseEndpoint(v);
  if (!e) return undefined;
  // a host name (a connectivity log's destination, `fabrikam.com`), compared whole; digits alone are a bad address
  if (e.family === 'name') return /[a-z]/i.test(e.address) ? { type: 'endpointPattern', pattern: v.toLowerCase() } : undefined;
  const bytes = addressBytes(e.address);
  if (!bytes) return undefined;
  return { type: 'endpoint', bytes, prefix: bytes.length * 8, port: e.port };
}

function normalChoice(s: string): string {
  return s.toLowerCase().replace(/[-_\s]/g, '');
}

/** Every name a choice field accepts (canonical values and aliases). */
function choiceNames(field: QueryField): string[] {
  const aliases = field.name === 'kind' ? KIND_ALIASES : field.name === 'auth' ? AUTH_ALIASES : field.name === 'outcome' ? OUTCOME_ALIASES : field.name === 'service' ? SERVICE_ALIASES : {};
  return [...(field.choices ?? []), ...Object.keys(aliases)];
}

/** The canonical values a choice value stands for (`*` as a wildcard over the names); [] when none. */
function choiceValues(field: QueryField, v: string): string[] {
  const aliases = field.name === 'kind' ? KIND_ALIASES : field.name === 'auth' ? AUTH_ALIASES : field.name === 'outcome' ? OUTCOME_ALIASES : field.name === 'service' ? SERVICE_ALIASES : {};
  const canonical = field.name === 'kind' ? ALL_KINDS : field.choices ?? [];
  const want = normalChoice(v);
  const out = new Set<string>();
  const re = want.includes('*') ? globRegex(want) : undefined;
  const hit = (name: string) => (re ? re.test(normalChoice(name)) : normalChoice(name) === want);
  for (const c of canonical) if (hit(c)) out.add(c);
  for (const [alias, values] of Object.entries(aliases)) if (hit(alias)) for (const x of values) out.add(x);
  return canonical.filter((c) => out.has(c));
}

/** A TLS version as a number that orders them: SSL 2.0 → 2, SSL 3.0 → 3, TLS 1.0 → 11, TLS 1.2 → 11.2. */
export function tlsVersionNumber(text: string): number | undefined {
  const m = /^(?:(tls|ssl)[\s_v]*)?(\d)(?:[._](\d))?$/i.exec(text.trim());
  if (!m) return undefined;
  const major = +m[2], minor = m[3] ? +m[3] : 0;
  const ssl = m[1] ? m[1].toLowerCase() === 'ssl' : major >= 2;
  return ssl ? major + minor / 10 : 10 + major + minor / 10;
}

function tlsMatch(raw: string): TermMatch | undefined {
  const v = raw.trim().toLowerCase();
  const states: Record<string, 'none' | 'failed' | 'ok'> = { none: 'none', no: 'none', off: 'none', failed: 'failed', fail: 'failed', ok: 'ok', yes: 'ok', on: 'ok', any: 'ok' };
  if (states[v]) return { type: 'tls', states: [states[v]] };
  const m = /^(>=|<=|>|<|=)?\s*(.+)$/.exec(v)!;
  const n = tlsVersionNumber(m[2]);
  if (n === undefined) return undefined;
  const step = 0.05;
  switch (m[1]) {
    case '>': return { type: 'tls', states: [], lo: n + step, hi: Infinity };
    case '>=': return { type: 'tls', states: [], lo: n - step, hi: Infinity };
    case '<': return { type: 'tls', states: [], lo: -Infinity, hi: n - step };
    case '<=': return { type: 'tls', states: [], lo: -Infinity, hi: n + step };
    default: return { type: 'tls', states: [], lo: n - step, hi: n + step };
  }
}

/** `550`, `5.7.1`, `4*`, `5.7.*`, `4xx`: an anchored regular expression source, or undefined. */
function replyRegex(raw: string): string | undefined {
  const v = raw.trim().toLowerCase();
  if (!/^[0-9x*]{1,3}$/.test(v) && !/^[0-9x*]\.[0-9x*]{1,3}(?:\.[0-9x*]{1,3})?$/.test(v) && v !== '*') return undefined;
  if (!/^[2-5x*]/.test(v)) return undefined;
  return '^' + v.replace(/\./g, '\\.').replace(/x/g, '\\d').replace(/\*/g, '.*') + '$';
}

const UNITS: Record<'count' | 'size' | 'duration', Record<string, number>> = {
  count: { '': 1 },
  size: { '': 1, b: 1, k: 1024, kb: 1024, m: 1048576, mb: 1048576, g: 1073741824, gb: 1073741824 },
  duration: { '': 1000, ms: 1, s: 1000, sec: 1000, m: 60_000, min: 60_000, h: 3_600_000, hr: 3_600_000, d: 86_400_000 },
};

/**
 * `3`, `>3`, `>=3`, `<3`, `<=3`, `2..5`, `2..`, `..5` with the field's units, as [lo, hi) over the
 * whole numbers the index stores (counts, bytes, milliseconds); 'empty' for a range with nothing in it.
 * `3` alone is the named amount to the precision written (`30s`: 30 000 to 30 999 ms).
 */
export function numberRange(raw: string, kind: 'count' | 'size' | 'duration'): [number, number] | 'empty' | undefined {
  const v = raw.trim().toLowerCase().replace(/\s+/g, '');
  const units = UNITS[kind];
  const NUM = kind === 'count' ? '(\\d+)()' : '(\\d+(?:\\.\\d+)?)([a-z]*)';
  const amount = (n: string, u: string): number | undefined => (u in units ? +n * units[u] : undefined);
  const range = new RegExp(`^(?:${NUM})?\\.\\.(?:${NUM})?$`).exec(v);
  let lo: number, hi: number;
  if (range && (range[1] || range[3])) {
    const unitA = range[2] || range[4] || '', unitB = range[4] || range[2] || '';
    const a = range[1] ? amount(range[1], unitA) : -Infinity;
    const b = range[3] ? amount(range[3], unitB) : Infinity;
    if (a === undefined || b === undefined) return undefined;
    lo = Math.ceil(a);
    hi = Math.floor(b) + 1;
  } else {
    const m = new RegExp(`^(>=|<=|>|<|=)?${NUM}$`).exec(v);
    if (!m) return undefined;
    const x = amount(m[2], m[3]);
    if (x === undefined) return undefined;
    switch (m[1]) {
      case '>': lo = Math.floor(x) + 1; hi = Infinity; break;
      case '>=': lo = Math.ceil(x); hi = Infinity; break;
      case '<': lo = -Infinity; hi = Math.ceil(x); break;
      case '<=': lo = -Infinity; hi = Math.floor(x) + 1; break;
      default: {
        const decimals = /\.(\d+)/.exec(m[2])?.[1].length ?? 0;
        const step = Math.max(1, units[m[3]] / 10 ** decimals);
        lo = Math.ceil(x);
        hi = Math.ceil(x + step);
      }
    }
  }
  return lo < hi ? [lo, hi] : 'empty';
}

/**
 * A time as typed: `2024-03-04` (the whole day), `2024-03-04T10:00`, `2024-03-04 10:00:30.5`,
 * with `Z` or an offset (`+01:00`, `-0500`); UTC otherwise. `start` and `end` are equal for a time;
 * for a date, the day's first and the next day's first millisecond.
 */
export function parseTimeValue(raw: string): { start: number; end: number } | undefined {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,3}))?)?)?\s*(Z|UTC|[+-]\d{2}:?\d{2})?$/i.exec(raw.trim());
  if (!m) return undefined;
  const [y, mo, d] = [+m[1], +m[2], +m[3]];
  const hour = m[4] ? +m[4] : 0, minute = m[5] ? +m[5] : 0, second = m[6] ? +m[6] : 0, ms = m[7] ? +m[7].padEnd(3, '0') : 0;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
  let time = Date.UTC(y, mo - 1, d, hour, minute, second, ms);
  if (new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) return undefined;
  const zone = m[8];
  if (zone && !/^(?:Z|UTC)$/i.test(zone)) {
    const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
    const offset = (+z[2] * 60 + +z[3]) * 60_000;
    time -= z[1] === '+' ? offset : -offset;
  }
  if (!Number.isFinite(time)) return undefined;
  return m[4] ? { start: time, end: time } : { start: time, end: time + 86_400_000 };
}

// ---- shared helpers ----

/** An anchored, case-insensitive regular expression for a pattern where `*` is any text. */
export function globRegex(pattern: string): RegExp {
  return new RegExp('^' + pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$', 'is');
}

/** The name of `names` closest to `word` (a prefix, or at most a third of its letters off), if any. */
export function closestName(word: string, names: readonly string[]): string | undefined {
  const w = word.toLowerCase();
  let best: string | undefined, bestScore = Infinity;
  for (const name of names) {
    const n = name.toLowerCase();
    const d = n.startsWith(w) && w.length >= 2 ? 0.5 : editDistance(w, n);
    if (d < bestScore) {
      bestScore = d;
      best = name;
    }
  }
  return best !== undefined && bestScore <= Math.max(1, Math.floor(w.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/**
 * A value written so that the parser reads it back as it is: bare when it can be, else in double
 * quotes with `"` and `\` escaped (for reports and views that build searches: `connector:` +
 * quoteValue('EX01\Default Frontend EX01')).
 */
export function quoteValue(value: string): string {
  if (value !== '' && !/[\s()"]/.test(value)) return value;
  // inside quotes a backslash stays as it is unless a quote or a backslash follows it (or the closing quote would)
  return '"' + value.replace(/\\(?=["\\]|$)/g, '\\\\').replace(/"/g, '\\"') + '"';
}
