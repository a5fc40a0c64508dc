/**
 * Reading one log file into index parts: straight from disk in chunks (a file larger than a chunk is
 * never held whole), each chunk cut after its last complete line and read by the core with the header
 * in force where it starts. Reading can begin at a byte offset: a file that grew is read from where the
 * last read stopped.
 */
import * as fs from 'fs';
import { isAscii } from 'buffer';
import { t } from '../core/l10n';
import { kindFromFileName } from '../core/model/fileNames';
import { Part, PartPlace, indexPart } from '../core/collection/part';
import { errorText } from './files';

/** Bytes read at a time: a 10 MB hourly log is one chunk; a 2 GB file is read 32 MB at a time. */
export const CHUNK_BYTES = 32 * 1024 * 1024;

export interface ReadStart {
  byteStart: number;
  lineOffset: number;
  headerPrefix: string;
}

export interface ReadResult {
  parts: Part[];
  /** Bytes read (up to the last complete line, or to the end of the file). */
  bytes: number;
  warning?: string;
}

const FROM_TOP: ReadStart = { byteStart: 0, lineOffset: 0, headerPrefix: '' };

/**
 * The read buffer of this thread, kept from file to file (up to a chunk's size): memory the system has
 * to hand over afresh for every file costs as much as reading the file.
 */
let kept: Buffer | undefined;

/** Lets the read buffer go (a thread that has nothing to read for a while). */
export function releaseReadBuffer(): void {
  kept = undefined;
}

function readBuffer(bytes: number): Buffer {
  if (kept && kept.length >= bytes) return kept;
  const buffer = Buffer.allocUnsafeSlow(bytes);
  if (bytes <= CHUNK_BYTES + 1) kept = buffer;
  return buffer;
}

/** Where the bytes of a log come from: a file on disk, or bytes in memory (a file a client sent). */
interface ByteSource {
  read(buffer: Buffer, offset: number, length: number, position: number): number;
  close(): void;
}

/**
 * Reads `file` from `start` up to `size` bytes (the size it had when it was listed; bytes written since
 * are read next time). `onChunk` is told the bytes done after each chunk.
 */
export function readParts(file: string, size: number, start: ReadStart = FROM_TOP, onChunk?: (bytes: number) => void, chunkBytes = CHUNK_BYTES): ReadResult {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (e) {
    return { parts: [], bytes: 0, warning: t('{0}: cannot be read ({1}); skipped.', file, errorText(e)) };
  }
  return readSource({
    read: (buffer, offset, length, position) => fs.readSync(fd, buffer, offset, length, position),
    close: () => fs.closeSync(fd),
  }, file, size, start, onChunk, chunkBytes);
}

/**
 * Reads the bytes of a file that is not on disk (a virtual workspace's file, sent by the client) with the
 * same chunks as `readParts`: its sessions and line numbers are those of the same file read from disk.
 * `name` is its key in the collection (its URI).
 */
export function readPartsOfBytes(name: string, bytes: Uint8Array, onChunk?: (bytes: number) => void, chunkBytes = CHUNK_BYTES): ReadResult {
  return readSource({
    read: (buffer, offset, length, position) => {
      const end = Math.min(bytes.length, position + length);
      if (end <= position) return 0;
      buffer.set(bytes.subarray(position, end), offset);
      return end - position;
    },
    close: () => undefined,
  }, name, bytes.length, FROM_TOP, onChunk, chunkBytes);
}

function readSource(source: ByteSource, file: string, size: number, start: ReadStart, onChunk: ((bytes: number) => void) | undefined, chunkBytes: number): ReadResult {
  const parts: Part[] = [];
  let warning: string | undefined;
  let at = start.byteStart;
  let lineOffset = start.lineOffset;
  let header = start.headerPrefix;
  const buffer = readBuffer(Math.min(chunkBytes, Math.max(size - at, 0)) + 1);
  const tracking = kindFromFileName(file) === 'messageTracking';
  try {
    while (at < size) {
      const want = Math.min(chunkBytes, size - at);
      let got = 0;
      while (got < want) {
        const n = source.read(buffer, got, want - got, at + got);
        if (n === 0) break;
        got += n;
      }
      if (got === 0) {
        warning = t('{0}: shorter than when it was listed; read as far as it goes.', file);
        break;
      }
      let bytes = buffer.subarray(0, got);
      if (at === 0 && bytes.length >= 1 && bytes.includes(0)) {
        warning = t('{0}: not a text log (it holds binary data); skipped.', file);
        break;
      }
      // a chunk ends after its last line break, unless it is the file's last bytes
      const last = at + got >= size ? got : bytes.lastIndexOf(10) + 1;
      if (last === 0) {
        if (got < want) break;
        warning = t('{0}: a line longer than {1} MB; read as far as it goes.', file, String(Math.round(chunkBytes / 1048576)));
        break;
      }
      bytes = bytes.subarray(0, last);
      const place: PartPlace = { byteStart: at, byteEnd: at + last, endsWithBreak: bytes[last - 1] === 10, lineOffset, headerPrefix: at === 0 ? '' : header };
      const part = readChunk(at === 0 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes, place, file, tracking);
      parts.push(part);
      header = part.meta.header;
      lineOffset += countBreaks(bytes);
      at += last;
      onChunk?.(at - start.byteStart);
    }
  } catch (e) {
    warning = t('{0}: reading stopped ({1}); indexed as far as it went.', file, errorText(e));
  } finally {
    source.close();
  }
  return { parts, bytes: at - start.byteStart, warning };
}

/**
 * Reads a chunk (its BOM already left out: a BOM inside the text stays a character). Most logs are
 * ASCII throughout: their bytes are their characters, read as Latin-1, three to ten times faster than
 * UTF-8 decoding on this machine (a text over about 1 MB is then held outside the heap until a full
 * collection, which the indexer's heap growth setting keeps frequent). A message-tracking log beyond
 * ASCII (subjects, senders) is read as Latin-1 too, its cells kept as the bytes they are (`indexPart`
 * with `bytesAsCharacters`). Any other chunk, or one of those that reads otherwise, is decoded as UTF-8
 * onto the heap (see docs/performance.md).
 */
const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

function readChunk(bytes: Buffer, place: PartPlace, file: string, tracking: boolean): Part {
  if (isAscii(bytes)) return indexPart(bytes.toString('latin1'), place, file);
  return (tracking ? indexPart(bytes.toString('latin1'), place, file, true) : undefined) ?? indexPart(utf8.decode(bytes), place, file);
}

function countBreaks(bytes: Uint8Array): number {
  let n = 0;
  for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) n++;
  return n;
}

/** A whole log file's text (without its BOM), for a question about one file. */
export function readLogText(file: string): string {
  const text = fs.readFileSync(file, 'utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
