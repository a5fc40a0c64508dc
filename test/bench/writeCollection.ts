/**
 * Writes a generated multi-server collection (`generateCollection`) to a folder, one file at a time,
 * and prints what it wrote, how long it took and the peak memory:
 *
 *   node out/test/bench/writeCollection.js <dir> [--bytes 1G | --hours 24] [--servers 4 | --servers EX01,EX02]
 *     [--seed 1] [--messages-per-hour 1500] [--file-limit 10M] [--missing EX02/TransportRoles/Logs/Hub,…] [--no-imap]
 *     [--start 2024-03-04T00:00:00Z]
 */
import * as fs from 'fs';
import * as path from 'path';
import { CollectionOptions, CollectionSummary, generateCollection } from '../helpers/generateCollection';

export interface WriteResult {
  summary: CollectionSummary;
  seconds: number;
  /** Highest resident set size and V8 heap seen after each file, in MB. */
  peakRssMB: number;
  peakHeapMB: number;
}

/** `1G`, `500M`, `64k`, `1048576` → bytes (binary units). */
export function parseSize(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)i?b?$/i.exec(text.trim());
  if (!m) throw new Error(`not a size: ${text}`);
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  return Math.round(Number(m[1]) * unit);
}

export function writeCollection(dir: string, options: CollectionOptions): WriteResult {
  const started = process.hrtime.bigint();
  const folders = new Set<string>();
  let peakRss = 0;
  let peakHeap = 0;
  const collection = generateCollection(options);
  for (const file of collection) {
    const target = path.join(dir, ...file.path.split('/'));
    const folder = path.dirname(target);
    if (!folders.has(folder)) {
      fs.mkdirSync(folder, { recursive: true });
      folders.add(folder);
    }
    fs.writeFileSync(target, file.data);
    const mem = process.memoryUsage();
    peakRss = Math.max(peakRss, mem.rss);
    peakHeap = Math.max(peakHeap, mem.heapUsed);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { summary: collection.summary, seconds, peakRssMB: peakRss / 1024 ** 2, peakHeapMB: peakHeap / 1024 ** 2 };
}

function parseArgs(argv: string[]): { dir: string; options: CollectionOptions } {
  const options: CollectionOptions = {};
  let dir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    const count = (v: string) => {
      const n = Number(v);
      if (!Number.isFinite(n) || n <= 0) throw new Error(`${a}: not a positive number: ${v}`);
      return n;
    };
    switch (a) {
      case '--bytes': options.targetBytes = parseSize(value()); break;
      case '--hours': options.hours = count(value()); break;
      case '--servers': {
        const v = value();
        options.servers = /^\d+$/.test(v) ? count(v) : v.split(',').map((s) => s.trim()).filter(Boolean);
        break;
      }
      case '--seed': options.seed = count(value()); break;
      case '--messages-per-hour': options.messagesPerHour = count(value()); break;
      case '--file-limit': options.fileLimitBytes = parseSize(value()); break;
      case '--missing': options.missing = value().split(',').map((s) => s.trim()).filter(Boolean); break;
      case '--no-imap': options.imap = false; break;
      case '--start': {
        const t = Date.parse(value());
        if (Number.isNaN(t)) throw new Error(`--start: not a time: ${argv[i]}`);
        options.start = t;
        break;
      }
      default:
        if (a.startsWith('--') || dir !== undefined) throw new Error(`unexpected argument: ${a}`);
        dir = a;
    }
  }
  if (dir === undefined) throw new Error('usage: writeCollection <dir> [--bytes 1G | --hours N] [--servers N|A,B] [--seed N] [--messages-per-hour N] [--file-limit 10M] [--missing folder,…] [--no-imap] [--start ISO]');
  return { dir, options };
}

if (require.main === module) {
  let args: { dir: string; options: CollectionOptions };
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(2);
  }
  const r = writeCollection(args.dir, args.options);
  const s = r.summary;
  const mb = s.bytes / 1024 ** 2;
  process.stdout.write(
    `${args.dir}: ${s.files} files, ${mb.toFixed(1)} MB, ${s.records} records, ${s.sessions} sessions, ${s.trackingEvents} tracking events, ` +
    `${s.messages} messages, servers ${s.servers.join(',')}, ${new Date(s.first).toISOString()} – ${new Date(s.last).toISOString()}\n` +
    `${r.seconds.toFixed(1)} s (${(mb / r.seconds).toFixed(1)} MB/s), peak RSS ${r.peakRssMB.toFixed(0)} MB, peak heap ${r.peakHeapMB.toFixed(0)} MB\n`,
  );
}
