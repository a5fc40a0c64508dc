/**
 * The fast rules (`record-smtp-fast`, `-ehlo`, `-text`, `record-connectivity-fast` in
 * scripts/gen-grammar.mjs) must give every character exactly the scopes the general rules
 * (`record-smtp`, `record-connectivity`, with nested patterns) give it, and must take the common
 * lines, or the grammar is slow again (docs/performance.md, "Grammar").
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import type { IGrammar } from 'vscode-textmate';
import { fixtureLogs, repoRoot, sampleFiles } from '../helpers/paths';
import { layeredTest } from '../helpers/layers';
import { generateLog } from '../bench/generateLogs';
import { scannerCounts } from '../bench/grammarCost';
import { GRAMMAR_PATH, loadGrammar, splitLines, tokenizeLines } from './tm';

const FAST: Record<string, string[]> = {
  'block-smtp': ['#record-smtp-fast', '#record-smtp-ehlo', '#record-smtp-text'],
  'block-connectivity': ['#record-connectivity-fast'],
};

function scopesPerChar(g: IGrammar, text: string): { line: string; scopes: string[] }[] {
  return tokenizeLines(g, splitLines(text)).map((t) => {
    const scopes: string[] = [];
    for (const k of t.tokens) for (let i = k.start; i < k.end; i++) scopes[i] = k.scopes.join(' ');
    return { line: t.line, scopes };
  });
}

/**
 * Our SMTP and connectivity logs, the grammar fixture lines and generated logs (the bulk of the lines);
 * the SMTP and connectivity samples when present.
 */
const DOCS = {
  fixtures: () => {
    const docs: [string, string][] = fixtureLogs().filter((s) => s.folder.startsWith('smtp') || s.folder === 'connectivity').map((s) => [s.name, s.text]);
    const fixtures = path.join(repoRoot(), 'test', 'fixtures', 'grammar');
    for (const f of fs.readdirSync(fixtures)) docs.push([f, fs.readFileSync(path.join(fixtures, f), 'utf8')]);
    for (const kind of ['smtpReceive', 'smtpSend', 'connectivity'] as const) docs.push([`generated ${kind}`, generateLog(kind, 300_000, 3)]);
    return { docs, minLines: 7000 };
  },
  samples: () => ({ docs: sampleFiles().filter((s) => s.folder.startsWith('smtp') || s.folder === 'connectivity').map((s): [string, string] => [s.name, s.text]), minLines: 50 }),
};

layeredTest('the fast rules give the same scopes as the general rules, character by character', DOCS, async ({ docs, minLines }) => {
  const raw = JSON.parse(fs.readFileSync(GRAMMAR_PATH, 'utf8'));
  const general = JSON.parse(JSON.stringify(raw));
  for (const [name, fast] of Object.entries(FAST)) {
    const block = general.repository[name];
    assert.ok(fast.every((f) => block.patterns.some((p: { include: string }) => p.include === f)), `${name} no longer lists ${fast.join(', ')}`);
    block.patterns = block.patterns.filter((p: { include: string }) => !fast.includes(p.include));
  }
  const ours = (await loadGrammar()).grammar;
  const ref = (await loadGrammar(undefined, general)).grammar;
  let lines = 0;
  for (const [name, text] of docs) {
    const a = scopesPerChar(ours, text);
    const b = scopesPerChar(ref, text);
    a.forEach((l, n) => {
      lines++;
      for (let i = 0; i < l.line.length; i++) {
        assert.equal(l.scopes[i], b[n].scopes[i], `${name}, line ${n + 1}, column ${i + 1} (${JSON.stringify(l.line.slice(i, i + 20))}):\n  ${l.line}`);
      }
    });
  }
  assert.ok(lines > minLines, `only ${lines} lines compared`);
});

test('generated SMTP and connectivity logs take the fast rules: about two engine calls and one engine string per line', async () => {
  for (const kind of ['smtpReceive', 'smtpSend', 'connectivity'] as const) {
    const c = await scannerCounts(generateLog(kind, 300_000, 5));
    // The general rules alone need 3.6–6 calls and 2–3 strings per line on these logs, the minimum is 2 and 1.
    assert.ok(c.scans / c.lines < 2.2, `${kind}: ${(c.scans / c.lines).toFixed(2)} engine calls per line`);
    assert.ok(c.strings / c.lines < 1.1, `${kind}: ${(c.strings / c.lines).toFixed(2)} engine strings per line`);
  }
});
