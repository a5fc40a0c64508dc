/**
 * Asking the collection over JSON-RPC (`node dist/server.js --stdio`, a generated two-server collection
 * as the workspace folder): the session search (rows pointing at the session's first line, `within`),
 * completion of field names and of the values the collection holds, mistakes with their spans, the
 * search view (every line the line of its own file), and the open document searched when there is no
 * collection. What is expected comes from the files' text and the pure core's index of the same files.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { CollectionRefreshResult } from '../../protocol/src/collectionTypes';
import type { QueryCompletionResult, ReportResult, SearchView, SessionSearchResult } from '../../protocol/src/queryTypes';
import { CollectionIndex, sessionCells } from '../../server/src/core/collection/collection';
import { indexPart } from '../../server/src/core/collection/part';
import { configureL10n } from '../../server/src/core/l10n';
import { queryField } from '../../server/src/core/collection/query';
import { LspClient } from '../helpers/lspClient';
import { GeneratedFile, buildCollection } from '../helpers/generateCollection';
import { fixtureLog } from '../helpers/paths';

configureL10n('en', undefined);

const HEADING = '\u25b6 ';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exlog-lsp-query-'));
const generated = buildCollection({ servers: ['EX01', 'EX02'], targetBytes: 2 * 1024 * 1024, fileLimitBytes: 192 * 1024, seed: 23, imap: false });
const onDisk = (f: GeneratedFile) => path.join(dir, ...f.path.split('/'));
const index = new CollectionIndex();
for (const f of generated.files) {
  fs.mkdirSync(path.dirname(onDisk(f)), { recursive: true });
  fs.writeFileSync(onDisk(f), f.data);
  const part = indexPart(f.text, { byteStart: 0, byteEnd: f.bytes, endsWithBreak: true, lineOffset: 0, headerPrefix: '' }, onDisk(f));
  index.setFile({ path: onDisk(f), size: f.bytes, mtime: 1, parts: [part] });
}
const linesOf = new Map<string, string[]>();
/** The lines of a file of the collection (by URI), as on disk. */
const fileLines = (uri: string) => {
  let l = linesOf.get(uri);
  if (!l) linesOf.set(uri, (l = fs.readFileSync(fileURLToPath(uri), 'utf8').replace(/^\ufeff/, '').split('\r\n')));
  return l;
};
/** The session id field of a receive or send log line. */
const sessionOf = (line: string) => line.split(',')[2];

const sessions = [...index.sessions()].map(sessionCells);
/** The remote host with the most receive sessions (the hostile addresses that hammer AUTH, or a partner). */
const hosts = new Map<string, number>();
for (const s of sessions) if (s.kind === 'smtpReceive' && s.remote) hosts.set(s.remote.replace(/:\d+$/, ''), (hosts.get(s.remote.replace(/:\d+$/, '')) ?? 0) + 1);
const busyHost = [...hosts].sort((a, b) => b[1] - a[1])[0][0];
/** Its sessions of every kind (a Hub's address is the remote of the FrontEnd's send sessions too). */
const busy = sessions.filter((s) => (s.remote ?? '').replace(/:\d+$/, '') === busyHost);

const client = new LspClient();
before(async () => {
  await client.initialize({ workspaceFolders: [dir] });
  const run = await client.request<CollectionRefreshResult>('exchangeLog/collection/refresh', {});
  assert.equal(run.files, generated.files.length);
});
after(async () => {
  await client.shutdownHealthy();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('search: every session of a remote address, each row at its session\'s first line, in time order, with its words', async () => {
  assert.ok(busy.length >= 5, `${busyHost}: ${busy.length} sessions`);
  const r = await client.request<SessionSearchResult>('exchangeLog/collection/search', { query: `remote:${busyHost}` });
  assert.deepEqual(r.problems, []);
  assert.equal(r.source, 'collection');
  assert.equal(r.partial, false);
  const expected = busy;
  assert.equal(r.total, expected.length);
  assert.equal(r.rows.length, expected.length);
  assert.deepEqual(r.rows.map((x) => x.sessionId).sort(), expected.map((s) => s.id).sort());
  for (const row of r.rows) {
    const line = fileLines(row.uri)[row.line];
    assert.equal(sessionOf(line), row.sessionId, `${row.uri}:${row.line + 1} is a line of ${row.sessionId}`);
    // its first line: no line of the session before it in that file
    assert.ok(!fileLines(row.uri).slice(0, row.line).some((l) => /^\d/.test(l) && sessionOf(l) === row.sessionId), `${row.sessionId} begins at ${row.line + 1}`);
    assert.equal(row.remote?.replace(/:\d+$/, ''), busyHost);
    assert.ok(row.labels && row.labels.kind.length > 0 && row.labels.outcome.length > 0, JSON.stringify(row.labels));
    assert.ok(['EX01', 'EX02'].includes(row.server));
  }
  const starts = r.rows.map((x) => x.start ?? Infinity);
  assert.deepEqual(starts, [...starts].sort((a, b) => a - b));
  assert.equal(typeof r.elapsedMs, 'number');

  // the limit keeps the earliest, and `total` counts them all
  const two = await client.request<SessionSearchResult>('exchangeLog/collection/search', { query: `remote:${busyHost}`, limit: 2 });
  assert.equal(two.total, expected.length);
  assert.deepEqual(two.rows.map((x) => x.sessionId), r.rows.slice(0, 2).map((x) => x.sessionId));
});

test('search within a folder: only the files below it', async () => {
  const ex02 = pathToFileURL(path.join(dir, 'EX02')).toString();
  const all = await client.request<SessionSearchResult>('exchangeLog/collection/search', { query: 'kind:receive outcome:rejected', limit: 100_000 });
  const within = await client.request<SessionSearchResult>('exchangeLog/collection/search', { query: 'kind:receive outcome:rejected', within: [ex02], limit: 100_000 });
  assert.ok(all.total > within.total && within.total > 0, `${within.total} of ${all.total}`);
  for (const row of within.rows) assert.ok(row.uri.startsWith(`${ex02}/`), row.uri);
  assert.equal(within.total, all.rows.filter((x) => x.uri.startsWith(`${ex02}/`)).length);
  for (const row of within.rows) assert.equal(row.outcome, 'rejected');
});

test('a query with mistakes: each mistake with the span it is about, and no rows', async () => {
  const query = 'remote:10.0.0.0/33 outcom:rejected';
  const r = await client.request<SessionSearchResult>('exchangeLog/collection/search', { query });
  assert.equal(r.rows.length, 0);
  assert.equal(r.total, 0);
  assert.ok(r.problems.length >= 2, JSON.stringify(r.problems));
  const spans = r.problems.map((p) => query.slice(p.start, p.end));
  assert.ok(spans.some((s) => s.includes('10.0.0.0/33')), JSON.stringify(spans));
  assert.ok(spans.some((s) => s.startsWith('outcom')), JSON.stringify(spans));
  for (const p of r.problems) assert.ok(p.message.length > 0);
  // the view says the same, and builds nothing
  const v = await client.request<SearchView>('exchangeLog/collection/searchView', { query });
  assert.equal(v.view, undefined);
  assert.deepEqual(v.problems, r.problems);
});

test('completion: field names as typed, then the values the collection holds with their counts', async () => {
  const fields = await client.request<QueryCompletionResult>('exchangeLog/collection/complete', { query: 'outcome:rejected re', offset: 19 });
  const remote = fields.items.find((i) => i.label === 'remote:');
  assert.ok(remote, JSON.stringify(fields.items.map((i) => i.label)));
  assert.equal(remote.kind, 'field');
  assert.deepEqual([remote.replaceStart, remote.replaceEnd], [17, 19]);
  for (const i of fields.items.filter((x) => x.kind === 'field')) {
    const field = queryField(i.label.slice(0, -1))!;
    assert.ok([field.name, ...field.aliases].some((n) => n.startsWith('re')), `${i.label} is offered for "re"`);
  }

  const prefix = busyHost.slice(0, busyHost.lastIndexOf('.') + 1);
  const query = `remote:${prefix}`;
  const values = await client.request<QueryCompletionResult>('exchangeLog/collection/complete', { query, offset: query.length });
  const host = values.items.find((i) => i.label === busyHost);
  assert.ok(host, `${busyHost} among ${JSON.stringify(values.items.map((i) => i.label).slice(0, 20))}`);
  assert.equal(host.kind, 'value');
  assert.equal(host.replaceStart, 'remote:'.length);
  assert.match(host.detail ?? '', new RegExp(`^${busy.length} sessions$`));

  const ehlo = await client.request<QueryCompletionResult>('exchangeLog/collection/complete', { query: 'ehlo:', offset: 5 });
  const names = new Set(sessions.filter((s) => s.helo).map((s) => s.helo!.toLowerCase()));
  assert.ok(ehlo.items.length > 0 && ehlo.items.every((i) => names.has(i.label.toLowerCase())), JSON.stringify(ehlo.items.slice(0, 5)));

  const bad = await client.request<QueryCompletionResult>('exchangeLog/collection/complete', { query: 'outcome:rejectd', offset: 15 });
  assert.equal(bad.problems.length, 1);
  assert.equal('outcome:rejectd'.slice(bad.problems[0].start, bad.problems[0].end), 'rejectd');
  assert.match(bad.problems[0].message, /rejected/);
  // the cursor after 'rej': the value replaces the whole word
  const fix = await client.request<QueryCompletionResult>('exchangeLog/collection/complete', { query: 'outcome:rejectd', offset: 11 });
  assert.ok(fix.items.some((i) => i.label === 'rejected' && i.insertText === 'rejected' && i.replaceStart === 8 && i.replaceEnd === 15), JSON.stringify(fix.items));
});

test('the search view: the matching sessions, each line the line of its own file, a fold and a heading per session', async () => {
  const query = `remote:${busyHost}`;
  const v = await client.request<SearchView>('exchangeLog/collection/searchView', { query });
  assert.deepEqual(v.problems, []);
  assert.ok(v.view);
  assert.equal(v.total, busy.length);
  assert.equal(v.shown, busy.length);
  const view = v.view;
  const lines = view.text.split('\n').slice(0, -1);
  assert.equal(lines.length, view.sourceLines.length);
  assert.equal(lines.length, view.sourceFiles.length);
  assert.ok(lines[0].startsWith(`${HEADING}Search: ${query} · ${busy.length} matching sessions · `), lines[0]);
  const ids = new Set(busy.map((s) => s.id));
  let logLines = 0;
  const perSession = new Map<string, number>();
  lines.forEach((text, i) => {
    if (text === '' || text.startsWith(HEADING) || text.startsWith('  ')) return;
    const uri = view.sources[view.sourceFiles[i]];
    assert.equal(text, fileLines(uri)[view.sourceLines[i]], `view line ${i + 1} is line ${view.sourceLines[i] + 1} of ${uri}`);
    assert.ok(ids.has(sessionOf(text)), `view line ${i + 1} belongs to a matching session`);
    perSession.set(sessionOf(text), (perSession.get(sessionOf(text)) ?? 0) + 1);
    logLines++;
  });
  assert.deepEqual([...perSession.keys()].sort(), [...ids].sort());
  // every line of each session is there: as many as the files hold
  const inFiles = new Map<string, number>();
  for (const uri of view.sources) for (const l of fileLines(uri)) if (/^\d/.test(l) && ids.has(sessionOf(l))) inFiles.set(sessionOf(l), (inFiles.get(sessionOf(l)) ?? 0) + 1);
  const diff = [...inFiles].filter(([id, n]) => perSession.get(id) !== n).map(([id, n]) => `${id}: ${perSession.get(id)} of ${n}`);
  assert.deepEqual(diff, []);
  assert.equal(view.folds.length, busy.length);
  for (const f of view.folds) {
    assert.ok(lines[f.startLine].startsWith(HEADING));
    const uri = view.sources[view.sourceFiles[f.startLine]];
    assert.equal(sessionOf(fileLines(uri)[view.sourceLines[f.startLine]]), lines[f.startLine].slice(HEADING.length).split(' ')[0]);
  }
});

test('with no collection, the open document is searched; with neither, the answer says there is nothing to search', async () => {
  const alone = new LspClient();
  try {
    await alone.initialize();
    const uri = 'untitled:Untitled-1';
    const text = fixtureLog('smtp-receive/RECV2024031409-1.LOG');
    await alone.open(uri, text);
    const docLines = text.replace(/^\ufeff/, '').split(/\r?\n/);
    const receiveIds = new Set(docLines.filter((l) => /^\d/.test(l)).map(sessionOf));
    const r = await alone.request<SessionSearchResult>('exchangeLog/collection/search', { query: 'kind:receive', textDocument: { uri } });
    assert.deepEqual(r.problems, []);
    assert.equal(r.source, 'document');
    assert.equal(r.total, receiveIds.size);
    for (const row of r.rows) {
      assert.equal(row.uri, uri);
      assert.equal(sessionOf(docLines[row.line]), row.sessionId);
    }
    const v = await alone.request<SearchView>('exchangeLog/collection/searchView', { query: 'kind:receive', textDocument: { uri } });
    assert.ok(v.view);
    assert.equal(v.shown, receiveIds.size);
    assert.deepEqual(v.view.sources, [uri]);
    const lines = v.view.text.split('\n');
    let checked = 0;
    lines.forEach((l, i) => {
      if (v.view!.sourceFiles[i] === 0 && /^\d/.test(l)) {
        assert.equal(l, docLines[v.view!.sourceLines[i]]);
        checked++;
      }
    });
    assert.equal(checked, docLines.filter((l) => /^\d/.test(l)).length);
    const completion = await alone.request<QueryCompletionResult>('exchangeLog/collection/complete', { query: 'ehlo:', offset: 5, textDocument: { uri } });
    assert.ok(completion.items.length > 0);

    const none = await alone.request<SessionSearchResult>('exchangeLog/collection/search', { query: 'kind:receive' });
    assert.equal(none.rows.length, 0);
    assert.match(none.problems[0]?.message ?? '', /nothing to search/);
    // field names are offered all the same
    const fields = await alone.request<QueryCompletionResult>('exchangeLog/collection/complete', { query: '', offset: 0 });
    assert.ok(fields.items.some((i) => i.label === 'remote:'));
    // a bad request does not break the server
    const odd = await alone.request<SessionSearchResult>('exchangeLog/collection/search', { query: 42, textDocument: { uri } });
    assert.deepEqual(odd.problems, []);
  } finally {
    await alone.shutdownHealthy();
  }
});

test('reports: each row\'s search lists exactly its sessions; a report narrowed by a search; an unknown report or a bad search says why', async () => {
  const tls = await client.request<ReportResult>('exchangeLog/collection/report', { report: 'tls' });
  assert.deepEqual(tls.problems, []);
  assert.equal(tls.report, 'tls');
  assert.equal(tls.source, 'collection');
  const table = tls.tables[0];
  assert.ok(table.rows.length > 3, `${table.rows.length} rows`);
  for (const row of table.rows.slice(0, 4)) {
    assert.ok(row.where, JSON.stringify(row.cells));
    const sessionsOfRow = ['tlsSessions', 'plainSessions', 'failedSessions'].reduce((n, k) => n + (row.cells[k] as number), 0);
    const found = await client.request<SessionSearchResult>('exchangeLog/collection/search', { query: row.where, limit: 0 });
    assert.deepEqual(found.problems, [], row.where);
    assert.equal(found.total, sessionsOfRow, `${row.where}: ${found.total} sessions, the row counts ${sessionsOfRow}`);
  }

  const narrowed = await client.request<ReportResult>('exchangeLog/collection/report', { report: 'tls', where: 'server:EX02', top: 5 });
  assert.deepEqual(narrowed.problems, []);
  assert.ok(narrowed.tables[0].rows.length > 0 && narrowed.tables[0].rows.length <= 5);
  assert.ok(narrowed.tables[0].total >= narrowed.tables[0].rows.length);
  for (const row of narrowed.tables[0].rows) {
    assert.deepEqual(row.cells.servers, ['EX02']);
    assert.ok(row.where?.startsWith('(server:EX02) '), row.where);
  }
  // within a folder: the same as narrowed to its server
  const within = await client.request<ReportResult>('exchangeLog/collection/report', { report: 'tls', within: [pathToFileURL(path.join(dir, 'EX02')).toString()], top: 5 });
  assert.deepEqual(within.tables[0].rows.map((r) => r.cells), narrowed.tables[0].rows.map((r) => r.cells));

  // the organisation's domains: every recipient domain inside it, none is outside
  const relay = await client.request<ReportResult>('exchangeLog/collection/report', { report: 'relay', top: 10_000 });
  const domains = new Set(relay.tables[0].rows.flatMap((r) => [...(r.cells.externalDomains as string[]), ...(r.cells.senderDomains as string[])]));
  assert.ok(relay.tables[0].rows.some((r) => (r.cells.externalDomains as string[]).length > 0), 'some recipient domains are outside');
  const inside = await client.request<ReportResult>('exchangeLog/collection/report', { report: 'relay', top: 10_000, orgDomains: [...domains] });
  assert.equal(inside.tables[0].rows.length, relay.tables[0].rows.length);
  for (const r of inside.tables[0].rows) assert.deepEqual(r.cells.externalDomains, [], JSON.stringify(r.cells));

  const unknown = await client.request<ReportResult>('exchangeLog/collection/report', { report: 'weather' });
  assert.equal(unknown.tables.length, 0);
  assert.match(unknown.problems[0].message, /no report weather; the reports are: relay, tls/);
  const bad = await client.request<ReportResult>('exchangeLog/collection/report', { report: 'relay', where: 'remote:1.2.3.4.5' });
  assert.equal(bad.tables.length, 0);
  assert.equal('remote:1.2.3.4.5'.slice(bad.problems[0].start, bad.problems[0].end), '1.2.3.4.5');
});
