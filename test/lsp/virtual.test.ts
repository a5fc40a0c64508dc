/**
 * The log collection of a virtual workspace over JSON-RPC: a generated two-server collection sent file by
 * file as `vscode-vfs://` URIs (`exchangeLog/indexLog`), as the client does where the server cannot read
 * the files; the same files written to disk and indexed by a second server are the reference. The tree,
 * workspace symbols, Go to Time, session search, the search view and traces answer the same for both (the
 * lines they need fetched through the client's `exchangeLog/readFile`); a file sent again unchanged is
 * skipped (from memory, and from the disk cache after a restart); forgetting removes; a bad file is named
 * and the others indexed.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SymbolInformation } from 'vscode-languageserver-protocol';
import type {
  CollectionAddFolderResult, CollectionGoToTimeResult, CollectionRefreshResult, CollectionTree,
} from '../../protocol/src/collectionTypes';
import type { IndexLogResult, ReadFileParams, ReadFileResult } from '../../protocol/src/multiFileTypes';
import type { SearchView, SessionSearchResult } from '../../protocol/src/queryTypes';
import type { TraceResult } from '../../protocol/src/traceTypes';
import { IndexLogRequest, ReadFileRequest } from '../../protocol/src/index';
import { LspClient } from '../helpers/lspClient';
import { GeneratedFile, buildCollection } from '../helpers/generateCollection';

const ROOT = 'vscode-vfs://github/contoso/exchange-logs';
const MTIME = 1_709_510_400_000;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exlog-lsp-virtual-'));
const cacheDir = `${dir}-cache`;
const g = buildCollection({ servers: 2, hours: 2, messagesPerHour: 100, seed: 11, fileLimitBytes: 96 * 1024 });
for (const f of g.files) {
  const p = path.join(dir, ...f.path.split('/'));
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, f.data);
}
const diskRoot = pathToFileURL(dir).toString();
const virtualUri = (f: GeneratedFile | string) => `${ROOT}/${typeof f === 'string' ? f : f.path}`;
/** A disk answer with its URIs turned into the virtual collection's. */
const asVirtual = <T>(answer: T): T => JSON.parse(JSON.stringify(answer).split(diskRoot).join(ROOT)) as T;
/** Times and counts that differ from run to run are left out of comparisons. */
const withoutTimes = <T>(answer: T): T => JSON.parse(JSON.stringify(answer, (k, v) => (k === 'elapsedMs' ? undefined : v))) as T;

let disk: LspClient;
let virtual: LspClient;
/** URIs the virtual server asked the client for (`exchangeLog/readFile`). */
const asked: string[] = [];

/** Serves `exchangeLog/readFile` from the generated files, as the client does with `workspace.fs`. */
function serveFiles(client: LspClient, files: readonly GeneratedFile[], log: string[]): void {
  const byUri = new Map(files.map((f) => [virtualUri(f), f]));
  client.connection.onRequest(ReadFileRequest.method, (p: ReadFileParams): ReadFileResult => {
    log.push(p.uri);
    const f = byUri.get(p.uri);
    return f ? { text: f.text } : { message: 'no such file' };
  });
}

/** Sends files as the client does: asks with size and time, then sends the text when the server needs it. */
async function send(client: LspClient, files: readonly GeneratedFile[]): Promise<IndexLogResult[]> {
  const out: IndexLogResult[] = [];
  for (const f of files) {
    const uri = virtualUri(f);
    const probe = await client.request<IndexLogResult>(IndexLogRequest.method, { uri, size: f.data.length, mtime: MTIME });
    out.push(probe.skipped ? probe : await client.request<IndexLogResult>(IndexLogRequest.method, { uri, text: f.text, size: f.data.length, mtime: MTIME }));
  }
  return out;
}

before(async () => {
  disk = new LspClient();
  await disk.initialize({ workspaceFolders: [dir] });
  const run = await disk.request<CollectionRefreshResult>('exchangeLog/collection/refresh', {});
  assert.equal(run.files, g.files.length);
  virtual = new LspClient();
  serveFiles(virtual, g.files, asked);
  await virtual.initialize({ workspaceFolderUris: [ROOT], initializationOptions: { collection: { cacheDir } } });
  const results = await send(virtual, g.files);
  assert.ok(results.every((r) => r.accepted && !r.skipped && r.warning === undefined), JSON.stringify(results.find((r) => !r.accepted || r.warning)));
});

after(async () => {
  await disk.shutdownHealthy();
  await virtual.shutdownHealthy();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(cacheDir, { recursive: true, force: true });
});

test('the tree lists the virtual files by server, kind and day with their URIs, as the same files on disk', async () => {
  const tree = await virtual.request<CollectionTree>('exchangeLog/collection/tree', {});
  assert.deepEqual(tree.folders, [ROOT]);
  assert.deepEqual(tree.servers.map((s) => s.server), ['EX01', 'EX02']);
  const labels = tree.servers[0].kinds.map((k) => k.label);
  assert.ok(labels.some((l) => /FrontEnd/.test(l)) && labels.some((l) => /Hub/.test(l)), labels.join(', '));
  const uris = tree.servers.flatMap((s) => s.kinds.flatMap((k) => k.days.flatMap((d) => d.files.map((f) => f.uri))));
  assert.equal(uris.length, g.files.length);
  assert.ok(uris.every((u) => u.startsWith(`${ROOT}/`)), uris[0]);
  const onDisk = await disk.request<CollectionTree>('exchangeLog/collection/tree', {});
  assert.deepEqual(tree.servers, asVirtual(onDisk.servers));
});

test('workspace symbols find a session of a virtual file never opened, at its line', async () => {
  const recv = g.files.find((f) => f.kind === 'smtpReceive' && f.sessions > 3)!;
  const lines = recv.text.split('\r\n');
  const line = lines.find((l) => /,\+,/.test(l))!;
  const sessionId = line.split(',')[2];
  const symbols = await virtual.request<SymbolInformation[]>('workspace/symbol', { query: sessionId });
  const hit = symbols.find((s) => s.location.uri === virtualUri(recv));
  assert.ok(hit, `no symbol for ${sessionId}: ${JSON.stringify(symbols.slice(0, 2))}`);
  assert.equal(lines[hit.location.range.start.line].split(',')[2], sessionId);
  assert.deepEqual(symbols, asVirtual(await disk.request<SymbolInformation[]>('workspace/symbol', { query: sessionId })));
});

test('Go to Time answers a line of the right hourly file, read through the client', async () => {
  const recv = g.files.filter((f) => f.kind === 'smtpReceive' && f.service === 'Hub')[1];
  const time = new Date(recv.first + 1000).toISOString();
  asked.length = 0;
  const there = await virtual.request<CollectionGoToTimeResult>('exchangeLog/collection/goToTime', { time, textDocument: { uri: virtualUri(recv) } });
  assert.ok(there.location, there.message);
  const onDisk = await disk.request<CollectionGoToTimeResult>('exchangeLog/collection/goToTime', { time, textDocument: { uri: pathToFileURL(path.join(dir, ...recv.path.split('/'))).toString() } });
  assert.deepEqual(there, asVirtual(onDisk));
  assert.ok(there.location.uri.startsWith(ROOT));
  assert.deepEqual(asked, [there.location.uri], 'the server read the file it answers with through the client');
  const file = g.files.find((f) => virtualUri(f) === there.location!.uri)!;
  const found = file.text.split('\r\n')[there.location.range.start.line];
  assert.ok(Date.parse(found.slice(0, found.indexOf(','))) >= Date.parse(time), found);
});

test('session searches find the same sessions as on disk (roll-over sessions joined)', async () => {
  for (const query of ['kind:receive', 'kind:send', 'kind:receive outcome:rejected', 'kind:imap', 'tls:1.2']) {
    const v = await virtual.request<SessionSearchResult>('exchangeLog/collection/search', { query, limit: 100_000 });
    const d = await disk.request<SessionSearchResult>('exchangeLog/collection/search', { query, limit: 100_000 });
    assert.deepEqual(v.problems, []);
    assert.ok(d.total > 0, `${query}: nothing on disk`);
    assert.equal(v.total, d.total, query);
    assert.deepEqual(withoutTimes(v), withoutTimes(asVirtual(d)), query);
  }
  // within a virtual folder: that server's sessions only
  const ex01 = `${ROOT}/EX01`;
  const within = await virtual.request<SessionSearchResult>('exchangeLog/collection/search', { query: 'kind:receive', within: [ex01], limit: 100_000 });
  const onDisk = await disk.request<SessionSearchResult>('exchangeLog/collection/search', { query: 'kind:receive', within: [pathToFileURL(path.join(dir, 'EX01')).toString()], limit: 100_000 });
  assert.ok(within.total > 0 && within.rows.every((r) => r.uri.startsWith(`${ex01}/`)));
  assert.equal(within.total, onDisk.total);
});

test('the search view shows the lines of virtual files, fetched through the client', async () => {
  const query = 'kind:receive outcome:rejected';
  asked.length = 0;
  const v = await virtual.request<SearchView>('exchangeLog/collection/searchView', { query });
  const d = await disk.request<SearchView>('exchangeLog/collection/searchView', { query });
  assert.ok(v.view && v.shown > 0);
  assert.deepEqual(v, asVirtual(d));
  assert.deepEqual([...new Set(asked)].sort(), [...v.view.sources!].sort(), 'each file the view shows was read through the client');
  assert.equal(asked.length, new Set(asked).size, 'once each');
});

test('a trace follows a message across virtual files to the lines read through the client', async () => {
  const m = g.messages.find((x) => x.scenario === 'inboundDelivered' && new Set(x.hops.map((h) => h.server)).size === 2)!;
  asked.length = 0;
  const v = await virtual.request<TraceResult>('exchangeLog/collection/trace', { messageId: m.messageId });
  const d = await disk.request<TraceResult>('exchangeLog/collection/trace', { messageId: m.messageId });
  assert.equal(v.messages.length, 1);
  assert.deepEqual(v.messages[0].hops.map((h) => [h.uri, h.line]), m.hops.filter((h) => !h.missing).map((h) => [virtualUri(h.path), h.line]));
  assert.deepEqual(withoutTimes(v), withoutTimes(asVirtual(d)));
  assert.ok(asked.length > 0, 'the trace read session lines through the client');
  assert.ok(asked.every((u) => u.startsWith(ROOT)));
});

test('linked logs: an open virtual send log\'s connectivity log, never opened, is offered from the collection', async () => {
  const diskUri = (f: GeneratedFile) => pathToFileURL(path.join(dir, ...f.path.split('/'))).toString();
  type Target = { locations: unknown[]; candidates: string[] };
  let checked = 0;
  for (const f of g.files.filter((x) => x.kind === 'smtpSend' && x.service === 'Hub')) {
    const lines = f.text.split('\r\n');
    const line = lines.findIndex((l) => /^\d/.test(l));
    await disk.open(diskUri(f), f.text);
    await virtual.open(virtualUri(f), f.text);
    const d = await disk.request<Target>('exchangeLog/linkedTarget', { textDocument: { uri: diskUri(f) }, line });
    const v = await virtual.request<Target>('exchangeLog/linkedTarget', { textDocument: { uri: virtualUri(f) }, line });
    await disk.close(diskUri(f));
    await virtual.close(virtualUri(f));
    assert.deepEqual(v, asVirtual(d));
    if (v.candidates.some((c) => c.startsWith(ROOT) && /CONNECTLOG/.test(c))) checked++;
    if (checked >= 2) break;
  }
  assert.equal(checked, 2, 'send logs whose connectivity logs were offered');
});

test('a file sent again unchanged is skipped; after a restart the cache holds it; forgetting removes it', async () => {
  const f = g.files.find((x) => x.kind === 'smtpReceive')!;
  const again = await virtual.request<IndexLogResult>(IndexLogRequest.method, { uri: virtualUri(f), size: f.data.length, mtime: MTIME });
  assert.equal(again.skipped, true);
  assert.equal(again.sessions, f.sessions);
  const changed = await virtual.request<IndexLogResult>(IndexLogRequest.method, { uri: virtualUri(f), size: f.data.length, mtime: MTIME + 1 });
  assert.deepEqual(changed, { sessions: 0, accepted: false, needText: true });

  // a new server with the same cache: nothing to send again
  const restarted = new LspClient();
  try {
    await restarted.initialize({ workspaceFolderUris: [ROOT], initializationOptions: { collection: { cacheDir } } });
    const results = await send(restarted, g.files);
    assert.ok(results.every((r) => r.skipped), `${results.filter((r) => !r.skipped).length} files sent again`);
    const tree = await restarted.request<CollectionTree>('exchangeLog/collection/tree', {});
    assert.equal(tree.servers.reduce((n, s) => n + s.files, 0), g.files.length);
  } finally {
    await restarted.shutdownHealthy();
  }

  const sessionId = f.text.split('\r\n').find((l) => /,\+,/.test(l))!.split(',')[2];
  const inFile = async () => (await virtual.request<SymbolInformation[]>('workspace/symbol', { query: sessionId })).filter((s) => s.location.uri === virtualUri(f));
  assert.equal((await inFile()).length, 1);
  await virtual.connection.sendNotification('exchangeLog/forgetLogs', { uris: [virtualUri(f)] });
  assert.deepEqual(await inFile(), []);
  const tree = await virtual.request<CollectionTree>('exchangeLog/collection/tree', {});
  assert.equal(tree.servers.reduce((n, s) => n + s.files, 0), g.files.length - 1);
  // sent again, it is back
  await send(virtual, [f]);
  assert.equal((await inFile()).length, 1);
});

test('a virtual folder added to the collection is the client\'s to stream; a bad file is named, the others indexed', async () => {
  const client = new LspClient();
  const log: string[] = [];
  try {
    await client.initialize();
    const added = await client.request<CollectionAddFolderResult>('exchangeLog/collection/addFolder', { uri: 'memfs:/logs' });
    assert.equal(added.accepted, true);
    assert.equal(added.stream, true);
    assert.deepEqual((await client.request<CollectionTree>('exchangeLog/collection/tree', {})).folders, ['memfs:/logs']);
    serveFiles(client, [], log);
    const good = g.files.filter((f) => f.kind === 'smtpReceive').slice(0, 3);
    const uri = (name: string) => `memfs:/logs/EX03/TransportRoles/Logs/FrontEnd/ProtocolLog/SmtpReceive/${name}`;
    const results: IndexLogResult[] = [];
    results.push(await client.request<IndexLogResult>(IndexLogRequest.method, { uri: uri('RECV2024030400-9.LOG'), text: 'MZ\u0000\u0001binary', size: 9, mtime: 1 }));
    results.push(await client.request<IndexLogResult>(IndexLogRequest.method, { uri: uri('RECV2024030401-9.LOG'), text: '', size: 0, mtime: 1 }));
    for (const f of good) results.push(await client.request<IndexLogResult>(IndexLogRequest.method, { uri: uri(f.path.split('/').pop()!), text: f.text, size: f.data.length, mtime: 1 }));
    assert.match(results[0].warning ?? '', /RECV2024030400-9\.LOG: not a text log/);
    assert.equal(results[1].warning, undefined);
    assert.deepEqual(results.slice(2).map((r) => [r.accepted, r.sessions]), good.map((f) => [true, f.sessions]));
    const tree = await client.request<CollectionTree>('exchangeLog/collection/tree', {});
    // the server comes from the URI's folders, as for a path
    assert.deepEqual(tree.servers.map((s) => s.server), ['EX03']);
    assert.equal(tree.servers[0].kinds.find((k) => k.kind === 'smtpReceive')?.service, 'FrontEnd');
    // a file the client cannot read any more: its lines are left out with a named warning, no error
    const search = await client.request<SearchView>('exchangeLog/collection/searchView', { query: 'kind:receive' });
    assert.equal(search.view?.sources?.length ?? 0, 0);
    assert.ok(log.length > 0);
    assert.ok(client.logs.some((l) => /memfs:\/logs\/.*cannot be read \(no such file\)/.test(l)), client.logs.join('\n'));
  } finally {
    await client.shutdownHealthy();
  }
});
