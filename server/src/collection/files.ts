/**
 * Finding a collection's log files on disk: every folder below the roots, recursively, without following
 * links to folders (a link loop cannot trap the walk), files taken by their Exchange names or, for other
 * `.log` and `.txt` files, by their first bytes. Each file that cannot be read is named in one warning.
 */
import * as fs from 'fs';
import * as path from 'path';
import { t } from '../core/l10n';
import { kindFromFileName } from '../core/model/fileNames';
import { sniffLog } from '../core/model/sniff';

export interface FoundFile {
  path: string;
  size: number;
  mtime: number;
}

export interface WalkResult {
  files: FoundFile[];
  warnings: string[];
}

/** Files of a folder looked at (stat, sniff) at the same time. */
const STAT_AT_ONCE = 32;

/** Bytes read from a file not named like an Exchange log to decide whether it is one. */
const SNIFF_BYTES = 4096;

export interface WalkOptions {
  /** Stop early (cancellation). */
  cancelled?: () => boolean;
  /** At most this many files are taken (a warning says when more were found). */
  maxFiles?: number;
}

/** Every Exchange log below `roots` (a root may also be a file). */
export async function findLogFiles(roots: readonly string[], options: WalkOptions = {}): Promise<WalkResult> {
  const files: FoundFile[] = [];
  const warnings: string[] = [];
  const seen = new Set<string>();
  const max = options.maxFiles ?? 200_000;
  /** Set when a file beyond `max` is found: said once, and the walk stops there. */
  let full = false;
  const keyOf = (file: string) => (process.platform === 'win32' ? file.toLowerCase() : file);
  /** The file's size and time when it is an Exchange log (by its name, else by its first bytes); a warning when it cannot be read. */
  const look = async (file: string, named: boolean): Promise<FoundFile | string | undefined> => {
    if (seen.has(keyOf(file))) return undefined;
    let st: fs.Stats;
    try {
      st = await fs.promises.stat(file);
    } catch (e) {
      return t('{0}: cannot be read ({1}); skipped.', file, errorText(e));
    }
    if (!st.isFile()) return undefined;
    if (!named && !(await sniff(file))) return undefined;
    return { path: file, size: st.size, mtime: st.mtimeMs };
  };
  /** Takes what `look` found, in the order of the folder: up to `max` files. */
  const take = (found: FoundFile | string | undefined) => {
    if (full || found === undefined) return;
    if (typeof found === 'string') {
      warnings.push(found);
      return;
    }
    if (files.length >= max) {
      full = true;
      warnings.push(t('More than {0} log files: the rest are not indexed.', String(max)));
      return;
    }
    seen.add(keyOf(found.path));
    files.push(found);
  };
  const stack = [...roots].reverse();
  while (stack.length > 0 && !full) {
    if (options.cancelled?.()) break;
    const dir = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(dir, { withFileTypes: true });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR') take(await look(dir, isExchangeLogName(path.basename(dir))));
      else warnings.push(t('{0}: cannot be read ({1}); skipped.', dir, errorText(e)));
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
    const candidates: [string, boolean][] = [];
    for (const e of entries) {
      const entry = path.join(dir, e.name);
      if (e.isDirectory()) stack.push(entry);
      else if (e.isFile() || e.isSymbolicLink()) {
        const named = isExchangeLogName(e.name);
        if (named || /\.(?:log|txt)$/i.test(e.name)) candidates.push([entry, named]);
      }
    }
    // the files of a folder are looked at STAT_AT_ONCE at a time (one at a time, each waited for a
    // thread of the pool in turn: 1,416 files took 84-155 ms so, 37-101 ms 32 at a time), and taken
    // in the folder's order
    for (let i = 0; i < candidates.length && !full; i += STAT_AT_ONCE) {
      for (const found of await Promise.all(candidates.slice(i, i + STAT_AT_ONCE).map(([entry, named]) => look(entry, named)))) take(found);
    }
  }
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { files, warnings };
}

async function sniff(file: string): Promise<boolean> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(file, 'r');
    const buf = Buffer.alloc(SNIFF_BYTES);
    const { bytesRead } = await handle.read(buf, 0, SNIFF_BYTES, 0);
    const head = buf.subarray(0, bytesRead);
    if (head.includes(0)) return false;
    return sniffLog(head.toString('utf8')).kind !== undefined;
  } catch {
    return false;
  } finally {
    await handle?.close();
  }
}

/** A name Exchange gives its text logs (`RECV2024030510-1.LOG`, `MSGTRKMS…`, `IMAP4BE…`, `ex240305.log`). */
function isExchangeLogName(name: string): boolean {
  return kindFromFileName(name) !== undefined;
}

export function errorText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err?.code ?? (err instanceof Error ? err.message : String(e));
}
