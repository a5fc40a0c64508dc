/** The numbers of the overview panel (`exchangeLog/overview`), on our fixture logs (and the samples when present) and on generated logs. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseLog } from '../../server/src/core/model/logModel';
import { LineType } from '../../server/src/core/model/logModel';
import { MAX_BUCKETS, MAX_ROWS, MAX_ROW_SESSIONS, OverviewData, OverviewTable, bucketWidth, getOverview } from '../../server/src/core/features/overview';
import { hostOf } from '../../server/src/core/util/endpoints';
import { generateLog } from '../bench/generateLogs';
import { fixtureLog, readSample } from '../helpers/paths';
import { ALL_LOGS, layeredTest } from '../helpers/layers';

function table(o: OverviewData, id: string): OverviewTable {
  const t = o.tables.find((x) => x.id === id);
  assert.ok(t, `table ${id} in ${o.tables.map((x) => x.id).join(', ')}`);
  return t;
}

function cells(t: OverviewTable): (string | number)[][] {
  return t.rows.map((r) => r.cells);
}

function seriesTotal(o: OverviewData, id: string): number {
  const tl = o.timeline!;
  const i = tl.series.findIndex((s) => s.id === id);
  assert.ok(i >= 0, `series ${id}`);
  return tl.buckets.reduce((n, b) => n + b.counts[i], 0);
}

test('bucket width: per second for short logs, per minute up to a day, wider beyond, never more than MAX_BUCKETS', () => {
  assert.equal(bucketWidth(0), 1000);
  assert.equal(bucketWidth(4 * 60000), 1000);
  assert.equal(bucketWidth(5 * 60000), 60000);
  assert.equal(bucketWidth(23 * 3600000), 60000);
  assert.equal(bucketWidth(25 * 3600000), 5 * 60000);
  assert.equal(bucketWidth(30 * 24 * 3600000), 3600000);
  for (const span of [0, 299999, 86399999, 86400000, 400 * 86400000, 50 * 365 * 86400000]) {
    assert.ok(Math.floor(span / bucketWidth(span)) + 1 <= MAX_BUCKETS, `span ${span}`);
  }
});

test('hostOf strips the port of IPv4 and bracketed IPv6 endpoints and keeps bare IPv6 whole', () => {
  assert.equal(hostOf('10.0.0.5:25'), '10.0.0.5');
  assert.equal(hostOf('[2001:db8::1]:587'), '2001:db8::1');
  assert.equal(hostOf('fe80::1234:5678:4321:1010'), 'fe80::1234:5678:4321:1010');
  assert.equal(hostOf('mail.contoso.com'), 'mail.contoso.com');
});

/** Reads a log of our fixtures or of the samples, as the case says. */
type Read = (name: string) => string;

function overviewOf(read: Read, name: string, uri = `file:///samples/${name.split('/').pop()}`): OverviewData {
  return getOverview(parseLog(read(name), { uri }));
}

const TARPIT = {
  fixtures: () => ({
    read: fixtureLog as Read, name: 'smtp-receive/RECV20240315-1.LOG',
    // the session starts at 02:41:07 (line 0); AUTH LOGIN is refused at 02:41:09 (line 3)
    buckets: [['02:41:07', 0, '1/0/0/0/0/0'], ['02:41:09', 3, '0/0/0/0/1/0'], ['02:41:14', 16, '0/0/0/0/0/0'], ['02:41:15', 17, '0/0/0/0/0/0']],
    remote: '203.0.113.88', ehlo: 'win-q3m7',
    ref: { id: '08CE4B2A9F1D3C07', line: 0, time: Date.parse('2024-03-15T02:41:07.215Z'), remote: '203.0.113.88:61544', name: 'win-q3m7', failure: 'TLS/AUTH failure' },
  }),
  samples: () => ({
    read: readSample as Read, name: 'smtp-receive/blog-ylmf-pc-ex2010-auth-login-tarpit.log',
    // the session starts at 01:17:34 (line 0); AUTH LOGIN is refused at 01:17:36 (line 3)
    buckets: [['01:17:34', 0, '1/0/0/0/0/0'], ['01:17:36', 3, '0/0/0/0/1/0'], ['01:17:41', 16, '0/0/0/0/0/0'], ['01:17:42', 17, '0/0/0/0/0/0']],
    remote: '91.112.61.94', ehlo: 'ylmf-pc',
    ref: { id: '0000000000000000', line: 0, time: Date.parse('2016-12-14T01:17:34.808Z'), remote: '91.112.61.94:55171', name: 'ylmf-pc', failure: 'TLS/AUTH failure' },
  }),
};

layeredTest('receive sample with a failed AUTH LOGIN: the failure sits in its second, tables name it', TARPIT, (c) => {
  const o = overviewOf(c.read, c.name);
  assert.equal(o.kind, 'smtpReceive');
  assert.equal(o.sessions, 1);
  const tl = o.timeline!;
  assert.equal(tl.bucketMs, 1000);
  assert.deepEqual(tl.series.map((s) => s.id), ['sessions', 'messages', 'fail5xx', 'fail4xx', 'failTlsAuth', 'failConnection']);
  assert.deepEqual(tl.series.map((s) => s.style), ['line', 'bar', 'bar', 'bar', 'bar', 'bar']);
  assert.deepEqual(tl.buckets.map((b) => [new Date(b.start).toISOString().slice(11, 19), b.line, b.counts.join('/')]), c.buckets);
  assert.deepEqual(cells(table(o, 'remoteIps')), [[c.remote, 1, 1]]);
  assert.deepEqual(cells(table(o, 'ehloByFailures')), [[c.ehlo, 1, 1]]);
  assert.deepEqual(cells(table(o, 'tls')), [['No TLS', 1]]);
  assert.deepEqual(cells(table(o, 'auth')), [['LOGIN', 'Failed', 1]]);
  assert.deepEqual(cells(table(o, 'replies')).map((c) => c[0]), ['220', '250', '504 5.7.4']);
  assert.deepEqual(table(o, 'replies').rows[2].cells, ['504 5.7.4', 'Unrecognized authentication type', 1, 1]);
  // the multi-line EHLO reply (250-…, 250-…, 250 …) counts once
  assert.equal(table(o, 'replies').rows[1].cells[2], 1);
  assert.deepEqual(o.sessionRefs, [c.ref]);
});

const TLS_AUTH = {
  fixtures: () => ({ read: fixtureLog as Read, name: 'smtp-receive/RECV2024031409-1.LOG' }),
  samples: () => ({ read: readSample as Read, name: 'smtp-receive/qazeer-artefacts-RECV2023011116-1.log' }),
};

layeredTest('receive excerpt with STARTTLS: the TLS version table names the protocol', TLS_AUTH, (c) => {
  const o = overviewOf(c.read, c.name);
  const tls = cells(table(o, 'tls'));
  assert.equal(tls.length, 1);
  assert.match(String(tls[0][0]), /^TLS 1\.[0-3]$/);
  assert.deepEqual(cells(table(o, 'auth')), [['LOGIN', 'Failed', 1]]);
});

const SEND_FAILED = {
  fixtures: () => ({ read: fixtureLog as Read, name: 'smtp-send/SEND2024031811-excerpt.log' }),
  samples: () => ({ read: readSample as Read, name: 'smtp-send/elastic-integrations-pipeline-test-smtpsend.log' }),
};

layeredTest('send sample: a connection failure is listed by failures with only the failed session', SEND_FAILED, (c) => {
  const o = overviewOf(c.read, c.name);
  assert.equal(o.kind, 'smtpSend');
  assert.equal(o.timeline!.series[1].label, 'Messages sent');
  assert.equal(seriesTotal(o, 'failConnection'), 1);
  const all = table(o, 'remoteIps').rows[0];
  const failed = table(o, 'remoteIpsByFailures').rows[0];
  assert.deepEqual([all.sessionCount, failed.sessionCount], [2, 1]);
  assert.equal(o.sessionRefs[failed.sessions[0]].failure, 'Connection failure');
  assert.equal(failed.line, o.sessionRefs[failed.sessions[0]].line);
});

const NULL_SENDER = {
  fixtures: () => ({ read: fixtureLog as Read, name: 'smtp-send/SEND2024031914-1-MANGLED.LOG', remote: 'mx2.adatum.com' }),
  samples: () => ({ read: readSample as Read, name: 'smtp-send/msqa-1054876-ex2016-send-postfix-nullsender-MANGLED.log', remote: '0dsblqs2.hispanicliving.shop' }),
};

layeredTest('the complete send session counts one message sent', NULL_SENDER, (c) => {
  const o = overviewOf(c.read, c.name);
  assert.equal(seriesTotal(o, 'messages'), 1);
  assert.deepEqual(cells(table(o, 'ehlo')), [[c.remote, 1, 0]]);
});

const IMAP = {
  fixtures: () => ({ read: fixtureLog as Read, name: 'imap4/IMAP420240320-1.LOG', users: [['HealthMailbox7f3e21c', 1, 0, 1], ['j.doe', 1, 0, 1]] }),
  samples: () => ({ read: readSample as Read, name: 'imap4/msqa-1156767-ex2013cu23-imap-login-failed.log', users: [['<username>', 1, 0, 1], ['HealthMailboxab28d88', 1, 0, 1]] }),
};

layeredTest('IMAP4: logins and failures per user, client addresses by failures', IMAP, (c) => {
  const o = overviewOf(c.read, c.name);
  assert.deepEqual(o.timeline!.series.map((s) => s.id), ['sessions', 'logins', 'failTlsAuth']);
  assert.equal(o.timeline!.series[2].label, 'Login failures');
  assert.equal(seriesTotal(o, 'sessions'), 4);
  assert.equal(seriesTotal(o, 'failTlsAuth'), 2);
  assert.deepEqual(table(o, 'users').columns.map((c) => c.label), ['User', 'Sessions', 'Logins', 'Failures']);
  assert.deepEqual(cells(table(o, 'users')), c.users);
  const local = table(o, 'remoteIps').rows.find((r) => r.key === '127.0.0.1')!;
  assert.equal(local.sessionCount, 3);
  // the sessions of a row are listed in file order
  const lines = local.sessions.map((i) => o.sessionRefs[i].line);
  assert.deepEqual(lines, [...lines].sort((a, b) => a - b));
  assert.equal(table(o, 'remoteIpsByFailures').rows.find((r) => r.key === '127.0.0.1')!.sessionCount, 1);
});

const CONNECTIVITY = {
  fixtures: () => ({ read: fixtureLog as Read, name: 'connectivity/CONNECTLOG20240322-1.LOG', destinations: 3 }),
  samples: () => ({ read: readSample as Read, name: 'connectivity/msdocs-supportarticles-event7009-mailbox-connectivity.log', destinations: 2 }),
};

layeredTest('connectivity: destinations', CONNECTIVITY, (c) => {
  const o = overviewOf(c.read, c.name);
  assert.deepEqual(o.timeline!.series.map((s) => s.id), ['sessions', 'messages', 'failConnection']);
  assert.deepEqual(table(o, 'destinations').columns.map((c) => c.label), ['Destination', 'Sessions', 'Messages', 'Failures']);
  assert.equal(table(o, 'destinations').rows.length, c.destinations);
});

const TRACKING = {
  fixtures: () => ({ read: fixtureLog as Read, name: 'msgtrk/MSGTRKMS2024032508-1.LOG', sender: 'r.okafor@contoso.com' }),
  samples: () => ({ read: readSample as Read, name: 'msgtrk/qazeer-artefacts-MSGTRKMS2022091915-1.log', sender: 'user.name1@domain.com' }),
};

layeredTest('message tracking: one series per event id; the event table counts lines, even those without a message id', TRACKING, (c) => {
  const o = overviewOf(c.read, c.name);
  assert.deepEqual(o.timeline!.series.map((s) => [s.id, s.color]), [['NOTIFYMAPI', 'purple'], ['RECEIVE', 'blue']]);
  const events = table(o, 'events');
  assert.deepEqual(cells(events), [['NOTIFYMAPI', 1, 0], ['RECEIVE', 1, 1]]);
  assert.deepEqual([events.rows[0].sessions, events.rows[0].line], [[], 5]);
  assert.deepEqual(cells(table(o, 'senders')), [[c.sender, 1, 0]]);
});

const W3C = {
  fixtures: () => fixtureLog('w3c-smtp/ex240323.log'),
  samples: () => readSample('w3c-smtp/ossec-docs-exchange2000-smtpsvc-w3c.log'),
};

layeredTest('W3C SMTP log: lines per second and client addresses that reveal a line', W3C, (text) => {
  const model = parseLog(text, { uri: 'file:///samples/ex061210.log' });
  const o = getOverview(model);
  assert.equal(o.kind, 'w3c');
  assert.equal(seriesTotal(o, 'lines'), [...model.records].filter((r) => !Number.isNaN(r.time)).length);
  const ips = table(o, 'remoteIps');
  assert.ok(ips.rows[0].sessions.length > 0, 'W3C logs have sessions (cs-username), so a row lists them');
  assert.equal(model.lineType[ips.rows[0].line], LineType.Record);
});

layeredTest('every sample: buckets are ordered and reveal a line of their own interval; sizes are bounded; JSON-safe', ALL_LOGS, (files) => {
  for (const s of files) {
    const model = parseLog(s.text, { uri: `file:///samples/${s.name}` });
    const o = getOverview(model);
    assert.deepEqual(JSON.parse(JSON.stringify(o)), o, s.name);
    assert.equal(o.records, model.records.length);
    const tl = o.timeline;
    if ([...model.records].some((r) => !Number.isNaN(r.time))) assert.ok(tl, `${s.name}: a timeline`);
    if (tl) {
      assert.ok(tl.buckets.length > 0 && tl.buckets.length <= MAX_BUCKETS, s.name);
      let prev = -Infinity;
      for (const b of tl.buckets) {
        assert.ok(b.start > prev && b.start >= tl.start && b.start < tl.end, `${s.name}: bucket order`);
        prev = b.start;
        assert.equal(b.counts.length, tl.series.length);
        const rec = model.records.get(model.lineRecord[b.line]);
        assert.ok(rec && rec.time >= b.start && rec.time < b.start + tl.bucketMs, `${s.name}: line ${b.line} in its bucket`);
      }
      if (tl.series[0].id === 'sessions') assert.equal(seriesTotal(o, 'sessions'), model.sessions.length, s.name);
    }
    for (const t of o.tables) {
      assert.ok(t.rows.length > 0 && t.rows.length <= MAX_ROWS && t.totalRows >= t.rows.length, `${s.name} ${t.id}`);
      for (const r of t.rows) {
        assert.equal(r.cells.length, t.columns.length);
        assert.ok(r.sessions.length <= MAX_ROW_SESSIONS && r.sessions.length <= r.sessionCount);
        for (const i of r.sessions) assert.ok(o.sessionRefs[i], `${s.name} ${t.id}: session ref`);
        assert.ok(r.line >= 0 && r.line < model.lineStarts.length);
      }
    }
  }
});

test('a generated receive log: the numbers match an independent count of its lines', () => {
  const text = generateLog('smtpReceive', 600_000, 7);
  const model = parseLog(text, { uri: 'file:///gen/RECV2024030510-1.LOG' });
  const o = getOverview(model);
  const lines = text.split('\r\n');
  const sessionsWith = (re: RegExp) => new Set(lines.filter((l) => re.test(l)).map((l) => l.split(',')[2])).size;
  const count = (re: RegExp) => lines.filter((l) => re.test(l)).length;
  assert.equal(seriesTotal(o, 'sessions'), model.sessions.length);
  assert.equal(seriesTotal(o, 'messages'), count(/,>,"?250 2\.6\.0 /));
  assert.equal(seriesTotal(o, 'fail5xx'), sessionsWith(/,>,"?550 5\.7\.54 /));
  assert.equal(seriesTotal(o, 'fail4xx'), sessionsWith(/,>,"?452 4\.3\.1 /));
  assert.equal(seriesTotal(o, 'failTlsAuth'), sessionsWith(/Inbound AUTH LOGIN failed/));
  assert.equal(seriesTotal(o, 'failConnection'), sessionsWith(/Remote\(ConnectionReset\)/));
  const tls = new Map(table(o, 'tls').rows.map((r) => [r.key, r.cells[1]]));
  assert.equal(tls.get('TLS 1.2'), count(/SP_PROT_TLS1_2_SERVER negotiation succeeded/));
  assert.equal(tls.get('TLS 1.0'), count(/SP_PROT_TLS1_0_SERVER negotiation succeeded/));
  assert.equal(tls.get('#none'), model.sessions.length - count(/negotiation succeeded/));
  const replies = new Map(table(o, 'replies').rows.map((r) => [r.key, r.cells[2]]));
  assert.equal(replies.get('550 5.7.54'), count(/,>,"?550 5\.7\.54 /));
  assert.equal(replies.get('535 5.7.3'), count(/,>,"?535 5\.7\.3 /));
  const ips = table(o, 'remoteIps');
  assert.equal(ips.totalRows, new Set(lines.slice(5).filter(Boolean).map((l) => l.split(',')[5].split(':')[0])).size);
  const failedRows = table(o, 'remoteIpsByFailures').rows;
  for (const r of failedRows) {
    assert.ok((r.cells[2] as number) > 0);
    for (const i of r.sessions) assert.ok(o.sessionRefs[i].failure, 'only failed sessions are listed by failures');
  }
  // the sessions of a bucket start in that bucket: the first line of each bucket is the earliest
  for (const b of o.timeline!.buckets) {
    const first = [...model.records].find((r) => r.time >= b.start && r.time < b.start + o.timeline!.bucketMs)!;
    assert.equal(b.line, first.line);
  }
});

test('generated logs of every kind: kind-specific series and tables', () => {
  const expect: Record<string, [string[], string[]]> = {
    smtpSend: [['sessions', 'messages', 'fail5xx', 'fail4xx', 'failTlsAuth', 'failConnection'], ['remoteIps', 'remoteIpsByFailures', 'ehlo', 'tls', 'replies']],
    pop3: [['sessions', 'logins', 'failTlsAuth'], ['users', 'usersByFailures', 'remoteIps', 'remoteIpsByFailures']],
    imap4: [['sessions', 'logins', 'failTlsAuth'], ['users', 'usersByFailures', 'remoteIps', 'remoteIpsByFailures']],
    connectivity: [['sessions', 'messages', 'failConnection'], ['destinations', 'destinationsByFailures']],
    messageTracking: [['RECEIVE', 'DELIVER', 'SUBMIT', 'DSN', 'FAIL', 'DEFER'], ['events', 'senders', 'sendersByFailures', 'remoteIps']],
  };
  for (const [kind, [series, tables]] of Object.entries(expect)) {
    const text = generateLog(kind as 'pop3', 200_000, 3);
    const model = parseLog(text);
    const o = getOverview(model);
    assert.equal(o.kind, kind);
    if (kind === 'messageTracking') assert.deepEqual(new Set(o.timeline!.series.map((s) => s.id)), new Set(series));
    else assert.deepEqual(o.timeline!.series.map((s) => s.id), series, kind);
    for (const id of tables) table(o, id);
    if (kind === 'pop3' || kind === 'imap4') {
      const users = table(o, 'users');
      const logins = users.rows.reduce((n, r) => n + (r.cells[2] as number), 0);
      assert.equal(logins, seriesTotal(o, 'logins'));
      assert.equal(users.rows.reduce((n, r) => n + (r.cells[3] as number), 0), seriesTotal(o, 'failTlsAuth'));
      assert.equal(seriesTotal(o, 'failTlsAuth'), text.split('\r\n').filter((l) => /LogonDenied/.test(l)).length);
    }
    if (kind === 'connectivity') assert.equal(seriesTotal(o, 'failConnection'), text.split('\r\n').filter((l) => /Failed connection/.test(l)).length);
    if (kind === 'messageTracking') assert.equal(table(o, 'events').rows.reduce((n, r) => n + (r.cells[1] as number), 0), model.records.length);
  }
});

test('hostile EHLO names and replies reach the overview as plain data (the webview shows them as text)', () => {
  const head = '#Software: Microsoft Exchange Server\r\n#Version: 15.0.0.0\r\n#Log-type: SMTP Receive Protocol Log\r\n#Date: 2024-01-01T00:00:00.000Z\r\n#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context\r\n';
  const rows = [
    '2024-01-01T00:00:01.000Z,C,08DC000000000001,0,10.0.0.1:25,203.0.113.7:4000,+,,',
    '2024-01-01T00:00:01.100Z,C,08DC000000000001,1,10.0.0.1:25,203.0.113.7:4000,<,EHLO <script>alert(1)</script>,',
    '2024-01-01T00:00:01.200Z,C,08DC000000000001,2,10.0.0.1:25,203.0.113.7:4000,>,"550 5.7.1 <img src=x onerror=alert(2)> $(alert) [link](command:x)",',
    '2024-01-01T00:00:01.300Z,C,08DC000000000001,3,10.0.0.1:25,203.0.113.7:4000,-,,Local',
  ];
  const o = getOverview(parseLog(head + rows.join('\r\n') + '\r\n'));
  assert.deepEqual(cells(table(o, 'ehlo')), [['<script>alert(1)</script>', 1, 1]]);
  assert.deepEqual(table(o, 'replies').rows[0].cells, ['550 5.7.1', '<img src=x onerror=alert(2)> $(alert) [link](command:x)', 1, 1]);
  assert.equal(o.sessionRefs[0].name, '<script>alert(1)</script>');
});

test('control characters and very long values are cleaned and shortened', () => {
  const head = '#Software: Microsoft Exchange Server\r\n#Log-type: SMTP Receive Protocol Log\r\n#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context\r\n';
  const long = 'x'.repeat(5000);
  const o = getOverview(parseLog(head + `2024-01-01T00:00:01.000Z,C,08DC000000000001,0,10.0.0.1:25,203.0.113.7:4000,<,EHLO a\u001b[31m${long},\r\n`));
  const name = String(table(o, 'ehlo').rows[0].cells[0]);
  assert.ok(name.length <= 160, `${name.length}`);
  assert.ok(!/\u001b/.test(name));
});
