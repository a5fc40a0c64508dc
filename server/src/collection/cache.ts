/**
 * The on-disk index cache: one entry per log file, keyed by the file's path, size and modification time,
 * in a folder of the user's (VS Code's storage folder for the extension, or `--cache-dir`). It holds
 * personal data (addresses, IPs), so it stays in that folder and can be cleared. An entry that is
 * damaged, from another format version or for another file is not trusted: it is deleted and the log
 * read again.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { PART_FORMAT, Part, decodePart, encodePart } from '../core/collection/part';
import { pad8 } from '../core/collection/table';

const MAGIC = 'EXLGIDX1';
/** Changes when the entry layout or the part format changes. */
export const CACHE_FORMAT = 1000 + PART_FORMAT;
const HEAD = 16;

export interface CachedFile {
  path: string;
  size: number;
  mtime: number;
  /** Bytes of the file the parts cover. */
  bytes: number;
  warning?: string;
  parts: Part[];
}

export type CacheLookup =
  | { state: 'hit'; entry: CachedFile }
  | { state: 'miss' }
  /** The entry exists but was damaged or of another version: it was deleted. */
  | { state: 'rejected'; reason: string };

export class IndexCache {
  constructor(readonly dir: string) {}

  private entryPath(file: string): string {
    const key = process.platform === 'win32' ? file.toLowerCase() : file;
    return path.join(this.dir, crypto.createHash('sha1').update(key).digest('hex') + '.idx');
  }

  /** The cached entry of `file`, whatever its size and time (the caller compares them). */
  read(file: string): CacheLookup {
    const at = this.entryPath(file);
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(at);
    } catch {
      return { state: 'miss' };
    }
    const reject = (reason: string): CacheLookup => {
      try {
        fs.unlinkSync(at);
      } catch {
        // already gone
      }
      return { state: 'rejected', reason };
    };
    try {
      if (bytes.length < HEAD || bytes.toString('latin1', 0, 8) !== MAGIC) return reject('not an index entry');
      if (bytes.readUInt32LE(8) !== CACHE_FORMAT) return reject('another version');
      if (bytes.readUInt32LE(12) !== crc32(bytes.subarray(HEAD))) return reject('damaged');
      const jsonLength = bytes.readUInt32LE(HEAD);
      const info = JSON.parse(bytes.toString('utf8', HEAD + 4, HEAD + 4 + jsonLength)) as Omit<CachedFile, 'parts'> & { partLengths: number[] };
      if (info.path !== file) return reject('another file');
      // one aligned copy: parts are read as views into it
      const body = new Uint8Array(bytes.length);
      body.set(bytes);
      let offset = pad8(HEAD + 4 + jsonLength);
      const parts: Part[] = [];
      for (const length of info.partLengths) {
        if (offset + length > body.length) return reject('damaged');
        // the CRC above vouches for every byte as this version wrote it: the tables' own structure
        // check (unpacking every array) is left to the reading of a part that did not come from here
        parts.push(decodePart(body.subarray(offset, offset + length), false));
        offset = pad8(offset + length);
      }
      return { state: 'hit', entry: { path: info.path, size: info.size, mtime: info.mtime, bytes: info.bytes, warning: info.warning, parts } };
    } catch (e) {
      return reject(e instanceof Error ? e.message : String(e));
    }
  }

  /** Writes (replaces) the entry of a file; `encoded` are its parts' bytes when already at hand. */
  write(entry: CachedFile, encoded?: readonly Uint8Array[]): void {
    const parts = encoded ?? entry.parts.map(encodePart);
    const json = Buffer.from(JSON.stringify({ path: entry.path, size: entry.size, mtime: entry.mtime, bytes: entry.bytes, warning: entry.warning, partLengths: parts.map((p) => p.length) }), 'utf8');
    let total = pad8(HEAD + 4 + json.length);
    for (const p of parts) total = pad8(total + p.length);
    const out = Buffer.alloc(total);
    out.write(MAGIC, 0, 'latin1');
    out.writeUInt32LE(CACHE_FORMAT, 8);
    out.writeUInt32LE(json.length, HEAD);
    json.copy(out, HEAD + 4);
    let offset = pad8(HEAD + 4 + json.length);
    for (const p of parts) {
      out.set(p, offset);
      offset = pad8(offset + p.length);
    }
    out.writeUInt32LE(crc32(out.subarray(HEAD)), 12);
    fs.mkdirSync(this.dir, { recursive: true });
    const target = this.entryPath(entry.path);
    const temp = `${target}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
    fs.writeFileSync(temp, out);
    fs.renameSync(temp, target);
  }

  delete(file: string): void {
    try {
      fs.unlinkSync(this.entryPath(file));
    } catch {
      // not cached
    }
  }

  /** Deletes every entry of the cache folder. */
  clear(): number {
    let n = 0;
    let names: string[];
    try {
      names = fs.readdirSync(this.dir);
    } catch {
      return 0;
    }
    for (const name of names) {
      if (!/\.idx$|\.tmp$/.test(name)) continue;
      try {
        fs.unlinkSync(path.join(this.dir, name));
        n++;
      } catch {
        // in use or gone
      }
    }
    return n;
  }
}


const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** Node's own CRC-32 (from Node 20.15 and 22.2), some seven times faster than the loop below. */
const nativeCrc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

/** CRC-32 (the zip polynomial). */
export function crc32(bytes: Uint8Array): number {
  return nativeCrc32 ? nativeCrc32(bytes) : crc32Loop(bytes);
}

/** CRC-32 one byte at a time, for a Node without `zlib.crc32`. */
export function crc32Loop(bytes: Uint8Array): number {
  let c = -1;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
