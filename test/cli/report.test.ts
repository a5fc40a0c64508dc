/** `exchange-log report`: the three formats, --top, --where, --org-domains and the exit codes. */
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'csv-parse/sync';
import { CollectionIndex } from '../../server/src/core/collection/collection';
import { indexPart } from '../../server/src/core/collection/part';
import { buildReport } from '../../server/src/core/collection/reports/index';
import { configureL10n } from '../../server/src/core/l10n';
import { buildCollection } from '../helpers/generateCollection';
import { cli as run, jsonLines } from '../helpers/cli';

configureL10n('en', undefined);

let made: { dir: string; cache: string; index: CollectionIndex } | undefined;

/** A generated two-server collection on disk, and the same files indexed in this process. */
function collection() {
  if (made) return made;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exlog-report-'));
  const index = new CollectionIndex();
  for (const f of buildCollection({ servers: 2, hours: 2, seed: 5, messagesPerHour: 200 }).files) {
    const file = path.join(dir, ...f.path.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, f.data);
    const text = f.text.replace(/^\uFEFF/, '');
    index.setFile({ path: file, size: f.bytes, mtime: 0, parts: [indexPart(text, { byteStart: 0, byteEnd: text.length, endsWithBreak: true, lineOffset: 0, headerPrefix: '' }, file)] });
  }
  made = { dir, cache: path.join(dir, '..', path.basename(dir) + '-cache'), index };
  return made;
}

const all = () => true;

after(() => {
  if (!made) return;
  fs.rmSync(made.dir, { recursive: true, force: true });
  fs.rmSync(made.cache, { recursive: true, force: true });
});

test('JSON Lines: one object per row with its table and cells, times in ISO 8601, as the core builds the report', () => {
  const { dir, cache, index } = collection();
  const r = run('report', 'tls', dir, '--cache-dir', cache, '--format', 'json');
  assert.equal(r.code, 0, r.err);
  const lines = jsonLines(r.out);
  const body = buildReport('tls', { index, match: all, top: 50, uriOf: (p) => p });
  assert.equal(lines.length, body.tables[0].rows.length);
  lines.forEach((line, i) => {
    const row = body.tables[0].rows[i];
    assert.equal(line.table, 'tls');
    assert.equal(line.remote, row.cells.remote);
    assert.equal(line.connector, row.cells.connector);
    assert.deepEqual(line.versions, row.cells.versions);
    assert.equal(line.tlsSessions, row.cells.tlsSessions);
    assert.equal(line.first, new Date(row.cells.first as number).toISOString());
    assert.equal(line.flag, row.flag ?? null);
  });
  assert.ok(lines.some((l) => l.flag === 'warning' && /TLS 1\.[01]/.test(String(l.flagText))));
});

test('CSV: the rows of every table in one sheet, a table column first; the volume report prints its tables, not its charts', () => {
  const { dir, cache, index } = collection();
  const r = run('report', 'domains', dir, '--cache-dir', cache, '--format', 'csv');
  assert.equal(r.code, 0, r.err);
  assert.ok(r.out.startsWith('table,domain,sessions,messages,bytes\r\n'));
  const records = parse(r.out, { columns: true }) as Record<string, string>[];
  const body = buildReport('domains', { index, match: all, top: 50, uriOf: (p) => p });
  assert.equal(records.length, body.tables[0].rows.length + body.tables[1].rows.length);
  assert.deepEqual([...new Set(records.map((x) => x.table))], ['senderDomains', 'recipientDomains']);
  assert.equal(records[0].domain, body.tables[0].rows[0].cells.domain);
  assert.equal(+records[0].messages, body.tables[0].rows[0].cells.messages);
  const volume = run('report', 'volume', dir, '--cache-dir', cache, '--format', 'csv');
  assert.equal(volume.code, 0, volume.err);
  const v = parse(volume.out, { columns: true }) as Record<string, string>[];
  assert.deepEqual(Object.keys(v[0]), ['table', 'hour', 'sessions', 'messages', 'failures', 'server']);
  assert.ok(v.some((x) => x.table === 'byHour') && v.some((x) => x.table === 'byServer'));
  assert.match(v[0].hour, /^2024-03-04T00:00:00\.000Z$/);
  assert.ok(!/Messages per hour/.test(volume.out), 'charts are not printed');
});

test('table: the title and description, then each table under its title; --top cuts each table and says so', () => {
  const { dir, cache } = collection();
  const r = run('report', 'replies', dir, '--cache-dir', cache, '--top', '3');
  assert.equal(r.code, 0, r.err);
  const lines = r.out.split('\n');
  assert.equal(lines[0], 'Replies: reply codes and enhanced status codes');
  assert.match(r.out, /^Reply codes \(3 of \d+ rows\)$/m);
  assert.match(r.out, /^Enhanced status codes \(3 of \d+ rows\)$/m);
  assert.match(r.out, /^Reply code\s+Meaning\s+Sessions\s+Example reply\s+Example sessions$/m);
  const json = jsonLines(run('report', 'replies', dir, '--cache-dir', cache, '--top', '2', '--format', 'json').out);
  assert.deepEqual(json.map((l) => l.table), ['codes', 'codes', 'enhanced', 'enhanced']);
});

test('--where narrows the report; --org-domains sets the organisation; nothing matching is exit 1', () => {
  const { dir, cache } = collection();
  const r = run('report', 'tls', dir, '--cache-dir', cache, '--format', 'json', '--where', 'server:EX01 kind:receive', '--top', '1000');
  assert.equal(r.code, 0, r.err);
  const rows = jsonLines(r.out);
  assert.ok(rows.length > 0);
  for (const row of rows) {
    assert.deepEqual(row.servers, ['EX01']);
    assert.equal(row.direction, 'receive');
  }
  const relay = jsonLines(run('report', 'relay', dir, '--cache-dir', cache, '--format', 'json', '--top', '1000', '--org-domains', 'contoso.com,fabrikam.com').out);
  assert.ok(relay.length > 0);
  for (const row of relay) assert.ok(!(row.externalDomains as string[]).includes('fabrikam.com'));
  const none = run('report', 'senders', dir, '--cache-dir', cache, '--where', 'remote:192.0.2.250');
  assert.equal(none.code, 1);
  assert.match(none.out, /\(no rows\)/);
});

test('bad usage is exit 2 with one message and nothing on stdout: an unknown report, a bad query (with a caret), a bad --top', () => {
  const { dir, cache } = collection();
  const unknown = run('report', 'relays', dir, '--cache-dir', cache);
  assert.equal(unknown.code, 2);
  assert.equal(unknown.out, '');
  assert.match(unknown.err, /unknown report 'relays'; reports: relay, tls, auth-failures, senders, recipients, domains, replies, certificates, volume/);
  const bad = run('report', 'relay', dir, '--cache-dir', cache, '--where', 'remote:10.0.0.0/8 colour:red');
  assert.equal(bad.code, 2);
  assert.equal(bad.out, '');
  const lines = bad.err.split('\n');
  assert.match(lines[0], /^exchange-log: unknown field 'colour'/);
  assert.equal(lines[1], '  remote:10.0.0.0/8 colour:red');
  assert.equal(lines[2], '                    ^^^^^^');
  for (const top of ['0', 'x', '-3']) {
    const r = run('report', 'relay', dir, '--cache-dir', cache, '--top', top);
    assert.equal(r.code, 2, top);
    assert.equal(r.out, '');
  }
  const noName = run('report');
  assert.equal(noName.code, 2);
});

test('a path without Exchange logs is exit 1', () => {
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'exlog-report-empty-'));
  fs.writeFileSync(path.join(empty, 'notes.txt'), 'nothing here\n');
  const r = run('report', 'volume', empty, '--no-cache');
  fs.rmSync(empty, { recursive: true, force: true });
  assert.equal(r.code, 1);
  assert.equal(r.out, '');
  assert.match(r.err, /no Exchange logs found/);
});

test('report latency prints its summary first: count, p50, p90, p95, p99 and max in seconds, as the core counts them', () => {
  const { dir, cache, index } = collection();
  const r = run('report', 'latency', dir, '--cache-dir', cache, '--format', 'json');
  assert.equal(r.code, 0, r.err);
  const lines = jsonLines(r.out);
  const summary = lines[0];
  assert.equal(summary.table, 'summary');
  assert.deepEqual(Object.keys(summary), ['table', 'count', 'p50', 'p90', 'p95', 'p99', 'max']);
  const body = buildReport('latency', { index, match: all, top: 50, uriOf: (p) => p });
  for (const k of ['count', 'p50', 'p90', 'p95', 'p99', 'max']) assert.equal(summary[k], body.summary![k], k);
  assert.ok((summary.count as number) > 100);
  assert.ok((summary.p50 as number) <= (summary.p90 as number) && (summary.p99 as number) <= (summary.max as number));
  assert.ok(lines.some((l) => l.table === 'slowest'), 'the slowest messages are listed');
});
