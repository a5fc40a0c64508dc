/**
 * A generated collection (or any set of log texts) indexed in memory as the language server indexes
 * files from disk — one part per file, by the core's `indexPart` — with a line reader over the same
 * texts, for the questions asked of a collection (trace, reports) in unit tests.
 */
import { CollectionIndex } from '../../server/src/core/collection/collection';
import { indexPart } from '../../server/src/core/collection/part';
import type { TraceLineReader } from '../../server/src/core/collection/trace';

export interface InMemoryCollection {
  index: CollectionIndex;
  /** Lines of a file as `TraceLineReader` reads them (0-based, inclusive). */
  lines: TraceLineReader;
  /** How many times `lines` was called. */
  reads(): number;
}

/** Indexes `{ path, text }` files (a BOM is dropped, as the indexer drops it). */
export function indexTexts(files: readonly { path: string; text: string }[]): InMemoryCollection {
  const index = new CollectionIndex();
  const split = new Map<string, string[]>();
  for (const f of files) {
    const text = f.text.charCodeAt(0) === 0xfeff ? f.text.slice(1) : f.text;
    split.set(f.path.toLowerCase(), text.split(/\r\n|\n|\r/));
    const part = indexPart(text, { byteStart: 0, byteEnd: text.length, endsWithBreak: true, lineOffset: 0, headerPrefix: '' }, f.path);
    index.setFile({ path: f.path, size: text.length, mtime: 1, parts: [part] });
  }
  let reads = 0;
  return {
    index,
    lines: (path, from, to) => {
      reads++;
      return split.get(path.toLowerCase())?.slice(from, to + 1);
    },
    reads: () => reads,
  };
}
