/** Diagnostics: integrity of sessions, switchable outcomes, severities, codes and the cap. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { Diagnostic, DiagnosticSeverity } from 'vscode-languageserver-types';
import { getLanguageService } from '../../server/src/core/languageService';
import { OUTCOME_CATEGORIES } from '../../server/src/core/features/diagnostics';
import { getSessionSummary } from '../../server/src/core/summary/sessionSummary';
import { generateReceiveLog } from '../helpers/generate';
import { fixtureLog, readSample } from '../helpers/paths';
import { layeredTest } from '../helpers/layers';

const ls = getLanguageService();
const HEAD = '#Software: Microsoft Exchange Server\n#Version: 15.01.2507.023\n#Log-type: SMTP Receive Protocol Log\n#Date: 2024-03-05T10:00:00.000Z\n#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context\n';

function diags(text: string, name = 'RECV2024030510-1.LOG', options?: Parameters<typeof ls.getDiagnostics>[1]): Diagnostic[] {
  return ls.getDiagnostics(ls.parse(text, `file:///logs/${name}`, 1), options);
}
const msg = (d: Diagnostic) => d.message as string;
const codes = (d: Diagnostic[]) => d.map((x) => `${x.range.start.line}:${x.code}`);

interface IntegrityCase {
  text: string;
  name: string;
  /** The last 8 hex digits of the session id. */
  id: string;
}

const RECV = {
  fixtures: (): IntegrityCase => ({ text: fixtureLog('smtp-receive/RECV2024031409-1.LOG'), name: 'RECV2024031409-1.LOG', id: 'E9A3B5C7' }),
  samples: (): IntegrityCase => ({ text: readSample('smtp-receive/qazeer-artefacts-RECV2023011116-1.log'), name: 'RECV2023011116-1.LOG', id: '62278461' }),
};

layeredTest('repeated and missing sequence numbers, on the sequence-number field', RECV, (c) => {
  const m = ls.parse(c.text, `file:///x/${c.name}`, 1);
  const d = ls.getDiagnostics(m);
  const dup = d.find((x) => x.code === 'duplicate-sequence')!;
  assert.equal(dup.severity, DiagnosticSeverity.Warning);
  assert.equal(msg(dup), `Sequence number 15 is repeated in session …${c.id} (first on line 19).`);
  assert.equal(dup.range.start.line, 19);
  const line = c.text.split('\n')[19];
  assert.equal(line.slice(dup.range.start.character, dup.range.end.character), '15');
  const missing = d.find((x) => x.code === 'missing-sequence')!;
  assert.equal(msg(missing), `Sequence number 13 of session …${c.id} is missing.`);
  assert.equal(missing.range.start.line, 17);
  // an excerpt: no connect at its start, no disconnect at its end
  assert.deepEqual(d.filter((x) => x.code === 'no-connect' || x.code === 'no-disconnect').map((x) => `${x.range.start.line}:${x.code}:${x.severity}`), ['5:no-connect:3', '20:no-disconnect:3']);
});

test('a gap of several sequence numbers is one diagnostic', () => {
  const d = diags(HEAD
    + '2024-03-05T10:00:01.000Z,C,AAAA000000000001,0,1.1.1.1:25,2.2.2.2:1,+,,\n'
    + '2024-03-05T10:00:02.000Z,C,AAAA000000000001,4,1.1.1.1:25,2.2.2.2:1,-,,Local\n', undefined, { outcomes: false });
  assert.deepEqual(d.map((x) => msg(x)), ['Sequence numbers 1 to 3 of session …00000001 are missing.']);
  assert.equal(d[0].range.start.line, 6);
});

test('a send session cut by a roll-over before its connect: the first file has its first lines, the next its connect and the rest', () => {
  const head = HEAD.replace('SMTP Receive', 'SMTP Send');
  const line = (seq: number, rest: string) => `2024-03-05T10:59:59.${String(seq).padStart(3, '0')}Z,Outbound,AAAA000000000001,${seq},${rest}\n`;
  const first = head + line(0, ',203.0.113.5:25,*,SendRoutingHeaders,Set Session Permissions') + line(1, ',203.0.113.5:25,*,,attempting to connect');
  const next = head + line(2, '10.0.0.11:50000,203.0.113.5:25,+,,') + line(3, '10.0.0.11:50000,203.0.113.5:25,<,220 mx.example.com,')
    + line(4, '10.0.0.11:50000,203.0.113.5:25,>,QUIT,') + line(5, '10.0.0.11:50000,203.0.113.5:25,-,,Local');
  const whole = head + [first, next].map((t) => t.slice(head.length)).join('');
  const summary = (text: string) => getSessionSummary(ls.parse(text, 'file:///logs/SEND2024030510-1.LOG', 1), 0);
  assert.deepEqual([summary(first).startsBeforeFile, summary(first).continuesAfterFile], [false, true]);
  assert.deepEqual([summary(next).startsBeforeFile, summary(next).continuesAfterFile], [true, false]);
  assert.deepEqual([summary(whole).startsBeforeFile, summary(whole).continuesAfterFile], [false, false]);
  assert.deepEqual(diags(first, 'SEND2024030510-1.LOG', { outcomes: false }).map((x) => `${x.range.start.line}:${x.code}`), ['6:no-disconnect']);
  assert.deepEqual(diags(next, 'SEND2024030510-2.LOG', { outcomes: false }).map((x) => `${x.range.start.line}:${x.code}:${msg(x)}`),
    ['5:no-connect:Session …00000001 starts here at sequence number 2: its first events are in an earlier file.']);
  assert.deepEqual(diags(whole, 'SEND2024030510-1.LOG', { outcomes: false }), []);
});

test('time going backwards inside a session (in sequence order)', () => {
  const d = diags(HEAD
    + '2024-03-05T10:00:05.000Z,C,AAAA000000000001,0,1.1.1.1:25,2.2.2.2:1,+,,\n'
    + '2024-03-05T10:00:04.000Z,C,BBBB000000000002,0,1.1.1.1:25,3.3.3.3:1,+,,\n'
    + '2024-03-05T10:00:03.000Z,C,AAAA000000000001,1,1.1.1.1:25,2.2.2.2:1,-,,Local\n'
    + '2024-03-05T10:00:06.000Z,C,BBBB000000000002,1,1.1.1.1:25,3.3.3.3:1,-,,Local\n', undefined, { outcomes: false });
  const back = d.filter((x) => x.code === 'time-backwards');
  assert.equal(back.length, 1, codes(d).join(' '));
  assert.equal(back[0].range.start.line, 7);
  assert.equal(back[0].severity, DiagnosticSeverity.Warning);
  assert.equal(msg(back[0]), 'Time goes backwards in session …00000001: this event is at 10:00:03.000, the one before it (line 6) at 10:00:05.000.');
  // interleaving between sessions is not a problem
  assert.equal(d.length, 1, codes(d).join(' '));
});

test('outcomes: rejection, deferral, tarpit, auth and TLS failures, idle and dropped sessions', () => {
  const g = generateReceiveLog({ targetBytes: 400_000, seed: 5 });
  const d = diags(g.text, undefined, { maxProblems: 100_000 });
  const byCode = new Map<string, Diagnostic[]>();
  for (const x of d) byCode.set(String(x.code), [...(byCode.get(String(x.code)) ?? []), x]);
  for (const c of ['session-rejected', 'session-deferred', 'tarpit', 'auth-failed', 'tls-failed', 'session-idle', 'session-dropped']) {
    assert.ok(byCode.has(c), `${c} in ${[...byCode.keys()].join(', ')}`);
  }
  const rejected = byCode.get('session-rejected')![0];
  assert.equal(rejected.severity, DiagnosticSeverity.Warning);
  assert.match(msg(rejected), /^Session …[0-9A-F]{8} was rejected: 550 5\.7\.54 SMTP; Unable to relay/);
  assert.match(msg(byCode.get('session-deferred')![0]), /was deferred \(temporary failure\): 451 4\.7\.0/);
  assert.equal(byCode.get('session-deferred')![0].severity, DiagnosticSeverity.Information);
  assert.match(msg(byCode.get('auth-failed')![0]), /^Authentication failed in session …[0-9A-F]{8}: (535 5\.7\.3 Authentication unsuccessful|Inbound AUTH LOGIN failed because of LogonDenied)$/);
  assert.match(msg(byCode.get('tls-failed')![0]), /TLS negotiation failed in session …[0-9A-F]{8}: TLS negotiation failed with error UnknownCredentials/);
  // every diagnostic has a source, a stable string code and a message
  for (const x of d) {
    assert.equal(x.source, 'exchange-log');
    assert.equal(typeof x.code, 'string');
    assert.ok(msg(x).length > 0);
  }
  // the rejection sits on the reply that rejected
  const m = ls.parse(g.text, 'file:///logs/RECV2024030510-1.LOG', 1);
  const l = rejected.range.start.line;
  assert.match(m.text.slice(m.lineStarts[l], m.lineEnds[l]), /,>,550 /);
});

const TARPIT = {
  fixtures: () => fixtureLog('smtp-receive/RECV20240315-1.LOG'),
  samples: () => readSample('smtp-receive/blog-ylmf-pc-ex2010-auth-login-tarpit.log'),
};

layeredTest('outcomes can be switched off, one by one or all, and their severity chosen', TARPIT, (text) => {
  const name = 'RECV2010.LOG';
  assert.deepEqual(codes(diags(text, name)), ['0:no-header', '14:auth-failed', '15:tarpit']);
  assert.deepEqual(codes(diags(text, name, { outcomes: false })), ['0:no-header']);
  assert.deepEqual(codes(diags(text, name, { outcomes: { tarpit: 'off' } })), ['0:no-header', '14:auth-failed']);
  const warn = diags(text, name, { outcomes: { tarpit: 'warning', authFailed: 'information' } });
  assert.equal(warn.find((x) => x.code === 'tarpit')!.severity, DiagnosticSeverity.Warning);
  assert.equal(warn.find((x) => x.code === 'auth-failed')!.severity, DiagnosticSeverity.Information);
  assert.equal(OUTCOME_CATEGORIES.length, 8);
});

const INTEGRITY = {
  fixtures: () => ({ recv: RECV.fixtures(), mangled: fixtureLog('smtp-send/SEND2024031914-1-MANGLED.LOG') }),
  samples: () => ({ recv: RECV.samples(), mangled: readSample('smtp-send/msqa-1054876-ex2016-send-postfix-nullsender-MANGLED.log') }),
};

layeredTest('integrity can be switched off; format problems stay', INTEGRITY, (c) => {
  const d = diags(c.recv.text, c.recv.name, { integrity: false, outcomes: false });
  assert.ok(!d.some((x) => ['duplicate-sequence', 'missing-sequence', 'no-connect', 'no-disconnect', 'time-backwards'].includes(String(x.code))));
  const mangled = diags(c.mangled, 'SEND1.LOG', { integrity: false, outcomes: false });
  assert.ok(mangled.some((x) => x.code === 'damaged-directive'));
});

const IMAP = {
  fixtures: () => ({ text: fixtureLog('imap4/IMAP420240320-1.LOG'), failed: /^Login failed in session …000002A1: R="a001 NO LOGIN failed\./, idle: 'Session …000002A3 connected and ended without logging in.' }),
  samples: () => ({ text: readSample('imap4/msqa-1156767-ex2013cu23-imap-login-failed.log'), failed: /^Login failed in session …000000E2: R="aXSV NO LOGIN failed\./, idle: 'Session …000000E4 connected and ended without logging in.' }),
};

layeredTest('IMAP4 login failures and sessions that never logged in', IMAP, (c) => {
  const d = diags(c.text, 'IMAP4_1.LOG');
  assert.deepEqual(codes(d), ['0:no-header', '2:auth-failed', '4:session-idle', '9:auth-failed', '11:session-idle']);
  assert.match(msg(d[1]), c.failed);
  assert.equal(msg(d[2]), c.idle);
});

const SEND_FAILED = {
  fixtures: () => fixtureLog('smtp-send/SEND2024031811-excerpt.log'),
  samples: () => readSample('smtp-send/elastic-integrations-pipeline-test-smtpsend.log'),
};

layeredTest('a connection failure of a send session', SEND_FAILED, (text) => {
  const d = diags(text, 'SEND1.LOG');
  const c = d.find((x) => x.code === 'connection-failed')!;
  assert.equal(c.severity, DiagnosticSeverity.Warning);
  assert.match(msg(c), /Winsock error code: 10061/);
});

test('on a huge file the count is capped: most severe first, and one entry says how many were left out', () => {
  const g = generateReceiveLog({ targetBytes: 400_000, seed: 9 });
  const all = diags(g.text, undefined, { maxProblems: 100_000 });
  assert.ok(all.length > 50, `${all.length}`);
  const capped = diags(g.text, undefined, { maxProblems: 30 });
  assert.equal(capped.length, 30);
  const note = capped.filter((x) => x.code === 'too-many-problems');
  assert.equal(note.length, 1);
  assert.equal(msg(note[0]), `${all.length} problems found; the 29 most severe are listed. Raise exchangeLog.diagnostics.maxProblems to list more.`);
  const kept = capped.filter((x) => x.code !== 'too-many-problems');
  const warnings = all.filter((x) => x.severity === DiagnosticSeverity.Warning).length;
  if (warnings >= 29) assert.ok(kept.every((x) => x.severity === DiagnosticSeverity.Warning));
  for (let i = 1; i < capped.length; i++) assert.ok(capped[i].range.start.line >= capped[i - 1].range.start.line, 'in document order');
  assert.ok(diags(g.text).length <= 1000);
});

test('messages from the log cannot carry control characters', () => {
  const d = diags(HEAD
    + '2024-03-05T10:00:01.000Z,C,AAAA000000000001,0,1.1.1.1:25,2.2.2.2:1,+,,\n'
    + '2024-03-05T10:00:01.100Z,C,AAAA000000000001,1,1.1.1.1:25,2.2.2.2:1,<,MAIL FROM:<a@b>,\n'
    + '2024-03-05T10:00:01.200Z,C,AAAA000000000001,2,1.1.1.1:25,2.2.2.2:1,>,"550 5.7.1 \u001b[2Jbad\u0007",\n'
    + '2024-03-05T10:00:01.300Z,C,AAAA000000000001,3,1.1.1.1:25,2.2.2.2:1,-,,Local\n');
  const r = d.find((x) => x.code === 'session-rejected')!;
  assert.ok(r);
  assert.ok(!/[\u0000-\u001f]/.test(msg(r)), JSON.stringify(msg(r)));
});
