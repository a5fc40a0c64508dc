/** The read-only views: their text and the mapping of view lines back to source lines. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { configureL10n } from '../../server/src/core/l10n';
import { getLanguageService } from '../../server/src/core/languageService';
import { HEADING, INDENT } from '../../server/src/core/features/sessionView';
import type { LogView } from '../../protocol/src/viewTypes';
import { LineType, LogModel } from '../../server/src/core/model/logModel';
import { fixture, fixtureLog, readSample, repoRoot } from '../helpers/paths';
import { ALL_LOGS, layeredTest } from '../helpers/layers';

const ls = getLanguageService();
const recv = ls.parse(fixture('recv-interleaved.log'), 'file:///logs/RECV2024030510-1.LOG', 7);
const S1 = [5, 6, 7, 9, 10, 12, 13, 14, 15, 18, 19];

const viewLines = (v: LogView) => v.text.split('\n').slice(0, -1);
const recordText = (m: LogModel, line: number) => {
  const r = m.records.get(m.lineRecord[line]);
  return m.text.slice(r.start, r.end);
};

test('session view: summary on top, then the session lines in sequence order, each mapped to its source line', () => {
  const v = ls.getSessionView(recv, { position: { line: 12, character: 0 } });
  assert.equal(v.sessionId, '08DC3C0A00000001');
  assert.equal(v.version, 7);
  assert.ok(v.text.endsWith('\n'));
  const lines = viewLines(v);
  assert.equal(v.sourceLines.length, lines.length);
  assert.equal(lines[0], `${HEADING}Session 08DC3C0A00000001 · SMTP Receive protocol log`);
  assert.equal(v.sourceLines[0], 5, 'the heading points at the first event');
  const summary = lines.slice(1).filter((l) => l.startsWith(INDENT));
  assert.deepEqual(summary.slice(0, 3), [
    '  Remote: 203.0.113.7:50001 · Local: 10.0.0.5:25 · Connector: EX01\\Default Frontend EX01',
    '  EHLO: mail.fabrikam.com · MAIL FROM: alice@fabrikam.com · Recipients: bob@contoso.com',
    '  Outcome: no mail',
  ]);
  assert.ok(summary.some((l) => l.startsWith('  11 events · lines 6–20 of the log · ')), summary.join('\n'));
  assert.ok(summary.some((l) => l === '  Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context'));
  const first = v.sourceLines.findIndex((src, i) => src === 5 && i > 0);
  const body = lines.slice(first);
  assert.deepEqual(v.sourceLines.slice(first), S1);
  assert.deepEqual(body, S1.map((l) => recordText(recv, l)), 'log lines are copied verbatim');
  assert.ok(v.sourceLines.slice(1, first).every((x) => x === -1), 'summary lines are not links');
  assert.deepEqual(v.folds, []);
});

test('session view by id gives the same text; a vanished session or a line outside sessions says so', () => {
  const byLine = ls.getSessionView(recv, { position: { line: 16, character: 0 } });
  const byId = ls.getSessionView(recv, { sessionId: '08DC3C0A00000002' });
  assert.equal(byId.text, byLine.text);
  const gone = ls.getSessionView(recv, { sessionId: 'FFFF000000000000' });
  assert.equal(gone.sessionId, undefined);
  assert.equal(gone.text, 'Session FFFF000000000000 is no longer in this log.\n');
  assert.deepEqual(gone.sourceLines, [-1]);
  const header = ls.getSessionView(recv, { position: { line: 1, character: 0 } });
  assert.equal(header.text, 'Line 2 belongs to no session.\n');
});

const POP3 = {
  fixtures: () => ({ text: fixtureLog('pop3/POP320240321-1.LOG'), order: [1, 2, 0, 3], user: 'm.silva' }),
  samples: () => ({ text: readSample('pop3/elastic-integrations-pipeline-test-pop3.log'), order: [1, 2, 0], user: 'ccw.altitude' }),
};

layeredTest('session view: out-of-order POP3 lines come in sequence order, with the repeated number noted', POP3, (c) => {
  const m = ls.parse(c.text, 'file:///x/POP3.LOG', 1);
  const v = ls.getSessionView(m, { position: { line: 0, character: 0 } });
  const lines = viewLines(v);
  const start = lines.length - c.order.length;
  assert.deepEqual(v.sourceLines.slice(start), c.order);
  assert.ok(lines.includes('  Sequence numbers seen more than once: 1'));
  assert.ok(lines.includes(`  User: ${c.user}`));
  assert.ok(lines.some((l) => l.startsWith('  Fields (inferred: the file has no header): dateTime,sessionId,')));
});

test('grouped view: sessions contiguous in order of first line, one summary and one fold each', () => {
  const v = ls.getGroupedView(recv);
  const lines = viewLines(v);
  assert.equal(lines[0], `${HEADING}RECV2024030510-1.LOG grouped by session · SMTP Receive protocol log · 3 sessions · 17 events`);
  const headings = lines.map((l, i) => (l.startsWith(HEADING) && i > 0 ? i : -1)).filter((i) => i >= 0);
  assert.equal(headings.length, 3);
  assert.deepEqual(headings.map((h) => v.sourceLines[h]), [5, 8, 25], 'each summary points at the first line of its session');
  assert.equal(lines[headings[0]], `${HEADING}08DC3C0A00000001 · 203.0.113.7:50001 · EHLO mail.fabrikam.com · MAIL FROM: alice@fabrikam.com · 1 recipient · no mail · 11 events`);
  assert.equal(lines[headings[1]], `${HEADING}08DC3C0A00000002 · 198.51.100.9:40000 · EHLO [198.51.100.9] · dropped by the remote side · 4 events`);
  assert.deepEqual(v.folds, [
    { startLine: headings[0], endLine: headings[0] + 11 },
    { startLine: headings[1], endLine: headings[1] + 4 },
    { startLine: headings[2], endLine: headings[2] + 2 },
  ]);
  assert.deepEqual(v.sourceLines.slice(headings[0] + 1, headings[0] + 12), S1);
  assert.equal(v.sessionId, undefined);
});

layeredTest('grouped view on every sample: each record exactly once, verbatim, sessions contiguous, folds nested in nothing', ALL_LOGS, (files) => {
  for (const s of files) {
    const m = ls.parse(s.text, `file:///samples/${s.name.split('/').pop()}`, 1);
    const v = ls.getGroupedView(m);
    const lines = viewLines(v);
    assert.equal(v.sourceLines.length, lines.length, s.name);
    const recordLines: number[] = [];
    lines.forEach((text, i) => {
      const src = v.sourceLines[i];
      if (text.startsWith(HEADING) || src < 0) return;
      assert.equal(m.lineType[src], LineType.Record, `${s.name}: view line ${i}`);
      assert.equal(text, recordText(m, src), `${s.name}: view line ${i} is verbatim`);
      recordLines.push(src);
    });
    assert.deepEqual([...recordLines].sort((a, b) => a - b), [...m.records].map((r) => r.line), `${s.name}: every record once`);
    // Each session's lines are one run, in sequence order, right under its fold's first line.
    for (const session of m.sessions) {
      const want = session.ordered.map((ri) => m.records.get(ri).line);
      const at = v.sourceLines.indexOf(want[0], 1 + lines.findIndex((l, i) => l.startsWith(HEADING) && i > 0 && v.sourceLines[i] === m.records.get(session.records[0]).line));
      assert.deepEqual(v.sourceLines.slice(at, at + want.length), want, `${s.name} ${session.id}`);
    }
    let last = -1;
    for (const f of v.folds) {
      assert.ok(f.startLine > last && f.endLine > f.startLine && f.endLine < lines.length, `${s.name}: folds disjoint and sorted`);
      assert.ok(lines[f.startLine].startsWith(HEADING));
      last = f.endLine;
    }
    assert.equal(v.folds.length, m.sessions.filter((x) => x.records.length > 0).length + (m.sessions.length > 0 && [...m.records].some((r) => r.session < 0) ? 1 : 0), s.name);
  }
});

test('grouped view of a log without a session column keeps file order and says why', () => {
  const m = ls.parse(fixture('w3c-no-session.log'), 'file:///x/ex061009.log', 1);
  const v = ls.getGroupedView(m);
  const lines = viewLines(v);
  assert.equal(lines[1], '  This log has no session column: its lines are shown in file order.');
  const mapped = v.sourceLines.filter((x, i) => x >= 0 && !lines[i].startsWith(HEADING));
  assert.deepEqual(mapped, [...m.records].map((r) => r.line));
  assert.deepEqual(v.folds, []);
  const empty = ls.getGroupedView(ls.parse('', 'file:///x/empty.log', 1));
  assert.ok(empty.text.includes('This log has no records.'));
});

test('summaries strip control characters from log values and stay one line each', () => {
  const head = '#Software: Microsoft Exchange Server\n#Log-type: SMTP Receive Protocol Log\n#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context\n';
  const m = ls.parse(head + '2024-01-01T00:00:01.000Z,C,AAAA000000000009,0,1.1.1.1:25,2.2.2.2:1,<,EHLO evil\u001b[31m\u0007host,\n', 'file:///x/RECV9.LOG', 1);
  for (const v of [ls.getSessionView(m, { position: { line: 3, character: 0 } }), ls.getGroupedView(m)]) {
    const lines = viewLines(v);
    const summaries = lines.filter((l, i) => v.sourceLines[i] < 0 || l.startsWith(HEADING));
    assert.ok(summaries.some((l) => l.includes('evil\u241b[31m\u2407host')), summaries.join('\n'));
    assert.ok(summaries.every((l) => !/[\u0000-\u0008\u000b-\u001f]/.test(l)));
    assert.equal(v.sourceLines.length, lines.length);
  }
});

const TERMS = {
  fixtures: () => ({
    tracking: fixtureLog('msgtrk/MSGTRKMS2024032508-1.LOG'), sender: 'r.okafor@contoso.com',
    connectivity: fixtureLog('connectivity/CONNECTLOG20240322-1.LOG'), line: 6, destination: 'adatum.com',
  }),
  samples: () => ({
    tracking: readSample('msgtrk/qazeer-artefacts-MSGTRKMS2022091915-1.log'), sender: 'user.name1@domain.com',
    connectivity: readSample('connectivity/msdocs-supportarticles-event7009-mailbox-connectivity.log'), line: 2, destination: 'mailboxtransportsubmissioninternalproxy',
  }),
};

layeredTest('message tracking and connectivity summaries use their own terms', TERMS, (c) => {
  const trk = ls.parse(c.tracking, 'file:///x/MSGTRKMS2022091915-1.LOG', 1);
  const tv = viewLines(ls.getSessionView(trk, { sessionId: trk.sessions[0].id }));
  assert.ok(tv.some((l) => l.startsWith('  ') && l.includes(`Sender: ${c.sender}`)), tv.join('\n'));
  assert.ok(tv.some((l) => l.startsWith('  Events: ')));
  const con = ls.parse(c.connectivity, 'file:///x/CONNECTLOG1.LOG', 1);
  const cv = viewLines(ls.getSessionView(con, { position: { line: c.line, character: 0 } }));
  assert.equal(cv[1], `  Source: SMTP · Destination: ${c.destination}`);
  assert.equal(cv[2], '  Outcome: connected');
});

test('views in Brazilian Portuguese', () => {
  const dir = path.join(repoRoot(), 'l10n', 'pt-br');
  const bundle: Record<string, string> = {};
  for (const f of fs.readdirSync(dir)) Object.assign(bundle, JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
  configureL10n('pt-br', bundle);
  try {
    const g = viewLines(ls.getGroupedView(recv));
    assert.match(g[0], /^▶ RECV2024030510-1\.LOG agrupado por sessão · .* · 3 sessões · 17 eventos$/);
    const s = viewLines(ls.getSessionView(recv, { position: { line: 8, character: 0 } }));
    assert.ok(s.includes('  Resultado: derrubada pelo lado remoto — Remote(ConnectionReset)'), s.join('\n'));
  } finally {
    configureL10n('en', undefined);
  }
});
