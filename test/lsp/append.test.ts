/** A log that grows while open (Exchange appends) and one rewritten from the start, over JSON-RPC. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { isAppendAtEnd } from '../../server/src/modelCache';
import { generateLog } from '../bench/generateLogs';
import { LspClient } from '../helpers/lspClient';

test('isAppendAtEnd recognises insertions at the end only', () => {
  const doc = TextDocument.create('file:///a', 'x', 1, 'ab\ncd\n');
  const at = (line: number, character: number, text: string) => ({ range: { start: { line, character }, end: { line, character } }, text });
  assert.equal(isAppendAtEnd(doc, [at(2, 0, 'ef\n')]), true);
  assert.equal(isAppendAtEnd(doc, [at(2, 0, 'ef\n'), at(3, 0, 'gh')]), true);
  assert.equal(isAppendAtEnd(doc, [at(1, 0, 'x')]), false);
  assert.equal(isAppendAtEnd(doc, [{ text: 'whole' }]), false);
  assert.equal(isAppendAtEnd(doc, [{ range: { start: { line: 1, character: 0 }, end: { line: 2, character: 0 } }, text: '' }]), false);
  assert.equal(isAppendAtEnd(doc, [at(2, 0, 'ef\n'), at(2, 0, 'x')]), false);
});

test('appending lines, truncating and rewriting: answers always equal those for a fresh open of the same text', async () => {
  const client = new LspClient();
  try {
    await client.initialize({ rangeLimit: 5000 });
    const full = generateLog('smtpReceive', 120_000, 5);
    const lines = full.split('\r\n');
    const first = lines.slice(0, 300).join('\r\n') + '\r\n';
    const uri = 'file:///logs/RECV2024030510-1.LOG';
    await client.open(uri, first);
    let text = first;
    let version = 1;
    const compare = async (label: string) => {
      const fresh = `file:///logs/fresh-${version}/RECV2024030510-1.LOG`;
      await client.open(fresh, text);
      for (const method of ['textDocument/foldingRange', 'textDocument/documentSymbol']) {
        const a = await client.request(method, { textDocument: { uri } });
        const b = await client.request(method, { textDocument: { uri: fresh } });
        assert.deepEqual(a, b, `${label}: ${method}`);
      }
      await client.close(fresh);
    };
    // grow: append in chunks at the end, as VS Code sends a reload of a growing file
    for (let i = 300; i < 1200; i += 150) {
      const chunk = lines.slice(i, i + 150).join('\r\n') + '\r\n';
      const lineCount = text.split(/\r\n/).length - 1;
      await client.change(uri, ++version, [{ range: { start: { line: lineCount, character: 0 }, end: { line: lineCount, character: 0 } }, text: chunk }]);
      text += chunk;
      await compare(`append ${i}`);
    }
    // circular logging: the file is truncated and rewritten from the start
    const rewritten = lines.slice(2000, 2100).join('\r\n') + '\r\n';
    await client.change(uri, ++version, [{ text: rewritten }]);
    text = rewritten;
    await compare('rewrite');
    // and grows again
    const more = lines.slice(2100, 2200).join('\r\n') + '\r\n';
    const lc = text.split(/\r\n/).length - 1;
    await client.change(uri, ++version, [{ range: { start: { line: lc, character: 0 }, end: { line: lc, character: 0 } }, text: more }]);
    text += more;
    await compare('append after rewrite');
    assert.equal(client.exited, false);
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});
