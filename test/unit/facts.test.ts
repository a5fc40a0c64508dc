/** Knowledge tables: one test per table entry kind, checking real lookups and that every entry is explained. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import {
  EXCHANGE_CAUSE_TABLE, SMTP_TABLES, authMechanismMeaning, componentMeaning, ehloKeywordMeaning, enhancedCode, enhancedCodeMeaning, proxyMarkerMeaning,
  replyClassMeaning, replyCode, replyCodeMeaning, smtpParameterMeaning, verbMeaning,
} from '../../server/src/core/facts/smtp';
import { PERMISSION_GROUPS, PERMISSION_TABLE, permissionGroup, permissionMeaning } from '../../server/src/core/facts/permissions';
import { CERTIFICATE_LABELS, CONTEXT_TABLE, contextPattern, disconnectMeaning, securityStatusMeaning, tlsStatusMeaning } from '../../server/src/core/facts/smtpContext';
import { PORT_TABLE, WINSOCK_TABLE, portMeaning, winsockByCode, winsockByName } from '../../server/src/core/facts/network';
import { ALGORITHM_TABLE, algorithmMeaning, tlsProtocol } from '../../server/src/core/facts/tls';
import {
  POP_IMAP_TABLES, activityOpMeaning, activityStatMeaning, budgetFieldMeaning, contextKeyMeaning, msgValueMeaning, popImapCommandMeaning,
  statusWordMeaning,
} from '../../server/src/core/facts/popImap';
import { CONNECTIVITY_TABLES, ackStatusMeaning, connectivityDestinationMeaning, connectivityDirectionMeaning, connectivitySourceMeaning } from '../../server/src/core/facts/connectivity';
import { TRACKING_TABLES, directionalityMeaning, trackingEventMeaning, trackingSourceMeaning } from '../../server/src/core/facts/tracking';
import { allTableStrings } from '../../server/src/core/facts/index';

function explained(table: Readonly<Record<string, string>>, min: number): void {
  const entries = Object.entries(table);
  assert.ok(entries.length >= min, `${entries.length} entries`);
  for (const [k, v] of entries) {
    assert.ok(v.length >= 4 && /[.a-z]$/.test(v), `entry ${k}: "${v}"`);
  }
}

test('SMTP verbs, AUTH mechanisms, EHLO keywords and MAIL/RCPT parameters', () => {
  explained(SMTP_TABLES.verbs, 25);
  explained(SMTP_TABLES.ehloKeywords, 30);
  explained(SMTP_TABLES.parameters, 15);
  explained(SMTP_TABLES.authMechanisms, 6);
  assert.match(verbMeaning('ehlo')!, /Extended greeting/);
  assert.match(verbMeaning('X-EXPS')!, /server-to-server/);
  assert.equal(verbMeaning('FOO'), undefined);
  assert.match(ehloKeywordMeaning('chunking')!, /BDAT/);
  assert.match(ehloKeywordMeaning('X-ANONYMOUSTLS')!, /without a client certificate/);
  assert.match(smtpParameterMeaning('notify')!, /SUCCESS, FAILURE/);
  assert.match(authMechanismMeaning('login')!, /base64/);
});

test('basic reply codes (RFC 5321) and their class digit', () => {
  explained(SMTP_TABLES.replyCodes, 30);
  for (const code of Object.keys(SMTP_TABLES.replyCodes)) assert.match(code, /^[2-5]\d\d$/);
  assert.match(replyCodeMeaning('550')!, /Mailbox unavailable/);
  assert.match(replyCodeMeaning('421')!, /closing the connection/);
  assert.match(replyClassMeaning('451')!, /Temporary failure/);
  assert.match(replyClassMeaning('554')!, /Permanent failure/);
  assert.equal(replyCodeMeaning('999'), undefined);
});

test('a reply is read by its code: three digits, then white space, - or the end', () => {
  assert.deepEqual(['250 OK', '250-SIZE 1000', '354', '550\t5.7.1'].map(replyCode), [250, 250, 354, 550]);
  assert.deepEqual(['25', '2501 bytes', 'MAIL FROM', ' 250 OK', '25a x'].map(replyCode), [0, 0, 0, 0, 0]);
  assert.equal(enhancedCode('550 5.7.1 Unable to relay'), '5.7.1');
  assert.equal(enhancedCode('250-2.0.0 Ok'), '2.0.0');
  assert.equal(enhancedCode('250 OK 2.0.0'), undefined);
});

test('enhanced status codes (RFC 3463): class, subject and detail', () => {
  explained(SMTP_TABLES.enhancedDetails, 70);
  const m = enhancedCodeMeaning('5.1.1')!;
  assert.match(m.cls!, /Permanent/);
  assert.match(m.subject!, /Addressing/);
  assert.match(m.detail!, /does not exist/);
  assert.match(enhancedCodeMeaning('4.4.7')!.detail!, /time limit expired/);
  assert.equal(enhancedCodeMeaning('5.7.133')!.detail, undefined, 'Exchange-only details are not in the registry');
  assert.equal(enhancedCodeMeaning('3.1.1'), undefined);
  assert.equal(enhancedCodeMeaning('x'), undefined);
});

test('usual Exchange causes: relay, back pressure, authentication, connection and protocol failures', () => {
  assert.ok(EXCHANGE_CAUSE_TABLE.length >= 30);
  assert.match(enhancedCodeMeaning('5.7.1', '550 5.7.1 Unable to relay')!.cause!, /Relay denied/);
  assert.match(enhancedCodeMeaning('5.7.1', '530 5.7.1 Client was not authenticated')!.cause!, /requires authentication/);
  assert.match(enhancedCodeMeaning('5.7.1', '550 5.7.1 something else')!.cause!, /Refused by policy/);
  assert.match(enhancedCodeMeaning('4.3.2', '421 4.3.2 Service not available')!.cause!, /back pressure/);
  assert.match(enhancedCodeMeaning('5.7.3', '535 5.7.3 Authentication unsuccessful')!.cause!, /Wrong user name or password/);
  assert.match(enhancedCodeMeaning('5.7.57')!.cause!, /without authenticating/);
  assert.match(enhancedCodeMeaning('4.4.1')!.cause!, /does not answer/);
  assert.match(enhancedCodeMeaning('5.5.2')!.cause!, /before EHLO/);
  // every cause is reachable: its own code with a text that matches (or no text)
  for (const c of EXCHANGE_CAUSE_TABLE) assert.match(c.code, /^[245]\.\d+\.\d+$/);
});

test('front-end proxy markers and Exchange component prefixes', () => {
  explained(SMTP_TABLES.proxyMarkers, 8);
  assert.match(proxyMarkerMeaning('PRX3')!, /connection to the back end failed/);
  assert.match(componentMeaning('550 5.1.1 RESOLVER.ADR.RecipNotFound; not found')!, /could not resolve/);
  assert.match(componentMeaning('432 4.3.2 STOREDRV.Deliver; recipient thread limit exceeded')!, /Mailbox delivery/);
  assert.equal(componentMeaning('250 OK'), undefined);
});

test('connector permissions and permission groups', () => {
  explained(PERMISSION_TABLE, 27);
  assert.match(permissionMeaning('SMTPAcceptAnyRecipient')!, /May relay/);
  assert.equal(permissionMeaning('toString'), undefined, 'no prototype lookups');
  assert.equal(permissionGroup('SMTPSubmit SMTPAcceptAnySender SMTPAcceptAuthoritativeDomainSender AcceptRoutingHeaders')!.name, 'AnonymousUsers');
  assert.equal(permissionGroup('AcceptRoutingHeaders SMTPSubmit')!.name, 'Partners', 'order does not matter');
  assert.equal(permissionGroup('SMTPSubmit BypassAntiSpam'), undefined);
  for (const g of PERMISSION_GROUPS) for (const p of g.permissions.split(' ')) assert.ok(permissionMeaning(p), `${g.name}: ${p}`);
});

test('SMTP context strings, disconnect reasons, security and TLS statuses, certificate labels', () => {
  assert.ok(CONTEXT_TABLE.length >= 20);
  const cases: [string, string][] = [
    ['Set Session Permissions', 'permissions'],
    ['receiving message', 'receiving'],
    ['sending message with RecordId 123 and InternetMessageId <a@b>', 'sending'],
    ['Proxying inbound session with session id 08DC1DB8591B22A0', 'proxying'],
    ['TLS protocol SP_PROT_TLS1_2_SERVER negotiation succeeded using bulk encryption algorithm CALG_AES_128 with strength 128 bits', 'tlsOk'],
    ["TlsDomainCapabilities='None'; Status='NoRemoteCertificate'", 'domainCapabilities'],
    ["Client certificate chain validation status: 'EmptyCertificate'", 'chainStatus'],
    ['Sending certificate Subject Issuer name Serial number Thumbprint Not before Not after Subject alternate names', 'sendingCertificate'],
    ['Inbound AUTH LOGIN failed because of LogonDenied', 'authInboundFailed'],
    ['Outbound Authentication failed with LogonDenied', 'authOutboundFailed'],
    ['attempting to connect', 'attempting'],
    ['Failed to connect. Winsock error code: 10061', 'failedToConnect'],
    ["Tarpit for '0.00:00:05'", 'tarpit'],
    ['Remote(ConnectionReset)', 'disconnect'],
    ['Local', 'disconnect'],
  ];
  for (const [text, id] of cases) assert.equal(contextPattern(text)?.pattern.id, id, text);
  assert.equal(contextPattern('something Exchange never writes'), undefined);
  assert.match(disconnectMeaning('Remote')!, /other side closed/);
  assert.match(securityStatusMeaning('LogonDenied')!, /refused the logon/);
  assert.match(tlsStatusMeaning('NoRemoteCertificate')!, /no certificate/);
  assert.equal(CERTIFICATE_LABELS.length, 7);
});

test('Winsock codes by number and by .NET name', () => {
  assert.ok(WINSOCK_TABLE.length >= 14);
  assert.equal(winsockByCode(10061)!.name, 'WSAECONNREFUSED');
  assert.equal(winsockByName('TimedOut')!.code, 10060);
  assert.equal(winsockByName('WSAECONNRESET')!.dotnet, 'ConnectionReset');
  assert.equal(winsockByCode(1), undefined);
  for (const w of WINSOCK_TABLE) assert.ok(w.code >= 10000 && w.code < 12000 && w.meaning.endsWith('.'));
});

test('well-known ports', () => {
  for (const p of [25, 110, 143, 465, 587, 993, 995, 1993, 1995, 2525, 717, 475]) assert.ok(portMeaning(p), `port ${p}`);
  explained(PORT_TABLE as Record<string, string>, 14);
  assert.match(portMeaning(587)!, /submission/);
  assert.equal(portMeaning(12345), undefined);
});

test('Schannel protocols and CALG algorithm names', () => {
  assert.deepEqual(tlsProtocol('SP_PROT_TLS1_2_SERVER'), { version: 'TLS 1.2', weak: false, role: 'server' });
  assert.deepEqual(tlsProtocol('SP_PROT_TLS1_0_CLIENT'), { version: 'TLS 1.0', weak: true, role: 'client' });
  assert.equal(tlsProtocol('SP_PROT_SSL3_SERVER')!.weak, true);
  assert.equal(tlsProtocol('SP_PROT_TLS1_3_CLIENT')!.version, 'TLS 1.3');
  assert.equal(tlsProtocol('nonsense'), undefined);
  assert.ok(Object.keys(ALGORITHM_TABLE).length >= 20);
  assert.equal(algorithmMeaning('CALG_RC4')!.weak, true);
  assert.match(algorithmMeaning('calg_ecdh_ephem')!.meaning, /forward secrecy/);
  assert.equal(algorithmMeaning('CALG_ECDHE')!.meaning, algorithmMeaning('CALG_ECDH_EPHEM')!.meaning, 'synonyms');
});

test('POP3 and IMAP4 commands, pseudo-commands, context keys, Msg values, status words, budget and activity fields', () => {
  explained(POP_IMAP_TABLES.pop3, 14);
  explained(POP_IMAP_TABLES.imap4, 30);
  explained(POP_IMAP_TABLES.contextKeys, 18);
  assert.match(popImapCommandMeaning('pop3', 'retr')!, /Downloads a message/);
  assert.match(popImapCommandMeaning('imap4', 'EXAMINE')!, /read-only/);
  assert.match(popImapCommandMeaning('imap4', 'OpenSession')!, /Not a protocol command/);
  assert.equal(popImapCommandMeaning('pop3', 'examine'), undefined, 'IMAP commands are not POP3 commands');
  assert.match(contextKeyMeaning('errmsg')!, /error class/);
  assert.match(msgValueMeaning('Proxy:host.contoso.com:1993:SSL')!, /proxied the session/);
  assert.match(msgValueMeaning('ProxyNotAuthenticated')!, /refused the proxied login/);
  assert.match(msgValueMeaning('AuthFailed:LogonDenied,User: x')!, /rejected/);
  assert.match(statusWordMeaning('no')!, /failed/);
  assert.match(budgetFieldMeaning('RechargeRate')!, /refills/);
  assert.equal(activityOpMeaning('MB'), 'mailbox calls');
  assert.equal(activityStatMeaning('AL'), 'average latency in ms');
});

test('connectivity sources, destinations, directions and acknowledgement statuses', () => {
  explained(CONNECTIVITY_TABLES.sources, 5);
  explained(CONNECTIVITY_TABLES.ackStatuses, 9);
  assert.match(connectivitySourceMeaning('MapiSubmission')!, /Submission/);
  assert.match(connectivityDestinationMeaning('89294a5c-bf90-4ae2-a3ff-7f2b81b4ba71')!, /mailbox database/);
  assert.match(connectivityDestinationMeaning('internalproxy')!, /internal proxy/);
  assert.equal(connectivityDestinationMeaning('contoso.com'), undefined);
  assert.match(connectivityDirectionMeaning('>')!, /Progress/);
  assert.match(ackStatusMeaning('Retry')!, /retried/);
});

test('message tracking event ids, sources and directionality', () => {
  explained(TRACKING_TABLES.events, 40);
  explained(TRACKING_TABLES.sources, 20);
  assert.match(trackingEventMeaning('haredirect')!, /shadow copy was created/);
  assert.match(trackingSourceMeaning('STOREDRIVER')!, /store driver/);
  assert.match(directionalityMeaning('Originating')!, /inside the organisation/);
  assert.equal(trackingEventMeaning('QUEUE'), undefined, 'QUEUE is a source, not an event');
});

test('every table string is registered for translation', () => {
  const all = new Set(allTableStrings());
  const sample = [
    verbMeaning('EHLO')!, replyCodeMeaning('550')!, enhancedCodeMeaning('5.7.1', 'Unable to relay')!.cause!, permissionMeaning('SendAs')!,
    winsockByCode(10060)!.meaning, portMeaning(2525)!, algorithmMeaning('CALG_AES_256')!.meaning, popImapCommandMeaning('imap4', 'idle')!,
    contextKeyMeaning('Budget')!, connectivitySourceMeaning('SMTP')!, trackingEventMeaning('DSN')!, CERTIFICATE_LABELS[3].meaning,
    activityOpMeaning('STCPU')!, disconnectMeaning('TooManyErrors')!,
  ];
  for (const s of sample) assert.ok(all.has(s), s);
});
