/**
 * The log model: what the features know of a log, built by one pass over its text. Its life:
 *
 * - **Read for folding.** The first request after opening a log is folding, and folding needs only
 *   the lines, the header blocks and each record's place and session. `parseLog` with
 *   `deferDetails` reads that much, a `FoldingModel`, and leaves each record's details (field count,
 *   quotes, time, event, sequence number and their problems) for later.
 * - **Completed in slices.** `completeSome` reads the deferred details a few hundred records at a
 *   time, so that a server answers requests in between, until the model is a `LogModel`;
 *   `completeLog` does it at once. A completed model equals a full parse's. Every feature but
 *   folding takes a `LogModel`, and the compiler keeps the two apart.
 * - **Extended on append.** Exchange appends to a live log: `extendLog` parses only the appended
 *   lines, resuming the parser where it stopped, and retires the old model.
 *
 * A record's field spans are not kept: `recordFields` scans its line again on demand, which keeps
 * the whole-file pass close to the cost of splitting lines (docs/performance.md).
 *
 * The model's rooms: `types.ts` (its data), `lines.ts` (lines), `header.ts` (directives and header
 * blocks), `parser.ts` (the line-by-line reading), `recordTable.ts` (records in columns),
 * `sessionIndex.ts` (sessions by id), `sequence.ts` (sequence numbers: duplicates, gaps, order),
 * `kinds.ts` (kinds and column layouts, also inferred from a line without header), `fields.ts` (a
 * record's fields), `scanner.ts` (the field scanner), `time.ts` (timestamps), `values.ts` (a record's
 * values decoded by csv-parse).
 */
import { computeLines, growLineRecords, growLineTypes } from './lines';
import { ParserState, completeDetails, createParser, parseLines } from './parser';
import { SessionLookup } from './sessionIndex';
import { FoldingModel, LineTable, LogModel } from './types';

export type { Directive, FoldingModel, HeaderBlock, LogModel, Problem, ProblemCode, Session } from './types';
export { LineType, RecordFlag } from './types';
export type { LogRecord } from './recordTable';
export { RecordTable } from './recordTable';
export { SessionLookup } from './sessionIndex';
export { computeLines, lineAt } from './lines';
export { columnName, fieldValue, recordFields, sessionColumn } from './fields';

export interface ParseOptions {
  uri?: string;
  version?: number;
  /** Read only what folding needs now (a `FoldingModel`); the rest on `completeLog` or `completeSome`. */
  deferDetails?: boolean;
  /**
   * False for a text read once and let go (the collection index): its record columns are made at the
   * size of its lines, without the room a live log's appends would use.
   */
  appendRoom?: boolean;
}

/** The parser state of each model, so that its completion and appends resume where the parser stopped. */
const parserStates = new WeakMap<FoldingModel, ParserState>();

/** The model of `text`: complete, or with `deferDetails` read for folding only. */
export function parseLog(text: string, options: ParseOptions & { deferDetails: true }): FoldingModel;
export function parseLog(text: string, options?: ParseOptions & { deferDetails?: false }): LogModel;
export function parseLog(text: string, options?: ParseOptions): FoldingModel;
export function parseLog(text: string, options: ParseOptions = {}): FoldingModel {
  const { starts, ends } = computeLines(text);
  // room for the lines a live log appends before the columns must grow (growing copies all of them)
  const capacity = options.appendRoom === false ? starts.length : starts.length + (starts.length >> 3) + 1024;
  const parser = createParser(options.uri ?? '', capacity, !!options.deferDetails);
  const lines: LineTable = {
    text, lineStarts: starts, lineEnds: ends,
    lineType: growLineTypes(new Uint8Array(0), 0, starts.length),
    lineRecord: growLineRecords(new Int32Array(0), 0, starts.length),
  };
  parseLines(parser, lines, 0);
  return makeModel(parser, lines, options.version ?? 0, undefined);
}

/**
 * The model of `text`, which is `model.text` with more text appended (as Exchange appends to a live
 * log). Only the appended lines are parsed, so the cost follows the appended text, not the file.
 * Falls back to a full parse when the old text did not end with a line break or ended inside a header.
 * The caller guarantees that only text was appended (the server tracks the changes); the check of
 * the old text's last characters here is a guard, not a proof. A model read for folding is
 * completed first. The old model must not be used afterwards: the two share their record and
 * session arrays.
 */
export function extendLog(model: FoldingModel, text: string, version: number): LogModel {
  completeLog(model);
  const parser = parserStates.get(model);
  const old = model.text;
  const tail = Math.min(256, old.length);
  // The first content line looks ahead (a bare field-name row is followed by #Software): re-read it.
  const lookahead = parser !== undefined && parser.blocks.length === 0 && parser.records.length <= 1;
  if (!parser || lookahead || parser.endedInHeader || text.length < old.length || !old.endsWith('\n') || !text.startsWith(old.slice(old.length - tail), old.length - tail)) {
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
  const lines: LineTable = {
    text, lineStarts: starts, lineEnds: ends,
    lineType: growLineTypes(model.lineType, base, starts.length),
    lineRecord: growLineRecords(model.lineRecord, base, starts.length),
  };
  const { records } = parser;
  const firstNew = records.length;
  records.reserve(firstNew + starts.length - base);
  parseLines(parser, lines, base);
  const touched = new Set<number>();
  for (let r = firstNew; r < records.length; r++) if (records.session[r] >= 0) touched.add(records.session[r]);
  return makeModel(parser, lines, version, touched);
}

/**
 * Reads the record details a `deferDetails` parse left for later; the model is then the same as a
 * full parse's (its `problems` in the same order). Returns the model; a complete model is returned as is.
 */
export function completeLog(model: FoldingModel): LogModel {
  completeSome(model, () => false);
  return model as LogModel; // a stop that never says so completes it
}

/**
 * Reads deferred record details until `stop()` says so (asked every 256 records), so a server can
 * complete a big model in slices and answer requests in between. Returns true when it is complete.
 */
export function completeSome(model: FoldingModel, stop: () => boolean): model is LogModel {
  const parser = parserStates.get(model);
  if (!parser?.deferred) return true;
  if (!completeDetails(parser, model.text, stop)) return false;
  (model as LogModel).problems = parser.problems;
  parser.sequences.order(parser.sessions, parser.records);
  return true;
}

/** True when the model has every record's details (see `ParseOptions.deferDetails`). */
export function isComplete(model: FoldingModel): model is LogModel {
  return parserStates.get(model)?.deferred === undefined;
}

/** The model of what `parser` has read of `lines`; `touched`: the sessions an append added records to. */
function makeModel(parser: ParserState, lines: LineTable, version: number, touched: Set<number> | undefined): LogModel {
  const { sessions, records, blocks, inferred, fileKind } = parser;
  if (parser.deferred) for (const s of sessions) s.ordered = s.records; // in file order until completed
  else parser.sequences.order(touched ? [...touched].map((i) => sessions[i]) : sessions, records);
  const kind = blocks.length > 0 ? blocks[0].kind : inferred ? inferred.kind : fileKind ?? 'generic';
  const model: LogModel = {
    uri: parser.uri, version, text: lines.text, lineStarts: lines.lineStarts, lineEnds: lines.lineEnds,
    lineType: lines.lineType, lineRecord: lines.lineRecord, directives: parser.directives, blocks, records, sessions,
    sessionById: new SessionLookup(parser.sessionIndex, sessions), kind, problems: parser.problems,
  };
  parserStates.set(model, parser);
  return model;
}
