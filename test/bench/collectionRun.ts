/**
 * One indexing run of the collection benchmark, in a process of its own so that its time and peak
 * memory are its own: node --expose-gc out/test/bench/collectionRun.js <dir> <cacheDir|-> [threads]
 * Prints one JSON line.
 */
import { CollectionIndex } from '../../server/src/core/collection/collection';
import { configureL10n } from '../../server/src/core/l10n';
import { Indexer } from '../../server/src/collection/indexer';

async function main(): Promise<void> {
  const [dir, cacheDir, threads] = process.argv.slice(2);
  configureL10n('en', undefined);
  const collection = new CollectionIndex();
  const indexer = new Indexer(collection, { cacheDir: cacheDir === '-' ? undefined : cacheDir, threads: threads ? +threads : undefined });
  let peakRss = 0;
  const sample = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 50);
  const started = performance.now();
  const run = await indexer.index([dir]);
  const ms = performance.now() - started;
  clearInterval(sample);
  // the process's high-water mark up to the end of the indexing (the sampling may miss a short peak)
  const indexPeakRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024);
  await indexer.dispose();
  (globalThis as { gc?: () => void }).gc?.();
  const mem = process.memoryUsage();
  const heapAfter = mem.heapUsed + mem.arrayBuffers;
  const kept = collection.byteSize();
  const totals = collection.totals();
  process.stdout.write(JSON.stringify({
    ms, files: run.files, read: run.read, appended: run.appended, cached: run.cached, bytesRead: run.bytesRead, warnings: run.warnings.length,
    sessions: totals.sessions, events: totals.events, messages: totals.messages, bytes: totals.bytes,
    peakRssMB: indexPeakRss / 1048576, totalsPeakRssMB: process.resourceUsage().maxRSS * 1024 / 1048576, keptMB: kept / 1048576, heapAfterMB: heapAfter / 1048576,
  }) + '\n');
}

void main();
