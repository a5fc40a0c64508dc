/**
 * The reports over a collection (`core/collection/reports`). Each report runs over a generated
 * multi-server collection indexed as the extension indexes it, and its answer is checked against an
 * expectation worked out another way: from the generator's cast (its partners' TLS versions, its relay
 * clients, the addresses that hammer AUTH), from its ground truth (messages, their senders, recipients,
 * sizes and hops), or from the generated text itself (each folder's files read as one log by the core
 * parser and summarised, or scanned line by line) — never from the index tables. Every row's `where`
 * is run through the session search and must list exactly the row's sessions. A small hand-written log
 * checks the certificate flags (expired, not yet valid, near expiry).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type { ReportBody, ReportInput } from '../../server/src/core/collection/reports/index';
import { REPORT_NAMES, availableReports, buildReport } from '../../server/src/core/collection/reports/index';
import { CollectionIndex } from '../../server/src/core/collection/collection';
import { indexPart } from '../../server/src/core/collection/part';
import { parseQuery } from '../../server/src/core/collection/query';
import { compileQuery, searchSessions } from '../../server/src/core/collection/search';
import { configureL10n } from '../../server/src/core/l10n';
import { parseLog } from '../../server/src/core/model/logModel';
import { SessionSummary, getSessionSummary } from '../../server/src/core/summary/sessionSummary';
import { hostOf } from '../../server/src/core/util/endpoints';
import { COLLECTION_CAST, GeneratedCollection, buildCollection } from '../helpers/generateCollection';
import type { ReportName, ReportRow } from '../../protocol/src/queryTypes';

configureL10n('en', undefined);

const HOUR = 3_600_000;
const ORG = COLLECTION_CAST.org;

function indexText(index: CollectionIndex, path: string, text: string): void {
  const body = text.replace(/^\uFEFF/, '');
  index.setFile({ path, size: body.length, mtime: 0, parts: [indexPart(body, { byteStart: 0, byteEnd: body.length, endsWithBreak: true, lineOffset: 0, headerPrefix: '' }, path)] });
}

/** A session as the oracle knows it: its summary, from each folder's files read as one log. */
interface Known {
  server: string;
  folder: string;
  /** Paths of the files of its first and last line. */
  file: string;
  lastFile: string;
  s: SessionSummary;
}

interface Fixture {
  g: GeneratedCollection;
  index: CollectionIndex;
  sessions: Known[];
}

let fixture: Fixture | undefined;

/** A generated collection (two servers, three hours: sessions cross two roll-overs), indexed, and its sessions read independently. */
function collection(): Fixture {
  if (fixture) return fixture;
  const g = buildCollection({ servers: 2, hours: 3, seed: 11, messagesPerHour: 240 });
  const index = new CollectionIndex();
  for (const f of g.files) indexText(index, '/c/' + f.path, f.text);
  // each folder's log family read as one text: a session cut by a roll-over is one session there
  const chains = new Map<string, typeof g.files>();
  for (const f of g.files) {
    if (f.kind === 'messageTracking') continue;
    const key = f.path.replace(/\d{8,10}-\d+\.LOG$/, '');
    chains.set(key, [...(chains.get(key) ?? []), f]);
  }
  const sessions: Known[] = [];
  for (const files of chains.values()) {
    files.sort((a, b) => (a.path < b.path ? -1 : 1));
    const texts = files.map((f) => f.text.replace(/^\uFEFF/, ''));
    const starts: number[] = [];
    let line = 0;
    for (const text of texts) {
      starts.push(line);
      line += text.split('\n').length - 1;
    }
    const model = parseLog(texts.join(''), { uri: files[0].path });
    const fileOf = (l: number) => {
      let i = 0;
      while (i + 1 < starts.length && starts[i + 1] <= l) i++;
      return '/c/' + files[i].path;
    };
    for (let i = 0; i < model.sessions.length; i++) {
      const s = getSessionSummary(model, i);
      sessions.push({ server: files[0].server, folder: files[0].path.split('/').slice(0, -1).join('/'), file: fileOf(s.firstLine), lastFile: fileOf(s.lastLine), s });
    }
  }
  fixture = { g, index, sessions };
  return fixture;
}

function input(index: CollectionIndex, extra: Partial<ReportInput> = {}): ReportInput {
  const where = extra.where;
  return { index, match: compileQuery(index, where ? parseQuery(where).query : undefined), top: 100_000, uriOf: (p) => p, ...extra };
}

function rowsOf(body: ReportBody, id: string): ReportRow[] {
  const table = body.tables.find((t) => t.id === id);
  assert.ok(table, `table ${id}`);
  return table.rows;
}

const sorted = (a: Iterable<string>) => [...a].sort();
const domainOf = (a: string) => a.slice(a.lastIndexOf('@') + 1).toLowerCase();
const outside = (d: string) => d !== ORG && !d.endsWith('.' + ORG);
const smtp = (k: Known) => k.s.kind === 'smtpReceive' || k.s.kind === 'smtpSend';

/** Every row's search parses and lists exactly the sessions the row counts (`count` reads that from its cells). */
function checkWheres(index: CollectionIndex, body: ReportBody, count: (row: ReportRow) => number | undefined, files?: (path: string) => boolean): number {
  let checked = 0;
  for (const table of body.tables) {
    for (const row of table.rows) {
      if (row.where === undefined) continue;
      const n = count(row);
      if (n === undefined) continue;
      const result = searchSessions(index, row.where, { limit: 0, files });
      assert.deepEqual(result.problems, [], row.where);
      assert.equal(result.total, n, `${body.report} ${table.id}: ${row.where}`);
      checked++;
    }
  }
  return checked;
}

test('the facade lists every report; latency is a separate entry the trace fills, not built here', () => {
  assert.deepEqual([...REPORT_NAMES].sort(), ['auth-failures', 'certificates', 'domains', 'latency', 'recipients', 'relay', 'replies', 'senders', 'tls', 'volume']);
  const { index } = collection();
  for (const name of availableReports()) {
    const body = buildReport(name, input(index));
    assert.equal(body.report, name);
    assert.ok(body.title && body.description, name);
    assert.ok(body.tables.length > 0, name);
  }
  if (!availableReports().includes('latency')) assert.throws(() => buildReport('latency', input(index)), /not available/);
  assert.throws(() => buildReport('nope' as ReportName, input(index)), /not available/);
});

test('relay: per receive connector and remote address, against the receive sessions read from the text', () => {
  const { index, sessions } = collection();
  const body = buildReport('relay', input(index));
  assert.match(body.description, new RegExp(`Organisation domains: ${ORG.replace('.', '\\.')} \\(from message tracking`));
  const expected = new Map<string, { ehlo: Set<string>; auth: Set<string>; senders: Set<string>; external: Set<string>; sessions: number; messages: number; anonymousRelayed: number }>();
  for (const k of sessions) {
    if (k.s.kind !== 'smtpReceive') continue;
    const key = `${k.s.connector}|${hostOf(k.s.remote ?? '')}`;
    let e = expected.get(key);
    if (!e) expected.set(key, (e = { ehlo: new Set(), auth: new Set(), senders: new Set(), external: new Set(), sessions: 0, messages: 0, anonymousRelayed: 0 }));
    e.sessions++;
    e.messages += k.s.messages;
    if (k.s.helo) e.ehlo.add(k.s.helo);
    e.auth.add(k.s.auth?.ok === true ? k.s.auth.user ?? 'authenticated (no user logged)' : 'anonymous');
    if (k.s.mailFrom) e.senders.add(domainOf(k.s.mailFrom));
    const ext = k.s.recipients.map(domainOf).filter(outside);
    for (const d of ext) e.external.add(d);
    if (k.s.auth?.ok !== true && ext.length > 0) e.anonymousRelayed += k.s.messages;
  }
  const rows = rowsOf(body, 'relay');
  assert.equal(rows.length, expected.size);
  for (const row of rows) {
    const c = row.cells;
    const e = expected.get(`${c.connector}|${c.remote}`);
    assert.ok(e, `${c.connector} ${c.remote}`);
    assert.equal(c.sessions, e.sessions);
    assert.equal(c.messages, e.messages);
    assert.deepEqual(sorted(c.ehlo as string[]), sorted(e.ehlo));
    assert.deepEqual(sorted(c.auth as string[]), sorted(e.auth));
    assert.deepEqual(sorted(c.senderDomains as string[]), sorted(e.senders));
    assert.deepEqual(sorted(c.externalDomains as string[]), sorted(e.external));
    assert.equal(row.flag, e.anonymousRelayed > 0 ? 'warning' : undefined);
    if (row.flag) assert.match(row.flagText!, new RegExp(`^${e.anonymousRelayed} messages`));
  }
  // from the cast: every relay client that sent is an anonymous relay flagged on its server's Relay connector, listed before the rest
  const relayRows = rows.filter((r) => /\\Relay /.test(String(r.cells.connector)));
  assert.ok(relayRows.length > 0);
  for (const row of relayRows) {
    const client = COLLECTION_CAST.relayClients.find((c) => c.ip === row.cells.remote);
    assert.ok(client, String(row.cells.remote));
    assert.deepEqual(row.cells.ehlo, [client.helo]);
    assert.deepEqual(row.cells.auth, ['anonymous']);
    assert.deepEqual(row.cells.senderDomains, [ORG]);
    assert.equal(row.flag, 'warning');
  }
  const firstUnflagged = rows.findIndex((r) => !r.flag);
  assert.ok(rows.slice(firstUnflagged).every((r) => !r.flag), 'flagged rows first');
  // partners deliver to the organisation: their rows on Default Frontend have no domain outside
  for (const p of COLLECTION_CAST.partners) {
    for (const row of rows.filter((r) => r.cells.remote === p.outIp && /Default Frontend/.test(String(r.cells.connector)))) assert.deepEqual(row.cells.externalDomains, []);
  }
  assert.ok(checkWheres(index, body, (r) => r.cells.sessions as number) === rows.length);
});

test('relay: given organisation domains replace the inferred ones', () => {
  const { index } = collection();
  const body = buildReport('relay', input(index, { orgDomains: [ORG, 'fabrikam.com'] }));
  assert.match(body.description, /contoso\.com, fabrikam\.com \(as given\)/);
  for (const row of rowsOf(body, 'relay')) assert.ok(!(row.cells.externalDomains as string[]).includes('fabrikam.com'));
});

test('tls: versions, ciphers and sessions without TLS per remote, connector and direction; TLS 1.0 and 1.1 flagged', () => {
  const { index, sessions } = collection();
  const body = buildReport('tls', input(index));
  const expected = new Map<string, { versions: Set<string>; ciphers: Set<string>; tls: number; plain: number; failed: number; servers: Set<string> }>();
  for (const k of sessions) {
    if (!smtp(k)) continue;
    const key = `${hostOf(k.s.remote ?? '')}|${k.s.connector}|${k.s.kind === 'smtpSend' ? 'send' : 'receive'}`;
    let e = expected.get(key);
    if (!e) expected.set(key, (e = { versions: new Set(), ciphers: new Set(), tls: 0, plain: 0, failed: 0, servers: new Set() }));
    e.servers.add(k.server);
    if (!k.s.tls) e.plain++;
    else if (!k.s.tls.ok) e.failed++;
    else {
      e.tls++;
      e.versions.add(k.s.tls.protocol!);
      e.ciphers.add(k.s.tls.cipher!);
    }
  }
  const rows = rowsOf(body, 'tls');
  assert.equal(rows.length, expected.size);
  for (const row of rows) {
    const c = row.cells;
    const e = expected.get(`${c.remote}|${c.connector}|${c.direction}`);
    assert.ok(e, JSON.stringify(c));
    assert.deepEqual([c.tlsSessions, c.plainSessions, c.failedSessions], [e.tls, e.plain, e.failed]);
    assert.deepEqual(sorted(c.versions as string[]), sorted(e.versions));
    assert.deepEqual(sorted(c.ciphers as string[]), sorted(e.ciphers));
    assert.deepEqual(c.servers, sorted(e.servers));
    const weak = [...e.versions].some((v) => v === 'TLS 1.0' || v === 'TLS 1.1');
    assert.equal(row.flag, weak ? 'warning' : undefined, JSON.stringify(c));
  }
  // from the cast: each partner's inbound MTA and MX show its TLS version (or none), flagged when 1.0 or 1.1
  let seen = 0;
  for (const p of COLLECTION_CAST.partners) {
    const version = p.tls ? `TLS ${p.tls.replace('_', '.')}` : undefined;
    for (const row of rows.filter((r) => (r.cells.direction === 'receive' && r.cells.remote === p.outIp && /Default Frontend/.test(String(r.cells.connector))) ||
      (r.cells.direction === 'send' && r.cells.remote === p.mxIp))) {
      seen++;
      if (!version) {
        assert.deepEqual(row.cells.versions, []);
        assert.equal(row.cells.tlsSessions, 0);
        continue;
      }
      // a partner's MTA is only ever seen with its own version (hostile and relay traffic use other addresses)
      assert.deepEqual(row.cells.versions, [version], `${p.domain} ${row.cells.direction}`);
      assert.equal(row.flag, p.tls === '1_0' || p.tls === '1_1' ? 'warning' : undefined);
    }
  }
  assert.ok(seen >= COLLECTION_CAST.partners.length);
  checkWheres(index, body, (r) => (r.cells.tlsSessions as number) + (r.cells.plainSessions as number) + (r.cells.failedSessions as number));
});

test('auth-failures: the hostile addresses, their failed AUTH commands and the accounts they tried, counted from the text', () => {
  const { g, index } = collection();
  const body = buildReport('auth-failures', input(index));
  // straight from the lines: per remote address, AUTH commands, sessions and User Name lines of the FrontEnd receive logs
  const attempts = new Map<string, { commands: number; sessions: Set<string>; users: Set<string> }>();
  let imapFailures = 0;
  for (const f of g.files) {
    for (const line of f.text.split('\r\n')) {
      if (f.kind === 'imap4') {
        if (line.includes('NO LOGIN failed')) imapFailures++;
        continue;
      }
      if (f.kind !== 'smtpReceive' || line.startsWith('#')) continue;
      const cells = line.split(',');
      const ip = hostOf(cells[5] ?? '');
      if (!COLLECTION_CAST.hostile.some((h) => h.ip === ip)) continue;
      let a = attempts.get(ip);
      if (!a) attempts.set(ip, (a = { commands: 0, sessions: new Set(), users: new Set() }));
      if (cells[6] === '<' && cells[7] === 'AUTH LOGIN') {
        a.commands++;
        a.sessions.add(cells[2]);
      }
      const user = /^User Name: (.*)$/.exec(cells[8] ?? '');
      if (user) a.users.add(user[1]);
    }
  }
  const rows = rowsOf(body, 'authFailures');
  const smtpRows = rows.filter((r) => COLLECTION_CAST.hostile.some((h) => h.ip === r.cells.remote));
  assert.deepEqual(sorted(smtpRows.map((r) => String(r.cells.remote))), sorted([...attempts.keys()]));
  for (const row of smtpRows) {
    const a = attempts.get(String(row.cells.remote))!;
    assert.equal(row.cells.failures, a.commands, String(row.cells.remote));
    assert.equal(row.cells.sessions, a.sessions.size);
    assert.deepEqual(sorted(row.cells.users as string[]), sorted(a.users));
    for (const u of row.cells.users as string[]) assert.ok((COLLECTION_CAST.triedUsers as readonly string[]).includes(u));
  }
  // the others are IMAP4 logins refused (the back end sees the FrontEnd's address)
  const others = rows.filter((r) => !smtpRows.includes(r));
  assert.equal(others.reduce((n, r) => n + (r.cells.failures as number), 0), imapFailures);
  for (const r of others) assert.deepEqual(r.cells.connectors, ['IMAP4 protocol log']);
  // worst first
  for (let i = 1; i < rows.length; i++) assert.ok((rows[i - 1].cells.failures as number) >= (rows[i].cells.failures as number));
  checkWheres(index, body, (r) => r.cells.sessions as number);
});

/** The messages that SMTP sessions carried (a receive or send hop), from the ground truth. */
function carried(g: GeneratedCollection) {
  return g.messages.filter((m) => m.hops.some((h) => (h.logKind === 'smtpReceive' || h.logKind === 'smtpSend') && !h.missing));
}

test('senders, recipients and domains: sessions from the text, messages and bytes from the ground truth', () => {
  const { g, index, sessions } = collection();
  const messages = carried(g);
  const expect = (key: (m: (typeof messages)[number]) => string[], sessionKeys: (k: Known) => string[]) => {
    const out = new Map<string, { sessions: number; messages: number; bytes: number }>();
    const get = (v: string) => {
      let e = out.get(v);
      if (!e) out.set(v, (e = { sessions: 0, messages: 0, bytes: 0 }));
      return e;
    };
    for (const k of sessions) if (smtp(k)) for (const v of new Set(sessionKeys(k))) get(v).sessions++;
    for (const m of messages) {
      for (const v of new Set(key(m))) {
        const e = get(v);
        e.messages++;
        e.bytes += m.size;
      }
    }
    return out;
  };
  const check = (name: ReportName, id: string, keyColumn: string, e: Map<string, { sessions: number; messages: number; bytes: number }>) => {
    const body = buildReport(name, input(index));
    const rows = rowsOf(body, id);
    assert.equal(rows.length, e.size, `${name} ${id}`);
    for (const row of rows) {
      const x = e.get(String(row.cells[keyColumn]));
      assert.ok(x, `${name} ${row.cells[keyColumn]}`);
      assert.deepEqual([row.cells.sessions, row.cells.messages, row.cells.bytes], [x.sessions, x.messages, x.messages > 0 ? x.bytes : null], `${name} ${row.cells[keyColumn]}`);
    }
    for (let i = 1; i < rows.length; i++) assert.ok((rows[i - 1].cells.messages as number) >= (rows[i].cells.messages as number), 'most messages first');
    checkWheres(index, body, (r) => r.cells.sessions as number);
    return rows;
  };
  const senders = check('senders', 'senders', 'sender', expect((m) => [m.sender.toLowerCase()], (k) => (k.s.mailFrom === undefined ? [] : [k.s.mailFrom === '' ? '<>' : k.s.mailFrom.toLowerCase()])));
  assert.ok(senders.some((r) => r.cells.sender === COLLECTION_CAST.relayClients[0].sender || r.cells.sender === COLLECTION_CAST.relayClients[1].sender));
  check('recipients', 'recipients', 'recipient', expect((m) => m.recipients.map((r) => r.toLowerCase()), (k) => k.s.recipients.map((r) => r.toLowerCase())));
  check('domains', 'senderDomains', 'domain', expect((m) => [domainOf(m.sender)], (k) => (k.s.mailFrom ? [domainOf(k.s.mailFrom)] : [])));
  check('domains', 'recipientDomains', 'domain', expect((m) => m.recipients.map(domainOf), (k) => k.s.recipients.map(domainOf)));
});

test('replies: every reply and enhanced code with the sessions given it; the example reply comes from a session it decided', () => {
  const { index, sessions } = collection();
  const body = buildReport('replies', input(index));
  const expected = new Map<string, number>();
  for (const k of sessions) if (smtp(k)) for (const c of k.s.replyCodes) expected.set(c, (expected.get(c) ?? 0) + 1);
  const rows = [...rowsOf(body, 'codes'), ...rowsOf(body, 'enhanced')];
  assert.equal(rows.length, expected.size);
  for (const row of rows) assert.equal(row.cells.sessions, expected.get(String(row.cells.code)), String(row.cells.code));
  assert.ok(rowsOf(body, 'codes').every((r) => /^\d{3}$/.test(String(r.cells.code))));
  assert.ok(rowsOf(body, 'enhanced').every((r) => /^\d\.\d+\.\d+$/.test(String(r.cells.code))));
  const byCode = (c: string) => rows.find((r) => r.cells.code === c)!;
  assert.equal(byCode('5.7.54').cells.example, COLLECTION_CAST.relayDenied);
  assert.equal(byCode('535').cells.example, COLLECTION_CAST.authFailed);
  assert.match(String(byCode('550').cells.meaning), /Mailbox unavailable/);
  for (const row of rows) {
    const ids = row.cells.examples as string[];
    assert.ok(ids.length >= 1 && ids.length <= 3);
    for (const id of ids) assert.ok(sessions.some((k) => k.s.id === id && k.s.replyCodes.includes(String(row.cells.code))), id);
  }
  checkWheres(index, body, (r) => r.cells.sessions as number);
});

test('certificates: each certificate of the generated logs with the sessions that showed it, counted from the lines', () => {
  const { g, index } = collection();
  const body = buildReport('certificates', input(index));
  // per thumbprint, the sessions (server and id) whose lines show it, in full or as a thumbprint
  const shown = new Map<string, Set<string>>();
  for (const f of g.files) {
    if (f.kind !== 'smtpReceive' && f.kind !== 'smtpSend') continue;
    for (const line of f.text.split('\r\n')) {
      const cells = line.split(',');
      if (cells[6] !== '*') continue;
      let thumb: string | undefined;
      if (/^Sending certificate/.test(cells.slice(-1)[0])) thumb = line.match(/ ([0-9A-F]{40}) \d{4}-/)?.[1];
      else if (cells[8] === 'Certificate thumbprint') thumb = cells[7];
      if (!thumb) continue;
      const set = shown.get(thumb) ?? new Set();
      set.add(`${f.server}|${cells[2]}`);
      shown.set(thumb, set);
    }
  }
  const rows = rowsOf(body, 'certificates');
  assert.deepEqual(sorted(rows.map((r) => String(r.cells.thumbprint))), sorted(shown.keys()));
  for (const row of rows) assert.equal(row.cells.sessions, shown.get(String(row.cells.thumbprint))!.size, String(row.cells.thumbprint));
  const pub = rows.find((r) => r.cells.thumbprint === COLLECTION_CAST.publicCertificateThumbprint)!;
  assert.equal(pub.cells.subject, `CN=mail.${ORG}, O=Contoso Ltd, C=US`);
  assert.equal(pub.cells.notAfter, Date.parse('2025-01-16T23:59:59.000Z'));
  assert.deepEqual(pub.cells.sans, [`mail.${ORG}`, `autodiscover.${ORG}`]);
  assert.deepEqual(pub.cells.presentedBy, ['this server']);
  assert.deepEqual(pub.cells.servers, ['EX01', 'EX02']);
  assert.equal(pub.flag, undefined);
  // each Hub's self-signed certificate: presented by the Hub, seen by the FrontEnds that proxy to it
  for (const server of ['EX01', 'EX02']) {
    const hub = rows.find((r) => r.cells.subject === `CN=${server}`)!;
    assert.equal(hub.cells.issuer, `CN=${server}`);
    assert.deepEqual(hub.cells.presentedBy, ['this server', 'the remote side']);
  }
  // a partner's MX shows only a thumbprint
  assert.ok(rows.some((r) => r.cells.subject === null && (r.cells.presentedBy as string[]).join() === 'the remote side'));
  checkWheres(index, body, (r) => r.cells.sessions as number);
});

test('volume: sessions, messages and failures per hour and server; charts stacked by server', () => {
  const { g, index, sessions } = collection();
  const body = buildReport('volume', input(index, { top: 1 }));
  const failures = new Set(['rejected', 'deferred', 'authFailed', 'connectionFailed', 'loginFailed']);
  const key = (hour: number, server: string) => `${hour}|${server}`;
  const expected = new Map<string, { sessions: number; failures: number; messages: Set<string> }>();
  const get = (k: string) => {
    let e = expected.get(k);
    if (!e) expected.set(k, (e = { sessions: 0, failures: 0, messages: new Set() }));
    return e;
  };
  const startOf = new Map<string, number>();
  for (const k of sessions) {
    const hour = Math.floor(k.s.firstTime / HOUR) * HOUR;
    const e = get(key(hour, k.server));
    e.sessions++;
    if (failures.has(k.s.outcome) || k.s.tls?.ok === false) e.failures++;
    startOf.set(`${k.server}|${k.folder}|${k.s.id}`, k.s.firstTime);
  }
  // messages: the ground truth's SMTP hops, in the hour their session began
  for (const m of g.messages) {
    for (const h of m.hops) {
      if ((h.logKind !== 'smtpReceive' && h.logKind !== 'smtpSend') || h.missing) continue;
      const start = startOf.get(`${h.server}|${h.path.split('/').slice(0, -1).join('/')}|${h.sessionId}`);
      assert.ok(start !== undefined, `${h.server} ${h.sessionId}`);
      get(key(Math.floor(start / HOUR) * HOUR, h.server)).messages.add(m.messageId);
    }
  }
  const rows = rowsOf(body, 'byServer');
  assert.equal(rows.length, expected.size, 'time series are not cut at top');
  for (const row of rows) {
    const e = expected.get(key(row.cells.hour as number, String(row.cells.server)))!;
    assert.ok(e, JSON.stringify(row.cells));
    assert.deepEqual([row.cells.sessions, row.cells.messages, row.cells.failures], [e.sessions, e.messages.size, e.failures], JSON.stringify(row.cells));
  }
  const hours = rowsOf(body, 'byHour');
  assert.equal(hours.length, new Set(rows.map((r) => r.cells.hour)).size);
  for (const h of hours) {
    const mine = rows.filter((r) => r.cells.hour === h.cells.hour);
    assert.equal(h.cells.sessions, mine.reduce((n, r) => n + (r.cells.sessions as number), 0));
    assert.equal(h.cells.failures, mine.reduce((n, r) => n + (r.cells.failures as number), 0));
  }
  assert.equal(body.charts.length, 2);
  const [messagesChart, failuresChart] = body.charts;
  assert.deepEqual(messagesChart.series.map((s) => s.name), ['EX01', 'EX02']);
  for (const s of messagesChart.series) for (const p of s.points) assert.equal(p.y, rows.find((r) => r.cells.hour === p.x && r.cells.server === s.name)!.cells.messages);
  for (const s of failuresChart.series) for (const p of s.points) assert.equal(p.y, rows.find((r) => r.cells.hour === p.x && r.cells.server === s.name)!.cells.failures);
  assert.equal(messagesChart.x, 'time');
  assert.equal(messagesChart.mark, 'bars');
  checkWheres(index, body, (r) => r.cells.sessions as number);
});

test('a report narrowed by a search counts only its sessions, and each row\'s where keeps the search', () => {
  const { index, sessions } = collection();
  const where = 'server:EX01 kind:receive';
  const body = buildReport('tls', input(index, { where }));
  const rows = rowsOf(body, 'tls');
  assert.ok(rows.length > 0);
  for (const row of rows) {
    assert.ok(row.where!.startsWith(`(${where}) `), row.where);
    assert.equal(row.cells.direction, 'receive');
    assert.deepEqual(row.cells.servers, ['EX01']);
  }
  const total = rows.reduce((n, r) => n + (r.cells.tlsSessions as number) + (r.cells.plainSessions as number) + (r.cells.failedSessions as number), 0);
  assert.equal(total, sessions.filter((k) => k.server === 'EX01' && k.s.kind === 'smtpReceive').length);
  checkWheres(index, body, (r) => (r.cells.tlsSessions as number) + (r.cells.plainSessions as number) + (r.cells.failedSessions as number));
});

test('a report over some files covers the sessions of those files only; top cuts a table and total says how many rows there were', () => {
  const { index, sessions } = collection();
  const files = (p: string) => p.startsWith('/c/EX02/');
  const body = buildReport('volume', input(index, { files }));
  for (const row of rowsOf(body, 'byServer')) assert.equal(row.cells.server, 'EX02');
  const n = rowsOf(body, 'byServer').reduce((s, r) => s + (r.cells.sessions as number), 0);
  assert.equal(n, sessions.filter((k) => files(k.file) || files(k.lastFile)).length);
  checkWheres(index, body, (r) => r.cells.sessions as number, files);
  const full = buildReport('recipients', input(index));
  const cut = buildReport('recipients', input(index, { top: 5 }));
  assert.equal(cut.tables[0].rows.length, 5);
  assert.equal(cut.tables[0].total, full.tables[0].rows.length);
  assert.deepEqual(cut.tables[0].rows, full.tables[0].rows.slice(0, 5));
});

// ---- certificates: a hand-written receive log ----

const RECV_HEADER = '#Software: Microsoft Exchange Server\r\n#Version: 15.01.2507.023\r\n#Log-type: SMTP Receive Protocol Log\r\n#Date: 2024-03-10T10:00:00.000Z\r\n' +
  '#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context\r\n';
const CERT_LABELS = 'Sending certificate Subject Issuer name Serial number Thumbprint Not before Not after Subject alternate names';

/** A receive session that presents a certificate at `time` (`cert`: the data of the certificate line). */
function certSession(id: string, time: string, cert: string, remote = '192.0.2.10'): string {
  const at = Date.parse(time);
  const stamp = (ms: number) => new Date(at + ms).toISOString();
  const line = (ms: number, seq: number, event: string, data = '', context = '') => `${stamp(ms)},EX09\\Default Frontend EX09,${id},${seq},10.9.0.1:25,${remote}:50000,${event},${data.includes(',') ? `"${data}"` : data},${context}\r\n`;
  return line(0, 0, '+') + line(1, 1, '<', 'EHLO client.example') + line(2, 2, '<', 'STARTTLS') + line(3, 3, '>', '220 2.0.0 SMTP server ready') +
    line(4, 4, '*', ` ${cert}`, CERT_LABELS) +
    line(5, 5, '*', '', 'TLS protocol SP_PROT_TLS1_2_SERVER negotiation succeeded using bulk encryption algorithm CALG_AES_256 with strength 256 bits, MAC hash algorithm CALG_SHA_384 with strength 0 bits and key exchange algorithm CALG_ECDH_EPHEM with strength 384 bits') +
    line(6, 6, '<', 'QUIT') + line(7, 7, '>', '221 2.0.0 Service closing transmission channel') + line(7, 8, '-', '', 'Local');
}

test('certificates: expired at the time of the line is an error, not yet valid too, expiring within 30 days a warning', () => {
  const expired = 'CN=old.example.com CN=Example CA 01 AAAA 1111111111111111111111111111111111111111 2023-03-01T00:00:00.000Z 2024-03-01T00:00:00.000Z old.example.com';
  const soon = 'CN=soon.example.com CN=Example CA 02 BBBB 2222222222222222222222222222222222222222 2023-03-25T00:00:00.000Z 2024-03-25T00:00:00.000Z soon.example.com;www.soon.example.com';
  const later = 'CN=later.example.com CN=Example CA 03 CCCC 3333333333333333333333333333333333333333 2024-04-01T00:00:00.000Z 2025-04-01T00:00:00.000Z later.example.com';
  const fine = 'CN=mail.example.com, O=Example, C=US CN=Example CA 04, O=Example, C=US DDDD 4444444444444444444444444444444444444444 2024-01-01T00:00:00.000Z 2026-01-01T00:00:00.000Z mail.example.com';
  // the same certificate seen near its end: a day after the last line that showed it, 31 days before it expires
  const edge = 'CN=edge.example.com CN=Example CA 05 EEEE 5555555555555555555555555555555555555555 2023-01-01T00:00:00.000Z 2024-04-10T12:00:00.000Z edge.example.com';
  const text = RECV_HEADER + certSession('A1', '2024-03-10T10:00:00.000Z', expired) + certSession('A2', '2024-03-10T10:01:00.000Z', soon) +
    certSession('A3', '2024-03-10T10:02:00.000Z', later) + certSession('A4', '2024-03-10T10:03:00.000Z', fine) + certSession('A5', '2024-03-10T10:04:00.000Z', fine, '192.0.2.11') +
    certSession('A6', '2024-03-10T10:05:00.000Z', edge);
  const index = new CollectionIndex();
  indexText(index, '/f/EX09/TransportRoles/Logs/FrontEnd/ProtocolLog/SmtpReceive/RECV2024031010-1.LOG', text);
  const body = buildReport('certificates', input(index));
  const rows = rowsOf(body, 'certificates');
  const by = (cn: string) => rows.find((r) => String(r.cells.subject).startsWith(`CN=${cn}`))!;
  assert.equal(by('old.example.com').flag, 'error');
  assert.match(by('old.example.com').flagText!, /Expired on 2024-03-01, and still shown on 2024-03-10/);
  assert.equal(by('later.example.com').flag, 'error');
  assert.match(by('later.example.com').flagText!, /Not yet valid/);
  assert.equal(by('soon.example.com').flag, 'warning');
  assert.match(by('soon.example.com').flagText!, /Expires on 2024-03-25/);
  assert.deepEqual(by('soon.example.com').cells.sans, ['soon.example.com', 'www.soon.example.com']);
  assert.equal(by('edge.example.com').flag, undefined, '31 days before expiry is not flagged');
  const fineRow = by('mail.example.com');
  assert.equal(fineRow.flag, undefined);
  assert.equal(fineRow.cells.subject, 'CN=mail.example.com, O=Example, C=US');
  assert.equal(fineRow.cells.issuer, 'CN=Example CA 04, O=Example, C=US');
  assert.equal(fineRow.cells.thumbprint, '4444444444444444444444444444444444444444');
  assert.equal(fineRow.cells.serial, 'DDDD');
  assert.equal(fineRow.cells.notBefore, Date.parse('2024-01-01T00:00:00.000Z'));
  assert.equal(fineRow.cells.sessions, 2);
  // seen at the time of its line (4 ms into the session), not the session's start
  assert.equal(fineRow.cells.first, Date.parse('2024-03-10T10:03:00.004Z'));
  assert.equal(fineRow.cells.last, Date.parse('2024-03-10T10:04:00.004Z'));
  // errors, then warnings, then the rest
  assert.deepEqual(rows.map((r) => r.flag ?? ''), ['error', 'error', 'warning', '', '']);
  assert.equal(searchSessions(index, fineRow.where!, { limit: 0 }).total, 2);
});

test('session summaries keep the certificates and AUTH attempts of a session; the index stores them and reads them back', () => {
  const cert = 'CN=mail.example.com CN=Example CA 01 AB12 ABCDEF0123456789ABCDEF0123456789ABCDEF01 2024-01-01T00:00:00.000Z 2026-01-01T00:00:00.000Z mail.example.com;autodiscover.example.com';
  const remote = 'CN=client.example.net CN=Other CA 77 00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF 2024-02-01T00:00:00.000Z 2024-12-01T00:00:00.000Z client.example.net';
  const lines = [
    '2024-03-10T10:00:00.000Z,EX09\\Default Frontend EX09,B1,0,10.9.0.1:25,192.0.2.66:50000,+,,',
    `2024-03-10T10:00:00.100Z,EX09\\Default Frontend EX09,B1,1,10.9.0.1:25,192.0.2.66:50000,*, ${cert},${CERT_LABELS}`,
    // the client's certificate, in full and then as a thumbprint alone (which adds nothing)
    `2024-03-10T10:00:00.120Z,EX09\\Default Frontend EX09,B1,2,10.9.0.1:25,192.0.2.66:50000,*, ${remote},${CERT_LABELS.replace('Sending', 'Remote')}`,
    '2024-03-10T10:00:00.150Z,EX09\\Default Frontend EX09,B1,2,10.9.0.1:25,192.0.2.66:50000,*,00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF,Certificate thumbprint',
    '2024-03-10T10:00:00.200Z,EX09\\Default Frontend EX09,B1,3,10.9.0.1:25,192.0.2.66:50000,<,AUTH LOGIN,',
    '2024-03-10T10:00:00.300Z,EX09\\Default Frontend EX09,B1,4,10.9.0.1:25,192.0.2.66:50000,*,,Inbound AUTH LOGIN failed because of LogonDenied',
    '2024-03-10T10:00:00.300Z,EX09\\Default Frontend EX09,B1,5,10.9.0.1:25,192.0.2.66:50000,*,,User Name: administrator',
    '2024-03-10T10:00:05.300Z,EX09\\Default Frontend EX09,B1,6,10.9.0.1:25,192.0.2.66:50000,>,535 5.7.3 Authentication unsuccessful,',
    '2024-03-10T10:00:06.000Z,EX09\\Default Frontend EX09,B1,7,10.9.0.1:25,192.0.2.66:50000,<,AUTH LOGIN,',
    '2024-03-10T10:00:06.100Z,EX09\\Default Frontend EX09,B1,8,10.9.0.1:25,192.0.2.66:50000,*,,User Name: test',
    '2024-03-10T10:00:06.200Z,EX09\\Default Frontend EX09,B1,9,10.9.0.1:25,192.0.2.66:50000,>,535 5.7.3 Authentication unsuccessful,',
    '2024-03-10T10:00:07.000Z,EX09\\Default Frontend EX09,B1,10,10.9.0.1:25,192.0.2.66:50000,-,,Remote(ConnectionReset)',
  ];
  const text = RECV_HEADER + lines.join('\r\n') + '\r\n';
  const model = parseLog(text, { uri: 'RECV2024031010-1.LOG' });
  const s = getSessionSummary(model, 0);
  assert.equal(s.certificates?.length, 2);
  const c = s.certificates![0];
  assert.deepEqual([s.certificates![1].side, s.certificates![1].subject, s.certificates![1].thumbprint], ['remote', 'CN=client.example.net', '00FF00FF00FF00FF00FF00FF00FF00FF00FF00FF']);
  assert.deepEqual([c.side, c.subject, c.issuer, c.serial, c.thumbprint, c.notAfter], ['local', 'CN=mail.example.com', 'CN=Example CA 01', 'AB12', 'ABCDEF0123456789ABCDEF0123456789ABCDEF01', '2026-01-01T00:00:00.000Z']);
  assert.deepEqual(c.sans, ['mail.example.com', 'autodiscover.example.com']);
  assert.equal(c.time, Date.parse('2024-03-10T10:00:00.100Z'));
  assert.equal(s.auth?.failures, 2);
  assert.deepEqual(s.auth?.users, ['administrator', 'test']);
  assert.equal(s.outcome, 'authFailed');
  const index = new CollectionIndex();
  indexText(index, '/f/EX09/RECV2024031010-1.LOG', text);
  const body = buildReport('auth-failures', input(index));
  assert.deepEqual(rowsOf(body, 'authFailures').map((r) => [r.cells.remote, r.cells.failures, r.cells.sessions, r.cells.users]), [['192.0.2.66', 2, 1, ['administrator', 'test']]]);
  const certs = rowsOf(buildReport('certificates', input(index)), 'certificates');
  // ties in the order the certificates were met; both seen at the session's first certificate line
  assert.deepEqual(certs.map((r) => [r.cells.subject, r.cells.presentedBy, r.cells.first]), [
    ['CN=mail.example.com', ['this server'], Date.parse('2024-03-10T10:00:00.100Z')],
    ['CN=client.example.net', ['the remote side'], Date.parse('2024-03-10T10:00:00.100Z')],
  ]);
});
