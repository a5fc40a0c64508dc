/**
 * The packing of a table's text and numbers (the texts of a log repeat: session-id prefixes, dates,
 * domains, connector names; its numbers are small and alike): LZ77, its steps and its literal bytes in
 * two streams, each Huffman-coded (`huffman.ts`) when that is shorter. Keeps the index in memory and in
 * the cache about a third of its size.
 *
 * The steps: a varint count of literal bytes (taken from the literal stream), then, unless the steps
 * end there, a varint match length minus 4 and a varint distance minus 1 (a copy of earlier output).
 * Varints are those of `varint.ts`. Packed form: a byte of flags (1: the steps are Huffman-coded, 2:
 * the literals are), a varint length of the (coded) steps, the steps, the (coded) literals.
 */
import { huffmanPack, huffmanUnpack } from './huffman';
import { Varints, putVarint } from './varint';

const MIN_MATCH = 4;
const HASH_BITS = 12;
const CODED_STEPS = 1;
const CODED_LITERALS = 2;

/** A growing byte array. */
class Bytes {
  bytes: Uint8Array;
  length = 0;

  constructor(capacity: number) {
    this.bytes = new Uint8Array(Math.max(16, capacity));
  }

  /** Room for `k` more bytes. */
  room(k: number): void {
    if (this.length + k <= this.bytes.length) return;
    const bigger = new Uint8Array(Math.max(this.bytes.length * 2, this.length + k));
    bigger.set(this.bytes.subarray(0, this.length));
    this.bytes = bigger;
  }

  varint(v: number): void {
    this.room(5);
    this.length = putVarint(this.bytes, this.length, v);
  }

  /** Appends `from[start, end)`. */
  copy(from: Uint8Array, start: number, end: number): void {
    this.room(end - start);
    const out = this.bytes;
    if (end - start > 32) out.set(from.subarray(start, end), this.length);
    else for (let k = start, o = this.length; k < end; k++, o++) out[o] = from[k];
    this.length += end - start;
  }

  done(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}

/** The LZ77 steps of `bytes`, and their literal bytes. */
function steps(bytes: Uint8Array): { steps: Uint8Array; literals: Uint8Array } {
  const n = bytes.length;
  const out = new Bytes(n >> 3);
  const literals = new Bytes(n >> 1);
  // no hash table for bytes too few to hold a match (the arrays of an empty table)
  const table = n >= MIN_MATCH ? new Int32Array(1 << HASH_BITS).fill(-1) : new Int32Array(0);
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
    out.varint(pos - back - pending);
    literals.copy(bytes, pending, pos - back);
    out.varint(length + back - MIN_MATCH);
    out.varint(pos - candidate - 1);
    pos += length;
    pending = pos;
  }
  out.varint(n - pending);
  literals.copy(bytes, pending, n);
  return { steps: out.done(), literals: literals.done() };
}

/**
 * True when steps with their literals make exactly `size` bytes: every step inside the streams and
 * the output, every copy from output already made, every literal used.
 */
function stepsFit(stepBytes: Uint8Array, literals: Uint8Array, size: number): boolean {
  const varints = new Varints(stepBytes);
  let used = 0;
  let made = 0;
  for (;;) {
    const count = varints.next();
    if (count < 0 || count > literals.length - used || count > size - made) return false;
    used += count;
    made += count;
    if (varints.done) return made === size && used === literals.length;
    const length = varints.next();
    const distance = varints.next();
    if (length < 0 || distance < 0 || distance + 1 > made || length + MIN_MATCH > size - made) return false;
    made += length + MIN_MATCH;
  }
}

/** The `size` bytes that steps with their literals make; `stepsFit` must have said so. */
function play(stepBytes: Uint8Array, literals: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(size);
  const varints = new Varints(stepBytes);
  let used = 0;
  let o = 0;
  // short runs are copied byte by byte: cheaper than a call into the runtime
  for (;;) {
    const count = varints.next();
    if (count > 32) {
      out.set(literals.subarray(used, used + count), o);
      used += count;
      o += count;
    } else {
      for (const stop = used + count; used < stop; ) out[o++] = literals[used++];
    }
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

/** A stream Huffman-coded when that is shorter (a coding spends 128 bytes on its code lengths). */
function coded(stream: Uint8Array): Uint8Array | undefined {
  if (stream.length <= 256) return undefined;
  const c = huffmanPack(stream);
  return c.length < stream.length ? c : undefined;
}

/** `bytes` packed. */
export function pack(bytes: Uint8Array): Uint8Array {
  const lz = steps(bytes);
  const codedSteps = coded(lz.steps);
  const codedLiterals = coded(lz.literals);
  const stepBytes = codedSteps ?? lz.steps;
  const literals = codedLiterals ?? lz.literals;
  const out = new Uint8Array(6 + stepBytes.length + literals.length);
  out[0] = (codedSteps ? CODED_STEPS : 0) | (codedLiterals ? CODED_LITERALS : 0);
  let at = putVarint(out, 1, stepBytes.length);
  out.set(stepBytes, at);
  at += stepBytes.length;
  out.set(literals, at);
  return out.slice(0, at + literals.length);
}

/** The steps and literals of packed bytes, or undefined when their form or Huffman coding is not readable. */
function streamsOf(packed: Uint8Array): { steps: Uint8Array; literals: Uint8Array } | undefined {
  if (packed.length === 0 || packed[0] > (CODED_STEPS | CODED_LITERALS)) return undefined;
  const head = new Varints(packed, 1);
  const length = head.next();
  if (length < 0 || length > packed.length - head.at) return undefined;
  const rawSteps = packed.subarray(head.at, head.at + length);
  const rawLiterals = packed.subarray(head.at + length);
  const steps = packed[0] & CODED_STEPS ? huffmanUnpack(rawSteps) : rawSteps;
  const literals = packed[0] & CODED_LITERALS ? huffmanUnpack(rawLiterals) : rawLiterals;
  return steps && literals ? { steps, literals } : undefined;
}

/** True when `packed` unpacks to exactly `size` bytes; what it accepts, `unpack` reads without a bound check failing. */
export function packedFits(packed: Uint8Array, size: number): boolean {
  const s = streamsOf(packed);
  return s !== undefined && stepsFit(s.steps, s.literals, size);
}

/** The `size` bytes that `packed` holds, or undefined when it does not unpack to exactly that many. */
export function unpackIfFits(packed: Uint8Array, size: number): Uint8Array | undefined {
  const s = streamsOf(packed);
  return s !== undefined && stepsFit(s.steps, s.literals, size) ? play(s.steps, s.literals, size) : undefined;
}

/** The `size` bytes that `packed` holds; `packedFits(packed, size)` must have said so. */
export function unpack(packed: Uint8Array, size: number): Uint8Array {
  const s = streamsOf(packed)!;
  return play(s.steps, s.literals, size);
}
