/**
 * `npm run bench`: generates realistic logs, drives the built server and a no-op floor server over
 * JSON-RPC as VS Code would, and prints a table of medians with ratios. `--quick` runs a 1 MB smoke
 * test; `--write` also writes docs/performance.md.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { extendLog, parseLog } from '../../server/src/core/model/logModel';
import { getLanguageService } from '../../server/src/core/languageService';
import { LspClient } from '../helpers/lspClient';
import { repoRoot } from '../helpers/paths';
import { GeneratedKind, generateLog } from './generateLogs';
import { NavigationRequest } from '../../protocol/src/index';

const NAV_TARGETS = ['nextEvent', 'previousEvent', 'firstEvent', 'lastEvent', 'nextSession', 'previousSession'] as const;
import { grammarCost } from './grammarCost';

const quick = process.argv.includes('--quick');
const write = process.argv.includes('--write');
const RUNS = quick ? 3 : 5;
const MB = 1024 * 1024;

interface Row {
  file: string;
  sizeMB: number;
  lines: number;
  readSplit: number;
  model: number;
  floor: number;
  folding: number;
  symbols: number;
  /** The first open→folding of a fresh server (cold JIT): ours and the floor. */
  coldFolding: number;
  coldFloor: number;
  hoverP50: number;
  hoverP99: number;
  /** Hovers sent right after the folding answer, while the server prepares the log in the background. */
  hoverEarlyP50: number;
  hoverEarlyP99: number;
  highlightP50?: number;
  highlightP99?: number;
  navP50?: number;
  navP99?: number;
  append: number;
  /** In-process model update for 1,000 appended lines. */
  extend: number;
  /** In-process overview of a fresh model (all session summaries). */
  overview: number;
  memFloorMB: number;
  memOursMB: number;
  grammar?: number;
  grammarPlain?: number;
  grammarOnePattern?: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median of RUNS timed calls of `fn`, after one untimed call that lets the JIT compile it. */
function timed(fn: () => number): number {
  fn();
  return median(Array.from({ length: RUNS }, fn));
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/** Peak resident memory of a process (Linux VmHWM), in MB. */
function peakMB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = /VmHWM:\s+(\d+) kB/.exec(status);
  return m ? +m[1] / 1024 : NaN;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

async function openAndAsk(client: LspClient, uri: string, text: string, method: string): Promise<number> {
  const t0 = performance.now();
  await client.open(uri, text);
  await client.request(method, { textDocument: { uri } });
  const dt = performance.now() - t0;
  await client.close(uri);
  return dt;
}

async function measureServer(script: string | undefined, text: string, name: string, methods: string[]): Promise<{ times: Record<string, number>; cold: number; memMB: number }> {
  const client = new LspClient([], script);
  await client.initialize({ rangeLimit: 5000 });
  await sleep(100);
  const times: Record<string, number> = {};
  let cold = NaN;
  for (const method of methods) {
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) samples.push(await openAndAsk(client, `file:///bench/${name}-${method}-${i}`, text, method));
    // the first open of a fresh server runs before the JIT has compiled anything
    if (Number.isNaN(cold)) cold = samples[0];
    times[method] = median(samples);
  }
  await client.shutdown();
  // memory: a fresh process, peak resident memory (VmHWM) after opening one document and answering
  // folding and symbols, minus its peak after initialize (peaks do not depend on when GC runs)
  const fresh = new LspClient([], script);
  await fresh.initialize({ rangeLimit: 5000 });
  await sleep(100);
  const before = peakMB(fresh.pid);
  const uri = `file:///bench/${name}-mem`;
  await fresh.open(uri, text);
  await fresh.request('textDocument/foldingRange', { textDocument: { uri } });
  await fresh.request('textDocument/documentSymbol', { textDocument: { uri } });
  const memMB = peakMB(fresh.pid) - before;
  await fresh.shutdown();
  return { times, cold, memMB };
}

type Interactive = Pick<Row, 'hoverP50' | 'hoverP99' | 'hoverEarlyP50' | 'hoverEarlyP99' | 'highlightP50' | 'highlightP99' | 'navP50' | 'navP99' | 'append'>;

async function interactive(text: string, name: string): Promise<Interactive> {
  const client = new LspClient();
  const init = await client.initialize({ rangeLimit: 5000 });
  const uri = `file:///bench/${name}-interactive`;
  const prepared = client.waitForDiagnostics(uri, () => true, 120_000);
  await client.open(uri, text);
  await client.request('textDocument/foldingRange', { textDocument: { uri } });
  const lines = text.split('\n');
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const positions = Array.from({ length: 400 }, () => {
    const line = 5 + rand(lines.length - 7);
    return { line, character: rand(Math.max(1, lines[line].length)) };
  });
  // Hovers right after the folding answer, while the server still reads the record details and
  // summarises the sessions in the background; then everything else once it has published the
  // diagnostics (the log is ready).
  const hovers = async (): Promise<number[]> => {
    const times: number[] = [];
    for (const position of positions) {
      const t0 = performance.now();
      await client.request('textDocument/hover', { textDocument: { uri }, position });
      times.push(performance.now() - t0);
    }
    return times;
  };
  const early = await hovers();
  await prepared;
  const hover = await hovers();
  const result: Interactive = {
    hoverP50: percentile(hover, 50), hoverP99: percentile(hover, 99),
    hoverEarlyP50: percentile(early, 50), hoverEarlyP99: percentile(early, 99), append: 0,
  };
  if (init.capabilities.documentHighlightProvider) {
    const hl: number[] = [];
    for (const position of positions) {
      const t0 = performance.now();
      await client.request('textDocument/documentHighlight', { textDocument: { uri }, position });
      hl.push(performance.now() - t0);
    }
    result.highlightP50 = percentile(hl, 50);
    result.highlightP99 = percentile(hl, 99);
  }
  const nav: number[] = [];
  for (const [i, position] of positions.entries()) {
    const t0 = performance.now();
    await client.request(NavigationRequest.method, { textDocument: { uri }, position, target: NAV_TARGETS[i % NAV_TARGETS.length] });
    nav.push(performance.now() - t0);
  }
  result.navP50 = percentile(nav, 50);
  result.navP99 = percentile(nav, 99);
  // Append 1,000 lines at the end (as Exchange does), then ask for folding.
  const extra = generateLog('smtpReceive', 200_000, 99).split('\r\n').slice(5, 1005).join('\r\n') + '\r\n';
  const appendTimes: number[] = [];
  let version = 1;
  let lineCount = lines.length - 1;
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await client.change(uri, ++version, [{ range: { start: { line: lineCount, character: 0 }, end: { line: lineCount, character: 0 } }, text: extra }]);
    await client.request('textDocument/foldingRange', { textDocument: { uri } });
    appendTimes.push(performance.now() - t0);
    lineCount += 1000;
  }
  result.append = median(appendTimes);
  await client.shutdown();
  return result;
}

async function benchFile(kind: GeneratedKind, sizeMB: number, withGrammar: boolean): Promise<Row> {
  const text = generateLog(kind, sizeMB * MB, 1);
  const file = path.join(os.tmpdir(), `exlog-bench-${kind}-${sizeMB}.log`);
  fs.writeFileSync(file, text);
  const readSplit = timed(() => {
    const t0 = performance.now();
    fs.readFileSync(file, 'utf8').split(/\r?\n/);
    return performance.now() - t0;
  });
  const model = timed(() => {
    const t0 = performance.now();
    parseLog(text);
    return performance.now() - t0;
  });
  const allLines = text.split('\r\n');
  const prefix = allLines.slice(0, allLines.length - 1001).join('\r\n') + '\r\n';
  const extend = timed(() => {
    const m = parseLog(prefix);
    const t0 = performance.now();
    extendLog(m, text, 2);
    return performance.now() - t0;
  });
  const ls = getLanguageService();
  const overview = timed(() => {
    const m = parseLog(text);
    const t0 = performance.now();
    ls.getOverview(m);
    return performance.now() - t0;
  });
  const noop = path.join(repoRoot(), 'out', 'test', 'bench', 'noopServer.js');
  const floor = await measureServer(noop, text, `${kind}${sizeMB}`, ['textDocument/foldingRange']);
  const ours = await measureServer(undefined, text, `${kind}${sizeMB}`, ['textDocument/foldingRange', 'textDocument/documentSymbol']);
  const inter = await interactive(text, `${kind}${sizeMB}`);
  const g = withGrammar ? await grammarCost(text, RUNS) : undefined;
  fs.unlinkSync(file);
  return {
    file: `${kind} (generated)`, sizeMB, lines: text.split('\n').length, readSplit, model,
    floor: floor.times['textDocument/foldingRange'],
    folding: ours.times['textDocument/foldingRange'],
    coldFolding: ours.cold, coldFloor: floor.cold,
    symbols: ours.times['textDocument/documentSymbol'],
    ...inter, extend, overview,
    memFloorMB: floor.memMB, memOursMB: ours.memMB,
    grammar: g?.ours, grammarPlain: g?.plain, grammarOnePattern: g?.onePattern,
  };
}

/**
 * Parsing time against input size on hostile text (quotes left open, runs of empty fields, a line of
 * only quotes, lone CRs): 2,000 and 20,000 copies of one unit, best of 5 each. Linear parsing costs
 * about 10x for 10x the input; quadratic behaviour would cost about 100x.
 */
const HOSTILE_SCALING_BOUND = 25;

function hostileScaling(): { small: number; large: number; ratio: number } {
  const unit = '2024-01-01T00:00:00.000Z,C,"AAAA000000000001,0,a,b,<,"x"",y,\r\n' + ',,,,"'.repeat(20) + '\n' + '"'.repeat(50) + '\r';
  const time = (n: number) => {
    const text = unit.repeat(n);
    let best = Infinity;
    for (let i = 0; i < 5; i++) {
      const t0 = performance.now();
      parseLog(text);
      best = Math.min(best, performance.now() - t0);
    }
    return best;
  };
  time(200);
  const small = time(2000);
  const large = time(20000);
  return { small, large, ratio: large / small };
}

function fmt(n: number | undefined, digits = 1): string {
  return n === undefined || Number.isNaN(n) ? '–' : n.toFixed(digits);
}

function table(rows: Row[]): string {
  const out: string[] = [];
  out.push('| file | MB | lines | read+split ms | model ms (×) | floor ms (×) | open→folding ms (× floor) | open→symbols ms (× floor) | first open→folding, fresh server ms: ours / floor (×) | hover p50/p99 ms (right after opening) | highlight p50/p99 ms | navigate p50/p99 ms | append 1k lines: model ms / to folding ms | overview ms | peak memory growth MB: ours / floor (× file beyond floor) | grammar ms: ours / no-pattern (×) / one-pattern (×) |');
  out.push('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const memRatio = (r.memOursMB - r.memFloorMB) / r.sizeMB;
    out.push(`| ${r.file} | ${r.sizeMB} | ${r.lines} | ${fmt(r.readSplit)} | ${fmt(r.model)} (${fmt(r.model / r.readSplit, 2)}) | ${fmt(r.floor)} (${fmt(r.floor / r.readSplit, 2)}) | ${fmt(r.folding)} (${fmt(r.folding / r.floor, 2)}) | ${fmt(r.symbols)} (${fmt(r.symbols / r.floor, 2)}) | ${fmt(r.coldFolding, 0)} / ${fmt(r.coldFloor, 0)} (${fmt(r.coldFolding / r.coldFloor, 2)}) | ${fmt(r.hoverP50, 2)} / ${fmt(r.hoverP99, 2)} (${fmt(r.hoverEarlyP50, 2)} / ${fmt(r.hoverEarlyP99, 1)}) | ${fmt(r.highlightP50, 2)} / ${fmt(r.highlightP99, 2)} | ${fmt(r.navP50, 2)} / ${fmt(r.navP99, 2)} | ${fmt(r.extend, 2)} / ${fmt(r.append)} | ${fmt(r.overview, 0)} | ${fmt(r.memOursMB)} / ${fmt(r.memFloorMB)} (${fmt(memRatio, 2)}) | ${r.grammar === undefined ? '–' : `${fmt(r.grammar, 0)} / ${fmt(r.grammarPlain, 0)} (${fmt(r.grammar / r.grammarPlain!, 1)}) / ${fmt(r.grammarOnePattern, 0)} (${fmt(r.grammar / r.grammarOnePattern!, 2)})`} |`);
  }
  return out.join('\n');
}

async function main(): Promise<void> {
  const only = process.argv.find((a) => a.startsWith('--files='));
  const plan: [GeneratedKind, number, boolean][] = only
    ? only.slice(8).split(',').map((x) => { const [k, mb] = x.split(':'); return [k as GeneratedKind, +mb, true]; })
    : quick
    ? [['smtpReceive', 1, true]]
    : [['smtpReceive', 1, false], ['smtpReceive', 10, true], ['smtpReceive', 50, false], ['smtpSend', 10, false], ['imap4', 10, false], ['connectivity', 10, false], ['messageTracking', 10, false]];
  const rows: Row[] = [];
  for (const [kind, size, g] of plan) {
    process.stderr.write(`bench ${kind} ${size} MB…\n`);
    rows.push(await benchFile(kind, size, g));
  }
  const md = table(rows);
  console.log(md);
  const h = hostileScaling();
  console.log(`\nHostile input 10x larger: ${fmt(h.small)} ms → ${fmt(h.large)} ms, ${fmt(h.ratio)}x the time (linear ≈ 10x; ${h.ratio < HOSTILE_SCALING_BOUND ? 'within' : 'OVER'} the ${HOSTILE_SCALING_BOUND}x bound).`);
  if (write) {
    const doc = path.join(repoRoot(), 'docs', 'performance.md');
    const intro = fs.existsSync(doc) ? fs.readFileSync(doc, 'utf8').split('<!-- bench -->')[0] : '';
    fs.mkdirSync(path.dirname(doc), { recursive: true });
    fs.writeFileSync(doc, `${intro}<!-- bench -->\n${md}\n\nMachine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}.\n`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
