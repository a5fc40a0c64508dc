/** Hover, folding, symbols and diagnostics on the pure core. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { getLanguageService } from '../../server/src/core/languageService';
import { DocumentSymbol, MarkupContent, Range } from 'vscode-languageserver-types';
import { fixture, fixtureLog, readSample } from '../helpers/paths';
import { layeredTest } from '../helpers/layers';

const ls = getLanguageService();
const recv = ls.parse(fixture('recv-interleaved.log'), 'file:///logs/RECV2024030510-1.LOG', 1);

function contains(outer: Range, inner: Range): boolean {
  const le = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return le(outer.start, inner.start) && le(inner.end, outer.end);
}

function hoverText(model: ReturnType<typeof ls.parse>, line: number, character: number): string {
  const h = ls.doHover(model, { line, character });
  assert.ok(h, `hover at ${line}:${character}`);
  return plain((h.contents as MarkupContent).value);
}

/** Markdown with its backslash escapes removed, as a person reads it. */
function plain(md: string): string {
  return md.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

test('hover names the column and says what it means for this kind', () => {
  // line 9: 2024-03-05T10:00:01.600Z,EX01\Default Frontend EX01,08DC3C0A00000001,3,...,<,EHLO mail.fabrikam.com,
  const line = 9;
  const text = recv.text.slice(recv.lineStarts[line], recv.lineEnds[line]);
  const at = (needle: string) => text.indexOf(needle) + 1;
  assert.match(hoverText(recv, line, 2), /\*\*date-time\*\*/);
  assert.match(hoverText(recv, line, at('08DC3C0A00000001')), /session-id[\s\S]*Identifies one SMTP session/);
  assert.match(hoverText(recv, line, at('10.0.0.5:25')), /this server that accepted the connection/);
  assert.match(hoverText(recv, line, at(',<,') + 1), /Receive: text this server received/);
  assert.match(hoverText(recv, line, at('EHLO')), /column 8 of 9/);
  const h = ls.doHover(recv, { line, character: at('EHLO') })!;
  assert.equal(h.range!.start.line, line);
  assert.equal(text.slice(h.range!.start.character, h.range!.end.character), 'EHLO mail.fabrikam.com');
});

test('hover on directives explains them', () => {
  assert.match(hoverText(recv, 2, 3), /Which log this is[\s\S]*SMTP Receive protocol log/);
  assert.match(hoverText(recv, 4, 3), /names of the columns[\s\S]*9 columns/);
});

test('hover past the end of the document or on blank lines returns null', () => {
  assert.equal(ls.doHover(recv, { line: 10_000, character: 0 }), null);
  assert.equal(ls.doHover(recv, { line: recv.lineStarts.length - 1, character: 0 }), null);
});

test('hover text from the log is escaped: no link, image, html or command is rendered', () => {
  const evil = '2024-01-01T00:00:01.000Z,C,AAAA000000000001,0,1.1.1.1:25,2.2.2.2:1,<,[x](command:workbench.action.quit) <img src=x onerror=alert(1)> `tick` $(zap),';
  const m = ls.parse(evil);
  const value = (ls.doHover(m, { line: 0, character: evil.indexOf('[x]') + 1 })!.contents as MarkupContent).value;
  // The value is shown verbatim inside a code fence longer than any backtick run in it.
  const fence = value.match(/(`{3,})text\n([\s\S]*)\n\1/);
  assert.ok(fence, value);
  assert.ok(fence[2].includes('[x](command:workbench.action.quit)'));
  // Outside the fence there is no raw log text.
  const outside = value.replace(fence[0], '');
  assert.ok(!outside.includes('command:'), outside);
  assert.ok(!outside.includes('<img'), outside);
});

test('folding: header blocks and runs of one session', () => {
  const ranges = ls.getFoldingRanges(recv);
  const starts = ranges.map((r) => `${r.startLine}-${r.endLine}:${r.kind}`);
  assert.ok(starts.includes('0-4:comment'));
  assert.ok(starts.includes('20-24:comment'));
  assert.ok(starts.includes('5-7:region'), starts.join(' '));
  assert.ok(starts.includes('12-15:region'), starts.join(' '));
  assert.ok(starts.includes('25-26:region'), starts.join(' '));
  for (const r of ranges) assert.ok(r.endLine > r.startLine);
});

test('folding honours the client range limit, keeping headers and the longest runs', () => {
  const all = ls.getFoldingRanges(recv);
  const limited = ls.getFoldingRanges(recv, { rangeLimit: 3 });
  assert.equal(limited.length, 3);
  assert.ok(all.length > 3);
  assert.deepEqual(limited.map((r) => `${r.startLine}-${r.endLine}`), ['0-4', '12-15', '20-24']);
});

test('document symbols: header blocks holding one symbol per session, ranges valid', () => {
  const syms = ls.getDocumentSymbols(recv);
  // The header blocks are the top level; each holds the sessions that begin in its section.
  assert.equal(syms.length, 2);
  assert.ok(syms.every((s) => s.kind === 3 /* Namespace */));
  const sessions = syms.flatMap((h) => h.children ?? []);
  assert.equal(sessions.length, 3);
  const s1 = sessions.find((s) => s.name.endsWith('…00000001'))!;
  assert.match(s1.name, /^203\.0\.113\.7 · mail\.fabrikam\.com · /);
  assert.equal(s1.range.start.line, 5);
  assert.equal(s1.range.end.line, 19);
  const check = (s: DocumentSymbol, parent?: DocumentSymbol) => {
    assert.ok(s.name.length > 0);
    assert.ok(contains(s.range, s.selectionRange), `selection inside range for ${s.name}`);
    if (parent) assert.ok(contains(parent.range, s.range), `${s.name} inside ${parent.name}`);
    for (const c of s.children ?? []) check(c, s);
  };
  for (const s of syms) check(s);
});

const MANGLED = {
  fixtures: () => fixtureLog('smtp-send/SEND2024031914-1-MANGLED.LOG'),
  samples: () => readSample('smtp-send/msqa-1054876-ex2016-send-postfix-nullsender-MANGLED.log'),
};

layeredTest('diagnostics carry a code, a source and a readable message', MANGLED, (text) => {
  const m = ls.parse(text);
  const d = ls.getDiagnostics(m);
  assert.ok(d.length >= 7);
  const damaged = d.find((x) => x.code === 'damaged-directive')!;
  assert.equal(damaged.source, 'exchange-log');
  assert.match(damaged.message as string, /lost its # prefix/);
  const ev = d.find((x) => x.code === 'unknown-event')!;
  assert.match(ev.message as string, /event column is empty/);
});

test('document info: kind, and the cursor session with event k of n', () => {
  const info = ls.getDocumentInfo(recv, { line: 9, character: 0 });
  assert.equal(info.kind, 'smtpReceive');
  assert.equal(info.sessions, 3);
  assert.deepEqual(info.session, { id: '08DC3C0A00000001', remote: '203.0.113.7:50001', eventIndex: 4, eventCount: 11 });
});
