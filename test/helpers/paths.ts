import * as fs from 'fs';
import * as path from 'path';

/** The repository root (the folder with our package.json). */
export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === 'exchange-log-explorer') return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('repository root not found');
    dir = up;
  }
}

/**
 * The public samples live beside the repository in ../shared/samples (they are not copied into it);
 * EXCHANGE_LOG_SAMPLES can point elsewhere. Undefined when that folder is absent: the samples are an
 * extra layer of tests (test/helpers/layers.ts), our own logs in test/fixtures/logs are always there.
 */
export function samplesDir(): string | undefined {
  const dir = samplesLocation();
  return fs.existsSync(dir) ? dir : undefined;
}

/** Where the public samples are looked for. */
export function samplesLocation(): string {
  return process.env.EXCHANGE_LOG_SAMPLES ?? path.join(repoRoot(), '..', 'shared', 'samples');
}

/** A log file of a folder of logs grouped by kind: `smtp-receive/RECV2024031409-1.LOG`. */
export interface LogFile {
  /** e.g. `smtp-receive/qazeer-artefacts-RECV2023011116-1.log` */
  name: string;
  folder: string;
  file: string;
  text: string;
}

/** The files of the kind folders below `root` (files beside the folders, such as a README, are not logs). */
function logsIn(root: string): LogFile[] {
  const out: LogFile[] = [];
  for (const folder of fs.readdirSync(root).sort()) {
    const dir = path.join(root, folder);
    if (!fs.statSync(dir).isDirectory()) continue;
    for (const f of fs.readdirSync(dir).sort()) {
      const file = path.join(dir, f);
      out.push({ name: `${folder}/${f}`, folder, file, text: fs.readFileSync(file, 'utf8') });
    }
  }
  return out;
}

/** The samples folder, for what runs only when the samples are present (it throws when they are absent). */
export function requireSamplesDir(): string {
  const dir = samplesDir();
  if (!dir) throw new Error(`sample logs not found at ${samplesLocation()}: set EXCHANGE_LOG_SAMPLES`);
  return dir;
}

/** Every public sample; only for the samples layer, which runs when they are present. */
export function sampleFiles(): LogFile[] {
  return logsIn(requireSamplesDir());
}

export function readSample(name: string): string {
  return fs.readFileSync(path.join(requireSamplesDir(), name), 'utf8');
}

/** Our own logs of every kind, in test/fixtures/logs (described in its README.md). */
export function fixtureLogs(): LogFile[] {
  return logsIn(path.join(repoRoot(), 'test', 'fixtures', 'logs'));
}

/** One of our own logs: `fixtureLog('smtp-receive/RECV2024031409-1.LOG')`. */
export function fixtureLog(name: string): string {
  return fixture(`logs/${name}`);
}

export function fixture(name: string): string {
  return fs.readFileSync(path.join(repoRoot(), 'test', 'fixtures', name), 'utf8');
}

/** Every `.ts` file below a folder. */
export function listTsFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listTsFiles(p));
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}
