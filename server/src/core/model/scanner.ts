/**
 * A fast, offset-preserving field scanner for one line of a delimited log.
 *
 * It follows the CSV rules Exchange writes (RFC 4180 style): a field that holds the delimiter,
 * a quote or a line break is wrapped in double quotes and an inner quote is doubled. It never
 * throws and never reads past the line: an unterminated quote ends at the end of the line.
 * A property test proves it agrees with `csv-parse` field for field.
 */

/** Field spans of one line: [start0, end0, start1, end1, …] as absolute offsets in the text. */
export interface LineScan {
  /** Raw spans, including any surrounding quotes. Length is 2 × field count. */
  spans: number[];
  /** True when a quoted field was still open at the end of the line. */
  unterminated: boolean;
  /** Offset of the first quote that was not at the start of a field (a stray quote), or -1. */
  strayQuote: number;
}

const QUOTE = 34; // "

/**
 * Scans `text[start, end)` into fields separated by `delimiter` (',' or ' ').
 */
export function scanLine(text: string, start: number, end: number, delimiter: string): LineScan {
  const spans: number[] = [];
  let unterminated = false;
  let strayQuote = -1;
  let pos = start;
  const quoting = delimiter === ',';
  for (;;) {
    if (quoting && pos < end && text.charCodeAt(pos) === QUOTE) {
      // Quoted field: find the closing quote that is not doubled.
      let q = pos + 1;
      let closed = -1;
      for (;;) {
        const next = text.indexOf('"', q);
        if (next < 0 || next >= end) break;
        if (next + 1 < end && text.charCodeAt(next + 1) === QUOTE) {
          q = next + 2;
          continue;
        }
        closed = next;
        break;
      }
      if (closed < 0) {
        unterminated = true;
        spans.push(pos, end);
        return { spans, unterminated, strayQuote };
      }
      // After the closing quote we expect the delimiter or the end; tolerate junk up to the delimiter.
      let d = text.indexOf(delimiter, closed + 1);
      if (d < 0 || d >= end) d = end;
      if (d !== closed + 1 && strayQuote < 0) strayQuote = closed;
      spans.push(pos, d);
      if (d >= end) return { spans, unterminated, strayQuote };
      pos = d + 1;
      continue;
    }
    let d = text.indexOf(delimiter, pos);
    if (d < 0 || d >= end) d = end;
    if (quoting && strayQuote < 0) {
      const qi = text.indexOf('"', pos);
      if (qi >= 0 && qi < d) strayQuote = qi;
    }
    spans.push(pos, d);
    if (d >= end) return { spans, unterminated, strayQuote };
    pos = d + 1;
  }
}

/** Decodes a raw field (as spanned by scanLine) into its value. */
export function decodeField(text: string, start: number, end: number, delimiter = ','): string {
  if (delimiter === ',' && start < end && text.charCodeAt(start) === QUOTE) {
    const close = findClosingQuote(text, start, end);
    if (close < 0) return text.slice(start + 1, end).replace(/""/g, '"');
    const inner = text.slice(start + 1, close).replace(/""/g, '"');
    return close + 1 < end ? inner + text.slice(close + 1, end) : inner;
  }
  return text.slice(start, end);
}

function findClosingQuote(text: string, start: number, end: number): number {
  let q = start + 1;
  for (;;) {
    const next = text.indexOf('"', q);
    if (next < 0 || next >= end) return -1;
    if (next + 1 < end && text.charCodeAt(next + 1) === QUOTE) {
      q = next + 2;
      continue;
    }
    return next;
  }
}

/** Scans a whole line and decodes every value. */
export function splitLine(line: string, delimiter = ','): string[] {
  const scan = scanLine(line, 0, line.length, delimiter);
  const out: string[] = [];
  for (let i = 0; i < scan.spans.length; i += 2) out.push(decodeField(line, scan.spans[i], scan.spans[i + 1], delimiter));
  return out;
}
