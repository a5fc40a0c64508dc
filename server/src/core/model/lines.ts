/**
 * Lines: splitting a text the way LSP does, the per-line arrays that grow with appended text, and
 * finding the line of an offset.
 */
import { LineTable } from './types';

/**
 * Splits text into lines the way LSP does (CRLF, LF and lone CR all end a line). The line breaks are
 * counted first and the arrays made at their final size: pushing a hundred thousand offsets one by
 * one costs several times the scan.
 */
export function computeLines(text: string): { starts: number[]; ends: number[] } {
  const length = text.length;
  let lines = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines++;
  for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) if (text.charCodeAt(i + 1) !== 10) lines++;
  const starts: number[] = new Array(lines);
  const ends: number[] = new Array(lines);
  starts[0] = 0;
  let line = 0;
  let pos = 0;
  let nextCr = text.indexOf('\r');
  if (nextCr < 0) nextCr = length;
  for (;;) {
    let nextLf = text.indexOf('\n', pos);
    if (nextLf < 0) nextLf = length;
    if (nextCr < pos) {
      nextCr = text.indexOf('\r', pos);
      if (nextCr < 0) nextCr = length;
    }
    if (nextCr < nextLf && !(nextCr === nextLf - 1 && nextLf < length)) {
      // a lone CR ends this line
      ends[line++] = nextCr;
      pos = nextCr + 1;
      starts[line] = pos;
      continue;
    }
    if (nextLf >= length) {
      ends[line] = length;
      return { starts, ends };
    }
    ends[line++] = nextCr === nextLf - 1 ? nextLf - 1 : nextLf;
    pos = nextLf + 1;
    starts[line] = pos;
  }
}

/** True when text[start, end) holds only spaces, tabs and byte order marks. */
export function isBlank(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 0xfeff) return false;
  }
  return true;
}

/**
 * The line type array for `length` lines whose first `keep` come from `old`; the rest are zero. It
 * reuses the buffer behind `old` when that has room, and otherwise allocates half as much again as needed.
 */
export function growLineTypes(old: Uint8Array, keep: number, length: number): Uint8Array {
  if (old.byteOffset === 0 && old.buffer.byteLength >= length) {
    const view = new Uint8Array(old.buffer, 0, length);
    view.fill(0, keep);
    return view;
  }
  const view = new Uint8Array(new ArrayBuffer(Math.ceil(length * 1.5) + 16), 0, length);
  view.set(old.subarray(0, keep));
  return view;
}

/** As `growLineTypes`, for the record index per line; new entries are -1. */
export function growLineRecords(old: Int32Array, keep: number, length: number): Int32Array {
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

/** Line number that contains an absolute offset (binary search). */
export function lineAt(model: Pick<LineTable, 'lineStarts'>, offset: number): number {
  const starts = model.lineStarts;
  let low = 0, high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (starts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return low;
}
