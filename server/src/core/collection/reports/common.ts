/**
 * What the reports share: passing over the sessions (and tracking events) a report covers, column by
 * column, with each table's text ids turned into ids that hold across tables (a text is looked at once
 * per table, not once per row); tallies of values; the `where` of a row; tables cut at `top`.
 */
import type { ReportCell, ReportColumn, ReportColumnType, ReportRow, ReportTable } from '../../../../../protocol/src/queryTypes';
import { t } from '../../l10n';
import { hostOf } from '../../util/endpoints';
import type { CollectionIndex, SessionRef } from '../collection';
import { EVENT_COLUMNS, KIND_CODES, S, SESSION_COLUMNS } from '../schema';
import { NONE, Table } from '../table';
import type { ReportInput } from './types';

export type SessionTable = Table<typeof SESSION_COLUMNS>;
export type EventTable = Table<typeof EVENT_COLUMNS>;

/** Dense ids for strings, the same in every table of a report. */
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

/**
 * The key of each text of a table under a transform (a domain, an address without its port…), as an
 * id of `interner`: worked out once per text id of the table, then read from an array. Rows come table
 * by table, so one table's keys are kept at a time.
 */
export class TextKeys {
  private table: Table<readonly { name: string; type: 'u8' | 'uint' | 'str' | 'time' }[]> | undefined;
  private texts: readonly string[] = [];
  private memo = new Int32Array(0);

  constructor(readonly interner: Interner, private readonly transform: (text: string) => string | undefined) {}

  /** The key id of text id `id` of `table`, or -1 when it has none (NONE, or the transform says none). */
  of(table: Table<readonly { name: string; type: 'u8' | 'uint' | 'str' | 'time' }[]>, id: number): number {
    if (table !== this.table) {
      this.table = table;
      this.texts = table.texts();
      this.memo = new Int32Array(this.texts.length).fill(-2);
    }
    let k = this.memo[id];
    if (k === -2) {
      const key = id === NONE ? undefined : this.transform(this.texts[id]);
      k = key === undefined ? -1 : this.interner.id(key);
      this.memo[id] = k;
    }
    return k;
  }

  value(key: number): string {
    return this.interner.values[key];
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

/**
 * Calls `visit` for every session the report covers (its files, its search), once per session (a
 * session joined across an hourly roll-over once); `kinds` (LogKind codes) leaves the others out
 * before the search is asked.
 */
export function scanSessions(input: ReportInput, kinds: readonly string[] | undefined, visit: (table: SessionTable, row: number, ref: SessionRef) => void): void {
  const covered = coveredFiles(input.index, input.files);
  const wanted = kinds ? new Uint8Array(KIND_CODES.length) : undefined;
  if (wanted) for (const k of kinds!) wanted[KIND_CODES.indexOf(k as (typeof KIND_CODES)[number])] = 1;
  let table: SessionTable | undefined;
  let kindColumn: ArrayLike<number> = [];
  for (const ref of input.index.sessions()) {
    // a session joined across files counts when its first or its last file is covered (as a search does)
    if (covered && !covered[ref.file] && !covered[ref.lastFile]) continue;
    if (ref.table !== table) {
      table = ref.table;
      kindColumn = table.column(S.kind);
    }
    if (wanted && !wanted[kindColumn[ref.row]]) continue;
    if (!input.match(ref)) continue;
    visit(ref.table, ref.row, ref);
  }
}

/** Calls `visit` for every message-tracking event of the files (`files` undefined: every file). */
export function scanEvents(index: CollectionIndex, files: ReportInput['files'], visit: (table: EventTable, row: number, file: number) => void): void {
  for (const [i, f] of index.files()) {
    if (files && !files(f.path)) continue;
    for (const p of f.parts) {
      const events = p.events;
      for (let r = 0; r < events.rows; r++) visit(events, r, i);
    }
  }
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

/**
 * A value in the query language: as it is when it is a plain word, else in double quotes (a quote or
 * backslash inside escaped with a backslash).
 */
export function queryValue(value: string): string {
  if (value !== '' && /^[^\s"()\\]+$/.test(value) && !/^(?:OR|AND|NOT)$/i.test(value) && !value.startsWith('-')) return value;
  return `"${value.replace(/["\\]/g, (c) => '\\' + c)}"`;
}

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

/** `kind:` values of the query language for the kinds a report reads. */
export const KIND_QUERY: Readonly<Record<string, string>> = {
  smtpReceive: 'receive', smtpSend: 'send', connectivity: 'connectivity', pop3: 'pop3', imap4: 'imap4', messageTracking: 'tracking',
};

/** Counts per key id (a tally of the values a row saw). */
export class Tally {
  private readonly counts = new Map<number, number>();

  add(key: number, n = 1): void {
    if (key < 0) return;
    this.counts.set(key, (this.counts.get(key) ?? 0) + n);
  }

  get size(): number {
    return this.counts.size;
  }

  has(key: number): boolean {
    return this.counts.has(key);
  }

  /** The values, most frequent first (ties by value), at most `max`, then `+n more` when there are more. */
  list(values: readonly string[], max = LIST_MAX): string[] {
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

/** A 2- or 3-part key of small ids as one number (each part below 2^26 and 2^17). */
export function pairKey(a: number, b: number): number {
  return a * 0x4000000 + b;
}
