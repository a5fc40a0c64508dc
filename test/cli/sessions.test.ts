/**
 * `exchange-log sessions`: JSON Lines, CSV and table output of the sessions a query matches, checked
 * against the generated files' own lines; exit codes 0 (matches), 1 (none) and 2 (a bad query, with the
 * caret under the wrong spot, before any file is read; bad options).
 */
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli as run, CLI } from '../helpers/cli';
import { buildCollection } from '../helpers/generateCollection';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exlog-sessions-'));
const generated = buildCollection({ servers: 2, hours: 1, seed: 21, messagesPerHour: 600 });
for (const f of generated.files) {
  const p = path.join(dir, ...f.path.split('/'));
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, f.data);
}
const cache = path.join(dir, '..', `${path.basename(dir)}-cache`);
after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(cache, { recursive: true, force: true });
});

/** The receive sessions of the generated files, by file and session id, with the 0-based line of their first record. */
function receiveSessions(): Map<string, { file: string; line: number }> {
  const out = new Map<string, { file: string; line: number }>();
  for (const f of generated.files) {
    if (!/\/SmtpReceive\//.test(f.path)) continue;
    f.text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((line, i) => {
      if (line.startsWith('#') || !line.trim()) return;
      const id = line.split(',')[2];
      const key = `${path.dirname(f.path)}|${id}`;
      if (!out.has(key)) out.set(key, { file: path.join(dir, ...f.path.split('/')), line: i });
    });
  }
  return out;
}

test('--format json: one object per matching session, in time order, each pointing at its first line', () => {
  const r = run(['sessions', dir, '--cache-dir', cache, '--where', 'kind:receive', '--format', 'json']);
  assert.equal(r.code, 0, r.err);
  const rows = r.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const expected = receiveSessions();
  assert.equal(rows.length, expected.size);
  const keys = ['server', 'kind', 'file', 'line', 'sessionId', 'start', 'end', 'remote', 'local', 'connector', 'ehlo', 'tls', 'auth', 'from', 'to', 'messages', 'outcome'];
  const lines = new Map<string, string[]>();
  let previous = '';
  for (const row of rows) {
    for (const k of keys) assert.ok(k in row, `${k} in ${JSON.stringify(row)}`);
    assert.equal(row.kind, 'smtpReceive');
    assert.match(String(row.start), /^2024-03-04T\d\d:\d\d:\d\d\.\d{3}Z$/);
    assert.ok(String(row.start) >= previous, 'time order');
    previous = String(row.start);
    assert.ok(Array.isArray(row.to));
    const file = String(row.file);
    assert.ok(path.isAbsolute(file) && file.startsWith(dir), file);
    if (!lines.has(file)) lines.set(file, fs.readFileSync(file, 'utf8').split(/\r?\n/));
    // line is 1-based and holds the session's first record
    const text = lines.get(file)![(row.line as number) - 1];
    assert.ok(text.includes(`,${row.sessionId as string},`), `${file}:${row.line} holds ${row.sessionId}`);
    const want = expected.get(`${path.relative(dir, path.dirname(file)).split(path.sep).join('/')}|${row.sessionId}`);
    assert.ok(want && want.file === file && want.line === (row.line as number) - 1, `first line of ${row.sessionId}`);
    assert.match(String(row.server), /^EX0[12]$/);
  }
});

test('--format csv: a header of the JSON keys, the same rows, CRLF line ends', () => {
  const json = run(['sessions', dir, '--cache-dir', cache, '--where', 'tls:1.0 OR tls:1.1', '--format', 'json']);
  const csv = run(['sessions', dir, '--cache-dir', cache, '--where', 'tls:1.0 OR tls:1.1', '--format', 'csv']);
  assert.equal(csv.code, 0, csv.err);
  const lines = csv.out.split('\r\n');
  assert.equal(lines.pop(), '');
  const header = lines[0].split(',');
  const objects = json.out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(header, Object.keys(objects[0]));
  assert.equal(lines.length - 1, objects.length);
  assert.ok(objects.length > 3);
  assert.ok(objects.every((o) => o.tls === '1.0' || o.tls === '1.1'));
  const tlsAt = header.indexOf('tls'), idAt = header.indexOf('sessionId');
  // cells up to sessionId hold no comma or quote
  for (let i = 1; i < lines.length; i++) {
    const cells = lines[i].split(',');
    assert.equal(cells[idAt], objects[i - 1].sessionId);
    assert.ok(cells.includes(objects[i - 1].tls as string) && cells[tlsAt] !== undefined);
  }
});

test('--format table (the default): headings and one line per session; --limit cuts the list and says so', () => {
  const r = run(['sessions', dir, '--cache-dir', cache, '--where', 'kind:send', '--limit', '3']);
  assert.equal(r.code, 0, r.err);
  const lines = r.out.trimEnd().split('\n');
  assert.match(lines[0], /^Start\s+Server\s+Kind\s+Remote\s+EHLO\s+TLS\s+AUTH\s+From\s+Messages\s+Outcome\s+File:line$/);
  assert.equal(lines.length, 4);
  for (const l of lines.slice(1)) assert.match(l, /^2024-03-04T\S+Z\s+EX0[12]\s+smtpSend\s.*SEND\d{10}-\d+\.LOG:\d+$/);
  const all = run(['sessions', dir, '--cache-dir', cache, '--where', 'kind:send', '--format', 'json']);
  const total = all.out.trim().split('\n').length;
  assert.equal(r.err.trim(), `exchange-log: 3 of ${total} matching sessions shown (--limit).`);
});

test('no match: exit code 1, nothing on stdout (a CSV keeps its header)', () => {
  const r = run(['sessions', dir, '--cache-dir', cache, '--where', 'ehlo:no.such.host.invalid', '--format', 'json']);
  assert.equal(r.code, 1);
  assert.equal(r.out, '');
  assert.equal(r.err.trim(), 'exchange-log: No session matches.');
  const csv = run(['sessions', dir, '--cache-dir', cache, '--where', 'ehlo:no.such.host.invalid', '--format', 'csv']);
  assert.equal(csv.code, 1);
  assert.match(csv.out, /^start,end,durationMs,server,.*\r\n$/);
  const table = run(['sessions', dir, '--cache-dir', cache, '--where', 'ehlo:no.such.host.invalid']);
  assert.equal(table.code, 1);
  assert.equal(table.out, '');
});

test('a bad query: exit code 2, the message and a caret under the wrong spot, nothing read, nothing on stdout', () => {
  const fresh = path.join(dir, '..', `${path.basename(dir)}-never`);
  const r = run(['sessions', dir, '--cache-dir', fresh, '--where', 'kind:send remot:10.0.0.1']);
  assert.equal(r.code, 2);
  assert.equal(r.out, '');
  assert.equal(r.err, [
    "exchange-log: unknown field 'remot'; did you mean 'remote'?",
    '  kind:send remot:10.0.0.1',
    '            ^^^^^',
    '',
  ].join('\n'));
  assert.ok(!fs.existsSync(fresh), 'no file was indexed');
  const two = run(['sessions', dir, '--cache-dir', fresh, '--where', 'messages:lots OR']);
  assert.equal(two.code, 2);
  assert.equal(two.err, [
    "exchange-log: 'lots' is not a number; write e.g. 3, >3, >=3, <3 or 2..5",
    '  messages:lots OR',
    '           ^^^^',
    'exchange-log: OR needs a term after it',
    '  messages:lots OR',
    '                ^^',
    '',
  ].join('\n'));
  const quote = run(['sessions', dir, '--cache-dir', fresh, '--where', 'from:"alice']);
  assert.equal(quote.code, 2);
  assert.match(quote.err, /^exchange-log: unclosed quote: add "\n {2}from:"alice\n {7}\^{6}\n$/);
  // no stack trace, whatever the input
  const odd = run(['sessions', dir, '--cache-dir', fresh, '--where', ')\u0007(']);
  assert.equal(odd.code, 2);
  assert.doesNotMatch(odd.err, /\bat \w+ \(|Error:/);
  assert.ok(!fs.existsSync(fresh));
});

test('in Portuguese, the query mistakes are too', () => {
  const r = run(['sessions', dir, '--no-cache', '--where', 'remot:10.0.0.1'], 'pt_BR.UTF-8');
  assert.equal(r.code, 2);
  assert.match(r.err, /^exchange-log: campo desconhecido 'remot'; você quis dizer 'remote'\?\n/);
});

test('bad usage: no --where, a --limit that is not a number, an unknown format', () => {
  const none = run(['sessions', dir, '--no-cache']);
  assert.equal(none.code, 2);
  assert.match(none.err, /^exchange-log: --where QUERY is needed/);
  const limit = run(['sessions', dir, '--no-cache', '--where', 'kind:send', '--limit', 'ten']);
  assert.equal(limit.code, 2);
  assert.match(limit.err, /--limit must be a whole number/);
  const format = run(['sessions', dir, '--no-cache', '--where', 'kind:send', '--format', 'xml']);
  assert.equal(format.code, 2);
  assert.match(format.err, /--format must be table or csv or json/);
  const help = run(['--help']);
  assert.match(help.out, /exchange-log sessions <path…> --where QUERY \[--limit N\] \[--format table\|csv\|json\]/);
});

test('a reader that stops early (`| head`): the tool ends quietly, exit code 0, no error on stderr', async () => {
  const child = spawn(process.execPath, [CLI, 'sessions', dir, '--cache-dir', cache, '--where', 'kind:receive OR kind:send', '--format', 'json']);
  let err = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  child.stdout.once('data', () => child.stdout.destroy());
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  assert.equal(code, 0, err);
  assert.doesNotMatch(err, /EPIPE|\n\s+at /);
});
