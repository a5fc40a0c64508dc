/** Running the built command-line tool (`dist/cli.js`) from the CLI tests. */
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { repoRoot } from './paths';

export const CLI = path.join(repoRoot(), 'dist', 'cli.js');

/** Runs `exchange-log` with `args` in the locale `lang`; its exit code, stdout and stderr. */
export function runCli(args: readonly string[], lang = 'en_US.UTF-8'): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, LANG: lang, LC_ALL: lang } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Runs `exchange-log` with `args` in English. */
export const cli = (...args: string[]) => runCli(args);

/** The objects of JSON Lines output (none for empty output). */
export function jsonLines(out: string): Record<string, unknown>[] {
  return out.trim() === '' ? [] : out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}
