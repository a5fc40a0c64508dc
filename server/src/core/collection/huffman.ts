/**
 * Huffman coding of bytes (one code for the whole input, canonical, at most 12 bits a code): what the
 * LZ77 packing (`lz.ts`) leaves is mostly hexadecimal digits, digits and a few letters, which take four
 * to six bits each rather than eight.
 *
 * Form: a varint count of bytes; unless it is 0, 128 bytes of code lengths (4 bits per byte value, the
 * even value in the low half; 0: the value does not occur); then the codes, least significant bit first.
 */

import { Varints, putVarint } from './varint';

const MAX_BITS = 12;

/** Code lengths (at most MAX_BITS) for these byte counts; 0 for a byte that does not occur. */
function codeLengths(counts: Float64Array): Uint8Array {
  const lengths = new Uint8Array(256);
  const symbols: number[] = [];
  for (let s = 0; s < 256; s++) if (counts[s] > 0) symbols.push(s);
  if (symbols.length === 0) return lengths;
  if (symbols.length === 1) {
    lengths[symbols[0]] = 1;
    return lengths;
  }
  // nodes 0..k-1 are the leaves (lightest first), k.. the merged ones; the classic construction merges
  // the two lightest nodes until one is left, and a leaf's depth is its length
  const k = symbols.length;
  const weight = new Float64Array(2 * k - 1);
  const parent = new Int32Array(2 * k - 1);
  const depth = new Uint8Array(2 * k - 1);
  symbols.sort((x, y) => counts[x] - counts[y] || x - y);
  for (let scale = 1; ; scale *= 2) {
    for (let i = 0; i < k; i++) weight[i] = Math.floor(counts[symbols[i]] / scale) + 1;
    let leaf = 0, merged = k, made = k;
    const lightest = () => (merged >= made || (leaf < k && weight[leaf] <= weight[merged]) ? leaf++ : merged++);
    while (made < 2 * k - 1) {
      const x = lightest(), y = lightest();
      weight[made] = weight[x] + weight[y];
      parent[x] = parent[y] = made++;
    }
    let deepest = 0;
    depth[2 * k - 2] = 0;
    for (let i = 2 * k - 3; i >= 0; i--) {
      depth[i] = depth[parent[i]] + 1;
      if (i < k && depth[i] > deepest) deepest = depth[i];
    }
    if (deepest <= MAX_BITS) {
      for (let i = 0; i < k; i++) lengths[symbols[i]] = depth[i];
      return lengths;
    }
    // too deep: flatten the counts and build again
  }
}

/** Canonical codes for these lengths, bit-reversed (they are read least significant bit first). */
function codesFor(lengths: Uint8Array): Uint16Array {
  const perLength = new Uint16Array(MAX_BITS + 1);
  for (let s = 0; s < 256; s++) if (lengths[s]) perLength[lengths[s]]++;
  const next = new Uint16Array(MAX_BITS + 2);
  for (let len = 1, code = 0; len <= MAX_BITS; len++) {
    code = (code + perLength[len - 1]) << 1;
    next[len] = code;
  }
  const codes = new Uint16Array(256);
  for (let s = 0; s < 256; s++) {
    const len = lengths[s];
    if (!len) continue;
    const code = next[len]++;
    let reversed = 0;
    for (let b = 0; b < len; b++) reversed |= ((code >> b) & 1) << (len - 1 - b);
    codes[s] = reversed;
  }
  return codes;
}

/** `bytes` Huffman-coded. */
export function huffmanPack(bytes: Uint8Array): Uint8Array {
  const n = bytes.length;
  const counts = new Float64Array(256);
  for (let i = 0; i < n; i++) counts[bytes[i]]++;
  const lengths = codeLengths(counts);
  const codes = codesFor(lengths);
  let bits = 0;
  for (let s = 0; s < 256; s++) bits += counts[s] * lengths[s];
  const out = new Uint8Array(5 + (n > 0 ? 128 : 0) + Math.ceil(bits / 8) + 4);
  let o = putVarint(out, 0, n);
  if (n === 0) return out.slice(0, o);
  for (let s = 0; s < 256; s += 2) out[o++] = lengths[s] | (lengths[s + 1] << 4);
  // bits wait in `buffer` (fewer than 16 between codes, so it stays below 2^28) and leave two bytes at a time
  let buffer = 0, count = 0;
  for (let i = 0; i < n; i++) {
    const s = bytes[i];
    buffer |= codes[s] << count;
    count += lengths[s];
    if (count >= 16) {
      out[o++] = buffer & 0xff;
      out[o++] = (buffer >> 8) & 0xff;
      buffer >>= 16;
      count -= 16;
    }
  }
  for (; count > 0; count -= 8, buffer >>= 8) out[o++] = buffer & 0xff;
  return out.slice(0, o);
}

/** The bytes `packed` codes, or undefined when it is not a Huffman coding (damaged lengths or codes, too short). */
export function huffmanUnpack(packed: Uint8Array): Uint8Array | undefined {
  const head = new Varints(packed);
  const n = head.next();
  let i = head.at;
  if (n < 0) return undefined;
  if (n === 0) return i === packed.length ? new Uint8Array(0) : undefined;
  if (i + 128 > packed.length || n > 8 * (packed.length - i - 128)) return undefined;
  const lengths = new Uint8Array(256);
  for (let s = 0; s < 256; s += 2) {
    lengths[s] = packed[i] & 15;
    lengths[s + 1] = packed[i++] >> 4;
  }
  // a code must not be over-subscribed (Kraft), nor use a length beyond MAX_BITS
  let kraft = 0;
  let bits = 0;
  for (let s = 0; s < 256; s++) {
    if (lengths[s] > MAX_BITS) return undefined;
    if (lengths[s]) kraft += 1 << (MAX_BITS - lengths[s]);
    if (lengths[s] > bits) bits = lengths[s];
  }
  if (kraft === 0 || kraft > 1 << MAX_BITS) return undefined;
  const codes = codesFor(lengths);
  // every window of `bits` bits (the longest code) → symbol << 4 | length (0: no code begins so)
  const size = 1 << bits;
  const table = new Uint16Array(size);
  for (let s = 0; s < 256; s++) {
    const len = lengths[s];
    if (!len) continue;
    for (let k = codes[s]; k < size; k += 1 << len) table[k] = (s << 4) | len;
  }
  // and → the symbols of the one or two codes the window holds whole: first | second << 8 | count << 16 | bits << 18
  const pairs = new Int32Array(size);
  for (let w = 0; w < size; w++) {
    const first = table[w], l1 = first & 15;
    if (!l1) continue;
    const second = table[w >> l1], l2 = second & 15;
    pairs[w] = l2 && l2 <= bits - l1 ? (first >> 4) | ((second >> 4) << 8) | (2 << 16) | ((l1 + l2) << 18) : (first >> 4) | (1 << 16) | (l1 << 18);
  }
  const out = new Uint8Array(n);
  const end = packed.length;
  const mask = size - 1;
  // bits wait in `buffer`: refilled to more than 23 (two codes of at most 12), it stays below 2^31
  let buffer = 0, count = 0, o = 0;
  while (o + 2 <= n) {
    while (count <= 23 && i < end) {
      buffer |= packed[i++] << count;
      count += 8;
    }
    if (count < bits) break;
    const pair = pairs[buffer & mask];
    if (pair === 0) return undefined;
    out[o] = pair & 255;
    out[o + 1] = (pair >> 8) & 255;
    o += (pair >> 16) & 3;
    buffer >>= pair >> 18;
    count -= pair >> 18;
  }
  // the last codes, one at a time
  while (o < n) {
    while (count <= 23 && i < end) {
      buffer |= packed[i++] << count;
      count += 8;
    }
    const entry = table[buffer & mask];
    const len = entry & 15;
    if (len === 0 || len > count) return undefined;
    out[o++] = entry >> 4;
    buffer >>= len;
    count -= len;
  }
  // nothing but the last byte's padding may follow
  return i === end && count < 8 ? out : undefined;
}
