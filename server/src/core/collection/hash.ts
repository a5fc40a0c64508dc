/**
 * The hash the collection counts and finds texts by: the same for a text and for its UTF-8 bytes in a
 * table's packed block, so that a table's texts can be hashed without decoding them.
 */

/** A 52-bit hash of a text (two 32-bit FNV-1a lanes), for counting distinct values without keeping them. */
export function hashText(s: string): number {
  let h1 = 0x811c9dc5, h2 = 0x01000193 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return join(h1, h2);
}

/** The 52-bit hash of the two lanes: all of the first, the high 20 bits of the second. */
function join(h1: number, h2: number): number {
  return (h1 >>> 0) * 0x100000 + ((h2 >>> 12) & 0xfffff);
}

const decoder = new TextDecoder();

/** `hashText` of the text whose UTF-8 bytes are `bytes[from, to)`: over the bytes while they are ASCII, else of the decoded text. */
export function hashTextBytes(bytes: Uint8Array, from: number, to: number): number {
  let h1 = 0x811c9dc5, h2 = 0x01000193 ^ (to - from);
  for (let i = from; i < to; i++) {
    const c = bytes[i];
    if (c >= 0x80) return hashText(decoder.decode(bytes.subarray(from, to)));
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
  }
  return join(h1, h2);
}
