/**
 * The data a log model is made of: lines, directives and header blocks, sessions, problems, and the
 * two models themselves, the one read for folding and the complete one (see `logModel.ts`).
 */
import { ColumnLayout, LogKind } from './kinds';
import { RecordPlaces, RecordTable } from './recordTable';
import { SessionLookup } from './sessionIndex';

export const enum LineType {
  Blank = 0,
  Directive = 1,
  FieldNames = 2,
  Record = 3,
}

/** What is wrong with a record, one bit each in `RecordTable.flags`. */
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
  /** Sequence numbers missing between the lowest and the highest seen (at most `MISSING_SEQS_LISTED`). */
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

/** A text and its lines, split the way LSP splits them. */
export interface LineTable {
  text: string;
  lineStarts: number[];
  /** End of each line's content (before its line break). */
  lineEnds: number[];
  lineType: Uint8Array;
  /** Record index per line, or -1. */
  lineRecord: Int32Array;
}

/**
 * A model read for folding only (`parseLog` with `deferDetails`): lines, header blocks and each
 * record's place and session. `completeLog` makes it a `LogModel`; a `LogModel` is one too.
 */
export interface FoldingModel extends LineTable {
  uri: string;
  version: number;
  directives: Directive[];
  blocks: HeaderBlock[];
  records: RecordPlaces;
  /** The kind of the first header block or of the inferred layout. */
  kind: LogKind;
}

/** A complete model: every record's details, the sessions in sequence order, and the problems. */
export interface LogModel extends FoldingModel {
  records: RecordTable;
  sessions: Session[];
  /** Session index by id. */
  sessionById: SessionLookup;
  problems: Problem[];
}
