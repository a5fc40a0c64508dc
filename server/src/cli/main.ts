/**
 * `exchange-log`: the command-line entry over the same code as the language server. Every command
 * first indexes (or refreshes from the cache) the paths it is given, then answers:
 *   exchange-log index <path…> [--format table|json]
 * and the commands listed in COMMANDS, each in its own file. Common options: --cache-dir DIR | --no-cache,
 * --threads N, --quiet. Exit codes: 0 done, 1 nothing found, 2 bad usage (one line on stderr, never a
 * stack trace).
 */
import * as os from 'os';
import * as path from 'path';
import { configureL10n, t } from '../core/l10n';
import { CollectionIndex } from '../core/collection/collection';
import { Indexer, IndexProgress } from '../collection/indexer';
import { loadBundle } from '../l10nLoader';
import { CliArgs, CliCommand, COMMON_USAGE, UsageError, parseArgs } from './command';
import { indexCommand } from './indexCommand';
import { reportCommand } from './reportCommand';
import { sessionsCommand } from './sessionsCommand';
import { traceCommand } from './traceCommand';

const COMMANDS: readonly CliCommand[] = [indexCommand, sessionsCommand, reportCommand, traceCommand];

function usage(): string {
  return 'usage:\n' + COMMANDS.map((c) => `  exchange-log ${c.usage}`).join('\n') + `\ncommon options: ${COMMON_USAGE}`;
}

/** Where the CLI keeps its cache by default: the user's cache folder. */
function defaultCacheDir(): string {
  if (process.platform === 'win32') return path.join(process.env.LOCALAPPDATA ?? path.join(os.homedir(), 'AppData', 'Local'), 'exchange-log', 'cache');
  return path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'exchange-log');
}

function mb(bytes: number): string {
  return (bytes / 1048576).toFixed(1);
}

export async function main(argv: readonly string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    out.write(usage() + '\n');
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  // before the arguments are checked: a command's check (a query's mistakes) speaks the user's language
  const locale = Intl.DateTimeFormat().resolvedOptions().locale ?? 'en';
  const bundle = loadBundle(locale, path.join(__dirname, 'l10n'));
  configureL10n(locale, bundle);
  let args: CliArgs;
  try {
    const commands = `commands: ${COMMANDS.map((c) => c.name).join(', ')} (exchange-log --help)`;
    if (!name) throw new UsageError(`no command given; ${commands}`);
    if (!command) throw new UsageError(`unknown command '${name}'; ${commands}`);
    args = parseArgs(command, rest);
  } catch (e) {
    err.write(`exchange-log: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const collection = new CollectionIndex();
  const indexer = new Indexer(collection, { cacheDir: args.noCache ? undefined : path.resolve(args.cacheDir ?? defaultCacheDir()), threads: args.threads, locale, bundle });
  const interactive = !args.quiet && (err as NodeJS.WriteStream).isTTY === true;
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
    const run = await indexer.index(args.paths.map((p) => path.resolve(p)), progress, () => cancelled);
    if (interactive) err.write('\n');
    for (const w of run.warnings) err.write(`exchange-log: ${w}\n`);
    return await command.run({ args, collection, run, out, err });
  } catch (e) {
    if (e instanceof UsageError) {
      err.write(`exchange-log: ${e.message}\n`);
      return 2;
    }
    err.write(`exchange-log: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSignal);
    await indexer.dispose();
  }
}

if (require.main === module) {
  // `exchange-log … | head`: the reader has gone; stop quietly instead of failing on the next write
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
