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
 * The real public samples live beside the repository in ../shared/samples (they are not copied
 * into it). EXCHANGE_LOG_SAMPLES can point elsewhere.
 */
export function samplesDir(): string {
  const dir = process.env.EXCHANGE_LOG_SAMPLES ?? path.join(repoRoot(), '..', 'shared', 'samples');
  if (!fs.existsSync(dir)) throw new Error(`sample logs not found at ${dir}: set EXCHANGE_LOG_SAMPLES`);
  return dir;
}

export interface SampleFile {
  /** e.g. `smtp-receive/qazeer-artefacts-RECV2023011116-1.log` */
  name: string;
  folder: string;
  file: string;
  text: string;
}

export function sampleFiles(): SampleFile[] {
  const root = samplesDir();
  const out: SampleFile[] = [];
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

export function readSample(name: string): string {
  return fs.readFileSync(path.join(samplesDir(), name), 'utf8');
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
