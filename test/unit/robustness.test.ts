/** Hostile, broken and huge inputs: each survives, with a clear diagnostic where something is wrong. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { getLanguageService } from '../../server/src/core/languageService';
import { checkEverything, positionsFor } from '../fuzz/harness';
import { fixtureLog, readSample } from '../helpers/paths';
import { layeredTest } from '../helpers/layers';

const ls = getLanguageService();
const HEAD = '#Software: Microsoft Exchange Server\r\n#Version: 15.0.0.0\r\n#Log-type: SMTP Receive Protocol Log\r\n#Date: 2024-01-01T00:00:00.000Z\r\n#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context\r\n';
const REC = (seq: number, data = 'EHLO x', id = 'AAAA000000000001') => `2024-01-01T00:00:0${seq % 10}.000Z,C,${id},${seq},10.0.0.1:25,192.0.2.1:5000,<,${data},\r\n`;

function codes(text: string): string[] {
  const m = ls.parse(text);
  checkEverything(text, positionsFor(text, 3));
  return ls.getDiagnostics(m).map((d) => `${d.code}@${d.range.start.line}`);
}

test('empty file, only a header, a header without #Fields', () => {
  assert.deepEqual(codes(''), []);
  assert.deepEqual(codes(HEAD), []);
  const noFields = HEAD.replace(/#Fields:.*\r\n/, '');
  assert.ok(codes(noFields + REC(0)).includes('missing-fields@0'));
  const m = ls.parse(noFields + REC(0));
  assert.equal(m.sessions.length, 1, 'records under a header without #Fields still form sessions');
});

test('#Fields with fewer or more columns than the records', () => {
  const fewer = HEAD.replace(',data,context', '');
  assert.ok(codes(fewer + REC(0)).includes('field-count@5'));
  const more = HEAD.replace(',context', ',context,extra');
  assert.ok(codes(more + REC(0)).includes('field-count@5'));
});

test('a header block repeated mid-file with different fields', () => {
  const text = HEAD + REC(0) + HEAD.replace('connector-id,', '') + '2024-01-01T00:00:01.000Z,AAAA000000000001,1,10.0.0.1:25,192.0.2.1:5000,>,250 OK,\r\n';
  assert.ok(codes(text).includes('fields-changed@10'));
  const m = ls.parse(text);
  assert.equal(m.sessions[0].records.length, 2, 'the session continues under the new layout');
  assert.equal(m.records.get(1).event, '>');
});

test('an unterminated quote stays on its line: the next line parses normally', () => {
  const text = HEAD + REC(0, '"unterminated, data') + REC(1) + REC(2);
  assert.ok(codes(text).includes('unterminated-quote@5'));
  const m = ls.parse(text);
  assert.equal(m.records.length, 3);
  assert.deepEqual([...m.records].map((r) => r.seq), [0, 1, 2]);
});

test('a quote inside an unquoted field, and "" at odd places', () => {
  assert.ok(codes(HEAD + REC(0, 'say "hi"')).includes('stray-quote@5'));
  const odd = HEAD + REC(0, '""') + REC(1, '""""') + REC(2, '"a""b"');
  const m = ls.parse(odd);
  assert.equal(m.records.length, 3);
  assert.equal(m.problems.filter((p) => p.code === 'unterminated-quote').length, 0);
});

test('a 100,000-character line and a line of 10,000 commas', () => {
  const long = HEAD + REC(0, 'x'.repeat(100_000)) + REC(1);
  assert.deepEqual(codes(long).filter((c) => /^(unterminated|stray|field-count|bad-)/.test(c)), [], 'no format problem');
  const commas = HEAD + ','.repeat(10_000) + '\r\n' + REC(1);
  const c = codes(commas);
  assert.ok(c.some((x) => x.startsWith('field-count@5')));
  assert.ok(c.some((x) => x.startsWith('bad-timestamp@5')));
});

test('NUL and control characters, lone surrogates, a BOM mid-file, replacement characters', () => {
  const text = HEAD + REC(0, 'a\u0000b\u001bc') + REC(1, 'lone \ud800 and \udfff') + '\ufeff' + REC(2, 'caf\ufffd') + '\ufeff' + HEAD + REC(3);
  codes(text);
  const m = ls.parse(text);
  assert.equal(m.records.length, 4);
  assert.equal(m.blocks.length, 2);
  const line5 = text.slice(m.lineStarts[5], m.lineEnds[5]);
  const hover = ls.doHover(m, { line: 5, character: line5.indexOf('a\u0000b') + 1 });
  assert.ok(hover);
  const value = (hover.contents as { value: string }).value;
  assert.ok(value.includes('a\u2400b\u241bc'), value);
  assert.ok(!value.includes('\u0000') && !value.includes('\u001b'), 'control characters are made visible, not passed through');
});

test('CR-only and mixed line endings give the same records as CRLF', () => {
  const crlf = HEAD + REC(0) + REC(1) + REC(2);
  const cr = crlf.replace(/\r\n/g, '\r');
  const mixed = crlf.replace(/\r\n/g, (_m, i: number) => (i % 3 === 0 ? '\n' : i % 3 === 1 ? '\r' : '\r\n'));
  const seqs = (t: string) => [...ls.parse(t).records].map((r) => [r.seq, r.event]);
  assert.deepEqual(seqs(cr), seqs(crlf));
  assert.deepEqual(seqs(mixed), seqs(crlf));
  codes(cr);
  codes(mixed);
});

test('session ids that are not hex, sequence numbers that are not numbers, negative or huge', () => {
  const text = HEAD + REC(0, 'x', 'NOT-HEX!') + '2024-01-01T00:00:01.000Z,C,AAAA000000000001,abc,a,b,<,x,\r\n'
    + '2024-01-01T00:00:01.000Z,C,AAAA000000000001,-1,a,b,<,x,\r\n' + '2024-01-01T00:00:01.000Z,C,AAAA000000000001,99999999999999999999,a,b,<,x,\r\n';
  const c = codes(text);
  assert.ok(c.includes('bad-session-id@5'));
  assert.ok(c.includes('bad-sequence@6'));
  assert.ok(c.includes('bad-sequence@7'));
  assert.ok(c.includes('bad-sequence@8'));
});

test('timestamps in other formats or time zones, and unknown events', () => {
  const text = HEAD
    + '2024-01-01 10:00:00,C,AAAA000000000001,0,a,b,+,,\r\n'
    + '2024-01-01T10:00:00+02:00,C,AAAA000000000001,1,a,b,*,x,\r\n'
    + '01/01/2024 10:00,C,AAAA000000000001,2,a,b,?,x,\r\n'
    + '2024-13-45T99:99:99.000Z,C,AAAA000000000001,3,a,b,<,x,\r\n';
  const m = ls.parse(text);
  assert.equal(m.records.get(0).time, Date.UTC(2024, 0, 1, 10));
  assert.equal(m.records.get(1).time, Date.UTC(2024, 0, 1, 8));
  const c = codes(text);
  assert.ok(c.includes('bad-timestamp@7'));
  assert.ok(c.includes('unknown-event@7'));
  assert.ok(c.includes('bad-timestamp@8'));
});

const MANGLED = {
  fixtures: () => fixtureLog('smtp-send/SEND2024031914-1-MANGLED.LOG'),
  samples: () => readSample('smtp-send/msqa-1054876-ex2016-send-postfix-nullsender-MANGLED.log'),
};

layeredTest('the MANGLED samples: a clear diagnostic per damaged line, every other line works', MANGLED, (text) => {
  const c = codes(text);
  assert.deepEqual(c.filter((x) => x.startsWith('damaged-directive')), ['damaged-directive@0', 'damaged-directive@1', 'damaged-directive@2', 'damaged-directive@3', 'damaged-directive@4']);
  assert.deepEqual(c.filter((x) => x.startsWith('unknown-event')), ['unknown-event@5', 'unknown-event@6']);
  const m = ls.parse(text);
  assert.equal(m.sessions.length, 1);
  assert.equal(m.sessions[0].records.length, 16);
});

test('100,000 one-event sessions: folding and diagnostics stay bounded', () => {
  let text = HEAD;
  const parts: string[] = [HEAD];
  for (let i = 0; i < 100_000; i++) parts.push(`2024-01-01T00:00:00.000Z,C,${i.toString(16).toUpperCase().padStart(16, '0')},0,10.0.0.1:25,192.0.2.1:5000,+,,\r\n`);
  text = parts.join('');
  const m = ls.parse(text);
  assert.equal(m.sessions.length, 100_000);
  const folds = ls.getFoldingRanges(m, { rangeLimit: 5000 });
  assert.ok(folds.length <= 5000);
  assert.ok(ls.getDiagnostics(m).length <= 1000);
});

test('bidirectional overrides in log text cannot reorder what a hover or a summary shows', () => {
  const text = HEAD + REC(0, 'EHLO evil\u202etxt.exe\u2066x\u2069', 'AAAA000000000009');
  const m = ls.parse(text);
  const line = text.slice(m.lineStarts[5], m.lineEnds[5]);
  const hover = ls.doHover(m, { line: 5, character: line.indexOf('EHLO') + 1 })!;
  const value = (hover.contents as { value: string }).value;
  assert.ok(!/[\u202a-\u202e\u2066-\u2069]/.test(value), value);
  for (const s of ls.getDocumentSymbols(m)) assert.ok(!/[\u202a-\u202e\u2066-\u2069]/.test(JSON.stringify(s)));
});
