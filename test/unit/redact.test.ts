/** Redacted copies: nothing identifying survives, structure and timing stay, stand-ins are consistent. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { getLanguageService, LogModel } from '../../server/src/core/languageService';
import { fieldValue } from '../../server/src/core/model/logModel';
import { fixture } from '../helpers/paths';
import { allLogsCounting, layeredTest } from '../helpers/layers';

const ls = getLanguageService();

/** Identifying strings of a log, found independently of the redaction code. */
function identifying(m: LogModel): Set<string> {
  const out = new Set<string>();
  for (const e of m.text.match(/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+/g) ?? []) out.add(e);
  for (const ip of m.text.match(/\b\d{1,3}(?:\.\d{1,3}){3}\b/g) ?? []) {
    const p = ip.split('.').map(Number);
    if (p.every((x) => x <= 255) && p[0] !== 127 && p[0] !== 0 && !/^\d+\.0\.0\.0$/.test(ip)) out.add(ip);
  }
  for (const v6 of m.text.match(/\b[0-9a-fA-F]{1,4}(?::[0-9a-fA-F]{0,4}){2,7}::?[0-9a-fA-F]{1,4}\b/g) ?? []) if (v6.includes('::')) out.add(v6);
  for (const h of m.text.match(/\b(?:EHLO|HELO)[ +]+\[?([\w.-]+)/gi) ?? []) out.add(h.replace(/^\w+[ +]+\[?/, ''));
  for (const cn of m.text.match(/CN=[\w.-]+/g) ?? []) out.add(cn.slice(3));
  for (const rec of m.records) {
    const l = rec.layout;
    if (l.user >= 0 && l.kind !== 'messageTracking') {
      const v = fieldValue(m, rec, l.user);
      if (v && v !== '-' && !/^[0-9A-F]{8,}$/.test(v)) out.add(v);
    }
    const c = l.lower.indexOf('s-computername');
    if (c >= 0) out.add(fieldValue(m, rec, c) ?? '');
    const conn = l.connector >= 0 ? fieldValue(m, rec, l.connector) : undefined;
    if (conn?.includes('\\')) out.add(conn.split('\\')[0]);
  }
  out.delete('');
  for (const v of [...out]) if (v.length < 3 || /^\d/.test(v) && !/^\d+\.\d+\.\d+\.\d+$/.test(v)) out.delete(v);
  return out;
}

function sameShape(a: LogModel, b: LogModel, name: string): void {
  assert.equal(b.records.length, a.records.length, `${name}: records`);
  assert.equal(b.sessions.length, a.sessions.length, `${name}: sessions`);
  assert.equal(b.lineStarts.length, a.lineStarts.length, `${name}: lines`);
  assert.equal(b.problems.length, a.problems.length, `${name}: problems`);
  for (let i = 0; i < a.records.length; i++) {
    const ra = a.records.get(i), rb = b.records.get(i);
    assert.equal(rb.fieldCount, ra.fieldCount, `${name}: fields of line ${ra.line + 1}`);
    assert.ok(rb.time === ra.time || (Number.isNaN(rb.time) && Number.isNaN(ra.time)), `${name}: time of line ${ra.line + 1}`);
    assert.ok(rb.seq === ra.seq || (Number.isNaN(rb.seq) && Number.isNaN(ra.seq)), `${name}: seq of line ${ra.line + 1}`);
    assert.equal(rb.event, ra.event);
    assert.equal(rb.flags, ra.flags, `${name}: problems of line ${ra.line + 1}`);
  }
  for (const s of a.sessions) {
    if (/^[0-9A-Fa-f]{8,}$/.test(s.id)) assert.ok(b.sessionById.has(s.id), `${name}: session id ${s.id} kept`);
  }
}

layeredTest('every sample: nothing identifying survives, and the copy parses to the same shape', allLogsCounting(15, 15), ({ files, min }) => {
  let checked = 0;
  for (const s of files) {
    if (s.name.endsWith('README.md')) continue;
    const uri = `file:///samples/${s.name.split('/').pop()}`;
    const m = ls.parse(s.text, uri, 1);
    const r = ls.redact(m);
    const secrets = identifying(m);
    for (const v of secrets) assert.ok(!r.text.includes(v), `${s.name}: "${v}" survived`);
    sameShape(m, ls.parse(r.text, uri, 1), s.name);
    if (secrets.size > 0) {
      checked++;
      assert.ok(r.fieldsChanged > 0, s.name);
    }
    assert.deepEqual(ls.redact(m).text, r.text, `${s.name}: deterministic`);
  }
  assert.ok(checked >= min, `samples with identifying values: ${checked}`);
});

test('stand-ins are consistent and from reserved ranges; times, ids and quoting stay', () => {
  const text = [
    '#Software: Microsoft Exchange Server',
    '#Version: 15.01.2507.023',
    '#Log-type: SMTP Receive Protocol Log',
    '#Date: 2024-01-25T15:00:00.000Z',
    '#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context',
    '2024-01-25T15:00:00.000Z,EX01\\Default EX01,08DC1DB8591B2299,0,10.1.1.5:25,[2001:470:1f0b::7]:50123,+,,',
    '2024-01-25T15:00:00.100Z,EX01\\Default EX01,08DC1DB8591B2299,1,10.1.1.5:25,[2001:470:1f0b::7]:50123,<,EHLO mail.fabrikam.net,',
    '2024-01-25T15:00:00.200Z,EX01\\Default EX01,08DC1DB8591B2299,2,10.1.1.5:25,[2001:470:1f0b::7]:50123,<,AUTH PLAIN AGFsaWNlAHNlY3JldA==,',
    '2024-01-25T15:00:00.300Z,EX01\\Default EX01,08DC1DB8591B2299,3,10.1.1.5:25,[2001:470:1f0b::7]:50123,*,"CN=EX01.corp.example.org, OU=IT, O=Fabrikam",Sending certificate Subject',
    '2024-01-25T15:00:00.400Z,EX01\\Default EX01,08DC1DB8591B2299,4,10.1.1.5:25,[2001:470:1f0b::7]:50123,<,MAIL FROM:<Alice@Fabrikam.net>,',
    '2024-01-25T15:00:00.500Z,EX01\\Default EX01,08DC1DB8591B229A,0,10.1.1.5:25,203.0.113.99:1,<,"RCPT TO:<alice@fabrikam.net>, ""x""",',
    '2024-01-25T15:00:00.600Z,EX01\\Default EX01,08DC1DB8591B229A,1,10.1.1.5:25,10.9.9.9:1,>,250 2.1.0 Sender OK,',
    '',
  ].join('\r\n');
  const m = ls.parse(text, 'file:///x/RECV2024012515-1.LOG', 1);
  const r = ls.redact(m);
  const lines = r.text.split('\r\n');
  assert.equal(lines.length, text.split('\r\n').length, 'CRLF and line count kept');
  assert.deepEqual(lines.slice(0, 5), text.split('\r\n').slice(0, 5), 'header untouched');
  assert.equal(lines[5], '2024-01-25T15:00:00.000Z,host1\\Default host1,08DC1DB8591B2299,0,192.0.2.1:25,[2001:db8::1]:50123,+,,');
  assert.match(lines[6], /,<,EHLO host2\.example\.invalid,$/);
  assert.match(lines[7], /,<,AUTH PLAIN \*\*\*\*,$/);
  assert.match(lines[8], /"CN=host3\.example\.invalid, OU=host\d+, O=host\d+",/);
  // the same address in another case and session: the same stand-in
  assert.match(lines[9], /<user\d+@example\.invalid>/);
  const alice = /<(user\d+@example\.invalid)>/.exec(lines[9])![1];
  assert.ok(lines[10].includes(`<${alice}>`), 'case-insensitive consistency');
  assert.ok(lines[10].includes('""x""'), 'doubled quotes kept');
  assert.match(lines[11], /,10\.1\.1\.5|192\.0\.2\.1:25,192\.0\.2\.\d+:1,>,250 2\.1\.0 Sender OK,/);
  assert.equal(r.counts.ipv6, 1);
  assert.equal(r.counts.ipv4, 3);
  assert.equal(r.counts.secrets, 1);
  for (const leak of ['EX01', 'fabrikam', 'Fabrikam', '2001:470', '10.1.1.5', '203.0.113.99', 'AGFsaWNl']) assert.ok(!r.text.includes(leak), leak);
  const again = ls.parse(r.text, m.uri, 2);
  assert.deepEqual(again.sessions.map((s) => [s.id, s.records.length]), m.sessions.map((s) => [s.id, s.records.length]));
});

test('message tracking: source-context links and internal ids stay, subjects and addresses go', () => {
  const m = ls.parse(fixture('linked/MSGTRK20240125-1.LOG'), 'file:///logs/MSGTRK20240125-1.LOG', 1);
  const r = ls.redact(m).text;
  assert.ok(r.includes(',08DC1DB8591B2299;2024-01-25T15:15:59.000Z;1,'));
  assert.ok(r.includes(',4810363371521,'));
  assert.ok(!r.includes('Quarterly report'));
  assert.ok(r.includes(',subject-1,'));
  assert.ok(!/EX01|fabrikam|contoso|198\.51\.100\.7/.test(r.split('\n').slice(5).join('\n')));
});
