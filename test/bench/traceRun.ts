/**
 * The message trace part of the collection benchmark, in a process of its own: opens an indexed
 * collection from its cache and times, in wall-clock and in this process's CPU time:
 *  - the first trace by message id after opening: it builds the text lookup of every table (`prepare`
 *    alone is timed too, and the bytes the lookups keep);
 *  - a trace by message id with the lookups built but every table's text dropped before (as for a
 *    message of other hours than the last question's): median and slowest over a sample of messages;
 *  - the same traces again (the text of the tables they read kept): median;
 *  - a trace with its lines read from the files (as the editor and `exchange-log trace` do): median;
 *  - a trace by sender (every tracking table read), first and warm;
 *  - the latency report, first (no text decoded) and warm (the median of nine runs).
 *   node out/test/bench/traceRun.js <dir> <cacheDir|-> [messages]
 * Prints one JSON line.
 */
import { CollectionIndex } from '../../server/src/core/collection/collection';
import { TextLookups } from '../../server/src/core/collection/textLookup';
import { prepareTrace, traceMessages } from '../../server/src/core/collection/trace';
import { latencyReport } from '../../server/src/core/collection/reports/latency';
import { E } from '../../server/src/core/collection/schema';
import { configureL10n } from '../../server/src/core/l10n';
import { Indexer } from '../../server/src/collection/indexer';
import { fileLineReader } from '../../server/src/collection/lines';

export interface Timed { ms: number; cpuMs: number }

export interface TraceTimes {
  messages: number;
  firstTrace: Timed;
  prepare: Timed;
  lookupMB: number;
  coldText: { median: number; max: number; cpuMedian: number };
  warm: { median: number; cpuMedian: number };
  withLines: { median: number; max: number };
  hops: number;
  bySender: { first: Timed; warm: Timed; messages: number };
  latency: { first: Timed; warm: Timed; count: number };
}

function timed<T>(run: () => T): [Timed, T] {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const out = run();
  const used = process.cpuUsage(cpu);
  return [{ ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000 }, out];
}

const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];

/** Message ids spread over the collection: the middle row of every n-th tracking file. */
function sampleIds(index: CollectionIndex, count: number): string[] {
  const tracking = [...index.files()].filter(([i]) => index.factsOf(i).kind === 'messageTracking');
  const out: string[] = [];
  const step = Math.max(1, Math.floor(tracking.length / count));
  for (let k = 0; k < tracking.length && out.length < count; k += step) {
    const table = tracking[k][1].parts[0].events;
    if (table.rows === 0) continue;
    const id = table.text(table.column(E.messageId)[table.rows >> 1]);
    if (id && !out.includes(id)) out.push(id);
  }
  index.forgetDecoded();
  return out;
}

async function main(): Promise<void> {
  const [dir, cacheDir, count] = process.argv.slice(2);
  configureL10n('en', undefined);
  const index = new CollectionIndex();
  const indexer = new Indexer(index, { cacheDir: cacheDir === '-' ? undefined : cacheDir });
  await indexer.index([dir]);
  await indexer.dispose();
  const ids = sampleIds(index, count ? +count : 20);
  const options = (lookups: TextLookups) => ({ uriOf: (p: string) => p, lookups });

  let lookups = new TextLookups();
  const [firstTrace] = timed(() => traceMessages(index, { messageId: ids[0] }, options(lookups)));
  index.forgetDecoded();
  lookups = new TextLookups();
  const [prepare] = timed(() => prepareTrace(index, lookups));
  const lookupMB = lookups.builtBytes / 1048576;

  const cold: Timed[] = [], warm: Timed[] = [];
  let hops = 0;
  for (const id of ids) {
    index.forgetDecoded();
    const [c, answer] = timed(() => traceMessages(index, { messageId: id }, options(lookups)));
    cold.push(c);
    hops += answer.messages[0]?.hops.length ?? 0;
    warm.push(timed(() => traceMessages(index, { messageId: id }, options(lookups)))[0]);
  }
  const withLines: number[] = [];
  for (const id of ids) {
    index.forgetDecoded();
    withLines.push(timed(() => traceMessages(index, { messageId: id }, { ...options(lookups), lines: fileLineReader() }))[0].ms);
  }

  const sender = 'alice.smith@contoso.com';
  index.forgetDecoded();
  const [senderFirst, bySender] = timed(() => traceMessages(index, { from: sender }, options(lookups)));
  const [senderWarm] = timed(() => traceMessages(index, { from: sender }, options(lookups)));

  index.forgetDecoded();
  const input = { index, match: () => true, top: 50, uriOf: (p: string) => p };
  const [latencyFirst, report] = timed(() => latencyReport(input));
  const latencyWarm = Array.from({ length: 9 }, () => timed(() => latencyReport(input))[0]);

  const result: TraceTimes = {
    messages: ids.length,
    firstTrace,
    prepare,
    lookupMB,
    coldText: { median: median(cold.map((x) => x.ms)), max: Math.max(...cold.map((x) => x.ms)), cpuMedian: median(cold.map((x) => x.cpuMs)) },
    warm: { median: median(warm.map((x) => x.ms)), cpuMedian: median(warm.map((x) => x.cpuMs)) },
    withLines: { median: median(withLines), max: Math.max(...withLines) },
    hops: hops / ids.length,
    bySender: { first: senderFirst, warm: senderWarm, messages: bySender.messages.length + bySender.more },
    latency: { first: latencyFirst, warm: latencyWarm.sort((a, b) => a.ms - b.ms)[4], count: report.summary?.count ?? 0 },
  };
  process.stdout.write(JSON.stringify(result) + '\n');
}

void main();
