/**
 * Lines of collection files read from disk, for the questions that point at a line inside a session
 * (the message trace): the file's bytes are read once per question, the lines before the wanted ones
 * counted in the bytes (no text decoded for them), and only the wanted lines decoded.
 */
import * as fs from 'fs';
import type { TraceLineReader } from '../core/collection/trace';

/** Files kept between the calls of one reader (a trace asks a handful of files, some twice). */
const KEPT_FILES = 8;

/**
 * A line reader over files on disk. Each reader keeps the last few files it read: make one per
 * question, so that a file that changed is read again next time.
 */
export function fileLineReader(): TraceLineReader {
  const kept = new Map<string, Buffer | undefined>();
  const bytesOf = (path: string): Buffer | undefined => {
    if (kept.has(path)) return kept.get(path);
    let bytes: Buffer | undefined;
    try {
      bytes = fs.readFileSync(path);
    } catch {
      bytes = undefined;
    }
    if (kept.size >= KEPT_FILES) kept.delete(kept.keys().next().value!);
    kept.set(path, bytes);
    return bytes;
  };
  return (path, from, to) => {
    const bytes = bytesOf(path);
    if (!bytes || from < 0 || to < from) return bytes ? [] : undefined;
    return linesOf(bytes, from, to);
  };
}

/** Lines `from` to `to` (0-based, inclusive) of UTF-8 bytes, as far as they go, without line breaks (CRLF, LF or CR). */
export function linesOf(bytes: Uint8Array, from: number, to: number): string[] {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const n = buf.length;
  // the next CR and LF at or after the position, found once each (a file without CRs is not searched again for one)
  let cr = -2, lf = -2;
  const after = (at: number): number => {
    if (cr !== -1 && cr < at) cr = buf.indexOf(13, at);
    if (lf !== -1 && lf < at) lf = buf.indexOf(10, at);
    if (cr >= 0 && (lf < 0 || cr < lf)) return cr + 1 < n && buf[cr + 1] === 10 ? cr + 2 : cr + 1;
    return lf < 0 ? -1 : lf + 1;
  };
  let line = 0, at = 0;
  while (line < from) {
    const next = after(at);
    if (next < 0) return [];
    at = next;
    line++;
  }
  if (at >= n) return [];
  let end = at;
  for (let count = 0; count <= to - from && end < n; count++) {
    const next = after(end);
    end = next < 0 ? n : next;
  }
  const text = buf.toString('utf8', at, end);
  const out = text.split(/\r\n|\n|\r/);
  if (/[\r\n]$/.test(text)) out.pop();
  if (at === 0 && out.length > 0 && out[0].charCodeAt(0) === 0xfeff) out[0] = out[0].slice(1);
  return out.slice(0, to - from + 1);
}
