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

test('server/src/core imports only pure modules', () => {
  const core = path.join(repoRoot(), 'server', 'src', 'core');
  const files = listTsFiles(core);
  assert.ok(files.length > 10, 'core files found');
  const violations: string[] = [];
  for (const f of files) {
    for (const spec of importsOf(fs.readFileSync(f, 'utf8'))) {
      if (spec.startsWith('.')) {
        const target = path.resolve(path.dirname(f), spec);
        if (!target.startsWith(core + path.sep) && target !== core) violations.push(`${path.relative(core, f)}: ${spec} (outside core)`);
      } else if (!ALLOWED.has(spec)) {
        violations.push(`${path.relative(core, f)}: ${spec}`);
      }
    }
  }
  assert.deepEqual(violations, []);
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
