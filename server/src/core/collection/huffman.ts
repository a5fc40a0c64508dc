/**
 * Huffman coding of bytes (one code for the whole input, canonical, at most 12 bits a code): what the
 * LZ77 packing (`lz.ts`) leaves is mostly hexadecimal digits, digits and a few letters, which take four
 * to six bits each rather than eight.
 *
 * Form: a varint count of bytes; unless it is 0, 128 bytes of code lengths (4 bits per byte value, the
 * even value in the low half; 0: the value does not occur); then the codes, least significant bit first.
 */

const MAX_BITS = 12;

/** Code lengths (at most MAX_BITS) for these byte counts; 0 for a byte that does not occur. */
function codeLengths(counts: Float64Array): Uint8Array {
  const lengths = new Uint8Array(256);
  const weights = Float64Array.from(counts);
  for (;;) {
    // the classic construction: merge the two lightest nodes until one is left; a leaf's depth is its length
    const nodes: { weight: number; symbol: number; left?: number; right?: number }[] = [];
    for (let s = 0; s < 256; s++) if (weights[s] > 0) nodes.push({ weight: weights[s], symbol: s });
    if (nodes.length === 0) return lengths;
    if (nodes.length === 1) {
      lengths[nodes[0].symbol] = 1;
      return lengths;
    }
    const leaves = nodes.map((_, i) => i).sort((a, b) => nodes[a].weight - nodes[b].weight || nodes[a].symbol - nodes[b].symbol);
    const merged: number[] = [];
    let li = 0, mi = 0;
    const lightest = () => (mi >= merged.length || (li < leaves.length && nodes[leaves[li]].weight <= nodes[merged[mi]].weight) ? leaves[li++] : merged[mi++]);
    while (leaves.length - li + merged.length - mi > 1) {
      const a = lightest(), b = lightest();
      nodes.push({ weight: nodes[a].weight + nodes[b].weight, symbol: -1, left: a, right: b });
      merged.push(nodes.length - 1);
    }
    let deepest = 0;
    const depth: number[] = new Array(nodes.length).fill(0);
    for (let i = nodes.length - 1; i >= 0; i--) {
      const node = nodes[i];
      if (node.left !== undefined) {
        depth[node.left] = depth[node.right!] = depth[i] + 1;
      } else {
        lengths[node.symbol] = depth[i];
        deepest = Math.max(deepest, depth[i]);
      }
    }
    if (deepest <= MAX_BITS) return lengths;
    // too deep: flatten the counts and build again
    for (let s = 0; s < 256; s++) if (weights[s] > 0) weights[s] = Math.floor(weights[s] / 2) + 1;
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
  let o = 0;
  for (let v = n; ; v = Math.floor(v / 128)) {
    if (v < 128) {
      out[o++] = v;
      break;
    }
    out[o++] = (v & 127) | 128;
  }
  if (n === 0) return out.slice(0, o);
  for (let s = 0; s < 256; s += 2) out[o++] = lengths[s] | (lengths[s + 1] << 4);
  let buffer = 0, count = 0;
  for (let i = 0; i < n; i++) {
    const s = bytes[i];
    buffer |= codes[s] << count;
    count += lengths[s];
    while (count >= 8) {
      out[o++] = buffer & 0xff;
      buffer >>>= 8;
      count -= 8;
    }
  }
  if (count > 0) out[o++] = buffer & 0xff;
  return out.slice(0, o);
}

/** The bytes `packed` codes, or undefined when it is not a Huffman coding (damaged lengths or codes, too short). */
export function huffmanUnpack(packed: Uint8Array): Uint8Array | undefined {
  let i = 0;
  let n = 0;
  for (let k = 0, scale = 1; ; k++, scale *= 128) {
    if (k === 5 || i >= packed.length) return undefined;
    const b = packed[i++];
    n += (b & 127) * scale;
    if (b < 128) break;
  }
  if (n === 0) return i === packed.length ? new Uint8Array(0) : undefined;
  if (i + 128 > packed.length || n > 8 * (packed.length - i - 128)) return undefined;
  const lengths = new Uint8Array(256);
  for (let s = 0; s < 256; s += 2) {
    lengths[s] = packed[i] & 15;
    lengths[s + 1] = packed[i++] >> 4;
  }
  // a code must not be over-subscribed (Kraft), nor use a length beyond MAX_BITS
  let kraft = 0;
  for (let s = 0; s < 256; s++) {
    if (lengths[s] > MAX_BITS) return undefined;
    if (lengths[s]) kraft += 1 << (MAX_BITS - lengths[s]);
  }
  if (kraft === 0 || kraft > 1 << MAX_BITS) return undefined;
  const codes = codesFor(lengths);
  // every MAX_BITS-bit window → symbol << 4 | length (0: no code begins so)
  const table = new Uint16Array(1 << MAX_BITS);
  for (let s = 0; s < 256; s++) {
    const len = lengths[s];
    if (!len) continue;
    for (let k = codes[s]; k < 1 << MAX_BITS; k += 1 << len) table[k] = (s << 4) | len;
  }
  const out = new Uint8Array(n);
  const end = packed.length;
  let buffer = 0, count = 0;
  for (let o = 0; o < n; o++) {
    while (count <= 24 && i < end) {
      buffer |= packed[i++] << count;
      count += 8;
    }
    const entry = table[buffer & ((1 << MAX_BITS) - 1)];
    const len = entry & 15;
    if (len === 0 || len > count) return undefined;
    out[o] = entry >> 4;
    buffer >>>= len;
    count -= len;
  }
  // nothing but the last byte's padding may follow
  return i === end && count < 8 ? out : undefined;
}
