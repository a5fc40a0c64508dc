/**
 * The log model: one pass over the text builds lines, header blocks, records (with the values the
 * features need) and the session index. Field spans of a record are recomputed on demand
 * (`recordFields`), which keeps the whole-file pass close to the cost of splitting lines.
 */
import {
  ColumnLayout, LogKind, defaultFields, inferKindFromValues, kindFromFileName, kindFromLogType, makeLayout, numberedFields,
  SMTP_FIELDS, POP_IMAP_FIELDS,
} from './kinds';
import { ScanState, decodeField, scanInto, scanLine } from './scanner';
import { parseTime, parseTimeAt } from './time';

export const enum LineType {
  Blank = 0,
  Directive = 1,
  FieldNames = 2,
  Record = 3,
}

export const enum RecordFlag {
  UnterminatedQuote = 1,
  StrayQuote = 2,
  FieldCount = 4,
  BadTime = 8,
  BadEvent = 16,
  BadSeq = 32,
  BadSessionId = 64,
}

export interface Directive {
  line: number;
  /** Directive name as written, without `#` (e.g. `Log-type`). */
  name: string;
  value: string;
  /** Offsets of the name (including `#`) and of the value. */
  nameStart: number;
  nameEnd: number;
  valueStart: number;
  valueEnd: number;
  /** True when the `#` prefix is missing (a page renderer ate it). */
  damaged: boolean;
}

export interface HeaderBlock {
  index: number;
  startLine: number;
  endLine: number;
  directives: Directive[];
  software?: string;
  version?: string;
  logType?: string;
  date?: string;
  fields?: string[];
  kind: LogKind;
  layout: ColumnLayout;
}

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

/** Event characters by code in `RecordTable.eventCode`; code 6 is a value outside the five. */
const EVENT_CHARS = ['', '+', '-', '>', '<', '*'];
const EVENT_OTHER = 6;

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
    const grow = <T extends Int32Array | Float64Array | Uint8Array | Uint16Array>(a: T): T => {
      const b = new (a.constructor as new (n: number) => T)(size);
      b.set(a.subarray(0, this.length));
      return b;
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
    const c = this.eventCode[i];
    return c === EVENT_OTHER ? this.otherEvents.get(i) ?? '' : EVENT_CHARS[c];
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
    const r = this.at(i);
    if (!r || i < 0) throw new RangeError(`no record ${i}`);
    return r;
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

/** Event code of a one-character event field, or 0 when it is none of the five. */
function eventCodeOf(c: number): number {
  switch (c) {
    case 43: return 1;
    case 45: return 2;
    case 62: return 3;
    case 60: return 4;
    case 42: return 5;
    default: return 0;
  }
}

export interface Session {
  index: number;
  id: string;
  kind: LogKind;
  /** Record indices in file order. */
  records: number[];
  /** Record indices in sequence-number order (file order where numbers tie or are absent). */
  ordered: number[];
  /** Sequence numbers seen more than once. */
  duplicateSeqs: number[];
  /** Sequence numbers missing between the lowest and the highest seen. */
  missingSeqs: number[];
}

export type ProblemCode =
  | 'unterminated-quote'
  | 'stray-quote'
  | 'field-count'
  | 'bad-timestamp'
  | 'unknown-event'
  | 'bad-sequence'
  | 'bad-session-id'
  | 'no-header'
  | 'missing-fields'
  | 'partial-header'
  | 'fields-changed'
  | 'damaged-directive';

export interface Problem {
  code: ProblemCode;
  line: number;
  /** Absolute offsets. */
  start: number;
  end: number;
  /** Values the message is built from. */
  args: (string | number)[];
}

export interface LogModel {
  uri: string;
  version: number;
  text: string;
  lineStarts: number[];
  /** End of each line's content (before its line break). */
  lineEnds: number[];
  lineType: Uint8Array;
  /** Record index per line, or -1. */
  lineRecord: Int32Array;
  directives: Directive[];
  blocks: HeaderBlock[];
  records: RecordTable;
  sessions: Session[];
  /** Session index by id. */
  sessionById: SessionLookup;
  /** The kind of the first header block or of the inferred layout. */
  kind: LogKind;
  problems: Problem[];
}

const DAMAGED_DIRECTIVE = /^(Software|Version|Log-type|Date|Fields): /i;

/** Splits text into lines the way LSP does (CRLF, LF and lone CR all end a line). */
export function computeLines(text: string): { starts: number[]; ends: number[] } {
  const starts: number[] = [0];
  const ends: number[] = [];
  const len = text.length;
  let pos = 0;
  let nextCr = text.indexOf('\r');
  if (nextCr < 0) nextCr = len;
  for (;;) {
    let nl = text.indexOf('\n', pos);
    if (nl < 0) nl = len;
    if (nextCr < pos) {
      nextCr = text.indexOf('\r', pos);
      if (nextCr < 0) nextCr = len;
    }
    if (nextCr < nl && !(nextCr === nl - 1 && nl < len)) {
      // a lone CR ends this line
      ends.push(nextCr);
      pos = nextCr + 1;
      starts.push(pos);
      continue;
    }
    if (nl >= len) {
      ends.push(len);
      return { starts, ends };
    }
    ends.push(nextCr === nl - 1 ? nl - 1 : nl);
    pos = nl + 1;
    starts.push(pos);
  }
}

export interface ParseOptions {
  uri?: string;
  version?: number;
  /**
   * Read only what folding needs now (lines, headers, each record's place and session) and the rest
   * of every record on `completeLog`: the first answer after opening a big log comes sooner. Until
   * then the model is for `getFoldingRanges` only.
   */
  deferDetails?: boolean;
}

/** Everything the parser carries from one line to the next, so that an append resumes where it stopped. */
interface ParserState {
  uri: string;
  fileKind: LogKind | undefined;
  directives: Directive[];
  blocks: HeaderBlock[];
  records: RecordTable;
  sessions: Session[];
  problems: Problem[];
  current: HeaderBlock | undefined;
  active: HeaderBlock | undefined;
  inferred: ColumnLayout | undefined;
  prevWasDirective: boolean;
  firstContentLine: number;
  lastFieldsKey: string | undefined;
  badIds: Set<number>;
  index: SessionIndex;
  /** Per session: the last sequence number read, and 1 once its numbers went out of order. */
  lastSeq: number[];
  unsorted: number[];
  /**
   * While record details are deferred: per record, how many problems the first pass had found when
   * it read that record (completion merges the detail problems in at the same places). Else undefined.
   */
  aCount: Int32Array | undefined;
  /** Where a completion in slices (`completeSome`) stands: the first pass's problems, how many of them are merged, the next record. */
  completing: { first: Problem[]; k: number; next: number } | undefined;
  /** The layout of the last record read and its index in the record table. */
  lastLayout: ColumnLayout | undefined;
  lastLayoutId: number;
  /** The text ended inside a header block: an append may continue it, so it is parsed afresh. */
  endedInHeader: boolean;
}

const parserStates = new WeakMap<LogModel, ParserState>();

export function parseLog(text: string, options: ParseOptions = {}): LogModel {
  const uri = options.uri ?? '';
  const sessions: Session[] = [];
  const { starts, ends } = computeLines(text);
  // room for the lines a live log appends before the columns must grow (growing copies all of them)
  const capacity = starts.length + (starts.length >> 3) + 1024;
  const st: ParserState = {
    uri, fileKind: kindFromFileName(uri), directives: [], blocks: [], records: new RecordTable(capacity), sessions,
    problems: [], current: undefined, active: undefined, inferred: undefined, prevWasDirective: false,
    firstContentLine: -1, lastFieldsKey: undefined, badIds: new Set(), index: new SessionIndex(), lastSeq: [], unsorted: [],
    aCount: options.deferDetails ? new Int32Array(capacity) : undefined, completing: undefined,
    lastLayout: undefined, lastLayoutId: 0, endedInHeader: false,
  };
  const lineType = growUint8(new Uint8Array(0), 0, starts.length);
  const lineRecord = growInt32(new Int32Array(0), 0, starts.length);
  parseLines(st, text, starts, ends, lineType, lineRecord, 0);
  return makeModel(st, text, options.version ?? 0, starts, ends, lineType, lineRecord, undefined);
}

/**
 * The model of `text`, which is `model.text` with more text appended (as Exchange appends to a live
 * log). Only the appended lines are parsed, so the cost follows the appended text, not the file.
 * Falls back to a full parse when the old text did not end with a line break or ended inside a header.
 * The caller guarantees that only text was appended (the server tracks the changes); the check of
 * the old text's last characters here is a guard, not a proof.
 * The old model must not be used afterwards: the two share their record and session arrays.
 */
export function extendLog(model: LogModel, text: string, version: number): LogModel {
  completeLog(model);
  const st = parserStates.get(model);
  const old = model.text;
  const tail = Math.min(256, old.length);
  // The first content line looks ahead (a bare field-name row is followed by #Software): re-read it.
  const lookahead = st !== undefined && st.blocks.length === 0 && st.records.length <= 1;
  if (!st || lookahead || st.endedInHeader || text.length < old.length || !old.endsWith('\n') || !text.startsWith(old.slice(old.length - tail), old.length - tail)) {
    return parseLog(text, { uri: model.uri, version });
  }
  parserStates.delete(model);
  const added = computeLines(text.slice(old.length));
  const base = model.lineStarts.length - 1; // the empty line after the final line break
  // The line arrays are extended in place (the old model is retired), and the typed arrays grow
  // inside spare capacity, so an append costs what it adds, not what the file holds.
  const starts = model.lineStarts;
  const ends = model.lineEnds;
  starts.length = base;
  ends.length = base;
  for (let i = 0; i < added.starts.length; i++) {
    starts.push(added.starts[i] + old.length);
    ends.push(added.ends[i] + old.length);
  }
  const lineType = growUint8(model.lineType, base, starts.length);
  const lineRecord = growInt32(model.lineRecord, base, starts.length);
  const firstNew = st.records.length;
  st.records.reserve(firstNew + starts.length - base);
  parseLines(st, text, starts, ends, lineType, lineRecord, base);
  const touched = new Set<number>();
  for (let r = firstNew; r < st.records.length; r++) if (st.records.session[r] >= 0) touched.add(st.records.session[r]);
  return makeModel(st, text, version, starts, ends, lineType, lineRecord, touched);
}

/**
 * A view of `length` entries whose first `keep` come from `old`; the rest are zero. It reuses the
 * buffer behind `old` when that has room, and otherwise allocates half as much again as needed.
 */
function growUint8(old: Uint8Array, keep: number, length: number): Uint8Array {
  if (old.byteOffset === 0 && old.buffer.byteLength >= length) {
    const view = new Uint8Array(old.buffer, 0, length);
    view.fill(0, keep);
    return view;
  }
  const view = new Uint8Array(new ArrayBuffer(Math.ceil(length * 1.5) + 16), 0, length);
  view.set(old.subarray(0, keep));
  return view;
}

/** As `growUint8`, for the record index per line; new entries are -1. */
function growInt32(old: Int32Array, keep: number, length: number): Int32Array {
  if (old.byteOffset === 0 && old.buffer.byteLength >= length * 4) {
    const view = new Int32Array(old.buffer, 0, length);
    view.fill(-1, keep);
    return view;
  }
  const view = new Int32Array(new ArrayBuffer((Math.ceil(length * 1.5) + 16) * 4), 0, length);
  view.set(old.subarray(0, keep));
  view.fill(-1, keep);
  return view;
}

/** Sessions whose sequence numbers went out of order get `ordered` (and their duplicates and gaps) sorted out. */
function orderSessions(st: ParserState, sessions: Session[]): void {
  for (const s of sessions) {
    if (st.unsorted[s.index]) {
      s.duplicateSeqs = [];
      s.missingSeqs = [];
      orderSession(s, st.records);
    } else {
      s.ordered = s.records;
    }
  }
}

/**
 * Reads the record details a `deferDetails` parse left for later; the model is then the same as a
 * full parse's (its `problems` in the same order). Returns the model; a complete model is returned as is.
 */
export function completeLog(model: LogModel): LogModel {
  completeSome(model, () => false);
  return model;
}

/**
 * Reads deferred record details until `stop()` says so (asked every 256 records), so a server can
 * complete a big model in slices and answer requests in between. Returns true when it is complete.
 */
export function completeSome(model: LogModel, stop: () => boolean): boolean {
  const st = parserStates.get(model);
  const aCount = st?.aCount;
  if (!st || !aCount) return true;
  const { records } = st;
  const text = model.text;
  // the problems of the first pass, merged with the details' problems where they were found
  const progress = (st.completing ??= { first: st.problems, k: 0, next: 0 });
  if (progress.next === 0) st.problems = [];
  const { first } = progress;
  let { k, next: ri } = progress;
  for (; ri < records.length; ri++) {
    if ((ri & 255) === 0 && ri > progress.next && stop()) break;
    while (k < aCount[ri]) st.problems.push(first[k++]);
    const layout = records.layout(ri);
    const start = records.start[ri], end = records.end[ri];
    readDetails(st, text, ri, records.line[ri], start, end, layout, scanInto(text, start, end, layout.delimiter));
  }
  progress.k = k;
  progress.next = ri;
  if (ri < records.length) return false;
  while (k < first.length) st.problems.push(first[k++]);
  st.aCount = undefined;
  st.completing = undefined;
  model.problems = st.problems;
  orderSessions(st, st.sessions);
  return true;
}

/** True when the model has every record's details (see `ParseOptions.deferDetails`). */
export function isComplete(model: LogModel): boolean {
  return parserStates.get(model)?.aCount === undefined;
}

function makeModel(st: ParserState, text: string, version: number, starts: number[], ends: number[], lineType: Uint8Array, lineRecord: Int32Array, touched: Set<number> | undefined): LogModel {
  const { sessions, records, blocks, inferred, fileKind } = st;
  if (st.aCount) for (const s of sessions) s.ordered = s.records; // in file order until completed
  else orderSessions(st, touched ? [...touched].map((i) => sessions[i]) : sessions);
  const kind = blocks.length > 0 ? blocks[0].kind : inferred ? inferred.kind : fileKind ?? 'generic';
  const model: LogModel = {
    uri: st.uri, version, text, lineStarts: starts, lineEnds: ends, lineType, lineRecord,
    directives: st.directives, blocks, records, sessions, sessionById: new SessionLookup(st.index, sessions), kind, problems: st.problems,
  };
  parserStates.set(model, st);
  return model;
}

/**
 * Parses lines [fromLine, end) into `st`. The loop is small on purpose: header lines (rare) and
 * records (every other line) are read by functions of their own, so the JIT compiles the hot path
 * once and a header in the middle of a file does not throw the compiled loop away.
 */
function parseLines(st: ParserState, text: string, starts: number[], ends: number[], lineType: Uint8Array, lineRecord: Int32Array, fromLine: number): void {
  const lineCount = starts.length;
  for (let line = fromLine; line < lineCount; line++) {
    let start = starts[line];
    const end = ends[line];
    while (start < end && text.charCodeAt(start) === 0xfeff) start++;
    if (start >= end || isBlank(text, start, end)) {
      lineType[line] = LineType.Blank;
      continue;
    }
    if (st.firstContentLine < 0) st.firstContentLine = line;
    if (text.charCodeAt(start) === 35 /* # */ || st.prevWasDirective || line === st.firstContentLine || (st.active === undefined && st.records.length === 0)) {
      const type = headerLine(st, text, starts, ends, line, start, end);
      if (type !== LineType.Record) {
        lineType[line] = type;
        continue;
      }
    }
    if (st.current) finishBlock(st, ends);
    st.prevWasDirective = false;
    lineType[line] = LineType.Record;
    lineRecord[line] = readRecord(st, text, line, start, end);
  }
  st.endedInHeader = st.current !== undefined;
  // A file that ends inside a header: its block still decides the layout of what follows.
  if (st.current) finishBlock(st, ends);
}

/**
 * A line that may belong to a header: a directive (also one whose `#` a page renderer ate), or the
 * bare field-name row some copies start with. Returns the line's type, `LineType.Record` when it is
 * none of these.
 */
function headerLine(st: ParserState, text: string, starts: number[], ends: number[], line: number, start: number, end: number): LineType {
  let directive: Directive | undefined;
  if (text.charCodeAt(start) === 35 /* # */) {
    directive = readDirective(text, line, start, end, false);
  } else if (DAMAGED_DIRECTIVE.test(text.slice(start, Math.min(end, start + 12)))) {
    directive = readDirective(text, line, start, end, true);
    st.problems.push({ code: 'damaged-directive', line, start, end: directive.nameEnd, args: [directive.name] });
  } else if (line === st.firstContentLine && nextLineStartsHeader(text, starts, ends, line + 1)) {
    return LineType.FieldNames;
  } else {
    return LineType.Record;
  }
  st.directives.push(directive);
  const lname = directive.name.toLowerCase();
  let current = st.current;
  if (!current || !st.prevWasDirective || (lname === 'software' && current.directives.some((d) => d.name.toLowerCase() !== 'software'))) {
    if (current) finishBlock(st, ends);
    current = {
      index: st.blocks.length, startLine: line, endLine: line, directives: [],
      software: undefined, version: undefined, logType: undefined, date: undefined, fields: undefined,
      kind: 'generic', layout: makeLayout('generic', [], ',', true),
    };
    st.blocks.push(current);
    st.current = current;
  }
  current.endLine = line;
  current.directives.push(directive);
  switch (lname) {
    case 'software': current.software = directive.value; break;
    case 'version': current.version = directive.value; break;
    case 'log-type': current.logType = directive.value; break;
    case 'date': current.date = directive.value; break;
    case 'fields': {
      const v = directive.value;
      const sep = v.includes(',') ? ',' : ' ';
      current.fields = v.split(sep).map((x) => x.trim()).filter((x, i, all) => x.length > 0 || i < all.length - 1);
      break;
    }
  }
  st.prevWasDirective = true;
  return LineType.Directive;
}

/** Ends the header block being read: its kind and column layout now apply to the records below. */
function finishBlock(st: ParserState, ends: number[]): void {
  const b = st.current;
  if (!b) return;
  const { problems, fileKind } = st;
  const fields = b.fields;
  let kind = kindFromLogType(b.logType, b.software);
  let delimiter: ',' | ' ' = ',';
  const fieldsDirective = b.directives.find((d) => d.name.toLowerCase() === 'fields');
  if (kind === 'w3c' || (fieldsDirective && !fieldsDirective.value.includes(',') && fieldsDirective.value.trim().includes(' '))) {
    delimiter = ' ';
    if (!kind || kind === 'generic') kind = 'w3c';
  }
  if (!kind && fields) kind = kindFromFieldNames(fields, fileKind);
  if (!kind) kind = fileKind ?? 'generic';
  b.kind = kind;
  if (fields) {
    b.layout = makeLayout(kind, fields, delimiter, false);
    const key = fields.join(',').toLowerCase();
    if (st.lastFieldsKey !== undefined && key !== st.lastFieldsKey && fieldsDirective) {
      problems.push({ code: 'fields-changed', line: fieldsDirective.line, start: fieldsDirective.valueStart, end: fieldsDirective.valueEnd, args: [] });
    }
    st.lastFieldsKey = key;
  } else {
    const d = b.directives[0];
    problems.push({ code: 'missing-fields', line: d.line, start: d.nameStart, end: ends[b.endLine], args: [] });
    const names = defaultFields(kind, 0);
    b.layout = makeLayout(kind, names ?? [], delimiter, true);
  }
  const names = new Set(b.directives.map((d) => d.name.toLowerCase()));
  const missing = ['software', 'version', 'log-type', 'date', 'fields'].filter((n) => !names.has(n) && n !== 'fields');
  if (missing.length > 0 && kind !== 'w3c' && b.fields) {
    const d = b.directives[0];
    problems.push({ code: 'partial-header', line: d.line, start: d.nameStart, end: ends[b.endLine], args: [missing.map(displayDirective).join(', ')] });
  }
  st.active = b;
  st.current = undefined;
}

/** The layout of a record line: its header's, or one inferred from the line (and kept). */
function layoutFor(st: ParserState, text: string, line: number, start: number, end: number): ColumnLayout {
  const active = st.active;
  if (active) {
    if (active.layout.inferred && active.layout.names.length === 0) active.layout = inferLayout(text, start, end, st.fileKind, active.kind);
    return active.layout;
  }
  if (!st.inferred) {
    st.inferred = inferLayout(text, start, end, st.fileKind, undefined);
    st.problems.push({ code: 'no-header', line, start, end, args: [st.inferred.kind] });
  }
  return st.inferred;
}

/**
 * Reads one record line: its place, layout and session now; the rest (`readDetails`: field count,
 * quotes, time, event, sequence number and their problems) now as well, or later when the parse
 * defers details (`ParseOptions.deferDetails`). Returns the record index.
 */
function readRecord(st: ParserState, text: string, line: number, start: number, end: number): number {
  const records = st.records;
  const layout = layoutFor(st, text, line, start, end);
  const ri = records.length;
  const delim = layout.delimiter;
  const deferred = st.aCount !== undefined;
  // Deferring: scan only up to the columns that name the session.
  const scan = scanInto(text, start, end, delim, deferred ? Math.max(layout.session, layout.sessionFallback) + 1 : -1);
  const spans = scan.spans;
  let session = -1;
  const sc = sessionColumnOf(text, layout, spans, scan.count);
  if (sc >= 0) {
    const ss = spans[sc * 2], se = spans[sc * 2 + 1];
    const quoted = text.charCodeAt(ss) === 34;
    if (se > ss && !(quoted && se - ss <= 2)) {
      const id = quoted ? decodeField(text, ss, se, delim) : undefined;
      session = id !== undefined ? st.index.find(id, 0, id.length) : st.index.find(text, ss, se);
      if (session < 0) session = newSession(st, id ?? text.slice(ss, se), layout.kind);
      st.sessions[session].records.push(ri);
    }
  }
  if (layout !== st.lastLayout) {
    st.lastLayout = layout;
    st.lastLayoutId = records.layoutId(layout);
  }
  records.line[ri] = line;
  records.start[ri] = start;
  records.end[ri] = end;
  records.block[ri] = st.active ? st.active.index : -1;
  records.session[ri] = session;
  records.layoutIndex[ri] = st.lastLayoutId;
  records.length = ri + 1;
  if (deferred) st.aCount![ri] = st.problems.length;
  else readDetails(st, text, ri, line, start, end, layout, scan);
  return ri;
}


/**
 * The details of record `ri` from the spans of all its fields: field count, quote problems, time,
 * event, sequence number (and the session's sequence bookkeeping), and their problems, in this order.
 */
function readDetails(st: ParserState, text: string, ri: number, line: number, start: number, end: number, layout: ColumnLayout, scan: ScanState): void {
  const { records, problems } = st;
  const spans = scan.spans;
  const fieldCount = scan.count;
  const delim = layout.delimiter;
  let flags = 0;
  let time = NaN;
  let seq = NaN;
  let eventCode = 0;
  if (scan.unterminated) {
    flags |= RecordFlag.UnterminatedQuote;
    problems.push({ code: 'unterminated-quote', line, start: spans[fieldCount * 2 - 2], end, args: [] });
  } else if (scan.strayQuote >= 0) {
    flags |= RecordFlag.StrayQuote;
    problems.push({ code: 'stray-quote', line, start: scan.strayQuote, end: scan.strayQuote + 1, args: [] });
  }
  const expected = layout.names.length;
  if (expected > 0 && fieldCount !== expected && !layout.inferred && !scan.unterminated
    && !(fieldCount === expected + 1 && (layout.kind === 'pop3' || layout.kind === 'imap4'))
    && !(layout.kind === 'w3c' && fieldCount > expected && isBlank(text, spans[expected * 2], end))) {
    flags |= RecordFlag.FieldCount;
    problems.push({ code: 'field-count', line, start, end, args: [fieldCount, expected] });
  }
  // Time
  const tc = layout.time;
  if (tc >= 0 && tc < fieldCount) {
    const ts = spans[tc * 2], te = spans[tc * 2 + 1];
    if (layout.date >= 0 && layout.date < fieldCount) {
      time = parseTime(decodeField(text, spans[layout.date * 2], spans[layout.date * 2 + 1], delim) + 'T' + decodeField(text, ts, te, delim) + 'Z');
    } else {
      time = text.charCodeAt(ts) === 34 ? parseTime(decodeField(text, ts, te, delim)) : parseTimeAt(text, ts, te);
    }
    if (time !== time) {
      flags |= RecordFlag.BadTime;
      const i = layout.date >= 0 ? layout.date : tc;
      problems.push({ code: 'bad-timestamp', line, start: spans[i * 2], end: te, args: [text.slice(spans[i * 2], te)] });
    }
  }
  // Event
  const ec = layout.event;
  if (ec >= 0 && ec < fieldCount) {
    const es = spans[ec * 2], ee = spans[ec * 2 + 1];
    eventCode = ee - es === 1 ? eventCodeOf(text.charCodeAt(es)) : 0;
    if (eventCode === 0) {
      const ev = decodeField(text, es, ee, delim);
      records.setOtherEvent(ri, ev);
      eventCode = EVENT_OTHER;
      flags |= RecordFlag.BadEvent;
      problems.push({ code: 'unknown-event', line, start: es, end: ee, args: [ev] });
    }
  }
  // Sequence number
  const qc = layout.seq;
  if (qc >= 0 && qc < fieldCount) {
    const ss = spans[qc * 2], se = spans[qc * 2 + 1];
    let v = 0;
    let ok = se > ss && se - ss <= 15;
    for (let i = ss; ok && i < se; i++) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) ok = false;
      else v = v * 10 + c;
    }
    if (ok) seq = v;
    else {
      flags |= RecordFlag.BadSeq;
      problems.push({ code: 'bad-sequence', line, start: ss, end: se, args: [decodeField(text, ss, se, delim)] });
    }
  }
  const si = records.session[ri];
  if (si >= 0) {
    trackSequence(st, si, seq);
    if (st.badIds.size !== 0 && st.badIds.has(si)) {
      flags |= RecordFlag.BadSessionId;
      const sc = sessionColumnOf(text, layout, spans, fieldCount);
      problems.push({ code: 'bad-session-id', line, start: spans[sc * 2], end: spans[sc * 2 + 1], args: [st.sessions[si].id] });
    }
  }
  const dc = layout.data, cc = layout.context;
  if (dc >= 0 && dc < fieldCount) {
    records.dataStart[ri] = spans[dc * 2];
    records.dataEnd[ri] = spans[dc * 2 + 1];
  } else {
    records.dataStart[ri] = records.dataEnd[ri] = -1;
  }
  if (cc >= 0 && cc < fieldCount) {
    records.contextStart[ri] = spans[cc * 2];
    records.contextEnd[ri] = spans[cc * 2 + 1];
  } else {
    records.contextStart[ri] = records.contextEnd[ri] = -1;
  }
  records.fieldCount[ri] = fieldCount;
  records.seq[ri] = seq;
  records.time[ri] = time;
  records.flags[ri] = flags;
  if (eventCode !== EVENT_OTHER) records.eventCode[ri] = eventCode;
}

/** The shared empty list of sequence numbers (never added to: a session gets its own list first). */
const NONE: number[] = [];

/** Adds a session for an id not seen before; returns its index. */
function newSession(st: ParserState, id: string, kind: LogKind): number {
  const si = st.sessions.length;
  st.index.add(id, si);
  const records: number[] = [];
  // `ordered` is `records` until the sequence numbers say otherwise; the two lists start as one
  // shared empty list and get their own on the first entry (most sessions have neither)
  st.sessions.push({ index: si, id, kind, records, ordered: records, duplicateSeqs: NONE, missingSeqs: NONE });
  st.lastSeq.push(NaN);
  st.unsorted.push(0);
  if (kind !== 'messageTracking' && kind !== 'generic' && kind !== 'w3c' && !isHexId(id)) st.badIds.add(si);
  return si;
}

/**
 * The sequence bookkeeping of a session while reading its records in file order: duplicates and
 * gaps of sessions already in order (those need no second pass), or the mark that it is not.
 */
function trackSequence(st: ParserState, si: number, q: number): void {
  const { lastSeq, unsorted } = st;
  if (unsorted[si] !== 0) return;
  const sess = st.sessions[si];
  const last = lastSeq[si];
  if (q !== q || q < last) unsorted[si] = 1;
  else if (last === last) {
    if (q === last) {
      if (sess.duplicateSeqs === NONE) sess.duplicateSeqs = [];
      const dups = sess.duplicateSeqs;
      if (dups.length === 0 || dups[dups.length - 1] !== q) dups.push(q);
    } else if (q > last + 1) {
      if (sess.missingSeqs === NONE) sess.missingSeqs = [];
      for (let m = last + 1; m < q && sess.missingSeqs.length < 1000; m++) sess.missingSeqs.push(m);
    }
  }
  lastSeq[si] = q;
}

/**
 * Finds a session by the id at text[start, end) without slicing it: an open-addressing hash table
 * in typed arrays, whose candidates are confirmed against a compact copy of every id's characters.
 * (Slicing a string per line, hashing it in a Map and comparing it with the id's first occurrence in
 * a 10 MB text each cost more than reading the line.)
 */
class SessionIndex {
  /** Session index + 1 per slot (0: empty), and the hash of the id in that slot. */
  private slots = new Int32Array(1024);
  private hashes = new Int32Array(1024);
  private count = 0;
  /** The characters of every id, one after the other: session s has `length[s]` from `offset[s]`. */
  private pool = new Uint16Array(4096);
  private poolLength = 0;
  private offset = new Int32Array(256);
  private length = new Int32Array(256);

  private static hash(text: string, start: number, end: number): number {
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    return h & 0x3fffffff;
  }

  /** Session index of the id text[start, end) (of the log text, or of a decoded id string), or -1. */
  find(text: string, start: number, end: number): number {
    const h = SessionIndex.hash(text, start, end);
    const { slots, hashes, pool, offset, length } = this;
    const mask = slots.length - 1;
    const len = end - start;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const s = slots[i] - 1;
      if (s < 0) return -1;
      if (hashes[i] !== h || length[s] !== len) continue;
      const p = offset[s];
      let k = 0;
      while (k < len && text.charCodeAt(start + k) === pool[p + k]) k++;
      if (k === len) return s;
    }
  }

  /** Adds session `session` (the next one) with `id`. */
  add(id: string, session: number): void {
    if ((this.count + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    if (session >= this.offset.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(Math.max(a.length * 2, session + 1));
        b.set(a);
        return b;
      };
      this.offset = grow(this.offset);
      this.length = grow(this.length);
    }
    if (this.poolLength + id.length > this.pool.length) {
      const bigger = new Uint16Array(Math.max(this.pool.length * 2, this.poolLength + id.length));
      bigger.set(this.pool.subarray(0, this.poolLength));
      this.pool = bigger;
    }
    this.offset[session] = this.poolLength;
    this.length[session] = id.length;
    for (let i = 0; i < id.length; i++) this.pool[this.poolLength++] = id.charCodeAt(i);
    this.insert(SessionIndex.hash(id, 0, id.length), session);
    this.count++;
  }

  private insert(h: number, session: number): void {
    const mask = this.slots.length - 1;
    let i = h & mask;
    while (this.slots[i] !== 0) i = (i + 1) & mask;
    this.slots[i] = session + 1;
    this.hashes[i] = h;
  }

  private rehash(size: number): void {
    const { slots, hashes } = this;
    this.slots = new Int32Array(size);
    this.hashes = new Int32Array(size);
    for (let i = 0; i < slots.length; i++) if (slots[i] !== 0) this.insert(hashes[i], slots[i] - 1);
  }
}

/** Session index by id, read from the parser's session index (a Map of every id cost as much as the index). */
export class SessionLookup implements Iterable<[string, number]> {
  constructor(private readonly index: SessionIndex, private readonly sessions: readonly Session[]) {}

  get(id: string): number | undefined {
    const s = this.index.find(id, 0, id.length);
    return s < 0 ? undefined : s;
  }

  has(id: string): boolean {
    return this.index.find(id, 0, id.length) >= 0;
  }

  get size(): number {
    return this.sessions.length;
  }

  *[Symbol.iterator](): Iterator<[string, number]> {
    for (const s of this.sessions) yield [s.id, s.index];
  }
}

/** An empty field or a lone `-` (W3C's "no value"). */
function isDash(text: string, start: number, end: number): boolean {
  return end <= start || (end - start === 1 && text.charCodeAt(start) === 45);
}

/**
 * The column that names the session of a record whose fields span `spans` (`count` fields), or -1:
 * W3C logs name it by the fallback column (`c-ip`) where the session column holds `-`. The parser
 * and the features that point at a session id both ask this.
 */
function sessionColumnOf(text: string, layout: ColumnLayout, spans: ArrayLike<number>, count: number): number {
  const sc = layout.session;
  if (sc < 0 || sc >= count) return -1;
  const fb = layout.sessionFallback;
  if (fb >= 0 && fb < count && isDash(text, spans[sc * 2], spans[sc * 2 + 1])) return fb;
  return sc;
}

/** Column that holds the session id of a record (see `sessionColumnOf`), or -1. */
export function sessionColumn(model: LogModel, rec: LogRecord, spans: number[]): number {
  return sessionColumnOf(model.text, rec.layout, spans, spans.length >> 1);
}

function isHexId(id: string): boolean {
  if (id.length > 32) return false;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}

function displayDirective(n: string): string {
  return '#' + n.split('-').map((p, i) => (i === 0 ? p[0].toUpperCase() + p.slice(1) : p)).join('-');
}

function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 0xfeff) return false;
  }
  return true;
}

function nextLineStartsHeader(text: string, starts: number[], ends: number[], line: number): boolean {
  if (line >= starts.length) return false;
  let s = starts[line];
  while (s < ends[line] && text.charCodeAt(s) === 0xfeff) s++;
  return text.startsWith('#Software', s) || text.startsWith('#software', s);
}

function readDirective(text: string, line: number, start: number, end: number, damaged: boolean): Directive {
  const nameStart = start;
  const from = damaged ? start : start + 1;
  const colon = text.indexOf(':', from);
  let nameEnd: number;
  let valueStart: number;
  if (colon < 0 || colon >= end) {
    nameEnd = end;
    valueStart = end;
  } else {
    nameEnd = colon + 1;
    valueStart = colon + 1;
    while (valueStart < end && text.charCodeAt(valueStart) === 32) valueStart++;
  }
  const name = text.slice(from, colon < 0 || colon >= end ? end : colon).trim();
  let valueEnd = end;
  while (valueEnd > valueStart && (text.charCodeAt(valueEnd - 1) === 32 || text.charCodeAt(valueEnd - 1) === 9)) valueEnd--;
  return { line, name, value: text.slice(valueStart, valueEnd), nameStart, nameEnd, valueStart, valueEnd, damaged };
}

function kindFromFieldNames(fields: string[], fileKind: LogKind | undefined): LogKind | undefined {
  const lower = fields.map((f) => f.toLowerCase()).join(',');
  if (lower === SMTP_FIELDS.join(',')) return fileKind === 'smtpSend' ? 'smtpSend' : 'smtpReceive';
  if (lower.startsWith(POP_IMAP_FIELDS.slice(0, 12).join(',').toLowerCase())) return fileKind === 'pop3' ? 'pop3' : 'imap4';
  if (lower === 'date-time,session,source,destination,direction,description') return 'connectivity';
  if (lower.startsWith('date-time,client-ip,client-hostname,server-ip')) return 'messageTracking';
  return undefined;
}

function inferLayout(text: string, start: number, end: number, fileKind: LogKind | undefined, blockKind: LogKind | undefined): ColumnLayout {
  const comma = scanLine(text, start, end, ',');
  const values: string[] = [];
  for (let i = 0; i < comma.spans.length; i += 2) values.push(decodeField(text, comma.spans[i], comma.spans[i + 1]));
  let kind = inferKindFromValues(values, blockKind ?? fileKind);
  if (kind === 'w3c' || (!kind && (fileKind === 'w3c' || blockKind === 'w3c'))) {
    const sp = scanLine(text, start, end, ' ');
    return makeLayout('w3c', numberedFields(sp.spans.length >> 1), ' ', true);
  }
  if (kind === 'smtpReceive' && !blockKind && !fileKind) kind = guessSmtpDirection(text, start, end);
  const names = kind ? defaultFields(kind, values.length) : undefined;
  if (kind && names) return makeLayout(kind, names, ',', true);
  return makeLayout(blockKind ?? fileKind ?? 'generic', numberedFields(values.length), ',', true);
}

/** Without a header or file name, a send log shows `attempting to connect` or a banner we receive. */
function guessSmtpDirection(text: string, start: number, _end: number): LogKind {
  const sample = text.slice(start, Math.min(text.length, start + 20000));
  if (/,\*,[^,\r\n]*,attempting to connect|,<,220 |sending message with RecordId|Send Connector/i.test(sample)) return 'smtpSend';
  return 'smtpReceive';
}

function orderSession(s: Session, records: RecordTable): void {
  const recs = s.records;
  const seqs = records.seq;
  let sorted = true;
  let anySeq = false;
  for (let i = 0; i < recs.length; i++) {
    const q = seqs[recs[i]];
    if (!Number.isNaN(q)) anySeq = true;
    if (i > 0 && !(seqs[recs[i - 1]] <= q)) sorted = false;
  }
  if (!anySeq || sorted) s.ordered = recs;
  else {
    s.ordered = recs.slice().sort((a, b) => {
      const qa = seqs[a], qb = seqs[b];
      if (Number.isNaN(qa) || Number.isNaN(qb)) return a - b;
      return qa - qb || a - b;
    });
  }
  if (!anySeq) return;
  let prev = NaN;
  let lastDup = NaN;
  for (const r of s.ordered) {
    const q = seqs[r];
    if (Number.isNaN(q)) continue;
    if (q === prev) {
      if (q !== lastDup) s.duplicateSeqs.push(q);
      lastDup = q;
    } else if (!Number.isNaN(prev) && q > prev + 1) {
      for (let m = prev + 1; m < q && s.missingSeqs.length < 1000; m++) s.missingSeqs.push(m);
    }
    prev = q;
  }
}

/** Field spans of one record, recomputed from the text: [start0, end0, start1, end1, …]. */
export function recordFields(model: LogModel, rec: LogRecord): number[] {
  return scanLine(model.text, rec.start, rec.end, rec.layout.delimiter).spans;
}

/** Decoded value of column `col` of a record, or undefined. */
export function fieldValue(model: LogModel, rec: LogRecord, col: number, spans?: number[]): string | undefined {
  if (col < 0) return undefined;
  const sp = spans ?? recordFields(model, rec);
  if (col * 2 >= sp.length) return undefined;
  return decodeField(model.text, sp[col * 2], sp[col * 2 + 1], rec.layout.delimiter);
}

/** Name of column `col` in a layout, numbered when `#Fields` does not name it. */
export function columnName(layout: ColumnLayout, col: number): string {
  return col < layout.names.length ? layout.names[col] : `column ${col + 1}`;
}

/** Line number that contains an absolute offset (binary search). */
export function lineAt(model: LogModel, offset: number): number {
  const starts = model.lineStarts;
  let lo = 0, hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
