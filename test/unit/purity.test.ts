/** The core is pure: no vscode, no LSP connection, no file system, no Node built-ins. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { listTsFiles, repoRoot } from '../helpers/paths';

const ALLOWED = new Set(['vscode-languageserver-types', 'vscode-languageserver-textdocument', 'csv-parse', 'csv-parse/sync', '@vscode/l10n']);


/** Every module specifier in import/export/require/import() forms. */
export function importsOf(source: string): string[] {
  const specs: string[] = [];
  const re = /(?:\bimport\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?|\bexport\s+(?:type\s+)?[^'";]*?\s+from\s+|\brequire\s*\(\s*|\bimport\s*\(\s*)['"]([^'"]+)['"]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(source))) specs.push(m[1]);
  return specs;
}

/**
 * Shared data types in protocol/src/*Types.ts are allowed in the core when they import nothing but
 * other such files, as types only.
 */
function isSharedTypes(target: string, protocolDir: string, seen = new Set<string>()): boolean {
  if (seen.has(target)) return true;
  seen.add(target);
  if (!target.startsWith(protocolDir + path.sep) || !/Types$/.test(target)) return false;
  const source = fs.readFileSync(target + '.ts', 'utf8');
  const specs = importsOf(source);
  const typeOnly = specs.length === (source.match(/\b(?:import|export)\s+type\b[^'";]*?\bfrom\s+['"]/g) ?? []).length;
  return typeOnly && specs.every((s) => s.startsWith('./') && isSharedTypes(path.resolve(path.dirname(target), s), protocolDir, seen));
}

test('server/src/core imports only pure modules', () => {
  const core = path.join(repoRoot(), 'server', 'src', 'core');
  const protocolDir = path.join(repoRoot(), 'protocol', 'src');
  const files = listTsFiles(core);
  assert.ok(files.length > 10, 'core files found');
  const violations: string[] = [];
  for (const f of files) {
    for (const spec of importsOf(fs.readFileSync(f, 'utf8'))) {
      if (spec.startsWith('.')) {
        const target = path.resolve(path.dirname(f), spec);
        const sharedTypes = isSharedTypes(target, protocolDir);
        if (!target.startsWith(core + path.sep) && target !== core && !sharedTypes) violations.push(`${path.relative(core, f)}: ${spec} (outside core)`);
      } else if (!ALLOWED.has(spec)) {
        violations.push(`${path.relative(core, f)}: ${spec}`);
      }
    }
  }
  assert.deepEqual(violations, []);
});

/**
 * The layers of the core, lowest first: a module imports only from its own layer and the ones below.
 * The session summaries stand on their own between the model and what shows them (explanations,
 * features), so that they can be computed anywhere: the collection index computes them for every
 * session of many files, beside the features.
 */
const LAYERS: readonly (readonly string[])[] = [
  ['l10n'], ['model'], ['util', 'facts'], ['summary'], ['explain'], ['features', 'collection'], ['languageService'],
];

/** The imports of a core module (path relative to the core, `/`-separated) that go to a higher layer, or that sit in no layer. */
export function layerViolations(file: string, specs: string[]): string[] {
  const layerOf = (rel: string) => LAYERS.findIndex((l) => l.includes(rel.split('/')[0].replace(/\.ts$/, '')));
  const from = layerOf(file);
  if (from < 0) return [`${file}: in no layer`];
  const out: string[] = [];
  for (const spec of specs) {
    if (!spec.startsWith('.')) continue;
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), spec));
    if (target.startsWith('..')) continue; // outside the core: the purity test's business
    if (layerOf(target) > from) out.push(`${file} imports ${target}`);
  }
  return out;
}

test('the core is layered: summary/ below explain/ and features/, nothing imports upwards', () => {
  const core = path.join(repoRoot(), 'server', 'src', 'core');
  const violations: string[] = [];
  for (const f of listTsFiles(core)) {
    violations.push(...layerViolations(path.relative(core, f).split(path.sep).join('/'), importsOf(fs.readFileSync(f, 'utf8'))));
  }
  assert.deepEqual(violations, []);
  assert.deepEqual(layerViolations('summary/labels.ts', ['../features/overview', '../explain/md', '../model/logModel', './sessionSummary']),
    ['summary/labels.ts imports features/overview', 'summary/labels.ts imports explain/md']);
  assert.deepEqual(layerViolations('features/hover.ts', ['../summary/sessionSummary', '../explain/md', '../../../../protocol/src/overviewTypes']), []);
  assert.deepEqual(layerViolations('newLayer/x.ts', []), ['newLayer/x.ts: in no layer']);
});

test('the purity check catches forbidden imports', () => {
  const bad = `import * as vscode from 'vscode';\nimport { readFileSync } from "fs";\nconst x = require('child_process');\nexport { a } from 'vscode-languageserver';`;
  const specs = importsOf(bad);
  assert.deepEqual(specs, ['vscode', 'fs', 'child_process', 'vscode-languageserver']);
  assert.ok(specs.every((s) => !ALLOWED.has(s)));
});

test('the client holds no log logic: it never imports the server', () => {
  const client = path.join(repoRoot(), 'client', 'src');
  for (const f of listTsFiles(client)) {
    for (const spec of importsOf(fs.readFileSync(f, 'utf8'))) {
      assert.ok(!spec.includes('/server/'), `${f} imports ${spec}`);
    }
  }
});

/** The only modules that start threads: the collection indexer and its worker, which run our own code. */
const THREADS = new Set(['server/src/collection/indexer.ts', 'server/src/collection/indexWorker.ts']);

test('the extension runs no external program and opens no network connection of its own', () => {
  const forbidden = new Set(['child_process', 'node:child_process', 'net', 'node:net', 'http', 'node:http', 'https', 'node:https', 'dgram', 'node:dgram', 'tls', 'node:tls', 'http2', 'node:http2', 'worker_threads', 'node:worker_threads']);
  const offenders: string[] = [];
  const threads: string[] = [];
  for (const dir of ['client/src', 'server/src', 'protocol/src', 'media']) {
    const root = path.join(repoRoot(), dir);
    if (!fs.existsSync(root)) continue;
    for (const f of listTsFiles(root)) {
      const src = fs.readFileSync(f, 'utf8');
      const rel = path.relative(repoRoot(), f).split(path.sep).join('/');
      for (const spec of importsOf(src)) {
        if (THREADS.has(rel) && (spec === 'worker_threads' || spec === 'node:worker_threads')) threads.push(rel);
        else if (forbidden.has(spec)) offenders.push(`${rel}: ${spec}`);
      }
      if (/\bfetch\s*\(|XMLHttpRequest|WebSocket\s*\(/.test(src)) offenders.push(`${path.relative(repoRoot(), f)}: network call`);
    }
  }
  assert.deepEqual(offenders, []);
  assert.deepEqual(threads.sort(), [...THREADS].sort());
});
