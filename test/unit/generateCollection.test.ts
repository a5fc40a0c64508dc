/**
 * The generated multi-server collection (test/helpers/generateCollection.ts): deterministic, laid out
 * and written as Exchange writes it, read by the core parser without problems, with journeys whose
 * hops point at real lines, sessions continued across roll-overs, files within the size limit,
 * left-out folders, and memory that stays bounded while streaming.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { configureL10n } from '../../server/src/core/l10n';
import { LogModel, getLanguageService } from '../../server/src/core/languageService';
import { fieldValue } from '../../server/src/core/model/logModel';
import { GeneratedFile, Hop, LineLocation, MessageTruth, Scenario, buildCollection, generateCollection } from '../helpers/generateCollection';
import { parseSize } from '../bench/writeCollection';

configureL10n('en', undefined);
const ls = getLanguageService();
const START = Date.UTC(2024, 2, 5, 9, 0, 0);
const OPTIONS = { hours: 2, messagesPerHour: 100, start: START, seed: 7 };
const collection = buildCollection(OPTIONS);
const byPath = new Map(collection.files.map((f) => [f.path, f]));
const models = new Map<string, LogModel>();
function model(f: GeneratedFile): LogModel {
  let m = models.get(f.path);
  if (!m) models.set(f.path, (m = ls.parse(f.text, `file:///collection/${f.path}`, 1)));
  return m;
}

/** The value of the column `name` on `line` of a file, read by the core parser. */
function column(f: GeneratedFile, line: number, name: string): string | undefined {
  const m = model(f);
  const ri = m.lineRecord[line];
  assert.ok(ri >= 0, `${f.path}:${line + 1} is a record`);
  const rec = m.records.get(ri);
  const col = rec.layout.lower.indexOf(name);
  assert.ok(col >= 0, `${f.path} has a ${name} column`);
  return fieldValue(m, rec, col);
}

function lineOf(f: GeneratedFile, line: number): string {
  return f.text.split('\r\n')[line];
}

function at(l: LineLocation): string {
  return lineOf(byPath.get(l.path)!, l.line);
}

/** Files of one folder and prefix in order: hour, then part. */
function sequences(files: readonly GeneratedFile[]): GeneratedFile[][] {
  const groups = new Map<string, GeneratedFile[]>();
  for (const f of files) {
    const key = f.path.replace(/\d+-\d+\.LOG$/, '');
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const order = (p: string) => {
    const m = /(\d+)-(\d+)\.LOG$/.exec(p)!;
    return Number(m[1]) * 1000 + Number(m[2]);
  };
  return [...groups.values()].map((g) => g.sort((a, b) => order(a.path) - order(b.path)));
}

const PATH = /^(EX\d\d)\/(?:TransportRoles\/Logs\/(?:(FrontEnd|Hub)\/ProtocolLog\/(SmtpReceive|SmtpSend)\/(RECV|SEND)\d{10}|Hub\/Connectivity\/CONNECTLOG\d{10}|MessageTracking\/MSGTRK(?:MS|MD)?\d{10})|Logging\/Imap4\/IMAP4BE\d{8})-\d+\.LOG$/;
const OUTCOMES = new Set(['session-rejected', 'session-deferred', 'tls-failed', 'auth-failed', 'connection-failed', 'tarpit', 'session-idle', 'session-dropped']);

test('the same options give byte-identical files; another seed gives others', () => {
  const again = [...generateCollection(OPTIONS)];
  assert.deepEqual(again.map((f) => f.path), collection.files.map((f) => f.path));
  again.forEach((f, i) => assert.ok(f.data.equals(collection.files[i].data), f.path));
  const other = [...generateCollection({ ...OPTIONS, seed: 8, hours: 1 })];
  assert.ok(other.some((f) => !byPath.get(f.path)?.data.equals(f.data)));
});

test('files are laid out, named and written as collected Exchange logs', () => {
  for (const f of collection.files) {
    assert.match(f.path, PATH);
    assert.equal(f.bytes, Buffer.byteLength(f.text, 'utf8'));
    const bom = f.kind === 'smtpReceive' || f.kind === 'smtpSend' || f.kind === 'messageTracking';
    assert.equal(f.text.startsWith('\ufeff#Software: Microsoft Exchange Server\r\n#Version: 15.01.2507.023\r\n#Log-type: '), bom, f.path);
    assert.ok(f.text.endsWith('\r\n') && !/[^\r]\n/.test(f.text), `${f.path}: CRLF line endings`);
    const lines = f.text.split('\r\n');
    assert.equal(lines[3], `#Date: ${new Date(f.first).toISOString()}`);
    assert.equal(lines.length - 6, f.records);
    // the name's hour (day for IMAP4) holds every record of the file
    const stamp = /(\d{8,10})-\d+\.LOG$/.exec(f.path)![1];
    for (const t of [f.first, f.last]) assert.equal(new Date(t).toISOString().replace(/\D/g, '').slice(0, stamp.length), stamp, f.path);
  }
  const kinds = new Set(collection.files.map((f) => `${f.server} ${f.service} ${f.kind}`));
  for (const server of ['EX01', 'EX02']) {
    for (const k of ['FrontEnd smtpReceive', 'FrontEnd smtpSend', 'Hub smtpReceive', 'Hub smtpSend', 'Hub connectivity', 'Hub messageTracking', 'MailboxSubmission messageTracking', 'MailboxDelivery messageTracking', 'Imap4 imap4']) {
      assert.ok(kinds.has(`${server} ${k}`), `${server} ${k}`);
    }
  }
});

test('every file parses as its kind with no format or integrity problem; roll-overs are the only cut sessions', () => {
  const seen = new Set<string>();
  for (const f of collection.files) {
    const m = model(f);
    assert.equal(m.kind, f.kind, f.path);
    assert.deepEqual(m.problems, [], f.path);
    assert.equal(m.records.length, f.records, f.path);
    if (f.kind !== 'messageTracking') assert.equal(m.sessions.length, f.sessions, f.path);
    const count = { 'no-connect': 0, 'no-disconnect': 0 };
    for (const d of ls.getDiagnostics(m, { maxProblems: 1e6 })) {
      const code = String(d.code);
      if (code === 'no-connect' || code === 'no-disconnect') count[code]++;
      else assert.ok(OUTCOMES.has(code), `${f.path}:${d.range.start.line + 1} ${code}: ${d.message}`);
      seen.add(code);
    }
    assert.equal(count['no-connect'], f.openAtStart.length, f.path);
    assert.equal(count['no-disconnect'], f.openAtEnd.length, f.path);
  }
  // the noise administrators see is there
  for (const code of OUTCOMES) assert.ok(seen.has(code), code);
});

test('the summary counts what was yielded', () => {
  const s = collection.summary;
  assert.equal(s.files, collection.files.length);
  assert.equal(s.bytes, collection.files.reduce((n, f) => n + f.bytes, 0));
  assert.equal(s.records, collection.files.reduce((n, f) => n + f.records, 0));
  assert.equal(s.sessions, collection.files.reduce((n, f) => n + f.sessions - f.openAtStart.length, 0));
  assert.equal(s.messages, collection.messages.length);
  assert.equal(new Set(collection.messages.map((m) => m.messageId)).size, collection.messages.length, 'message ids are unique');
  assert.deepEqual(s.servers, ['EX01', 'EX02']);
  assert.equal(s.first, Math.min(...collection.files.map((f) => f.first)));
  const scenarios = new Set(collection.messages.map((m) => m.scenario));
  for (const sc of ['inboundDelivered', 'relayedOut', 'submittedOut', 'sentOut', 'internalDelivered', 'deferredThenSent', 'failed', 'ndr'] as Scenario[]) assert.ok(scenarios.has(sc), sc);
});

test('every hop points at a line that holds what it claims, in time order', () => {
  for (const m of collection.messages) {
    assert.ok(m.hops.length >= 2, m.messageId);
    let prev = -Infinity;
    for (const h of m.hops) {
      const f = byPath.get(h.path);
      assert.ok(f && !h.missing, `${m.messageId}: ${h.path}`);
      const where = `${m.scenario} ${m.messageId} ${h.logKind} ${h.path}:${h.line + 1}`;
      assert.ok(h.time >= prev, `${where}: in time order`);
      prev = h.time;
      assert.equal(model(f).records.time[model(f).lineRecord[h.line]], h.time, where);
      assert.ok(lineOf(f, h.line).includes(h.key), `${where} holds ${h.key}`);
      assert.equal(h.server, f.server);
      assert.equal(h.logKind, f.kind);
      if (h.sessionId) assert.equal(column(f, h.line, h.logKind === 'connectivity' ? 'session' : 'session-id'), h.sessionId, where);
      if (h.logKind === 'messageTracking') {
        assert.equal(column(f, h.line, 'event-id'), h.eventId, where);
        assert.equal(column(f, h.line, h.linkedBy === 'reference' ? 'reference' : 'message-id'), m.messageId, where);
        if (h.linkedBy !== 'reference') assert.equal(column(f, h.line, 'network-message-id'), m.networkMessageId, where);
        if (h.status !== undefined) assert.equal(column(f, h.line, 'recipient-status'), h.status, where);
      }
      if (h.reply) {
        const rf = byPath.get(h.reply.path)!;
        assert.ok(rf.path === f.path || f.openAtEnd.includes(h.sessionId!), `${where}: the reply is in a later file only when the session crossed`);
        assert.equal(column(rf, h.reply.line, 'session-id'), h.sessionId, where);
        if (h.linkedBy === 'sendMatch') assert.equal(column(rf, h.reply.line, 'data'), h.status, `${where}: the remote's reply`);
        else assert.match(column(rf, h.reply.line, 'data')!, new RegExp(`^250 2\\.6\\.0 ${escape(m.messageId)} \\[InternalId=\\d+, Hostname=`), where);
      }
    }
  }
});

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

const hops = (m: MessageTruth, pred: (h: Hop) => boolean) => m.hops.filter(pred);
const events = (m: MessageTruth) => m.hops.filter((h) => h.eventId).map((h) => h.eventId);

test('an inbound message: FrontEnd receive on A, proxied to the Hub of B, RECEIVE with B\'s ids, DELIVER on the mailbox servers', () => {
  const inbound = collection.messages.filter((m) => m.scenario === 'inboundDelivered');
  assert.ok(inbound.some((m) => m.hops[0].server !== m.hops[2].server), 'some cross servers');
  for (const m of inbound) {
    const [fe, proxy, hub, receive] = m.hops;
    assert.deepEqual([fe.service, fe.logKind, proxy.service, proxy.logKind, hub.service, hub.logKind], ['FrontEnd', 'smtpReceive', 'FrontEnd', 'smtpSend', 'Hub', 'smtpReceive']);
    assert.deepEqual([fe.linkedBy, proxy.linkedBy, hub.linkedBy, receive.linkedBy], ['messageId', 'proxiedSession', 'sourceContext', 'sourceContext']);
    const feFile = byPath.get(fe.path)!;
    const proxyFile = byPath.get(proxy.path)!;
    const hubFile = byPath.get(hub.path)!;
    const A = fe.server;
    const B = hub.server;
    assert.equal(column(feFile, fe.line, 'connector-id'), `${A}\\Default Frontend ${A}`);
    assert.equal(column(feFile, fe.line, 'context'), 'receiving message');
    assert.match(at(fe.reply!), new RegExp(`Hostname=${A}\\.contoso\\.com\\] \\d+ bytes in [\\d.]+, [\\d.]+ KB/sec Queued mail for delivery`));
    // the proxy session names the inbound session and goes to B's port 2525
    assert.equal(proxy.server, A);
    assert.equal(column(proxyFile, proxy.line, 'connector-id'), 'Inbound Proxy Internal Send Connector');
    assert.ok(at(proxy.link!).endsWith(`Proxying inbound session with session id ${fe.sessionId}`));
    assert.match(column(proxyFile, proxy.line, 'remote-endpoint')!, /:2525$/);
    // B's receive: from A, on B\Default B, with B's internal id
    assert.equal(column(hubFile, hub.line, 'connector-id'), `${B}\\Default ${B}`);
    assert.equal(column(hubFile, hub.line, 'remote-endpoint'), column(proxyFile, proxy.line, 'local-endpoint'));
    const [sid, started, n] = hub.key.split(';');
    assert.deepEqual([sid, Date.parse(started) <= hub.time, Number(n) >= 1], [hub.sessionId, true, true]);
    const hubId = m.internalIds.find((x) => x.server === B && x.service === 'Hub')!.id;
    assert.ok(at(hub.reply!).includes(`[InternalId=${hubId}, Hostname=${B}.contoso.com]`));
    assert.ok(at(proxy.reply!).includes(`[InternalId=${hubId}, Hostname=${B}.contoso.com]`));
    // message tracking on B: source SMTP, source-context = the Hub session's key, B's internal id
    const trk = byPath.get(receive.path)!;
    assert.equal(receive.server, B);
    assert.deepEqual([column(trk, receive.line, 'event-id'), column(trk, receive.line, 'source'), column(trk, receive.line, 'source-context')], ['RECEIVE', 'SMTP', hub.key]);
    assert.equal(column(trk, receive.line, 'internal-message-id'), String(hubId));
    assert.equal(column(trk, receive.line, 'connector-id'), `${B}\\Default ${B}`);
    // delivered on each recipient's mailbox server
    const delivered = hops(m, (h) => h.eventId === 'DELIVER');
    assert.ok(delivered.length >= 1);
    assert.deepEqual(delivered.flatMap((h) => column(byPath.get(h.path)!, h.line, 'recipient-address')!.split(';')).sort(), [...m.recipients].sort());
    for (const h of delivered) assert.deepEqual([h.service, column(byPath.get(h.path)!, h.line, 'source')], ['MailboxDelivery', 'STOREDRIVER']);
  }
});

test('outbound messages: sent, deferred once and retried, failed with a DSN; each attempt with its connectivity session', () => {
  const of = (s: Scenario) => collection.messages.filter((m) => m.scenario === s);
  for (const m of of('sentOut')) assert.deepEqual(events(m), ['RECEIVE', 'SUBMIT', 'RECEIVE', 'SENDEXTERNAL']);
  for (const m of of('deferredThenSent')) assert.deepEqual(events(m), ['RECEIVE', 'SUBMIT', 'RECEIVE', 'DEFER', 'SENDEXTERNAL']);
  for (const m of of('failed')) assert.deepEqual(events(m), ['RECEIVE', 'SUBMIT', 'RECEIVE', 'FAIL', 'DSN']);
  for (const m of of('internalDelivered')) assert.deepEqual(events(m).slice(0, 3), ['RECEIVE', 'SUBMIT', 'RECEIVE']);
  for (const m of [...of('sentOut'), ...of('deferredThenSent'), ...of('failed'), ...of('relayedOut'), ...of('submittedOut')]) {
    const conn = hops(m, (h) => h.logKind === 'connectivity');
    const send = hops(m, (h) => h.logKind === 'smtpSend' && h.service === 'Hub');
    assert.equal(conn.length, m.scenario === 'deferredThenSent' ? 2 : 1, m.messageId);
    assert.deepEqual(conn.map((h) => h.sessionId), send.map((h) => h.sessionId), 'connectivity session = send session');
    for (const h of send) {
      const f = byPath.get(h.path)!;
      assert.equal(column(f, h.line, 'data'), `MAIL FROM:<${m.sender}> SIZE=${m.size}`);
      assert.equal(h.linkedBy, 'sendMatch');
    }
    const codes = send.map((h) => h.status!.slice(0, 1));
    assert.deepEqual(codes, m.scenario === 'deferredThenSent' ? ['4', '2'] : m.scenario === 'failed' ? ['5'] : ['2']);
    // the tracking row of each attempt is on the sending Hub, after its send session
    const rows = hops(m, (h) => h.eventId === 'DEFER' || h.eventId === 'SENDEXTERNAL' || h.eventId === 'FAIL');
    rows.forEach((r, i) => {
      assert.equal(r.server, send[i].server);
      assert.ok(r.time > send[i].time);
    });
  }
  for (const m of of('failed')) {
    const dsn = m.hops.at(-1)!;
    assert.equal(dsn.linkedBy, 'reference');
    const ndr = collection.messages.find((x) => x.reportsOn === m.messageId)!;
    assert.deepEqual([ndr.scenario, ndr.recipients, events(ndr)], ['ndr', [m.sender], ['DSN', 'DELIVER']]);
  }
  for (const m of of('relayedOut')) assert.match(column(byPath.get(m.hops[0].path)!, m.hops[0].line, 'connector-id')!, /^EX\d\d\\Relay EX\d\d$/);
  for (const m of of('submittedOut')) {
    const [fe, proxy, hub] = m.hops;
    assert.match(column(byPath.get(fe.path)!, fe.line, 'local-endpoint')!, /:587$/);
    assert.equal(column(byPath.get(proxy.path)!, proxy.line, 'connector-id'), 'Client Proxy Send Connector');
    assert.match(column(byPath.get(hub.path)!, hub.line, 'connector-id')!, /^(EX\d\d)\\Client Proxy \1$/);
  }
});

test('sessions open at a roll-over continue in the next file of the folder: no disconnect, no connect, sequence numbers go on', () => {
  let continued = 0;
  for (const files of sequences(collection.files)) {
    for (let i = 0; i < files.length; i++) {
      const f = files[i];
      if (i === 0) assert.deepEqual(f.openAtStart, [], f.path);
      if (f.openAtEnd.length === 0) continue;
      const next = files[i + 1];
      assert.ok(next, `${f.path} has a next file`);
      assert.deepEqual(next.openAtStart.filter((id) => f.openAtEnd.includes(id)).sort(), [...f.openAtEnd].sort());
      for (const id of f.openAtEnd) {
        const seqs = (file: GeneratedFile) => {
          const m = model(file);
          const s = m.sessions[m.sessionById.get(id)!];
          return { first: m.records.get(s.ordered[0]), last: m.records.get(s.ordered[s.ordered.length - 1]) };
        };
        const before = seqs(f);
        const after = seqs(next);
        assert.notEqual(before.last.event, '-');
        assert.notEqual(after.first.event, '+');
        assert.equal(after.first.seq, before.last.seq + 1, `${id} continues in ${next.path}`);
        continued++;
      }
    }
  }
  assert.ok(continued > 0);
  // on every server a FrontEnd receive session crosses each hourly roll-over
  const frontEnd = sequences(collection.files).filter((g) => g[0].path.includes('FrontEnd/ProtocolLog/SmtpReceive'));
  assert.equal(frontEnd.length, 2);
  for (const g of frontEnd) for (const f of g.slice(0, -1)) assert.ok(f.openAtEnd.length > 0, f.path);
});

test('a file rolls over to -2, -3… before it passes the size limit, its sessions continuing', () => {
  const limit = 48 * 1024;
  const c = buildCollection({ hours: 1, messagesPerHour: 150, start: START, seed: 3, fileLimitBytes: limit, imap: false });
  assert.ok(c.files.some((f) => f.path.endsWith('-3.LOG')));
  for (const f of c.files) assert.ok(f.bytes <= limit, `${f.path}: ${f.bytes}`);
  const stem = (f: GeneratedFile) => f.path.replace(/-\d+\.LOG$/, '');
  const part = (f: GeneratedFile) => Number(/-(\d+)\.LOG$/.exec(f.path)![1]);
  let carried = 0;
  for (const files of sequences(c.files)) {
    files.forEach((f, i) => {
      const prev = files[i - 1];
      assert.equal(part(f), prev && stem(prev) === stem(f) ? part(prev) + 1 : 1, f.path);
      if (prev) carried += prev.openAtEnd.filter((id) => f.openAtStart.includes(id)).length;
    });
  }
  assert.ok(carried > 0, 'sessions continue across size roll-overs');
});

test('left-out folders are not yielded, the rest is unchanged, and hops into them say so', () => {
  const missing = 'EX02/TransportRoles/Logs/Hub';
  const c = buildCollection({ ...OPTIONS, missing: [missing] });
  assert.ok(c.files.every((f) => !f.path.startsWith(missing + '/')));
  assert.deepEqual(c.files.map((f) => f.path), collection.files.filter((f) => !f.path.startsWith(missing + '/')).map((f) => f.path));
  for (const f of c.files) assert.ok(f.data.equals(byPath.get(f.path)!.data), f.path);
  const hopsInto = c.messages.flatMap((m) => m.hops).filter((h) => h.path.startsWith(missing + '/'));
  assert.ok(hopsInto.length > 0 && hopsInto.every((h) => h.missing));
  assert.ok(c.messages.flatMap((m) => m.hops).filter((h) => !h.path.startsWith(missing + '/')).every((h) => !h.missing));
});

test('servers by name or number; a byte target stops at about that size', () => {
  const named = [...generateCollection({ servers: ['MBX1', 'MBX2', 'MBX3'], hours: 1, messagesPerHour: 30, start: START })];
  assert.deepEqual([...new Set(named.map((f) => f.server))].sort(), ['MBX1', 'MBX2', 'MBX3']);
  const target = 3 * 1024 * 1024;
  const g = generateCollection({ targetBytes: target, servers: 3, seed: 2 });
  let bytes = 0;
  for (const f of g) bytes += f.bytes;
  assert.equal(bytes, g.summary.bytes);
  assert.ok(bytes >= target && bytes < target * 1.15, `${bytes} bytes for ${target}`);
  assert.deepEqual(g.summary.servers, ['EX01', 'EX02', 'EX03']);
  assert.deepEqual([parseSize('1G'), parseSize('10M'), parseSize('64k'), parseSize('1.5g'), parseSize('4096')], [2 ** 30, 10 * 2 ** 20, 65536, 1.5 * 2 ** 30, 4096]);
});

test('streaming 50 MB keeps memory bounded', () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const used = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const base = used();
  let peak = 0;
  let bytes = 0;
  for (const f of generateCollection({ targetBytes: 50 * 1024 * 1024, servers: 4, seed: 5 })) {
    bytes += f.bytes;
    peak = Math.max(peak, used() - base);
  }
  assert.ok(bytes >= 50 * 1024 * 1024);
  // an hour of files at most is held: far below the 50 MB written (plus garbage not yet collected)
  assert.ok(peak < 150 * 1024 * 1024, `peak ${(peak / 1024 / 1024).toFixed(0)} MB above the start`);
});
