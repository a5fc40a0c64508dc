/**
 * Outline, folding, diagnostics, code lenses and inlay hints over real JSON-RPC, on a generated
 * 10 MB receive log with thousands of interleaved sessions, and with settings pulled from the client.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { CodeLens, DocumentSymbol, FoldingRange, InlayHint } from 'vscode-languageserver-protocol';
import { generateReceiveLog } from '../helpers/generate';
import { LspClient } from '../helpers/lspClient';
import { fixture } from '../helpers/paths';
import { assertValidSymbols, flatten } from '../helpers/symbolChecks';

const big = generateReceiveLog({ seed: 42 });
const bigUri = 'file:///logs/RECV2024030510-1.LOG';
const whole = { start: { line: 0, character: 0 }, end: { line: big.lines, character: 0 } };
let client: LspClient;

before(async () => {
  assert.ok(big.text.length >= 10 * 1024 * 1024, `${big.text.length} characters`);
  assert.ok(big.sessions >= 2000, `${big.sessions} sessions`);
  client = new LspClient();
  const init = await client.initialize({ locale: 'en', rangeLimit: 5000 });
  assert.deepEqual(init.capabilities.codeLensProvider, { resolveProvider: false });
  assert.ok(init.capabilities.inlayHintProvider);
  await client.open(bigUri, big.text);
});

after(() => client.shutdownHealthy());

test('10 MB: folding answers within the client rangeLimit, header first', async () => {
  const folds = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: bigUri } });
  assert.equal(folds.length, 5000);
  assert.deepEqual([folds[0].startLine, folds[0].endLine, folds[0].kind], [0, 4, 'comment']);
  for (let i = 1; i < folds.length; i++) assert.ok(folds[i].startLine > folds[i - 1].endLine, 'sorted and disjoint');
});

test('10 MB: the outline is grouped, within its budget, and valid', async () => {
  const started = Date.now();
  const syms = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: bigUri } });
  const elapsed = Date.now() - started;
  assert.ok(elapsed < 30_000, `${elapsed} ms`);
  const n = assertValidSymbols(syms);
  assert.ok(n <= 20_000, `${n} symbols`);
  assert.equal(syms.length, 1);
  const hours = syms[0].children!;
  assert.ok(hours.length >= 2 && hours.every((h) => / UTC$/.test(h.name)), hours.map((h) => h.name).join(', '));
  const sessions = flatten(syms).filter((s) => s.kind === 24 && /…[0-9A-F]{8}$/.test(s.name));
  assert.equal(sessions.length, big.sessions, 'every session listed once');
});

test('10 MB: diagnostics are published, capped, and say how many there were', async () => {
  const d = await client.waitForDiagnostics(bigUri, (p) => p.diagnostics.length > 0, 30_000);
  assert.equal(d.diagnostics.length, 1000);
  const note = d.diagnostics.filter((x) => x.code === 'too-many-problems');
  assert.equal(note.length, 1);
  assert.match(note[0].message as string, /^\d+ problems found; the 999 most severe are listed\./);
  assert.ok(d.diagnostics.some((x) => x.code === 'session-rejected'));
});

test('10 MB: one code lens per session, opening the session view; inlay hints are off by default', async () => {
  const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: bigUri } });
  assert.equal(lenses.length, big.sessions);
  assert.deepEqual(lenses[5].command!.arguments, [bigUri, lenses[5].range.start.line]);
  assert.equal(lenses[5].command!.command, 'exchangeLog.showSession');
  const hints = await client.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri: bigUri }, range: whole });
  assert.deepEqual(hints, []);
});

test('settings are pulled from the client and pulled again when they change', async () => {
  const c = new LspClient();
  const uri = 'file:///logs/RECV2024030510-2.LOG';
  const small = generateReceiveLog({ seed: 4, targetBytes: 300_000 });
  try {
    await c.initialize({
      locale: 'en',
      rangeLimit: 5000,
      settings: {
        outline: { groupThreshold: 10 },
        folding: { maxRanges: 40 },
        diagnostics: { outcomes: { enabled: false } },
        inlayHints: { sessionGaps: { enabled: true, thresholdSeconds: 4 } },
        codeLens: { enabled: false },
      },
    });
    await c.open(uri, small.text);
    const folds = await c.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri } });
    assert.equal(folds.length, 40, 'exchangeLog.folding.maxRanges wins over the client rangeLimit');
    assert.ok(c.serverRequests.includes('workspace/configuration'));
    assert.ok(c.serverRequests.includes('client/registerCapability'));
    const syms = await c.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assertValidSymbols(syms);
    assert.ok(syms[0].children!.every((h) => / UTC$/.test(h.name)), 'grouped past 10 sessions');
    const first = await c.waitForDiagnostics(uri, () => true);
    assert.ok(!first.diagnostics.some((x) => /^session-|^tarpit$|^auth-failed$|^tls-failed$/.test(String(x.code))), 'outcomes off');
    assert.deepEqual(await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } }), []);
    const hints = await c.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: whole });
    assert.ok(hints.length > 0 && hints.every((h) => /^\+/.test(String(h.label))));

    await c.changeSettings({ diagnostics: { outcomes: { enabled: true } } });
    const again = await c.waitForDiagnostics(uri, (p) => p.diagnostics.some((x) => x.code === 'session-rejected'));
    assert.ok(again.diagnostics.length > first.diagnostics.length);
    const lenses = await c.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.equal(lenses.length, small.sessions);
    assert.ok(c.serverRequests.includes('workspace/codeLens/refresh'));
    assert.ok(c.serverRequests.includes('workspace/inlayHint/refresh'));
    assert.deepEqual(c.logs.filter((l) => /Error/.test(l)), []);
  } finally {
    assert.equal(await c.shutdown(), 0);
  }
});

test('a server initialised in Brazilian Portuguese names outline entries and lenses in Portuguese', async () => {
  const pt = new LspClient();
  const uri = 'file:///logs/RECV2024030510-1.LOG';
  try {
    await pt.initialize({ locale: 'pt-br' });
    await pt.open(uri, fixture('recv-interleaved.log'));
    const syms = await pt.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.equal(syms[0].children![1].detail, '10:00:01 · 1,1 s · 4 eventos · derrubada pelo lado remoto');
    const lenses = await pt.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    // Portuguese counts 0 as singular
    assert.equal(lenses[0].command!.title, '0 msg · 2 s · sem e-mail');
    const d = await pt.waitForDiagnostics(uri, (p) => p.diagnostics.length > 0);
    assert.ok(d.diagnostics.some((x) => x.message === 'A sessão …00000002 foi derrubada pelo lado remoto antes do QUIT: Remote(ConnectionReset)'));
  } finally {
    assert.equal(await pt.shutdown(), 0);
  }
});

test('folding asked first (record details read later) or outline first: the same folding, outline and diagnostics', async () => {
  const text = fixture('recv-interleaved.log') + '2024-03-05T10:09:00.000Z,EX01\\Default Frontend EX01,08DC3C0A0000FFFF,x,10.0.0.1:25,203.0.113.9:5000,?,"unterminated\r\n';
  const a = 'file:///logs/RECV2024030511-1.LOG', b = 'file:///logs/RECV2024030511-2.LOG';
  await client.open(a, text);
  await client.open(b, text);
  const foldsA = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: a } });
  const symsB = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: b } });
  const symsA = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: a } });
  const foldsB = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: b } });
  assert.ok(foldsA.length > 3);
  assert.deepEqual(foldsA, foldsB);
  assert.deepEqual(symsA, symsB);
  const [da, db] = await Promise.all([client.waitForDiagnostics(a), client.waitForDiagnostics(b)]);
  const codes = da.diagnostics.map((d) => d.code);
  assert.ok(codes.includes('bad-sequence') && codes.includes('unknown-event') && codes.includes('unterminated-quote'), codes.join(', '));
  assert.deepEqual(da.diagnostics, db.diagnostics);
  await client.close(a);
  await client.close(b);
});
