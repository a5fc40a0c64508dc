/** The standalone server over real JSON-RPC: `node dist/server.js --stdio`. */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { DocumentSymbol, FoldingRange, Hover, MarkupContent } from 'vscode-languageserver-protocol';
import { DocumentInfo, DocumentInfoRequest } from '../../protocol/src/index';
import { LspClient } from '../helpers/lspClient';
import { fixture } from '../helpers/paths';
import { ALL_LOGS, layeredTest } from '../helpers/layers';

let client: LspClient;
const recvUri = 'file:///logs/RECV2024030510-1.LOG';
const recv = fixture('recv-interleaved.log');

before(async () => {
  client = new LspClient();
  const init = await client.initialize({ locale: 'en' });
  assert.ok(init.capabilities.hoverProvider);
  assert.ok(init.capabilities.foldingRangeProvider);
  assert.ok(init.capabilities.documentSymbolProvider);
  assert.deepEqual(init.capabilities.textDocumentSync, { openClose: true, change: 2 });
  await client.open(recvUri, recv);
});

after(() => client.shutdownHealthy());

test('hover over JSON-RPC explains the field', async () => {
  const h = await client.request<Hover>('textDocument/hover', { textDocument: { uri: recvUri }, position: { line: 9, character: 60 } });
  const md = (h.contents as MarkupContent).value;
  assert.equal((h.contents as MarkupContent).kind, 'markdown');
  assert.match(md, /session\\-id/);
  assert.match(md, /Identifies one SMTP session/);
});

test('folding and symbols over JSON-RPC', async () => {
  const folds = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: recvUri } });
  assert.ok(folds.some((f) => f.startLine === 0 && f.endLine === 4));
  assert.ok(folds.some((f) => f.startLine === 12 && f.endLine === 15));
  const syms = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: recvUri } });
  // two header blocks, holding the three sessions
  assert.equal(syms.length, 2);
  assert.equal(syms.flatMap((h) => h.children ?? []).length, 3);
  assert.ok(syms[0].children!.some((s) => s.name.endsWith('…00000002')));
});

test('diagnostics are published for a broken line', async () => {
  const uri = 'file:///logs/broken.log';
  await client.open(uri, '#Software: Microsoft Exchange Server\n#Log-type: SMTP Receive Protocol Log\n#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context\n2024-01-01T00:00:01.000Z,C,AAAA000000000001,0,1.1.1.1:25,2.2.2.2:1,+,"unterminated,\n');
  const d = await client.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
  assert.ok(d.diagnostics.some((x) => x.code === 'unterminated-quote' && x.range.start.line === 3 && x.severity === 1));
  await client.close(uri);
  const cleared = await client.waitForDiagnostics(uri, (p) => p.diagnostics.length === 0);
  assert.equal(cleared.diagnostics.length, 0);
});

test('incremental edits: appending a session updates the model (one parse per version)', async () => {
  const uri = 'file:///logs/RECV2024030511-1.LOG';
  const head = '#Software: Microsoft Exchange Server\n#Log-type: SMTP Receive Protocol Log\n#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context\n';
  await client.open(uri, head + '2024-01-01T00:00:01.000Z,C,AAAA000000000001,0,1.1.1.1:25,2.2.2.2:1,+,,\n');
  let syms = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
  assert.equal(syms.length, 1);
  assert.equal(syms[0].children!.length, 1);
  await client.change(uri, 2, [{
    range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } },
    text: '2024-01-01T00:00:02.000Z,C,BBBB000000000002,0,1.1.1.1:25,3.3.3.3:1,+,,\n2024-01-01T00:00:03.000Z,C,BBBB000000000002,1,1.1.1.1:25,3.3.3.3:1,-,,Local\n',
  }]);
  syms = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
  assert.equal(syms.length, 1);
  assert.equal(syms[0].children!.length, 2);
  const info = await client.request<DocumentInfo>(DocumentInfoRequest.method, { textDocument: { uri }, position: { line: 5, character: 0 } });
  assert.equal(info.kind, 'smtpReceive');
  assert.deepEqual(info.session, { id: 'BBBB000000000002', remote: '3.3.3.3:1', eventIndex: 2, eventCount: 2 });
  await client.close(uri);
});

test('requests past the end or for unknown documents answer empty, and the server stays up', async () => {
  const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: recvUri }, position: { line: 99999, character: 5 } });
  assert.equal(h, null);
  const none = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: 'file:///nope.log' }, position: { line: 0, character: 0 } });
  assert.equal(none, null);
  const folds = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: 'file:///nope.log' } });
  assert.deepEqual(folds, []);
  assert.equal(client.exited, false);
});

layeredTest('every sample answers hover, folding and symbols over JSON-RPC', ALL_LOGS, async (files) => {
  for (const s of files) {
    const uri = `file:///samples/${encodeURIComponent(s.name.split('/').pop()!)}`;
    await client.open(uri, s.text);
    const firstRecord = s.text.replace(/^\ufeff/, '').split(/\r?\n/).findIndex((l) => l.length > 0 && !l.startsWith('#'));
    const h = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: Math.max(0, firstRecord), character: 2 } });
    assert.ok(h, `hover for ${s.name}`);
    const folds = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
    assert.ok(Array.isArray(folds));
    const syms = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.ok(Array.isArray(syms));
    await client.close(uri);
  }
});

test('a server initialised in Brazilian Portuguese answers in Portuguese', async () => {
  const pt = new LspClient();
  try {
    await pt.initialize({ locale: 'pt-br' });
    await pt.open(recvUri, recv);
    const h = await pt.request<Hover>('textDocument/hover', { textDocument: { uri: recvUri }, position: { line: 9, character: 60 } });
    assert.match((h.contents as MarkupContent).value, /Identifica uma sessão SMTP/);
    const d = await pt.request<Hover>('textDocument/hover', { textDocument: { uri: recvUri }, position: { line: 2, character: 2 } });
    assert.match((d.contents as MarkupContent).value, /Log de protocolo SMTP Receive/);
  } finally {
    assert.equal(await pt.shutdown(), 0);
  }
});
