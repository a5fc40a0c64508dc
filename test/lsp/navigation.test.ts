/** Following a session over real JSON-RPC: the custom requests, highlights, references, definition and workspace symbols. */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { DocumentHighlight, Location, SymbolInformation } from 'vscode-languageserver-protocol';
import {
  GroupedViewRequest, LogView, NavigationRequest, NavigationResult, NavigationTarget, SessionViewRequest,
} from '../../protocol/src/index';
import { sessionIdRange } from '../../server/src/core/features/navigation';
import { LogModel, parseLog } from '../../server/src/core/model/logModel';
import { LspClient } from '../helpers/lspClient';
import { LogFile, fixture, fixtureLogs, repoRoot, sampleFiles } from '../helpers/paths';
import { layeredTest, samplesSkipReason } from '../helpers/layers';

let client: LspClient;
const recvUri = 'file:///logs/RECV2024030510-1.LOG';
const recv = fixture('recv-interleaved.log');
const S1 = [5, 6, 7, 9, 10, 12, 13, 14, 15, 18, 19];

/** Every log of each kind that has sessions, opened under its Exchange-like file name: our fixtures, and the samples when present. */
const KINDS = ['smtp-receive', 'smtp-send', 'pop3', 'imap4', 'connectivity', 'msgtrk'];

interface Opened {
  name: string;
  uri: string;
  model: LogModel;
}
const opened: Record<'fixtures' | 'samples', Opened[]> = { fixtures: [], samples: [] };
const OPENED = { fixtures: () => opened.fixtures, samples: () => opened.samples };

async function openAll(layer: keyof typeof opened, files: LogFile[]): Promise<void> {
  for (const s of files) {
    if (!KINDS.includes(s.folder)) continue;
    const uri = `file:///${layer}/${s.folder}/${encodeURIComponent(s.name.split('/').pop()!)}`;
    await client.open(uri, s.text);
    opened[layer].push({ name: s.name, uri, model: parseLog(s.text, { uri }) });
  }
  assert.deepEqual([...new Set(opened[layer].map((o) => o.name.split('/')[0]))].sort(), [...KINDS].sort());
}

before(async () => {
  client = new LspClient();
  const init = await client.initialize({ locale: 'en' });
  assert.ok(init.capabilities.documentHighlightProvider);
  assert.ok(init.capabilities.referencesProvider);
  assert.ok(init.capabilities.definitionProvider);
  assert.ok(init.capabilities.workspaceSymbolProvider);
  await client.open(recvUri, recv);
  await openAll('fixtures', fixtureLogs());
  if (!samplesSkipReason()) await openAll('samples', sampleFiles());
});

after(() => client.shutdownHealthy());

const navigate = (uri: string, line: number, target: NavigationTarget) =>
  client.request<NavigationResult | null>(NavigationRequest.method, { textDocument: { uri }, position: { line, character: 0 }, target });

const lineOf = (m: LogModel, ri: number) => m.records.get(ri).line;

test('exchangeLog/navigate follows a session and says where it ends', async () => {
  const visited: number[] = [];
  let line = 5;
  for (;;) {
    const r = await navigate(recvUri, line, 'nextEvent');
    assert.ok(r);
    if (!r.position) {
      assert.equal(r.stop, 'endOfSession');
      assert.equal(r.message, 'End of session 08DC3C0A00000001: no later event in this file.');
      break;
    }
    line = r.position.line;
    visited.push(line);
  }
  assert.deepEqual(visited, S1.slice(1));
  const next = await navigate(recvUri, 9, 'nextSession');
  assert.equal(next?.position?.line, 8);
  assert.deepEqual(next?.session, { id: '08DC3C0A00000002', eventIndex: 1, eventCount: 4, sessionIndex: 2, sessionCount: 3 });
  assert.equal((await navigate(recvUri, 2, 'nextEvent'))?.stop, 'notInSession');
  assert.equal(await navigate('file:///not/open.log', 0, 'nextEvent'), null);
});

layeredTest('every sample kind: navigate walks each session in sequence order, and sessions in order of first line', OPENED, async (logs) => {
  for (const o of logs) {
    const m = o.model;
    for (const s of m.sessions) {
      const want = s.ordered.map((ri) => lineOf(m, ri));
      const first = await navigate(o.uri, want[want.length - 1], 'firstEvent');
      assert.equal(first?.position?.line, want[0], `${o.name} ${s.id} first`);
      const last = await navigate(o.uri, want[0], 'lastEvent');
      assert.equal(last?.position?.line, want[want.length - 1], `${o.name} ${s.id} last`);
      const got = [want[0]];
      for (let line = want[0]; ;) {
        const r = await navigate(o.uri, line, 'nextEvent');
        if (!r?.position) {
          assert.equal(r?.stop, 'endOfSession');
          break;
        }
        line = r.position.line;
        got.push(line);
      }
      assert.deepEqual(got, want, `${o.name} ${s.id}`);
      const back = await navigate(o.uri, want[0], 'previousEvent');
      assert.equal(back?.stop, 'startOfSession');
    }
    const firsts = m.sessions.map((s) => lineOf(m, s.records[0]));
    for (let i = 0; i < firsts.length; i++) {
      const n = await navigate(o.uri, firsts[i], 'nextSession');
      if (i + 1 < firsts.length) assert.equal(n?.position?.line, firsts[i + 1], o.name);
      else assert.equal(n?.stop, 'lastSession', o.name);
      const p = await navigate(o.uri, firsts[i], 'previousSession');
      if (i > 0) assert.equal(p?.position?.line, firsts[i - 1], o.name);
      else assert.equal(p?.stop, 'firstSession', o.name);
    }
  }
});

layeredTest('every sample kind: highlights, references and definition on the session id', OPENED, async (logs) => {
  for (const o of logs) {
    const m = o.model;
    for (const s of m.sessions) {
      const lines = s.records.map((ri) => lineOf(m, ri));
      const line = lines[lines.length - 1];
      const idAt = sessionIdRange(m, s.records[s.records.length - 1]).start;
      const h = await client.request<DocumentHighlight[]>('textDocument/documentHighlight', { textDocument: { uri: o.uri }, position: { line, character: 0 } });
      assert.deepEqual(h.map((x) => x.range.start.line), lines, `${o.name} ${s.id} highlights`);
      const refs = await client.request<Location[]>('textDocument/references', {
        textDocument: { uri: o.uri }, position: idAt, context: { includeDeclaration: true },
      });
      assert.deepEqual(refs.map((r) => r.range.start.line), lines, `${o.name} ${s.id} references`);
      assert.ok(refs.every((r) => r.uri === o.uri));
      const def = await client.request<Location | null>('textDocument/definition', { textDocument: { uri: o.uri }, position: idAt });
      assert.equal(def?.range.start.line, lineOf(m, s.ordered[0]), `${o.name} ${s.id} definition`);
    }
  }
  const none = await client.request<Location | null>('textDocument/definition', { textDocument: { uri: recvUri }, position: { line: 9, character: 1 } });
  assert.equal(none, null);
});

layeredTest('workspace symbols find sessions across the open logs by id, remote address, EHLO name and sender', OPENED, async (logs) => {
  const find = (query: string) => client.request<SymbolInformation[]>('workspace/symbol', { query });
  const byEhlo = await find('mail.fabrikam');
  assert.deepEqual(byEhlo.map((s) => [s.location.uri, s.location.range.start.line]), [[recvUri, 5]]);
  assert.equal(byEhlo[0].containerName, 'RECV2024030510-1.LOG · SMTP Receive protocol log');
  const bySender = await find('alice@fabrikam.com');
  assert.equal(bySender.length, 1);
  const byIp = await find('198.51.100.9');
  assert.deepEqual(byIp.map((s) => s.name.split(' · ')[0]), ['08DC3C0A00000002']);
  // Every session of every sample kind is found by its id, in its own log.
  for (const o of logs) {
    for (const s of o.model.sessions) {
      const hits = await find(s.id);
      assert.ok(hits.some((h) => h.location.uri === o.uri && h.location.range.start.line === lineOf(o.model, s.records[0])), `${o.name} ${s.id}`);
    }
  }
  assert.deepEqual(await find(''), []);
});

layeredTest('exchangeLog/sessionView and exchangeLog/groupedView over JSON-RPC, for every sample kind', OPENED, async (logs) => {
  const sv = await client.request<LogView | null>(SessionViewRequest.method, { textDocument: { uri: recvUri }, position: { line: 16, character: 0 } });
  assert.ok(sv);
  assert.equal(sv.sessionId, '08DC3C0A00000002');
  assert.equal(sv.version, 1);
  assert.deepEqual(sv.sourceLines.slice(-4), [8, 11, 16, 17]);
  const byId = await client.request<LogView | null>(SessionViewRequest.method, { textDocument: { uri: recvUri }, sessionId: '08DC3C0A00000002' });
  assert.equal(byId?.text, sv.text);
  for (const o of logs) {
    const g = await client.request<LogView | null>(GroupedViewRequest.method, { textDocument: { uri: o.uri } });
    assert.ok(g, o.name);
    assert.equal(g.sourceLines.length, g.text.split('\n').length - 1, o.name);
    const loose = o.model.sessions.length > 0 && [...o.model.records].some((r) => r.session < 0);
    assert.equal(g.folds.length, o.model.sessions.length + (loose ? 1 : 0), o.name);
    for (const s of o.model.sessions) {
      const v = await client.request<LogView | null>(SessionViewRequest.method, { textDocument: { uri: o.uri }, sessionId: s.id });
      assert.equal(v?.sessionId, s.id);
      assert.deepEqual(v!.sourceLines.slice(-s.ordered.length), s.ordered.map((ri) => lineOf(o.model, ri)), `${o.name} ${s.id}`);
    }
  }
  assert.equal(await client.request(GroupedViewRequest.method, { textDocument: { uri: 'file:///not/open.log' } }), null);
});

test('the grouped view follows edits: a session appended to the log appears with the new version', async () => {
  const uri = 'file:///logs/RECV2024030512-1.LOG';
  const head = '#Software: Microsoft Exchange Server\n#Log-type: SMTP Receive Protocol Log\n#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context\n';
  await client.open(uri, head + '2024-01-01T00:00:01.000Z,C,AAAA000000000001,0,1.1.1.1:25,2.2.2.2:1,+,,\n');
  const before = await client.request<LogView>(GroupedViewRequest.method, { textDocument: { uri } });
  assert.equal(before.folds.length, 1);
  assert.doesNotMatch(before.text, /BBBB000000000002/);
  await client.change(uri, 2, [{
    range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } },
    text: '2024-01-01T00:00:02.000Z,C,BBBB000000000002,0,1.1.1.1:25,3.3.3.3:1,+,,\n2024-01-01T00:00:03.000Z,C,BBBB000000000002,1,1.1.1.1:25,3.3.3.3:1,-,,Local\n',
  }]);
  const after = await client.request<LogView>(GroupedViewRequest.method, { textDocument: { uri } });
  assert.equal(after.version, 2);
  assert.match(after.text, /^▶ BBBB000000000002 · 3\.3\.3\.3:1 · .* · 2 events$/m);
  assert.equal(after.folds.length, 2);
  const nav = await navigate(uri, 4, 'nextEvent');
  assert.equal(nav?.position?.line, 5);
  await client.close(uri);
});

test('README documents every custom request of the protocol', () => {
  const root = repoRoot();
  const protocol = fs.readFileSync(path.join(root, 'protocol', 'src', 'index.ts'), 'utf8');
  const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
  const methods = [...protocol.matchAll(/method = '([^']+)'/g)].map((m) => m[1]);
  assert.ok(methods.includes(NavigationRequest.method) && methods.includes(GroupedViewRequest.method));
  for (const m of methods) assert.ok(readme.includes(`| \`${m}\` |`), `README.md documents ${m}`);
});

test('a server initialised in Brazilian Portuguese navigates in Portuguese', async () => {
  const pt = new LspClient();
  try {
    await pt.initialize({ locale: 'pt-br' });
    await pt.open(recvUri, recv);
    const r = await pt.request<NavigationResult>(NavigationRequest.method, { textDocument: { uri: recvUri }, position: { line: 19, character: 0 }, target: 'nextEvent' });
    assert.equal(r.message, 'Fim da sessão 08DC3C0A00000001: não há evento posterior neste arquivo.');
    const g = await pt.request<LogView>(GroupedViewRequest.method, { textDocument: { uri: recvUri } });
    assert.match(g.text, /agrupado por sessão/);
  } finally {
    assert.equal(await pt.shutdown(), 0);
  }
});
