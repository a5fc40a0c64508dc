/**
 * The records of a log in columns: one typed array per column instead of one object per record.
 */
import { ColumnLayout } from './kinds';

/** One record as an object: what `RecordTable.at` returns (a fresh object per call). */
export interface LogRecord {
  readonly index: number;
  readonly line: number;
  /** Offsets of the record text (after any BOM), end excludes the line break. */
  readonly start: number;
  readonly end: number;
  readonly layout: ColumnLayout;
  /** Header block the record follows, or -1. */
  readonly block: number;
  /** Index into `model.sessions`, or -1. */
  readonly session: number;
  /** Sequence number, NaN when absent or not a number. */
  readonly seq: number;
  /** Milliseconds since the epoch (UTC), NaN when absent or unreadable. */
  readonly time: number;
  /** `+`, `-`, `>`, `<`, `*`, '' (no event column) or the unknown value written there. */
  readonly event: string;
  readonly fieldCount: number;
  readonly flags: number;
}

/** Event characters by code in `RecordTable.eventCode`; `EVENT_OTHER` is a value outside the five. */
const EVENT_CHARS = ['', '+', '-', '>', '<', '*'];
export const EVENT_OTHER = 6;

/** Event code of a one-character event field, or 0 when it is none of the five. */
export function eventCodeOf(char: number): number {
  switch (char) {
    case 43: return 1; // +
    case 45: return 2; // -
    case 62: return 3; // >
    case 60: return 4; // <
    case 42: return 5; // *
    default: return 0;
  }
}

/**
 * The records of a log, one typed array per column instead of one object per record. A 10 MB log
 * holds 60,000 to 100,000 records; as objects they cost more to allocate, collect and keep than the
 * text costs to scan. Features that walk many records read the columns (`line[i]`, `time[i]`, …);
 * `at(i)` builds a `LogRecord` object for code that reads a few. Appends grow the columns in place.
 */
export class RecordTable implements Iterable<LogRecord> {
  length = 0;
  line: Int32Array;
  start: Int32Array;
  end: Int32Array;
  block: Int32Array;
  session: Int32Array;
  fieldCount: Int32Array;
  seq: Float64Array;
  time: Float64Array;
  flags: Uint8Array;
  /** Index of EVENT_CHARS, or EVENT_OTHER. */
  eventCode: Uint8Array;
  layoutIndex: Uint16Array;
  /**
   * Raw spans of the data and context columns (the text the summaries read), -1 when the record has
   * none: reading them does not need the line scanned again.
   */
  dataStart: Int32Array;
  dataEnd: Int32Array;
  contextStart: Int32Array;
  contextEnd: Int32Array;
  readonly layouts: ColumnLayout[] = [];
  /** The value of event columns that hold none of the five characters, by record. */
  private readonly otherEvents = new Map<number, string>();

  constructor(capacity: number) {
    const n = Math.max(16, capacity);
    this.line = new Int32Array(n);
    this.start = new Int32Array(n);
    this.end = new Int32Array(n);
    this.block = new Int32Array(n);
    this.session = new Int32Array(n);
    this.fieldCount = new Int32Array(n);
    this.seq = new Float64Array(n);
    this.time = new Float64Array(n);
    this.flags = new Uint8Array(n);
    this.eventCode = new Uint8Array(n);
    this.layoutIndex = new Uint16Array(n);
    this.dataStart = new Int32Array(n);
    this.dataEnd = new Int32Array(n);
    this.contextStart = new Int32Array(n);
    this.contextEnd = new Int32Array(n);
  }

  /** Makes room for `n` records in all. */
  reserve(n: number): void {
    if (n <= this.line.length) return;
    const size = Math.ceil(n * 1.5) + 16;
    const grow = <T extends Int32Array | Float64Array | Uint8Array | Uint16Array>(column: T): T => {
      const bigger = new (column.constructor as new (n: number) => T)(size);
      bigger.set(column.subarray(0, this.length));
      return bigger;
    };
    this.line = grow(this.line);
    this.start = grow(this.start);
    this.end = grow(this.end);
    this.block = grow(this.block);
    this.session = grow(this.session);
    this.fieldCount = grow(this.fieldCount);
    this.seq = grow(this.seq);
    this.time = grow(this.time);
    this.flags = grow(this.flags);
    this.eventCode = grow(this.eventCode);
    this.layoutIndex = grow(this.layoutIndex);
    this.dataStart = grow(this.dataStart);
    this.dataEnd = grow(this.dataEnd);
    this.contextStart = grow(this.contextStart);
    this.contextEnd = grow(this.contextEnd);
  }

  /** Layout of record `i`. */
  layout(i: number): ColumnLayout {
    return this.layouts[this.layoutIndex[i]];
  }

  /** Event of record `i` (see `LogRecord.event`). */
  event(i: number): string {
    const code = this.eventCode[i];
    return code === EVENT_OTHER ? this.otherEvents.get(i) ?? '' : EVENT_CHARS[code];
  }

  /** Record `i` as an object, or undefined past the end (negative `i` counts from the end). */
  at(i: number): LogRecord | undefined {
    if (i < 0) i += this.length;
    if (!(i >= 0 && i < this.length)) return undefined;
    return {
      index: i, line: this.line[i], start: this.start[i], end: this.end[i], layout: this.layout(i),
      block: this.block[i], session: this.session[i], seq: this.seq[i], time: this.time[i], event: this.event(i),
      fieldCount: this.fieldCount[i], flags: this.flags[i],
    };
  }

  /** Record `i`, which the caller knows exists (an index taken from the model). */
  get(i: number): LogRecord {
    const record = this.at(i);
    if (!record || i < 0) throw new RangeError(`no record ${i}`);
    return record;
  }

  *[Symbol.iterator](): Iterator<LogRecord> {
    for (let i = 0; i < this.length; i++) yield this.get(i);
  }

  /** Index of a layout in `layouts`, added when new. */
  layoutId(layout: ColumnLayout): number {
    let id = this.layouts.lastIndexOf(layout);
    if (id < 0) {
      id = this.layouts.length;
      this.layouts.push(layout);
    }
    return id;
  }

  /** Sets the unknown event value of record `i`. */
  setOtherEvent(i: number, value: string): void {
    this.eventCode[i] = EVENT_OTHER;
    this.otherEvents.set(i, value);
  }
}

/**
 * The columns a parse for folding fills on its first pass: each record's line, offsets, header
 * block, layout and session. The others (time, event, sequence number, flags, field count, data
 * and context spans) are read when the model is completed.
 */
export type RecordPlaces = Pick<RecordTable, 'length' | 'line' | 'start' | 'end' | 'block' | 'session' | 'layout' | 'layouts' | 'layoutIndex'>;
