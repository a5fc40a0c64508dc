/**
 * Session search over the collection index: a parsed query (`query.ts`) compiled into a matcher that
 * works table by table. A text term tests each distinct text of a table once (the decision kept per
 * text id in a small memo of the compiled matcher) and then scans the table's id column; numbers and
 * times read the typed columns; lists (recipients, replies, message ids) their id arrays. No row is
 * decoded into an object except the rows a search returns. Completion counts the values of a field the
 * same way.
 */
import type {
  QueryCompletionItem, QueryCompletionResult, QueryProblem, SessionRow,
} from '../../../../protocol/src/queryTypes';
import { plural, t } from '../l10n';
import { hostOf, parseEndpoint } from '../util/endpoints';
import { CollectionIndex, SessionRef } from './collection';
import {
  QUERY_FIELDS, QueryField, QueryNode, TermMatch, TermNode, WordToken, addressBytes, globRegex, parseQuery, queryField,
  TextMode, quoteValue, tlsVersionNumber, tokenize,
} from './query';
import { AuthState, KIND_CODES, OUTCOME_CODES, S, SESSION_COLUMNS, SL, TlsState } from './schema';
import { NONE, Table, UintArray } from './table';

type SessionTable = Table<typeof SESSION_COLUMNS>;

/** Whether a session matches a compiled query. */
export type SessionMatcher = (ref: SessionRef) => boolean;

/** A compiled query node: a whole table of one file at once, or one row. */
interface Evaluator {
  /** out[r] = 1 when row r of `t` (every row of it from file `file`) matches, else 0. */
  fill(t: SessionTable, file: number, out: Uint8Array): void;
  /** Row `r` of `t`, whose session starts in `file` and ends in `lastFile`. */
  test(t: SessionTable, r: number, file: number, lastFile: number): boolean;
  /**
   * What asking costs: 0 a fact of the file, 1 a number column, 2 a text column (the table's text is
   * decoded), 3 a list, 4 every text. AND and OR ask the cheap first, and stop once the rows are decided,
   * so that a table can be answered before its text is decoded.
   */
  cost: number;
}

const TEXT_COLUMNS = [
  S.id, S.local, S.remote, S.connector, S.helo, S.mailFrom, S.user, S.tlsVersion, S.tlsCipher, S.authMechanism, S.outcomeText,
] as const;
const TEXT_LISTS = [SL.recipients, SL.messageIds, SL.internalIds, SL.replies] as const;

// ---- leaves ----

/**
 * Decisions about the texts of each table, by text id (0: not asked yet, 1: yes, 2: no): each distinct
 * text is tested once per compiled term.
 */
class TextDecisions {
  private readonly memo = new WeakMap<SessionTable, Uint8Array>();

  constructor(private readonly pred: (text: string) => boolean) {}

  of(t: SessionTable): { decide: (id: number) => boolean } {
    const texts = t.texts();
    let d = this.memo.get(t);
    if (!d) this.memo.set(t, (d = new Uint8Array(texts.length)));
    const dec = d, pred = this.pred;
    return {
      decide(id: number): boolean {
        if (id === NONE) return false;
        let v = dec[id];
        if (v === 0) dec[id] = v = pred(texts[id]) ? 1 : 2;
        return v === 1;
      },
    };
  }
}

/** True when some row of a text column has a value. */
function hasValue(ids: UintArray): boolean {
  for (let r = 0; r < ids.length; r++) if (ids[r] !== NONE) return true;
  return false;
}

/** A text column's value matches. */
function textColumn(col: number, pred: (text: string) => boolean): Evaluator {
  const decisions = new TextDecisions(pred);
  return {
    cost: 2,
    fill(t, _file, out) {
      const ids = t.column(col) as UintArray;
      // a column without a value in this table: no need to decode its text
      if (!hasValue(ids)) {
        out.fill(0);
        return;
      }
      const { decide } = decisions.of(t);
      for (let r = 0; r < ids.length; r++) out[r] = decide(ids[r]) ? 1 : 0;
    },
    test(t, r) {
      return decisions.of(t).decide((t.column(col) as UintArray)[r]);
    },
  };
}

/** Some value of a list (recipients, replies…) matches. */
function textList(list: number, pred: (text: string) => boolean): Evaluator {
  const decisions = new TextDecisions(pred);
  return {
    cost: 3,
    fill(t, _file, out) {
      const { counts, values } = t.data.lists[list];
      if (values.length === 0) {
        out.fill(0);
        return;
      }
      const { decide } = decisions.of(t);
      let at = 0;
      for (let r = 0; r < counts.length; r++) {
        const end = at + counts[r];
        let hit = 0;
        for (; at < end; at++) if (!hit && decide(values[at])) hit = 1;
        out[r] = hit;
      }
    },
    test(t, r) {
      const { decide } = decisions.of(t);
      for (const id of t.list(list, r)) if (decide(id)) return true;
      return false;
    },
  };
}

/** A small code column (kind, outcome, tls, auth) holds one of `codes`. */
function codeColumn(col: number, codes: readonly number[]): Evaluator {
  const allowed = new Uint8Array(256);
  for (const c of codes) allowed[c] = 1;
  return {
    cost: 1,
    fill(t, _file, out) {
      const v = t.column(col) as Uint8Array;
      for (let r = 0; r < v.length; r++) out[r] = allowed[v[r]];
    },
    test(t, r) {
      return allowed[(t.column(col) as Uint8Array)[r]] === 1;
    },
  };
}

/**
 * A number column in [lo, hi): `plain` as stored; `plusOne` stored plus one with 0 for unknown (duration,
 * bytes); times are NaN when unknown (never in range).
 */
function rangeColumn(col: number, lo: number, hi: number, stored: 'plain' | 'plusOne' | 'time'): Evaluator {
  const value = (v: number) => (stored === 'plusOne' ? (v === 0 ? NaN : v - 1) : v);
  return {
    cost: 1,
    fill(t, _file, out) {
      const v = t.column(col) as ArrayLike<number>;
      if (stored === 'plusOne') for (let r = 0; r < v.length; r++) out[r] = v[r] !== 0 && v[r] - 1 >= lo && v[r] - 1 < hi ? 1 : 0;
      else for (let r = 0; r < v.length; r++) out[r] = v[r] >= lo && v[r] < hi ? 1 : 0;
    },
    test(t, r) {
      const x = value((t.column(col) as ArrayLike<number>)[r]);
      return x >= lo && x < hi;
    },
  };
}

/** A fact of the session's file (server, service, path); `either`: of its first or its last file. */
function fileFact(pred: (file: number) => boolean, either: boolean): Evaluator {
  const memo = new Map<number, boolean>();
  const of = (file: number) => {
    let v = memo.get(file);
    if (v === undefined) memo.set(file, (v = pred(file)));
    return v;
  };
  return {
    cost: 0,
    fill(_t, file, out) {
      out.fill(of(file) ? 1 : 0);
    },
    test(_t, _r, file, lastFile) {
      return of(file) || (either && lastFile !== file && of(lastFile));
    },
  };
}

/** The ids of a table's texts that `pred` accepts (undefined when none does): each distinct text tested once. */
function idsWhere(texts: readonly string[], pred: (s: string) => boolean): Uint8Array | undefined {
  let hits: Uint8Array | undefined;
  for (let i = 1; i < texts.length; i++) {
    if (!pred(texts[i])) continue;
    hits ??= new Uint8Array(texts.length);
    hits[i] = 1;
  }
  return hits;
}

/** A bare word: any text of the session, or its server, contains it. */
function anyText(index: CollectionIndex, pattern: string): Evaluator {
  const pred = containsPredicate(pattern);
  const memo = new WeakMap<SessionTable, Uint8Array | null>();
  const hitsOf = (t: SessionTable) => {
    let h = memo.get(t);
    if (h === undefined) memo.set(t, (h = idsWhere(t.texts(), pred) ?? null));
    return h;
  };
  const server = fileFact((file) => pred(index.factsOf(file).server), false);
  return {
    cost: 4,
    fill(t, file, out) {
      server.fill(t, file, out);
      if (out.length > 0 && out[0] === 1) return;
      const hits = hitsOf(t);
      if (!hits) return;
      for (const c of TEXT_COLUMNS) {
        const ids = t.column(c) as UintArray;
        for (let r = 0; r < ids.length; r++) out[r] |= hits[ids[r]];
      }
      for (const l of TEXT_LISTS) {
        const { counts, values } = t.data.lists[l];
        let at = 0;
        for (let r = 0; r < counts.length; r++) {
          const end = at + counts[r];
          for (; at < end; at++) out[r] |= hits[values[at]];
        }
      }
    },
    test(t, r, file, lastFile) {
      if (server.test(t, r, file, lastFile)) return true;
      const hits = hitsOf(t);
      if (!hits) return false;
      for (const c of TEXT_COLUMNS) if (hits[(t.column(c) as UintArray)[r]]) return true;
      for (const l of TEXT_LISTS) for (const id of t.list(l, r)) if (hits[id]) return true;
      return false;
    },
  };
}

// ---- predicates over texts ----

/** Case-insensitive equality with `pattern` (lower-case), where `*` is any text. */
function wholePredicate(pattern: string): (s: string) => boolean {
  if (!pattern.includes('*')) return (s) => s.length === pattern.length && s.toLowerCase() === pattern;
  const re = globRegex(pattern);
  return (s) => re.test(s);
}

/** Case-insensitive substring (with `*` inside: as a pattern anywhere in the text). */
function containsPredicate(pattern: string): (s: string) => boolean {
  // a case-insensitive regular expression is faster than lower-casing each text, and allocates nothing
  const re = new RegExp(pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*'), 'is');
  return (s) => re.test(s);
}

function textPredicate(pattern: string, mode: TextMode): (s: string) => boolean {
  const whole = wholePredicate(pattern);
  switch (mode) {
    case 'contains': return containsPredicate(pattern);
    case 'angle': return (s) => whole(s.startsWith('<') && s.endsWith('>') ? s.slice(1, -1) : s);
    case 'user': return (s) => {
      if (whole(s)) return true;
      const slash = s.lastIndexOf('\\');
      if (slash >= 0 && whole(s.slice(slash + 1))) return true;
      const at = s.indexOf('@');
      return at > 0 && whole(s.slice(0, at));
    };
    default: return whole;
  }
}

function addressPredicate(m: Extract<TermMatch, { type: 'address' }>): (s: string) => boolean {
  const strip = (s: string) => (s.startsWith('<') && s.endsWith('>') ? s.slice(1, -1) : s);
  if (m.nullSender) return (s) => strip(s.trim()) === '';
  const whole = m.pattern !== undefined ? wholePredicate(m.pattern) : undefined;
  const domain = m.domain !== undefined ? wholePredicate(m.domain) : undefined;
  const local = m.local;
  return (raw) => {
    const s = strip(raw);
    if (whole && whole(s)) return true;
    const at = s.lastIndexOf('@');
    if (domain && at >= 0 && domain(s.slice(at + 1))) return true;
    return local !== undefined && at > 0 && s.slice(0, at).toLowerCase() === local;
  };
}

/**
 * The IPv4 address at the start of `s` (`10.1.2.3` or `10.1.2.3:port`) as an unsigned 32-bit number and
 * the port (-1 when none), read without allocating: `[-1, -1]` written into `out` when `s` is not one.
 */
function readIpv4(s: string, out: Int32Array | number[]): void {
  let value = 0, part = 0, digits = 0, dots = 0, i = 0;
  out[0] = -1;
  out[1] = -1;
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      part = part * 10 + c - 48;
      if (++digits > 3 || part > 255) return;
    } else if (c === 46 /* . */ && digits > 0 && dots < 3) {
      value = value * 256 + part;
      part = digits = 0;
      dots++;
    } else break;
  }
  if (dots !== 3 || digits === 0) return;
  value = value * 256 + part;
  let port = -1;
  if (i < s.length) {
    if (s.charCodeAt(i) !== 58 /* : */ || i + 1 === s.length || s.length - i > 6) return;
    port = 0;
    for (i++; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) return;
      port = port * 10 + c - 48;
    }
    if (port > 65535) return;
  }
  out[0] = value | 0;
  out[1] = port;
}

function endpointPredicate(m: Extract<TermMatch, { type: 'endpoint' | 'endpointPattern' }>): (s: string) => boolean {
  if (m.type === 'endpointPattern') {
    const re = globRegex(m.pattern);
    return (s) => re.test(s) || re.test(hostOf(s));
  }
  const { bytes: want, prefix, port } = m;
  const slow = (s: string) => {
    const e = parseEndpoint(s);
    if (!e || e.family === 'name') return false;
    if (port !== undefined && e.port !== port) return false;
    const b = addressBytes(e.address);
    if (!b || b.length !== want.length) return false;
    let bits = prefix;
    for (let i = 0; bits > 0; i++, bits -= 8) {
      const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
      if ((b[i] & mask) !== (want[i] & mask)) return false;
    }
    return true;
  };
  if (want.length !== 4) return slow;
  // IPv4: most endpoints are `a.b.c.d:port`, read here without the general parser
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) | 0;
  const net = ((want[0] << 24) | (want[1] << 16) | (want[2] << 8) | want[3]) & mask;
  const parsed = new Int32Array(2);
  return (s) => {
    readIpv4(s, parsed);
    if (parsed[0] === -1 && parsed[1] === -1) return s.includes(':') ? slow(s) : false;
    if (port !== undefined && parsed[1] !== port) return false;
    return (parsed[0] & mask) === net;
  };
}

/** `file:` over a path: a pattern with `/` matches the path's end or a folder of it, else the file name or a folder's. */
function filePredicate(pattern: string): (path: string) => boolean {
  if (pattern.includes('/')) {
    const body = pattern.replace(/^\/+/, '').replace(/\/+$/, '');
    const glob = body.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
    const re = new RegExp(`^.*/${glob}(?:/.*)?$`, 'is');
    return (p) => re.test('/' + p.replace(/\\/g, '/'));
  }
  // a name alone: the file's name, or one of its folders (`file:Hub`, `file:EX01`)
  const name = wholePredicate(pattern);
  return (p) => p.split(/[\\/]+/).some(name);
}

// ---- compiling ----

function compileNode(index: CollectionIndex, node: QueryNode): Evaluator {
  switch (node.type) {
    case 'and':
    case 'or': {
      // the cheap first: the rows they decide need not be asked again
      const items = node.items.map((n) => compileNode(index, n)).sort((a, b) => a.cost - b.cost);
      const and = node.type === 'and';
      return {
        cost: items[items.length - 1].cost,
        fill(t, file, out) {
          items[0].fill(t, file, out);
          let scratch: Uint8Array | undefined;
          for (let k = 1; k < items.length; k++) {
            // stop once nothing (AND) or everything (OR) is left to decide
            let undecided = false;
            for (let r = 0; r < out.length; r++) if (out[r] === (and ? 1 : 0)) {
              undecided = true;
              break;
            }
            if (!undecided) return;
            scratch ??= new Uint8Array(out.length);
            items[k].fill(t, file, scratch);
            if (and) for (let r = 0; r < out.length; r++) out[r] &= scratch[r];
            else for (let r = 0; r < out.length; r++) out[r] |= scratch[r];
          }
        },
        test(t, r, file, lastFile) {
          return and ? items.every((e) => e.test(t, r, file, lastFile)) : items.some((e) => e.test(t, r, file, lastFile));
        },
      };
    }
    case 'not': {
      const item = compileNode(index, node.item);
      return {
        cost: item.cost,
        fill(t, file, out) {
          item.fill(t, file, out);
          for (let r = 0; r < out.length; r++) out[r] ^= 1;
        },
        test: (t, r, file, lastFile) => !item.test(t, r, file, lastFile),
      };
    }
    case 'term':
      return compileTerm(index, node);
  }
}

function either(a: Evaluator, b: Evaluator): Evaluator {
  return compileOr([a, b]);
}

function compileOr(items: Evaluator[]): Evaluator {
  return {
    cost: Math.max(...items.map((e) => e.cost)),
    fill(t, file, out) {
      items[0].fill(t, file, out);
      const scratch = new Uint8Array(out.length);
      for (let k = 1; k < items.length; k++) {
        items[k].fill(t, file, scratch);
        for (let r = 0; r < out.length; r++) out[r] |= scratch[r];
      }
    },
    test: (t, r, file, lastFile) => items.some((e) => e.test(t, r, file, lastFile)),
  };
}

const NOTHING: Evaluator = { cost: 0, fill: (_t, _f, out) => void out.fill(0), test: () => false };

const AUTH_CODES: Record<string, number> = { ok: AuthState.Ok, failed: AuthState.Failed, attempted: AuthState.Attempted, none: AuthState.None };

function compileTerm(index: CollectionIndex, node: TermNode): Evaluator {
  const m = node.match;
  const path = (file: number) => index.file(file)?.path ?? '';
  switch (m.type) {
    case 'any':
      return anyText(index, m.pattern);
    case 'text': {
      const pred = textPredicate(m.pattern, m.mode);
      switch (node.field) {
        case 'server': return fileFact((file) => pred(index.factsOf(file).server), false);
        case 'connector': return textColumn(S.connector, pred);
        case 'ehlo': return textColumn(S.helo, pred);
        case 'user': return textColumn(S.user, pred);
        case 'cipher': return textColumn(S.tlsCipher, pred);
        case 'mechanism': return textColumn(S.authMechanism, pred);
        case 'message-id': return textList(SL.messageIds, pred);
        case 'internal-id': return textList(SL.internalIds, pred);
        case 'id': return textColumn(S.id, pred);
      }
      return NOTHING;
    }
    case 'address': {
      const pred = addressPredicate(m);
      return node.field === 'to' ? textList(SL.recipients, pred) : textColumn(S.mailFrom, pred);
    }
    case 'endpoint':
    case 'endpointPattern':
      return textColumn(node.field === 'local' ? S.local : S.remote, endpointPredicate(m));
    case 'choice':
      switch (node.field) {
        case 'kind': return codeColumn(S.kind, m.values.map((k) => KIND_CODES.indexOf(k as never)));
        case 'outcome': return codeColumn(S.outcome, m.values.map((o) => OUTCOME_CODES.indexOf(o as never)));
        case 'auth': return codeColumn(S.auth, m.values.map((a) => AUTH_CODES[a]));
        case 'service': {
          const want = new Set(m.values);
          return fileFact((file) => want.has(index.factsOf(file).service ?? ''), false);
        }
      }
      return NOTHING;
    case 'tls': {
      const states = { none: TlsState.None, failed: TlsState.Failed, ok: TlsState.Ok };
      const parts: Evaluator[] = [];
      if (m.states.length > 0) parts.push(codeColumn(S.tls, m.states.map((s) => states[s])));
      if (m.lo !== undefined && m.hi !== undefined) {
        const { lo, hi } = m;
        parts.push(textColumn(S.tlsVersion, (s) => {
          const n = tlsVersionNumber(s);
          return n !== undefined && n >= lo && n < hi;
        }));
      }
      return parts.length === 0 ? NOTHING : parts.length === 1 ? parts[0] : either(parts[0], parts[1]);
    }
    case 'reply': {
      const re = new RegExp(m.regex, 'i');
      return textList(SL.replies, (s) => re.test(s));
    }
    case 'range':
      switch (node.field) {
        case 'messages': return rangeColumn(S.messages, m.lo, m.hi, 'plain');
        case 'duration': return rangeColumn(S.duration, m.lo, m.hi, 'plusOne');
        case 'bytes': return rangeColumn(S.bytes, m.lo, m.hi, 'plusOne');
        case 'after':
        case 'before': return rangeColumn(S.start, m.lo, m.hi, 'time');
      }
      return NOTHING;
    case 'file': {
      const pred = filePredicate(m.pattern);
      return fileFact((file) => pred(path(file)), true);
    }
  }
}

/** A query compiled for whole tables: the rows of a table of one file that match (1) or not (0). */
export interface CompiledQuery {
  /** Every row of a part's table (all from `file`). */
  fill(t: SessionTable, file: number, out: Uint8Array): void;
  test(t: SessionTable, r: number, file: number, lastFile: number): boolean;
}

/** A query compiled for tables (for reports and search, which scan columns); undefined query → every row. */
export function compileQueryTables(index: CollectionIndex, query: QueryNode | undefined): CompiledQuery {
  if (!query) return { fill: (_t, _f, out) => out.fill(1), test: () => true };
  return compileNode(index, query);
}

/**
 * A matcher for session refs (undefined query → matches all). The first ref of a part's table works
 * out the whole table at once and keeps the answer; joined sessions (a roll-over) are tested row by row.
 */
export function compileQuery(index: CollectionIndex, query: QueryNode | undefined): SessionMatcher {
  if (!query) return () => true;
  const compiled = compileNode(index, query);
  const partTables = new Set<SessionTable>();
  for (const [, f] of index.files()) for (const p of f.parts) partTables.add(p.sessions);
  const masks = new WeakMap<SessionTable, Uint8Array>();
  return (ref) => {
    const t = ref.table;
    let mask = masks.get(t);
    if (!mask) {
      if (!partTables.has(t)) return compiled.test(t, ref.row, ref.file, ref.lastFile);
      mask = new Uint8Array(t.rows);
      compiled.fill(t, ref.file, mask);
      masks.set(t, mask);
    }
    return mask[ref.row] === 1;
  };
}

// ---- searching ----

export interface SearchOptions {
  /** Only the sessions of files for which this is true (a joined session: its first or last file). */
  files?: (path: string) => boolean;
  /** Refs returned at most (default 1,000); `total` counts every match. */
  limit?: number;
}

export interface SearchResult {
  problems: QueryProblem[];
  refs: SessionRef[];
  total: number;
}

/** A bounded list of the earliest matches: a max-heap on (start, file rank, line). */
class Earliest {
  private readonly heap: { key0: number; key1: number; key2: number; ref: SessionRef }[] = [];

  constructor(private readonly limit: number) {}

  private less(a: { key0: number; key1: number; key2: number }, b: { key0: number; key1: number; key2: number }): boolean {
    return a.key0 < b.key0 || (a.key0 === b.key0 && (a.key1 < b.key1 || (a.key1 === b.key1 && a.key2 < b.key2)));
  }

  /** True when an entry with this key would be kept. */
  wants(key0: number, key1: number, key2: number): boolean {
    if (this.heap.length < this.limit) return true;
    if (this.limit === 0) return false;
    const top = this.heap[0];
    return key0 < top.key0 || (key0 === top.key0 && (key1 < top.key1 || (key1 === top.key1 && key2 < top.key2)));
  }

  add(key0: number, key1: number, key2: number, ref: SessionRef): void {
    const h = this.heap;
    const item = { key0, key1, key2, ref };
    if (h.length < this.limit) {
      h.push(item);
      for (let i = h.length - 1; i > 0; ) {
        const p = (i - 1) >> 1;
        if (!this.less(h[p], h[i])) break;
        [h[p], h[i]] = [h[i], h[p]];
        i = p;
      }
      return;
    }
    h[0] = item;
    for (let i = 0; ; ) {
      const l = 2 * i + 1, r = l + 1;
      let big = i;
      if (l < h.length && this.less(h[big], h[l])) big = l;
      if (r < h.length && this.less(h[big], h[r])) big = r;
      if (big === i) break;
      [h[big], h[i]] = [h[i], h[big]];
      i = big;
    }
  }

  sorted(): SessionRef[] {
    return this.heap.slice().sort((a, b) => (this.less(a, b) ? -1 : this.less(b, a) ? 1 : 0)).map((x) => x.ref);
  }
}

/** Files' ranks in path order (for ordering sessions that start at the same time). */
function fileRanks(index: CollectionIndex): Map<number, number> {
  const files = [...index.files()].map(([i, f]) => ({ i, path: f.path }));
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return new Map(files.map((f, rank) => [f.i, rank]));
}

/**
 * The sessions that match `text`, in time order (start time, then file path, then line; sessions
 * without a time last). A query with mistakes returns them and no sessions.
 */
export function searchSessions(index: CollectionIndex, text: string, options: SearchOptions = {}): SearchResult {
  const parsed = parseQuery(text);
  if (parsed.problems.length > 0) return { problems: parsed.problems, refs: [], total: 0 };
  const compiled = compileQueryTables(index, parsed.query);
  const limit = Math.max(0, options.limit ?? 1000);
  const ranks = fileRanks(index);
  const inScope = scopeOf(index, options.files);
  const best = new Earliest(limit);
  let total = 0;
  let mask = new Uint8Array(0);
  for (const st of index.sessionTables()) {
    const t = st.table;
    const start = t.column(S.start), line = t.column(S.firstLine) as UintArray;
    if (st.files) {
      for (let r = 0; r < t.rows; r++) {
        const file = st.files[r], lastFile = st.lastFiles![r];
        if (!inScope(file) && !inScope(lastFile)) continue;
        if (!compiled.test(t, r, file, lastFile)) continue;
        total++;
        const s = start[r] === start[r] ? start[r] : Infinity;
        const rank = ranks.get(file) ?? 0;
        if (best.wants(s, rank, line[r])) best.add(s, rank, line[r], { file, table: t, row: r, lastFile });
      }
      continue;
    }
    if (!inScope(st.file)) continue;
    if (mask.length < t.rows) mask = new Uint8Array(Math.max(t.rows, mask.length * 2));
    const out = mask.subarray(0, t.rows);
    compiled.fill(t, st.file, out);
    const rank = ranks.get(st.file) ?? 0;
    const skip = st.skip;
    for (let r = 0; r < out.length; r++) {
      if (out[r] === 0 || (skip && skip[r] === 1)) continue;
      total++;
      const s = start[r] === start[r] ? start[r] : Infinity;
      if (best.wants(s, rank, line[r])) best.add(s, rank, line[r], { file: st.file, table: t, row: r, lastFile: st.file });
    }
  }
  return { problems: [], refs: best.sorted(), total };
}

/** A memoised test of whether a file is in scope. */
function scopeOf(index: CollectionIndex, files: ((path: string) => boolean) | undefined): (file: number) => boolean {
  if (!files) return () => true;
  const memo = new Map<number, boolean>();
  return (file) => {
    let v = memo.get(file);
    if (v === undefined) memo.set(file, (v = files(index.file(file)?.path ?? '')));
    return v;
  };
}

// ---- rows ----

const AUTH_NAMES: SessionRow['auth'][] = ['none', 'ok', 'failed', 'attempted'];

/** `TLS 1.2` → `1.2`; `SSL 3.0` → `ssl3.0`; what else the log says as it is. */
export function tlsName(state: number, version: string | undefined): string {
  if (state === TlsState.None) return 'none';
  if (state === TlsState.Failed) return 'failed';
  if (!version) return 'ok';
  const m = /^(TLS|SSL)\s*(\d\.\d)$/i.exec(version.trim());
  if (!m) return version;
  return m[1].toUpperCase() === 'TLS' ? m[2] : `ssl${m[2]}`;
}

/** One session as search results list it. */
export function sessionRow(index: CollectionIndex, ref: SessionRef, uriOf: (path: string) => string): SessionRow {
  const t = ref.table, r = ref.row;
  const text = (c: number) => t.text((t.column(c) as UintArray)[r]);
  const list = (l: number) => Array.from(t.list(l, r), (id) => t.text(id)!);
  const facts = index.factsOf(ref.file);
  const start = t.column(S.start)[r];
  const duration = (t.column(S.duration) as UintArray)[r];
  const bytes = (t.column(S.bytes) as UintArray)[r];
  const mailFrom = text(S.mailFrom);
  const path = index.file(ref.file)?.path ?? '';
  const lastPath = index.file(ref.lastFile)?.path ?? path;
  const row: SessionRow = {
    uri: uriOf(path),
    line: (t.column(S.firstLine) as UintArray)[r],
    lastUri: uriOf(lastPath),
    lastLine: (t.column(S.lastLine) as UintArray)[r],
    server: facts.server,
    kind: KIND_CODES[(t.column(S.kind) as Uint8Array)[r]] ?? 'generic',
    sessionId: text(S.id) ?? '',
    tls: tlsName((t.column(S.tls) as Uint8Array)[r], text(S.tlsVersion)),
    auth: AUTH_NAMES[(t.column(S.auth) as Uint8Array)[r]] ?? 'none',
    to: list(SL.recipients),
    messageIds: list(SL.messageIds),
    messages: (t.column(S.messages) as UintArray)[r],
    outcome: OUTCOME_CODES[(t.column(S.outcome) as Uint8Array)[r]] ?? 'unknown',
    replies: list(SL.replies),
  };
  if (facts.service) row.service = facts.service;
  if (Number.isFinite(start)) {
    row.start = start;
    if (duration > 0) {
      row.end = start + duration - 1;
      row.durationMs = duration - 1;
    }
  }
  const optional: [keyof SessionRow, string | undefined][] = [
    ['remote', text(S.remote)], ['local', text(S.local)], ['connector', text(S.connector)], ['ehlo', text(S.helo)],
    ['tlsCipher', text(S.tlsCipher)], ['authMechanism', text(S.authMechanism)], ['user', text(S.user)],
    ['from', mailFrom === undefined ? undefined : mailFrom === '' ? '<>' : mailFrom], ['outcomeText', text(S.outcomeText)],
  ];
  for (const [k, v] of optional) if (v !== undefined) (row as unknown as Record<string, unknown>)[k] = v;
  if (bytes > 0) row.bytes = bytes - 1;
  return row;
}

// ---- completion ----

/** Values offered at most. */
const COMPLETION_LIMIT = 100;

const EXAMPLES: Record<string, string[]> = {
  messages: ['0', '>0', '>1', '>10', '2..5'],
  duration: ['>30s', '>5min', '>1h', '<1s', '10s..1min'],
  bytes: ['>1MB', '>10MB', '<10KB', '1MB..10MB'],
};

/**
 * The hosts of the remote endpoints, counted: an IPv4 endpoint (`10.0.0.1:51234`, its port nearly
 * always new) by its address as a number, so that no string is made per endpoint; others as `hostOf`.
 */
function remoteHosts(index: CollectionIndex, files: ((path: string) => boolean) | undefined, counter: Counter): ValueItem[] {
  const v4 = new IntCounter();
  const parsed = new Int32Array(2);
  countTexts(index, files, { column: S.remote }, (s, n) => {
    readIpv4(s, parsed);
    if (parsed[0] === -1 && parsed[1] === -1) counter.add(hostOf(s), n);
    else v4.add(parsed[0], n);
  });
  v4.forEach((ip, n) => counter.add(`${(ip >>> 24) & 255}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}`, n));
  return counter.items();
}

/** Counts by 32-bit key in an open-addressing table (a Map would box most IPv4 addresses as heap numbers). */
class IntCounter {
  private keys = new Int32Array(1024);
  private counts = new Float64Array(1024);
  private used = new Uint8Array(1024);
  private size = 0;

  add(key: number, n: number): void {
    if (this.size * 2 >= this.keys.length) this.grow();
    const mask = this.keys.length - 1;
    let slot = Math.imul(key, 0x9e3779b1);
    slot = (slot ^ (slot >>> 15)) & mask;
    while (this.used[slot] && this.keys[slot] !== key) slot = (slot + 1) & mask;
    if (!this.used[slot]) {
      this.used[slot] = 1;
      this.keys[slot] = key;
      this.size++;
    }
    this.counts[slot] += n;
  }

  forEach(visit: (key: number, count: number) => void): void {
    for (let i = 0; i < this.keys.length; i++) if (this.used[i]) visit(this.keys[i], this.counts[i]);
  }

  private grow(): void {
    const { keys, counts, used } = this;
    this.keys = new Int32Array(keys.length * 2);
    this.counts = new Float64Array(keys.length * 2);
    this.used = new Uint8Array(keys.length * 2);
    this.size = 0;
    for (let i = 0; i < keys.length; i++) if (used[i]) this.add(keys[i], counts[i]);
  }
}

/** Completion at `offset`: field names, then the values the collection holds for the field, and `OR`. */
export function completeQuery(index: CollectionIndex, text: string, offset: number, files?: (path: string) => boolean): QueryCompletionResult {
  const problems = parseQuery(text).problems;
  const at = Math.max(0, Math.min(offset, text.length));
  const tokens = tokenize(text);
  const here = tokens.find((tok) => tok.start < at && at <= tok.end && tok.type !== 'lparen' && tok.type !== 'rparen' && tok.type !== 'minus');
  const before = tokens.filter((tok) => tok.end <= (here ? here.start : at));
  const afterTerm = before.length > 0 && (before[before.length - 1].type === 'word' || before[before.length - 1].type === 'rparen');
  const items: QueryCompletionItem[] = [];
  const word = here && here.type === 'word' ? (here as WordToken) : undefined;
  if (word && word.field !== undefined && at > word.fieldEnd!) {
    const field = queryField(word.field);
    if (field) {
      const typed = unquotePrefix(text.slice(word.valueStart, at));
      for (const v of valueItems(index, field, typed, files)) {
        items.push({ label: v.label, detail: v.detail, insertText: quoteValue(v.label), replaceStart: word.valueStart, replaceEnd: word.end, kind: 'value' });
      }
    }
    return { items, problems };
  }
  // a field name (or a keyword) being typed
  const start = here ? here.start : at;
  const end = word && word.field !== undefined ? word.fieldEnd! + 1 : here ? here.end : at;
  const typed = text.slice(start, at).toLowerCase();
  // fields whose name fits first, then those one of whose aliases does
  const byName = QUERY_FIELDS.filter((f) => f.name.startsWith(typed));
  const byAlias = QUERY_FIELDS.filter((f) => !f.name.startsWith(typed) && f.aliases.some((a) => a.startsWith(typed)));
  for (const f of [...byName, ...byAlias]) {
    items.push({ label: `${f.name}:`, detail: f.description, insertText: `${f.name}:`, replaceStart: start, replaceEnd: end, kind: 'field' });
  }
  if (afterTerm && 'or'.startsWith(typed) && !(word && word.field !== undefined)) {
    items.push({ label: 'OR', detail: t('Either side matches (AND, written as a space, binds tighter)'), insertText: 'OR ', replaceStart: start, replaceEnd: end, kind: 'keyword' });
  }
  return { items, problems };
}

/** The typed part of a value: without its opening quote, escapes read. */
function unquotePrefix(s: string): string {
  if (!s.startsWith('"')) return s;
  return s.slice(1).replace(/"$/, '').replace(/\\(["\\])/g, '$1');
}

interface ValueItem {
  label: string;
  detail?: string;
}

/** Distinct values counted at most for one completion (ids are nearly all distinct: past this, new ones are not counted). */
const DISTINCT_LIMIT = 20_000;

interface Counted {
  label: string;
  count: number;
  /** 0: starts with what was typed; 1: contains it. */
  rank: number;
}

/** a before b: those that start with the typed text, then the most frequent, then by label. */
function before(a: Counted, b: Counted): boolean {
  return a.rank < b.rank || (a.rank === b.rank && (a.count > b.count || (a.count === b.count && a.label < b.label)));
}

/** The first `k` of `items` in `before` order (a bounded heap: no sort of them all). */
export function firstK(items: Iterable<Counted>, k: number): Counted[] {
  const heap: Counted[] = [];
  const sift = (i: number) => {
    for (;;) {
      const l = 2 * i + 1, r = l + 1;
      let worst = i;
      if (l < heap.length && before(heap[worst], heap[l])) worst = l;
      if (r < heap.length && before(heap[worst], heap[r])) worst = r;
      if (worst === i) return;
      [heap[worst], heap[i]] = [heap[i], heap[worst]];
      i = worst;
    }
  };
  for (const item of items) {
    if (heap.length < k) {
      heap.push(item);
      for (let i = heap.length - 1; i > 0; ) {
        const p = (i - 1) >> 1;
        if (!before(heap[p], heap[i])) break;
        [heap[p], heap[i]] = [heap[i], heap[p]];
        i = p;
      }
    } else if (k > 0 && before(item, heap[0])) {
      heap[0] = item;
      sift(0);
    }
  }
  return heap.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
}

/**
 * Counts of the values that contain what was typed (case-insensitively the same value counted once,
 * shown as first seen).
 */
class Counter {
  readonly counts = new Map<string, Counted>();
  private readonly starts: RegExp;
  private readonly contains: RegExp;

  /** `exact`: values keyed as written (ids, whose case does not vary; saves lower-casing each one). */
  constructor(typed: string, private readonly exact = false) {
    const escaped = typed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    this.starts = new RegExp('^' + escaped, 'i');
    this.contains = new RegExp(escaped, 'i');
  }

  add(label: string, n: number): void {
    if (!this.contains.test(label)) return;
    const key = this.exact ? label : label.toLowerCase();
    const e = this.counts.get(key);
    if (e) e.count += n;
    else if (this.counts.size < DISTINCT_LIMIT) this.counts.set(key, { label, count: n, rank: this.starts.test(label) ? 0 : 1 });
  }

  items(limit = COMPLETION_LIMIT): ValueItem[] {
    return firstK(this.counts.values(), limit).map((e) => ({ label: e.label, detail: plural(e.count, '{0} session', '{0} sessions') }));
  }
}

/** Counts, per table of the collection in scope, of a text column's or list's ids; `add` gets each distinct text and its count. */
function countTexts(index: CollectionIndex, files: ((path: string) => boolean) | undefined, source: { column?: number; list?: number }, add: (text: string, n: number) => void): void {
  const inScope = scopeOf(index, files);
  let counts = new Uint32Array(1024);
  const touched: number[] = [];
  for (const st of index.sessionTables()) {
    const t = st.table;
    if (!inScope(st.file)) continue;
    const texts = t.texts();
    if (counts.length < texts.length) counts = new Uint32Array(Math.max(texts.length, counts.length * 2));
    const skip = st.skip;
    const bump = (id: number) => {
      if (id === NONE) return;
      if (counts[id]++ === 0) touched.push(id);
    };
    if (source.column !== undefined) {
      const ids = t.column(source.column) as UintArray;
      for (let r = 0; r < ids.length; r++) if (!skip || skip[r] === 0) bump(ids[r]);
    } else {
      const { counts: per, values } = t.data.lists[source.list!];
      let at = 0;
      for (let r = 0; r < per.length; r++) {
        const end = at + per[r];
        if (!skip || skip[r] === 0) for (let k = at; k < end; k++) bump(values[k]);
        at = end;
      }
    }
    for (const id of touched) {
      add(texts[id], counts[id]);
      counts[id] = 0;
    }
    touched.length = 0;
  }
}

/** Counts of a small code column over the collection in scope. */
function countCodes(index: CollectionIndex, files: ((path: string) => boolean) | undefined, column: number): number[] {
  const inScope = scopeOf(index, files);
  const out = new Array<number>(256).fill(0);
  for (const st of index.sessionTables()) {
    if (!inScope(st.file)) continue;
    const v = st.table.column(column) as Uint8Array;
    const skip = st.skip;
    for (let r = 0; r < v.length; r++) if (!skip || skip[r] === 0) out[v[r]]++;
  }
  return out;
}

/** Sessions per file in scope (joined sessions counted in their first file). */
function sessionsPerFile(index: CollectionIndex, files: ((path: string) => boolean) | undefined): Map<number, number> {
  const inScope = scopeOf(index, files);
  const out = new Map<number, number>();
  for (const st of index.sessionTables()) {
    if (st.files) {
      for (const f of st.files) if (inScope(f)) out.set(f, (out.get(f) ?? 0) + 1);
      continue;
    }
    if (!inScope(st.file)) continue;
    let n = st.table.rows;
    if (st.skip) for (let r = 0; r < st.skip.length; r++) n -= st.skip[r];
    out.set(st.file, (out.get(st.file) ?? 0) + n);
  }
  return out;
}

/**
 * Session ids that start with what was typed (nothing until something is): each names one session, so
 * there is nothing to count; the first ones found, in order.
 */
function sessionIds(index: CollectionIndex, files: ((path: string) => boolean) | undefined, typed: string): ValueItem[] {
  if (!typed) return [];
  const starts = new RegExp('^' + typed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
  const inScope = scopeOf(index, files);
  const found = new Set<string>();
  for (const st of index.sessionTables()) {
    if (!inScope(st.file)) continue;
    const t = st.table, texts = t.texts(), ids = t.column(S.id) as UintArray;
    for (let r = 0; r < ids.length && found.size < COMPLETION_LIMIT; r++) if (ids[r] !== NONE && starts.test(texts[ids[r]])) found.add(texts[ids[r]]);
    if (found.size >= COMPLETION_LIMIT) break;
  }
  return [...found].sort().map((label) => ({ label }));
}

function fixedItems(typed: string, values: { label: string; count?: number }[]): ValueItem[] {
  const want = typed.toLowerCase();
  return values
    .filter((v) => v.label.toLowerCase().startsWith(want))
    .map((v) => ({ label: v.label, detail: v.count === undefined ? undefined : plural(v.count, '{0} session', '{0} sessions') }));
}

function valueItems(index: CollectionIndex, field: QueryField, typed: string, files: ((path: string) => boolean) | undefined): ValueItem[] {
  const counter = new Counter(typed);
  const column = (c: number, map: (s: string) => string | undefined = (s) => s) => {
    countTexts(index, files, { column: c }, (s, n) => {
      const v = map(s);
      if (v !== undefined) counter.add(v, n);
    });
    return counter.items();
  };
  const list = (l: number, map: (s: string) => string | undefined = (s) => s) => {
    countTexts(index, files, { list: l }, (s, n) => {
      const v = map(s);
      if (v !== undefined) counter.add(v, n);
    });
    return counter.items();
  };
  const exactList = (l: number) => {
    // message ids are nearly all distinct: nothing to offer until some of one is typed
    if (typed.replace(/^</, '') === '') return [];
    const exact = new Counter(typed, true);
    countTexts(index, files, { list: l }, (s, n) => exact.add(s, n));
    return exact.items();
  };
  const domainForm = /^\*?@/.exec(typed)?.[0];
  const addressMap = (s: string) => {
    if (domainForm) {
      const at = s.lastIndexOf('@');
      return at >= 0 ? domainForm + s.slice(at + 1) : undefined;
    }
    return s === '' ? '<>' : s;
  };
  const perFile = (key: (file: number) => string | undefined) => {
    for (const [file, n] of sessionsPerFile(index, files)) {
      const k = key(file);
      if (k) counter.add(k, n);
    }
    return counter.items();
  };
  switch (field.name) {
    case 'remote': return remoteHosts(index, files, counter);
    case 'local': return column(S.local);
    case 'server': return perFile((f) => index.factsOf(f).server || undefined);
    case 'service': return perFile((f) => index.factsOf(f).service);
    case 'connector': return column(S.connector);
    case 'ehlo': return column(S.helo);
    case 'from': return column(S.mailFrom, addressMap);
    case 'to': return list(SL.recipients, addressMap);
    case 'user': return column(S.user);
    case 'cipher': return column(S.tlsCipher);
    case 'mechanism': return column(S.authMechanism);
    case 'reply': return list(SL.replies);
    case 'message-id': return exactList(SL.messageIds);
    case 'internal-id': return exactList(SL.internalIds);
    case 'id': return sessionIds(index, files, typed);
    case 'file': return perFile((f) => {
      const p = index.file(f)?.path ?? '';
      return p.slice(Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\')) + 1);
    });
    case 'after':
    case 'before': {
      const items = perFile((f) => index.factsOf(f).day || undefined);
      return items.sort((a, b) => (a.label < b.label ? -1 : 1));
    }
    case 'kind': {
      const codes = countCodes(index, files, S.kind);
      const n = (k: string) => codes[KIND_CODES.indexOf(k as never)];
      return fixedItems(typed, [
        { label: 'receive', count: n('smtpReceive') }, { label: 'send', count: n('smtpSend') }, { label: 'connectivity', count: n('connectivity') },
        { label: 'pop3', count: n('pop3') }, { label: 'imap4', count: n('imap4') }, { label: 'smtp', count: n('smtpReceive') + n('smtpSend') },
      ]);
    }
    case 'outcome': {
      const codes = countCodes(index, files, S.outcome);
      return fixedItems(typed, OUTCOME_CODES.map((o, i) => ({ label: o, count: codes[i] })).sort((a, b) => b.count - a.count));
    }
    case 'auth': {
      const codes = countCodes(index, files, S.auth);
      return fixedItems(typed, (['ok', 'failed', 'attempted', 'none'] as const).map((a) => ({ label: a, count: codes[AUTH_CODES[a]] })));
    }
    case 'tls': {
      const codes = countCodes(index, files, S.tls);
      const versions = new Counter('');
      countTexts(index, files, { column: S.tlsVersion }, (s, n) => versions.add(tlsName(TlsState.Ok, s), n));
      const seen = [...versions.counts.values()].sort((a, b) => (a.label < b.label ? -1 : 1)).map((v) => ({ label: v.label, count: v.count }));
      return fixedItems(typed, [...seen, { label: 'none', count: codes[TlsState.None] }, { label: 'failed', count: codes[TlsState.Failed] }, { label: '<1.2' }]);
    }
    default:
      return fixedItems(typed, (EXAMPLES[field.name] ?? []).map((label) => ({ label }))).map((i) => ({ ...i, detail: t('an example') }));
  }
}
