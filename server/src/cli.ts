/**
 * `exchange-log`: the command-line entry over the same code as the language server.
 *   exchange-log index <path…> [--cache-dir DIR | --no-cache] [--format table|json] [--threads N]
 * Exit codes: 0 done, 1 nothing found, 2 bad usage (one line on stderr, never a stack trace).
 */
import * as os from 'os';
import * as path from 'path';
import { configureL10n, t } from './core/l10n';
import { CollectionIndex, CollectionTotals } from './core/collection/collection';
import { Indexer, IndexProgress, IndexRun } from './collection/indexer';
import { loadBundle } from './l10nLoader';

const USAGE = 'usage: exchange-log index <path…> [--cache-dir DIR | --no-cache] [--format table|json] [--threads N]';

class UsageError extends Error {}

interface Options {
  command: string;
  paths: string[];
  cacheDir?: string;
  noCache: boolean;
  format: 'table' | 'json';
  threads?: number;
  quiet: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === '-h') throw new UsageError(USAGE);
  if (command !== 'index') throw new UsageError(`unknown command '${command}'. ${USAGE}`);
  const o: Options = { command, paths: [], noCache: false, format: 'table', quiet: false };
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    const value = () => {
      const v = rest[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${a} needs a value. ${USAGE}`);
      return v;
    };
    if (a === '--cache-dir') o.cacheDir = value();
    else if (a === '--no-cache') o.noCache = true;
    else if (a === '--format') {
      const f = value();
      if (f !== 'table' && f !== 'json') throw new UsageError(`--format must be table or json, not '${f}'`);
      o.format = f;
    } else if (a === '--threads') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError('--threads must be a whole number from 1 to 64');
      o.threads = n;
    } else if (a === '--quiet' || a === '-q') o.quiet = true;
    else if (a.startsWith('-') && a !== '-') throw new UsageError(`unknown option '${a}'. ${USAGE}`);
    else o.paths.push(a);
  }
  if (o.paths.length === 0) throw new UsageError(`no path given. ${USAGE}`);
  if (o.noCache && o.cacheDir) throw new UsageError('--cache-dir and --no-cache exclude each other');
  return o;
}

/** Where the CLI keeps its cache by default: the user's cache folder. */
function defaultCacheDir(): string {
  if (process.platform === 'win32') return path.join(process.env.LOCALAPPDATA ?? path.join(os.homedir(), 'AppData', 'Local'), 'exchange-log', 'cache');
  return path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'exchange-log');
}

function iso(ms: number): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : '';
}

function mb(bytes: number): string {
  return (bytes / 1048576).toFixed(1);
}

function summaryRecord(totals: CollectionTotals, run: IndexRun) {
  return {
    type: 'summary',
    files: totals.files,
    bytes: totals.bytes,
    sessions: totals.sessions,
    messages: totals.messages,
    events: totals.events,
    servers: totals.servers,
    firstTime: iso(totals.firstTime) || null,
    lastTime: iso(totals.lastTime) || null,
    seconds: Math.round(run.elapsedMs) / 1000,
    read: run.read,
    appended: run.appended,
    cached: run.cached,
    bytesRead: run.bytesRead,
    warnings: run.warnings.length,
    cancelled: run.cancelled,
  };
}

export async function main(argv: readonly string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  let o: Options;
  try {
    o = parseArgs(argv);
  } catch (e) {
    err.write(`exchange-log: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const locale = Intl.DateTimeFormat().resolvedOptions().locale ?? 'en';
  configureL10n(locale, loadBundle(locale, path.join(__dirname, 'l10n')));
  const collection = new CollectionIndex();
  const indexer = new Indexer(collection, { cacheDir: o.noCache ? undefined : path.resolve(o.cacheDir ?? defaultCacheDir()), threads: o.threads, locale, bundle: loadBundle(locale, path.join(__dirname, 'l10n')) });
  const interactive = !o.quiet && (err as NodeJS.WriteStream).isTTY === true;
  const progress = (p: IndexProgress) => {
    if (!interactive) return;
    const rate = p.elapsedMs > 0 ? p.bytes / 1048576 / (p.elapsedMs / 1000) : 0;
    err.write(`\r${t('{0} of {1} files, {2} of {3} MB, {4} MB/s', String(p.files), String(p.totalFiles), mb(p.bytes), mb(p.totalBytes), rate.toFixed(0))}   `);
  };
  let cancelled = false;
  const onSignal = () => {
    cancelled = true;
  };
  process.once('SIGINT', onSignal);
  try {
    const run = await indexer.index(o.paths.map((p) => path.resolve(p)), progress, () => cancelled);
    if (interactive) err.write('\n');
    for (const w of run.warnings) err.write(`exchange-log: ${w}\n`);
    const totals = collection.totals();
    const summary = summaryRecord(totals, run);
    if (o.format === 'json') {
      for (const [i, file] of collection.files()) {
        const f = collection.factsOf(i);
        out.write(JSON.stringify({ type: 'file', path: file.path, server: f.server || null, service: f.service ?? null, kind: f.kind, day: f.day || null, size: file.size, sessions: f.sessions, events: f.events, firstTime: iso(f.firstTime) || null, lastTime: iso(f.lastTime) || null, warning: file.warning ?? null }) + '\n');
      }
      out.write(JSON.stringify(summary) + '\n');
    } else {
      const rows: [string, string][] = [
        [t('Files'), `${summary.files} (${t('{0} read, {1} appended, {2} from the cache', String(run.read), String(run.appended), String(run.cached))})`],
        [t('Bytes'), `${summary.bytes} (${mb(summary.bytes)} MB)`],
        [t('Sessions'), String(summary.sessions)],
        [t('Messages'), String(summary.messages)],
        [t('Tracking events'), String(summary.events)],
        [t('Servers'), summary.servers.join(', ') || '-'],
        [t('Time span'), summary.firstTime ? `${summary.firstTime} – ${summary.lastTime}` : '-'],
        [t('Seconds'), summary.seconds.toFixed(2)],
      ];
      const width = Math.max(...rows.map((r) => r[0].length));
      for (const [k, v] of rows) out.write(`${k.padEnd(width)}  ${v}\n`);
    }
    if (run.cancelled) return 1;
    return totals.files === 0 ? 1 : 0;
  } catch (e) {
    err.write(`exchange-log: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    await indexer.dispose();
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
