/**
 * A record's fields, read again from the text on demand: their spans, decoded values, column names,
 * and the one rule for the column that names a record's session.
 */
import { ColumnLayout } from './kinds';
import { LogRecord } from './recordTable';
import { decodeField, scanLine } from './scanner';
import { LogModel } from './types';

/** Field spans of one record, recomputed from the text: [start0, end0, start1, end1, …]. */
export function recordFields(model: LogModel, record: LogRecord): number[] {
  return scanLine(model.text, record.start, record.end, record.layout.delimiter).spans;
}

/** Decoded value of column `column` of a record, or undefined. */
export function fieldValue(model: LogModel, record: LogRecord, column: number, spans?: number[]): string | undefined {
  if (column < 0) return undefined;
  const fields = spans ?? recordFields(model, record);
  if (column * 2 >= fields.length) return undefined;
  return decodeField(model.text, fields[column * 2], fields[column * 2 + 1], record.layout.delimiter);
}

/** Name of column `column` in a layout, numbered when `#Fields` does not name it. */
export function columnName(layout: ColumnLayout, column: number): string {
  return column < layout.names.length ? layout.names[column] : `column ${column + 1}`;
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
export function sessionColumnOf(text: string, layout: ColumnLayout, spans: ArrayLike<number>, count: number): number {
  const column = layout.session;
  if (column < 0 || column >= count) return -1;
  const fallback = layout.sessionFallback;
  if (fallback >= 0 && fallback < count && isDash(text, spans[column * 2], spans[column * 2 + 1])) return fallback;
  return column;
}

/** Column that holds the session id of a record (see `sessionColumnOf`), or -1. */
export function sessionColumn(model: LogModel, record: LogRecord, spans: number[]): number {
  return sessionColumnOf(model.text, record.layout, spans, spans.length >> 1);
}
