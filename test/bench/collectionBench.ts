/**
 * The collection benchmark (`npm run bench:collection`): a generated collection of mixed kinds from
 * several servers (1 GB, and 5 GB with --big) is written once to a folder, then measured in one run
 * against a one-thread `readFileSync` + `split('\n')` of the same files:
 *  - a cold index (empty cache, worker threads), its peak memory and the index it keeps;
 *  - reopening the indexed collection (warm cache);
 *  - an append to one file (only its new bytes read);
 *  - lnav 0.11 on the same files, when it is installed;
 *  - session searches and completions over the indexed collection (`searchRun.ts`), first and warm;
 *  - every report over the indexed collection (reportsRun.ts): the first run after opening and warm runs.
 *  - the message trace and the latency report over the indexed collection (`traceRun.ts`), first and warm.
 * The machine is noisy (the same run varies by 15% minutes apart): the baseline and the two cold runs
 * (cache written, no cache) are run one after the other `--repeat` times, and the medians and the
 * median of the per-round ratios are shown, with the spread of the peak memory.
 * Options: --size 1G (default), --big (also 5 GB), --dir DIR (where collections are kept; default the
 * system's temp folder), --threads N, --repeat N (default 3 for collections under 2 GB, 1 above).
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { TraceTimes } from './traceRun';
import { parseSize, writeCollection } from './writeCollection';

interface RunResult {
  ms: number; files: number; read: number; appended: number; cached: number; bytesRead: number; warnings: number;
  sessions: number; events: number; messages: number; bytes: number; peakRssMB: number; keptMB: number; heapAfterMB: number;
}

const args = process.argv.slice(2);
const opt = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const root = opt('--dir') ?? path.join(os.tmpdir(), 'exchange-log-bench');
const sizes = [parseSize(opt('--size') ?? '1G'), ...(args.includes('--big') ? [parseSize('5G')] : [])];
const threads = opt('--threads');
const repeat = opt('--repeat');

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const spread = (values: number[], digits = 0): string =>
  values.length === 1 ? values[0].toFixed(digits) : `${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}`;

function collectionFor(bytes: number): string {
  const dir = path.join(root, `collection-${Math.round(bytes / 1048576)}M`);
  const marker = path.join(dir, '.complete');
  if (!fs.existsSync(marker)) {
    fs.rmSync(dir, { recursive: true, force: true });
    process.stdout.write(`writing a ${Math.round(bytes / 1048576)} MB collection to ${dir}…\n`);
    const w = writeCollection(dir, { targetBytes: bytes, servers: 4, seed: 1 });
    fs.writeFileSync(marker, JSON.stringify(w.summary));
    process.stdout.write(`  ${w.summary.files} files in ${w.seconds.toFixed(1)} s\n`);
  }
  return dir;
}

function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(p));
    else if (/\.log$/i.test(e.name)) out.push(p);
  }
  return out;
}

/** One-thread read + split of every file, in a process of its own. */
function baseline(dir: string): { ms: number; peakRssMB: number } {
  const list = path.join(os.tmpdir(), `exchange-log-bench-files-${process.pid}.json`);
  fs.writeFileSync(list, JSON.stringify(listFiles(dir)));
  const script = `const fs=require('fs');const files=JSON.parse(fs.readFileSync(process.argv[1],'utf8'));const t=performance.now();let n=0;for(const f of files){n+=fs.readFileSync(f,'utf8').split('\\n').length}` +
    `process.stdout.write(JSON.stringify({ms:performance.now()-t,lines:n,peakRssMB:process.resourceUsage().maxRSS/1024}))`;
  const out = execFileSync(process.execPath, ['-e', script, list], { encoding: 'utf8' });
  fs.rmSync(list, { force: true });
  return JSON.parse(out) as { ms: number; peakRssMB: number };
}

function indexRun(dir: string, cacheDir: string): RunResult {
  const out = execFileSync(process.execPath, ['--expose-gc', path.join(__dirname, 'collectionRun.js'), dir, cacheDir, ...(threads ? [threads] : [])], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as RunResult;
}

interface ReportsResult { openMs: number; sessions: number; results: { report: string; where?: string; firstMs: number; warmMs: number; firstCpuMs: number; warmCpuMs: number; rows: number }[] }

/** Every report over the collection indexed in `cacheDir`, in a process of its own. */
function reportsRun(dir: string, cacheDir: string): ReportsResult {
  const out = execFileSync(process.execPath, [path.join(__dirname, 'reportsRun.js'), dir, cacheDir], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as ReportsResult;
}

interface SearchTimes {
  joinMs: number;
  searches: { query: string; first: number; warm: number; total: number }[];
  completions: { query: string; first: number; warm: number; items: number }[];
}

/** Session searches and completions over the indexed collection (`searchRun.ts`), in a process of their own. */
function searchRun(dir: string, cacheDir: string): SearchTimes {
  const out = execFileSync(process.execPath, [path.join(__dirname, 'searchRun.js'), dir, cacheDir], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as SearchTimes;
}

/** Traces and the latency report over the indexed collection (`traceRun.ts`), in a process of their own. */
function traceRun(dir: string, cacheDir: string): TraceTimes {
  const out = execFileSync(process.execPath, [path.join(__dirname, 'traceRun.js'), dir, cacheDir], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop()!) as TraceTimes;
}

/**
 * lnav's time to load the files, and how many of them it opened and how many lines it recognised
 * (lnav 0.11 opens only about a hundred of the files it is given: its time covers those alone).
 */
function lnav(dir: string): { ms: number; files: number; given: number; lines: number } | undefined {
  const probe = spawnSync('lnav', ['-V'], { encoding: 'utf8' });
  if (probe.status !== 0) return undefined;
  // headless: load every file (lnav indexes each log's lines as it opens it), then count the files it
  // opened and the lines it recognised; the file names are given (lnav does not look into sub-folders
  // of a folder it is given)
  const files = listFiles(dir);
  const started = performance.now();
  const r = spawnSync('lnav', ['-n', '-c', ';SELECT (SELECT count(*) FROM lnav_file) AS files, (SELECT count(*) FROM all_logs) AS lines', ...files], { encoding: 'utf8', timeout: 600_000, maxBuffer: 1 << 24 });
  if (r.status !== 0) return undefined;
  const ms = performance.now() - started;
  const counts = /(\d+)\s+(\d+)\s*$/.exec(r.stdout);
  if (!counts) return undefined;
  return { ms, files: +counts[1], given: files.length, lines: +counts[2] };
}

const rows: string[][] = [['collection', 'measure', 'value', 'against read + split']];
for (const bytes of sizes) {
  const dir = collectionFor(bytes);
  const name = bytes >= 1073741824 ? `${(bytes / 1073741824).toFixed(0)} GB` : `${Math.round(bytes / 1048576)} MB`;
  // rounds of: the baseline, a cold index writing a fresh cache, a cold index with no cache
  const rounds = Math.max(1, Number(repeat ?? (bytes < 2 * 1073741824 ? 3 : 1)));
  const bases: { ms: number }[] = [], colds: RunResult[] = [], noCaches: RunResult[] = [];
  let cache = '';
  for (let round = 0; round < rounds; round++) {
    if (cache) fs.rmSync(cache, { recursive: true, force: true });
    cache = fs.mkdtempSync(path.join(os.tmpdir(), 'exchange-log-bench-cache-'));
    bases.push(baseline(dir));
    colds.push(indexRun(dir, cache));
    noCaches.push(indexRun(dir, '-'));
  }
  const base = { ms: median(bases.map((b) => b.ms)) };
  const cold = colds[colds.length - 1];
  const coldMs = median(colds.map((c) => c.ms));
  const noCacheMs = median(noCaches.map((c) => c.ms));
  const ratioOf = (runs: RunResult[]) => `${median(runs.map((c, i) => c.ms / bases[i].ms)).toFixed(2)}x`;
  const peaks = [...colds, ...noCaches].map((c) => c.peakRssMB);
  const warm = indexRun(dir, cache);
  // an append to one file: a session of two lines at the end of a receive log
  const recv = listFiles(dir).filter((f) => /RECV/i.test(path.basename(f))).sort().pop()!;
  const extra = '2024-03-04T23:59:58.000Z,EX01\\Default Frontend EX01,08DCFFFFFFFF0001,0,10.1.0.5:25,192.0.2.7:50000,+,,\r\n' +
    '2024-03-04T23:59:59.000Z,EX01\\Default Frontend EX01,08DCFFFFFFFF0001,1,10.1.0.5:25,192.0.2.7:50000,-,,Remote(ConnectionReset)\r\n';
  const sizeBefore = fs.statSync(recv).size;
  fs.appendFileSync(recv, extra);
  const appended = indexRun(dir, cache);
  fs.truncateSync(recv, sizeBefore);
  const reports = reportsRun(dir, cache);
  const search = searchRun(dir, cache);
  const trace = traceRun(dir, cache);
  const lnavRun = lnav(dir);
  fs.rmSync(cache, { recursive: true, force: true });
  const x = (ms: number) => `${(ms / base.ms).toFixed(2)}x`;
  rows.push(
    [name, 'files / MB', `${cold.files} / ${(cold.bytes / 1048576).toFixed(0)}`, ''],
    [name, 'sessions / tracking events / messages', `${cold.sessions} / ${cold.events} / ${cold.messages}`, ''],
    [name, `read + split, one thread (median of ${rounds}: ${spread(bases.map((b) => b.ms / 1000), 2)} s)`, `${(base.ms / 1000).toFixed(2)} s`, '1.00x'],
    [name, `cold index, cache written (median of ${rounds}: ${spread(colds.map((c) => c.ms / 1000), 2)} s; ratio: median of the rounds)`, `${(coldMs / 1000).toFixed(2)} s`, ratioOf(colds)],
    [name, `cold index, no cache (median of ${rounds}: ${spread(noCaches.map((c) => c.ms / 1000), 2)} s)`, `${(noCacheMs / 1000).toFixed(2)} s`, ratioOf(noCaches)],
    [name, 'reopen (warm cache)', `${(warm.ms / 1000).toFixed(2)} s (${((warm.ms / coldMs) * 100).toFixed(1)}% of cold)`, x(warm.ms)],
    [name, 'append of one session to one file', `${(appended.ms / 1000).toFixed(2)} s, ${appended.bytesRead} bytes read (${Buffer.byteLength(extra)} appended), ${appended.appended} file`, x(appended.ms)],
    [name, `peak memory while indexing (process; the highest of ${peaks.length} cold runs, all: ${spread(peaks)} MB)`, `${Math.max(...peaks).toFixed(0)} MB`, ''],
    [name, 'index kept in memory (its arrays)', `${cold.keptMB.toFixed(1)} MB`, ''],
    [name, 'heap and array buffers after reopening and GC', `${warm.heapAfterMB.toFixed(1)} MB`, ''],
    lnavRun === undefined
      ? [name, 'lnav', 'not installed', '']
      : [name, `lnav (opened ${lnavRun.files} of the ${lnavRun.given} files, ${lnavRun.lines} lines as generic logs, no sessions)`, `${(lnavRun.ms / 1000).toFixed(2)} s`, x(lnavRun.ms)],
  );
  for (const r of reports.results) {
    rows.push([name, `report ${r.report}${r.where ? ` --where '${r.where}'` : ''}: first / warm (${r.rows} rows)`, `${r.firstMs.toFixed(0)} ms / ${r.warmMs.toFixed(0)} ms (CPU ${r.firstCpuMs.toFixed(0)} / ${r.warmCpuMs.toFixed(0)} ms)`, x(r.warmMs)]);
  }
  // search: `first` with every table's text dropped before (the first question after opening decodes
  // what it reads), `warm` the median of five runs right after; the ratio is of the warm time
  const ms = (v: number) => `${v.toFixed(0)} ms`;
  const ratio = (v: number) => `${(v / base.ms).toFixed(4)}x`;
  rows.push([name, 'search: joining roll-over sessions (once, at the first question)', ms(search.joinMs), ratio(search.joinMs)]);
  for (const q of search.searches) rows.push([name, `search \`${q.query}\` (first / warm)`, `${ms(q.first)} / ${ms(q.warm)}, ${q.total} sessions`, ratio(q.warm)]);
  for (const c of search.completions) rows.push([name, `completion \`${c.query}\` (first / warm)`, `${ms(c.first)} / ${ms(c.warm)}, ${c.items} items`, ratio(c.warm)]);
  // trace: `first` is the first question after opening (the lookups built, what it reads decoded)
  const t = (v: { ms: number; cpuMs?: number }) => `${v.ms.toFixed(0)} ms${v.cpuMs !== undefined ? ` (CPU ${v.cpuMs.toFixed(0)})` : ''}`;
  const r = (v: number) => `${(v / base.ms).toFixed(4)}x`;
  rows.push(
    [name, 'trace: first trace after opening (builds every table\'s lookup)', t(trace.firstTrace), r(trace.firstTrace.ms)],
    [name, 'trace: building the lookups alone / what they keep', `${t(trace.prepare)} / ${trace.lookupMB.toFixed(1)} MB`, r(trace.prepare.ms)],
    [name, `trace by message id, text not decoded (median / slowest of ${trace.messages}, ${trace.hops.toFixed(1)} hops)`, `${trace.coldText.median.toFixed(0)} / ${trace.coldText.max.toFixed(0)} ms (CPU ${trace.coldText.cpuMedian.toFixed(0)})`, r(trace.coldText.median)],
    [name, 'trace by message id, warm (median)', `${trace.warm.median.toFixed(1)} ms (CPU ${trace.warm.cpuMedian.toFixed(1)})`, r(trace.warm.median)],
    [name, 'trace by message id with its lines read from the files (median / slowest)', `${trace.withLines.median.toFixed(0)} / ${trace.withLines.max.toFixed(0)} ms`, r(trace.withLines.median)],
    [name, `trace by sender (${trace.bySender.messages} messages): first / warm`, `${t(trace.bySender.first)} / ${t(trace.bySender.warm)}`, r(trace.bySender.warm.ms)],
    [name, `report latency (${trace.latency.count} messages): first / warm`, `${t(trace.latency.first)} / ${t(trace.latency.warm)}`, r(trace.latency.warm.ms)],
  );
}
const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
for (const r of rows) process.stdout.write(`| ${r.map((c, i) => c.padEnd(widths[i])).join(' | ')} |\n`);
