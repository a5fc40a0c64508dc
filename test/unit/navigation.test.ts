/** Following a session on the pure core: navigation targets, highlights, references, definition, workspace symbols. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { configureL10n } from '../../server/src/core/l10n';
import { getLanguageService } from '../../server/src/core/languageService';
import { NAVIGATION_TARGETS, sessionIdRange } from '../../server/src/core/features/navigation';
import type { NavigationTarget } from '../../protocol/src/navigationTypes';
import { LogModel } from '../../server/src/core/model/logModel';
import { fixture, fixtureLog, repoRoot, readSample } from '../helpers/paths';
import { allLogsCounting, layeredTest } from '../helpers/layers';

const ls = getLanguageService();
const recvUri = 'file:///logs/RECV2024030510-1.LOG';
const recv = ls.parse(fixture('recv-interleaved.log'), recvUri, 1);

// Fixture lines (0-based): session …01 on 5,6,7,9,10,12,13,14,15,18,19; …02 on 8,11,16,17; …03 on 25,26.
const S1 = [5, 6, 7, 9, 10, 12, 13, 14, 15, 18, 19];
const S2 = [8, 11, 16, 17];

const go = (model: LogModel, line: number, target: NavigationTarget) => ls.getNavigationTarget(model, { line, character: 3 }, target);

/** Follows `target` from `line` until the answer stops; returns the lines visited and the final answer. */
function walk(model: LogModel, line: number, target: NavigationTarget) {
  const lines: number[] = [];
  for (let guard = 0; guard < 100000; guard++) {
    const r = go(model, line, target);
    if (!r.position) return { lines, stop: r };
    line = r.position.line;
    lines.push(line);
  }
  throw new Error('navigation did not stop');
}

test('next / previous event follow one session through interleaved lines, and stop at the ends', () => {
  const fwd = walk(recv, 5, 'nextEvent');
  assert.deepEqual(fwd.lines, S1.slice(1));
  assert.equal(fwd.stop.stop, 'endOfSession');
  assert.equal(fwd.stop.message, 'End of session 08DC3C0A00000001: no later event in this file.');
  assert.deepEqual(fwd.stop.session, { id: '08DC3C0A00000001', eventIndex: 11, eventCount: 11, sessionIndex: 1, sessionCount: 3 });
  const back = walk(recv, 19, 'previousEvent');
  assert.deepEqual(back.lines, S1.slice(0, -1).reverse());
  assert.equal(back.stop.stop, 'startOfSession');
  assert.match(back.stop.message, /^Start of session 08DC3C0A00000001/);
  // From a line of the other session, the other session.
  assert.deepEqual(walk(recv, 8, 'nextEvent').lines, S2.slice(1));
});

test('a move answers the target line, its range and "event k of n"', () => {
  const r = go(recv, 9, 'nextEvent');
  assert.deepEqual(r.position, { line: 10, character: 0 });
  assert.deepEqual(r.range, { start: { line: 10, character: 0 }, end: { line: 10, character: recv.lineEnds[10] - recv.lineStarts[10] } });
  assert.equal(r.stop, undefined);
  assert.equal(r.message, 'Event 5 of 11 in session 08DC3C0A00000001');
  assert.equal(r.session?.eventIndex, 5);
});

test('first / last event of the session, from any of its lines', () => {
  for (const line of S2) {
    assert.equal(go(recv, line, 'firstEvent').position?.line, 8);
    assert.equal(go(recv, line, 'lastEvent').position?.line, 17);
  }
  assert.equal(go(recv, 5, 'firstEvent').position?.line, 5, 'already there: stays, no stop');
});

const POP3 = {
  // The lines of the session are out of order, sequence number 1 is written twice.
  fixtures: () => ({ text: fixtureLog('pop3/POP320240321-1.LOG'), from: 1, walk: [2, 0, 3], first: 1 }),
  samples: () => ({ text: readSample('pop3/elastic-integrations-pipeline-test-pop3.log'), from: 1, walk: [2, 0], first: 1 }),
};

layeredTest('events follow sequence numbers, not file order; ties keep file order', POP3, (c) => {
  const head = '#Software: Microsoft Exchange Server\n#Log-type: SMTP Receive Protocol Log\n#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context\n';
  const row = (seq: number, data: string) => `2024-01-01T00:00:0${seq}.000Z,C,AAAA000000000001,${seq},1.1.1.1:25,2.2.2.2:1,*,${data},\n`;
  // file order: seq 0, 3, 1, 2, 2
  const m = ls.parse(head + row(0, 'a') + row(3, 'd') + row(1, 'b') + row(2, 'c1') + row(2, 'c2'), 'file:///x/RECV1.LOG', 1);
  assert.deepEqual(walk(m, 3, 'nextEvent').lines, [5, 6, 7, 4]);
  assert.deepEqual(walk(m, 4, 'previousEvent').lines, [7, 6, 5, 3]);
  assert.equal(go(m, 5, 'lastEvent').position?.line, 4);
  // The real POP3 sample is out of order with a repeated sequence number.
  const pop = ls.parse(c.text, 'file:///x/pop3.log', 1);
  assert.deepEqual(walk(pop, c.from, 'nextEvent').lines, c.walk);
  assert.equal(go(pop, 0, 'firstEvent').position?.line, c.first);
});

test('next / previous session go by first line and stop at the ends', () => {
  const n1 = go(recv, 9, 'nextSession');
  assert.equal(n1.position?.line, 8);
  assert.equal(n1.message, 'Session 2 of 3: 08DC3C0A00000002');
  assert.equal(go(recv, 16, 'nextSession').position?.line, 25);
  const end = go(recv, 26, 'nextSession');
  assert.equal(end.position, undefined);
  assert.equal(end.stop, 'lastSession');
  assert.equal(end.message, 'No session starts after session 08DC3C0A00000003.');
  assert.equal(go(recv, 25, 'previousSession').position?.line, 8);
  const start = go(recv, 19, 'previousSession');
  assert.equal(start.stop, 'firstSession');
  // From lines outside any session: the nearest session starting after / before the line.
  assert.equal(go(recv, 0, 'nextSession').position?.line, 5);
  assert.equal(go(recv, 0, 'previousSession').stop, 'firstSession');
  assert.equal(go(recv, 22, 'nextSession').position?.line, 25);
  assert.equal(go(recv, 22, 'previousSession').position?.line, 8);
  assert.equal(go(recv, 27, 'nextSession').stop, 'lastSession');
});

test('lines outside sessions, logs without sessions, positions past the end', () => {
  const header = go(recv, 2, 'nextEvent');
  assert.equal(header.stop, 'notInSession');
  assert.equal(header.message, 'This line belongs to no session.');
  const w3c = ls.parse(fixture('w3c-no-session.log'), 'file:///x/ex061009.log', 1);
  assert.equal(w3c.sessions.length, 0);
  for (const target of NAVIGATION_TARGETS) {
    const r = go(w3c, 5, target);
    assert.equal(r.position, undefined);
    assert.equal(r.message, 'This log has no sessions.');
  }
  for (const target of NAVIGATION_TARGETS) {
    const far = ls.getNavigationTarget(recv, { line: 10_000, character: 0 }, target);
    if (target === 'previousSession') assert.equal(far.position?.line, 25, 'the last session starts before the end');
    else assert.ok(far.stop, target);
  }
  assert.equal(ls.getNavigationTarget(recv, { line: -1, character: 0 }, 'nextEvent').stop, 'notInSession');
});

layeredTest('every sample: walking a session visits its lines in sequence order, walking sessions visits each once', allLogsCounting(20, 20), ({ files, min }) => {
  let checked = 0;
  for (const s of files) {
    const m = ls.parse(s.text, `file:///samples/${s.name.split('/').pop()}`, 1);
    for (const session of m.sessions) {
      const lines = session.ordered.map((ri) => m.records.get(ri).line);
      const first = go(m, lines[lines.length - 1], 'firstEvent');
      assert.equal(first.position?.line, lines[0], `${s.name} ${session.id}`);
      assert.deepEqual([lines[0], ...walk(m, lines[0], 'nextEvent').lines], lines, `${s.name} ${session.id}`);
      assert.deepEqual([...walk(m, lines[lines.length - 1], 'previousEvent').lines.reverse(), lines[lines.length - 1]], lines);
      checked++;
    }
    if (m.sessions.length > 0) {
      const firstLines = m.sessions.map((x) => m.records.get(x.records[0]).line);
      const visited = walk(m, firstLines[0], 'nextSession');
      assert.deepEqual([firstLines[0], ...visited.lines], firstLines, s.name);
      assert.equal(visited.stop.stop, 'lastSession');
    }
  }
  assert.ok(checked > min, `walked ${checked} sessions`);
});

test('document highlights: every line of the session under the cursor, in file order', () => {
  const h = ls.getDocumentHighlights(recv, { line: 12, character: 40 });
  assert.deepEqual(h.map((x) => x.range.start.line), S1);
  assert.ok(h.every((x) => x.range.start.character === 0 && x.range.end.line === x.range.start.line));
  assert.deepEqual(ls.getDocumentHighlights(recv, { line: 1, character: 0 }), []);
  assert.deepEqual(ls.getDocumentHighlights(recv, { line: 999, character: 0 }), []);
});

function idChar(model: LogModel, line: number): number {
  const ri = model.lineRecord[line];
  return sessionIdRange(model, ri).start.character + 2;
}

test('references on a session id: all its events; definition: its first event', () => {
  const refs = ls.getReferences(recv, { line: 12, character: idChar(recv, 12) }, true);
  assert.deepEqual(refs.map((r) => r.range.start.line), S1);
  assert.ok(refs.every((r) => r.uri === recvUri));
  const text = (r: { range: { start: { line: number; character: number }; end: { character: number } } }) =>
    recv.text.slice(recv.lineStarts[r.range.start.line] + r.range.start.character, recv.lineStarts[r.range.start.line] + r.range.end.character);
  assert.ok(refs.every((r) => text(r) === '08DC3C0A00000001'), 'each reference is the session-id field');
  assert.deepEqual(ls.getReferences(recv, { line: 12, character: idChar(recv, 12) }, false).map((r) => r.range.start.line), S1.slice(1));
  const def = ls.getDefinition(recv, { line: 16, character: idChar(recv, 16) });
  assert.equal(def?.range.start.line, 8);
  assert.equal(text(def!), '08DC3C0A00000002');
  // Other fields of the line are not a session id.
  assert.deepEqual(ls.getReferences(recv, { line: 12, character: 1 }, true), []);
  assert.equal(ls.getDefinition(recv, { line: 12, character: 1 }), null);
  assert.equal(ls.getDefinition(recv, { line: 0, character: 1 }), null);
});

const INTERLEAVED = {
  fixtures: () => fixtureLog('smtp-receive/RECV2024031710-excerpt.log'),
  samples: () => readSample('smtp-receive/elastic-integrations-pipeline-test-smtpreceive.log'),
};

layeredTest('definition is the first event in sequence order, even when it is not the first line', INTERLEAVED, (text) => {
  const m = ls.parse(text, 'file:///x/recv.log', 1);
  for (const session of m.sessions) {
    const firstEvent = m.records.get(session.ordered[0]).line;
    for (const ri of session.records) {
      const line = m.records.get(ri).line;
      assert.equal(ls.getDefinition(m, { line, character: idChar(m, line) })?.range.start.line, firstEvent);
    }
  }
});

const TRACKING = {
  fixtures: () => fixtureLog('msgtrk/MSGTRK2024032417-1.LOG'),
  samples: () => readSample('msgtrk/kinesistap-ex2013-amazon-msgtrk.log'),
};

layeredTest('message tracking: the internal message id is the session', TRACKING, (text) => {
  const m = ls.parse(text, 'file:///x/MSGTRK2024010101-1.LOG', 1);
  const multi = m.sessions.find((s) => s.records.length > 1) ?? m.sessions[0];
  assert.ok(multi, 'a tracked message');
  const lines = multi.records.map((ri) => m.records.get(ri).line);
  const refs = ls.getReferences(m, { line: lines[0], character: idChar(m, lines[0]) }, true);
  assert.deepEqual(refs.map((r) => r.range.start.line), lines);
  assert.deepEqual(ls.getDocumentHighlights(m, { line: lines[0], character: 0 }).map((h) => h.range.start.line), lines);
});

const IMAP = {
  fixtures: () => ({ text: fixtureLog('imap4/IMAP420240320-1.LOG'), health: '00000000000002A4', first: '00000000000002A1' }),
  samples: () => ({ text: readSample('imap4/msqa-1156767-ex2013cu23-imap-login-failed.log'), health: '00000000000000E5', first: '00000000000000E2' }),
};

layeredTest('workspace symbols find sessions by id, remote address, EHLO name and sender across logs', IMAP, (c) => {
  const imap = ls.parse(c.text, 'file:///logs/IMAP4_1.LOG', 1);
  const models = [recv, imap];
  const names = (q: string) => ls.getWorkspaceSymbols(models, q).map((s) => s.name);
  assert.deepEqual(names('fabrikam'), ['08DC3C0A00000001 · 203.0.113.7:50001 · mail.fabrikam.com · alice@fabrikam.com']);
  assert.deepEqual(names('198.51.100.9').map((n) => n.split(' · ')[0]), ['08DC3C0A00000002']);
  assert.deepEqual(names('0A00000003').map((n) => n.split(' · ')[0]), ['08DC3C0A00000003']);
  assert.deepEqual(names('healthmailbox').map((n) => n.split(' · ')[0]), [c.health]);
  const byId = ls.getWorkspaceSymbols(models, c.first);
  assert.equal(byId.length, 1);
  assert.equal(byId[0].location.uri, 'file:///logs/IMAP4_1.LOG');
  assert.equal(byId[0].containerName, 'IMAP4_1.LOG · IMAP4 protocol log');
  assert.equal(byId[0].location.range.start.line, imap.records.get(imap.sessions[0].records[0]).line);
  assert.deepEqual(names(''), []);
  assert.deepEqual(names('no-such-thing'), []);
  assert.equal(ls.getWorkspaceSymbols(models, '0', { limit: 2 }).length, 2);
});

test('workspace symbol names hold no control characters and no $(icon) syntax from the log', () => {
  const head = '#Software: Microsoft Exchange Server\n#Log-type: SMTP Receive Protocol Log\n#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context\n';
  const m = ls.parse(head + '2024-01-01T00:00:01.000Z,C,AAAA000000000009,0,1.1.1.1:25,2.2.2.2:1,<,EHLO $(zap)evil\u001b[31m,\n', 'file:///x/RECV9.LOG', 1);
  const [s] = ls.getWorkspaceSymbols([m], 'evil');
  assert.ok(s);
  assert.ok(!s.name.includes('$('));
  assert.ok(!/[\u0000-\u001f]/.test(s.name));
});

test('navigation messages in Brazilian Portuguese', () => {
  const dir = path.join(repoRoot(), 'l10n', 'pt-br');
  const bundle: Record<string, string> = {};
  for (const f of fs.readdirSync(dir)) Object.assign(bundle, JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
  configureL10n('pt-br', bundle);
  try {
    assert.equal(go(recv, 19, 'nextEvent').message, 'Fim da sessão 08DC3C0A00000001: não há evento posterior neste arquivo.');
    assert.equal(go(recv, 9, 'nextEvent').message, 'Evento 5 de 11 da sessão 08DC3C0A00000001');
  } finally {
    configureL10n('en', undefined);
  }
});
