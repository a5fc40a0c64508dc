/**
 * What every `exchange-log` command shares: the options common to all (paths, cache, format, threads),
 * how a command declares its own, and the context it runs in. Each command lives in its own file
 * (`indexCommand.ts`, …) and is listed in `main.ts`.
 */
import type { CollectionIndex } from '../core/collection/collection';
import type { IndexRun } from '../collection/indexer';

export class UsageError extends Error {}

export type OutputFormat = 'table' | 'csv' | 'json';

export interface CliCommand {
  name: string;
  /** One line: `exchange-log report <name> <path…> [--where QUERY] …` (the common options are added). */
  usage: string;
  /** Words before the paths (`report <name>`): how many. */
  leading?: number;
  /** Options of this command: `--where` takes a value, `--quiet` is a flag. */
  options?: Record<string, 'value' | 'flag'>;
  /** The formats it can print, the first one the default. */
  formats: readonly OutputFormat[];
  /** Checks the parsed arguments before any file is read (throw UsageError). */
  check?(args: CliArgs): void;
  /** Runs once the paths are indexed; returns the exit code. */
  run(context: CliContext): number | Promise<number>;
}

export interface CliArgs {
  leading: string[];
  paths: string[];
  cacheDir?: string;
  noCache: boolean;
  format: OutputFormat;
  threads?: number;
  quiet: boolean;
  /** The command's own options by name without dashes (`where`), flags as 'true'. */
  options: Record<string, string>;
}

export interface CliContext {
  args: CliArgs;
  collection: CollectionIndex;
  run: IndexRun;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
}

const COMMON: Record<string, 'value' | 'flag'> = { 'cache-dir': 'value', 'no-cache': 'flag', format: 'value', threads: 'value', quiet: 'flag' };

export const COMMON_USAGE = '[--cache-dir DIR | --no-cache] [--threads N] [--quiet]';

export function parseArgs(command: CliCommand, argv: readonly string[]): CliArgs {
  const usage = `usage: exchange-log ${command.usage} ${COMMON_USAGE}`;
  const a: CliArgs = { leading: [], paths: [], noCache: false, format: command.formats[0], quiet: false, options: {} };
  const own = command.options ?? {};
  let format: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-q') {
      a.quiet = true;
      continue;
    }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const name = arg.slice(2, eq > 0 ? eq : undefined);
      const kind = own[name] ?? COMMON[name];
      if (!kind) throw new UsageError(`unknown option '--${name}'. ${usage}`);
      let value = 'true';
      if (kind === 'value') {
        if (eq > 0) value = arg.slice(eq + 1);
        else {
          const v = argv[++i];
          if (v === undefined || (v.startsWith('--') && v.length > 2)) throw new UsageError(`--${name} needs a value. ${usage}`);
          value = v;
        }
      } else if (eq > 0) throw new UsageError(`--${name} takes no value. ${usage}`);
      if (name in own) a.options[name] = value;
      else if (name === 'cache-dir') a.cacheDir = value;
      else if (name === 'no-cache') a.noCache = true;
      else if (name === 'format') {
        if (format !== undefined && format !== value) throw new UsageError(`--format given twice ('${format}' and '${value}')`);
        format = value;
      }
      else if (name === 'quiet') a.quiet = true;
      else if (name === 'threads') {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 1 || n > 64) throw new UsageError('--threads must be a whole number from 1 to 64');
        a.threads = n;
      }
      continue;
    }
    if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option '${arg}'. ${usage}`);
    if (a.leading.length < (command.leading ?? 0)) a.leading.push(arg);
    else a.paths.push(arg);
  }
  if (format !== undefined) {
    if (!(command.formats as readonly string[]).includes(format)) throw new UsageError(`--format must be ${command.formats.join(' or ')}, not '${format}'`);
    a.format = format as OutputFormat;
  }
  if (a.leading.length < (command.leading ?? 0) || a.paths.length === 0) throw new UsageError(`no path given. ${usage}`);
  if (a.noCache && a.cacheDir) throw new UsageError('--cache-dir and --no-cache exclude each other');
  command.check?.(a);
  return a;
}
