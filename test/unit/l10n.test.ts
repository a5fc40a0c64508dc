/**
 * Localisation key parity: every English string the code shows has a Brazilian Portuguese
 * translation, no translation is stale, and placeholders survive translation.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { allTableStrings } from '../../server/src/core/facts/index';
import { listTsFiles, repoRoot } from '../helpers/paths';

const LOCALES = ['pt-br'];


const STRING = String.raw`'((?:[^'\\]|\\.)*)'`;

function unescape(s: string): string {
  return s.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

/** English keys used literally in the code: t('…'), l10n.t('…'), plural(n, '…', '…'). */
export function literalKeys(source: string): string[] {
  const keys: string[] = [];
  const tCall = new RegExp(String.raw`(?:\bl10n\.t|(?<![\w.])t)\(\s*` + STRING, 'g');
  const pluralCall = new RegExp(String.raw`\bplural\([^,()]+(?:\([^()]*\))?[^,()]*,\s*` + STRING + String.raw`\s*,\s*` + STRING, 'g');
  let m: RegExpExecArray | null;
  while ((m = tCall.exec(source))) keys.push(unescape(m[1]));
  while ((m = pluralCall.exec(source))) keys.push(unescape(m[1]), unescape(m[2]));
  return keys;
}

function englishKeys(): Set<string> {
  const root = repoRoot();
  const keys = new Set<string>(allTableStrings());
  for (const dir of ['server/src', 'client/src']) {
    for (const f of listTsFiles(path.join(root, dir))) for (const k of literalKeys(fs.readFileSync(f, 'utf8'))) keys.add(k);
  }
  return keys;
}

function translations(locale: string): Map<string, string> {
  const dir = path.join(repoRoot(), 'l10n', locale);
  const map = new Map<string, string>();
  for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.json'))) {
    const entries = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Record<string, string>;
    for (const [k, v] of Object.entries(entries)) {
      assert.ok(!map.has(k) || map.get(k) === v, `${f}: "${k}" translated twice, differently`);
      map.set(k, v);
    }
  }
  return map;
}

function placeholders(s: string): string[] {
  return (s.match(/\{\d+\}/g) ?? []).sort();
}

test('the key extractor finds t(), l10n.t() and plural() literals', () => {
  const src = `t('a {0}', x); vscode.l10n.t('b'); plural(list.length, '{0} one', '{0} many'); format('not a key'); it('nope')`;
  assert.deepEqual(literalKeys(src), ['a {0}', 'b', '{0} one', '{0} many']);
});

for (const locale of LOCALES) {
  test(`every English string has a ${locale} translation, and none is stale`, () => {
    const en = englishKeys();
    assert.ok(en.size > 50, `found ${en.size} keys`);
    const tr = translations(locale);
    const missing = [...en].filter((k) => !tr.has(k));
    const stale = [...tr.keys()].filter((k) => !en.has(k));
    assert.deepEqual(missing, [], `missing ${locale} translations`);
    assert.deepEqual(stale, [], `stale ${locale} translations`);
  });

  test(`${locale} translations keep their placeholders and are not empty`, () => {
    for (const [k, v] of translations(locale)) {
      assert.ok(v.trim().length > 0, `empty translation for "${k}"`);
      assert.deepEqual(placeholders(v), placeholders(k), `placeholders of "${k}"`);
    }
  });
}

test('package.json strings: every %key% exists in package.nls.json and in each translation', () => {
  const root = repoRoot();
  const pkg = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
  const used = new Set([...pkg.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]));
  const en = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
  assert.deepEqual([...used].filter((k) => !(k in en)), []);
  assert.deepEqual(Object.keys(en).filter((k) => !used.has(k)), [], 'unused keys in package.nls.json');
  for (const locale of LOCALES) {
    const tr = JSON.parse(fs.readFileSync(path.join(root, `package.nls.${locale}.json`), 'utf8')) as Record<string, string>;
    assert.deepEqual(Object.keys(tr).sort(), Object.keys(en).sort(), `package.nls.${locale}.json keys`);
  }
});
