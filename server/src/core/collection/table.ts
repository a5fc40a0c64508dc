/**
 * A compact column table: what the collection index keeps of every session and every message-tracking
 * event. Numbers live in typed arrays as narrow as their values allow, text in one UTF-8 block per table
 * (each distinct value once). Its binary form packs both (`lz.ts`): it is what a worker thread hands
 * over (transferred, not copied), what the cache writes to disk, and what the index keeps in memory; a
 * question unpacks a table's arrays and decodes its text when it first needs them, and `forgetDecoded`
 * lets them go again.
 */
import { pack, packedFits, unpack, unpackIfFits } from './lz';
import { Varints, putVarint } from './varint';
import { hashText, hashTextBytes } from './hash';

/**
 * `u8`: a small code; `uint`: a whole number; `str`: a string id; `time`: milliseconds since the epoch,
 * or NaN when unknown. `uint` and `str` columns are stored as narrow as their largest value allows (8, 16
 * or 32 bits), so a part with few distinct texts keeps one or two bytes per cell; `time` columns as the
 * milliseconds after the table's earliest time plus one (0: unknown), as narrow, when they are whole
 * numbers less than 49 days apart, else as they are.
 */
export type ColumnType = 'u8' | 'uint' | 'str' | 'time';

/** A column of one table schema: its name and how its numbers are stored. */
export interface ColumnSpec<Name extends string = string> {
  readonly name: Name;
  readonly type: ColumnType;
}

export type UintArray = Uint8Array | Uint16Array | Uint32Array;
type ArrayOf<T extends ColumnType> = T extends 'u8' ? Uint8Array : T extends 'time' ? Float64Array : UintArray;
type AnyColumn = UintArray | Float64Array;

/** The string id of no text: ids of texts start at 1. */
export const NONE = 0;

function allocate(type: ColumnType, n: number): AnyColumn {
  return type === 'u8' ? new Uint8Array(n) : type === 'time' ? new Float64Array(n) : new Uint32Array(n);
}

/** The values in the narrowest unsigned array that holds them (a copy). */
function narrow(values: Uint32Array): UintArray {
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  const out = max <= 0xff ? new Uint8Array(values.length) : max <= 0xffff ? new Uint16Array(values.length) : new Uint32Array(values.length);
  out.set(values);
  return out;
}

/** A time column as stored, and the time its stored values count from. */
function packTimes(times: Float64Array): { column: AnyColumn; base: number } {
  let min = Infinity, max = -Infinity, whole = true;
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (t !== t) continue;
    if (t < min) min = t;
    if (t > max) max = t;
    if (whole && !Number.isInteger(t)) whole = false;
  }
  if (min === Infinity) return { column: new Uint8Array(times.length), base: 0 };
  if (!whole || max - min >= 0xffffffff) return { column: times.slice(), base: 0 };
  const offsets = new Uint32Array(times.length);
  for (let i = 0; i < times.length; i++) offsets[i] = times[i] === times[i] ? times[i] - min + 1 : 0;
  return { column: narrow(offsets), base: min };
}

/** Builds a table row by row; strings are interned (each distinct value stored once). */
export class TableBuilder<S extends readonly ColumnSpec[]> {
  private length = 0;
  private capacity: number;
  private columns: AnyColumn[];
  private readonly texts: TextPool;
  /** Lists (recipients, message ids…): per row the number of values it has in `listValues`. */
  private listCounts: Uint32Array[];
  private listValues: Uint32Array[];
  private listLengths: number[];

  /**
   * `rows`: about how many rows it will have (room is made for them at once). `bytesAsCharacters`: the
   * texts it is given are UTF-8 bytes read as Latin-1, one character per byte (`TextPool`).
   */
  constructor(readonly schema: S, readonly lists: readonly string[] = [], rows = 0, bytesAsCharacters = false) {
    // a table that may well stay empty (a part's other kind) starts with no room: a part's fixed cost is
    // mostly the arrays it makes
    this.capacity = rows > 0 ? Math.max(64, rows) : 0;
    this.texts = new TextPool(this.capacity, bytesAsCharacters);
    this.columns = schema.map((c) => allocate(c.type, this.capacity));
    this.listCounts = lists.map(() => new Uint32Array(this.capacity));
    this.listValues = lists.map(() => new Uint32Array(this.capacity > 0 ? 256 : 0));
    this.listLengths = lists.map(() => 0);
  }

  get rows(): number {
    return this.length;
  }

  /** The id of a text value (interned); `undefined` gives NONE ('' is a text: the null sender `<>`). */
  str(value: string | undefined): number {
    return value === undefined ? NONE : this.texts.id(value, 0, value.length);
  }

  /** The id of the text `text[start, end)`, interned without taking it out of `text` unless it is new. */
  strAt(text: string, start: number, end: number): number {
    return this.texts.id(text, start, end);
  }

  /** Sets a text cell (NONE for `undefined`); the column's text in the row before is tried first (columns repeat). */
  text(row: number, column: number, value: string | undefined): void {
    this.textAt(row, column, value, 0, value?.length ?? 0);
  }

  /** Sets a text cell to a text no other cell of the table has (a session's id), added to the texts as it is. */
  uniqueText(row: number, column: number, value: string): void {
    this.columns[column][row] = this.texts.add(value, 0, value.length);
  }

  /** Sets a text cell to `text[start, end)` (NONE for no text), as `text` does. */
  textAt(row: number, column: number, text: string | undefined, start: number, end: number): void {
    const cells = this.columns[column];
    if (text === undefined) {
      cells[row] = NONE;
      return;
    }
    const before = row > 0 ? cells[row - 1] : NONE;
    cells[row] = before !== NONE && this.texts.is(before, text, start, end) ? before : this.texts.id(text, start, end);
  }

  /** The value of a cell set before. */
  get(row: number, column: number): number {
    return this.columns[column][row];
  }

  /** Starts a new row (all cells 0, lists empty) and returns its index. */
  add(): number {
    if (this.length === this.capacity) this.grow();
    return this.length++;
  }

  set(row: number, column: number, value: number): void {
    this.columns[column][row] = value;
  }

  /** Appends a value to list `list` of the last row added. */
  push(list: number, value: number): void {
    let values = this.listValues[list];
    const n = this.listLengths[list];
    if (n === values.length) {
      const bigger = new Uint32Array(Math.max(256, values.length * 2));
      bigger.set(values);
      this.listValues[list] = values = bigger;
    }
    values[n] = value;
    this.listLengths[list] = n + 1;
    this.listCounts[list][this.length - 1]++;
  }

  private grow(): void {
    this.capacity = Math.max(64, this.capacity * 2);
    const bigger = <A extends AnyColumn>(old: A, make: (n: number) => A): A => {
      const a = make(this.capacity);
      a.set(old as never);
      return a;
    };
    this.columns = this.columns.map((old, i) => bigger(old, (n) => allocate(this.schema[i].type, n)));
    this.listCounts = this.listCounts.map((old) => bigger(old, (n) => new Uint32Array(n)));
  }

  /** The finished table, its arrays trimmed to the rows added. */
  build(): TableData {
    const n = this.length;
    const bases: number[] = [];
    const columns = this.columns.map((c, i) => {
      const type = this.schema[i].type;
      if (type === 'u8') return c.slice(0, n);
      if (type !== 'time') return narrow(c.subarray(0, n) as Uint32Array);
      const { column, base } = packTimes(c.subarray(0, n) as Float64Array);
      bases.push(base);
      return column;
    });
    return {
      rows: n,
      columns,
      bases: Float64Array.from(bases),
      strings: this.texts.build(),
      lists: this.lists.map((_, l) => ({ counts: narrow(this.listCounts[l].subarray(0, n)), values: narrow(this.listValues[l].subarray(0, this.listLengths[l])) })),
    };
  }
}

/** The texts of a table: their UTF-8 bytes one after the other, packed (`lz.ts`), and each one's byte length; text id i is entry i - 1. */
export interface StringBlock {
  packed: Uint8Array;
  /** Byte lengths as varints. */
  lengths: Uint8Array;
}

export interface TableData {
  rows: number;
  columns: AnyColumn[];
  /** Per `time` column, in schema order: the time its stored values count from. */
  bases: Float64Array;
  strings: StringBlock;
  /** Per list: how many values each row has, and the values of all rows one after the other. */
  lists: { counts: UintArray; values: UintArray }[];
}

const encoder = new TextEncoder();

/**
 * The distinct texts of a table being built, as the UTF-8 block they are kept in. A text is found by
 * its characters wherever they are (a span of the log text, or a string), in an open-addressing hash
 * table whose candidates are confirmed against the block: a text seen before costs no substring and no
 * string hash. Ids count from 1 in order of first appearance.
 *
 * A pool of byte characters takes texts whose characters are the UTF-8 bytes of their values (a log
 * read as Latin-1): each character up to U+00FF is stored as the byte it is, which makes the value's
 * UTF-8 form without decoding the log. A character beyond U+00FF is a value of its own and is encoded.
 */
class TextPool {
  /** Id per slot (0: empty), and the hash of that id's text. */
  private slots: Int32Array;
  private hashes: Int32Array;
  private bytes: Uint8Array;
  private used = 0;
  /** Offset in `bytes` after each text: text id i is `bytes[ends[i - 1], ends[i])`. */
  private ends: Uint32Array;
  private count = 0;
  /** Texts with a character whose byte is not itself (beyond ASCII, or beyond U+00FF for byte characters): by value. */
  private readonly wide = new Map<string, number>();
  /** Characters below this are stored as one byte each: 0x80, or 0x100 for byte characters. */
  private readonly narrow: number;

  /** `rows`: rows of the table (room for a couple of new texts of 16 bytes each). */
  constructor(rows: number, bytesAsCharacters: boolean) {
    this.narrow = bytesAsCharacters ? 0x100 : 0x80;
    let slots = rows > 0 ? 256 : 16;
    while (slots < rows * 4) slots *= 2;
    this.slots = new Int32Array(slots);
    this.hashes = new Int32Array(slots);
    this.ends = new Uint32Array(slots >> 1);
    this.bytes = new Uint8Array(slots * 8);
  }

  /** True when text id `id` is `text[start, end)`, a text of one byte per character (for a wide one it says false). */
  is(id: number, text: string, start: number, end: number): boolean {
    const from = this.ends[id - 1];
    const length = end - start;
    if (this.ends[id] - from !== length) return false;
    const bytes = this.bytes;
    const narrow = this.narrow;
    let same = 0;
    while (same < length && text.charCodeAt(start + same) === bytes[from + same] && bytes[from + same] < narrow) same++;
    return same === length;
  }

  id(text: string, start: number, end: number): number {
    // FNV-1a over pairs of characters
    let hash = 0x811c9dc5;
    let all = 0;
    let i = start;
    for (; i + 1 < end; i += 2) {
      const pair = text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16);
      all |= pair;
      hash = Math.imul(hash ^ pair, 0x01000193);
    }
    if (i < end) {
      const c = text.charCodeAt(i);
      all |= c;
      hash = Math.imul(hash ^ c, 0x01000193);
    }
    all = (all | (all >>> 16)) & 0xffff;
    if (all >= this.narrow) return this.wideId(start === 0 && end === text.length ? text : text.slice(start, end));
    hash &= 0x3fffffff;
    const { slots, hashes, bytes, ends } = this;
    const mask = slots.length - 1;
    const length = end - start;
    let slot = hash & mask;
    for (; ; slot = (slot + 1) & mask) {
      const id = slots[slot];
      if (id === 0) break;
      if (hashes[slot] !== hash) continue;
      const from = ends[id - 1];
      if (ends[id] - from !== length) continue;
      let same = 0;
      while (same < length && text.charCodeAt(start + same) === bytes[from + same]) same++;
      if (same === length) return id;
    }
    const id = this.append(text, start, end);
    this.slots[slot] = id;
    this.hashes[slot] = hash;
    if (this.count * 2 > this.slots.length) this.rehash();
    return id;
  }

  private wideId(value: string): number {
    let id = this.wide.get(value);
    if (id === undefined) {
      const encoded = encoder.encode(value);
      id = this.room(encoded.length);
      this.bytes.set(encoded, this.used - encoded.length);
      this.wide.set(value, id);
    }
    return id;
  }

  /**
   * The id of `text[start, end)` as a new text, not looked for nor found again by `id` (a text known to
   * be unique); a wide text is looked for all the same.
   */
  add(text: string, start: number, end: number): number {
    for (let i = start; i < end; i++) if (text.charCodeAt(i) >= this.narrow) return this.id(text, start, end);
    return this.append(text, start, end);
  }

  /** The id of `text[start, end)`, a text of one byte per character, put at the end of the block. */
  private append(text: string, start: number, end: number): number {
    const length = end - start;
    const id = this.room(length);
    const bytes = this.bytes;
    for (let i = 0, at = this.used - length; i < length; i++) bytes[at + i] = text.charCodeAt(start + i);
    return id;
  }

  /** Room for a new text of `length` bytes at the end of the block; returns its id. */
  private room(length: number): number {
    if (this.used + length > this.bytes.length) {
      const bigger = new Uint8Array(Math.max(this.bytes.length * 2, this.used + length));
      bigger.set(this.bytes.subarray(0, this.used));
      this.bytes = bigger;
    }
    const id = ++this.count;
    if (id >= this.ends.length) {
      const bigger = new Uint32Array(this.ends.length * 2);
      bigger.set(this.ends);
      this.ends = bigger;
    }
    this.used += length;
    this.ends[id] = this.used;
    return id;
  }

  private rehash(): void {
    const size = this.slots.length * 2;
    const mask = size - 1;
    const slots = new Int32Array(size), hashes = new Int32Array(size);
    for (let s = 0; s < this.slots.length; s++) {
      const id = this.slots[s];
      if (id === 0) continue;
      let slot = this.hashes[s] & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = id;
      hashes[slot] = this.hashes[s];
    }
    this.slots = slots;
    this.hashes = hashes;
  }

  build(): StringBlock {
    const lengths = new Uint8Array(this.count * 5);
    let at = 0;
    for (let id = 1; id <= this.count; id++) at = putVarint(lengths, at, this.ends[id] - this.ends[id - 1]);
    return { packed: pack(this.bytes.subarray(0, this.used)), lengths: lengths.slice(0, at) };
  }
}

/**
 * Where each text of a string block ends in its unpacked bytes: entry `id` is the end of text id `id`
 * (entry 0, NONE, is 0, where text 1 begins). Reading stops at a damaged length.
 */
export function textEnds(strings: StringBlock): number[] {
  const ends = [0];
  let size = 0;
  for (const varints = new Varints(strings.lengths); !varints.done; ) {
    const n = varints.next();
    if (n < 0) break;
    ends.push((size += n));
  }
  return ends;
}

/**
 * A table read back from bytes: its arrays are made as views into the bytes when a question first asks
 * (a view costs more memory than a small part's numbers), and dropped again by `forgetDecoded`.
 */
export interface TableSource {
  readonly rows: number;
  /** Bytes of the table's binary form. */
  readonly byteLength: number;
  views(): TableData;
}

/**
 * Read access to a table: numbers straight from the arrays (times and list offsets worked out on first
 * use), text decoded on first use (the whole block at once, which is far cheaper than one decode per
 * value); `forgetDecoded` drops what was worked out.
 */
export class Table<S extends readonly ColumnSpec[]> {
  private decoded: string[] | undefined;
  private times: (Float64Array | undefined)[] = [];
  private listStarts: (Uint32Array | undefined)[] = [];
  private viewed: TableData | undefined;

  constructor(readonly schema: S, private readonly source: TableData | TableSource) {}

  /** The table's arrays. */
  get data(): TableData {
    const source = this.source;
    if ('views' in source) return (this.viewed ??= source.views());
    return source;
  }

  get rows(): number {
    return this.source.rows;
  }

  column<I extends number>(index: I): ArrayOf<S[I]['type']> {
    const stored = this.data.columns[index];
    if (this.schema[index].type !== 'time' || stored instanceof Float64Array) return stored as ArrayOf<S[I]['type']>;
    let times = this.times[index];
    if (!times) {
      let k = 0;
      for (let c = 0; c < index; c++) if (this.schema[c].type === 'time') k++;
      const base = this.data.bases[k];
      times = new Float64Array(stored.length);
      for (let r = 0; r < stored.length; r++) times[r] = stored[r] === 0 ? NaN : base + stored[r] - 1;
      this.times[index] = times;
    }
    return times as ArrayOf<S[I]['type']>;
  }

  /** The text of string id `id` (undefined for NONE). */
  text(id: number): string | undefined {
    if (id === NONE) return undefined;
    return this.texts()[id];
  }

  /** Every distinct text of the table, by id (entry 0, NONE, is ''). */
  texts(): readonly string[] {
    if (!this.decoded) {
      const strings = this.data.strings;
      const ends = textEnds(strings);
      const bytes = unpack(strings.packed, ends[ends.length - 1]);
      const all = new TextDecoder().decode(bytes);
      const out: string[] = new Array(ends.length);
      out[0] = '';
      if (all.length === bytes.length) {
        // ASCII only: byte offsets are character offsets
        for (let id = 1; id < ends.length; id++) out[id] = all.slice(ends[id - 1], ends[id]);
      } else {
        const d = new TextDecoder();
        for (let id = 1; id < ends.length; id++) out[id] = d.decode(bytes.subarray(ends[id - 1], ends[id]));
      }
      this.decoded = out;
    }
    return this.decoded;
  }

  /**
   * Calls `each` with `hashText` of the text of each id of `ids` (NONE left out): from the decoded
   * texts when the table has them, else from its packed bytes without decoding them (a question that
   * counts texts over a whole collection).
   */
  hashTexts(ids: ArrayLike<number>, each: (hash: number) => void): void {
    if (ids.length === 0) return;
    const decoded = this.decoded;
    if (decoded) {
      for (let i = 0; i < ids.length; i++) if (ids[i] !== NONE) each(hashText(decoded[ids[i]]));
      return;
    }
    const strings = this.data.strings;
    const ends = textEnds(strings);
    const bytes = unpack(strings.packed, ends[ends.length - 1]);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i];
      if (id !== NONE) each(hashTextBytes(bytes, ends[id - 1], ends[id]));
    }
  }

  /**
   * Runs `read` and lets go again of what it decoded (what was decoded before stays): for a question
   * that passes over every table of a collection once, so that it holds one table's text at a time.
   */
  briefly<T>(read: (table: this) => T): T {
    const { decoded, viewed } = this;
    const times = [...this.times], listStarts = [...this.listStarts];
    try {
      return read(this);
    } finally {
      this.decoded = decoded;
      this.viewed = viewed;
      this.times = times;
      this.listStarts = listStarts;
    }
  }

  /** Drops decoded text, times, list offsets and views (they are worked out again when asked). */
  forgetDecoded(): void {
    this.viewed = undefined;
    this.decoded = undefined;
    this.times = [];
    this.listStarts = [];
  }

  /** The ids of list `list` for `row`. */
  list(list: number, row: number): UintArray {
    const l = this.data.lists[list];
    let starts = this.listStarts[list];
    if (!starts) {
      starts = new Uint32Array(l.counts.length + 1);
      for (let r = 0; r < l.counts.length; r++) starts[r + 1] = starts[r] + l.counts[r];
      this.listStarts[list] = starts;
    }
    return l.values.subarray(starts[row], starts[row + 1]);
  }

  /** Bytes held by the table's arrays (read back from bytes: by its binary form). */
  byteSize(): number {
    if ('views' in this.source) return this.source.byteLength;
    let n = this.data.bases.byteLength + this.data.strings.packed.byteLength + this.data.strings.lengths.byteLength;
    for (const c of this.data.columns) n += c.byteLength;
    for (const l of this.data.lists) n += l.counts.byteLength + l.values.byteLength;
    return n;
  }
}

// ---- binary form ----
// [u32 table count, pad] then per table: [u32 rows, u32 shape][u32 arrays, u32 bytes of the arrays]
// [per array: u32 byte length, u32 element width][packed arrays: u32 length, pad, bytes, padding to 8]
// [packed text: u32 length, pad, bytes, padding to 8]. The arrays are the numbers of the table one after
// the other, each padded to 8 bytes, packed (`lz.ts`) as one block.

/** The numeric arrays of a table in a fixed order, as the binary form stores them. */
function arraysOf(data: TableData): AnyColumn[] {
  const out: AnyColumn[] = [...data.columns, data.bases, data.strings.lengths];
  for (const l of data.lists) out.push(l.counts, l.values);
  return out;
}

/** `n` rounded up to a multiple of 8 (arithmetic, not bit operations: lengths read from damaged bytes may pass 2^31). */
export const pad8 = (n: number) => Math.ceil(n / 8) * 8;

/** A table's binary form, apart from the head of the whole. */
function encodeTable(t: TableData): Uint8Array {
  const arrays = arraysOf(t);
  let size = 0;
  for (const a of arrays) size += pad8(a.byteLength);
  const raw = new Uint8Array(size);
  let at = 0;
  for (const a of arrays) {
    raw.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at += pad8(a.byteLength);
  }
  const numbers = pack(raw);
  const text = t.strings.packed;
  const out = new Uint8Array(16 + 8 * arrays.length + 8 + pad8(numbers.length) + 8 + pad8(text.length));
  const view = new DataView(out.buffer);
  view.setUint32(0, t.rows, true);
  view.setUint32(4, t.columns.length * 1000 + t.lists.length, true);
  view.setUint32(8, arrays.length, true);
  view.setUint32(12, size, true);
  at = 16;
  for (const a of arrays) {
    view.setUint32(at, a.byteLength, true);
    view.setUint32(at + 4, a.BYTES_PER_ELEMENT, true);
    at += 8;
  }
  for (const block of [numbers, text]) {
    view.setUint32(at, block.length, true);
    out.set(block, at + 8);
    at += 8 + pad8(block.length);
  }
  return out;
}

/** Tables as one buffer (every block aligned to 8 bytes). */
export function encodeTables(tables: readonly TableData[]): Uint8Array {
  const parts = tables.map(encodeTable);
  const out = new Uint8Array(8 + parts.reduce((n, p) => n + p.length, 0));
  new DataView(out.buffer).setUint32(0, tables.length, true);
  let at = 8;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Thrown when bytes are not a table of the expected schema (a damaged cache). */
export class TableFormatError extends Error {}

/**
 * Tables read back from `encodeTables` bytes. `schemas` gives each table's columns (types) and list
 * count; any mismatch or overrun, a block that does not unpack to its size, a list that does not add
 * up or a string id that names no text is a TableFormatError: what is accepted can be read without
 * another check. `check: false` checks the heads only, for bytes `encodeTables` has just made. The
 * tables keep their bytes packed (no copy) and unpack their arrays when first asked.
 */
export function decodeTables(bytes: Uint8Array, schemas: readonly { columns: readonly ColumnSpec[]; lists: number }[], check = true): TableSource[] {
  if (bytes.byteOffset % 8 !== 0) bytes = bytes.slice();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 8) throw new TableFormatError('truncated');
  if (view.getUint32(0, true) !== schemas.length) throw new TableFormatError('table count');
  let at = 8;
  const out: TableSource[] = [];
  for (const schema of schemas) {
    const from = at;
    const head = readHead(bytes, view, from, schema);
    if (check) {
      const raw = unpackIfFits(head.numbers, head.size);
      if (!raw) throw new TableFormatError('packed arrays');
      checkTable(viewsOf(head, raw, schema), schema.columns);
    }
    at = head.end;
    out.push({ rows: head.rows, byteLength: at - from, views: () => {
      const again = readHead(bytes, view, from, schema);
      return viewsOf(again, unpack(again.numbers, again.size), schema);
    } });
  }
  if (at !== bytes.byteLength) throw new TableFormatError('trailing bytes');
  return out;
}

interface TableHead {
  rows: number;
  /** Per numeric array, its byte length and element width. */
  directory: [number, number][];
  /** Bytes of the arrays, unpacked. */
  size: number;
  numbers: Uint8Array;
  text: Uint8Array;
  end: number;
}

/**
 * The head and blocks of the table whose binary form starts at `at` (what a table read back keeps is
 * its bytes and where it starts: it reads its head again when its arrays are asked for).
 */
function readHead(bytes: Uint8Array, view: DataView, at: number, schema: { columns: readonly ColumnSpec[]; lists: number }): TableHead {
  const need = (n: number) => {
    if (at + n > bytes.byteLength) throw new TableFormatError('truncated');
  };
  need(16);
  const rows = view.getUint32(at, true);
  if (view.getUint32(at + 4, true) !== schema.columns.length * 1000 + schema.lists) throw new TableFormatError('schema');
  const count = view.getUint32(at + 8, true);
  const size = view.getUint32(at + 12, true);
  // per array: the element widths it may have and its element count when fixed
  const widths: (readonly number[])[] = [...schema.columns.map((c) => WIDTHS[c.type]), [8], [1]];
  const lengths: (number | undefined)[] = [...schema.columns.map(() => rows), schema.columns.filter((c) => c.type === 'time').length, undefined];
  for (let l = 0; l < schema.lists; l++) {
    widths.push([1, 2, 4], [1, 2, 4]);
    lengths.push(rows, undefined);
  }
  if (count !== widths.length) throw new TableFormatError('array count');
  at += 16;
  need(8 * count);
  const directory: [number, number][] = [];
  let sum = 0;
  for (let i = 0; i < count; i++, at += 8) {
    const len = view.getUint32(at, true);
    const per = view.getUint32(at + 4, true);
    const n = lengths[i];
    if (!widths[i].includes(per) || len % per !== 0 || (n !== undefined && len !== n * per)) throw new TableFormatError('array length');
    directory.push([len, per]);
    sum += pad8(len);
  }
  if (sum !== size) throw new TableFormatError('array length');
  const block = (): Uint8Array => {
    need(8);
    const len = view.getUint32(at, true);
    need(8 + pad8(len));
    const b = bytes.subarray(at + 8, at + 8 + len);
    at += 8 + pad8(len);
    return b;
  };
  const numbers = block();
  const text = block();
  return { rows, directory, size, numbers, text, end: at };
}

/** The arrays of a table, as views into `raw`, its arrays unpacked. */
function viewsOf(head: TableHead, raw: Uint8Array, schema: { columns: readonly ColumnSpec[]; lists: number }): TableData {
  let offset = 0;
  const arrays = head.directory.map(([len, per]): AnyColumn => {
    const n = len / per;
    const a = per === 1 ? new Uint8Array(raw.buffer, offset, n) : per === 2 ? new Uint16Array(raw.buffer, offset, n) : per === 4 ? new Uint32Array(raw.buffer, offset, n) : new Float64Array(raw.buffer, offset, n);
    offset += pad8(len);
    return a;
  });
  const c = schema.columns.length;
  const lists: TableData['lists'] = [];
  for (let l = 0; l < schema.lists; l++) lists.push({ counts: arrays[c + 2 + 2 * l] as UintArray, values: arrays[c + 3 + 2 * l] as UintArray });
  return { rows: head.rows, columns: arrays.slice(0, c), bases: arrays[c] as Float64Array, strings: { packed: head.text, lengths: arrays[c + 1] as Uint8Array }, lists };
}

/** Refuses a table whose texts do not unpack to their lengths, whose lists do not add up, or whose string ids name no text. */
function checkTable(data: TableData, columns: readonly ColumnSpec[]): void {
  const { packed, lengths } = data.strings;
  let texts = 0, size = 0;
  for (const varints = new Varints(lengths); !varints.done; texts++) {
    const v = varints.next();
    if (v < 0) throw new TableFormatError('text lengths');
    size += v;
  }
  if (size > 0x7fffffff || !packedFits(packed, size)) throw new TableFormatError('text block');
  for (const { counts, values } of data.lists) {
    let total = 0;
    for (let i = 0; i < counts.length; i++) total += counts[i];
    if (total !== values.length) throw new TableFormatError('list counts');
  }
  // every string id in a column or list must name a text (ids 1..n; 0 is none)
  columns.forEach((c, i) => {
    if (c.type !== 'str') return;
    const col = data.columns[i];
    for (let r = 0; r < col.length; r++) if (col[r] > texts) throw new TableFormatError('string id');
  });
  for (const l of data.lists) for (let i = 0; i < l.values.length; i++) if (l.values[i] > texts) throw new TableFormatError('string id');
}

/** Element widths a column of each type may be stored with. */
const WIDTHS: Record<ColumnType, readonly number[]> = { u8: [1], uint: [1, 2, 4], str: [1, 2, 4], time: [1, 2, 4, 8] };
