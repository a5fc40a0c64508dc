/**
 * Sessions by id: the parser's hash table, and the read-only lookup the model offers features.
 */

/**
 * Finds a session by the id at text[start, end) without slicing it: an open-addressing hash table
 * in typed arrays, whose candidates are confirmed against a compact copy of every id's characters.
 * (Slicing a string per line, hashing it in a Map and comparing it with the id's first occurrence in
 * a 10 MB text each cost more than reading the line.)
 */
export class SessionIndex {
  /** Session index + 1 per slot (0: empty), and the hash of the id in that slot. */
  private slots = new Int32Array(1024);
  private hashes = new Int32Array(1024);
  private count = 0;
  /** The characters of every id, one after the other: session s has `length[s]` from `offset[s]`. */
  private pool = new Uint16Array(4096);
  private poolLength = 0;
  private offset = new Int32Array(256);
  private length = new Int32Array(256);

  /** FNV-1a of text[start, end), in 30 bits. */
  private static hash(text: string, start: number, end: number): number {
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    return hash & 0x3fffffff;
  }

  /** Session index of the id text[start, end) (of the log text, or of a decoded id string), or -1. */
  find(text: string, start: number, end: number): number {
    const hash = SessionIndex.hash(text, start, end);
    const { slots, hashes, pool, offset, length } = this;
    const mask = slots.length - 1;
    const idLength = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const session = slots[slot] - 1;
      if (session < 0) return -1;
      if (hashes[slot] !== hash || length[session] !== idLength) continue;
      const from = offset[session];
      let same = 0;
      while (same < idLength && text.charCodeAt(start + same) === pool[from + same]) same++;
      if (same === idLength) return session;
    }
  }

  /** Adds session `session` (the next one) with `id`. */
  add(id: string, session: number): void {
    if ((this.count + 1) * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    if (session >= this.offset.length) {
      const grow = (column: Int32Array) => {
        const bigger = new Int32Array(Math.max(column.length * 2, session + 1));
        bigger.set(column);
        return bigger;
      };
      this.offset = grow(this.offset);
      this.length = grow(this.length);
    }
    if (this.poolLength + id.length > this.pool.length) {
      const bigger = new Uint16Array(Math.max(this.pool.length * 2, this.poolLength + id.length));
      bigger.set(this.pool.subarray(0, this.poolLength));
      this.pool = bigger;
    }
    this.offset[session] = this.poolLength;
    this.length[session] = id.length;
    for (let i = 0; i < id.length; i++) this.pool[this.poolLength++] = id.charCodeAt(i);
    this.insert(SessionIndex.hash(id, 0, id.length), session);
    this.count++;
  }

  private insert(hash: number, session: number): void {
    const mask = this.slots.length - 1;
    let slot = hash & mask;
    while (this.slots[slot] !== 0) slot = (slot + 1) & mask;
    this.slots[slot] = session + 1;
    this.hashes[slot] = hash;
  }

  private rehash(size: number): void {
    const { slots, hashes } = this;
    this.slots = new Int32Array(size);
    this.hashes = new Int32Array(size);
    for (let slot = 0; slot < slots.length; slot++) if (slots[slot] !== 0) this.insert(hashes[slot], slots[slot] - 1);
  }
}

/** Session index by id, read from the parser's session index (a Map of every id cost as much as the index). */
export class SessionLookup implements Iterable<[string, number]> {
  constructor(private readonly index: SessionIndex, private readonly sessions: readonly { readonly id: string; readonly index: number }[]) {}

  get(id: string): number | undefined {
    const session = this.index.find(id, 0, id.length);
    return session < 0 ? undefined : session;
  }

  has(id: string): boolean {
    return this.index.find(id, 0, id.length) >= 0;
  }

  get size(): number {
    return this.sessions.length;
  }

  *[Symbol.iterator](): Iterator<[string, number]> {
    for (const s of this.sessions) yield [s.id, s.index];
  }
}
