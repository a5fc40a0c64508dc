/** Outline: header sections, session names and details, key events, grouping and the symbol budget. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { SymbolKind } from 'vscode-languageserver-types';
import { getLanguageService } from '../../server/src/core/languageService';
import { generateReceiveLog } from '../helpers/generate';
import { fixture } from '../helpers/paths';
import { ALL_LOGS, layeredTest } from '../helpers/layers';
import { assertValidSymbols, flatten } from '../helpers/symbolChecks';

const ls = getLanguageService();
const recv = ls.parse(fixture('recv-interleaved.log'), 'file:///logs/RECV2024030510-1.LOG', 1);
const HEADER = 'date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context';
const head = `#Software: Microsoft Exchange Server\n#Version: 15.01.2507.023\n#Log-type: SMTP Receive Protocol Log\n#Date: 2024-03-05T10:00:00.000Z\n#Fields: ${HEADER}\n`;

test('a header symbol spans its whole section and selects the #Fields line (sticky scroll pins the column names)', () => {
  const [h1, h2] = ls.getDocumentSymbols(recv);
  assert.equal(h1.name, 'Header: SMTP Receive protocol log');
  assert.equal(h1.detail, 'SMTP Receive Protocol Log · 2024-03-05T10:00:00.000Z');
  assert.deepEqual([h1.range.start.line, h1.range.end.line], [0, 19]);
  assert.equal(h1.selectionRange.start.line, 4);
  assert.equal(recv.text.slice(recv.lineStarts[4] + h1.selectionRange.start.character, recv.lineStarts[4] + h1.selectionRange.end.character), `#Fields: ${HEADER}`);
  assert.deepEqual([h2.range.start.line, h2.range.end.line], [20, 26]);
  assert.equal(h2.selectionRange.start.line, 24);
});

test('sessions are named remote · EHLO name · short id, with start, duration, events and outcome', () => {
  const sessions = ls.getDocumentSymbols(recv).flatMap((h) => h.children ?? []);
  assert.deepEqual(sessions.map((s) => s.name), [
    '203.0.113.7 · mail.fabrikam.com · …00000001',
    '198.51.100.9 · [198.51.100.9] · …00000002',
    'quoted,name "x" · …00000003',
  ]);
  assert.deepEqual(sessions.map((s) => s.detail), [
    '10:00:01 · 2 s · 11 events · no mail',
    '10:00:01 · 1.1 s · 4 events · dropped by the remote side',
    '11:00:00 · 100 ms · 2 events · continues in a later file',
  ]);
  assert.ok(sessions.every((s) => s.kind === SymbolKind.Event));
  // the selection is the session id on the first line
  const s1 = sessions[0];
  const ls1 = recv.lineStarts[5];
  assert.equal(recv.text.slice(ls1 + s1.selectionRange.start.character, ls1 + s1.selectionRange.end.character), '08DC3C0A00000001');
});

test('key events are the children of a session, on their own lines', () => {
  const s1 = ls.getDocumentSymbols(recv)[0].children![0];
  assert.deepEqual(s1.children!.map((k) => `${k.range.start.line} ${k.name} ${k.detail}`), [
    '5 Connect: 203.0.113.7:50001 10:00:01.000',
    '9 EHLO mail.fabrikam.com 10:00:01.600',
    '12 MAIL FROM:<alice@fabrikam.com> SIZE=2048 10:00:02.000',
    '14 RCPT TO:<bob@contoso.com> 10:00:02.020',
    '19 Disconnect: Local 10:00:03.010',
  ]);
  assert.ok(s1.children!.every((k) => k.range.start.line === k.range.end.line));
  assert.equal(ls.getDocumentSymbols(recv, { keyEvents: false })[0].children![0].children, undefined);
});

layeredTest('every sample gives valid symbols (names, selection inside range, children inside parent)', ALL_LOGS, (files) => {
  for (const s of files) {
    const m = ls.parse(s.text, `file:///samples/${s.name.split('/').pop()}`, 1);
    assertValidSymbols(ls.getDocumentSymbols(m));
    assertValidSymbols(ls.getDocumentSymbols(m, { groupThreshold: 1 }));
  }
});

test('log text cannot produce an empty or multi-line name', () => {
  const text = head
    + '2024-03-05T10:00:01.000Z,C,AAAA000000000001,0,10.0.0.5:25,,+,,\n'
    + '2024-03-05T10:00:01.100Z,C,AAAA000000000001,1,10.0.0.5:25,,<,"EHLO \u0000evil\u001b[31m   host",\n'
    + '2024-03-05T10:00:01.200Z,C,AAAA000000000002,1,10.0.0.5:25,,<,"EHLO ",\n';
  const syms = ls.getDocumentSymbols(ls.parse(text, 'file:///x/RECV1.LOG'));
  assertValidSymbols(syms);
  for (const s of flatten(syms)) assert.ok(!/[\u0000-\u001f]/.test(s.name), JSON.stringify(s.name));
  const sessions = syms[0].children!;
  assert.match(sessions[0].name, /^EHLO|evil/);
  assert.equal(sessions[1].name, '…00000002');
});

test('past the threshold sessions are grouped by hour, then by remote; every session appears once', () => {
  const g = generateReceiveLog({ targetBytes: 400_000, seed: 7 });
  const m = ls.parse(g.text, 'file:///logs/RECV2024030510-1.LOG', 1);
  assert.ok(m.sessions.length > 60, `${m.sessions.length} sessions`);
  const syms = ls.getDocumentSymbols(m, { groupThreshold: 20 });
  assertValidSymbols(syms);
  const header = syms[0];
  const hours = header.children!;
  assert.ok(hours.length >= 1);
  assert.ok(hours.every((h) => h.kind === SymbolKind.Package && /^2024-03-05 \d\d:00 to \d\d:00 UTC$/.test(h.name)), hours.map((h) => h.name).join(', '));
  const remotes = hours.flatMap((h) => h.children!).filter((c) => c.kind === SymbolKind.Object);
  assert.ok(remotes.length > 0, 'an hour over the threshold is split by remote');
  assert.ok(remotes.every((r) => /^\d+\.\d+\.\d+\.\d+$/.test(r.name) && /^\d+ sessions$/.test(r.detail!)));
  for (const r of remotes) assert.ok(r.children!.every((s) => s.name.startsWith(r.name + ' · ')));
  const sessions = flatten(syms).filter((s) => s.kind === SymbolKind.Event && /…[0-9A-F]{8}$/.test(s.name));
  assert.equal(sessions.length, m.sessions.length);
  assert.equal(new Set(sessions.map((s) => s.name)).size, m.sessions.length);
  // below the threshold nothing is grouped
  const flat = ls.getDocumentSymbols(m, { groupThreshold: 100_000 });
  assert.equal(flat[0].children!.length, m.sessions.length);
});

test('the symbol budget drops key events first, then the last sessions, and says so', () => {
  const g = generateReceiveLog({ targetBytes: 200_000, seed: 3 });
  const m = ls.parse(g.text, 'file:///logs/RECV2024030510-1.LOG', 1);
  const n = m.sessions.length;
  const full = flatten(ls.getDocumentSymbols(m, { groupThreshold: 100_000 }));
  assert.ok(full.length > n * 5, 'key events listed when within budget');
  const noKeys = flatten(ls.getDocumentSymbols(m, { groupThreshold: 100_000, maxSymbols: n + 1 }));
  assert.equal(noKeys.length, n + 1);
  const cut = ls.getDocumentSymbols(m, { groupThreshold: 100_000, maxSymbols: 20 });
  assertValidSymbols(cut);
  const all = flatten(cut);
  assert.ok(all.length <= 20, `${all.length} symbols`);
  const more = all.find((s) => /more sessions not listed$/.test(s.name))!;
  assert.ok(more);
  assert.equal(more.name, `${n - 18} more sessions not listed`);
  // resultLimit is the same limit under its LSP name
  assert.ok(flatten(ls.getDocumentSymbols(m, { groupThreshold: 100_000, resultLimit: 20 })).length <= 20);
});

test('records before any header are listed at the top level', () => {
  const m = ls.parse('2024-03-05T10:00:01.000Z,C,AAAA000000000001,0,10.0.0.5:25,1.2.3.4:5,+,,\n2024-03-05T10:00:02.000Z,C,AAAA000000000001,1,10.0.0.5:25,1.2.3.4:5,-,,Local\n', 'file:///x/RECV1.LOG');
  const syms = ls.getDocumentSymbols(m);
  assertValidSymbols(syms);
  assert.deepEqual(syms.map((s) => s.name), ['1.2.3.4 · …00000001']);
});
