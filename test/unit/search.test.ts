/**
 * Session search over a collection index (server/src/core/collection/search.ts): a generated
 * collection of two servers over two hours (sessions crossing the hourly roll-over included) is indexed
 * in memory, and each search's count is checked against a count computed here, independently, from the
 * generated files' text (read with csv-parse, grouped by folder and session id); so a wrong matcher, a
 * wrong join or a wrong column fails. Then the order, the limit, the file scope, the rows and completion.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { buildCollection } from '../helpers/generateCollection';
import { indexPart } from '../../server/src/core/collection/part';
import { CollectionIndex, SessionRef, sessionCells } from '../../server/src/core/collection/collection';
import { parseQuery } from '../../server/src/core/collection/query';
import { compileQuery, completeQuery, searchSessions, sessionRow } from '../../server/src/core/collection/search';

const generated = buildCollection({ servers: 2, hours: 2, seed: 11, messagesPerHour: 900 });
const ROOT = '/cases/42/';

function indexOf(files: { path: string; text: string }[]): CollectionIndex {
  const index = new CollectionIndex();
  for (const f of files) {
    const text = f.text.replace(/^\uFEFF/, '');
    const part = indexPart(text, { byteStart: 0, byteEnd: text.length, endsWithBreak: true, lineOffset: 0, headerPrefix: '' }, f.path);
    index.setFile({ path: f.path, size: text.length, mtime: 1, parts: [part] });
  }
  return index;
}

const index = indexOf(generated.files.map((f) => ({ path: ROOT + f.path, text: f.text })));

// ---- the oracle: sessions read straight from the text ----

interface Truth {
  kind: 'smtpReceive' | 'smtpSend' | 'connectivity' | 'imap4';
  server: string;
  service?: string;
  files: Set<string>;
  firstFile: string;
  firstLine: number;
  start: number;
  end: number;
  id: string;
  remote?: string;
  local?: string;
  connector?: string;
  ehlo?: string;
  /** The last MAIL FROM (the index keeps one sender per session). */
  mailFrom?: string;
  rcpts: Set<string>;
  replies: Set<string>;
  tlsVersion?: string;
  tlsFailed: boolean;
  authOk: boolean;
  accepted: number;
  messageIds: Set<string>;
  user?: string;
  /** Connectivity: the bytes its `Messages: n Bytes: m` lines give. */
  bytes?: number;
}

function kindOfPath(p: string): Truth['kind'] | undefined {
  if (/\/SmtpReceive\//i.test(p)) return 'smtpReceive';
  if (/\/SmtpSend\//i.test(p)) return 'smtpSend';
  if (/\/Connectivity\//i.test(p)) return 'connectivity';
  if (/\/Imap4\//i.test(p)) return 'imap4';
  return undefined;
}

function oracle(): Truth[] {
  const sessions = new Map<string, Truth>();
  // files in time order, so that a session's first line is found first
  const files = generated.files.slice().sort((a, b) => a.first - b.first || (a.path < b.path ? -1 : 1));
  for (const f of files) {
    const kind = kindOfPath(f.path);
    if (!kind) continue;
    const path = ROOT + f.path;
    const folder = path.slice(0, path.lastIndexOf('/'));
    const fieldsLine = /^#Fields: (.*)$/m.exec(f.text)![1];
    const names = fieldsLine.split(',');
    const col = (n: string) => names.indexOf(n);
    const [cTime, cSession] = kind === 'imap4' ? [col('dateTime'), col('sessionId')] : [col('date-time'), col(kind === 'connectivity' ? 'session' : 'session-id')];
    const records = parse(f.text, { bom: true, comment: '#', comment_no_infix: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
    for (const { record: r, info } of records) {
      const id = r[cSession];
      const key = `${folder}|${id}`;
      const time = Date.parse(r[cTime]);
      let s = sessions.get(key);
      if (!s) {
        const service = /\/(FrontEnd|Hub)\//.exec(path)?.[1];
        sessions.set(key, (s = {
          kind, server: f.path.split('/')[0], service, files: new Set(), firstFile: path, firstLine: info.lines - 1, start: time, end: time, id,
          rcpts: new Set(), replies: new Set(), tlsFailed: false, authOk: false, accepted: 0, messageIds: new Set(),
        }));
      }
      s.files.add(path);
      s.start = Math.min(s.start, time);
      s.end = Math.max(s.end, time);
      if (kind === 'imap4') {
        s.remote ??= r[col('cIp')];
        s.local ??= r[col('sIp')];
        if (r[col('user')]) s.user = r[col('user')];
        continue;
      }
      if (kind === 'connectivity') {
        // the index names a connectivity session's destination as its remote end
        s.remote ||= r[col('Destination')];
        const bytes = /Bytes: (\d+)/.exec(r[col('description')] ?? '');
        if (bytes) s.bytes = (s.bytes ?? 0) + Number(bytes[1]);
        continue;
      }
      // a send log's first line may leave the local endpoint empty
      s.connector ||= r[col('connector-id')];
      s.local ||= r[col('local-endpoint')];
      s.remote ||= r[col('remote-endpoint')];
      const event = r[col('event')], data = r[col('data')] ?? '', context = r[col('context')] ?? '';
      const command = kind === 'smtpReceive' ? '<' : '>';
      const reply = kind === 'smtpReceive' ? '>' : '<';
      if (event === command) {
        const from = /^MAIL FROM:\s*<([^>]*)>/i.exec(data);
        if (from) s.mailFrom = from[1];
        const to = /^RCPT TO:\s*<([^>]*)>/i.exec(data);
        if (to) s.rcpts.add(to[1].toLowerCase());
        const ehlo = /^(?:EHLO|HELO) (.+)$/i.exec(data);
        if (ehlo && kind === 'smtpReceive') s.ehlo = ehlo[1].trim();
      } else if (event === reply) {
        const m = /^(\d{3})(?:[ -](\d\.\d{1,3}\.\d{1,3}))?/.exec(data);
        if (m) {
          s.replies.add(m[1]);
          if (m[2]) s.replies.add(m[2]);
        }
        if (/^250 2\.6\.0 <[^>]*>/.test(data)) {
          s.accepted++;
          s.messageIds.add(/<[^>]*>/.exec(data)![0].toLowerCase());
        }
        if (/^235 /.test(data)) s.authOk = true;
      } else if (event === '*') {
        const tls = /TLS protocol SP_PROT_TLS(\d)_(\d)/.exec(context);
        if (tls) s.tlsVersion = `${tls[1]}.${tls[2]}`;
        if (/TLS negotiation failed/.test(context)) s.tlsFailed = true;
        const sending = /InternetMessageId (<[^>]*>)/.exec(context);
        if (sending) s.messageIds.add(sending[1].toLowerCase());
      }
    }
  }
  return [...sessions.values()];
}

const truth = oracle();
const host = (endpoint: string | undefined) => (endpoint ?? '').replace(/:\d+$/, '');

/** Searches and checks the count against the oracle; also that the ref matcher agrees row for row. */
function check(query: string, expected: (s: Truth) => boolean, options: { atLeast?: number } = {}): ReturnType<typeof searchSessions> {
  const want = truth.filter(expected).length;
  const result = searchSessions(index, query, { limit: 100_000 });
  assert.deepEqual(result.problems, [], query);
  assert.equal(result.total, want, `${query}: ${result.total} found, ${want} expected`);
  assert.equal(result.refs.length, want, query);
  assert.ok(want >= (options.atLeast ?? 1), `${query} matches ${want}: the test needs more`);
  const matcher = compileQuery(index, parseQuery(query).query);
  let viaRefs = 0;
  for (const ref of index.sessions()) if (matcher(ref)) viaRefs++;
  assert.equal(viaRefs, want, `${query} through compileQuery`);
  return result;
}

test('the collection and the oracle agree on the sessions (roll-over joins included)', () => {
  const all = searchSessions(index, '', { limit: 0 });
  assert.equal(all.total, truth.length);
  assert.ok(truth.length > 1500, `${truth.length} sessions`);
  const crossing = truth.filter((s) => s.files.size > 1 && s.kind !== 'imap4');
  assert.ok(crossing.length >= 3, `${crossing.length} sessions cross a roll-over`);
  assert.deepEqual(all.refs, []);
});

test('kind, server, service and file', () => {
  check('kind:receive', (s) => s.kind === 'smtpReceive');
  check('kind:send', (s) => s.kind === 'smtpSend');
  check('kind:smtp', (s) => s.kind === 'smtpReceive' || s.kind === 'smtpSend');
  check('kind:connectivity', (s) => s.kind === 'connectivity');
  check('kind:imap', (s) => s.kind === 'imap4');
  check('-kind:receive', (s) => s.kind !== 'smtpReceive');
  check('server:EX01', (s) => s.server === 'EX01');
  check('server:ex0*', () => true);
  check('service:hub', (s) => s.service === 'Hub');
  check('service:frontend kind:send', (s) => s.service === 'FrontEnd' && s.kind === 'smtpSend');
  check('file:RECV*', (s) => [...s.files].some((f) => /\/RECV[^/]*$/.test(f)));
  check('file:EX02/*/Hub/*', (s) => s.server === 'EX02' && s.service === 'Hub');
  check('file:Connectivity', (s) => s.kind === 'connectivity');
  check('file:ex01', (s) => s.server === 'EX01');
  check('file:Smtp*', (s) => s.kind === 'smtpReceive' || s.kind === 'smtpSend');
});

test('endpoints: CIDR, an address at any port, ip:port, patterns', () => {
  check('remote:10.0.0.0/8', (s) => host(s.remote).startsWith('10.'));
  check('remote:203.0.113.0/24 kind:receive', (s) => host(s.remote).startsWith('203.0.113.') && s.kind === 'smtpReceive');
  check('-remote:0.0.0.0/1', (s) => !(+host(s.remote).split('.')[0] < 128) || !/^\d+\.\d+\.\d+\.\d+$/.test(host(s.remote)));
  const busiest = mostCommon(truth.filter((s) => s.kind === 'smtpReceive').map((s) => host(s.remote)));
  check(`remote:${busiest}`, (s) => host(s.remote) === busiest);
  const one = truth.find((s) => s.kind === 'smtpReceive' && s.remote)!;
  check(`remote:${one.remote}`, (s) => s.remote === one.remote);
  check('local:*:2525', (s) => /:2525$/.test(s.local ?? ''));
  check('local:*:587', (s) => /:587$/.test(s.local ?? ''));
  check('remote:FABRIKAM.COM', (s) => s.kind === 'connectivity' && s.remote === 'fabrikam.com');
});

test('TLS, AUTH, outcome-side codes, replies', () => {
  check('tls:1.0 OR tls:1.1', (s) => s.tlsVersion === '1.0' || s.tlsVersion === '1.1');
  check('tls:<1.2', (s) => s.tlsVersion === '1.0' || s.tlsVersion === '1.1');
  check('tls:1.2', (s) => s.tlsVersion === '1.2');
  check('tls:>=1.2', (s) => s.tlsVersion === '1.2' || s.tlsVersion === '1.3');
  check('tls:failed', (s) => s.tlsFailed && !s.tlsVersion);
  check('auth:ok kind:receive', (s) => s.authOk && s.kind === 'smtpReceive');
  check('reply:5.7.54', (s) => s.replies.has('5.7.54'));
  check('reply:550', (s) => s.replies.has('550'));
  check('reply:4*', (s) => [...s.replies].some((r) => r.startsWith('4')));
  check('reply:5.7.*', (s) => [...s.replies].some((r) => r.startsWith('5.7.')));
  check('reply:4xx', (s) => [...s.replies].some((r) => /^4\d\d$/.test(r)));
  check('-reply:2.6.0 kind:receive', (s) => !s.replies.has('2.6.0') && s.kind === 'smtpReceive');
});

test('addresses: from, to, domain forms, with and without angle brackets', () => {
  const domainOf = (a: string | undefined) => (a ?? '').slice((a ?? '').lastIndexOf('@') + 1).toLowerCase();
  check('from:*@contoso.com kind:receive', (s) => domainOf(s.mailFrom) === 'contoso.com' && !!s.mailFrom?.includes('@') && s.kind === 'smtpReceive');
  check('from:@fabrikam.com', (s) => !!s.mailFrom?.includes('@') && domainOf(s.mailFrom) === 'fabrikam.com');
  check('to:contoso.com', (s) => [...s.rcpts].some((r) => domainOf(r) === 'contoso.com'));
  const someone = mostCommon(truth.flatMap((s) => [...s.rcpts]));
  check(`to:${someone}`, (s) => s.rcpts.has(someone));
  check(`to:<${someone.toUpperCase()}>`, (s) => s.rcpts.has(someone));
  const local = someone.split('@')[0];
  check(`to:${local}*`, (s) => [...s.rcpts].some((r) => r.startsWith(local)));
  check('from:*@contoso.com messages:>0 kind:receive', (s) => domainOf(s.mailFrom) === 'contoso.com' && s.accepted > 0 && s.kind === 'smtpReceive');
});

test('counts, durations and times', () => {
  check('messages:>1 kind:receive', (s) => s.accepted > 1 && s.kind === 'smtpReceive');
  check('messages:0 kind:receive', (s) => s.accepted === 0 && s.kind === 'smtpReceive');
  check('messages:2..3 kind:receive', (s) => s.accepted >= 2 && s.accepted <= 3 && s.kind === 'smtpReceive');
  check('duration:>5s', (s) => s.end - s.start > 5000);
  check('duration:<100ms', (s) => s.end - s.start < 100);
  // at the exact edges: a duration one below the bound is out
  const d = truth.map((s) => s.end - s.start).find((x) => x > 50 && truth.some((s) => s.end - s.start === x - 1))!;
  check(`duration:>=${d}ms`, (s) => s.end - s.start >= d);
  check(`duration:${d}ms`, (s) => s.end - s.start === d);
  check(`duration:<=${d - 1}ms`, (s) => s.end - s.start <= d - 1);
  check('bytes:>0', (s) => (s.bytes ?? 0) > 0);
  const sizes = truth.map((s) => s.bytes ?? 0).filter((x) => x > 0).sort((x, y) => x - y);
  const b = sizes[sizes.length >> 1];
  check(`bytes:${b}`, (s) => s.bytes === b);
  check(`bytes:>=${b}`, (s) => s.bytes !== undefined && s.bytes >= b);
  check(`bytes:<${b}`, (s) => s.bytes !== undefined && s.bytes < b);
  check('bytes:>10KB', (s) => s.bytes !== undefined && s.bytes > 10240);
  const start = Date.UTC(2024, 2, 4, 1, 0);
  check('after:2024-03-04T01:00', (s) => s.start >= start);
  check('before:2024-03-04T01:00', (s) => s.start < start);
  check('after:2024-03-04T00:30:00+00:30 before:2024-03-04T01:00', (s) => s.start >= start - 3_600_000 && s.start < start);
  check('after:2024-03-04T03:00+02:00', (s) => s.start >= start);
  check('before:2024-03-04', () => true);
  check('after:2024-03-04', () => true);
  assert.equal(searchSessions(index, 'after:2024-03-05').total, 0);
});

test('ehlo, connector, user, message ids, session ids', () => {
  const ehlo = mostCommon(truth.filter((s) => s.ehlo).map((s) => s.ehlo!));
  check(`ehlo:${ehlo.toUpperCase()} kind:receive`, (s) => s.ehlo?.toLowerCase() === ehlo.toLowerCase());
  check('ehlo:*.example.net kind:receive', (s) => !!s.ehlo && /\.example\.net$/i.test(s.ehlo));
  const connector = truth.find((s) => s.connector?.includes(' '))!.connector!;
  check(`connector:"${connector}"`, (s) => s.connector === connector);
  check(`connector:"${connector.split('\\')[0]}\\*"`, (s) => !!s.connector?.startsWith(connector.split('\\')[0] + '\\'));
  const user = truth.find((s) => s.kind === 'imap4' && s.user)!.user!;
  check(`user:${user} kind:imap`, (s) => s.kind === 'imap4' && s.user === user);
  const message = generated.messages.find((m) => m.scenario === 'inboundDelivered')!;
  const id = message.messageId.toLowerCase();
  const carried = check(`message-id:${message.messageId}`, (s) => s.messageIds.has(id), { atLeast: 2 });
  check(`message-id:${message.messageId.slice(1, -1)}`, (s) => s.messageIds.has(id), { atLeast: 2 });
  assert.ok(carried.refs.some((r) => sessionCells(r).kind === 'smtpReceive'));
  const crossing = truth.find((s) => s.files.size > 1 && s.kind === 'smtpReceive')!;
  const joined = check(`id:${crossing.id.toLowerCase()} file:${crossing.firstFile.split('/').pop()}`, (s) => s.id === crossing.id && s.files.has(crossing.firstFile));
  const row = sessionRow(index, joined.refs[0], (p) => `file://${p}`);
  assert.equal(row.uri, `file://${crossing.firstFile}`);
  assert.notEqual(row.lastUri, row.uri, 'a joined session ends in another file');
  assert.equal(row.line, crossing.firstLine);
  assert.equal(row.start, crossing.start);
  assert.equal(row.end, crossing.end);
});

test('bare words match any text of a session, case-insensitively', () => {
  const ip = mostCommon(truth.filter((s) => s.kind === 'smtpReceive').map((s) => host(s.remote)));
  check(ip, (s) => host(s.remote) === ip || host(s.local) === ip);
  const crossing = truth.find((s) => s.files.size > 1)!;
  check(crossing.id, (s) => s.id === crossing.id);
  check('"Unable to relay" kind:receive', (s) => s.kind === 'smtpReceive' && s.replies.has('5.7.54') && s.accepted === 0 && !s.authOk);
  const person = mostCommon(truth.flatMap((s) => [...s.rcpts]).filter((r) => r.endsWith('@contoso.com'))).split('@')[0];
  check(person.toUpperCase(), (s) => [s.mailFrom, s.user, ...s.rcpts].some((x) => x?.toLowerCase().includes(person)));
  check('fabrikam.com kind:connectivity', (s) => s.kind === 'connectivity' && s.remote === 'fabrikam.com');
});

test('AND, OR, NOT and groups combine as the counts say', () => {
  const recv = truth.filter((s) => s.kind === 'smtpReceive').length;
  const send = truth.filter((s) => s.kind === 'smtpSend').length;
  assert.equal(searchSessions(index, 'kind:receive OR kind:send', { limit: 0 }).total, recv + send);
  assert.equal(searchSessions(index, '-(kind:receive OR kind:send)', { limit: 0 }).total, truth.length - recv - send);
  check('(kind:receive OR kind:send) server:EX01', (s) => (s.kind === 'smtpReceive' || s.kind === 'smtpSend') && s.server === 'EX01');
  check('kind:receive server:EX01 OR kind:send server:EX02', (s) => (s.kind === 'smtpReceive' && s.server === 'EX01') || (s.kind === 'smtpSend' && s.server === 'EX02'));
  check('NOT tls:none kind:receive', (s) => s.kind === 'smtpReceive' && (!!s.tlsVersion || s.tlsFailed));
});

test('results come in time order (then file, then line); the limit cuts the list, not the count', () => {
  const all = searchSessions(index, 'kind:receive', { limit: 100_000 });
  for (let i = 1; i < all.refs.length; i++) {
    const a = sessionCells(all.refs[i - 1]), b = sessionCells(all.refs[i]);
    const pa = index.file(all.refs[i - 1].file)!.path, pb = index.file(all.refs[i].file)!.path;
    assert.ok(a.start < b.start || (a.start === b.start && (pa < pb || (pa === pb && a.firstLine < b.firstLine))), `order at ${i}`);
  }
  const ten = searchSessions(index, 'kind:receive', { limit: 10 });
  assert.equal(ten.total, all.total);
  assert.deepEqual(ten.refs, all.refs.slice(0, 10));
  const byDefault = searchSessions(index, '');
  assert.equal(byDefault.refs.length, 1000);
  assert.equal(byDefault.total, truth.length);
});

test('the file scope: only sessions of the files it accepts', () => {
  const ex01 = searchSessions(index, 'kind:receive', { files: (p) => p.startsWith(`${ROOT}EX01/`), limit: 0 });
  assert.equal(ex01.total, truth.filter((s) => s.kind === 'smtpReceive' && s.server === 'EX01').length);
  const none = searchSessions(index, '', { files: () => false });
  assert.equal(none.total, 0);
});

test('a query with mistakes returns them and nothing else', () => {
  const r = searchSessions(index, 'kind:receive remot:1.2.3.4 OR');
  assert.deepEqual(r.refs, []);
  assert.equal(r.total, 0);
  assert.deepEqual(r.problems.map((p) => [p.start, p.end]), [[13, 18], [27, 29]]);
});

test('a session row carries what the protocol promises', () => {
  const r = searchSessions(index, 'kind:receive messages:>0 tls:1.2', { limit: 1 });
  const ref = r.refs[0];
  const row = sessionRow(index, ref, (p) => `file://${p}`);
  const cells = sessionCells(ref);
  const t = truth.find((s) => s.id === cells.id && s.files.has(index.file(ref.file)!.path))!;
  assert.equal(row.uri, `file://${t.firstFile}`);
  assert.equal(row.line, t.firstLine);
  assert.equal(row.server, t.server);
  assert.equal(row.service, t.service);
  assert.equal(row.kind, 'smtpReceive');
  assert.equal(row.sessionId, t.id);
  assert.equal(row.start, t.start);
  assert.equal(row.end, t.end);
  assert.equal(row.durationMs, t.end - t.start);
  assert.equal(row.remote, t.remote);
  assert.equal(row.local, t.local);
  assert.equal(row.connector, t.connector);
  assert.equal(row.ehlo, t.ehlo);
  assert.equal(row.tls, '1.2');
  assert.match(row.tlsCipher ?? '', /^CALG_/);
  assert.equal(row.from, t.mailFrom);
  assert.deepEqual(new Set(row.to.map((x) => x.toLowerCase())), t.rcpts);
  assert.equal(row.messages, t.accepted);
  assert.deepEqual(new Set(row.messageIds.map((x) => x.toLowerCase())), t.messageIds);
  assert.equal(row.outcome, 'delivered');
  assert.deepEqual(new Set(row.replies), t.replies);
  assert.equal(row.auth, t.authOk ? 'ok' : 'none');
});

// ---- edge cases in a log of our own ----

const EDGE = [
  '#Software: Microsoft Exchange Server',
  '#Version: 15.01.2507.023',
  '#Log-type: SMTP Receive Protocol Log',
  '#Date: 2024-03-05T10:00:00.000Z',
  '#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context',
  '2024-03-05T10:00:00.000Z,EX09\\Default Frontend EX09,08DC000000000001,0,[2001:db8::25]:25,[2001:db8:1::7]:50000,+,,',
  '2024-03-05T10:00:00.100Z,EX09\\Default Frontend EX09,08DC000000000001,1,[2001:db8::25]:25,[2001:db8:1::7]:50000,<,EHLO v6.fabrikam.com,',
  '2024-03-05T10:00:00.200Z,EX09\\Default Frontend EX09,08DC000000000001,2,[2001:db8::25]:25,[2001:db8:1::7]:50000,<,MAIL FROM:<>,',
  '2024-03-05T10:00:00.300Z,EX09\\Default Frontend EX09,08DC000000000001,3,[2001:db8::25]:25,[2001:db8:1::7]:50000,>,250 2.1.0 Sender OK,',
  '2024-03-05T10:00:00.400Z,EX09\\Default Frontend EX09,08DC000000000001,4,[2001:db8::25]:25,[2001:db8:1::7]:50000,-,,Remote(ConnectionReset)',
  '2024-03-05T10:00:01.000Z,EX09\\Client Frontend EX09,08DC000000000002,0,10.9.0.1:587,[::ffff:192.0.2.44]:40000,+,,',
  '2024-03-05T10:00:01.100Z,EX09\\Client Frontend EX09,08DC000000000002,1,10.9.0.1:587,[::ffff:192.0.2.44]:40000,<,EHLO laptop,',
  '2024-03-05T10:00:01.200Z,EX09\\Client Frontend EX09,08DC000000000002,2,10.9.0.1:587,[::ffff:192.0.2.44]:40000,*,,"TLS protocol SP_PROT_TLS1_3_SERVER negotiation succeeded using bulk encryption algorithm CALG_AES_256 with strength 256 bits, MAC hash algorithm CALG_SHA384 with strength 384 bits and key exchange algorithm CALG_ECDH_EPHEM with strength 384 bits"',
  '2024-03-05T10:00:01.300Z,EX09\\Client Frontend EX09,08DC000000000002,3,10.9.0.1:587,[::ffff:192.0.2.44]:40000,<,AUTH LOGIN,',
  '2024-03-05T10:00:01.400Z,EX09\\Client Frontend EX09,08DC000000000002,4,10.9.0.1:587,[::ffff:192.0.2.44]:40000,*,,User Name: CONTOSO\\Alice',
  '2024-03-05T10:00:01.500Z,EX09\\Client Frontend EX09,08DC000000000002,5,10.9.0.1:587,[::ffff:192.0.2.44]:40000,>,235 2.7.0 Authentication successful,',
  '2024-03-05T10:00:01.600Z,EX09\\Client Frontend EX09,08DC000000000002,6,10.9.0.1:587,[::ffff:192.0.2.44]:40000,-,,Local',
  '',
].join('\r\n');

const edge = indexOf([{ path: 'C:\\Logs\\EX09\\TransportRoles\\Logs\\FrontEnd\\ProtocolLog\\SmtpReceive\\RECV2024030510-1.LOG', text: EDGE }]);
const ids = (q: string) => searchSessions(edge, q).refs.map((r) => sessionCells(r).id.slice(-1));

test('IPv6 endpoints, IPv4-mapped addresses, the null sender, DOMAIN\\user, TLS 1.3, Windows paths', () => {
  assert.deepEqual(ids('remote:2001:db8::/32'), ['1']);
  assert.deepEqual(ids('remote:2001:db8:1::7'), ['1']);
  assert.deepEqual(ids('remote:[2001:db8:1::7]:50000'), ['1']);
  assert.deepEqual(ids('remote:[2001:db8:1::7]:50001'), []);
  assert.deepEqual(ids('remote:2001:db8:2::/48'), []);
  assert.deepEqual(ids('local:2001:db8::25'), ['1']);
  assert.deepEqual(ids('remote:192.0.2.0/24'), ['2']);
  assert.deepEqual(ids('remote:::ffff:192.0.2.44'), ['2']);
  assert.deepEqual(ids('remote:10.0.0.0/8'), []);
  assert.deepEqual(ids('local:10.9.0.1:587'), ['2']);
  assert.deepEqual(ids('from:<>'), ['1']);
  assert.deepEqual(ids('from:""'), ['1']);
  assert.deepEqual(ids('user:alice'), ['2']);
  assert.deepEqual(ids('user:contoso\\ALICE'), ['2']);
  assert.deepEqual(ids('user:bob'), []);
  assert.deepEqual(ids('tls:1.3'), ['2']);
  assert.deepEqual(ids('tls:>1.2'), ['2']);
  assert.deepEqual(ids('tls:none'), ['1']);
  assert.deepEqual(ids('cipher:aes_256'), ['2']);
  assert.deepEqual(ids('auth:ok mechanism:login'), ['2']);
  assert.deepEqual(ids('outcome:dropped'), ['1']);
  assert.deepEqual(ids('file:recv2024030510-1.log'), ['1', '2']);
  assert.deepEqual(ids('file:EX09/TransportRoles/*'), ['1', '2']);
  assert.deepEqual(ids('file:"C:/Logs/EX09"'), ['1', '2']);
  assert.deepEqual(ids('file:EX08/*'), []);
  assert.deepEqual(ids('server:ex09 service:frontend'), ['1', '2']);
  assert.deepEqual(ids('V6.FABRIKAM'), ['1']);
  assert.deepEqual(ids('fabrikam OR laptop'), ['1', '2']);
  assert.deepEqual(ids('dur*tion'), []);
  assert.deepEqual(ids('ehlo:v6*'), ['1']);
});

// ---- completion ----

test('completion: field names with descriptions while a word has no colon, and OR after a term', () => {
  const empty = completeQuery(index, '', 0);
  assert.ok(empty.items.length >= 24);
  assert.ok(empty.items.every((i) => i.kind === 'field' && i.insertText.endsWith(':') && i.detail && i.replaceStart === 0 && i.replaceEnd === 0));
  assert.ok(!empty.items.some((i) => i.kind === 'keyword'), 'no OR before any term');
  const re = completeQuery(index, 'kind:send re', 12);
  // names first, then fields one of whose aliases fits (recipient → to, result → outcome)
  assert.deepEqual(re.items.map((i) => i.label), ['remote:', 'reply:', 'to:', 'outcome:']);
  assert.deepEqual([re.items[0].replaceStart, re.items[0].replaceEnd, re.items[0].insertText], [10, 12, 'remote:']);
  const o = completeQuery(index, 'kind:send o', 11);
  assert.deepEqual(o.items.map((i) => i.label), ['outcome:', 'OR']);
  assert.equal(o.items[1].kind, 'keyword');
  // an alias finds its field
  assert.deepEqual(completeQuery(index, 'helo', 4).items.map((i) => i.label), ['ehlo:']);
  // in the middle of a field name, the name and its colon are replaced
  const mid = completeQuery(index, 'remo:1.2.3.4', 2);
  assert.deepEqual([mid.items[0].label, mid.items[0].replaceStart, mid.items[0].replaceEnd], ['remote:', 0, 5]);
  // after a negation
  assert.deepEqual(completeQuery(index, '-tl', 3).items.map((i) => [i.label, i.replaceStart]), [['tls:', 1]]);
});

test('completion: the values the collection holds, most frequent first, with counts', () => {
  const remote = completeQuery(index, 'remote:', 7);
  const hosts = new Map<string, number>();
  for (const s of truth) if (s.remote) hosts.set(host(s.remote), (hosts.get(host(s.remote)) ?? 0) + 1);
  const expected = [...hosts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, remote.items.length);
  assert.ok(remote.items.length > 5);
  assert.deepEqual(remote.items.map((i) => i.label), expected.map((e) => e[0]));
  assert.deepEqual(remote.items.map((i) => i.detail), expected.map((e) => `${e[1].toLocaleString('en-US')} session${e[1] === 1 ? '' : 's'}`));
  assert.ok(remote.items.every((i) => i.kind === 'value' && i.replaceStart === 7 && i.replaceEnd === 7));
  // what was typed narrows the list: values that start with it first
  const narrowed = completeQuery(index, 'remote:203.0.113.1 kind:receive', 18);
  assert.ok(narrowed.items.length > 0 && narrowed.items.every((i) => i.label.includes('203.0.113.1')));
  assert.ok(narrowed.items[0].label.startsWith('203.0.113.1'));
  assert.deepEqual([narrowed.items[0].replaceStart, narrowed.items[0].replaceEnd], [7, 18]);
  // values with spaces are quoted
  const connector = completeQuery(index, 'connector:', 10);
  assert.ok(connector.items.some((i) => i.label.includes(' ') && i.insertText === `"${i.label}"`));
  // domains after @
  const domains = completeQuery(index, 'to:@', 4);
  assert.equal(domains.items[0].label, '@contoso.com');
  const expectedContoso = truth.filter((s) => [...s.rcpts].some((r) => r.endsWith('@contoso.com'))).length;
  assert.ok(Number(domains.items[0].detail!.replace(/\D/g, '')) >= expectedContoso);
  // ids only once typed
  assert.deepEqual(completeQuery(index, 'id:', 3).items, []);
  const crossing = truth.find((s) => s.files.size > 1)!;
  const typedId = `id:${crossing.id.slice(0, 15).toLowerCase()}`;
  const idItems = completeQuery(index, typedId, typedId.length).items;
  assert.ok(idItems.length >= 1 && idItems.length <= 16 && idItems.some((i) => i.label === crossing.id));
  // counted over the scope only
  const ex01 = completeQuery(index, 'server:', 7, (p) => p.startsWith(`${ROOT}EX01/`));
  assert.deepEqual(ex01.items.map((i) => i.label), ['EX01']);
});

test('completion: fixed values for kind, outcome, auth and tls, with counts; problems so far', () => {
  const kinds = completeQuery(index, 'kind:', 5);
  assert.deepEqual(kinds.items.map((i) => i.label), ['receive', 'send', 'connectivity', 'pop3', 'imap4', 'smtp']);
  assert.equal(kinds.items[0].detail, `${truth.filter((s) => s.kind === 'smtpReceive').length.toLocaleString('en-US')} sessions`);
  const outcomes = completeQuery(index, 'outcome:', 8).items.map((i) => i.label);
  assert.equal(outcomes[0], 'delivered');
  assert.ok(outcomes.includes('rejected') && outcomes.includes('authFailed'));
  assert.deepEqual(completeQuery(index, 'auth:f', 6).items.map((i) => i.label), ['failed']);
  const tls = completeQuery(index, 'tls:', 4).items.map((i) => i.label);
  assert.ok(tls.includes('1.0') && tls.includes('1.2') && tls.includes('none') && tls.includes('<1.2'));
  const withProblem = completeQuery(index, 'remot:1.2.3.4 kind:', 19);
  assert.deepEqual(withProblem.problems.map((p) => [p.start, p.end]), [[0, 5], [14, 19]]);
  assert.ok(withProblem.items.some((i) => i.label === 'receive'));
  assert.deepEqual(completeQuery(index, 'nosuch:', 7).items, []);
});

function mostCommon(values: string[]): string {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
}

test('a SessionRef from sessions() and from a search are the same session', () => {
  const r = searchSessions(index, 'kind:send', { limit: 1 }).refs[0];
  const fromAll: SessionRef | undefined = [...index.sessions()].find((x) => x.table === r.table && x.row === r.row);
  assert.ok(fromAll);
  assert.deepEqual(sessionCells(fromAll), sessionCells(r));
});
