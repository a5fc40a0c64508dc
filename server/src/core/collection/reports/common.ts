/**
 * What the reports share: passing over the sessions (and tracking events) a report covers, column by
 * column, with each table's text ids turned into ids that hold across tables (a text is looked at once
 * per table, not once per row); tallies of values; the `where` of a row; tables cut at `top`.
 */
import type { ReportCell, ReportColumn, ReportColumnType, ReportRow, ReportTable } from '../../../../../protocol/src/queryTypes';
import { t } from '../../l10n';
import { hostOf } from '../../util/endpoints';
import type { LogKind } from '../../model/kinds';
import { detach } from '../../util/detach';
import type { CollectionIndex } from '../collection';
import { quoteValue } from '../query';
import { EVENT_COLUMNS, KIND_CODES, S, SESSION_COLUMNS } from '../schema';
import { NONE, Table, UintArray } from '../table';
import type { ReportInput } from './types';

export type SessionTable = Table<typeof SESSION_COLUMNS>;
export type EventTable = Table<typeof EVENT_COLUMNS>;

/** Dense ids for strings (a report's own small sets: servers, labels). */
export class Interner {
  private readonly ids = new Map<string, number>();
  readonly values: string[] = [];

  id(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.ids.set(value, id);
      this.values.push(value);
    }
    return id;
  }

  /** The id of a value seen before, or -1. */
  find(value: string): number {
    return this.ids.get(value) ?? -1;
  }

  get size(): number {
    return this.values.length;
  }
}

/** How texts become keys: as they are, an e-mail address lower-cased, its domain, the address of an endpoint. */
export type KeyKind = 'text' | 'address' | 'domain' | 'host';

const TRANSFORMS: Readonly<Record<KeyKind, (text: string) => string | undefined>> = {
  text: (x) => x,
  address: (x) => (x === '' ? '<>' : x.toLowerCase()),
  domain: (x) => domainOf(x),
  host: (x) => addressOf(x),
};

/**
 * The keys of one kind for a collection: each distinct value numbered once, and per table the key of
 * each of its text ids, worked out the first time a report reads it. Kept between reports (a second
 * report reads arrays instead of strings): the numbering lives as long as the collection, the table
 * memos as long as the table's decoded text (they are keyed by it, so `forgetDecoded` lets them go).
 * Values are copied out of the tables' text, so they keep none of it alive.
 */
export class KeySpace extends Interner {
  private readonly memos = new WeakMap<readonly string[], Int32Array>();

  constructor(readonly transform: (text: string) => string | undefined) {
    super();
  }

  override id(value: string): number {
    const known = this.find(value);
    return known >= 0 ? known : super.id(detach(value));
  }

  /** Per text id of a table (its decoded texts), its key id: -2 not worked out yet, -1 none. */
  memoOf(texts: readonly string[]): Int32Array {
    let memo = this.memos.get(texts);
    if (!memo) this.memos.set(texts, (memo = new Int32Array(texts.length).fill(-2)));
    return memo;
  }
}

/** Per collection, its key spaces (memos keyed by the collection, as the summaries are by a model). */
const SPACES = new WeakMap<CollectionIndex, Map<KeyKind, KeySpace>>();

export function keySpace(index: CollectionIndex, kind: KeyKind): KeySpace {
  let spaces = SPACES.get(index);
  if (!spaces) SPACES.set(index, (spaces = new Map()));
  let space = spaces.get(kind);
  if (!space) spaces.set(kind, (space = new KeySpace(TRANSFORMS[kind])));
  return space;
}

type AnyTable = Table<readonly { name: string; type: 'u8' | 'uint' | 'str' | 'time' }[]>;

/**
 * Reads keys of one space table by table: `of(table, textId)` is the key id of a text (-1 for none:
 * NONE, or the transform says none), from the table's memo once worked out.
 */
export class TextKeys {
  private table: AnyTable | undefined;
  private texts: readonly string[] = [];
  private memo: Int32Array = new Int32Array(0);
  readonly space: KeySpace;

  constructor(index: CollectionIndex, kind: KeyKind) {
    this.space = keySpace(index, kind);
  }

  of(table: AnyTable, id: number): number {
    if (table !== this.table) {
      this.table = table;
      this.texts = table.texts();
      this.memo = this.space.memoOf(this.texts);
    }
    const k = this.memo[id];
    return k !== -2 ? k : this.work(id);
  }

  private work(id: number): number {
    const key = id === NONE ? undefined : this.space.transform(this.texts[id]);
    return (this.memo[id] = key === undefined ? -1 : this.space.id(key));
  }

  get values(): readonly string[] {
    return this.space.values;
  }
}

/** Per file of the index, whether the report covers it (undefined: every file). */
function coveredFiles(index: CollectionIndex, files: ReportInput['files']): Uint8Array | undefined {
  if (!files) return undefined;
  let n = 0;
  for (const [i] of index.files()) n = Math.max(n, i + 1);
  const out = new Uint8Array(n);
  for (const [i, f] of index.files()) out[i] = files(f.path) ? 1 : 0;
  return out;
}

/** What a report does with a row of a table: `file` is the file of the session's first line. */
export type RowVisitor = (row: number, file: number) => void;

/**
 * Visits every session the report covers (its files, its search), once per session (a session joined
 * across an hourly roll-over once, counted when its first or last file is covered, as a search does),
 * table by table: `onTable` is called for a table before its first row (to read its columns once) and
 * returns what to do with each row. `kinds` (log kinds) leaves the others out before the search is asked.
 */
export function scanSessions(input: ReportInput, kinds: readonly LogKind[] | undefined, onTable: (table: SessionTable) => RowVisitor): void {
  const covered = coveredFiles(input.index, input.files);
  const wanted = kinds ? new Uint8Array(KIND_CODES.length) : undefined;
  if (wanted) for (const k of kinds!) wanted[KIND_CODES.indexOf(k)] = 1;
  // one ref for every question to the search (it keeps none)
  const ref = { file: 0, table: undefined as unknown as SessionTable, row: 0, lastFile: 0 };
  for (const st of input.index.sessionTables()) {
    const t = st.table;
    if (!st.files && covered && !covered[st.file]) continue;
    const kind = t.column(S.kind);
    const skip = st.skip;
    let visit: RowVisitor | undefined;
    for (let r = 0; r < t.rows; r++) {
      if (skip && skip[r] === 1) continue;
      if (wanted && wanted[kind[r]] === 0) continue;
      const file = st.files ? st.files[r] : st.file;
      const lastFile = st.lastFiles ? st.lastFiles[r] : st.file;
      if (st.files && covered && !covered[file] && !covered[lastFile]) continue;
      ref.table = t;
      ref.row = r;
      ref.file = file;
      ref.lastFile = lastFile;
      if (!input.match(ref)) continue;
      (visit ??= onTable(t))(r, file);
    }
  }
}

/** Calls `onTable` for every table of message-tracking events of the files (`files` undefined: every file). */
export function scanEventTables(index: CollectionIndex, files: ReportInput['files'], onTable: (table: EventTable, file: number) => void): void {
  for (const [i, f] of index.files()) {
    if (files && !files(f.path)) continue;
    for (const p of f.parts) if (p.events.rows > 0) onTable(p.events, i);
  }
}

/** A list of a table: row r's values are `values[starts[r], starts[r + 1])`. */
export interface ListView {
  starts: Uint32Array;
  values: UintArray;
}

/** Offsets of lists, by their counts array (kept as long as the table's arrays are). */
const STARTS = new WeakMap<UintArray, Uint32Array>();

export function listOf(table: AnyTable, list: number): ListView {
  const l = table.data.lists[list];
  let starts = STARTS.get(l.counts);
  if (!starts) {
    starts = new Uint32Array(l.counts.length + 1);
    for (let r = 0; r < l.counts.length; r++) starts[r + 1] = starts[r] + l.counts[r];
    STARTS.set(l.counts, starts);
  }
  return { starts, values: l.values };
}

/** The address part of a remote or local endpoint (`203.0.113.5:51234` → `203.0.113.5`). */
export function addressOf(endpoint: string): string | undefined {
  const host = hostOf(endpoint);
  return host || undefined;
}

/** The domain of an e-mail address, lower-cased (`Jane@Contoso.com` → `contoso.com`); undefined without one. */
export function domainOf(address: string): string | undefined {
  const a = address.trim().replace(/^<|>$/g, '');
  const at = a.lastIndexOf('@');
  if (at < 0 || at === a.length - 1) return undefined;
  return a.slice(at + 1).toLowerCase();
}

/** True when `domain` is one of `domains` or below one (`mail.contoso.com` is inside `contoso.com`). */
export function insideDomains(domain: string, domains: ReadonlySet<string>): boolean {
  if (domains.has(domain)) return true;
  for (let dot = domain.indexOf('.'); dot >= 0; dot = domain.indexOf('.', dot + 1)) if (domains.has(domain.slice(dot + 1))) return true;
  return false;
}

/** A value in the query language, as the search reads it back (`query.ts`'s quoting). */
export const queryValue = quoteValue;

/** `field:value` terms joined, combined with the report's own search: `(${where}) terms`. */
export function rowWhere(input: ReportInput, terms: readonly (readonly [string, string])[]): string {
  return combineWhere(input, terms.map(([field, value]) => `${field}:${queryValue(value)}`).join(' '));
}

/** A row's own search combined with the report's: `(${where}) own` (`own` in parentheses when it has an OR). */
export function combineWhere(input: ReportInput, own: string): string {
  const where = input.where?.trim();
  if (!where) return own;
  return `(${where}) ${/\sOR\s/.test(own) ? `(${own})` : own}`;
}

/** Counts per key id (a tally of the values a row saw); the same key added again in a row costs no lookup. */
export class Tally {
  private readonly counts = new Map<number, number>();
  private last = -1;
  private pending = 0;

  add(key: number): void {
    if (key < 0) return;
    if (key === this.last) {
      this.pending++;
      return;
    }
    this.flush();
    this.last = key;
    this.pending = 1;
  }

  private flush(): void {
    if (this.last >= 0) this.counts.set(this.last, (this.counts.get(this.last) ?? 0) + this.pending);
    this.last = -1;
    this.pending = 0;
  }

  get size(): number {
    this.flush();
    return this.counts.size;
  }

  /** The values, most frequent first (ties by value), at most `max`, then `+n more` when there are more. */
  list(values: readonly string[], max = LIST_MAX): string[] {
    this.flush();
    const sorted = [...this.counts].sort((a, b) => b[1] - a[1] || compareText(values[a[0]], values[b[0]]));
    const out = sorted.slice(0, max).map(([k]) => values[k]);
    if (sorted.length > max) out.push(t('+{0} more', sorted.length - max));
    return out;
  }
}

/** Most values a list cell shows. */
export const LIST_MAX = 20;

export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function column(key: string, title: string, type: ReportColumnType): ReportColumn {
  return { key, title, type };
}

/** A finite time or null. */
export function timeCell(ms: number): ReportCell {
  return Number.isFinite(ms) ? ms : null;
}

/** A table of `rows` (already in order), cut at `top` unless `cut` is false. */
export function table(id: string, title: string, columns: ReportColumn[], rows: ReportRow[], top: number, cut = true): ReportTable {
  return { id, title, columns, rows: cut ? rows.slice(0, Math.max(0, top)) : rows, total: rows.length };
}

/** A table of the first `top` of `items` (already in order), each made a row only then: a long list costs no row it does not show. */
export function topTable<T>(id: string, title: string, columns: ReportColumn[], items: readonly T[], top: number, row: (item: T) => ReportRow): ReportTable {
  return { id, title, columns, rows: items.slice(0, Math.max(0, top)).map(row), total: items.length };
}

/** The earliest and latest start of the sessions a row stands for. */
export class Span {
  first = NaN;
  last = NaN;

  add(ms: number): void {
    if (ms !== ms) return;
    if (!(ms >= this.first)) this.first = ms;
    if (!(ms <= this.last)) this.last = ms;
  }
}

/** A key of two small ids as one number (the second below 2^26). */
export function pairKey(a: number, b: number): number {
  return a * 0x4000000 + b;
}
