/**
 * Following a message across servers (`server/src/core/collection/trace.ts`): generated collections of
 * two and more servers whose every journey is known (test/helpers/generateCollection.ts keeps each
 * message's hops, with file and line), checked hop by hop and in order; logs left out of the collection
 * named as missing; deferrals and long waits called out; the other keys (internal and network id,
 * sender, recipient, subject, time range); and the message tracking excerpts of each test layer.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import type { TraceLink, TracedMessage } from '../../protocol/src/traceTypes';
import { configureL10n } from '../../server/src/core/l10n';
import { getLanguageService } from '../../server/src/core/languageService';
import { TraceOptions, TraceQuery, normalMessageId, parseTraceParams, traceMessages } from '../../server/src/core/collection/trace';
import { Needle, TextLookups } from '../../server/src/core/collection/textLookup';
import { E } from '../../server/src/core/collection/schema';
import { GeneratedFile, Hop, HopLink, MessageTruth, Scenario, buildCollection } from '../helpers/generateCollection';
import { InMemoryCollection, indexTexts } from '../helpers/indexCollection';
import { layeredTest } from '../helpers/layers';
import { fixtureLogs, sampleFiles } from '../helpers/paths';

configureL10n('en', undefined);

const HOUR = 3_600_000;

interface Built {
  c: InMemoryCollection;
  files: Map<string, GeneratedFile>;
  messages: MessageTruth[];
  lookups: TextLookups;
}

function build(options: Parameters<typeof buildCollection>[0]): Built {
  const g = buildCollection(options);
  return { c: indexTexts(g.files.map((f) => ({ path: f.path, text: f.text }))), files: new Map(g.files.map((f) => [f.path, f])), messages: g.messages, lookups: new TextLookups() };
}

function trace(b: Built, q: TraceQuery, more: Partial<TraceOptions> = {}) {
  return traceMessages(b.c.index, q, { uriOf: (p) => `file:///c/${p}`, lookups: b.lookups, lines: b.c.lines, ...more });
}

function one(b: Built, m: MessageTruth, more: Partial<TraceOptions> = {}): TracedMessage {
  const r = trace(b, { messageId: m.messageId }, more);
  assert.deepEqual(r.problems, []);
  assert.equal(r.messages.length, 1, `${m.scenario} ${m.messageId}: one message`);
  return r.messages[0];
}

/** How a trace may say a ground-truth hop was linked. */
function links(h: Hop): TraceLink[] {
  const session = h.sessionId !== undefined;
  const map: Record<HopLink, TraceLink[]> = {
    messageId: session ? ['reply'] : ['message-id'],
    proxiedSession: ['proxy'],
    sourceContext: session ? ['source-context'] : ['message-id'],
    sendMatch: ['message-id', 'send-match'],
    connectivitySession: ['connectivity'],
    reference: ['dsn'],
  };
  return map[h.linkedBy];
}

const key = (uri: string, line: number) => `${uri}:${line}`;

/** Hops at the same millisecond may come in either order: compares runs of equal times as sets. */
function inOrder<T>(items: T[], time: (x: T) => number | undefined, id: (x: T) => string): string[][] {
  const out: string[][] = [];
  let last: number | undefined = NaN;
  for (const x of items) {
    const t = time(x);
    if (t === last && out.length > 0) out[out.length - 1].push(id(x));
    else out.push([id(x)]);
    last = t;
  }
  return out.map((g) => g.sort());
}

/** Checks a traced message against its journey: every hop the collection holds, in order, each the right file, line, session or event, link. */
function checkJourney(t: TracedMessage, m: MessageTruth): void {
  const held = m.hops.filter((h) => !h.missing);
  const want = inOrder(held, (h) => h.time, (h) => key(`file:///c/${h.path}`, h.line));
  const got = inOrder(t.hops, (h) => h.time, (h) => key(h.uri, h.line));
  assert.deepEqual(got, want, `${m.scenario} ${m.messageId}: hops and their order`);
  for (const h of held) {
    const hop = t.hops.find((x) => x.uri === `file:///c/${h.path}` && x.line === h.line)!;
    assert.equal(hop.time, h.time, `${m.messageId} ${h.path}:${h.line} time`);
    assert.equal(hop.server, h.server);
    assert.equal(hop.kind, h.logKind);
    assert.equal(hop.sessionId, h.sessionId);
    assert.equal(hop.eventId, h.eventId);
    assert.ok(links(h).includes(hop.linkedBy), `${m.scenario} ${h.logKind} ${h.sessionId ?? h.eventId} linked by ${hop.linkedBy}, expected ${links(h).join(' or ')}`);
    if (h.status && h.logKind === 'smtpSend') assert.equal(hop.detail, h.status, 'a send session says the remote\'s reply');
  }
  for (let k = 1; k < t.hops.length; k++) assert.equal(t.hops[k].gapMs, t.hops[k].time! - t.hops[k - 1].time!, 'each gap is the time since the hop before');
  assert.equal(t.hops[0].gapMs, undefined);
}

/** The ground truth's missing hops, as the trace's missing logs would name them: server, kind and hour. */
function missingKeys(m: MessageTruth): string[] {
  return [...new Set(m.hops.filter((h) => h.missing).map((h) => `${h.server}|${h.logKind}|${new Date(Math.floor(h.time / HOUR) * HOUR).toISOString().slice(0, 13)}`))].sort();
}

const two = build({ servers: 2, hours: 2, messagesPerHour: 200, seed: 3 });
const byScenario = (b: Built, s: Scenario) => b.messages.filter((m) => m.scenario === s);

test('every message of a two-server collection is traced hop by hop, in order, each hop with its file, line, session or event and link', () => {
  const scenarios = new Set<Scenario>();
  for (const m of two.messages) {
    const t = one(two, m);
    checkJourney(t, m);
    assert.deepEqual(t.missing, [], `${m.messageId}: nothing is missing from a complete collection`);
    assert.equal(t.messageId, m.messageId);
    scenarios.add(m.scenario);
  }
  assert.deepEqual([...scenarios].sort(), ['deferredThenSent', 'failed', 'inboundDelivered', 'internalDelivered', 'ndr', 'relayedOut', 'sentOut', 'submittedOut']);
});

test('Internet → front end of one server → Hub of the other → delivered: the proxy hop names the receive session it carries', () => {
  const across = byScenario(two, 'inboundDelivered').filter((m) => {
    const fe = m.hops.find((h) => h.service === 'FrontEnd');
    const hub = m.hops.find((h) => h.service === 'Hub' && h.logKind === 'smtpReceive');
    return fe && hub && fe.server !== hub.server;
  });
  assert.ok(across.length >= 5, 'journeys that cross servers');
  for (const m of across) {
    const t = one(two, m);
    assert.deepEqual(t.hops.map((h) => `${h.kind}/${h.service ?? ''}/${h.eventId ?? ''}`).filter((k) => !k.includes('AGENTINFO')).slice(0, 4),
      ['smtpReceive/FrontEnd/', 'smtpSend/FrontEnd/', 'smtpReceive/Hub/', 'messageTracking/Hub/RECEIVE']);
    const [feReceive, proxy, hubReceive] = t.hops;
    assert.equal(proxy.linkedBy, 'proxy');
    assert.equal(hubReceive.linkedBy, 'source-context');
    assert.match(feReceive.detail, new RegExp(`^250 2\\.6\\.0 ${m.messageId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} \\[InternalId=`));
    assert.notEqual(feReceive.server, hubReceive.server);
    assert.deepEqual(t.servers.slice(0, 2), [feReceive.server, hubReceive.server]);
    assert.ok(t.hops.some((h) => h.eventId === 'DELIVER'));
    assert.match(t.verdict, /^Delivered/);
    const deliveries = t.hops.filter((h) => h.eventId === 'DELIVER').map((h) => h.time!);
    assert.equal(t.latencyMs, Math.max(...deliveries) - t.hops[0].time!);
    assert.deepEqual(new Set(t.to), new Set(m.recipients));
    assert.equal(t.subject, m.subject);
  }
});

test('a relayed message sent to the Internet: the send session of the Hub and its connectivity session, the remote\'s reply', () => {
  const relayed = byScenario(two, 'relayedOut');
  assert.ok(relayed.length > 0);
  for (const m of relayed) {
    const t = one(two, m);
    const send = t.hops.find((h) => h.kind === 'smtpSend' && h.service === 'Hub')!;
    const conn = t.hops.find((h) => h.kind === 'connectivity')!;
    assert.equal(conn.sessionId, send.sessionId, 'the connectivity session has the send session\'s id');
    assert.equal(conn.linkedBy, 'connectivity');
    assert.match(conn.detail, /^Messages: 1 Bytes: \d+/);
    assert.match(send.detail, /^250 /);
    assert.equal(t.hops[t.hops.length - 1].eventId, 'SENDEXTERNAL');
    assert.match(t.verdict, /^Sent out: 250/);
  }
});

test('a message deferred once and sent on the retry: the deferral says how long until the next attempt', () => {
  const deferred = byScenario(two, 'deferredThenSent');
  assert.ok(deferred.length > 0);
  for (const m of deferred) {
    const t = one(two, m);
    const defer = t.hops.find((h) => h.eventId === 'DEFER')!;
    const sends = t.hops.filter((h) => h.kind === 'smtpSend');
    assert.equal(sends.length, 2, 'two attempts, two send sessions');
    assert.match(sends[0].detail, /^4\d\d /, 'the first attempt got a 4xx');
    const retry = t.hops[t.hops.indexOf(defer) + 1];
    assert.equal(retry.kind, 'connectivity', 'the retry begins with a new connection');
    assert.ok(retry.time! - defer.time! >= 5 * 60_000);
    assert.equal(defer.delay, `Deferred (451 4.4.0); the next attempt came ${fmtMinutes(retry.time! - defer.time!)} later.`);
    assert.equal(retry.delay, undefined, 'the wait after a deferral is said once, on the deferral');
    assert.equal(t.hops[t.hops.length - 1].eventId, 'SENDEXTERNAL');
  }
});

function fmtMinutes(ms: number): string {
  const s = Math.round(ms / 1000);
  return s % 60 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${s / 60} min`;
}

test('a failed message: its DSN to the sender, and the DSN traced on its own is delivered', () => {
  const failed = byScenario(two, 'failed');
  assert.ok(failed.length > 0);
  for (const m of failed) {
    const t = one(two, m);
    const dsn = t.hops[t.hops.length - 1];
    assert.equal(dsn.eventId, 'DSN');
    assert.equal(dsn.linkedBy, 'dsn');
    assert.match(t.verdict, /^Failed: 5\d\d /);
    assert.equal(t.latencyMs, undefined, 'a failed message has no delivery latency');
    const ndr = two.messages.find((x) => x.reportsOn === m.messageId)!;
    const n = one(two, ndr);
    assert.deepEqual(n.hops.map((h) => h.eventId), ['DSN', 'DELIVER']);
  }
});

test('long waits before a delivery are called out with their duration', () => {
  const waits: { m: MessageTruth; gap: number }[] = [];
  for (const m of two.messages) {
    for (let k = 1; k < m.hops.length; k++) {
      const gap = m.hops[k].time - m.hops[k - 1].time;
      if (gap >= 60_000 && m.hops[k - 1].eventId !== 'DEFER') waits.push({ m, gap });
    }
  }
  assert.ok(waits.length > 0, 'the generator delays a few deliveries by minutes');
  for (const { m, gap } of waits) {
    const t = one(two, m);
    const hop = t.hops.find((h) => h.gapMs === gap)!;
    assert.equal(hop.delay, `Waited ${fmtMinutes(gap)} since the hop before.`);
  }
  // and shorter gaps are not
  const t = one(two, byScenario(two, 'relayedOut')[0]);
  assert.ok(t.hops.every((h) => h.delay === undefined));
});

for (const missing of [['EX02/TransportRoles/Logs/Hub'], ['EX01/TransportRoles/Logs/FrontEnd'], ['EX02/TransportRoles/Logs/MessageTracking', 'EX01/TransportRoles/Logs/Hub/Connectivity'], ['EX01/TransportRoles/Logs/Hub/ProtocolLog/SmtpSend', 'EX02/TransportRoles/Logs/FrontEnd/ProtocolLog/SmtpSend']]) {
  test(`logs left out of the collection (${missing.join(', ')}) are named: which server's which logs, for which hour`, () => {
    const b = build({ servers: 2, hours: 2, messagesPerHour: 200, seed: 3, missing });
    let checked = 0;
    for (const m of b.messages) {
      const held = m.hops.filter((h) => !h.missing);
      if (held.length === 0) {
        assert.deepEqual(trace(b, { messageId: m.messageId }).messages, [], 'a message none of whose logs are held is not found');
        continue;
      }
      const t = one(b, m);
      const got = [...new Set(t.missing.map((x) => `${x.server}|${x.kind}|${x.hour}`))];
      for (const want of missingKeys(m)) assert.ok(got.includes(want), `${m.scenario} ${m.messageId}: ${want} is said missing (said: ${got.join(', ')})`);
      if (missingKeys(m).length > 0) checked++;
      // every hop the collection holds is still found, except a send session's connectivity when the send log is gone (then it is matched by time)
      const want = held.map((h) => key(`file:///c/${h.path}`, h.line)).sort();
      const have = t.hops.map((h) => key(h.uri, h.line)).sort();
      assert.deepEqual(have, want, `${m.scenario} ${m.messageId}: the hops held`);
      for (const x of t.missing) {
        assert.ok(missing.some((folder) => folder.startsWith(x.server + '/')), `${x.server} ${x.kind}: only servers with left-out folders are said to miss logs`);
        assert.match(x.message, new RegExp(`${x.server}.*not in the collection`));
      }
    }
    assert.ok(checked >= 5, `${checked} messages had missing hops`);
  });
}

test('the message proxied to a Hub whose logs were not collected: "collect the SMTP receive (Hub) logs of EX02 for that hour"', () => {
  const b = build({ servers: 2, hours: 2, messagesPerHour: 200, seed: 3, missing: ['EX02/TransportRoles/Logs/Hub'] });
  const m = b.messages.find((x) => x.scenario === 'inboundDelivered' && x.hops.some((h) => h.server === 'EX01' && h.service === 'FrontEnd') && x.hops.some((h) => h.server === 'EX02' && h.logKind === 'smtpReceive' && h.service === 'Hub'))!;
  assert.ok(m);
  const t = one(b, m);
  const hub = m.hops.find((h) => h.server === 'EX02' && h.logKind === 'smtpReceive')!;
  const hour = new Date(Math.floor(hub.time / HOUR) * HOUR).toISOString().slice(0, 13);
  const x = t.missing.find((y) => y.server === 'EX02' && y.kind === 'smtpReceive')!;
  assert.deepEqual({ ...x, message: undefined }, { server: 'EX02', kind: 'smtpReceive', service: 'Hub', hour, message: undefined });
  assert.match(x.message, /SMTP receive \(Hub\) logs of EX02 for \d{4}-\d\d-\d\d \d\d:00 are not in the collection: collect them\./);
});

test('three and four servers, several hours, another seed: every journey still matches', () => {
  for (const options of [{ servers: 3, hours: 3, seed: 7 }, { servers: 4, hours: 2, seed: 11 }]) {
    const b = build({ ...options, messagesPerHour: 150 });
    for (const m of b.messages) checkJourney(one(b, m), m);
  }
});

test('sessions cut by an hourly roll-over: the hop is in the file where the message is', () => {
  const crossing = two.messages.filter((m) => m.hops.some((h) => h.sessionId && two.files.get(h.path)!.openAtStart.includes(h.sessionId)));
  assert.ok(crossing.length > 0, 'the generator crosses the hour with slow sessions');
  for (const m of crossing) checkJourney(one(two, m), m);
});

test('a message that began in one hourly file and was accepted in the next: the hop is its "receiving message" line in the earlier file', () => {
  const head = '\uFEFF#Software: Microsoft Exchange Server\r\n#Version: 15.01.2507.023\r\n#Log-type: SMTP Receive Protocol Log\r\n#Date: 2024-03-04T09:59:59.000Z\r\n#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context\r\n';
  const line = (time: string, seq: number, event: string, data = '', context = '') => `2024-03-04T${time}Z,EX01\\Default Frontend EX01,08DC3C0A3000AAAA,${seq},10.0.0.11:25,198.51.100.25:50000,${event},${data},${context}\r\n`;
  const other = (time: string) => `2024-03-04T${time}Z,EX01\\Default Frontend EX01,08DC3C0A3000BBBB,0,10.0.0.11:25,198.51.100.26:50001,+,,\r\n`;
  const first = head + line('09:59:58.000', 0, '+') + line('09:59:58.100', 1, '<', 'EHLO mail.fabrikam.com') + other('09:59:58.500')
    + line('09:59:59.000', 2, '<', 'MAIL FROM:<jdoe@fabrikam.com>') + line('09:59:59.000', 3, '*', '08DC3C0A3000AAAA;2024-03-04T09:59:58.000Z;1', 'receiving message')
    + line('09:59:59.100', 4, '>', '250 2.1.0 Sender OK');
  const second = head.replace('09:59:59.000Z', '10:00:00.000Z') + line('10:00:00.500', 5, '<', 'RCPT TO:<alice@contoso.com>') + line('10:00:00.600', 6, '>', '250 2.1.5 Recipient OK')
    + line('10:00:01.000', 7, '<', 'BDAT 1000 LAST') + line('10:00:02.000', 8, '>', '"250 2.6.0 <crossing@fabrikam.com> [InternalId=123, Hostname=EX01.contoso.com] Queued mail for delivery"')
    + line('10:00:03.000', 9, '-', '', 'Local');
  const folder = 'EX01/TransportRoles/Logs/FrontEnd/ProtocolLog/SmtpReceive';
  const c = indexTexts([{ path: `${folder}/RECV2024030409-1.LOG`, text: first }, { path: `${folder}/RECV2024030410-1.LOG`, text: second }]);
  const r = traceMessages(c.index, { messageId: '<crossing@fabrikam.com>' }, { uriOf: (p) => p, lines: c.lines });
  assert.equal(r.messages.length, 1);
  const [hop] = r.messages[0].hops;
  assert.deepEqual({ uri: hop.uri, line: hop.line, time: hop.time, sessionId: hop.sessionId, linkedBy: hop.linkedBy }, {
    uri: `${folder}/RECV2024030409-1.LOG`, line: 9, time: Date.UTC(2024, 2, 4, 9, 59, 59), sessionId: '08DC3C0A3000AAAA', linkedBy: 'reply',
  });
  assert.match(hop.detail, /^250 2\.6\.0 <crossing@fabrikam\.com>/);
  // the front end's send log is not in the collection: where it was proxied is unknown, and said so
  assert.deepEqual(r.messages[0].missing.map((x) => [x.server, x.kind, x.service, x.hour]), [['EX01', 'smtpSend', 'FrontEnd', '2024-03-04T09']]);
});

test('without a line reader, session hops are the sessions themselves: their first line and start', () => {
  for (const m of two.messages.slice(0, 40)) {
    const t = one(two, m, { lines: undefined });
    const held = m.hops;
    assert.equal(t.hops.length, held.length);
    for (const h of held) {
      if (h.sessionId === undefined) {
        assert.ok(t.hops.some((x) => x.uri === `file:///c/${h.path}` && x.line === h.line && x.time === h.time));
        continue;
      }
      const hop = t.hops.find((x) => x.sessionId === h.sessionId && x.kind === h.logKind)!;
      assert.ok(hop, `${h.sessionId}`);
      assert.ok(hop.line <= h.line, 'the session\'s first line, at or before the message\'s');
      assert.ok(hop.time! <= h.time);
    }
  }
  assert.equal(two.c.reads() > 0, true);
});

test('by internal id, network id, sender, recipient, subject and time range', () => {
  const m = byScenario(two, 'inboundDelivered').find((x) => x.recipients.length >= 2)!;
  const hubId = m.internalIds.find((i) => i.service === 'Hub')!;
  const byInternal = trace(two, { internalId: String(hubId.id) });
  assert.deepEqual(byInternal.messages.map((x) => x.messageId), [m.messageId]);
  checkJourney(byInternal.messages[0], m);
  assert.deepEqual(trace(two, { networkId: m.networkMessageId }).messages.map((x) => x.messageId), [m.messageId]);

  // a sender: every message it sent (most recent first), each traced
  const sender = m.sender;
  const sent = two.messages.filter((x) => x.sender.toLowerCase() === sender.toLowerCase());
  const bySender = trace(two, { from: sender.toUpperCase() });
  assert.deepEqual(new Set(bySender.messages.map((x) => x.messageId)), new Set(sent.map((x) => x.messageId)));
  const times = bySender.messages.map((x) => Math.max(...x.hops.map((h) => h.time!)));
  assert.deepEqual(times, [...times].sort((a, b) => b - a), 'most recent first');
  const domain = '@' + sender.split('@')[1];
  assert.equal(trace(two, { from: domain }).messages.length + trace(two, { from: domain }).more, two.messages.filter((x) => x.sender.endsWith(domain)).length);

  const to = m.recipients[1];
  const forRecipient = two.messages.filter((x) => x.recipients.includes(to));
  assert.deepEqual(new Set(trace(two, { to }, { limit: 1000 }).messages.map((x) => x.messageId)), new Set(forRecipient.map((x) => x.messageId)));

  const subject = m.subject.slice(2, 10).toLowerCase();
  const withSubject = two.messages.filter((x) => x.subject.toLowerCase().includes(subject));
  const bySubject = trace(two, { subject }, { limit: 1000 });
  assert.deepEqual(new Set(bySubject.messages.map((x) => x.messageId)), new Set(withSubject.map((x) => x.messageId)));

  // keys together: all must hold
  assert.deepEqual(trace(two, { messageId: m.messageId, from: 'nobody@example.org' }).messages, []);
  assert.equal(trace(two, { messageId: m.messageId, from: sender, to }).messages.length, 1);

  // the time range narrows by the time of the rows that name the message (a session by its start, which may be a little earlier)
  const first = m.hops[0].time, last = m.hops[m.hops.length - 1].time;
  assert.equal(trace(two, { messageId: m.messageId, after: last + 1 }).messages.length, 0);
  assert.equal(trace(two, { messageId: m.messageId, before: first - 5 * 60_000 }).messages.length, 0);
  assert.equal(trace(two, { messageId: m.messageId, after: first - 1, before: last + 1 }).messages.length, 1);
  const hour = Math.floor(first / HOUR) * HOUR;
  const inHour = two.messages.filter((x) => x.sender === sender && x.hops.some((h) => h.time >= hour && h.time < hour + HOUR && (h.eventId !== undefined || h.sessionId !== undefined)));
  const ranged = trace(two, { from: sender, after: hour, before: hour + HOUR - 1 });
  assert.ok(ranged.messages.every((x) => inHour.some((y) => y.messageId === x.messageId)));

  // a limit: the rest are counted
  const limited = trace(two, { from: domain }, { limit: 3 });
  assert.equal(limited.messages.length, 3);
  assert.equal(limited.more, two.messages.filter((x) => x.sender.endsWith(domain)).length - 3);
});

test('a message id without its angle brackets, in quotes, or not in the collection', () => {
  const m = two.messages[0];
  assert.equal(normalMessageId(m.messageId.slice(1, -1)), m.messageId);
  assert.equal(trace(two, { messageId: m.messageId.slice(1, -1) }).messages[0].messageId, m.messageId);
  assert.equal(trace(two, { messageId: `"${m.messageId}"` }).messages[0].messageId, m.messageId);
  assert.deepEqual(trace(two, { messageId: '<nothing@example.org>' }), { messages: [], more: 0, problems: [] });
});

test('the parameters: times parsed (UTC unless a zone is given), a key required, bad times and empty ranges refused', () => {
  assert.deepEqual(parseTraceParams({ messageId: ' <a@b> ', after: '2024-03-04 10:15', before: '2024-03-04T11:00:00+02:00' }), {
    query: { messageId: '<a@b>', internalId: undefined, networkId: undefined, from: undefined, to: undefined, subject: undefined, after: Date.UTC(2024, 2, 4, 10, 15), before: Date.UTC(2024, 2, 4, 9, 0) },
    problems: [{ start: 0, end: 0, message: 'The time range is empty: "after" is later than "before".' }],
  });
  assert.deepEqual(parseTraceParams({}).problems.map((p) => p.message), ['Say which message to trace: a message id, an internal or network message id, a sender, a recipient or a subject.']);
  assert.deepEqual(parseTraceParams({ from: 'a@b', after: 'yesterday' }).problems, [{ start: 0, end: 9, message: "'yesterday' is not a time: write it as 2024-03-05 10:15 or 2024-03-05T10:15:00Z (UTC unless a zone is given)." }]);
  assert.equal(traceMessages(two.c.index, {}, { uriOf: (p) => p }).problems.length, 1);
});

test('the files a trace covers: only hops in them; missing logs are still judged against the whole collection', () => {
  const m = byScenario(two, 'inboundDelivered').find((x) => new Set(x.hops.map((h) => h.server)).size === 2)!;
  const t = one(two, m, { files: (p) => p.startsWith('EX01/') });
  assert.ok(t.hops.length > 0);
  assert.ok(t.hops.every((h) => h.uri.startsWith('file:///c/EX01/')));
  assert.deepEqual(t.missing, []);
});

test('the text lookups find each id in the tables that hold it, and only there', () => {
  const lookups = new TextLookups();
  const index = two.c.index;
  let checked = 0;
  for (const [, file] of index.files()) {
    for (const p of file.parts) {
      const table = p.events;
      if (table.rows === 0) continue;
      const texts = table.texts();
      for (let r = 0; r < table.rows; r++) {
        const id = table.column(E.messageId)[r];
        if (id === 0) continue;
        assert.equal(lookups.find(table, new Needle(texts[id])), id);
        checked++;
      }
      assert.equal(lookups.find(table, new Needle('<not-there@example.org>')), 0);
      // a text of the table in no looked-up column (a subject) is not found
      const subject = texts[table.column(E.subject)[0]];
      assert.ok(subject);
      assert.equal(lookups.find(table, new Needle(subject)), 0);
    }
  }
  assert.ok(checked > 500, `${checked} ids`);
  // non-ASCII texts hash the same from their bytes and from the string
  const c = indexTexts([{ path: 'EX09/TransportRoles/Logs/MessageTracking/MSGTRK2024030410-1.LOG', text: trackingLog([['2024-03-04T10:00:00.000Z', 'RECEIVE', '<ünïcödé@exämple.org>', 'a@b']]) }]);
  const table = [...c.index.files()][0][1].parts[0].events;
  assert.equal(table.texts()[lookups.find(table, new Needle('<ünïcödé@exämple.org>'))], '<ünïcödé@exämple.org>');
});

function trackingLog(rows: [time: string, event: string, messageId: string, sender: string][]): string {
  const head = '#Software: Microsoft Exchange Server\r\n#Version: 15.01.2507.023\r\n#Log-type: Message Tracking Log\r\n#Date: 2024-03-04T10:00:00.000Z\r\n'
    + '#Fields: date-time,client-ip,client-hostname,server-ip,server-hostname,source-context,connector-id,source,event-id,internal-message-id,message-id,network-message-id,recipient-address,recipient-status,total-bytes,recipient-count,related-recipient-address,reference,message-subject,sender-address,return-path,message-info,directionality,tenant-id,original-client-ip,original-server-ip,custom-data,transport-traffic-type,log-id,schema-version\r\n';
  return head + rows.map(([time, event, mid, sender]) => `${time},,,,EX09,,,SMTP,${event},1,${mid},,x@y,,100,1,,,subject,${sender},${sender},,Incoming,,,,,Email,,15.01.2507.023`).join('\r\n') + '\r\n';
}

layeredTest('the message tracking excerpts are traced: each message id to exactly its rows, in time order', {
  fixtures: () => ({ files: fixtureTracking() }),
  samples: () => ({ files: sampleTracking() }),
}, ({ files }) => {
  assert.ok(files.length >= 3);
  const c = indexTexts(files.map((f) => ({ path: f.name, text: f.text })));
  let messages = 0;
  const expected = new Map<string, { path: string; line: number; time: number; event: string }[]>();
  for (const f of files) {
    for (const row of trackingRows(f.text)) {
      if (!row.messageId) continue;
      let list = expected.get(row.messageId);
      if (!list) expected.set(row.messageId, (list = []));
      list.push({ path: f.name, line: row.line, time: Date.parse(row.time), event: row.event.toUpperCase() });
    }
  }
  for (const [mid, rows] of expected) {
    const r = traceMessages(c.index, { messageId: mid }, { uriOf: (p) => p, lines: c.lines });
    assert.equal(r.messages.length, 1, mid);
    const t = r.messages[0];
    rows.sort((a, b) => a.time - b.time || a.line - b.line);
    assert.deepEqual(t.hops.map((h) => `${h.uri}:${h.line}:${h.eventId}`), rows.map((x) => `${x.path}:${x.line}:${x.event}`), mid);
    assert.ok(t.hops.every((h) => h.linkedBy === 'message-id' && h.kind === 'messageTracking'));
    messages++;
  }
  assert.ok(messages >= 2, `${messages} messages traced`);
});

const fixtureTracking = () => fixtureLogs().filter((f) => f.folder === 'msgtrk');
const sampleTracking = () => sampleFiles().filter((f) => f.folder === 'msgtrk');

/** The rows of a message tracking log read with csv-parse: line (0-based), time, event id, message id (by `#Fields`, or the `<…@…>` field of a line without a header). */
function trackingRows(text: string): { line: number; time: string; event: string; messageId: string }[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  let fields: string[] | undefined;
  const out: { line: number; time: string; event: string; messageId: string }[] = [];
  lines.forEach((l, i) => {
    if (l.startsWith('#Fields:')) fields = l.slice(8).trim().split(',');
    if (!l || l.startsWith('#')) return;
    const cells = (parse(l, { relax_quotes: true, relax_column_count: true }) as string[][])[0];
    const mi = fields ? fields.indexOf('message-id') : cells.findIndex((x) => /^<[^>]*@[^>]*>$/.test(x));
    const ei = fields ? fields.indexOf('event-id') : mi - 2;
    out.push({ line: i, time: cells[0], event: cells[ei] ?? '', messageId: mi >= 0 ? cells[mi] ?? '' : '' });
  });
  return out;
}

test('hovers offer "Trace this message" (with traceLinks) on a 250 2.6.0 reply, a tracking row; the link cannot be broken out of', () => {
  const ls = getLanguageService();
  const file = two.files.get(byScenario(two, 'relayedOut')[0].hops[0].path)!;
  const m = byScenario(two, 'relayedOut')[0];
  const model = ls.parse(file.text, 'file:///x/RECV.LOG', 1);
  const lines = file.text.split('\r\n');
  const replyLine = m.hops[0].reply!.line;
  const at = lines[replyLine].indexOf('250 2.6.0');
  const link = (line: number, character: number, traceLinks = true) => {
    const h = ls.doHover(model, { line, character }, { traceLinks });
    const md = (h?.contents as { value: string } | undefined)?.value ?? '';
    return /\[Trace this message\]\(command:exchangeLog\.traceMessage\?([^ )]*) "[^"]*"\)/.exec(md)?.[1];
  };
  const args = link(replyLine, at + 2)!;
  assert.ok(args, 'the reply hover has the link');
  assert.deepEqual(JSON.parse(decodeURIComponent(args)), [{ messageId: m.messageId }]);
  assert.equal(link(replyLine, at + 2, false), undefined, 'no link without traceLinks (other editors)');
  assert.equal(link(replyLine, 2), undefined, 'not on the time column');
  // a hostile message id in a tracking row: parentheses, brackets, spaces and quotes stay inside the encoded arguments
  const hostile = '<a)](command:workbench.action.terminal.new) "x"@b>';
  const tracking = ls.parse(trackingLog([['2024-03-04T10:00:00.000Z', 'RECEIVE', `"${hostile.replace(/"/g, '""')}"`, 'a@b']]), 'file:///x/MSGTRK.LOG', 1);
  const row = 5;
  const text = trackingLog([['2024-03-04T10:00:00.000Z', 'RECEIVE', `"${hostile.replace(/"/g, '""')}"`, 'a@b']]).split('\r\n')[row];
  const h = ls.doHover(tracking, { line: row, character: text.indexOf('RECEIVE') + 1 }, { traceLinks: true });
  const md = (h?.contents as { value: string }).value;
  const found = /\(command:exchangeLog\.traceMessage\?([^ )]*) "/.exec(md)!;
  assert.deepEqual(JSON.parse(decodeURIComponent(found[1])), [{ messageId: hostile }]);
  assert.equal(md.match(/command:/g)!.length, 1, 'one command link, ours');
  assert.doesNotMatch(found[1], /[()\s"\]\[]/);
});

test('send logs without "sending message … InternetMessageId" (Exchange 2013): the send session is the one whose server, remote, sender, recipients and time match the tracking row', () => {
  const g = buildCollection({ servers: 2, hours: 2, messagesPerHour: 200, seed: 3 });
  // the line stays (the ground truth's line numbers hold); it no longer names the message
  const files = g.files.map((f) => ({ path: f.path, text: f.text.replace(/sending message with RecordId \d+ and InternetMessageId <[^>]*>/g, 'sending message') }));
  assert.ok(files.some((f, i) => f.text !== g.files[i].text));
  const b: Built = { c: indexTexts(files), files: new Map(g.files.map((f) => [f.path, f])), messages: g.messages, lookups: new TextLookups() };
  let matched = 0;
  for (const m of b.messages.filter((x) => x.hops.some((h) => h.linkedBy === 'sendMatch'))) {
    const t = one(b, m);
    checkJourney(t, m);
    for (const h of t.hops.filter((x) => x.kind === 'smtpSend' && x.service === 'Hub')) {
      // a remote that answers 250 2.6.0 <id> still names the message; the others are matched
      if (!/^250 2\.6\.0 </.test(h.detail) && !/^[45]/.test(h.detail)) {
        assert.equal(h.linkedBy, 'send-match', `${m.messageId}: ${h.detail}`);
        matched++;
      }
    }
  }
  assert.ok(matched >= 5, `${matched} send sessions matched by server, remote, sender, recipients and time`);
});

test('bad input never throws: every fixture log as one collection, hostile keys, lines that do not match the index', () => {
  const files = fixtureLogs().map((f) => ({ path: `EX01/TransportRoles/Logs/${f.name}`, text: f.text }));
  // a log whose lines are not what the index says (changed on disk since): the reader returns other lines
  const c = indexTexts(files);
  const wrongLines = (p: string, from: number, to: number) => (p.length % 2 === 0 ? ['x,y,z', '"unterminated', ''].slice(0, to - from + 1) : undefined);
  const keys: TraceQuery[] = [
    { messageId: '<' }, { messageId: '<>' }, { messageId: '()[]{}*+?.\\^$|' }, { internalId: '0' }, { networkId: '-' },
    { from: '@' }, { from: '*@' }, { to: '' + '\u0000\ud800' }, { subject: '.*' }, { subject: 'a'.repeat(10_000) },
    { from: 'a@b', after: 0, before: -1 },
  ];
  for (const f of files) for (const row of f.path.includes('msgtrk') ? trackingRows(f.text) : []) if (row.messageId) keys.push({ messageId: row.messageId });
  for (const q of keys) {
    for (const lines of [c.lines, wrongLines, undefined]) {
      const r = traceMessages(c.index, q, { uriOf: (p) => p, lines });
      for (const m of r.messages) for (const h of m.hops) assert.ok(h.line >= 0 && typeof h.detail === 'string');
    }
  }
});
