/** Session summaries: the one structure hovers, outline, code lenses and views read. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseLog } from '../../server/src/core/model/logModel';
import { getSessionSummary, tlsProtocolName } from '../../server/src/core/summary/sessionSummary';
import { fixture, readSample } from '../helpers/paths';

function summaries(name: string, text = readSample(name)) {
  const m = parseLog(text, { uri: `file:///x/${name.split('/').pop()}` });
  return m.sessions.map((_, i) => getSessionSummary(m, i));
}

test('receive: TLS, AUTH failure, excerpt without connect or disconnect', () => {
  const [s] = summaries('smtp-receive/qazeer-artefacts-RECV2023011116-1.log');
  assert.equal(s.helo, '[95.10.20.33]');
  assert.deepEqual({ ok: s.tls!.ok, protocol: s.tls!.protocol, cipher: s.tls!.cipher }, { ok: true, protocol: 'TLS 1.2', cipher: 'CALG_AES_128 128' });
  assert.equal(s.auth!.ok, false);
  assert.equal(s.outcome, 'authFailed');
  assert.equal(s.startsBeforeFile, true);
  assert.equal(s.continuesAfterFile, true);
  assert.equal(s.durationMs, 19211);
});

test('receive: tarpit and unrecognised AUTH type', () => {
  const [s] = summaries('smtp-receive/blog-ylmf-pc-ex2010-auth-login-tarpit.log');
  assert.equal(s.tarpit, true);
  assert.equal(s.helo, 'ylmf-pc');
  assert.equal(s.outcome, 'authFailed');
  assert.match(s.outcomeText!, /^504 5\.7\.4/);
});

test('receive: a delivered message and a session dropped by the remote', () => {
  const recv = fixture('recv-interleaved.log');
  const all = summaries('RECV2024030510-1.LOG', recv);
  const s1 = all.find((s) => s.id === '08DC3C0A00000001')!;
  assert.equal(s1.mailFrom, 'alice@fabrikam.com');
  assert.deepEqual(s1.recipients, ['bob@contoso.com']);
  assert.equal(s1.helo, 'mail.fabrikam.com');
  assert.equal(s1.outcome, 'noMail');
  const s2 = all.find((s) => s.id === '08DC3C0A00000002')!;
  assert.equal(s2.outcome, 'droppedByRemote');
  assert.equal(s2.outcomeText, 'Remote(ConnectionReset)');
});

test('send: delivered, and a connection failure', () => {
  const [s] = summaries('smtp-send/msqa-1054876-ex2016-send-postfix-nullsender-MANGLED.log');
  assert.equal(s.outcome, 'delivered');
  assert.equal(s.messages, 1);
  assert.equal(s.mailFrom, '');
  assert.equal(s.helo, '0dsblqs2.hispanicliving.shop');
  const failed = summaries('smtp-send/elastic-integrations-pipeline-test-smtpsend.log').find((x) => x.outcome === 'connectionFailed');
  assert.ok(failed);
  assert.match(failed.outcomeText!, /Winsock error code: 10061/);
});

test('IMAP4 and POP3: login failure and success', () => {
  const imap = summaries('imap4/msqa-1156767-ex2013cu23-imap-login-failed.log');
  assert.deepEqual(imap.map((s) => s.outcome), ['loginFailed', 'noMail', 'loginFailed', 'noMail']);
  assert.equal(imap[2].user, 'HealthMailboxab28d88');
  const [pop] = summaries('pop3/elastic-integrations-pipeline-test-pop3.log');
  assert.equal(pop.outcome, 'loggedIn');
  assert.equal(pop.user, 'ccw.altitude');
});

test('connectivity: established connection and totals', () => {
  const s = summaries('connectivity/msdocs-supportarticles-event7009-mailbox-connectivity.log')[1];
  assert.equal(s.source, 'SMTP');
  assert.equal(s.destination, 'mailboxtransportsubmissioninternalproxy');
  assert.equal(s.outcome, 'connected');
  assert.equal(s.bytes, 0);
  assert.deepEqual(s.keyEvents.map((k) => k.kind), ['connect', 'connection', 'totals']);
});

test('TLS protocol names', () => {
  assert.equal(tlsProtocolName('SP_PROT_TLS1_2_SERVER'), 'TLS 1.2');
  assert.equal(tlsProtocolName('SP_PROT_TLS1_CLIENT'), 'TLS 1.0');
  assert.equal(tlsProtocolName('SP_PROT_SSL3_SERVER'), 'SSL 3.0');
  assert.equal(tlsProtocolName('weird'), 'weird');
});
