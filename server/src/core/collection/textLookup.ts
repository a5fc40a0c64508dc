/**
 * Finding one text (a message id, an internal or network message id, a session id, an address) in the
 * tables of a collection without decoding them: per table, a lookup from a hash of each text of its id
 * columns to the text's id, built once from the table's packed text bytes (no strings made) and kept
 * while the table lives. A question asks every table's lookup — a binary search each — and decodes the
 * text of the few tables that answer, to confirm the hit and read their rows.
 *
 * The lookups live in a `TextLookups` object the caller keeps (the language server one per collection,
 * the command line one per run): the core keeps no state of its own.
 */
import { hashText, hashTextBytes } from './hash';
import { unpack } from './lz';
import { EVENT_COLUMNS, E, S, SESSION_COLUMNS, SL } from './schema';
import { NONE, Table, UintArray, textEnds } from './table';

export type SessionTable = Table<typeof SESSION_COLUMNS>;
export type EventTable = Table<typeof EVENT_COLUMNS>;
type AnyTable = SessionTable | EventTable;

/** The text columns and lists whose texts a lookup holds. */
const SESSION_TEXT_COLUMNS: readonly number[] = [S.id, S.local];
const SESSION_TEXT_LISTS: readonly number[] = [SL.messageIds, SL.internalIds];
const EVENT_TEXT_COLUMNS: readonly number[] = [E.messageId, E.internalId, E.networkId, E.serverIp, E.clientIp];

/** Ids per table at most for the packed keys (hash in the high bits, id in the low 21). */
const ID_BITS = 2 ** 21;

/**
 * One table's lookup: keys sorted, each `hash32 * 2^21 + text id` (a 32-bit hash of the text, its id in
 * the table), so that a native sort orders them and a binary search finds a hash's ids.
 */
interface Lookup {
  keys: Float64Array;
}

/** Texts are compared after this hash; 32 bits of `hashText`, which is computed the same over bytes. */
function hash32(h52: number): number {
  return h52 % 4294967296;
}

function isSessionTable(table: AnyTable): table is SessionTable {
  return table.schema === SESSION_COLUMNS;
}

/** Marks the text ids used by `columns` and `lists` of a table. */
function markedIds(table: AnyTable, columns: readonly number[], lists: readonly number[], texts: number): Uint8Array {
  const mark = new Uint8Array(texts + 1);
  const data = table.data;
  for (const c of columns) {
    const col = data.columns[c] as UintArray;
    for (let r = 0; r < col.length; r++) mark[col[r]] = 1;
  }
  for (const l of lists) {
    const values = data.lists[l].values;
    for (let i = 0; i < values.length; i++) mark[values[i]] = 1;
  }
  mark[NONE] = 0;
  return mark;
}

function buildLookup(table: AnyTable): Lookup {
  const session = isSessionTable(table);
  const ends = textEnds(table.data.strings);
  const texts = ends.length - 1;
  const mark = markedIds(table, session ? SESSION_TEXT_COLUMNS : EVENT_TEXT_COLUMNS, session ? SESSION_TEXT_LISTS : [], texts);
  let count = 0;
  for (let id = 1; id < mark.length; id++) count += mark[id];
  if (count === 0) return { keys: new Float64Array(0) };
  const bytes = unpack(table.data.strings.packed, ends[texts]);
  const keys = new Float64Array(count);
  let k = 0;
  for (let id = 1; id <= texts; id++) {
    if (mark[id]) keys[k++] = hash32(hashTextBytes(bytes, ends[id - 1], ends[id])) * ID_BITS + (id < ID_BITS ? id : 0);
  }
  keys.sort();
  return { keys };
}

/** The first index of `keys` at or above `key`. */
function lowerBound(keys: Float64Array, key: number): number {
  let lo = 0, hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** A text being looked for: its hash, computed once for every table asked. */
export class Needle {
  readonly hash: number;

  constructor(readonly text: string) {
    this.hash = hash32(hashText(text));
  }
}

/** The lookups of the tables of a collection, kept between questions; a table that is gone takes its lookup with it. */
export class TextLookups {
  private readonly lookups = new WeakMap<AnyTable, Lookup>();

  /** Bytes of the lookups built so far (tables that are gone included). */
  builtBytes = 0;

  private lookupOf(table: AnyTable): Lookup {
    let l = this.lookups.get(table);
    if (!l) {
      this.lookups.set(table, (l = buildLookup(table)));
      this.builtBytes += l.keys.byteLength;
    }
    return l;
  }

  private readonly hours = new WeakMap<object, readonly number[]>();

  /** What `make` says of a file (the hours it holds lines of), kept while the file's index is the same object. */
  hoursOf(file: object, make: () => readonly number[]): readonly number[] {
    let h = this.hours.get(file);
    if (!h) this.hours.set(file, (h = make()));
    return h;
  }

  /** True when the table's lookup is built. */
  has(table: AnyTable): boolean {
    return this.lookups.has(table);
  }

  /** Builds the lookup of a table now (it is otherwise built when first asked). */
  prepare(table: AnyTable): void {
    if (table.rows > 0) this.lookupOf(table);
  }

  /**
   * The id of `needle`'s text in `table` when one of the looked-up columns holds it (NONE otherwise).
   * A hit decodes the table's text to confirm it.
   */
  find(table: AnyTable, needle: Needle): number {
    if (table.rows === 0) return NONE;
    const keys = this.lookupOf(table).keys;
    const base = needle.hash * ID_BITS;
    for (let i = lowerBound(keys, base); i < keys.length && keys[i] < base + ID_BITS; i++) {
      const id = keys[i] - base;
      if (id === 0) {
        // a table of more than 2^21 texts: confirm by the decoded texts
        const found = table.texts().indexOf(needle.text);
        if (found > 0) return found;
        continue;
      }
      if (table.texts()[id] === needle.text) return id;
    }
    return NONE;
  }
}

/** Rows of `table` whose column `column` holds text id `id`. */
export function rowsWithText(table: AnyTable, column: number, id: number): number[] {
  const out: number[] = [];
  if (id === NONE) return out;
  const col = table.data.columns[column] as UintArray;
  for (let r = 0; r < col.length; r++) if (col[r] === id) out.push(r);
  return out;
}

/** Rows of `table` whose list `list` holds text id `id`. */
export function rowsWithListText(table: AnyTable, list: number, id: number): number[] {
  const out: number[] = [];
  if (id === NONE) return out;
  const { counts, values } = table.data.lists[list];
  let at = 0;
  for (let r = 0; r < counts.length; r++) {
    const end = at + counts[r];
    for (let i = at; i < end; i++) {
      if (values[i] === id) {
        out.push(r);
        break;
      }
    }
    at = end;
  }
  return out;
}
