/** Hovers that explain values: one test per kind of explanation, on the pure core. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { MarkupContent } from 'vscode-languageserver-types';
import { LogModel, getLanguageService } from '../../server/src/core/languageService';
import { fixture, fixtureLog, readSample } from '../helpers/paths';
import { layeredTest } from '../helpers/layers';

const ls = getLanguageService();
const TZ = { timeZone: 'America/Sao_Paulo' };
const SMTP_HEAD = '#Software: Microsoft Exchange Server\n#Version: 15.01.2507.023\n#Log-type: SMTP Receive Protocol Log\n#Date: 2024-03-05T10:00:00.000Z\n#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context\n';

function parse(text: string, name = 'RECV2024030510-1.LOG'): LogModel {
  return ls.parse(text, `file:///logs/${name}`, 1);
}

/** The hover markdown of the field that contains `needle` on `line` (the first field when no needle). */
function raw(model: LogModel, line: number, needle = '', occurrence = 0): string {
  const text = model.text.slice(model.lineStarts[line], model.lineEnds[line]);
  let at = -1;
  for (let i = 0; i <= occurrence; i++) at = text.indexOf(needle, at + 1);
  assert.ok(at >= 0, `${needle} on line ${line}`);
  const h = ls.doHover(model, { line, character: at + (needle ? 1 : 0) }, TZ);
  assert.ok(h, `hover at ${line}:${at}`);
  return (h.contents as MarkupContent).value;
}

/** As a person reads it: backslash escapes removed. */
function hover(model: LogModel, line: number, needle = '', occurrence = 0): string {
  return raw(model, line, needle, occurrence).replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

const recv = parse(fixture('recv-interleaved.log'));

test('date-time: local time in the given zone, UTC, and time since the first and previous event of the session', () => {
  const h = hover(recv, 12, '2024-03-05T10:00:02.000Z');
  assert.match(h, /\*\*Local time:\*\* .*07:00:02\.000/);
  assert.match(h, /\*\*UTC:\*\* .*10:00:02\.000 UTC/);
  assert.match(h, /Since the session's first event:\*\* 1 s\b/);
  assert.match(h, /Since the previous event of the session:\*\* 390 ms/);
  // the process zone is the default
  const d = (ls.doHover(recv, { line: 12, character: 2 })!.contents as MarkupContent).value;
  assert.match(d, /Local time/);
});

test('session id: a summary of the whole session', () => {
  const h = hover(recv, 9, '08DC3C0A00000001');
  assert.match(h, /\*\*Session\*\* 08DC3C0A00000001 · 11 events · lines 6–20/);
  assert.match(h, /- \*\*First\*\*: .*07:00:01\.000/);
  assert.match(h, /- \*\*Duration\*\*: 2\.01 s\b/);
  assert.match(h, /- \*\*Local endpoint\*\*: 10\.0\.0\.5:25/);
  assert.match(h, /- \*\*Remote endpoint\*\*: 203\.0\.113\.7:50001/);
  assert.match(h, /- \*\*Connector\*\*: EX01\\Default Frontend EX01/);
  assert.match(h, /- \*\*EHLO\/HELO name\*\*: mail\.fabrikam\.com/);
  assert.match(h, /- \*\*MAIL FROM\*\*: alice@fabrikam\.com/);
  assert.match(h, /- \*\*RCPT TO\*\*: 1 recipient: bob@contoso\.com/);
  assert.match(h, /- \*\*TLS\*\*: not negotiated in this file/);
  assert.match(h, /\*\*Outcome:\*\* Ended without a message\./);
  const dropped = hover(recv, 17, '08DC3C0A00000002');
  assert.match(dropped, /Outcome:\*\* Dropped by the remote side.*Remote\(ConnectionReset\)/);
});

/** The SMTP receive excerpt with STARTTLS, its certificate, a failed AUTH LOGIN, a repeated and a missing sequence number. */
interface TlsAuthCase {
  m: LogModel;
  id: string;
  cipher: RegExp;
  bulk: RegExp;
  mac: RegExp;
  keyExchange: RegExp;
  /** Needles of the certificate line, and what its hover lists. */
  cert: string[];
  subject: RegExp;
  issuer: RegExp;
  thumbprint: RegExp;
  notAfter: RegExp;
  altNames: RegExp;
}

const TLS_AUTH = {
  fixtures: (): TlsAuthCase => ({
    m: parse(fixtureLog('smtp-receive/RECV2024031409-1.LOG'), 'RECV2024031409-1.LOG'), id: '08DC4417E9A3B5C7',
    cipher: /TLS\*\*: negotiated: TLS 1\.2, CALG_AES_256 256 bits/,
    bulk: /Bulk encryption\*\*: CALG_AES_256 · 256 bits · AES with a 256-bit key/,
    mac: /MAC hash\*\*: CALG_SHA_384 · 0 bits · SHA-384 hash; with strength 0/,
    keyExchange: /Key exchange\*\*: CALG_ECDH_EPHEM · 384 bits · .*forward secrecy/,
    cert: ['Sending certificate', 'CN=EX02'],
    subject: /- \*\*Subject\*\*: CN=EX02 · Who the certificate was issued to/,
    issuer: /- \*\*Issuer name\*\*: CN=EX02/,
    thumbprint: /- \*\*Thumbprint\*\*: 9B2E4C7D1A6F3085E2C94B17D6A03F58C1E92B47/,
    notAfter: /- \*\*Not after\*\*: 2028-09-04T07:41:18\.000Z/,
    altNames: /- \*\*Subject alternate names\*\*: EX02, EX02\.corp\.contoso\.com/,
  }),
  samples: (): TlsAuthCase => ({
    m: parse(readSample('smtp-receive/qazeer-artefacts-RECV2023011116-1.log'), 'RECV2023011116-1.LOG'), id: '123453EC62278461',
    cipher: /TLS\*\*: negotiated: TLS 1\.2, CALG_AES_128 128 bits/,
    bulk: /Bulk encryption\*\*: CALG_AES_128 · 128 bits · AES with a 128-bit key/,
    mac: /MAC hash\*\*: CALG_SHA_256 · 0 bits · SHA-256 hash; with strength 0/,
    keyExchange: /Key exchange\*\*: CALG_ECDH_EPHEM · 256 bits · .*forward secrecy/,
    cert: ['Sending certificate', 'CN=SERVER'],
    subject: /- \*\*Subject\*\*: CN=SERVER-HOSTNAME · Who the certificate was issued to/,
    issuer: /- \*\*Issuer name\*\*: CN=SERVER-HOSTNAME/,
    thumbprint: /- \*\*Thumbprint\*\*: 12DEABC6565646512346ABDC1345689413589876/,
    notAfter: /- \*\*Not after\*\*: 2025-01-17T15:15:33\.000Z/,
    altNames: /- \*\*Subject alternate names\*\*: SERVER-HOSTNAME, SERVER-HOSTNAME\.DOMAIN\.TEST/,
  }),
};

layeredTest('session id: TLS, authentication, and a session cut at both ends of the file', TLS_AUTH, (c) => {
  const h = hover(c.m, 6, c.id);
  assert.match(h, c.cipher);
  assert.match(h, /Authentication\*\*: failed · LOGIN/);
  assert.match(h, /Outcome:\*\* Authentication failed\./);
  assert.match(h, /began before this file starts/);
  assert.match(h, /continues past the end of this file/);
  assert.match(h, /1 sequence number is missing/);
});

test('session id: a rejected session names the code and its usual Exchange cause', () => {
  const m = parse(SMTP_HEAD + [
    '2024-03-05T10:00:01.000Z,C,AAAA000000000001,0,10.0.0.5:25,198.51.100.9:40000,+,,',
    '2024-03-05T10:00:01.100Z,C,AAAA000000000001,1,10.0.0.5:25,198.51.100.9:40000,<,RCPT TO:<x@fabrikam.com>,',
    '2024-03-05T10:00:01.200Z,C,AAAA000000000001,2,10.0.0.5:25,198.51.100.9:40000,>,550 5.7.1 Unable to relay,',
    '2024-03-05T10:00:01.300Z,C,AAAA000000000001,3,10.0.0.5:25,198.51.100.9:40000,-,,Local',
  ].join('\n'));
  const h = hover(m, 5, 'AAAA');
  assert.match(h, /Outcome:\*\* Rejected with a permanent error\. · 550 5\.7\.1 Unable to relay/);
  assert.match(h, /Usual cause in Exchange:\*\* Relay denied/);
});

layeredTest('sequence number: event k of n, repeated and missing numbers', TLS_AUTH, (c) => {
  assert.match(hover(recv, 17, ',3,'), /Event 4 of 4 in this session\./);
  const m = c.m;
  const dupLine = m.text.split(/\r?\n/).findIndex((l) => l.includes(',15,') && l.includes('Inbound AUTH'));
  const h = hover(m, dupLine, ',15,');
  assert.match(h, /appears more than once in the session/);
  assert.match(h, /Numbers missing in this session: 13\./);
});

const CONNECTIVITY = {
  fixtures: () => parse(fixtureLog('connectivity/CONNECTLOG20240322-1.LOG'), 'CONNECTLOG20240322-1.LOG'),
  samples: () => parse(readSample('connectivity/msdocs-supportarticles-event7009-mailbox-connectivity.log'), 'CONNECTLOG20130627-1.LOG'),
};

layeredTest('event character: its meaning, per kind', CONNECTIVITY, (c) => {
  assert.match(hover(recv, 9, ',<,', 0).replace(/^[\s\S]*?column 7/, ''), /Receive: text this server received/);
  const line = c.text.split(/\r?\n/).findIndex((l) => l.includes(',>,Established'));
  assert.match(hover(c, line, ',>,'), /Progress: DNS results/);
});

interface EndpointCase {
  tracking: LogModel;
  v6: RegExp;
  zone: RegExp;
  imap: LogModel;
}

const ENDPOINTS = {
  fixtures: (): EndpointCase => ({
    tracking: parse(fixtureLog('msgtrk/MSGTRKMS2024032508-1.LOG'), 'MSGTRKMS2024032508-1.LOG'),
    v6: /IPv6 address\*\*: fe80::5d2a:9c41:e07b:3f18 · Link-local/, zone: /Zone\*\*: interface 7/,
    imap: parse(fixtureLog('imap4/IMAP420240320-1.LOG'), 'IMAP420240320-1.LOG'),
  }),
  samples: (): EndpointCase => ({
    tracking: parse(readSample('msgtrk/qazeer-artefacts-MSGTRKMS2022091915-1.log'), 'MSGTRKMS2022091915-1.LOG'),
    v6: /IPv6 address\*\*: fe80::1234:5678:4321:1010 · Link-local/, zone: /Zone\*\*: interface 3/,
    imap: parse(readSample('imap4/msqa-1156767-ex2013cu23-imap-login-failed.log'), 'IMAP420230109-1.LOG'),
  }),
};

layeredTest('endpoints: address, scope and the port\'s service', ENDPOINTS, (c) => {
  const local = hover(recv, 9, '10.0.0.5:25');
  assert.match(local, /IPv4 address\*\*: 10\.0\.0\.5 · Private address/);
  assert.match(local, /Port 25\*\*: SMTP: mail from the Internet/);
  const remote = hover(recv, 9, '203.0.113.7:50001');
  assert.match(remote, /Documentation address/);
  assert.match(remote, /Port 50001\*\*: A high port/);
  const v6 = hover(c.tracking, 5, 'fe80::');
  assert.match(v6, c.v6);
  assert.match(v6, c.zone);
  const imap = c.imap;
  const loop = hover(imap, imap.text.split(/\r?\n/).findIndex((l) => l.includes('127.0.0.1:993')), '127.0.0.1:993');
  assert.match(loop, /Loopback: this same machine/);
  assert.match(loop, /Port 993\*\*: IMAP4 client access over TLS/);
});

test('SMTP commands: verb, EHLO name, MAIL FROM parameters, RCPT, AUTH', () => {
  assert.match(hover(recv, 9, 'EHLO'), /Command EHLO\*\* Extended greeting[\s\S]*mail\.fabrikam\.com\*\*: The name the client gives for itself/);
  const mail = hover(recv, 12, 'MAIL FROM');
  assert.match(mail, /Command MAIL\*\* Starts a message/);
  assert.match(mail, /Sender\*\*: alice@fabrikam\.com/);
  assert.match(mail, /SIZE=2048\*\*: Size of the message .*\(2,048 bytes \(2 KB\)\)/);
  assert.match(hover(recv, 14, 'RCPT'), /Recipient\*\*: bob@contoso\.com/);
  assert.match(hover(recv, 16, 'EHLO ['), /An address literal/);
  const m = parse(SMTP_HEAD + '2024-03-05T10:00:01.000Z,C,AAAA000000000001,5,10.0.0.5:587,198.51.100.9:40000,<,AUTH LOGIN,\n2024-03-05T10:00:01.000Z,C,AAAA000000000001,6,10.0.0.5:587,198.51.100.9:40000,<,MAIL FROM:<> SIZE=100,');
  assert.match(hover(m, 5, 'AUTH'), /LOGIN\*\*: User name and password, each sent base64/);
  assert.match(hover(m, 5, '587'), /Port 587\*\*: Authenticated client submission/);
  assert.match(hover(m, 6, 'MAIL'), /Null sender <>: a bounce/);
});

test('SMTP replies: basic code, enhanced code (class, subject, detail) and the usual Exchange cause', () => {
  const reply = (data: string) => {
    const m = parse(SMTP_HEAD + `2024-03-05T10:00:01.000Z,C,AAAA000000000001,1,10.0.0.5:25,198.51.100.9:40000,>,${data},`);
    return hover(m, 5, data.slice(0, 3));
  };
  const relay = reply('550 5.7.1 Unable to relay');
  assert.match(relay, /Reply code 550\*\* Mailbox unavailable/);
  assert.match(relay, /5xx\*\*: Permanent failure/);
  assert.match(relay, /Enhanced status code 5\.7\.1/);
  assert.match(relay, /Class 5\*\*: Permanent failure/);
  assert.match(relay, /Subject X\.7\*\*: Security or policy/);
  assert.match(relay, /Detail\*\*: Delivery not authorised/);
  assert.match(relay, /Usual cause in Exchange:\*\* Relay denied/);
  assert.match(reply('421 4.3.2 Service not available'), /back pressure \(low disk space or memory\)/);
  assert.match(reply('535 5.7.3 Authentication unsuccessful'), /Wrong user name or password/);
  assert.match(reply('530 5.7.57 Client not authenticated to send mail'), /without authenticating/);
  assert.match(reply('451 4.4.0 Primary target IP address responded with 421. Attempted failover to alternate host but that did not succeed'), /no alternate host succeeded/);
  assert.match(reply('503 5.5.2 Send hello first'), /Protocol error: a command came before EHLO/);
  assert.match(reply('451 4.7.0 Temporary server error. Please try again later. PRX3'), /PRX3\*\*: The connection to the back end failed/);
  assert.match(reply('550 5.1.1 RESOLVER.ADR.RecipNotFound; not found'), /Exchange component:\*\* The categorizer could not resolve/);
  assert.match(reply('550 5.7.133 RESOLVER.RST.SenderNotAuthenticatedForGroup'), /Not in the public registry/);
  assert.match(reply('334 <authentication response>'), /writes a placeholder/);
  const ehlo = hover(recv, 10, '250 ');
  assert.match(ehlo, /Extensions offered:/);
  assert.match(ehlo, /- \*\*CHUNKING\*\*: The server accepts BDAT/);
  assert.match(ehlo, /- \*\*37748736\*\*: 37,748,736 bytes \(36 MB\)/);
});

const TARPIT = {
  fixtures: () => parse(fixtureLog('smtp-receive/RECV20240315-1.LOG'), 'RECV20240315-1.LOG'),
  samples: () => parse(readSample('smtp-receive/blog-ylmf-pc-ex2010-auth-login-tarpit.log'), 'RECV2016121401-1.LOG'),
};

layeredTest('SMTP information lines: permissions with their group, tarpit', TARPIT, (m) => {
  const perms = hover(recv, 6, 'SMTPSubmit');
  assert.match(perms, /Permission group:\*\* AnonymousUsers · Anonymous users/);
  assert.match(perms, /- \*\*SMTPAcceptAnySender\*\*: The sender address is not checked/);
  assert.match(perms, /Without SMTPAcceptAnyRecipient this session may only send to accepted domains/);
  assert.match(hover(recv, 6, 'Set Session'), /The permissions this session has[\s\S]*Permission group/);
  const line = m.text.split(/\r?\n/).findIndex((l) => l.includes('Tarpit for'));
  assert.match(hover(m, line, 'Tarpit'), /Tarpit: the server deliberately delays[\s\S]*Delay\*\*: 5 s\b/);
});

layeredTest('SMTP context: TLS result, certificate labels paired with values, domain capabilities, auth failure', TLS_AUTH, (c) => {
  const m = c.m;
  const lines = m.text.split(/\r?\n/);
  const tls = hover(m, lines.findIndex((l) => l.includes('TLS protocol')), 'TLS protocol');
  assert.match(tls, /Protocol\*\*: TLS 1\.2 · this server was the TLS server/);
  assert.match(tls, c.bulk);
  assert.match(tls, c.mac);
  assert.match(tls, c.keyExchange);
  const certLine = lines.findIndex((l) => l.includes('Sending certificate'));
  for (const needle of c.cert) {
    const cert = hover(m, certLine, needle);
    assert.match(cert, c.subject);
    assert.match(cert, c.issuer);
    assert.match(cert, c.thumbprint);
    assert.match(cert, c.notAfter);
    assert.match(cert, c.altNames);
    assert.match(cert, /self-signed certificate/);
  }
  assert.match(hover(m, lines.findIndex((l) => l.includes('TlsDomainCapabilities')), 'TlsDomain'), /Status\*\*: NoRemoteCertificate · The other side sent no certificate/);
  assert.match(hover(m, lines.findIndex((l) => l.includes('chain validation')), 'Client cert'), /EmptyCertificate\*\*: The client sent no certificate/);
  const auth = hover(m, lines.findIndex((l) => l.includes('Inbound AUTH LOGIN failed')), 'Inbound');
  assert.match(auth, /AUTH LOGIN\*\*: authentication method/);
  assert.match(auth, /LogonDenied\*\*: Windows refused the logon/);
});

const SEND_FAILED = {
  fixtures: () => ({ m: parse(fixtureLog('smtp-send/SEND2024031811-excerpt.log'), 'SEND20240318-1.LOG'), domain: /Destination domain\*\*: internalproxy/, port: '10.20.30.41:2525' }),
  samples: () => ({ m: parse(readSample('smtp-send/elastic-integrations-pipeline-test-smtpsend.log'), 'SEND20240125-1.LOG'), domain: /Destination domain\*\*: internalproxy/, port: '10.11.12.13:2525' }),
};

layeredTest('SMTP context: disconnect reasons, proxying, sending message, connection failure with Winsock explained', SEND_FAILED, (c) => {
  const reset = hover(recv, 17, 'Remote(');
  assert.match(reset, /Why the session ended/);
  assert.match(reset, /ConnectionReset\*\*: 10054 WSAECONNRESET · The remote side reset the connection/);
  assert.match(hover(recv, 19, 'Local'), /Local\*\*: This server closed the session/);
  const m = parse(SMTP_HEAD.replace('Receive', 'Send') + [
    '2024-03-05T10:00:01.000Z,Inbound Proxy Internal Send Connector,BBBB000000000002,0,,10.0.0.9:2525,*,,Proxying inbound session with session id AAAA000000000001',
    '2024-03-05T10:00:01.000Z,Inbound Proxy Internal Send Connector,BBBB000000000002,1,,10.0.0.9:2525,*,,Proxying inbound session with session id 08DC000000000009',
    '2024-03-05T10:00:01.000Z,C,AAAA000000000001,0,10.0.0.5:25,198.51.100.9:40000,*,,sending message with RecordId 51539607553 and InternetMessageId <abc@contoso.com>',
  ].join('\n'), 'SEND2024030510-1.LOG');
  assert.match(hover(m, 5, 'Proxying'), /Inbound session id\*\*: AAAA000000000001[\s\S]*That session is in this file too/);
  assert.match(hover(m, 6, 'Proxying'), /not in this file: look in the receive log/);
  const send = hover(m, 7, 'sending');
  assert.match(send, /Queue record id\*\*: 51539607553/);
  assert.match(send, /Message-ID\*\*: <abc@contoso\.com>/);
  const s = c.m;
  const failed = hover(s, 2, 'Failed to connect');
  assert.match(failed, /Winsock error 10061\*\*: WSAECONNREFUSED · Refused: nothing listens on that port/);
  assert.match(failed, c.domain);
  assert.match(hover(s, 0, 'None'), /None\*\*: No permission at all/);
  assert.match(hover(s, 0, c.port), /Port 2525\*\*: Default connector of the transport service/);
});

interface PopImapCase {
  imap: LogModel;
  params: string;
  user: RegExp;
  result: RegExp;
  proxy: RegExp;
  pop: LogModel;
  duration: string;
  durationText: RegExp;
  /** The 13-field IMAP4 log with activity statistics and the budget. */
  budget: LogModel;
  recharge: RegExp;
  mailboxCalls: RegExp;
}

const POP_IMAP = {
  fixtures: (): PopImapCase => ({
    imap: parse(fixtureLog('imap4/IMAP420240320-1.LOG'), 'IMAP420240320-1.LOG'),
    params: 'j.doe@', user: /User\*\*: j\.doe@contoso\.com/,
    result: /- \*\*R=\*\*: The result: .*a001 NO LOGIN failed\. · NO: The operation failed\. · command tag a001/,
    proxy: / {2}- \*\*Proxy:mbx02\.corp\.contoso\.com:1993:SSL\*\*: The front end proxied .*port 1993, encryption SSL · IMAP4 back-end service/,
    pop: parse(fixtureLog('pop3/POP320240321-1.LOG'), 'POP320240321-1.LOG'), duration: ',187,', durationText: /187 ms/,
    budget: parse(fixtureLog('imap4/IMAP420240321-1.LOG'), 'IMAP420240321-1.LOG'),
    recharge: /RechargeRate:900000\*\*: How fast the budget refills/, mailboxCalls: /MB\.C = 17\*\*: mailbox calls, count/,
  }),
  samples: (): PopImapCase => ({
    imap: parse(readSample('imap4/msqa-1156767-ex2013cu23-imap-login-failed.log'), 'IMAP420230109-1.LOG'),
    params: '<username@', user: /User\*\*: <username@keyman/,
    result: /- \*\*R=\*\*: The result: .*aXSV NO LOGIN failed\. · NO: The operation failed\. · command tag aXSV/,
    proxy: / {2}- \*\*Proxy:<CAS FQDN>:1993:SSL\*\*: The front end proxied .*port 1993, encryption SSL · IMAP4 back-end service/,
    pop: parse(readSample('pop3/elastic-integrations-pipeline-test-pop3.log'), 'POP320240124-1.LOG'), duration: ',163,', durationText: /163 ms/,
    budget: parse(readSample('imap4/elastic-integrations-pipeline-test-imap4.log'), 'IMAP420240124-1.LOG'),
    recharge: /RechargeRate:600000\*\*: How fast the budget refills/, mailboxCalls: /MB\.C = 13\*\*: mailbox calls, count/,
  }),
};

layeredTest('POP3 and IMAP4: command, parameters, and the context split into its parts', POP_IMAP, (c) => {
  const imap = c.imap;
  assert.match(hover(imap, 0, 'OpenSession'), /Command OpenSession\*\* Not a protocol command/);
  const login = hover(imap, 2, 'login');
  assert.match(login, /Command login\*\* Logs in with user name and password/);
  const params = hover(imap, 2, c.params);
  assert.match(params, c.user);
  assert.match(params, /masks the password/);
  const ctx = hover(imap, 2, 'R=');
  assert.match(ctx, c.result);
  assert.match(ctx, /- \*\*Msg=\*\*: Details/);
  assert.match(ctx, c.proxy);
  assert.match(ctx, / {2}- \*\*ProxyNotAuthenticated\*\*: The back end refused the proxied login/);
  const pop = c.pop;
  assert.match(hover(pop, 0, 'pass'), /Command pass\*\* Gives the password/);
  assert.match(hover(pop, 0, 'R=OK'), /ProxySuccess\*\*: The proxied login on the back end succeeded/);
  assert.match(hover(pop, 0, c.duration), c.durationText);
  const el = c.budget;
  const budget = hover(el, el.text.split(/\r?\n/).findIndex((l) => l.includes('Budget=')), 'Budget=');
  assert.match(budget, c.recharge);
  assert.match(budget, c.mailboxCalls);
});

interface ConnectivityCase {
  c: LogModel;
  source: string;
  sourceMeaning: RegExp;
  database: string;
  queue: string;
  queueLength: RegExp;
  dns: string;
  dnsResult: RegExp;
  established: RegExp;
  reason: RegExp;
}

const DESCRIPTIONS = {
  fixtures: (): ConnectivityCase => ({
    c: CONNECTIVITY.fixtures(), source: 'MapiDelivery', sourceMeaning: /Mailbox Transport Delivery writing into a mailbox database/,
    database: '3e9b7c2d', queue: 'DnsConnectorDelivery', queueLength: /A connection opened for a delivery queue[\s\S]*Queue length\*\*: 2 messages waiting/,
    dns: 'mx1.adatum.com[', dnsResult: /DNS result[\s\S]*mx1\.adatum\.com\*\*: 198\.51\.100\.25/,
    established: /TCP connection was established[\s\S]*Documentation address/, reason: /Reason\*\*: 421 4\.3\.2 Service not available/,
  }),
  samples: (): ConnectivityCase => ({
    c: CONNECTIVITY.samples(), source: 'MapiSubmission', sourceMeaning: /Mailbox Transport Submission picking up mail/,
    database: '89294a5c', queue: 'Undefined', queueLength: /A connection opened for a delivery queue[\s\S]*Queue length\*\*: 0 messages waiting/,
    dns: 'Exchange-Server.contoso[', dnsResult: /DNS result[\s\S]*Exchange-Server\.contoso\*\*: 192\.168\.0\.12/,
    established: /TCP connection was established[\s\S]*Private address/, reason: /Reason\*\*: Service not active/,
  }),
};

layeredTest('connectivity: source, destination and the description decoded', DESCRIPTIONS, (k) => {
  const c = k.c;
  const lines = c.text.split(/\r?\n/);
  assert.match(hover(c, lines.findIndex((l) => l.includes(k.source)), k.source), k.sourceMeaning);
  assert.match(hover(c, lines.findIndex((l) => l.includes(k.database)), k.database), /A mailbox database, named by its GUID/);
  const queue = hover(c, lines.findIndex((l) => l.includes('QueueLength')), k.queue);
  assert.match(queue, k.queueLength);
  assert.match(hover(c, lines.findIndex((l) => l.includes(k.dns)), k.dns.slice(0, -1)), k.dnsResult);
  assert.match(hover(c, lines.findIndex((l) => l.includes('Established')), 'Established'), k.established);
  const totals = hover(c, lines.findIndex((l) => l.includes('Messages: 0')), 'Messages');
  assert.match(totals, /Messages\*\*: 0 messages/);
  assert.match(totals, /Retry\*\*: The messages stay queued and will be retried/);
  assert.match(totals, k.reason);
  const f = parse('2024-01-01T00:00:00.000Z,08DC000000000001,SMTP,contoso.com,>,Failed connection to 192.0.2.10:25 (TimedOut:0000274C)[TargetHost:mx.contoso.com|MarkedUnhealthy|FailureCount:1]\n', 'CONNECTLOG2024010100-1.LOG');
  const failed = hover(f, 0, 'Failed');
  assert.match(failed, /TCP connection failed/);
  assert.match(failed, /TimedOut \(0x274C\)\*\*: 10060 WSAETIMEDOUT · The other side did not answer in time/);
  assert.match(failed, /marked the target unhealthy/);
});

const TRACKING = {
  fixtures: () => ({ t: parse(fixtureLog('msgtrk/MSGTRKMS2024032508-1.LOG'), 'MSGTRKMS2024032508-1.LOG'), bytes: '1482736', size: /1,482,736 bytes \(1\.4 MB\)/ }),
  samples: () => ({ t: parse(readSample('msgtrk/qazeer-artefacts-MSGTRKMS2022091915-1.log'), 'MSGTRKMS2022091915-1.LOG'), bytes: '3750222', size: /3,750,222 bytes \(3\.6 MB\)/ }),
};

layeredTest('message tracking: event id, source, recipient status, directionality, size', TRACKING, (c) => {
  const t = c.t;
  assert.match(hover(t, 6, 'RECEIVE'), /RECEIVE\*\* Received: by SMTP/);
  assert.match(hover(t, 6, 'STOREDRIVER'), /STOREDRIVER\*\* Mailbox submission or delivery/);
  assert.match(hover(t, 6, 'Originating'), /sent from inside the organisation/);
  assert.match(hover(t, 6, c.bytes), c.size);
  const status = parse('2024-01-01T00:00:00.000Z,1.1.1.1,h,2.2.2.2,s,,,SMTP,FAIL,1,<m>,n,a@b.c,550 5.1.1 RESOLVER.ADR.RecipNotFound; not found,1,1,,,subj,x@y.z,x@y.z,,Incoming,,,,\n', 'MSGTRK2024010100-1.LOG');
  const s = hover(status, 0, '550 5.1.1');
  assert.match(s, /Reply code 550/);
  assert.match(s, /Usual cause in Exchange:\*\* The recipient address does not exist/);
  assert.match(hover(status, 0, ',1,<m>'), /Session\*\* 1 · 1 event[\s\S]*Outcome:\*\* Rejected/);
});

const W3C = {
  fixtures: () => ({ w: parse(fixtureLog('w3c-smtp/ex240323.log'), 'ex240323.log'), from: /With \+ read as spaces:\*\*  FROM: <Terrence/ }),
  samples: () => ({ w: parse(readSample('w3c-smtp/ossec-docs-exchange2000-smtpsvc-w3c.log'), 'ex061009.log'), from: /With \+ read as spaces:\*\*  FROM: <Eldon/ }),
};

layeredTest('W3C SMTP log: verb, status and port', W3C, (c) => {
  const w = c.w;
  const line = w.text.split(/\r?\n/).findIndex((l) => l.includes(' MAIL - +FROM:+'));
  assert.match(hover(w, line, 'MAIL'), /Command MAIL\*\* Starts a message/);
  assert.match(hover(w, line, ' 250 ').replace(/^[\s\S]*?```\n/, ''), /Reply code 250/);
  assert.match(hover(w, line, '+FROM'), c.from);
});

layeredTest('header directives: what each says, the build and the date', TLS_AUTH, (c) => {
  assert.match(hover(recv, 1, '15.01'), /Written by Exchange Server 2016\./);
  assert.match(hover(recv, 3, '2024'), /Local time:\*\* .*07:00:00\.000/);
  assert.match(hover(c.m, 1, '15.0'), /generic version number/);
});

test('log text is escaped in every explanation: markdown, HTML, command links and icons stay text', () => {
  const evil = '[x](command:workbench.action.quit) <img src=x onerror=alert(1)> `tick` $(zap) **b** _i_';
  const logs: [string, string][] = [
    [SMTP_HEAD + [
      `2024-03-05T10:00:01.000Z,${evil},AAAA000000000001,0,10.0.0.5:25,1.2.3.4:5,<,EHLO ${evil},`,
      `2024-03-05T10:00:01.000Z,${evil},AAAA000000000001,1,10.0.0.5:25,1.2.3.4:5,<,MAIL FROM:<${evil}> SIZE=1 ${evil},`,
      `2024-03-05T10:00:01.000Z,${evil},AAAA000000000001,2,10.0.0.5:25,1.2.3.4:5,>,550 5.7.1 ${evil},Remote(${evil})`,
      `2024-03-05T10:00:01.000Z,${evil},AAAA000000000001,3,10.0.0.5:25,1.2.3.4:5,*,SMTPSubmit ${evil},Set Session Permissions`,
      `2024-03-05T10:00:01.000Z,${evil},AAAA000000000001,4,10.0.0.5:25,1.2.3.4:5,*,${evil},Sending certificate Subject Issuer name Serial number Thumbprint Not before Not after Subject alternate names`,
      `2024-03-05T10:00:01.000Z,${evil},AAAA000000000001,5,10.0.0.5:25,1.2.3.4:5,*,,Failed to connect. Winsock error code: 10060, Destination domain: ${evil}, Error Message: ${evil}`,
      `2024-03-05T10:00:01.000Z,${evil},AAAA000000000001,6,10.0.0.5:25,1.2.3.4:5,*,,User Name: ${evil}`,
    ].join('\n'), 'RECV2024030510-1.LOG'],
    [`2024-01-24T15:31:51.231Z,00000000000ABC12,2,1.2.3.4:110,10.11.12.13:12345,${evil},163,10,34,login,${evil} *****,"R=""a NO ${evil}"";Msg=""Proxy:${evil}:1995:SSL"";ErrMsg=AuthFailed:${evil};Budget=""Owner:${evil},Conn:1""",\n`, 'POP320240124-1.LOG'],
    [`2024-01-01T00:00:00.000Z,08DC000000000001,SMTP,${evil},>,${evil}[1.1.1.1]\n2024-01-01T00:00:00.000Z,08DC000000000001,SMTP,x,-,Messages: 1 Bytes: 2 (Retry : ${evil})\n`, 'CONNECTLOG2024010100-1.LOG'],
    [`2024-01-01T00:00:00.000Z,1.1.1.1,h,2.2.2.2,s,${evil},,SMTP,FAIL,1,<m>,n,${evil};b@c,550 5.1.1 ${evil},1,2,,,${evil},${evil},x,,Incoming,,,,S:${evil};S:y\n`, 'MSGTRK2024010100-1.LOG'],
  ];
  let hovers = 0;
  for (const [text, name] of logs) {
    const m = parse(text, name);
    for (let line = 0; line < m.lineStarts.length; line++) {
      const len = m.lineEnds[line] - m.lineStarts[line];
      for (let ch = 0; ch < len; ch += 3) {
        const h = ls.doHover(m, { line, character: ch }, TZ);
        if (!h) continue;
        hovers++;
        const md = (h.contents as MarkupContent).value;
        // Remove the verbatim code fence (fenced longer than any backtick run in it).
        const outside = md.replace(/(`{3,})text\n[\s\S]*?\n\1/g, '');
        assert.ok(!/(?<!\\)[[\]<>`()$]/.test(outside), `unescaped markup at ${name} ${line}:${ch}:\n${outside}`);
        assert.ok(!outside.includes('command:'), outside);
      }
    }
  }
  assert.ok(hovers > 300, `${hovers} hovers checked`);
});
