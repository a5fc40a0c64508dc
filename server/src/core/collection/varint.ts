/**
 * Varints: whole numbers (up to 2^35 - 1) as little-endian base-128 bytes, at most 5, the last one
 * below 128. The packed forms of the collection tables count their lengths in them.
 */

/** Writes `v` at `at` (the caller has made room for 5 bytes); returns the offset after it. */
export function putVarint(out: Uint8Array, at: number, v: number): number {
  while (v >= 128) {
    out[at++] = (v & 127) | 128;
    v = Math.floor(v / 128);
  }
  out[at++] = v;
  return at;
}

/** Reads varints one after another. */
export class Varints {
  constructor(private readonly bytes: Uint8Array, public at = 0) {}

  /** The next varint, or -1 when the bytes end first or it runs past 5 bytes. */
  next(): number {
    const bytes = this.bytes;
    let v = 0;
    for (let k = 0, scale = 1; k < 5 && this.at < bytes.length; k++, scale *= 128) {
      const b = bytes[this.at++];
      v += (b & 127) * scale;
      if (b < 128) return v;
    }
    return -1;
  }

  /** True when every byte is read. */
  get done(): boolean {
    return this.at >= this.bytes.length;
  }
}
