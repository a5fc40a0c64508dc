/** The collection index: parts of files as compact tables, their bytes, roll-over sessions joined. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { configureL10n } from '../../server/src/core/l10n';
import { parseLog } from '../../server/src/core/model/logModel';
import { getSessionSummary } from '../../server/src/core/summary/sessionSummary';
import { Part, decodePart, encodePart, indexPart } from '../../server/src/core/collection/part';
import { CollectionIndex, fileBaseName, isBelowFolder, isUriKey, sessionCells, serverFromPath, serviceFromPath } from '../../server/src/core/collection/collection';
import { NONE, TableFormatError } from '../../server/src/core/collection/table';
import { E, SL, SessionFlag } from '../../server/src/core/collection/schema';
import { goToTime } from '../../server/src/core/collection/time';
import { generateHourlyFolder } from '../helpers/generateFolder';
import { buildCollection } from '../helpers/generateCollection';
import { generateReceiveLog } from '../helpers/generate';
import { generateLog, GeneratedKind } from '../bench/generateLogs';

configureL10n('en', undefined);

const whole = (text: string, name = 'RECV2024030510-1.LOG'): Part =>
  indexPart(text, { byteStart: 0, byteEnd: text.length, endsWithBreak: true, lineOffset: 0, headerPrefix: '' }, name);

test('a part keeps one row per session with the summary\'s facts, and one row per tracking event', () => {
  for (const kind of ['smtpReceive', 'smtpSend', 'pop3', 'imap4', 'connectivity', 'messageTracking'] as GeneratedKind[]) {
    const text = generateLog(kind, 200_000, 3, 12);
    const model = parseLog(text, { uri: 'x.log' });
    const part = whole(text);
    if (kind === 'messageTracking') {
      assert.equal(part.sessions.rows, 0);
      assert.equal(part.events.rows, model.records.length, kind);
      continue;
    }
    assert.equal(part.sessions.rows, model.sessions.length, kind);
    const c = new CollectionIndex();
    c.setFile({ path: `/logs/EX01/${kind}.log`, size: text.length, mtime: 1, parts: [part] });
    let i = 0;
    for (const ref of c.sessions()) {
      const s = getSessionSummary(model, i++);
      const cells = sessionCells(ref);
      assert.equal(cells.id, s.id);
      assert.equal(cells.outcome, s.outcome, `${kind} ${s.id}`);
      assert.equal(cells.firstLine, s.firstLine);
      assert.equal(cells.lastLine, s.lastLine);
      assert.equal(cells.start, s.firstTime);
      assert.equal(cells.end, s.lastTime);
      assert.equal(cells.remote, s.remote);
      assert.equal(cells.mailFrom, s.mailFrom);
      assert.deepEqual(cells.recipients, s.recipients);
      assert.deepEqual(cells.replies, s.replyCodes);
      assert.equal(cells.messages, s.messages);
    }
  }
});

test('receive sessions keep the message ids and internal ids their 250 2.6.0 replies accepted', () => {
  const text = generateLog('smtpReceive', 100_000, 5, 8);
  const part = whole(text);
  const c = new CollectionIndex();
  c.setFile({ path: '/logs/RECV2024030510-1.LOG', size: text.length, mtime: 1, parts: [part] });
  let accepted = 0;
  for (const ref of c.sessions()) {
    const cells = sessionCells(ref);
    assert.equal(cells.messageIds.length, cells.messages, cells.id);
    for (const id of cells.messageIds) assert.ok(text.includes(`250 2.6.0 ${id} [InternalId=`), id);
    accepted += cells.messageIds.length;
  }
  assert.ok(accepted > 5);
});

test('a part read back from its bytes is the same; damaged bytes are refused, never trusted', () => {
  const text = generateLog('smtpSend', 150_000, 2, 10) + generateLog('messageTracking', 100_000, 2, 10);
  const part = whole(text);
  const bytes = encodePart(part);
  const back = decodePart(bytes);
  assert.deepEqual(back.meta, JSON.parse(JSON.stringify(part.meta)));
  assert.deepEqual(back.sessions.texts(), part.sessions.texts());
  assert.deepEqual(back.events.texts(), part.events.texts());
  for (let i = 0; i < part.sessions.data.columns.length; i++) assert.deepEqual(Array.from(back.sessions.data.columns[i]), Array.from(part.sessions.data.columns[i]));
  assert.deepEqual(encodePart(back), bytes);
  // a copy at an odd offset reads the same
  const odd = new Uint8Array(bytes.length + 3);
  odd.set(bytes, 3);
  assert.deepEqual(decodePart(odd.subarray(3)).sessions.texts(), part.sessions.texts());
  for (const cut of [0, 3, 100, bytes.length >> 1, bytes.length - 8]) assert.throws(() => decodePart(bytes.subarray(0, cut)), TableFormatError, `cut at ${cut}`);
  // any damaged byte: refused with a TableFormatError or read as valid tables, never another error
  // (the cache's checksum refuses every damaged entry before it gets here)
  for (let at = 0; at < bytes.length; at += 97) {
    const bad = bytes.slice();
    bad[at] ^= 0xa5;
    try {
      const p = decodePart(bad);
      for (let r = 0; r < p.sessions.rows; r++) p.sessions.text(p.sessions.data.columns[12][r]);
    } catch (e) {
      assert.ok(e instanceof TableFormatError, `byte ${at}: ${String(e)}`);
    }
  }
});

test('sessions that cross the hourly roll-overs are one session, with the verdict of the whole session', () => {
  const options = { hours: 12, targetBytes: 400_000, seed: 11 };
  const files = generateHourlyFolder(options);
  const c = new CollectionIndex();
  for (const f of files) c.setFile({ path: `/cases/1/EX01/TransportRoles/Logs/FrontEnd/ProtocolLog/SmtpReceive/${f.name}`, size: f.text.length, mtime: 1, parts: [whole(f.text, f.name)] });
  // the stream the files were cut from, read as one log
  const stream = parseLog(generateReceiveLog({ targetBytes: 400_000, seed: 11, start: Date.UTC(2024, 2, 5) }).text, {});
  const expected = new Map(stream.sessions.map((s) => [s.id, getSessionSummary(stream, s.index)]));
  const seen = new Map<string, ReturnType<typeof sessionCells>>();
  let crossing = 0;
  for (const ref of c.sessions()) {
    const cells = sessionCells(ref);
    assert.ok(!seen.has(cells.id), `session ${cells.id} counted twice`);
    seen.set(cells.id, cells);
    if (ref.file !== ref.lastFile) crossing++;
    const s = expected.get(cells.id)!;
    assert.ok(s, cells.id);
    assert.equal(cells.outcome, s.outcome, `outcome of ${cells.id}`);
    assert.equal(cells.messages, s.messages, `messages of ${cells.id}`);
    assert.deepEqual(cells.recipients, s.recipients);
    assert.equal(cells.mailFrom, s.mailFrom);
  }
  assert.equal(seen.size, expected.size, 'every session of every file accounted for');
  assert.ok(crossing >= 5, `sessions crossing roll-overs: ${crossing}`);
  assert.equal(c.totals().sessions, expected.size);
});

test('sessions that cross a roll-over by size (-1 → -2) are one session, wherever the file was cut', () => {
  // seed 31 at 128 KiB cuts a FrontEnd send session after its first line, before its connect; the
  // smaller files of the other seeds cut Hub and FrontEnd send sessions after one, two or three lines
  const cases = [
    { seed: 31, targetBytes: 1024 * 1024, fileLimitBytes: 128 * 1024 },
    ...[1, 2, 3, 4].map((seed) => ({ seed, targetBytes: 256 * 1024, fileLimitBytes: 24 * 1024 })),
  ];
  for (const { seed, targetBytes, fileLimitBytes } of cases) {
    const generated = buildCollection({ servers: ['EX01', 'EX02'], targetBytes, fileLimitBytes, seed, imap: false });
    const c = new CollectionIndex();
    // ground truth: each session (folder and id) with the first and the last file it has lines in,
    // from the generator's own account of what is open at each file's start and end
    const truth = new Map<string, { first?: string; last?: string }>();
    const folder = (path: string) => path.slice(0, path.lastIndexOf('/'));
    let sizeCrossing = 0;
    for (const f of generated.files) {
      const path = `/cases/${f.path}`;
      c.setFile({ path, size: f.bytes, mtime: 1, parts: [whole(f.text, path)] });
      if (f.kind === 'messageTracking') continue;
      const m = parseLog(f.text, {});
      assert.equal(m.sessions.length, f.sessions, f.path);
      for (const s of m.sessions) {
        const key = `${folder(path)}|${s.id}`;
        let t = truth.get(key);
        if (!t) truth.set(key, (t = {}));
        if (!f.openAtStart.includes(s.id)) {
          assert.equal(t.first, undefined, `${key} begins twice`);
          t.first = path;
        }
        if (!f.openAtEnd.includes(s.id)) t.last = path;
      }
      if (!/-1\.LOG$/.test(f.path)) sizeCrossing += f.openAtStart.length;
    }
    assert.equal(truth.size, generated.summary.sessions, `seed ${seed}`);
    assert.ok(sizeCrossing > 0, `seed ${seed}: sessions continue across size roll-overs`);
    const seen = new Set<string>();
    for (const ref of c.sessions()) {
      const cells = sessionCells(ref);
      const first = c.file(ref.file)!.path, last = c.file(ref.lastFile)!.path;
      const key = `${folder(first)}|${cells.id}`;
      assert.ok(!seen.has(key), `seed ${seed}: session ${key} counted twice`);
      seen.add(key);
      const t = truth.get(key);
      assert.ok(t, `seed ${seed}: ${key} is a session of the collection`);
      assert.deepEqual({ first, last }, t, `seed ${seed}: files of ${key}`);
      // the generator finishes every session it begins: none is left cut at either end (a send session
      // that failed to connect ends without a disconnect, as Exchange writes it)
      assert.equal(cells.flags & SessionFlag.OpenStart, 0, `seed ${seed}: ${key} is cut at its start`);
      if (cells.outcome !== 'connectionFailed') assert.equal(cells.flags & SessionFlag.OpenEnd, 0, `seed ${seed}: ${key} is cut at its end (${cells.outcome})`);
    }
    assert.equal(seen.size, truth.size, `seed ${seed}: every session of every file accounted for`);
    assert.equal(c.totals().sessions, generated.summary.sessions, `seed ${seed}`);
  }
});

test('a URI key (a virtual workspace\'s file) gives its server, service, name and folder like a path', () => {
  assert.equal(isUriKey('C:\\Cases\\RECV2024030510-1.LOG'), false, 'a drive letter is no scheme');
  assert.equal(isUriKey('/cases/RECV2024030510-1.LOG'), false);
  assert.equal(isUriKey('memfs:/cases/RECV2024030510-1.LOG'), true);
  assert.equal(isUriKey('vscode-vfs://github/contoso/logs'), true);
  const vfs = 'vscode-vfs://github/contoso/logs/EX01/TransportRoles/Logs/FrontEnd/ProtocolLog/SmtpReceive/RECV2024030510-1.LOG';
  assert.equal(serverFromPath(vfs), 'EX01');
  assert.equal(serviceFromPath(vfs), 'FrontEnd');
  assert.equal(serverFromPath('memfs:/EX02_Hub_ProtocolLog_SmtpReceive/RECV2024030510-1.LOG'), 'EX02');
  // query and fragment are not part of the name; escapes are decoded
  assert.equal(fileBaseName('vscode-vfs://github/contoso/logs/RECV2024030510-1.LOG?ref=main#L3'), 'RECV2024030510-1.LOG');
  assert.equal(fileBaseName('memfs:/logs/RECV2024030510-1%20copy.LOG'), 'RECV2024030510-1 copy.LOG');
  assert.equal(fileBaseName('C:\\Cases\\EX01\\SEND2024030510-1.LOG'), 'SEND2024030510-1.LOG');
  // the same folder names on two file systems are two folders: their files do not continue each other
  const text = generateLog('smtpReceive', 20_000, 1, 4);
  const c = new CollectionIndex();
  for (const p of ['memfs:/logs/RECV2024030510-1.LOG', 'memfs:/logs/RECV2024030511-1.LOG', 'vscode-vfs://github/x/logs/RECV2024030511-1.LOG']) {
    c.setFile({ path: p, size: text.length, mtime: 1, parts: [whole(text, p)] });
  }
  assert.equal(c.factsOf(0).chain, c.factsOf(1).chain);
  assert.notEqual(c.factsOf(1).chain, c.factsOf(2).chain);
  // keys compare case-insensitively, as paths do
  assert.ok(c.getFile('MEMFS:/LOGS/recv2024030510-1.log'));
});

test('the server and service of a file come from its folders or its content', () => {
  assert.equal(serverFromPath('C:\\Cases\\EX01\\TransportRoles\\Logs\\Hub\\ProtocolLog\\SmtpSend\\SEND2024030510-1.LOG'), 'EX01');
  assert.equal(serverFromPath('/cases/logs/EX02_Hub_ProtocolLog_SmtpReceive/RECV2024030510-1.LOG'), 'EX02');
  assert.equal(serverFromPath('C:/Program Files/Microsoft/Exchange Server/V15/TransportRoles/Logs/Hub/Connectivity/CONNECTLOG2024030510-1.LOG'), undefined);
  assert.equal(serviceFromPath('/c/EX01/TransportRoles/Logs/FrontEnd/ProtocolLog/SmtpReceive/RECV2024030510-1.LOG'), 'FrontEnd');
  assert.equal(serviceFromPath('/c/EX02_Hub_ProtocolLog_SmtpReceive/RECV2024030510-1.LOG'), 'Hub');
  const text = generateLog('smtpReceive', 50_000, 1, 4);
  const c = new CollectionIndex();
  c.setFile({ path: '/somewhere/RECV2024030510-1.LOG', size: text.length, mtime: 1, parts: [whole(text)] });
  const facts = c.factsOf(0);
  assert.equal(facts.server, 'EX01');
  assert.equal(facts.service, 'FrontEnd');
  assert.equal(facts.kind, 'smtpReceive');
  assert.equal(facts.day, '2024-03-05');
  const tree = c.tree((p) => `file://${p}`);
  assert.equal(tree[0].server, 'EX01');
  assert.equal(tree[0].kinds[0].days[0].files[0].uri, 'file:///somewhere/RECV2024030510-1.LOG');
  assert.equal(tree[0].kinds[0].label, 'SMTP Receive protocol log · FrontEnd');
});

test('Go to Time stays in the current log\'s own files: from a FrontEnd receive log to the FrontEnd\'s file of that time, not the Hub\'s', () => {
  const folder = (service: string) => `/cases/EX01/TransportRoles/Logs/${service}/ProtocolLog/SmtpReceive`;
  const c = new CollectionIndex();
  const middle = new Map<string, string>();
  // The Hub's files first: a search over the server's receive logs alone finds the Hub's file.
  for (const [service, seed] of [['Hub', 3], ['FrontEnd', 4]] as const) {
    for (const f of generateHourlyFolder({ hours: 3, targetBytes: 60_000, seed })) {
      c.setFile({ path: `${folder(service)}/${f.name}`, size: f.text.length, mtime: 1, parts: [whole(f.text, f.name)] });
      if (f.name !== 'RECV2024030501-1.LOG') continue;
      const records = f.text.split('\r\n').filter((l) => /^\d{4}-/.test(l));
      middle.set(service, records[Math.floor(records.length / 2)].slice(0, 19));
    }
  }
  for (const service of ['FrontEnd', 'Hub']) {
    const answer = goToTime(c, middle.get(service)!, { current: `${folder(service)}/RECV2024030500-1.LOG` });
    assert.equal(answer.path, `${folder(service)}/RECV2024030501-1.LOG`, answer.message);
  }
});

test('a file read in chunks, or first in part and then its appended lines, gives the same sessions as read whole', () => {
  const text = generateLog('smtpReceive', 300_000, 9, 20);
  const reference = whole(text);
  const cutAt = (n: number) => text.lastIndexOf('\n', n) + 1;
  const a = cutAt(100_000), b = cutAt(210_000);
  const first = whole(text.slice(0, a));
  const lines = (s: string) => s.split('\n').length - 1;
  const second = indexPart(text.slice(a, b), { byteStart: a, byteEnd: b, endsWithBreak: true, lineOffset: lines(text.slice(0, a)), headerPrefix: first.meta.header }, 'x');
  const third = indexPart(text.slice(b), { byteStart: b, byteEnd: text.length, endsWithBreak: true, lineOffset: lines(text.slice(0, b)), headerPrefix: second.meta.header }, 'x');
  const whole1 = new CollectionIndex();
  whole1.setFile({ path: '/x/RECV2024030510-1.LOG', size: text.length, mtime: 1, parts: [reference] });
  const chunked = new CollectionIndex();
  chunked.setFile({ path: '/x/RECV2024030510-1.LOG', size: text.length, mtime: 1, parts: [first, second, third] });
  const rows = (c: CollectionIndex) => [...c.sessions()].map((r) => sessionCells(r)).map(({ flags: _f, ...rest }) => rest).sort((x, y) => (x.id < y.id ? -1 : 1));
  assert.deepEqual(rows(chunked), rows(whole1));
});

test('a key is below a folder when a separator follows the folder\'s name, or when it is the folder', () => {
  assert.equal(isBelowFolder('/cases/ex01/recv.log', '/cases/ex01'), true);
  assert.equal(isBelowFolder('/cases/ex01', '/cases/ex01'), true);
  assert.equal(isBelowFolder('/cases/ex010/recv.log', '/cases/ex01'), false, 'a sibling whose name begins the same');
  assert.equal(isBelowFolder('c:\\cases\\ex01\\recv.log', 'c:\\cases'), true);
  assert.equal(isBelowFolder('c:\\cases\\ex01\\recv.log', 'c:\\cases', '/'), false, 'only the separators given');
  assert.equal(isBelowFolder('memfs:/logs/ex01/recv.log', 'memfs:/logs', '/'), true);
});

test('the messages of the totals are the distinct message ids of sessions and tracking events, one beyond ASCII included', () => {
  const generated = buildCollection({ servers: ['EX01', 'EX02'], targetBytes: 1024 * 1024, seed: 8, imap: false });
  // one message id accepted by a receive session and tracked, renamed beyond ASCII in every file
  const accepted = generated.files.filter((f) => f.kind === 'smtpReceive').map((f) => /2\.6\.0 (<[^>]+>)/.exec(f.text)?.[1]).find((id) => id !== undefined)!;
  const renamed = accepted.replace('<', '<relatório-ç-');
  const c = new CollectionIndex();
  let renamedIn = 0;
  for (const f of generated.files) {
    const text = f.text.split(accepted).join(renamed);
    if (text !== f.text) renamedIn++;
    const path = `/cases/${f.path}`;
    c.setFile({ path, size: f.bytes, mtime: 1, parts: [whole(text, path)] });
  }
  assert.ok(renamedIn >= 2, `the id is in ${renamedIn} files`);
  // counted from the tables' packed bytes (nothing decoded yet), then with the receive logs' texts
  // decoded (a question asked before), then with every text decoded: the same hashes each way
  const counts = [c.totals().messages];
  for (const [, file] of c.files()) if (/RECV/.test(file.path)) for (const p of file.parts) p.sessions.texts();
  counts.push(c.totals().messages);
  // the same count the plain way: every id decoded to its text
  const ids = new Set<string>();
  for (const [, file] of c.files()) {
    for (const p of file.parts) {
      const list = p.sessions.data.lists[SL.messageIds];
      for (const v of list.values) ids.add(p.sessions.text(v)!);
      const mids = p.events.column(E.messageId);
      for (let r = 0; r < mids.length; r++) if (mids[r] !== NONE) ids.add(p.events.text(mids[r])!);
    }
  }
  counts.push(c.totals().messages);
  assert.ok(ids.has(renamed));
  assert.deepEqual(counts, [ids.size, ids.size, ids.size]);
  assert.equal(ids.size, generated.summary.messages);
});
