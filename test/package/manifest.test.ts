/** The manifest and the packaged file list. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { defaultSettings, validateSettings } from '../../server/src/settings';
import { listTsFiles, repoRoot } from '../helpers/paths';

const root = repoRoot();
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

/** VS Code glob subset used by our filenamePatterns: `*` and `[..]` classes. */
function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i);
      re += glob.slice(i, end + 1);
      i = end;
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

test('the package holds exactly the files the extension needs', () => {
  const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
  const out = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' });
  const files = out.split(/\r?\n/).filter((l) => l.trim().length > 0).sort();
  assert.deepEqual(files, [
    'CHANGELOG.md',
    'LICENSE',
    'README.md',
    'dist/THIRD-PARTY-NOTICES.txt',
    'dist/cli.js',
    'dist/client.js',
    'dist/indexWorker.js',
    'dist/l10n/bundle.l10n.pt-br.json',
    'dist/overview.css',
    'dist/overview.js',
    'dist/report.css',
    'dist/report.js',
    'dist/server.js',
    'images/icon.png',
    'language-configuration.json',
    'package.json',
    'package.nls.json',
    'package.nls.pt-br.json',
    'syntaxes/exchange-log-view.tmLanguage.json',
    'syntaxes/exchange-log.tmLanguage.json',
  ]);
});

test('engine, types and capabilities are declared as designed', () => {
  assert.equal(pkg.engines.vscode, '^1.100.0');
  const types = JSON.parse(fs.readFileSync(path.join(root, 'node_modules', '@types', 'vscode', 'package.json'), 'utf8'));
  assert.match(types.version, /^1\.100\./);
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, true);
  assert.equal(pkg.capabilities.virtualWorkspaces, true);
  assert.equal(pkg.main, './dist/client.js');
  assert.deepEqual(pkg.bin, { 'exchange-log': './dist/cli.js' });
  for (const dep of ['vscode-languageclient', 'vscode-languageserver', 'vscode-languageserver-textdocument', 'csv-parse', '@observablehq/plot']) {
    assert.ok(pkg.dependencies[dep], `dependency ${dep}`);
  }
  assert.ok(pkg.devDependencies['@vscode/vsce']);
});

test('the language is contributed with its grammar and the real Exchange file names', () => {
  const lang = pkg.contributes.languages.find((l: { id: string }) => l.id === 'exchange-log');
  assert.ok(lang);
  assert.equal(lang.aliases[0], 'Exchange Log');
  assert.ok(fs.existsSync(path.join(root, lang.configuration)));
  const grammar = pkg.contributes.grammars.find((g: { language: string }) => g.language === 'exchange-log');
  assert.equal(grammar.scopeName, 'text.log.exchange');
  const patterns = (lang.filenamePatterns as string[]).map(globToRegExp);
  const matches = (name: string) => patterns.some((p) => p.test(name));
  for (const name of ['RECV2023011116-1.LOG', 'recv20230111-1.log', 'SEND2024012515-1.LOG', 'CONNECTLOG20130627-1.LOG',
    'MSGTRK2016040500-1.LOG', 'MSGTRKMS2022091915-1.LOG', 'MSGTRKMD2022091915-1.LOG', 'MSGTRKMA2022091915-1.log',
    'POP320240124-1.LOG', 'POP3BE20240124-1.LOG', 'IMAP420230109-1.LOG', 'Imap4Be20230109-1.Log']) {
    assert.ok(matches(name), name);
  }
  for (const name of ['server.log', 'receive.txt', 'RECV2023.csv', 'sendmail.cfg']) assert.ok(!matches(name), name);
  assert.match('\ufeff#Software: Microsoft Exchange Server', new RegExp(lang.firstLine));
});

test('every contributed setting is read: client settings by the client, the rest by the server', () => {
  const props = pkg.contributes.configuration.properties as Record<string, { type: string; default: unknown; enum?: string[]; minimum?: number; maximum?: number }>;
  const client = listTsFiles(path.join(root, 'client', 'src')).map((f) => fs.readFileSync(f, 'utf8')).join('\n');
  // read by the client: the sniff, and the collection's settings it hands the server when it starts it
  const clientOnly = ['exchangeLog.detectByContent', 'exchangeLog.collection.indexWorkspace', 'exchangeLog.collection.cache'];
  for (const key of clientOnly) assert.ok(client.includes(`'${key.replace(/^exchangeLog\./, '')}'`), `${key} is read by the client`);
  const defaults = defaultSettings();
  for (const [key, schema] of Object.entries(props)) {
    if (key === 'exchangeLog.trace.server' || clientOnly.includes(key)) continue; // trace: read by vscode-languageclient
    let value: unknown;
    if (schema.enum) value = schema.enum.find((v) => v !== schema.default);
    else if (schema.type === 'boolean') value = !schema.default;
    else if (schema.type === 'number' || schema.type === 'integer') value = schema.maximum ?? (Number(schema.default ?? 0) + 7);
    else if (Array.isArray(schema.type) || schema.type === 'null') value = schema.maximum ?? 1234;
    assert.ok(value !== undefined, `${key}: no other value to try`);
    // nest "exchangeLog.a.b" → { a: { b: value } }, as VS Code returns the section
    const raw: Record<string, unknown> = {};
    const parts = key.split('.').slice(1);
    let at = raw;
    parts.slice(0, -1).forEach((p) => { at = (at[p] ??= {}) as Record<string, unknown>; });
    at[parts[parts.length - 1]] = value;
    assert.notDeepEqual(validateSettings(raw), defaults, `${key} changes nothing in the server settings`);
  }
});


test('every custom LSP method is documented in the README', () => {
  const protocol = fs.readFileSync(path.join(root, 'protocol', 'src', 'index.ts'), 'utf8');
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const methods = [...protocol.matchAll(/method = '([^']+)'/g)].map((m) => m[1]);
  assert.ok(methods.length > 0);
  for (const m of methods) assert.ok(readme.includes('`' + m + '`'), `${m} is not in README.md`);
});
