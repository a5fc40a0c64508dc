/** `exchange-log index`: output, exit codes, the cache (reuse, appends, invalidation, damage) and bad files. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli as run, jsonLines } from '../helpers/cli';
import { generateLog } from '../bench/generateLogs';
import { generateHourlyFolder } from '../helpers/generateFolder';

function makeCollection(): { dir: string; cache: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exlog-cli-'));
  const recv = path.join(dir, 'EX01', 'TransportRoles', 'Logs', 'FrontEnd', 'ProtocolLog', 'SmtpReceive');
  const trk = path.join(dir, 'EX02', 'TransportRoles', 'Logs', 'MessageTracking');
  fs.mkdirSync(recv, { recursive: true });
  fs.mkdirSync(trk, { recursive: true });
  for (const f of generateHourlyFolder({ hours: 4, targetBytes: 200_000, seed: 3 })) fs.writeFileSync(path.join(recv, f.name), f.text);
  fs.writeFileSync(path.join(trk, 'MSGTRK2024030510-1.LOG'), '\ufeff' + generateLog('messageTracking', 60_000, 4, 6));
  // not a log: ignored without a word
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'case notes\n');
  return { dir, cache: path.join(dir, '..', path.basename(dir) + '-cache') };
}

test('index prints a summary table, or JSON Lines with the summary last; a second run takes every file from the cache', () => {
  const { dir, cache } = makeCollection();
  const first = run('index', dir, '--cache-dir', cache, '--format', 'json');
  assert.equal(first.code, 0, first.err);
  const rows = jsonLines(first.out);
  const summary = rows[rows.length - 1];
  assert.equal(summary.type, 'summary');
  assert.equal(summary.files, 5);
  assert.equal(rows.filter((r) => r.type === 'file').length, 5);
  assert.deepEqual(summary.servers, ['EX01', 'EX02']);
  assert.equal(summary.read, 5);
  assert.ok((summary.sessions as number) > 20);
  assert.ok((summary.messages as number) > 5);
  assert.ok((summary.events as number) > 20);
  assert.match(String(summary.firstTime), /^2024-03-05T/);
  const again = run('index', dir, '--cache-dir', cache, '--format', 'json');
  assert.equal(again.code, 0, again.err);
  const s2 = jsonLines(again.out).pop()!;
  assert.equal(s2.cached, 5);
  assert.equal(s2.read, 0);
  assert.equal(s2.bytesRead, 0);
  for (const k of ['sessions', 'messages', 'events', 'files', 'bytes']) assert.equal(s2[k], summary[k], k);
  const table = run('index', dir, '--cache-dir', cache);
  assert.equal(table.code, 0);
  assert.match(table.out, /^Files\s+5 \(0 read, 0 appended, 5 from the cache\)$/m);
  assert.match(table.out, /^Servers\s+EX01, EX02$/m);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(cache, { recursive: true, force: true });
});

test('an appended file is read from where it stopped; a touched or damaged entry is read again', () => {
  const { dir, cache } = makeCollection();
  assert.equal(run('index', dir, '--cache-dir', cache).code, 0);
  const file = path.join(dir, 'EX01', 'TransportRoles', 'Logs', 'FrontEnd', 'ProtocolLog', 'SmtpReceive', 'RECV2024030503-1.LOG');
  const before = jsonLines(run('index', dir, '--cache-dir', cache, '--format', 'json').out).pop()!;
  const extra = '2024-03-05T03:59:58.000Z,EX01\\Default Frontend EX01,08DC3C0AFFFF0001,0,10.0.0.5:25,192.0.2.7:50000,+,,\r\n' +
    '2024-03-05T03:59:59.000Z,EX01\\Default Frontend EX01,08DC3C0AFFFF0001,1,10.0.0.5:25,192.0.2.7:50000,-,,Remote(ConnectionReset)\r\n';
  fs.appendFileSync(file, extra);
  const after = jsonLines(run('index', dir, '--cache-dir', cache, '--format', 'json').out).pop()!;
  assert.equal(after.appended, 1);
  assert.equal(after.read, 0);
  assert.equal(after.bytesRead, Buffer.byteLength(extra));
  assert.equal(after.sessions, (before.sessions as number) + 1);
  // the cache now holds the grown file
  const third = jsonLines(run('index', dir, '--cache-dir', cache, '--format', 'json').out).pop()!;
  assert.equal(third.cached, 5);
  assert.equal(third.sessions, after.sessions);
  // same size, newer time: read again
  const later = new Date(Date.now() + 5000);
  fs.utimesSync(file, later, later);
  const touched = jsonLines(run('index', dir, '--cache-dir', cache, '--format', 'json').out).pop()!;
  assert.equal(touched.read, 1);
  assert.equal(touched.sessions, after.sessions);
  // a damaged entry: one warning, read again, same answer
  for (const name of fs.readdirSync(cache)) {
    const p = path.join(cache, name);
    const bytes = fs.readFileSync(p);
    bytes[bytes.length >> 1] ^= 0xff;
    fs.writeFileSync(p, bytes);
  }
  const repaired = run('index', dir, '--cache-dir', cache, '--format', 'json');
  assert.equal(repaired.code, 0);
  const r = jsonLines(repaired.out).pop()!;
  assert.equal(r.read, 5);
  assert.equal(r.sessions, after.sessions);
  assert.equal(repaired.err.match(/cached index was not usable \(damaged\)/g)?.length, 5, repaired.err);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(cache, { recursive: true, force: true });
});

test('bad files get one named warning each and every good file is still indexed', () => {
  const { dir } = makeCollection();
  const recv = path.join(dir, 'EX01', 'TransportRoles', 'Logs', 'FrontEnd', 'ProtocolLog', 'SmtpReceive');
  fs.writeFileSync(path.join(recv, 'RECV2024030600-1.LOG'), Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0, 0, 0, 4, 0]));
  fs.writeFileSync(path.join(recv, 'RECV2024030601-1.LOG'), '');
  const cut = generateLog('smtpReceive', 20_000, 8, 4);
  fs.writeFileSync(path.join(recv, 'RECV2024030602-1.LOG'), cut.slice(0, cut.indexOf('"', 3000) + 5));
  if (process.platform !== 'win32') {
    fs.symlinkSync(dir, path.join(dir, 'EX01', 'loop'));
    const unreadable = path.join(recv, 'RECV2024030603-1.LOG');
    fs.writeFileSync(unreadable, cut);
    fs.chmodSync(unreadable, 0);
  }
  const r = run('index', dir, '--no-cache', '--format', 'json');
  assert.equal(r.code, 0, r.err);
  const summary = jsonLines(r.out).pop()!;
  assert.match(r.err, /RECV2024030600-1\.LOG: not a text log \(it holds binary data\); skipped\./);
  assert.doesNotMatch(r.err, /RECV2024030601-1\.LOG/);
  assert.doesNotMatch(r.err, /RECV2024030602-1\.LOG/);
  assert.doesNotMatch(r.err, /\n\s+at /, 'no stack trace');
  const files = jsonLines(r.out).filter((x) => x.type === 'file');
  assert.ok(files.some((f) => String(f.path).endsWith('RECV2024030602-1.LOG') && (f.sessions as number) > 0), 'the file cut mid-quote is read as far as it goes');
  assert.ok((summary.sessions as number) > 20);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('exit codes: 2 for bad usage with one line and no stack trace, 1 when nothing is found', () => {
  for (const args of [[], ['frobnicate'], ['index'], ['index', '.', '--format', 'xml'], ['index', '.', '--no-cache', '--cache-dir', 'x'], ['index', '.', '--bogus']]) {
    const r = run(...args);
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(r.err.trim().split('\n').length, 1, r.err);
    assert.match(r.err, /^exchange-log: /);
    assert.equal(r.out, '');
  }
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'exlog-empty-'));
  const r = run('index', empty, '--no-cache');
  assert.equal(r.code, 1);
  const missing = run('index', path.join(empty, 'nope'), '--no-cache');
  assert.equal(missing.code, 1);
  assert.match(missing.err, /nope: cannot be read \(ENOENT\); skipped\./);
  fs.rmSync(empty, { recursive: true, force: true });
});
