/**
 * `exchangeLog/collection/trace` over JSON-RPC: a generated two-server collection as the workspace
 * folder, messages traced to the lines of files never opened, the missing logs, `within`, problems;
 * with no collection, the open document; hovers carry "Trace this message" only when the client says
 * it runs that command.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CollectionRefreshResult } from '../../protocol/src/collectionTypes';
import type { TraceResult } from '../../protocol/src/traceTypes';
import { LspClient } from '../helpers/lspClient';
import { MessageTruth, buildCollection } from '../helpers/generateCollection';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exlog-lsp-trace-'));
const g = buildCollection({ servers: 2, hours: 2, messagesPerHour: 100, seed: 3, missing: ['EX02/TransportRoles/Logs/Hub/Connectivity'] });
for (const f of g.files) {
  const p = path.join(dir, ...f.path.split('/'));
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, f.data);
}
const uriOf = (rel: string) => pathToFileURL(path.join(dir, ...rel.split('/'))).toString();
const held = (m: MessageTruth) => m.hops.filter((h) => !h.missing);

test('the collection: hops in order at the lines of files never opened; missing logs; within; problems', async () => {
  const client = new LspClient();
  try {
    await client.initialize({ workspaceFolders: [dir] });
    const run = await client.request<CollectionRefreshResult>('exchangeLog/collection/refresh', {});
    assert.equal(run.files, g.files.length);
    const m = g.messages.find((x) => x.scenario === 'inboundDelivered' && new Set(x.hops.map((h) => h.server)).size === 2)!;
    const r = await client.request<TraceResult>('exchangeLog/collection/trace', { messageId: m.messageId });
    assert.deepEqual(r.problems, []);
    assert.equal(r.source, 'collection');
    assert.equal(r.partial, false);
    assert.equal(r.messages.length, 1);
    const t = r.messages[0];
    assert.deepEqual(t.hops.map((h) => [h.uri, h.line]), held(m).map((h) => [uriOf(h.path), h.line]));
    for (const h of t.hops) {
      const line = fs.readFileSync(new URL(h.uri), 'utf8').split('\r\n')[h.line];
      if (h.sessionId) assert.ok(line.includes(h.sessionId), line);
      else assert.ok(line.includes(m.messageId), line);
    }
    assert.equal(typeof r.elapsedMs, 'number');

    // a message sent out by EX02, whose connectivity logs were not collected
    const out = g.messages.find((x) => x.scenario === 'sentOut' && x.hops.some((h) => h.missing))!;
    const o = (await client.request<TraceResult>('exchangeLog/collection/trace', { messageId: out.messageId })).messages[0];
    assert.deepEqual(o.hops.map((h) => [h.uri, h.line]), held(out).map((h) => [uriOf(h.path), h.line]));
    assert.deepEqual(o.missing.map((x) => [x.server, x.kind]), [['EX02', 'connectivity']]);

    // within one server's folder: only its hops
    const within = await client.request<TraceResult>('exchangeLog/collection/trace', { messageId: m.messageId, within: [pathToFileURL(path.join(dir, 'EX01')).toString()] });
    assert.ok(within.messages[0].hops.length > 0);
    assert.ok(within.messages[0].hops.every((h) => h.uri.startsWith(pathToFileURL(path.join(dir, 'EX01')).toString() + '/')));

    // by sender; nothing; problems
    const bySender = await client.request<TraceResult>('exchangeLog/collection/trace', { from: m.sender });
    assert.ok(bySender.messages.some((x) => x.messageId === m.messageId));
    assert.deepEqual((await client.request<TraceResult>('exchangeLog/collection/trace', { messageId: '<nothing@example.org>' })).messages, []);
    const bad = await client.request<TraceResult>('exchangeLog/collection/trace', { after: 'later' });
    assert.deepEqual(bad.messages, []);
    assert.deepEqual(bad.problems.map((p) => p.message), [
      "'later' is not a time: write it as 2024-03-05 10:15 or 2024-03-05T10:15:00Z (UTC unless a zone is given).",
      'Say which message to trace: a message id, an internal or network message id, a sender, a recipient or a subject.',
    ]);
  } finally {
    await client.shutdownHealthy();
  }
});

test('no collection: the open document is traced; hovers offer the trace only to a client that runs the command', async () => {
  const m = g.messages.find((x) => x.scenario === 'relayedOut')!;
  const fe = m.hops[0];
  const file = g.files.find((f) => f.path === fe.path)!;
  const uri = 'untitled:Untitled-1';
  const lines = file.text.split('\r\n');
  const replyLine = fe.reply!.line;
  for (const traceCommandLinks of [true, false]) {
    const client = new LspClient();
    try {
      await client.initialize({ initializationOptions: { collection: { indexWorkspace: false }, traceCommandLinks } });
      await client.open(uri, file.text);
      const r = await client.request<TraceResult>('exchangeLog/collection/trace', { messageId: m.messageId, textDocument: { uri } });
      assert.equal(r.source, 'document');
      assert.deepEqual(r.messages[0].hops.map((h) => [h.uri, h.line, h.kind]), [[uri, fe.line, 'smtpReceive']]);
      assert.match(r.messages[0].hops[0].detail, /^250 2\.6\.0 /);
      const hover = await client.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri }, position: { line: replyLine, character: lines[replyLine].indexOf('250 2.6.0') + 1 } });
      assert.equal(/\(command:exchangeLog\.traceMessage\?/.test(hover.contents.value), traceCommandLinks, hover.contents.value);
    } finally {
      await client.shutdownHealthy();
    }
  }
});
