/**
 * A compact column table: what the collection index keeps of every session and every message-tracking
 * event. Numbers live in typed arrays, text in one UTF-8 block per table (each distinct value once),
 * decoded only when a question needs it. The same bytes are what a worker thread hands over (transferred,
 * not copied), what the cache writes to disk and what a reopened collection reads back (views, not copies).
 */

/**
 * `u8`: a small code; `uint`: a whole number; `str`: a string id; `f64`: a time or a size that may be
 * absent (NaN). `uint` and `str` columns are stored as narrow as their largest value allows (8, 16 or 32
 * bits), so a part with few distinct texts keeps two bytes per cell.
 */
export type ColumnType = 'u8' | 'uint' | 'str' | 'f64';

/** A column of one table schema: its name and how its numbers are stored. */
export interface ColumnSpec<Name extends string = string> {
  readonly name: Name;
  readonly type: ColumnType;
}

export type UintArray = Uint8Array | Uint16Array | Uint32Array;
type ArrayOf<T extends ColumnType> = T extends 'u8' ? Uint8Array : T extends 'f64' ? Float64Array : UintArray;
type AnyColumn = UintArray | Float64Array;

/** The string id of no text: ids of texts start at 1. */
export const NONE = 0;

function allocate(type: ColumnType, n: number): AnyColumn {
  return type === 'u8' ? new Uint8Array(n) : type === 'f64' ? new Float64Array(n) : new Uint32Array(n);
}

/** The values in the narrowest unsigned array that holds them (a copy). */
function narrow(values: Uint32Array): UintArray {
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  const out = max <= 0xff ? new Uint8Array(values.length) : max <= 0xffff ? new Uint16Array(values.length) : new Uint32Array(values.length);
  out.set(values);
  return out;
}

/** Builds a table row by row; strings are interned (each distinct value stored once). */
export class TableBuilder<S extends readonly ColumnSpec[]> {
  private length = 0;
  private capacity = 64;
  private columns: AnyColumn[];
  private readonly texts = new TextPool();
  /** Lists (recipients, message ids…): per row an offset into `listValues`. */
  private listStarts: Uint32Array[];
  private listValues: Uint32Array[];
  private listLengths: number[];

  constructor(readonly schema: S, readonly lists: readonly string[] = []) {
    this.columns = schema.map((c) => allocate(c.type, this.capacity));
    this.listStarts = lists.map(() => new Uint32Array(this.capacity + 1));
    this.listValues = lists.map(() => new Uint32Array(256));
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

  /** Starts a new row (all cells 0, lists empty) and returns its index. */
  add(): number {
    if (this.length === this.capacity) this.grow();
    const row = this.length++;
    for (let l = 0; l < this.lists.length; l++) this.listStarts[l][row + 1] = this.listLengths[l];
    return row;
  }

  set(row: number, column: number, value: number): void {
    this.columns[column][row] = value;
  }

  /** Appends a value to list `list` of the last row added. */
  push(list: number, value: number): void {
    let values = this.listValues[list];
    const n = this.listLengths[list];
    if (n === values.length) {
      const bigger = new Uint32Array(values.length * 2);
      bigger.set(values);
      this.listValues[list] = values = bigger;
    }
    values[n] = value;
    this.listLengths[list] = n + 1;
    this.listStarts[list][this.length] = n + 1;
  }

  private grow(): void {
    this.capacity *= 2;
    this.columns = this.columns.map((old, i) => {
      const a = allocate(this.schema[i].type, this.capacity);
      a.set(old as never);
      return a;
    });
    this.listStarts = this.listStarts.map((old) => {
      const a = new Uint32Array(this.capacity + 1);
      a.set(old);
      return a;
    });
  }

  /** The finished table, its arrays trimmed to the rows added. */
  build(): TableData {
    const n = this.length;
    return {
      rows: n,
      columns: this.columns.map((c, i) => (this.schema[i].type === 'uint' || this.schema[i].type === 'str' ? narrow(c.subarray(0, n) as Uint32Array) : c.slice(0, n))),
      strings: this.texts.build(),
      lists: this.lists.map((_, l) => ({ starts: narrow(this.listStarts[l].subarray(0, n + 1)), values: narrow(this.listValues[l].subarray(0, this.listLengths[l])) })),
    };
  }
}

/** Text values as one UTF-8 block and where each starts and ends (n + 1 offsets); text id i is entry i - 1. */
export interface StringBlock {
  bytes: Uint8Array;
  offsets: UintArray;
}

export interface TableData {
  rows: number;
  columns: AnyColumn[];
  strings: StringBlock;
  lists: { starts: UintArray; values: UintArray }[];
}

const encoder = new TextEncoder();

/**
 * The distinct texts of a table being built, as the UTF-8 block they are kept in. A text is found by
 * its characters wherever they are (a span of the log text, or a string), in an open-addressing hash
 * table whose candidates are confirmed against the block: a text seen before costs no substring and no
 * string hash. Ids count from 1 in order of first appearance.
 */
class TextPool {
  /** Id per slot (0: empty), and the hash of that id's text. */
  private slots = new Int32Array(1024);
  private hashes = new Int32Array(1024);
  private bytes = new Uint8Array(16384);
  private used = 0;
  /** Offset in `bytes` after each text: text id i is `bytes[ends[i - 1], ends[i])`. */
  private ends = new Uint32Array(512);
  private count = 0;
  /** Texts with a character beyond ASCII (their bytes are not their characters): by value. */
  private readonly wide = new Map<string, number>();

  id(text: string, start: number, end: number): number {
    let hash = 0x811c9dc5;
    let all = 0;
    for (let i = start; i < end; i++) {
      const c = text.charCodeAt(i);
      all |= c;
      hash = Math.imul(hash ^ c, 0x01000193);
    }
    if (all > 0x7f) return this.wideId(start === 0 && end === text.length ? text : text.slice(start, end));
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
    const id = this.add(length);
    for (let i = 0, at = this.used - length; i < length; i++) this.bytes[at + i] = text.charCodeAt(start + i);
    this.slots[slot] = id;
    this.hashes[slot] = hash;
    if (this.count * 2 > this.slots.length) this.rehash();
    return id;
  }

  private wideId(value: string): number {
    let id = this.wide.get(value);
    if (id === undefined) {
      const encoded = encoder.encode(value);
      id = this.add(encoded.length);
      this.bytes.set(encoded, this.used - encoded.length);
      this.wide.set(value, id);
    }
    return id;
  }

  /** Room for a new text of `length` bytes at the end of the block; returns its id. */
  private add(length: number): number {
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
    return { bytes: this.bytes.slice(0, this.used), offsets: narrow(this.ends.subarray(0, this.count + 1)) };
  }
}

/**
 * Read access to a table: numbers straight from the arrays, text decoded on first use (the whole block
 * at once, which is far cheaper than one decode per value) and dropped again by `forgetText`.
 */
export class Table<S extends readonly ColumnSpec[]> {
  private decoded: string[] | undefined;

  constructor(readonly schema: S, readonly data: TableData) {}

  get rows(): number {
    return this.data.rows;
  }

  column<I extends number>(index: I): ArrayOf<S[I]['type']> {
    return this.data.columns[index] as ArrayOf<S[I]['type']>;
  }

  /** The text of string id `id` (undefined for NONE). */
  text(id: number): string | undefined {
    if (id === NONE) return undefined;
    return this.texts()[id];
  }

  /** Every distinct text of the table, by id (entry 0, NONE, is ''). */
  texts(): readonly string[] {
    if (!this.decoded) {
      const { bytes, offsets } = this.data.strings;
      const all = new TextDecoder().decode(bytes);
      const out: string[] = new Array(offsets.length);
      out[0] = '';
      if (all.length === bytes.length) {
        // ASCII only: byte offsets are character offsets
        for (let i = 1; i < out.length; i++) out[i] = all.slice(offsets[i - 1], offsets[i]);
      } else {
        const d = new TextDecoder();
        for (let i = 1; i < out.length; i++) out[i] = d.decode(bytes.subarray(offsets[i - 1], offsets[i]));
      }
      this.decoded = out;
    }
    return this.decoded;
  }

  /** Drops decoded text (it is decoded again when asked). */
  forgetText(): void {
    this.decoded = undefined;
  }

  /** The ids of list `list` for `row`. */
  list(list: number, row: number): UintArray {
    const l = this.data.lists[list];
    return l.values.subarray(l.starts[row], l.starts[row + 1]);
  }

  /** Bytes held by the table's arrays. */
  byteSize(): number {
    let n = this.data.strings.bytes.byteLength + this.data.strings.offsets.byteLength;
    for (const c of this.data.columns) n += c.byteLength;
    for (const l of this.data.lists) n += l.starts.byteLength + l.values.byteLength;
    return n;
  }
}

// ---- binary form: [u32 table count, pad][per table: u32 rows, u32 shape][per array: u32 byte length, u32 element width, bytes, padding to 8] ----

/** The arrays of a table in a fixed order, as the binary form stores them. */
function arraysOf(data: TableData): ArrayBufferView[] {
  const out: ArrayBufferView[] = [...data.columns, data.strings.bytes, data.strings.offsets];
  for (const l of data.lists) out.push(l.starts, l.values);
  return out;
}

/** `n` rounded up to a multiple of 8 (arithmetic, not bit operations: lengths read from damaged bytes may pass 2^31). */
export const pad8 = (n: number) => Math.ceil(n / 8) * 8;

/** Bytes `encodeTables` writes for these tables. */
function encodedSize(tables: readonly TableData[]): number {
  let n = 8;
  for (const t of tables) {
    n += 8;
    for (const a of arraysOf(t)) n += 8 + pad8(a.byteLength);
  }
  return n;
}

/** Tables as one buffer, every array aligned to 8 bytes so that it can be read back as a view. */
export function encodeTables(tables: readonly TableData[]): Uint8Array {
  const out = new Uint8Array(encodedSize(tables));
  const view = new DataView(out.buffer);
  let at = 0;
  view.setUint32(at, tables.length, true);
  at += 8;
  for (const t of tables) {
    view.setUint32(at, t.rows, true);
    view.setUint32(at + 4, t.columns.length * 1000 + t.lists.length, true);
    at += 8;
    for (const a of arraysOf(t)) {
      view.setUint32(at, a.byteLength, true);
      view.setUint32(at + 4, (a as AnyColumn).BYTES_PER_ELEMENT ?? 1, true);
      at += 8;
      out.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
      at += pad8(a.byteLength);
    }
  }
  return out;
}

/** Thrown when bytes are not a table of the expected schema (a damaged cache). */
export class TableFormatError extends Error {}

/**
 * Tables read back from `encodeTables` bytes as views (no copy). `schemas` gives each table's columns
 * (types) and list count; any mismatch or overrun is a TableFormatError.
 */
export function decodeTables(bytes: Uint8Array, schemas: readonly { columns: readonly ColumnSpec[]; lists: number }[]): TableData[] {
  if (bytes.byteOffset % 8 !== 0) bytes = bytes.slice();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  const need = (n: number) => {
    if (at + n > bytes.byteLength) throw new TableFormatError('truncated');
  };
  need(8);
  const count = view.getUint32(0, true);
  if (count !== schemas.length) throw new TableFormatError('table count');
  at = 8;
  const out: TableData[] = [];
  for (const schema of schemas) {
    need(8);
    const rows = view.getUint32(at, true);
    if (view.getUint32(at + 4, true) !== schema.columns.length * 1000 + schema.lists) throw new TableFormatError('schema');
    at += 8;
    /** The next array: its byte length and element width are in its 8-byte head; `count` elements when known. */
    const next = (type: ColumnType | 'bytes', count?: number): AnyColumn => {
      need(8);
      const len = view.getUint32(at, true);
      const per = view.getUint32(at + 4, true);
      at += 8;
      need(pad8(len));
      const widths = type === 'f64' ? [8] : type === 'uint' || type === 'str' ? [1, 2, 4] : [1];
      if (!widths.includes(per) || len % per !== 0 || (count !== undefined && len !== count * per)) throw new TableFormatError('array length');
      const offset = bytes.byteOffset + at;
      at += pad8(len);
      const n = len / per;
      if (per === 1) return new Uint8Array(bytes.buffer, offset, n);
      if (per === 2) return new Uint16Array(bytes.buffer, offset, n);
      if (per === 4) return new Uint32Array(bytes.buffer, offset, n);
      return new Float64Array(bytes.buffer, offset, n);
    };
    const columns = schema.columns.map((c) => next(c.type, rows));
    const stringBytes = next('bytes') as Uint8Array;
    const offsets = next('uint') as UintArray;
    if (offsets.length < 1 || offsets[0] !== 0 || offsets[offsets.length - 1] !== stringBytes.length) throw new TableFormatError('string offsets');
    for (let i = 1; i < offsets.length; i++) if (offsets[i] < offsets[i - 1]) throw new TableFormatError('string offsets');
    const lists: TableData['lists'] = [];
    for (let l = 0; l < schema.lists; l++) {
      const starts = next('uint', rows + 1) as UintArray;
      const values = next('uint') as UintArray;
      for (let i = 0; i < starts.length; i++) if (starts[i] > values.length || (i > 0 && starts[i] < starts[i - 1])) throw new TableFormatError('list offsets');
      lists.push({ starts, values });
    }
    // every string id in a column or list must name a text (ids 1..n; 0 is none)
    const texts = offsets.length - 1;
    schema.columns.forEach((c, i) => {
      if (c.type !== 'str') return;
      const col = columns[i];
      for (let r = 0; r < col.length; r++) if (col[r] > texts) throw new TableFormatError('string id');
    });
    for (const l of lists) for (let i = 0; i < l.values.length; i++) if (l.values[i] > texts) throw new TableFormatError('string id');
    out.push({ rows, columns, strings: { bytes: stringBytes, offsets }, lists });
  }
  if (at !== bytes.byteLength) throw new TableFormatError('trailing bytes');
  return out;
}
