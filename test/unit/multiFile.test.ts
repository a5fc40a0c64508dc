/** Several logs as one view, and "continue in next/previous file", on a generated day of hourly files. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { configureL10n } from '../../server/src/core/l10n';
import { getLanguageService } from '../../server/src/core/languageService';
import { FolderViewData } from '../../server/src/core/features/multiFile';
import { HEADING } from '../../server/src/core/features/sessionView';
import { neighbourLogFiles, sortLogFileNames } from '../../server/src/core/model/fileNames';
import { LogModel } from '../../server/src/core/model/logModel';
import { generateHourlyFolder } from '../helpers/generateFolder';

configureL10n('en', undefined);
const ls = getLanguageService();
const files = generateHourlyFolder();
const models: LogModel[] = files.map((f) => ls.parse(f.text, f.uri, 1));

function build(order = files): FolderViewData {
  const b = ls.createFolderView();
  for (const f of order) assert.equal(b.add(f.uri, f.text).accepted, true);
  return b.build('day');
}

const sessionOfLine = (line: string) => line.split(',')[2];
/** Session ids that appear in more than one file. */
function crossing(): Map<string, number[]> {
  const where = new Map<string, number[]>();
  models.forEach((m, i) => {
    for (const s of m.sessions) where.set(s.id, [...(where.get(s.id) ?? []), i]);
  });
  return new Map([...where].filter(([, f]) => f.length > 1));
}

test('the generated day has 24 hourly files in time order, with sessions crossing the roll-overs', () => {
  assert.equal(files.length, 24);
  assert.deepEqual(sortLogFileNames(files.map((f) => f.name)), files.map((f) => f.name));
  for (let i = 1; i < models.length; i++) {
    const prevLast = models[i - 1].records.at(-1)!.time;
    assert.ok(models[i].records.get(0).time > prevLast, `file ${i} starts after file ${i - 1} ends`);
  }
  const cross = crossing();
  assert.ok(cross.size >= 20, `sessions crossing roll-overs: ${cross.size}`);
  for (const [id, where] of cross) {
    const first = models[where[0]];
    const next = models[where[1]];
    assert.equal(where[1], where[0] + 1, `${id} continues in the next file`);
    const a = ls.getContinuation(first, { line: first.records.get(first.sessions[first.sessionById.get(id)!].records[0]).line, character: 0 }, 'next', files.map((f) => f.name));
    assert.equal(a.continues, true, `${id}: no disconnect in ${files[where[0]].name}`);
    assert.equal(a.files[0], files[where[1]].name);
    const edge = ls.getSessionEdge(next, id, 'first');
    assert.equal(edge.position?.line, next.records.get(next.sessions[next.sessionById.get(id)!].records[0]).line);
    const back = ls.getContinuation(next, edge.position!, 'previous', files.map((f) => f.name));
    assert.equal(back.continues, true);
    assert.equal(back.files[0], files[where[1] - 1].name);
  }
});

test('merged view: every line of every file exactly once, each mapped to its file and line', () => {
  const v = build();
  const lines = v.text.split('\n').slice(0, -1);
  assert.equal(lines.length, v.sourceLines.length);
  assert.equal(lines.length, v.sourceFiles.length);
  assert.deepEqual(v.sources, files.map((f) => f.uri));
  assert.equal(v.files, 24);
  assert.equal(v.truncated, false);
  const seen = new Set<string>();
  let recordLines = 0;
  lines.forEach((text, i) => {
    const f = v.sourceFiles[i];
    if (f < 0) {
      assert.equal(v.sourceLines[i], -1);
      return;
    }
    const m = models[f];
    const ri = m.lineRecord[v.sourceLines[i]];
    if (text.startsWith(HEADING) || text.startsWith('  ')) return; // summary, file and "continued in" lines point at a line
    assert.ok(ri >= 0, `view line ${i} maps to a record`);
    const r = m.records.get(ri);
    assert.equal(text, m.text.slice(r.start, r.end), `view line ${i} is verbatim`);
    const key = `${f}:${r.line}`;
    assert.ok(!seen.has(key), `${key} shown once`);
    seen.add(key);
    recordLines++;
  });
  assert.equal(recordLines, files.reduce((n, f) => n + f.records, 0));
  assert.equal(v.events, recordLines);
});

test('merged view: every session contiguous across files, in time order, summarised and folded once', () => {
  const v = build();
  const lines = v.text.split('\n').slice(0, -1);
  const cross = crossing();
  const blocks: { heading: number; ids: Set<string>; files: Set<number>; continued: number }[] = [];
  lines.forEach((text, i) => {
    if (text.startsWith(HEADING) && v.sourceFiles[i] >= 0) blocks.push({ heading: i, ids: new Set(), files: new Set(), continued: 0 });
    else if (blocks.length > 0 && text.startsWith('  continued in ')) blocks.at(-1)!.continued++;
    else if (blocks.length > 0 && v.sourceFiles[i] >= 0 && !text.startsWith(' ')) {
      blocks.at(-1)!.ids.add(sessionOfLine(text));
      blocks.at(-1)!.files.add(v.sourceFiles[i]);
    }
  });
  const allIds = new Set(models.flatMap((m) => m.sessions.map((s) => s.id)));
  assert.equal(blocks.length, allIds.size);
  assert.equal(v.sessions, allIds.size);
  const idsSeen = new Set<string>();
  let lastTime = -Infinity;
  for (const b of blocks) {
    assert.equal(b.ids.size, 1, `one session per block at view line ${b.heading}`);
    const id = [...b.ids][0];
    assert.ok(!idsSeen.has(id), `${id} is in one block only`);
    idsSeen.add(id);
    const heading = lines[b.heading];
    assert.ok(heading.startsWith(HEADING + id + ' · '), heading);
    assert.equal(b.continued, b.files.size - 1);
    if (cross.has(id)) {
      assert.equal(b.files.size, cross.get(id)!.length);
      assert.ok(heading.endsWith(` · in ${cross.get(id)!.length} files`), heading);
    } else assert.doesNotMatch(heading, / in \d+ files?$/);
    // sessions in the time order of their first line
    const f = v.sourceFiles[b.heading];
    const time = models[f].records.get(models[f].lineRecord[v.sourceLines[b.heading]]).time;
    assert.ok(time >= lastTime, `view line ${b.heading} is not earlier than the session before`);
    lastTime = time;
    assert.ok(v.folds.some((fold) => fold.startLine === b.heading), 'one fold per session');
  }
  assert.equal(v.folds.length, blocks.length);
  // The summary is computed over all the files: a session that ends in the next file is not "continues in a later file".
  const ended = [...cross.keys()].filter((id) => {
    const m = models[cross.get(id)!.at(-1)!];
    return m.sessions[m.sessionById.get(id)!].records.some((ri) => m.records.get(ri).event === '-');
  });
  assert.ok(ended.length > 0);
  for (const id of ended) {
    const heading = lines[blocks.find((b) => b.ids.has(id))!.heading];
    assert.doesNotMatch(heading, /continues in a later file/, heading);
  }
});

test('merged view does not depend on the order the files are read in', () => {
  const body = (v: FolderViewData) => v.text.split('\n').filter((l) => !l.startsWith('  File: '));
  assert.deepEqual(body(build([...files].reverse())), body(build()));
});

test('merged view stops at its character limit and says so', () => {
  const b = ls.createFolderView({ maxChars: files[0].text.length + files[1].text.length });
  const accepted = files.map((f) => b.add(f.uri, f.text).accepted);
  assert.deepEqual(accepted.slice(0, 2), [true, true]);
  assert.ok(accepted.includes(false));
  const firstRefused = accepted.indexOf(false);
  assert.ok(accepted.slice(firstRefused).every((a) => !a), 'nothing is kept after the first refusal');
  const v = b.build();
  assert.equal(v.truncated, true);
  assert.equal(v.files, firstRefused);
  assert.match(v.text.split('\n')[1], /^ {2}Reading stopped after \d+ files: the view holds at most [\d,]+ characters/);
});

test('merged view of logs without sessions, and of nothing', () => {
  const empty = ls.createFolderView().build();
  assert.match(empty.text, /These logs have no records\./);
  assert.equal(empty.folds.length, 0);
  const b = ls.createFolderView();
  b.add('file:///x/a.log', '#Software: Microsoft Exchange Server\r\n#Fields: date-time,event\r\n2024-03-05T10:00:02.000Z,b\r\n');
  b.add('file:///x/b.log', '#Software: Microsoft Exchange Server\r\n#Fields: date-time,event\r\n2024-03-05T10:00:01.000Z,a\r\n');
  const v = b.build();
  const lines = v.text.split('\n');
  assert.ok(lines.includes('  These logs have no session column: their lines are shown in time order.'));
  const at = lines.indexOf('2024-03-05T10:00:01.000Z,a');
  assert.ok(at > 0 && lines[at + 1] === '2024-03-05T10:00:02.000Z,b', 'in time order');
  assert.equal(v.sourceFiles[at], 1);
  assert.equal(v.sourceLines[at], 2);
});

test('log text in the merged view cannot break a summary line', () => {
  const b = ls.createFolderView();
  const bad = '#Software: Microsoft Exchange Server\r\n#Log-type: SMTP Receive Protocol Log\r\n#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context\r\n' +
    '2024-03-05T10:00:00.000Z,C,S1,0,10.0.0.5:25,1.2.3.4:5,+,,\r\n2024-03-05T10:00:00.100Z,C,S1,1,10.0.0.5:25,1.2.3.4:5,<,"EHLO x\u0007$(alert)\u202e",\r\n';
  b.add('file:///x/RECV2024030510-1.LOG', bad);
  const heading = b.build().text.split('\n').find((l) => l.startsWith(HEADING + 'S1'))!;
  assert.ok(heading, 'session heading');
  assert.doesNotMatch(heading, /[\u0000-\u001f]/);
});

test('neighbouring files: same family, ordered by date, hour and counter, nearest first', () => {
  const names = [
    'RECV2024030509-1.LOG', 'RECV2024030510-1.LOG', 'RECV2024030510-2.LOG', 'RECV2024030510-10.LOG', 'recv2024030511-1.log',
    'SEND2024030510-3.LOG', 'MSGTRK2024030510-1.LOG', 'MSGTRKMD2024030510-1.LOG', 'notes.txt', 'RECV2024030510-2.LOG.bak',
  ];
  assert.deepEqual(neighbourLogFiles('RECV2024030510-2.LOG', names, 'next'), ['RECV2024030510-10.LOG', 'recv2024030511-1.log']);
  assert.deepEqual(neighbourLogFiles('RECV2024030510-2.LOG', names, 'previous'), ['RECV2024030510-1.LOG', 'RECV2024030509-1.LOG']);
  assert.deepEqual(neighbourLogFiles('MSGTRK2024030510-1.LOG', names, 'next'), []);
  assert.deepEqual(neighbourLogFiles('RECV2024030509-1.LOG', names, 'previous'), []);
  assert.deepEqual(neighbourLogFiles('RECV2024030509-1.LOG', names, 'next', 2), ['RECV2024030510-1.LOG', 'RECV2024030510-2.LOG']);
  // POP3/IMAP4 daily files
  assert.deepEqual(neighbourLogFiles('POP3BE20240305-1.LOG', ['POP3BE20240304-1.LOG', 'POP3BE20240306-1.LOG', 'POP3BE20240305-1.LOG'], 'next'), ['POP3BE20240306-1.LOG']);
});

test('continuation: why not, when the session begins or ends in this file or the line has none', () => {
  const names = files.map((f) => f.name);
  const isWhole = (m: LogModel, s: LogModel['sessions'][number]) => m.records.get(s.records[0]).event === '+' && s.records.some((ri) => m.records.get(ri).event === '-');
  const m = models.find((x) => x.sessions.some((s) => isWhole(x, s)))!;
  const whole = m.sessions.find((s) => isWhole(m, s))!;
  const line = m.records.get(whole.records[0]).line;
  const next = ls.getContinuation(m, { line, character: 0 }, 'next', names);
  assert.equal(next.continues, false);
  assert.equal(next.message, `Session ${whole.id} ends in this file: its disconnect is here.`);
  const prev = ls.getContinuation(m, { line, character: 0 }, 'previous', names);
  assert.equal(prev.continues, false);
  assert.equal(prev.message, `Session ${whole.id} begins in this file: its connect is here.`);
  assert.equal(ls.getContinuation(m, { line: 0, character: 0 }, 'next', names).message, 'This line belongs to no session.');
  // the last file: the open sessions continue, but there is no later file
  const last = models.at(-1)!;
  const open = last.sessions.find((s) => !s.records.some((ri) => last.records.get(ri).event === '-'));
  if (open) {
    const r = ls.getContinuation(last, { line: last.records.get(open.records[0]).line, character: 0 }, 'next', names);
    assert.equal(r.continues, true);
    assert.deepEqual(r.files, []);
    assert.match(r.message, /no later log of the same kind/);
  }
  assert.equal(ls.getSessionEdge(m, 'NOPE', 'first').position, undefined);
  assert.match(ls.getSessionEdge(m, 'NOPE', 'first').message, /^Session NOPE is not in RECV20240305\d\d-1\.LOG\.$/);
});
