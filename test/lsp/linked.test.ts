/** Linked logs and redacted copies over real JSON-RPC: definition across open documents, the link lenses, the redaction request. */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { CodeLens, Location } from 'vscode-languageserver-protocol';
import { FolderLogsNotification, LinkedTargetRequest, LinkedTargetResult, RedactRequest, RedactResult } from '../../protocol/src/index';
import { parseLog } from '../../server/src/core/model/logModel';
import { LspClient } from '../helpers/lspClient';
import { fixture, fixtureLog, readSample } from '../helpers/paths';
import { layeredTest } from '../helpers/layers';

let client: LspClient;
const uri = (n: string) => `file:///logs/${n}`;
const text = (n: string) => fixture(`linked/${n}`);
const CONN = 'CONNECTLOG20240125-1.LOG';
const SEND = 'SEND20240125-1.LOG';
const RECV = 'RECV20240125-1.LOG';
const TRK = 'MSGTRK20240125-1.LOG';

before(async () => {
  client = new LspClient();
  await client.initialize({ locale: 'en' });
  await client.open(uri(CONN), text(CONN));
});

after(async () => {
  await client.shutdown();
});

const pos = (n: string, lineHas: string, needle: string) => {
  const lines = text(n).split('\n');
  const line = lines.findIndex((l) => l.includes(lineHas));
  return { line, character: lines[line].indexOf(needle) + 1 };
};
const lenses = async (n: string) =>
  (await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: uri(n) } })).filter((l) => l.command?.command === 'exchangeLog.openLinked');

test('definition: within one log while the other is closed, across logs once it is open', async () => {
  const p = pos(CONN, 'Established', '08DC1DB8591B22A0');
  const own = await client.request<Location>('textDocument/definition', { textDocument: { uri: uri(CONN) }, position: p });
  assert.equal(own.uri, uri(CONN));
  assert.equal((await lenses(CONN)).length, 0, 'no lens while no send log is open or known');

  // the client hands over the folder: a SEND file of the same date → a lens, and the target names the file
  await client.connection.sendNotification(FolderLogsNotification.type, { textDocument: { uri: uri(CONN) }, siblings: [uri(SEND), uri('SEND20240124-1.LOG')] });
  const byName = await lenses(CONN);
  assert.equal(byName.length, 2);
  assert.equal(byName[0].command?.title, 'Open in send log');
  const before = await client.request<LinkedTargetResult>(LinkedTargetRequest.method, { textDocument: { uri: uri(CONN) }, line: 5 });
  assert.deepEqual(before, { locations: [], candidates: [uri(SEND)] });

  await client.open(uri(SEND), text(SEND));
  const linked = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: uri(CONN) }, position: p });
  assert.deepEqual(linked.map((l) => [l.uri, l.range.start.line]), [[uri(SEND), 5]]);
  const back = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: uri(SEND) }, position: pos(SEND, ',>,EHLO', '08DC1DB8591B22A0') });
  assert.deepEqual(back.map((l) => [l.uri, l.range.start.line]), [[uri(CONN), 5]]);
  const open = await lenses(CONN);
  // the open send log has the first session only; the second is in no other SEND file of that date
  assert.deepEqual(open.map((l) => [l.command?.title, l.command?.arguments]), [['Open in send log', [uri(CONN), 5]]]);
  const target = await client.request<LinkedTargetResult>(LinkedTargetRequest.method, { textDocument: { uri: uri(CONN) }, line: 5 });
  assert.equal(target.locations[0].uri, uri(SEND));
});

test('receiving message ↔ message tracking, proxy → receive session, references include links', async () => {
  await client.open(uri(RECV), text(RECV));
  await client.open(uri(TRK), text(TRK));
  const toTrk = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: uri(RECV) }, position: pos(RECV, 'receiving message', ';2024') });
  assert.deepEqual(toTrk.map((l) => [l.uri, l.range.start.line]), [[uri(TRK), 5]]);
  const toRecv = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: uri(TRK) }, position: pos(TRK, 'RECEIVE', ';2024') });
  assert.deepEqual(toRecv.map((l) => [l.uri, l.range.start.line]), [[uri(RECV), 8]]);
  const proxied = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: uri(SEND) }, position: pos(SEND, 'Proxying', 'Proxying') });
  assert.deepEqual(proxied.map((l) => [l.uri, l.range.start.line]), [[uri(RECV), 5]]);
  const refs = await client.request<Location[]>('textDocument/references', {
    textDocument: { uri: uri(RECV) }, position: pos(RECV, 'EHLO', '08DC1DB8591B2299'), context: { includeDeclaration: true },
  });
  assert.equal(refs.filter((l) => l.uri === uri(RECV)).length, 6);
  assert.deepEqual(refs.filter((l) => l.uri !== uri(RECV)).map((l) => [l.uri, l.range.start.line]), [[uri(SEND), 10]]);
  // closing a log removes its links
  await client.close(uri(TRK));
  assert.equal(await client.request('textDocument/definition', { textDocument: { uri: uri(RECV) }, position: pos(RECV, 'receiving message', ';2024') }), null);
});

const REDACTION = {
  fixtures: () => ({ original: fixtureLog('smtp-receive/RECV2024031409-1.LOG'), leaks: ['EX02', 'corp.contoso.com', '10.20.30.40', '198.51.100.23', 'j.doe@contoso.com'] }),
  samples: () => ({ original: readSample('smtp-receive/qazeer-artefacts-RECV2023011116-1.log'), leaks: ['SERVER-HOSTNAME', 'DOMAIN.TEST', '10.10.10.10', '95.10.20.33', 'username@domain.com'] }),
};

layeredTest('redaction request: same shape, nothing identifying, unknown document → null', REDACTION, async ({ original, leaks }) => {
  const u = 'file:///samples/RECV2023011116-1.LOG';
  await client.open(u, original);
  const r = await client.request<RedactResult>(RedactRequest.method, { textDocument: { uri: u } });
  for (const leak of leaks) assert.ok(!r.text.includes(leak), leak);
  const a = parseLog(original, { uri: u }), b = parseLog(r.text, { uri: u });
  assert.equal(b.records.length, a.records.length);
  assert.deepEqual(b.sessions.map((s) => s.id), a.sessions.map((s) => s.id));
  assert.ok(r.counts.ipv4 >= 2 && r.counts.hosts >= 1 && r.counts.emails >= 1);
  assert.equal(await client.request(RedactRequest.method, { textDocument: { uri: 'file:///nowhere.log' } }), null);
  await client.close(u);
});
