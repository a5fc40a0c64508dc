/** `exchange-log trace`: every format over a generated collection on disk, the missing logs, the keys and the exit codes. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { cli as run, jsonLines } from '../helpers/cli';
import { MessageTruth, buildCollection } from '../helpers/generateCollection';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exlog-trace-'));
const g = buildCollection({ servers: 2, hours: 2, messagesPerHour: 100, seed: 3, missing: ['EX02/TransportRoles/Logs/Hub'] });
for (const f of g.files) {
  const p = path.join(dir, ...f.path.split('/'));
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, f.data);
}
const cache = dir + '-cache';
const common = [dir, '--cache-dir', cache];
const full = (m: MessageTruth) => m.hops.filter((h) => !h.missing);

test('JSON Lines: one object per hop, in time order, with its file and 1-based line; then the missing logs', () => {
  const m = g.messages.find((x) => x.scenario === 'deferredThenSent' && x.hops.every((h) => !h.missing))!;
  assert.ok(m);
  const r = run('trace', ...common, '--message-id', m.messageId, '--format', 'json');
  assert.equal(r.code, 0, r.err);
  const rows = jsonLines(r.out);
  assert.deepEqual(rows.map((x) => [x.type, x.message, x.file, x.line]), full(m).map((h) => ['hop', m.messageId, path.join(dir, ...h.path.split('/')), h.line + 1]));
  assert.deepEqual(rows.map((x) => x.time), full(m).map((h) => new Date(h.time).toISOString()));
  const defer = rows.find((x) => x.eventId === 'DEFER')!;
  assert.match(String(defer.delay), /^Deferred \(451 4\.4\.0\); the next attempt came \d+ min( \d+ s)? later\.$/);
  for (const x of rows) {
    assert.deepEqual(Object.keys(x), ['type', 'message', 'time', 'server', 'kind', 'service', 'file', 'line', 'sessionId', 'eventId', 'source', 'detail', 'linkedBy', 'gapMs', 'delay', 'hour']);
    assert.ok(x.sessionId !== null || x.eventId !== null, 'a session id or an event id');
  }
  assert.deepEqual(rows.map((x) => x.sessionId ?? x.eventId), full(m).map((h) => h.sessionId ?? h.eventId));
});

test('a message proxied to a Hub whose logs are missing: the hops held, then "missing" rows naming EX02\'s logs and hour', () => {
  const m = g.messages.find((x) => x.scenario === 'relayedOut' && x.hops.some((h) => h.missing && h.server === 'EX02' && h.logKind === 'smtpReceive'))!;
  assert.ok(m);
  const rows = jsonLines(run('trace', ...common, '--message-id', m.messageId, '--format', 'json').out);
  assert.deepEqual(rows.filter((x) => x.type === 'hop').map((x) => x.line), full(m).map((h) => h.line + 1));
  const missing = rows.filter((x) => x.type === 'missing');
  const hour = new Date(m.hops.find((h) => h.missing)!.time).toISOString().slice(0, 13);
  assert.deepEqual(missing.map((x) => [x.server, x.kind, x.hour]).sort(), [['EX02', 'connectivity', hour], ['EX02', 'smtpReceive', hour], ['EX02', 'smtpSend', hour]]);
  assert.ok(missing.every((x) => /not in the collection\b.*: collect them/.test(String(x.detail))));
  // the table says it under the hops
  const table = run('trace', ...common, '--message-id', m.messageId);
  assert.equal(table.code, 0);
  assert.match(table.out, new RegExp(`^Message ${m.messageId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
  assert.match(table.out, /^Time \(UTC\)\s+Gap\s+Server\s+Log\s+File\s+Line\s+Session or event\s+What it says\s+Linked by$/m);
  assert.match(table.out, /^ {2}Missing logs:\n {2}- .*SMTP receive \(Hub\) logs of EX02 for \d{4}-\d\d-\d\d \d\d:00 are not in the collection/m);
  assert.equal(table.out.split('\n').filter((l) => /^\d{4}-\d\d-\d\dT/.test(l)).length, full(m).length, 'one table row per hop');
});

test('CSV: a header and one row per hop and per missing log, as spreadsheets read it', () => {
  const m = g.messages.find((x) => x.scenario === 'relayedOut' && x.hops.some((h) => h.missing))!;
  const r = run('trace', ...common, '--message-id', m.messageId, '--format', 'csv');
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /\r\n$/);
  const rows = parse(r.out, { columns: true }) as Record<string, string>[];
  assert.deepEqual(rows.map((x) => x.type), [...full(m).map(() => 'hop'), 'missing', 'missing', 'missing']);
  assert.deepEqual(rows.filter((x) => x.type === 'hop').map((x) => +x.line), full(m).map((h) => h.line + 1));
});

test('by sender, with a time range and a limit; a heading per message in the table', () => {
  const sender = g.messages.find((x) => x.scenario === 'sentOut')!.sender;
  const mine = g.messages.filter((x) => x.sender === sender && full(x).length > 0);
  const all = jsonLines(run('trace', ...common, '--from', sender, '--format', 'json', '--limit', '1000').out);
  assert.deepEqual(new Set(all.map((x) => x.message)), new Set(mine.map((x) => x.messageId)));
  const one = run('trace', ...common, '--from', sender, '--limit', '1');
  assert.equal(one.code, 0);
  assert.equal(one.out.split('\n').filter((l) => l.startsWith('Message <')).length, 1);
  if (mine.length > 1) assert.match(one.out, new RegExp(`^${mine.length - 1} more messages match; narrow the search or raise --limit\\.$`, 'm'));
  const start = Math.min(...mine.map((x) => x.hops[0].time));
  const none = run('trace', ...common, '--from', sender, '--before', new Date(start - 3_600_000).toISOString());
  assert.equal(none.code, 1);
  assert.match(none.err, /no message matches/);
});

test('exit codes: 2 for no key, a bad time, two formats or a bad limit (one line on stderr, nothing on stdout); 1 when nothing matches', () => {
  for (const args of [
    ['trace', ...common],
    ['trace', ...common, '--from', 'a@b', '--after', 'yesterday'],
    ['trace', ...common, '--message-id', '<a@b>', '--format', 'csv', '--format', 'json'],
    ['trace', ...common, '--message-id', '<a@b>', '--limit', '0'],
    ['trace', ...common, '--message-id', '<a@b>', '--format', 'xml'],
    ['trace', '--message-id', '<a@b>'],
  ]) {
    const r = run(...args);
    assert.equal(r.code, 2, args.join(' '));
    assert.equal(r.out, '');
    assert.match(r.err, /^exchange-log: [^\n]+\n$/, r.err);
  }
  const r = run('trace', ...common, '--message-id', '<not-in-the-logs@example.org>');
  assert.equal(r.code, 1);
  assert.equal(r.out, '');
  assert.match(r.err, /no message matches/);
  assert.match(run('--help').out, /exchange-log trace <path…> \(--message-id ID \| --internal-id N \| --network-id G \| --from ADDR \| --to ADDR \| --subject TEXT\)/);
});
