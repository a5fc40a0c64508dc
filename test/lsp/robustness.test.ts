/** Over JSON-RPC: rapid edits, closed documents, positions past the end, cancellation, a 50 MB log. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { CancellationTokenSource } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { generateLog, rng } from '../bench/generateLogs';
import { LspClient } from '../helpers/lspClient';

test('rapid random edits: the server stays up and ends in the same state as a fresh open', async () => {
  const client = new LspClient();
  try {
    await client.initialize({ rangeLimit: 5000 });
    const uri = 'file:///logs/RECV2024010100-1.LOG';
    let doc = TextDocument.create(uri, 'exchange-log', 1, generateLog('smtpReceive', 40_000, 3));
    await client.open(uri, doc.getText());
    const r = rng(42);
    const pending: Promise<unknown>[] = [];
    const bits = ['"', ',', '\r\n', '#Fields: a,b\r\n', '2024-01-01T00:00:00.000Z,C,BBBB000000000001,0,a,b,+,,\r\n', '\ud800', '[x](command:foo)'];
    for (let i = 0; i < 60; i++) {
      const len = doc.getText().length;
      const a = Math.floor(r() * len), b = Math.min(len, a + Math.floor(r() * 50));
      const change = { range: { start: doc.positionAt(a), end: doc.positionAt(b) }, text: bits[Math.floor(r() * bits.length)] };
      doc = TextDocument.update(doc, [change], doc.version + 1);
      await client.change(uri, doc.version, [change]);
      const pos = doc.positionAt(Math.floor(r() * doc.getText().length));
      pending.push(client.request('textDocument/hover', { textDocument: { uri }, position: pos }));
      if (i % 10 === 0) pending.push(client.request('textDocument/foldingRange', { textDocument: { uri } }));
    }
    await Promise.all(pending);
    const fresh = 'file:///logs/fresh/RECV2024010100-1.LOG';
    await client.open(fresh, doc.getText());
    for (const method of ['textDocument/foldingRange', 'textDocument/documentSymbol']) {
      assert.deepEqual(await client.request(method, { textDocument: { uri } }), await client.request(method, { textDocument: { uri: fresh } }), method);
    }
    assert.equal(client.exited, false);
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});

test('closed documents and positions past the end get empty answers; cancellation is honoured', async () => {
  const client = new LspClient();
  try {
    await client.initialize();
    const uri = 'file:///logs/a.log';
    await client.open(uri, generateLog('imap4', 5_000, 1));
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 1e6, character: 1e6 } }), null);
    // LSP: a character past the end of the line means the end of the line.
    const eol = await client.request<{ range: { start: { line: number }; end: { line: number } } } | null>('textDocument/hover', { textDocument: { uri }, position: { line: 3, character: 1e6 } });
    assert.ok(eol === null || (eol.range.start.line === 3 && eol.range.end.line === 3));
    await client.close(uri);
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 0, character: 0 } }), null);
    assert.deepEqual(await client.request('textDocument/foldingRange', { textDocument: { uri } }), []);
    assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument: { uri } }), []);
    // A cancelled request answers with a result or with RequestCancelled, never breaks the server.
    await client.open(uri, generateLog('smtpReceive', 2_000_000, 2));
    const source = new CancellationTokenSource();
    const req = client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } }, source.token);
    source.cancel();
    try {
      await req;
    } catch (e) {
      assert.equal((e as { code?: number }).code, -32800);
    }
    assert.ok(Array.isArray(await client.request('textDocument/foldingRange', { textDocument: { uri } })));
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});

test('a 50 MB log: open, folding and symbols answer and stay within the client limits', { timeout: 120_000 }, async () => {
  const client = new LspClient();
  try {
    await client.initialize({ rangeLimit: 5000 });
    const uri = 'file:///logs/RECV-big.LOG';
    await client.open(uri, generateLog('smtpReceive', 50 * 1024 * 1024, 9));
    const folds = await client.request<unknown[]>('textDocument/foldingRange', { textDocument: { uri } });
    assert.ok(folds.length > 0 && folds.length <= 5000);
    const syms = await client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(syms.length > 0);
    const hover = await client.request('textDocument/hover', { textDocument: { uri }, position: { line: 100_000, character: 30 } });
    assert.ok(hover);
  } finally {
    assert.equal(await client.shutdown(), 0);
  }
});
