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

/** The result of `scanInto`: a shared, reused object (copy what you keep). */
export interface ScanState {
  count: number;
  unterminated: boolean;
  strayQuote: number;
  /** [start0, end0, start1, end1, …]; only the first 2 × count entries are valid. */
  spans: Int32Array;
}

const state: ScanState = { count: 0, unterminated: false, strayQuote: -1, spans: new Int32Array(512) };
/** Cached position of the next quote at or after some offset, so stray-quote checks stay linear. */
let quoteText = '';
let quoteFrom = -1;
let quoteAt = -1;

function nextQuote(text: string, pos: number): number {
  if (text !== quoteText || pos < quoteFrom || (quoteAt >= 0 && pos > quoteAt)) {
    quoteText = text;
    quoteFrom = pos;
    quoteAt = text.indexOf('"', pos);
  } else if (quoteAt < 0) {
    return -1;
  }
  return quoteAt;
}

/** The shared spans array with room for `n` entries (doubled when too small). */
function room(n: number): Int32Array {
  let spans = state.spans;
  if (n > spans.length) {
    const bigger = new Int32Array(Math.max(n, spans.length * 2));
    bigger.set(spans);
    state.spans = spans = bigger;
  }
  return spans;
}

function push(s: number, e: number): void {
  const i = state.count * 2;
  const spans = room(i + 2);
  spans[i] = s;
  spans[i + 1] = e;
  state.count++;
}

/**
 * Scans `text[start, end)` into fields separated by `delimiter` (',' or ' ') without allocating:
 * the result is a shared object that the next call overwrites. With `limit` >= 0 it stops after that
 * many fields (then `count` is at most `limit`, and quote problems past them are not looked for).
 */
export function scanInto(text: string, start: number, end: number, delimiter: string, limit = -1): ScanState {
  state.count = 0;
  state.unterminated = false;
  state.strayQuote = -1;
  if (limit === 0) return state;
  const max = limit < 0 ? 0x7fffffff : limit * 2;
  let pos = start;
  const quoting = delimiter === ',';
  const firstQuote = quoting ? nextQuote(text, start) : -1;
  if (firstQuote < 0 || firstQuote >= end) {
    // No quote on the line (most lines): every field ends at the next delimiter.
    let spans = state.spans;
    let i = 0;
    for (;;) {
      let d = text.indexOf(delimiter, pos);
      if (d < 0 || d >= end) d = end;
      if (i + 2 > spans.length) spans = room(i + 2);
      spans[i] = pos;
      spans[i + 1] = d;
      i += 2;
      if (d >= end || i >= max) break;
      pos = d + 1;
    }
    state.count = i >> 1;
    return state;
  }
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
        state.unterminated = true;
        push(pos, end);
        return state;
      }
      // After the closing quote we expect the delimiter or the end; tolerate junk up to the delimiter.
      let d = text.indexOf(delimiter, closed + 1);
      if (d < 0 || d >= end) d = end;
      if (d !== closed + 1 && state.strayQuote < 0) state.strayQuote = closed;
      push(pos, d);
      if (d >= end || state.count * 2 >= max) return state;
      pos = d + 1;
      continue;
    }
    let d = text.indexOf(delimiter, pos);
    if (d < 0 || d >= end) d = end;
    if (quoting && state.strayQuote < 0) {
      const qi = nextQuote(text, pos);
      if (qi >= 0 && qi < d) state.strayQuote = qi;
    }
    push(pos, d);
    if (d >= end || state.count * 2 >= max) return state;
    pos = d + 1;
  }
}

/**
 * Scans `text[start, end)` into fields separated by `delimiter` (',' or ' ').
 */
export function scanLine(text: string, start: number, end: number, delimiter: string): LineScan {
  const st = scanInto(text, start, end, delimiter);
  const spans: number[] = new Array(st.count * 2);
  for (let i = 0; i < st.count * 2; i++) spans[i] = st.spans[i];
  return { spans, unterminated: st.unterminated, strayQuote: st.strayQuote };
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
