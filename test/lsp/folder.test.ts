/** Beyond one file over real JSON-RPC: the folder view requests, continue in file, and the workspace index. */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { SymbolInformation } from 'vscode-languageserver-protocol';
import {
  ContinuationRequest, ContinuationResult, FolderView, FolderViewAddRequest, FolderViewAddResult, FolderViewBuildRequest,
  FolderViewDisposeNotification, ForgetLogsNotification, IndexLogRequest, SessionEdgeRequest, SessionEdgeResult,
} from '../../protocol/src/index';
import { parseLog } from '../../server/src/core/model/logModel';
import { LspClient } from '../helpers/lspClient';
import { generateHourlyFolder } from '../helpers/generateFolder';

let client: LspClient;
const files = generateHourlyFolder({ hours: 6, targetBytes: 300_000, folder: 'file:///logs/lsp' });
const models = files.map((f) => parseLog(f.text, { uri: f.uri }));

before(async () => {
  client = new LspClient();
  await client.initialize({ locale: 'en' });
});

after(() => client.shutdownHealthy());

test('exchangeLog/folderView/add and build: files sent one at a time make one merged view', async () => {
  for (const f of files) {
    const r = await client.request<FolderViewAddResult>(FolderViewAddRequest.method, { viewId: 'v1', uri: f.uri, text: f.text });
    assert.deepEqual(r, { accepted: true, records: f.records, sessions: parseLog(f.text).sessions.length, kind: 'smtpReceive' });
  }
  const v = await client.request<FolderView>(FolderViewBuildRequest.method, { viewId: 'v1', title: 'lsp' });
  assert.deepEqual(v.sources, files.map((f) => f.uri));
  assert.equal(v.files, 6);
  assert.equal(v.events, files.reduce((n, f) => n + f.records, 0));
  assert.equal(v.sessions, new Set(models.flatMap((m) => m.sessions.map((s) => s.id))).size);
  assert.equal(v.folds.length, v.sessions);
  const lines = v.text.split('\n');
  assert.match(lines[0], /^▶ lsp · 6 files · [\d,]+ sessions · [\d,]+ events$/);
  assert.ok(lines.some((l) => l.startsWith('  continued in RECV20240305')), 'a session crosses a roll-over');
  // a view line maps to its file's line
  const i = lines.findIndex((l, k) => v.sourceFiles[k] === 3 && !l.startsWith(' ') && !l.startsWith('▶'));
  assert.equal(lines[i], files[3].text.split('\r\n')[v.sourceLines[i]]);
  // built once: the id is forgotten
  assert.equal(await client.request(FolderViewBuildRequest.method, { viewId: 'v1' }), null);
});

test('exchangeLog/folderView/dispose forgets a cancelled view', async () => {
  await client.request(FolderViewAddRequest.method, { viewId: 'v2', uri: files[0].uri, text: files[0].text });
  await client.connection.sendNotification(FolderViewDisposeNotification.method, { viewId: 'v2' });
  assert.equal(await client.request(FolderViewBuildRequest.method, { viewId: 'v2' }), null);
});

test('exchangeLog/continuation and sessionEdge: from a session cut by the roll-over to its other part', async () => {
  const names = files.map((f) => f.name);
  const m0 = models[1];
  const m1 = models[2];
  const cut = m0.sessions.find((s) => m1.sessionById.has(s.id))!;
  assert.ok(cut, 'a session crossing from file 1 to file 2');
  await client.open(files[1].uri, files[1].text);
  await client.open(files[2].uri, files[2].text);
  const line = m0.records.get(cut.records.at(-1)!).line;
  const c = await client.request<ContinuationResult>(ContinuationRequest.method, {
    textDocument: { uri: files[1].uri }, position: { line, character: 0 }, direction: 'next', siblings: [...names, 'notes.txt'].reverse(),
  });
  assert.deepEqual({ continues: c.continues, sessionId: c.sessionId, files: c.files }, { continues: true, sessionId: cut.id, files: names.slice(2, 5) });
  assert.equal(c.message, `Session ${cut.id} continues in ${names[2]}.`);
  const e = await client.request<SessionEdgeResult>(SessionEdgeRequest.method, { textDocument: { uri: files[2].uri }, sessionId: cut.id, edge: 'first' });
  const first = m1.records.get(m1.sessions[m1.sessionById.get(cut.id)!].records[0]).line;
  assert.equal(e.position?.line, first);
  const back = await client.request<ContinuationResult>(ContinuationRequest.method, {
    textDocument: { uri: files[2].uri }, position: e.position, direction: 'previous', siblings: names,
  });
  assert.deepEqual(back.files, [names[1], names[0]]);
  const e2 = await client.request<SessionEdgeResult>(SessionEdgeRequest.method, { textDocument: { uri: files[1].uri }, sessionId: cut.id, edge: 'last' });
  assert.equal(e2.position?.line, line);
  assert.equal(await client.request(ContinuationRequest.method, { textDocument: { uri: 'file:///nope.log' }, position: { line: 0, character: 0 }, direction: 'next', siblings: [] }), null);
});

test('workspace symbols find sessions of files sent to the collection that are not open, until they are forgotten', async () => {
  const m = models[4];
  const s = m.sessions[Math.floor(m.sessions.length / 2)];
  const ask = () => client.request<SymbolInformation[]>('workspace/symbol', { query: s.id });
  assert.deepEqual(await ask(), []);
  const r = await client.request<{ sessions: number; accepted: boolean }>(IndexLogRequest.method, { uri: files[4].uri, text: files[4].text });
  assert.deepEqual(r, { sessions: m.sessions.length, events: 0, accepted: true });
  const found = await ask();
  assert.equal(found.length, 1);
  assert.equal(found[0].location.uri, files[4].uri);
  assert.equal(found[0].location.range.start.line, m.records.get(s.records[0]).line);
  assert.match(found[0].name, new RegExp(`^${s.id} · `));
  // re-indexing replaces, opening the file answers from the open document only
  await client.request(IndexLogRequest.method, { uri: files[4].uri, text: files[4].text });
  await client.open(files[4].uri, files[4].text);
  assert.equal((await ask()).length, 1);
  await client.close(files[4].uri);
  assert.equal((await ask()).length, 1, 'still indexed after closing');
  await client.connection.sendNotification(ForgetLogsNotification.method, { uris: [files[4].uri] });
  assert.deepEqual(await ask(), []);
});
