/**
 * Requests that name the document version the client holds: the server answers for that version,
 * waiting for it to arrive (bounded, and no longer than the request lives), instead of the client
 * asking again and again.
 */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { CancellationTokenSource } from 'vscode-languageserver-protocol';
import {
  DocumentInfo, DocumentInfoRequest, GroupedViewRequest, LinkedTargetRequest, LinkedTargetResult, LogView, SessionEdgeRequest, SessionEdgeResult,
} from '../../protocol/src/index';
import { LspClient } from '../helpers/lspClient';
import { fixture } from '../helpers/paths';

let client: LspClient;
const recv = fixture('recv-interleaved.log');

before(async () => {
  client = new LspClient();
  await client.initialize({ locale: 'en' });
});

after(() => client.shutdownHealthy());

test('a view asked for a version the server does not have yet is built once that version arrives', async () => {
  const uri = 'file:///logs/RECV2024030510-1.LOG';
  await client.open(uri, recv, 1);
  const asked = client.request<LogView | null>(GroupedViewRequest.method, { textDocument: { uri, version: 2 } });
  await new Promise((resolve) => setTimeout(resolve, 100));
  const last = recv.split('\n').length - 1;
  await client.change(uri, 2, [{ range: { start: { line: last, character: 0 }, end: { line: last, character: 0 } }, text: '' }]);
  const view = await asked;
  assert.ok(view);
  assert.equal(view.version, 2, 'answered for the version asked for');
  // a version the server already has: at once
  const now = await client.request<LogView | null>(GroupedViewRequest.method, { textDocument: { uri, version: 1 } });
  assert.equal(now?.version, 2);
  await client.close(uri);
});

test('a document opened just after the request is found; one that never comes is answered after a bounded wait', async () => {
  const uri = 'file:///logs/RECV2024030511-1.LOG';
  const asked = client.request<DocumentInfo | null>(DocumentInfoRequest.method, { textDocument: { uri, version: 3 }, position: { line: 5, character: 0 } });
  await client.open(uri, recv, 3);
  const info = await asked;
  assert.equal(info?.kind, 'smtpReceive');
  assert.equal(info?.session?.eventIndex, 1);

  const started = Date.now();
  const edge = await client.request<SessionEdgeResult | null>(SessionEdgeRequest.method, {
    textDocument: { uri: 'file:///logs/never.log', version: 1 }, sessionId: '08DC1DB8591B2299', edge: 'first',
  });
  assert.equal(edge, null);
  const waited = Date.now() - started;
  assert.ok(waited >= 2000 && waited < 15_000, `waited ${waited} ms`);
  await client.close(uri);
});

test('a cancelled request stops waiting', async () => {
  const source = new CancellationTokenSource();
  const started = Date.now();
  const asked = client.connection.sendRequest(GroupedViewRequest.type, { textDocument: { uri: 'file:///logs/late.LOG', version: 1 } }, source.token);
  setTimeout(() => source.cancel(), 100);
  await assert.rejects(asked);
  assert.ok(Date.now() - started < 2000, 'the wait ended with the request');
});

test('linked target: the candidates the client opened are waited for before answering', async () => {
  const conn = 'file:///logs/CONNECTLOG20240125-1.LOG';
  const send = 'file:///logs/SEND20240125-1.LOG';
  await client.open(conn, fixture('linked/CONNECTLOG20240125-1.LOG'));
  await client.connection.sendNotification('exchangeLog/folderLogs', { textDocument: { uri: conn }, siblings: [send, 'file:///logs/notes.txt'] });
  const first = await client.request<LinkedTargetResult | null>(LinkedTargetRequest.method, { textDocument: { uri: conn }, line: 5 });
  assert.deepEqual(first, { locations: [], candidates: [send] });
  const asked = client.request<LinkedTargetResult | null>(LinkedTargetRequest.method, { textDocument: { uri: conn }, line: 5, opened: [{ uri: send, version: 1 }] });
  await client.open(send, fixture('linked/SEND20240125-1.LOG'));
  const second = await asked;
  assert.deepEqual(second?.locations.map((l) => l.uri), [send]);
  await client.close(send);
  await client.close(conn);
});
