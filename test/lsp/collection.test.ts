/**
 * The log collection over JSON-RPC: the server indexes the workspace folders it is given, with
 * work-done progress that can be cancelled; workspace symbols find sessions of files never opened;
 * the tree, Go to Time and the cache (reuse after a restart, clearing).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { SymbolInformation } from 'vscode-languageserver-protocol';
import type { CollectionGoToTimeResult, CollectionRefreshResult, CollectionTree } from '../../protocol/src/collectionTypes';
import { LspClient } from '../helpers/lspClient';
import { generateCollection } from '../helpers/generateCollection';

function writeCollectionTo(dir: string, targetBytes: number): void {
  for (const f of generateCollection({ servers: ['EX01', 'EX02'], targetBytes, seed: 5, fileLimitBytes: 256 * 1024 })) {
    const target = path.join(dir, ...f.path.split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, f.data);
  }
}

interface ProgressEvent { kind: string; message?: string; percentage?: number; cancellable?: boolean }

function watchProgress(client: LspClient): { tokens: (string | number)[]; events: ProgressEvent[] } {
  const seen = { tokens: [] as (string | number)[], events: [] as ProgressEvent[] };
  client.connection.onRequest('window/workDoneProgress/create', (p: { token: string | number }) => {
    seen.tokens.push(p.token);
    return null;
  });
  client.connection.onNotification('$/progress', (p: { token: string | number; value: ProgressEvent }) => {
    seen.events.push(p.value);
  });
  return seen;
}

test('the server indexes its workspace folders with progress; symbols, the tree and Go to Time answer from files never opened', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exlog-lsp-coll-'));
  writeCollectionTo(dir, 3 * 1024 * 1024);
  const client = new LspClient();
  const progress = watchProgress(client);
  try {
    await client.initialize({ workspaceFolders: [dir], progress: true });
    const run = await client.request<CollectionRefreshResult>('exchangeLog/collection/refresh', {});
    assert.ok(run.files > 20, `files: ${run.files}`);
    assert.equal(run.warnings.length, 0, run.warnings.join('\n'));
    assert.ok(progress.tokens.length >= 1, 'the server created a progress');
    const kinds = progress.events.map((e) => e.kind);
    assert.equal(kinds[0], 'begin');
    assert.ok(kinds.includes('end'));
    assert.ok(progress.events[0].cancellable);
    assert.ok(progress.events.some((e) => e.kind === 'report' && /files, .* MB/.test(e.message ?? '')), JSON.stringify(progress.events.slice(0, 4)));

    const tree = await client.request<CollectionTree>('exchangeLog/collection/tree', {});
    assert.equal(tree.indexing, false);
    assert.deepEqual(tree.servers.map((s) => s.server), ['EX01', 'EX02']);
    const ex01 = tree.servers[0];
    const labels = ex01.kinds.map((k) => k.label);
    assert.ok(labels.some((l) => /FrontEnd/.test(l)) && labels.some((l) => /Hub/.test(l)), labels.join(', '));
    const file = ex01.kinds[0].days[0].files[0];
    assert.match(file.uri, /^file:\/\//);
    assert.ok(fs.existsSync(new URL(file.uri)));
    const filesIn = (t: CollectionTree) => t.servers.reduce((n, s) => n + s.files, 0);
    assert.equal(filesIn(tree), run.files);

    // a session id of a file that was never opened
    const recv = ex01.kinds.find((k) => k.kind === 'smtpReceive')!.days[0].files[0];
    const text = fs.readFileSync(new URL(recv.uri), 'utf8');
    const line = text.split('\r\n').find((l) => /,\+,/.test(l))!;
    const sessionId = line.split(',')[2];
    const symbols = await client.request<SymbolInformation[]>('workspace/symbol', { query: sessionId });
    const hit = symbols.find((s) => s.location.uri === recv.uri);
    assert.ok(hit, `no symbol for ${sessionId} in ${recv.uri}: ${JSON.stringify(symbols.slice(0, 3))}`);
    assert.equal(text.split('\r\n')[hit.location.range.start.line].split(',')[2], sessionId);

    // Go to Time: the file of that server and kind at the session's first line
    const time = line.slice(0, line.indexOf(','));
    const there = await client.request<CollectionGoToTimeResult>('exchangeLog/collection/goToTime', { time, textDocument: { uri: recv.uri } });
    assert.ok(there.location, there.message);
    assert.equal(there.location.uri, recv.uri);
    const fileLines = text.split('\r\n');
    const found = fileLines[there.location.range.start.line];
    assert.ok(Date.parse(found.slice(0, found.indexOf(','))) >= Date.parse(time), found);
    // the first such line: every record line before it is earlier
    for (const l of fileLines.slice(0, there.location.range.start.line)) {
      if (/^\d{4}-/.test(l)) assert.ok(Date.parse(l.slice(0, l.indexOf(','))) < Date.parse(time), l);
    }
    const bad = await client.request<CollectionGoToTimeResult>('exchangeLog/collection/goToTime', { time: 'yesterday-ish' });
    assert.equal(bad.location, undefined);
    assert.match(bad.message, /Not a time: yesterday-ish/);
  } finally {
    await client.shutdownHealthy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('indexing can be cancelled from its progress, and questions asked meanwhile say the answer is partial', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exlog-lsp-cancel-'));
  writeCollectionTo(dir, 12 * 1024 * 1024);
  const client = new LspClient();
  const progress = watchProgress(client);
  try {
    await client.initialize({ workspaceFolders: [dir], progress: true, initializationOptions: { collection: {} } });
    // wait for the first report, then cancel
    for (let i = 0; i < 400 && !progress.events.some((e) => e.kind === 'report'); i++) await new Promise((r) => setTimeout(r, 10));
    const tree = await client.request<CollectionTree>('exchangeLog/collection/tree', {});
    assert.equal(tree.indexing, true, 'the tree says it is partial while indexing runs');
    await client.connection.sendNotification('window/workDoneProgress/cancel', { token: progress.tokens[0] });
    for (let i = 0; i < 1000 && !progress.events.some((e) => e.kind === 'end'); i++) await new Promise((r) => setTimeout(r, 10));
    assert.ok(progress.events.some((e) => e.kind === 'end'), 'the progress ended');
    const after = await client.request<CollectionTree>('exchangeLog/collection/tree', {});
    assert.equal(after.indexing, false);
    const total = fs.readdirSync(dir, { recursive: true }).filter((f) => /\.log$/i.test(String(f))).length;
    const indexed = after.servers.reduce((n, s) => n + s.files, 0);
    assert.ok(indexed < total, `cancelled before the end: ${indexed} of ${total}`);
  } finally {
    await client.shutdownHealthy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the cache: a restarted server reads nothing again; clearing it makes the next start read everything', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exlog-lsp-cache-'));
  const cacheDir = `${dir}-cache`;
  writeCollectionTo(dir, 1024 * 1024);
  const start = async () => {
    const client = new LspClient();
    await client.initialize({ workspaceFolders: [dir], initializationOptions: { collection: { cacheDir } } });
    return client;
  };
  try {
    const first = await start();
    const r1 = await first.request<CollectionRefreshResult>('exchangeLog/collection/refresh', {});
    assert.ok(r1.files > 10);
    await first.shutdownHealthy();
    const second = await start();
    const r2 = await second.request<CollectionRefreshResult>('exchangeLog/collection/refresh', {});
    assert.equal(r2.cached, r1.files);
    assert.equal(r2.read, 0);
    const cleared = await second.request<{ deleted: number }>('exchangeLog/collection/clearCache', {});
    assert.equal(cleared.deleted, r1.files);
    await second.shutdownHealthy();
    assert.equal(fs.readdirSync(cacheDir).filter((f) => f.endsWith('.idx')).length, 0);
    const third = await start();
    const r3 = await third.request<CollectionRefreshResult>('exchangeLog/collection/refresh', {});
    assert.equal(r3.files, r1.files);
    // every file was read again, and its entry written anew
    assert.equal(fs.readdirSync(cacheDir).filter((f) => f.endsWith('.idx')).length, r1.files);
    // with the cache off, nothing is written
    await third.shutdownHealthy();
    fs.rmSync(cacheDir, { recursive: true, force: true });
    const off = new LspClient();
    await off.initialize({ workspaceFolders: [dir], initializationOptions: { collection: { cacheDir, cache: false } } });
    await off.request<CollectionRefreshResult>('exchangeLog/collection/refresh', {});
    assert.equal(fs.existsSync(cacheDir), false);
    await off.shutdownHealthy();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(cacheDir, { recursive: true, force: true });
  }
});

test('a folder added by URI is indexed; a virtual folder is left to the client to stream; what is no folder is refused with a reason', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exlog-lsp-add-'));
  writeCollectionTo(dir, 512 * 1024);
  const client = new LspClient();
  try {
    await client.initialize();
    const empty = await client.request<CollectionTree>('exchangeLog/collection/tree', {});
    assert.equal(empty.servers.length, 0);
    const added = await client.request<{ accepted: boolean; message: string }>('exchangeLog/collection/addFolder', { uri: pathToFileURL(dir).toString() });
    assert.equal(added.accepted, true);
    await client.request<CollectionRefreshResult>('exchangeLog/collection/refresh', {});
    const tree = await client.request<CollectionTree>('exchangeLog/collection/tree', {});
    assert.deepEqual(tree.servers.map((s) => s.server), ['EX01', 'EX02']);
    // a virtual folder is the client's to read: accepted, with `stream` (test/lsp/virtual.test.ts sends its files)
    const streamed = await client.request<{ accepted: boolean; stream?: boolean; message: string }>('exchangeLog/collection/addFolder', { uri: 'vscode-vfs://github/contoso/logs' });
    assert.deepEqual([streamed.accepted, streamed.stream], [true, true]);
    const folders = (await client.request<CollectionTree>('exchangeLog/collection/tree', {})).folders;
    assert.deepEqual(folders, [pathToFileURL(dir).toString(), 'vscode-vfs://github/contoso/logs']);
    const refused = await client.request<{ accepted: boolean; message: string }>('exchangeLog/collection/addFolder', { uri: 'no folder at all' });
    assert.equal(refused.accepted, false);
    assert.match(refused.message, /Only folders on disk/);
  } finally {
    await client.shutdownHealthy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('linked logs across folders: a send session\'s connectivity log, never opened, is offered from the collection', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exlog-lsp-link-'));
  writeCollectionTo(dir, 1024 * 1024);
  const client = new LspClient();
  try {
    await client.initialize({ workspaceFolders: [dir] });
    await client.request<CollectionRefreshResult>('exchangeLog/collection/refresh', {});
    const sendDir = path.join(dir, 'EX01', 'TransportRoles', 'Logs', 'Hub', 'ProtocolLog', 'SmtpSend');
    const connDir = path.join(dir, 'EX01', 'TransportRoles', 'Logs', 'Hub', 'Connectivity');
    const connected = new Map<string, string>();
    for (const f of fs.readdirSync(connDir)) {
      for (const l of fs.readFileSync(path.join(connDir, f), 'utf8').split('\r\n')) if (/^\d/.test(l)) connected.set(l.split(',')[1], f);
    }
    let found: { file: string; line: number; id: string } | undefined;
    for (const f of fs.readdirSync(sendDir).sort()) {
      const lines = fs.readFileSync(path.join(sendDir, f), 'utf8').replace(/^\ufeff/, '').split('\r\n');
      const i = lines.findIndex((l) => /^\d/.test(l) && connected.has(l.split(',')[2]));
      if (i >= 0) {
        found = { file: f, line: i, id: lines[i].split(',')[2] };
        break;
      }
    }
    assert.ok(found, 'a send session with a connectivity session');
    const uri = pathToFileURL(path.join(sendDir, found.file)).toString();
    await client.open(uri, fs.readFileSync(path.join(sendDir, found.file), 'utf8'));
    const target = await client.request<{ locations: unknown[]; candidates: string[] }>('exchangeLog/linkedTarget', { textDocument: { uri }, line: found.line });
    const expected = pathToFileURL(path.join(connDir, connected.get(found.id)!)).toString();
    assert.ok(target.candidates.includes(expected), `${expected} in ${JSON.stringify(target.candidates)}`);
  } finally {
    await client.shutdownHealthy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
