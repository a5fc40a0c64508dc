/**
 * The reports part of the collection benchmark, in a process of its own: opens an indexed collection
 * (from its cache) and times every report: the first run after the index is opened (it decodes the
 * packed text of every table it reads) and the median of the warm runs after it, in wall-clock time
 * and in this process's CPU time (which a machine shared with other work disturbs less).
 *   node out/test/bench/reportsRun.js <dir> <cacheDir|-> [runs]
 * Prints one JSON line.
 */
import { CollectionIndex } from '../../server/src/core/collection/collection';
import { parseQuery } from '../../server/src/core/collection/query';
import { availableReports, buildReport } from '../../server/src/core/collection/reports/index';
import { compileQuery } from '../../server/src/core/collection/search';
import { configureL10n } from '../../server/src/core/l10n';
import { Indexer } from '../../server/src/collection/indexer';
import type { ReportName } from '../../protocol/src/queryTypes';

/** The reports timed, and one narrowed by a search. */
const CASES: { name: ReportName; where?: string }[] = [
  ...availableReports().map((name) => ({ name })),
  { name: 'relay', where: 'service:frontend' },
  { name: 'tls', where: 'tls:<1.2' },
];

function median(values: number[]): number {
  const s = values.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

async function main(): Promise<void> {
  const [dir, cacheDir, runsArg] = process.argv.slice(2);
  const runs = runsArg ? +runsArg : 5;
  configureL10n('en', undefined);
  const collection = new CollectionIndex();
  const indexer = new Indexer(collection, { cacheDir: cacheDir === '-' ? undefined : cacheDir });
  const opened = performance.now();
  await indexer.index([dir]);
  const openMs = performance.now() - opened;
  await indexer.dispose();
  let sessions = 0;
  for (const _ of collection.sessions()) sessions++;
  const results: { report: string; where?: string; firstMs: number; warmMs: number; firstCpuMs: number; warmCpuMs: number; rows: number }[] = [];
  for (const c of CASES) {
    const time = () => {
      const started = performance.now();
      const cpu = process.cpuUsage();
      const match = compileQuery(collection, c.where ? parseQuery(c.where).query : undefined);
      const body = buildReport(c.name, { index: collection, match, top: 50, uriOf: (p) => p, where: c.where });
      const used = process.cpuUsage(cpu);
      return { ms: performance.now() - started, cpuMs: (used.user + used.system) / 1000, rows: body.tables.reduce((n, t) => n + t.total, 0) };
    };
    // as when a report is the first question after the collection is opened: no table's text decoded
    collection.forgetDecoded();
    const first = time();
    const warm: number[] = [], warmCpu: number[] = [];
    for (let i = 0; i < runs; i++) {
      const w = time();
      warm.push(w.ms);
      warmCpu.push(w.cpuMs);
    }
    results.push({ report: c.name, where: c.where, firstMs: first.ms, warmMs: median(warm), firstCpuMs: first.cpuMs, warmCpuMs: median(warmCpu), rows: first.rows });
  }
  process.stdout.write(JSON.stringify({ openMs, sessions, results }) + '\n');
}

void main();
