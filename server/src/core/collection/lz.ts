/**
 * The packing of a table's text and numbers (the texts of a log repeat: session-id prefixes, dates,
 * domains, connector names; its numbers are small and alike): LZ77, then Huffman coding of what is left
 * (`huffman.ts`) when that is shorter. Keeps the index in memory and in the cache about a third of its
 * size.
 *
 * Packed form: a method byte (0: the LZ77 steps as they are; 1: Huffman-coded), then the steps. A step
 * is a varint count of literal bytes and the bytes, then, unless the output is complete, a varint match
 * length minus 4 and a varint distance minus 1 (a copy of earlier output). Varints are little-endian
 * base 128, at most 5 bytes.
 */
import { huffmanPack, huffmanUnpack } from './huffman';
import { Varints, putVarint } from './varint';

const MIN_MATCH = 4;
const HASH_BITS = 12;

/** The LZ77 steps of `bytes`. */
function steps(bytes: Uint8Array): Uint8Array {
  const n = bytes.length;
  let out = new Uint8Array(n + (n >> 6) + 16);
  let o = 0;
  /** Room for `k` more bytes. */
  const room = (k: number) => {
    if (o + k <= out.length) return;
    const bigger = new Uint8Array(Math.max(out.length * 2, o + k));
    bigger.set(out.subarray(0, o));
    out = bigger;
  };
  const varint = (v: number) => {
    o = putVarint(out, o, v);
  };
  /** A step's literals, `bytes[from, to)`, with room for the match after them. */
  const literals = (from: number, to: number) => {
    room(to - from + 15);
    varint(to - from);
    if (to - from > 32) {
      out.set(bytes.subarray(from, to), o);
      o += to - from;
    } else {
      for (let k = from; k < to; k++) out[o++] = bytes[k];
    }
  };
  const table = new Int32Array(1 << HASH_BITS).fill(-1);
  const shift = 32 - HASH_BITS;
  let pos = 0;
  let pending = 0;
  while (pos + MIN_MATCH <= n) {
    const word = bytes[pos] | (bytes[pos + 1] << 8) | (bytes[pos + 2] << 16) | (bytes[pos + 3] << 24);
    const h = Math.imul(word, -1640531535) >>> shift;
    const candidate = table[h];
    table[h] = pos;
    if (candidate < 0 || bytes[candidate] !== bytes[pos] || bytes[candidate + 1] !== bytes[pos + 1] || bytes[candidate + 2] !== bytes[pos + 2] || bytes[candidate + 3] !== bytes[pos + 3]) {
      pos++;
      continue;
    }
    let length = MIN_MATCH;
    while (pos + length < n && bytes[candidate + length] === bytes[pos + length]) length++;
    // the match may begin before where it was found
    let back = 0;
    while (pos - back > pending && candidate - back > 0 && bytes[candidate - back - 1] === bytes[pos - back - 1]) back++;
    literals(pending, pos - back);
    varint(length + back - MIN_MATCH);
    varint(pos - candidate - 1);
    pos += length;
    pending = pos;
  }
  literals(pending, n);
  return out.slice(0, o);
}

/** True when LZ77 steps make exactly `size` bytes: every step inside the input and the output, every copy from output already made. */
function stepsFit(packed: Uint8Array, size: number): boolean {
  const varints = new Varints(packed);
  const n = packed.length;
  let made = 0;
  for (;;) {
    const literals = varints.next();
    if (literals < 0 || literals > n - varints.at || literals > size - made) return false;
    varints.at += literals;
    made += literals;
    if (varints.done) return made === size;
    const length = varints.next();
    const distance = varints.next();
    if (length < 0 || distance < 0 || distance + 1 > made || length + MIN_MATCH > size - made) return false;
    made += length + MIN_MATCH;
  }
}

/** The `size` bytes that LZ77 steps make; `stepsFit` must have said so. */
function play(packed: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(size);
  const varints = new Varints(packed);
  let o = 0;
  // short runs are copied byte by byte: cheaper than a call into the runtime
  for (;;) {
    const literals = varints.next();
    let i = varints.at;
    if (literals > 32) {
      out.set(packed.subarray(i, i + literals), o);
      i += literals;
      o += literals;
    } else {
      for (const stop = i + literals; i < stop; ) out[o++] = packed[i++];
    }
    varints.at = i;
    if (varints.done) return out;
    const length = varints.next() + MIN_MATCH;
    let from = o - varints.next() - 1;
    if (length > 32 && from + length <= o) {
      out.copyWithin(o, from, from + length);
      o += length;
    } else {
      for (const stop = o + length; o < stop; ) out[o++] = out[from++];
    }
  }
}

/** `bytes` packed. */
export function pack(bytes: Uint8Array): Uint8Array {
  const lz = steps(bytes);
  // a Huffman coding spends 128 bytes on its code lengths
  const coded = lz.length > 256 ? huffmanPack(lz) : lz;
  const out = new Uint8Array(1 + Math.min(lz.length, coded.length));
  if (coded.length < lz.length) {
    out[0] = 1;
    out.set(coded, 1);
  } else {
    out.set(lz, 1);
  }
  return out;
}

/** The LZ77 steps of packed bytes, or undefined when the method or the Huffman coding is not readable. */
function stepsOf(packed: Uint8Array): Uint8Array | undefined {
  if (packed.length === 0) return undefined;
  if (packed[0] === 0) return packed.subarray(1);
  return packed[0] === 1 ? huffmanUnpack(packed.subarray(1)) : undefined;
}

/** True when `packed` unpacks to exactly `size` bytes; what it accepts, `unpack` reads without a bound check failing. */
export function packedFits(packed: Uint8Array, size: number): boolean {
  const lz = stepsOf(packed);
  return lz !== undefined && stepsFit(lz, size);
}

/** The `size` bytes that `packed` holds, or undefined when it does not unpack to exactly that many. */
export function unpackIfFits(packed: Uint8Array, size: number): Uint8Array | undefined {
  const lz = stepsOf(packed);
  return lz !== undefined && stepsFit(lz, size) ? play(lz, size) : undefined;
}

/** The `size` bytes that `packed` holds; `packedFits(packed, size)` must have said so. */
export function unpack(packed: Uint8Array, size: number): Uint8Array {
  return play(stepsOf(packed)!, size);
}
