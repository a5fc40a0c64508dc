/**
 * The parser: reads a log line by line into header blocks, records, sessions and problems. Its
 * state is kept with the model, so that completing a model read for folding and reading appended
 * lines resume where it stopped.
 *
 * The per-line loop is small on purpose: header lines (rare) and records (every other line) are read
 * by functions of their own, so the JIT compiles the hot path once and a header in the middle of a
 * file does not throw the compiled loop away (docs/performance.md).
 */
import { sessionColumnOf } from './fields';
import { HeaderState, finishBlock, headerLine } from './header';
import { ColumnLayout, LogKind, inferLayout, kindFromFileName } from './kinds';
import { isBlank } from './lines';
import { EVENT_OTHER, RecordTable, eventCodeOf } from './recordTable';
import { ScanState, decodeField, scanInto } from './scanner';
import { NO_SEQS, SequenceTracker } from './sequence';
import { SessionIndex } from './sessionIndex';
import { parseTime, parseTimeAt } from './time';
import { LineTable, LineType, Problem, RecordFlag, Session } from './types';

/** The record details a parse for folding leaves for later, and how far their completion has come. */
interface DeferredDetails {
  /**
   * Per record: how many problems the first pass had found when it read the record. Completion
   * merges the details' problems in at those places, so they come in the order a full parse gives.
   */
  readonly problemsBefore: Int32Array;
  /** The first pass's problems, once completion has begun. */
  firstPassProblems: Problem[] | undefined;
  /** How many of `firstPassProblems` are merged. */
  merged: number;
  /** The next record to complete. */
  nextRecord: number;
}

/** Everything the parser carries from one line to the next. */
export interface ParserState extends HeaderState {
  readonly uri: string;
  readonly records: RecordTable;
  readonly sessions: Session[];
  readonly sessionIndex: SessionIndex;
  /** Sessions whose ids are not the hexadecimal ids their kind writes: their records get `bad-session-id`. */
  readonly badSessionIds: Set<number>;
  readonly sequences: SequenceTracker;
  /** The layout inferred for the records before any header, once there is one. */
  inferred: ColumnLayout | undefined;
  /** The layout of the last record read and its index in the record table. */
  lastLayout: ColumnLayout | undefined;
  lastLayoutId: number;
  /** Record details not read yet (a parse for folding), else undefined. */
  deferred: DeferredDetails | undefined;
  /** The text ended inside a header block: an append may continue it, so it is parsed afresh. */
  endedInHeader: boolean;
}

/** A parser for the log at `uri`, with room for `capacity` records; `deferDetails`: read for folding. */
export function createParser(uri: string, capacity: number, deferDetails: boolean): ParserState {
  return {
    uri, fileKind: kindFromFileName(uri), directives: [], blocks: [], problems: [], current: undefined, active: undefined,
    prevWasDirective: false, firstContentLine: -1, lastFieldsKey: undefined,
    records: new RecordTable(capacity), sessions: [], sessionIndex: new SessionIndex(), badSessionIds: new Set(),
    sequences: new SequenceTracker(), inferred: undefined, lastLayout: undefined, lastLayoutId: 0,
    deferred: deferDetails ? { problemsBefore: new Int32Array(capacity), firstPassProblems: undefined, merged: 0, nextRecord: 0 } : undefined,
    endedInHeader: false,
  };
}

/** Parses lines [fromLine, end) of `lines`, filling in their type and record. */
export function parseLines(parser: ParserState, lines: LineTable, fromLine: number): void {
  const { text, lineStarts, lineEnds, lineType, lineRecord } = lines;
  const lineCount = lineStarts.length;
  for (let line = fromLine; line < lineCount; line++) {
    let start = lineStarts[line];
    const end = lineEnds[line];
    while (start < end && text.charCodeAt(start) === 0xfeff) start++;
    if (start >= end || isBlank(text, start, end)) {
      lineType[line] = LineType.Blank;
      continue;
    }
    if (parser.firstContentLine < 0) parser.firstContentLine = line;
    if (text.charCodeAt(start) === 35 /* # */ || parser.prevWasDirective || line === parser.firstContentLine || (parser.active === undefined && parser.records.length === 0)) {
      const type = headerLine(parser, lines, line, start, end);
      if (type !== LineType.Record) {
        lineType[line] = type;
        continue;
      }
    }
    if (parser.current) finishBlock(parser, lineEnds);
    parser.prevWasDirective = false;
    lineType[line] = LineType.Record;
    lineRecord[line] = readRecord(parser, text, line, start, end);
  }
  parser.endedInHeader = parser.current !== undefined;
  // A file that ends inside a header: its block still decides the layout of what follows.
  if (parser.current) finishBlock(parser, lineEnds);
}

/**
 * Reads deferred record details until `stop()` says so (asked every 256 records). Returns true when
 * every record has its details; the problems are then those of a full parse, in the same order.
 */
export function completeDetails(parser: ParserState, text: string, stop: () => boolean): boolean {
  const { deferred, records } = parser;
  if (!deferred) return true;
  if (deferred.firstPassProblems === undefined) {
    deferred.firstPassProblems = parser.problems;
    parser.problems = [];
  }
  const { firstPassProblems, problemsBefore } = deferred;
  const problems = parser.problems;
  let merged = deferred.merged;
  let record = deferred.nextRecord;
  for (; record < records.length; record++) {
    if ((record & 255) === 0 && record > deferred.nextRecord && stop()) break;
    while (merged < problemsBefore[record]) problems.push(firstPassProblems[merged++]);
    const layout = records.layout(record);
    readDetails(parser, text, record, layout, scanInto(text, records.start[record], records.end[record], layout.delimiter));
  }
  deferred.merged = merged;
  deferred.nextRecord = record;
  if (record < records.length) return false;
  while (merged < firstPassProblems.length) problems.push(firstPassProblems[merged++]);
  parser.deferred = undefined;
  return true;
}

/** The layout of a record line: its header's, or one inferred from the line (and kept). */
function layoutFor(parser: ParserState, text: string, line: number, start: number, end: number): ColumnLayout {
  const active = parser.active;
  if (active) {
    if (active.layout.inferred && active.layout.names.length === 0) active.layout = inferLayout(text, start, end, parser.fileKind, active.kind);
    return active.layout;
  }
  if (!parser.inferred) {
    parser.inferred = inferLayout(text, start, end, parser.fileKind, undefined);
    parser.problems.push({ code: 'no-header', line, start, end, args: [parser.inferred.kind] });
  }
  return parser.inferred;
}

/**
 * Reads one record line: its place, layout and session now; the rest (`readDetails`) now as well,
 * or later when the parse defers details. Returns the record index.
 */
function readRecord(parser: ParserState, text: string, line: number, start: number, end: number): number {
  const { records, deferred } = parser;
  const layout = layoutFor(parser, text, line, start, end);
  const record = records.length;
  const delimiter = layout.delimiter;
  // Deferring: scan only up to the columns that name the session.
  const fields = scanInto(text, start, end, delimiter, deferred ? Math.max(layout.session, layout.sessionFallback) + 1 : -1);
  const spans = fields.spans;
  let session = -1;
  const sessionColumn = sessionColumnOf(text, layout, spans, fields.count);
  if (sessionColumn >= 0) {
    const idStart = spans[sessionColumn * 2], idEnd = spans[sessionColumn * 2 + 1];
    const quoted = text.charCodeAt(idStart) === 34;
    if (idEnd > idStart && !(quoted && idEnd - idStart <= 2)) {
      const id = quoted ? decodeField(text, idStart, idEnd, delimiter) : undefined;
      session = id !== undefined ? parser.sessionIndex.find(id, 0, id.length) : parser.sessionIndex.find(text, idStart, idEnd);
      if (session < 0) session = newSession(parser, id ?? text.slice(idStart, idEnd), layout.kind);
      parser.sessions[session].records.push(record);
    }
  }
  if (layout !== parser.lastLayout) {
    parser.lastLayout = layout;
    parser.lastLayoutId = records.layoutId(layout);
  }
  records.line[record] = line;
  records.start[record] = start;
  records.end[record] = end;
  records.block[record] = parser.active ? parser.active.index : -1;
  records.session[record] = session;
  records.layoutIndex[record] = parser.lastLayoutId;
  records.length = record + 1;
  if (deferred) deferred.problemsBefore[record] = parser.problems.length;
  else readDetails(parser, text, record, layout, fields);
  return record;
}

/**
 * The details of `record` from the spans of all its fields: field count, quote problems, time,
 * event, sequence number (and the session's sequence bookkeeping), and their problems, in this order.
 */
function readDetails(parser: ParserState, text: string, record: number, layout: ColumnLayout, fields: ScanState): void {
  const { records, problems } = parser;
  const line = records.line[record], start = records.start[record], end = records.end[record];
  const spans = fields.spans;
  const fieldCount = fields.count;
  const delimiter = layout.delimiter;
  let flags = 0;
  let time = NaN;
  let seq = NaN;
  let eventCode = 0;
  if (fields.unterminated) {
    flags |= RecordFlag.UnterminatedQuote;
    problems.push({ code: 'unterminated-quote', line, start: spans[fieldCount * 2 - 2], end, args: [] });
  } else if (fields.strayQuote >= 0) {
    flags |= RecordFlag.StrayQuote;
    problems.push({ code: 'stray-quote', line, start: fields.strayQuote, end: fields.strayQuote + 1, args: [] });
  }
  const expected = layout.names.length;
  if (expected > 0 && fieldCount !== expected && !layout.inferred && !fields.unterminated
    && !(fieldCount === expected + 1 && (layout.kind === 'pop3' || layout.kind === 'imap4'))
    && !(layout.kind === 'w3c' && fieldCount > expected && isBlank(text, spans[expected * 2], end))) {
    flags |= RecordFlag.FieldCount;
    problems.push({ code: 'field-count', line, start, end, args: [fieldCount, expected] });
  }
  const timeColumn = layout.time;
  if (timeColumn >= 0 && timeColumn < fieldCount) {
    const timeStart = spans[timeColumn * 2], timeEnd = spans[timeColumn * 2 + 1];
    const dateColumn = layout.date;
    if (dateColumn >= 0 && dateColumn < fieldCount) {
      time = parseTime(decodeField(text, spans[dateColumn * 2], spans[dateColumn * 2 + 1], delimiter) + 'T' + decodeField(text, timeStart, timeEnd, delimiter) + 'Z');
    } else {
      time = text.charCodeAt(timeStart) === 34 ? parseTime(decodeField(text, timeStart, timeEnd, delimiter)) : parseTimeAt(text, timeStart, timeEnd);
    }
    if (time !== time) {
      flags |= RecordFlag.BadTime;
      const from = spans[(dateColumn >= 0 ? dateColumn : timeColumn) * 2];
      problems.push({ code: 'bad-timestamp', line, start: from, end: timeEnd, args: [text.slice(from, timeEnd)] });
    }
  }
  const eventColumn = layout.event;
  if (eventColumn >= 0 && eventColumn < fieldCount) {
    const eventStart = spans[eventColumn * 2], eventEnd = spans[eventColumn * 2 + 1];
    eventCode = eventEnd - eventStart === 1 ? eventCodeOf(text.charCodeAt(eventStart)) : 0;
    if (eventCode === 0) {
      const value = decodeField(text, eventStart, eventEnd, delimiter);
      records.setOtherEvent(record, value);
      eventCode = EVENT_OTHER;
      flags |= RecordFlag.BadEvent;
      problems.push({ code: 'unknown-event', line, start: eventStart, end: eventEnd, args: [value] });
    }
  }
  const seqColumn = layout.seq;
  if (seqColumn >= 0 && seqColumn < fieldCount) {
    const seqStart = spans[seqColumn * 2], seqEnd = spans[seqColumn * 2 + 1];
    seq = readSeq(text, seqStart, seqEnd);
    if (seq !== seq) {
      flags |= RecordFlag.BadSeq;
      problems.push({ code: 'bad-sequence', line, start: seqStart, end: seqEnd, args: [decodeField(text, seqStart, seqEnd, delimiter)] });
    }
  }
  const session = records.session[record];
  if (session >= 0) {
    parser.sequences.read(parser.sessions[session], seq);
    if (parser.badSessionIds.size !== 0 && parser.badSessionIds.has(session)) {
      flags |= RecordFlag.BadSessionId;
      const column = sessionColumnOf(text, layout, spans, fieldCount);
      problems.push({ code: 'bad-session-id', line, start: spans[column * 2], end: spans[column * 2 + 1], args: [parser.sessions[session].id] });
    }
  }
  const dataColumn = layout.data, contextColumn = layout.context;
  if (dataColumn >= 0 && dataColumn < fieldCount) {
    records.dataStart[record] = spans[dataColumn * 2];
    records.dataEnd[record] = spans[dataColumn * 2 + 1];
  } else {
    records.dataStart[record] = records.dataEnd[record] = -1;
  }
  if (contextColumn >= 0 && contextColumn < fieldCount) {
    records.contextStart[record] = spans[contextColumn * 2];
    records.contextEnd[record] = spans[contextColumn * 2 + 1];
  } else {
    records.contextStart[record] = records.contextEnd[record] = -1;
  }
  records.fieldCount[record] = fieldCount;
  records.seq[record] = seq;
  records.time[record] = time;
  records.flags[record] = flags;
  records.eventCode[record] = eventCode;
}

/** A sequence number: 1 to 15 digits (exact in a double), else NaN. */
function readSeq(text: string, start: number, end: number): number {
  if (!(end > start && end - start <= 15)) return NaN;
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return NaN;
    value = value * 10 + digit;
  }
  return value;
}

/** Adds a session for an id not seen before; returns its index. */
function newSession(parser: ParserState, id: string, kind: LogKind): number {
  const index = parser.sessions.length;
  parser.sessionIndex.add(id, index);
  const records: number[] = [];
  // `ordered` is `records` until the sequence numbers say otherwise
  parser.sessions.push({ index, id, kind, records, ordered: records, duplicateSeqs: NO_SEQS, missingSeqs: NO_SEQS });
  parser.sequences.addSession();
  if (kind !== 'messageTracking' && kind !== 'generic' && kind !== 'w3c' && !isHexId(id)) parser.badSessionIds.add(index);
  return index;
}

/** Up to 32 hexadecimal digits: the session ids Exchange writes. */
function isHexId(id: string): boolean {
  if (id.length > 32) return false;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102))) return false;
  }
  return true;
}
