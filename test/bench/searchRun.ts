/**
 * The search part of the collection benchmark, in a process of its own: reopens an indexed collection
 * from its cache, then times session searches and completions over it.
 *   node out/test/bench/searchRun.js <dir> <cacheDir>
 * For each query: `first`, with every table's text dropped before (`forgetDecoded`: the question
 * decodes what it reads, as the first question after opening does), and `warm`, the median of five
 * runs right after (the text kept, as for questions asked in a row). Prints one JSON line.
 */
import { CollectionIndex } from '../../server/src/core/collection/collection';
import { completeQuery, searchSessions } from '../../server/src/core/collection/search';
import { configureL10n } from '../../server/src/core/l10n';
import { Indexer } from '../../server/src/collection/indexer';

export const SEARCH_QUERIES = [
  'remote:10.0.0.0/8',
  'tls:1.0 OR tls:1.1',
  'outcome:rejected reply:5.7.54',
  'from:*@contoso.com messages:>1',
  'northwindtraders',
  '-kind:receive duration:>5s',
];

export const COMPLETIONS: [string, number][] = [['remote:', 7], ['from:@', 6], ['ehlo:m', 6], ['outcome:', 8]];

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[s.length >> 1];
}

function time<T>(run: () => T): [number, T] {
  const started = performance.now();
  const out = run();
  return [performance.now() - started, out];
}

async function main(): Promise<void> {
  const [dir, cacheDir] = process.argv.slice(2);
  configureL10n('en', undefined);
  const collection = new CollectionIndex();
  const indexer = new Indexer(collection, { cacheDir });
  await indexer.index([dir]);
  await indexer.dispose();
  // the roll-over joins are made once per collection, by whichever question comes first
  const [joinMs] = time(() => [...collection.sessionTables()].length);
  const searches = SEARCH_QUERIES.map((query) => {
    collection.forgetDecoded();
    const [first, result] = time(() => searchSessions(collection, query));
    const warm = median(Array.from({ length: 5 }, () => time(() => searchSessions(collection, query))[0]));
    return { query, first, warm, total: result.total };
  });
  const completions = COMPLETIONS.map(([query, offset]) => {
    collection.forgetDecoded();
    const [first, result] = time(() => completeQuery(collection, query, offset));
    const warm = median(Array.from({ length: 5 }, () => time(() => completeQuery(collection, query, offset))[0]));
    return { query, first, warm, items: result.items.length };
  });
  process.stdout.write(JSON.stringify({ joinMs, searches, completions }) + '\n');
}

void main();
