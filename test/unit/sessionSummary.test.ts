/** Session summaries: the one structure hovers, outline, code lenses and views read. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseLog } from '../../server/src/core/model/logModel';
import { getSessionSummary, tlsProtocolName } from '../../server/src/core/summary/sessionSummary';
import { fixture, fixtureLog, readSample } from '../helpers/paths';
import { layeredTest } from '../helpers/layers';

function summaries(name: string, text: string) {
  const m = parseLog(text, { uri: `file:///x/${name.split('/').pop()}` });
  return m.sessions.map((_, i) => getSessionSummary(m, i));
}

/** Summaries of one of our fixture logs, or of a public sample. */
const ofFixture = (name: string) => summaries(name, fixtureLog(name));
const ofSample = (name: string) => summaries(name, readSample(name));

const TLS_AUTH = {
  fixtures: () => ({ s: ofFixture('smtp-receive/RECV2024031409-1.LOG')[0], helo: '[198.51.100.23]', cipher: 'CALG_AES_256 256', durationMs: 18035 }),
  samples: () => ({ s: ofSample('smtp-receive/qazeer-artefacts-RECV2023011116-1.log')[0], helo: '[95.10.20.33]', cipher: 'CALG_AES_128 128', durationMs: 19211 }),
};

layeredTest('receive: TLS, AUTH failure, excerpt without connect or disconnect', TLS_AUTH, ({ s, helo, cipher, durationMs }) => {
  assert.equal(s.helo, helo);
  assert.deepEqual({ ok: s.tls!.ok, protocol: s.tls!.protocol, cipher: s.tls!.cipher }, { ok: true, protocol: 'TLS 1.2', cipher });
  assert.equal(s.auth!.ok, false);
  assert.equal(s.outcome, 'authFailed');
  assert.equal(s.startsBeforeFile, true);
  assert.equal(s.continuesAfterFile, true);
  assert.equal(s.durationMs, durationMs);
});

const TARPIT = {
  fixtures: () => ({ s: ofFixture('smtp-receive/RECV20240315-1.LOG')[0], helo: 'win-q3m7' }),
  samples: () => ({ s: ofSample('smtp-receive/blog-ylmf-pc-ex2010-auth-login-tarpit.log')[0], helo: 'ylmf-pc' }),
};

layeredTest('receive: tarpit and unrecognised AUTH type', TARPIT, ({ s, helo }) => {
  assert.equal(s.tarpit, true);
  assert.equal(s.helo, helo);
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

const SEND = {
  fixtures: () => ({ s: ofFixture('smtp-send/SEND2024031914-1-MANGLED.LOG')[0], helo: 'mx2.adatum.com', failed: ofFixture('smtp-send/SEND2024031811-excerpt.log') }),
  samples: () => ({ s: ofSample('smtp-send/msqa-1054876-ex2016-send-postfix-nullsender-MANGLED.log')[0], helo: '0dsblqs2.hispanicliving.shop', failed: ofSample('smtp-send/elastic-integrations-pipeline-test-smtpsend.log') }),
};

layeredTest('send: delivered, and a connection failure', SEND, (c) => {
  const s = c.s;
  assert.equal(s.outcome, 'delivered');
  assert.equal(s.messages, 1);
  assert.equal(s.mailFrom, '');
  assert.equal(s.helo, c.helo);
  const failed = c.failed.find((x) => x.outcome === 'connectionFailed');
  assert.ok(failed);
  assert.match(failed.outcomeText!, /Winsock error code: 10061/);
});

const POP_IMAP = {
  fixtures: () => ({ imap: ofFixture('imap4/IMAP420240320-1.LOG'), health: 'HealthMailbox7f3e21c', pop: ofFixture('pop3/POP320240321-1.LOG')[0], popUser: 'm.silva' }),
  samples: () => ({ imap: ofSample('imap4/msqa-1156767-ex2013cu23-imap-login-failed.log'), health: 'HealthMailboxab28d88', pop: ofSample('pop3/elastic-integrations-pipeline-test-pop3.log')[0], popUser: 'ccw.altitude' }),
};

layeredTest('IMAP4 and POP3: login failure and success', POP_IMAP, ({ imap, health, pop, popUser }) => {
  assert.deepEqual(imap.map((s) => s.outcome), ['loginFailed', 'noMail', 'loginFailed', 'noMail']);
  assert.equal(imap[2].user, health);
  assert.equal(pop.outcome, 'loggedIn');
  assert.equal(pop.user, popUser);
});

const CONNECTIVITY = {
  fixtures: () => ({ s: ofFixture('connectivity/CONNECTLOG20240322-1.LOG')[1], destination: 'adatum.com' }),
  samples: () => ({ s: ofSample('connectivity/msdocs-supportarticles-event7009-mailbox-connectivity.log')[1], destination: 'mailboxtransportsubmissioninternalproxy' }),
};

layeredTest('connectivity: established connection and totals', CONNECTIVITY, ({ s, destination }) => {
  assert.equal(s.source, 'SMTP');
  assert.equal(s.destination, destination);
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
