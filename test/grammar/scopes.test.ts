/**
 * Scope assertions for the TextMate grammar, on the real samples (read from ../shared/samples) and on
 * our own fixture lines (test/fixtures/grammar), tokenized with vscode-textmate + vscode-oniguruma.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { execFileSync } from 'child_process';
import type { IGrammar } from 'vscode-textmate';
import { readSample, repoRoot, sampleFiles } from '../helpers/paths';
import { dump, hasScope, loadGrammar, scopesOfText, splitLines, TokenizedLine, tokenizeLines, SCOPE_NAME } from './tm';

const L = '.exchange-log';
let grammarP: Promise<IGrammar> | undefined;
const grammar = () => (grammarP ??= loadGrammar().then((g) => g.grammar));

const docCache = new Map<string, TokenizedLine[]>();
async function doc(kind: 'sample' | 'fixture', name: string): Promise<TokenizedLine[]> {
  const key = kind + ':' + name;
  let d = docCache.get(key);
  if (!d) {
    const text = kind === 'sample' ? readSample(name) : fs.readFileSync(path.join(repoRoot(), 'test', 'fixtures', 'grammar', name), 'utf8');
    d = tokenizeLines(await grammar(), splitLines(text));
    docCache.set(key, d);
  }
  return d;
}

/** The first line of the document containing `marker`. */
function lineWith(lines: TokenizedLine[], marker: string): TokenizedLine {
  const t = lines.find((l) => l.line.includes(marker));
  if (!t) throw new Error(`no line contains ${JSON.stringify(marker)}`);
  return t;
}

/** Asserts every character of `needle` (its occurrence-th match) carries `scope` (a dotted prefix). */
function expectScope(t: TokenizedLine, needle: string, scope: string, occurrence = 0): void {
  const per = scopesOfText(t, needle, occurrence);
  per.forEach((scopes, i) => {
    assert.ok(
      hasScope(scopes, scope.endsWith(L) ? scope : scope),
      `"${needle}"[${i}] in\n  ${t.line}\nlacks ${scope}; it has ${scopes.join(' ')}\n--- tokens:\n${dump(t)}`,
    );
  });
}
function expectNoScope(t: TokenizedLine, needle: string, scope: string, occurrence = 0): void {
  const per = scopesOfText(t, needle, occurrence);
  per.forEach((scopes, i) => {
    assert.ok(!hasScope(scopes, scope), `"${needle}"[${i}] in\n  ${t.line}\nshould not have ${scope}; it has ${scopes.join(' ')}`);
  });
}

type Case = [needle: string, scope: string, occurrence?: number];
async function check(kind: 'sample' | 'fixture', file: string, marker: string, cases: Case[], absent: Case[] = []): Promise<void> {
  const t = lineWith(await doc(kind, file), marker);
  for (const [needle, scope, occ] of cases) expectScope(t, needle, scope, occ ?? 0);
  for (const [needle, scope, occ] of absent) expectNoScope(t, needle, scope, occ ?? 0);
}

const RECV = 'smtp-receive/qazeer-artefacts-RECV2023011116-1.log';
const TARPIT = 'smtp-receive/blog-ylmf-pc-ex2010-auth-login-tarpit.log';
const SEND = 'smtp-send/msqa-1054876-ex2016-send-postfix-nullsender-MANGLED.log';
const SEND_ELASTIC = 'smtp-send/elastic-integrations-pipeline-test-smtpsend.log';
const CONN = 'connectivity/msdocs-supportarticles-event7009-mailbox-connectivity.log';
const IMAP = 'imap4/msqa-1156767-ex2013cu23-imap-login-failed.log';
const IMAP2 = 'imap4/msqa-112837-ex2013-imap-shared-mailbox-logondenied.log';
const POP = 'pop3/elastic-integrations-pipeline-test-pop3.log';
const MSGTRK16 = 'msgtrk/qazeer-artefacts-MSGTRKMS2022091915-1.log';
const MSGTRK10 = 'msgtrk/elastic-beats-bom8-ex2010-msgtrk.log';
const MSGTRK_NOHDR = 'msgtrk/leweafan-filebeat-modules-ex2016-routing-resolve.log';
const W3C = 'w3c-smtp/ossec-docs-exchange2000-smtpsvc-w3c.log';

test('the committed grammar is what scripts/gen-grammar.mjs generates', () => {
  execFileSync(process.execPath, [path.join(repoRoot(), 'scripts', 'gen-grammar.mjs'), '--check'], { stdio: 'pipe' });
});

test('the grammar is the one package.json contributes for exchange-log', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.json'), 'utf8'));
  const g = pkg.contributes.grammars.find((x: { language: string }) => x.language === 'exchange-log');
  assert.equal(g.scopeName, SCOPE_NAME);
  const raw = JSON.parse(fs.readFileSync(path.join(repoRoot(), g.path), 'utf8'));
  assert.equal(raw.scopeName, SCOPE_NAME);
});

test('lines of other Exchange logs stay generic inside their header block', async () => {
  let checked = 0;
  for (const s of sampleFiles().filter((f) => f.folder === 'other-exchange')) {
    const lines = tokenizeLines(await grammar(), splitLines(s.text));
    let inBlock = false;
    for (const t of lines) {
      if (/^#Log-type:/i.test(t.line)) inBlock = true;
      if (!inBlock || t.line.startsWith('#')) continue;
      assert.ok(hasScope(t.tokens[0].scopes, 'meta.log.other' + L), `${s.name}: ${dump(t)}`);
      assert.ok(!t.tokens.some((k) => hasScope(k.scopes, 'meta.record')), `${s.name}: taken for a known kind:\n${t.line}`);
      if (/^\d{4}-/.test(t.line)) expectScope(t, t.line.slice(0, 24), 'constant.numeric.timestamp');
      checked++;
    }
  }
  assert.ok(checked >= 30, `only ${checked} lines checked`);
});

test('every line of every sample tokenizes, and record lines of the known kinds get a record scope', async () => {
  const g = await grammar();
  const expectRecord: Record<string, string> = {
    'smtp-receive': 'meta.record.smtp',
    'smtp-send': 'meta.record.smtp',
    connectivity: 'meta.record.connectivity',
    pop3: 'meta.record.pop-imap',
    imap4: 'meta.record.pop-imap',
    msgtrk: 'meta.record.message-tracking',
    'w3c-smtp': 'meta.record.w3c',
  };
  let checked = 0;
  for (const s of sampleFiles()) {
    if (!s.name.endsWith('.log')) continue;
    const lines = tokenizeLines(g, splitLines(s.text));
    const want = expectRecord[s.folder];
    if (!want || s.name.includes('ncsa')) continue;
    for (const t of lines) {
      const bare = t.line.replace(/^\uFEFF/, '');
      if (bare.startsWith('#') || /^(Software|Version|Log-type|Date|Fields):/.test(bare)) continue;
      // The one IMAP line the README calls truncated still has 11 columns and must still be read.
      assert.ok(t.tokens.length > 0 && hasScope(t.tokens[0].scopes, want), `${s.name}: not a ${want} line:\n  ${t.line}\n${dump(t)}`);
      checked++;
    }
  }
  assert.ok(checked > 100, `only ${checked} record lines checked`);
});

test('the five event characters get five distinct scopes (SMTP receive sample)', async () => {
  const lines = await doc('sample', TARPIT);
  const at = (marker: string, ch: string) => scopesOfText(lineWith(lines, marker), `,${ch},`)[1];
  const scopes = {
    '+': at(',0,', '+'),
    '*': at(',1,', '*'),
    '>': at(',2,', '>'),
    '<': at(',3,', '<'),
    '-': at(',17,', '-'),
  };
  assert.ok(hasScope(scopes['+'], 'markup.inserted.event.connect' + L));
  assert.ok(hasScope(scopes['-'], 'markup.deleted.event.disconnect' + L));
  assert.ok(hasScope(scopes['>'], 'keyword.control.event.send' + L));
  assert.ok(hasScope(scopes['<'], 'entity.name.type.event.receive' + L));
  assert.ok(hasScope(scopes['*'], 'markup.changed.event.information' + L));
  const last = Object.values(scopes).map((s) => s[s.length - 1]);
  assert.equal(new Set(last).size, 5, last.join(' | '));
});

test('the data of a line follows its event: sent, received, information and disconnect differ', async () => {
  await check('sample', TARPIT, ',3,', [['ylmf-pc', 'entity.name.type.data.received']]);
  await check('sample', TARPIT, ',16,', [['Unrecognized authentication type', 'string.unquoted.data.sent']]);
  await check('sample', TARPIT, ',15,', [["Tarpit for '0.00:00:05'", 'comment.line.data.information']]);
  await check('sample', TARPIT, ',17,', [['Remote', 'markup.deleted.data.disconnect']]);
  // A Send log reverses the roles: what we sent is the command, what we received the reply.
  await check('sample', SEND, ',4,', [['>', 'keyword.control.event.send'], ['My.Mail.Server.com', 'string.unquoted.data.sent', 1]]);
  await check('sample', SEND, ',8,', [['<', 'entity.name.type.event.receive'], [' Ok', 'entity.name.type.data.received']]);
});

test('directive lines: name and value', async () => {
  await check('sample', RECV, '#Software', [['#Software', 'keyword.other.directive'], ['Microsoft Exchange Server', 'string.unquoted.directive-value']]);
  await check('sample', RECV, '#Version', [['Version', 'keyword.other.directive'], ['15.0.0.0', 'constant.numeric.version']]);
  await check('sample', RECV, '#Log-type', [['Log-type', 'keyword.other.directive'], ['SMTP Receive Protocol Log', 'markup.heading.log-type']]);
  await check('sample', RECV, '#Date', [['2023-01-11T16:00:04.113Z', 'constant.numeric.timestamp']]);
  await check('sample', RECV, '#Fields', [['date-time', 'variable.other.field-name'], ['context', 'variable.other.field-name']]);
  // The BOM-prefixed first line of a message-tracking log.
  await check('sample', MSGTRK10, 'Software', [['#Software', 'keyword.other.directive'], ['Microsoft Exchange Server', 'string.unquoted.directive-value']]);
  // Directive names are case-insensitive (#Log-Type as documented).
  await check('fixture', 'smtp-receive-edge.log', '#Log-Type', [['SMTP Receive Protocol Log', 'markup.heading.log-type']]);
  // W3C: date and time in #Date, space-separated #Fields.
  await check('sample', W3C, '#Date', [['2006-10-09', 'constant.numeric.timestamp'], ['05:00:15', 'constant.numeric.timestamp']]);
  await check('sample', W3C, '#Fields', [['c-ip', 'variable.other.field-name'], ['sc-status', 'variable.other.field-name']]);
  // The MANGLED sample lost its '#': still read as a directive, marked as damaged.
  await check('sample', SEND, 'Software:', [['Software', 'invalid.deprecated.missing-hash'], ['Microsoft Exchange Server', 'string.unquoted.directive-value']]);
  await check('sample', SEND, 'Log-type:', [['Log-type', 'invalid.deprecated.missing-hash'], ['SMTP Send Protocol Log', 'markup.heading.log-type']]);
});

test('timestamps, session ids, sequence numbers, connector names', async () => {
  const marker = ',14,';
  await check('sample', RECV, marker, [
    ['2023-01-11T16:00:06.195Z', 'constant.numeric.timestamp'],
    ['SERVER-HOSTNAME\\Default Frontend SERVER-HOSTNAME', 'variable.other.connector'],
    ['123453EC62278461', 'variable.other.constant.session-id'],
    ['14', 'meta.record.smtp'],
  ]);
  const t = lineWith(await doc('sample', RECV), marker);
  assert.ok(hasScope(scopesOfText(t, ',14,')[1], 'constant.numeric.integer.sequence-number' + L), dump(t));
  // Connector with a trailing space, all-zero session id (Exchange 2010 sample).
  await check('sample', TARPIT, ',5,', [['EX\\Default ', 'variable.other.connector'], ['0000000000000000', 'variable.other.constant.session-id']]);
  // POP3/IMAP4 counters.
  await check('sample', IMAP, '00000000000000E2,2,', [['00000000000000E2', 'variable.other.constant.session-id'], ['122', 'constant.numeric.integer.duration']]);
  // Connectivity session.
  await check('sample', CONN, 'MapiSubmission', [['08D03F2DE58E0D70', 'variable.other.constant.session-id'], ['2013-06-27T21:08:37.520Z', 'constant.numeric.timestamp']]);
});

test('endpoints: IPv4:port, host:port, IPv6 with and without brackets and zone ids, empty local endpoint', async () => {
  await check('sample', RECV, ',4,', [['10.10.10.10', 'constant.language.ip-address.v4'], ['25', 'constant.numeric.integer.port'], ['95.10.20.33', 'constant.language.ip-address'], ['56026', 'constant.numeric.integer.port']]);
  await check('sample', TARPIT, ',0,', [['x.x.x.x', 'constant.language.host-name'], ['91.112.61.94', 'constant.language.ip-address.v4']]);
  await check('sample', SEND, ',2,', [['InternalIPOfMyMailServer', 'constant.language.host-name'], ['10437', 'constant.numeric.integer.port']]);
  await check('sample', SEND_ELASTIC, 'attempting', [['10.11.12.13', 'constant.language.ip-address.v4'], ['2525', 'constant.numeric.integer.port']]);
  await check('sample', MSGTRK16, 'RECEIVE', [
    ['fe80::1234:5678:4321:1010', 'constant.language.ip-address.v6'],
    ['1234:5678:4321:1010', 'constant.language.ip-address.v6', 1],
    ['%', 'punctuation.separator.zone-id'],
  ]);
  const trk = lineWith(await doc('sample', MSGTRK16), 'RECEIVE');
  assert.ok(hasScope(scopesOfText(trk, '1010%3,SERVER-HOSTNAME,')[5], 'constant.language.ip-address.zone-id' + L), dump(trk));
  await check('fixture', 'smtp-receive-edge.log', ',0,[', [
    ['2001:db8::25', 'constant.language.ip-address.v6'],
    ['[', 'punctuation.definition.ip-address.begin'],
    ['2001:db8::99', 'constant.language.ip-address.v6'],
    ['11', 'constant.language.ip-address.zone-id'],
    ['51234', 'constant.numeric.integer.port'],
  ]);
  await check('fixture', 'smtp-receive-edge.log', 'fe80::99%11', [['fe80::99', 'constant.language.ip-address.v6'], ['11', 'constant.language.ip-address.zone-id']]);
});

test('quoted fields and their "" escapes', async () => {
  await check('sample', TARPIT, ',2,', [['"220', 'string.quoted.double'], ['Tue, 13 Dec', 'string.quoted.double'], ['-0500"', 'string.quoted.double']]);
  const t = lineWith(await doc('sample', TARPIT), ',2,');
  assert.ok(hasScope(scopesOfText(t, '"220')[0], 'punctuation.definition.string.begin' + L), dump(t));
  // A comma inside quotes does not end the field: the rest is still sent data.
  expectScope(t, ' 13 Dec 2016 20:17:34 -0500', 'string.unquoted.data.sent');
  await check('sample', RECV, 'TLS protocol', [['strength 128 bits, MAC hash', 'comment.line.data.information']]);
  await check('sample', IMAP2, 'authenticate', [['""', 'constant.character.escape.quote'], ['""', 'constant.character.escape.quote', 1], ['""', 'constant.character.escape.quote', 2]]);
  await check('fixture', 'smtp-receive-edge.log', ',16,', [['""EX02""', 'string.quoted.double'], ['""', 'constant.character.escape.quote']]);
  await check('sample', 'other-exchange/qazeer-artefacts-Rps_Cmdlet_2023011116-1.log', 'ResultSize', [['""', 'constant.character.escape.quote'], ['-ResultSize ', 'string.quoted.double']]);
});

test('SMTP commands', async () => {
  await check('sample', TARPIT, ',3,', [['EHLO', 'keyword.other.command.smtp']]);
  await check('sample', TARPIT, ',14,', [['AUTH', 'keyword.other.command.smtp']]);
  await check('sample', RECV, ',4,', [['STARTTLS', 'keyword.other.command.smtp']]);
  await check('sample', SEND, ',7,', [['MAIL FROM:', 'keyword.other.command.smtp']]);
  await check('sample', SEND, ',9,', [['RCPT TO:', 'keyword.other.command.smtp']]);
  await check('sample', SEND, ',11,', [['DATA', 'keyword.other.command.smtp']]);
  await check('sample', SEND, ',14,', [['QUIT', 'keyword.other.command.smtp']]);
  const f = 'smtp-receive-edge.log';
  await check('fixture', f, ',7,', [['BDAT', 'keyword.other.command.smtp']], [['1024 LAST', 'keyword']]);
  await check('fixture', f, ',8,', [['RSET', 'keyword.other.command.smtp']]);
  await check('fixture', f, ',9,', [['NOOP', 'keyword.other.command.smtp']]);
  await check('fixture', f, ',10,', [['XEXCH50', 'keyword.other.command.smtp']]);
  await check('fixture', f, ',11,', [['X-ANONYMOUSTLS', 'keyword.other.command.smtp']]);
  await check('fixture', f, ',12,', [['XPROXY', 'keyword.other.command.smtp']]);
  // A verb is only a verb at the start of the data: "DATA" inside a reply is text.
  await check('fixture', f, ',14,', [['354', 'constant.numeric.reply-code.intermediate']], [['Start mail input', 'keyword']]);
});

test('reply codes by class, enhanced status codes', async () => {
  const f = 'smtp-receive-edge.log';
  await check('fixture', f, ',2,', [['250', 'constant.numeric.reply-code.success'], ['2.1.0', 'constant.numeric.enhanced-status-code.success']], [['250', 'invalid']]);
  await check('sample', TARPIT, ',2,', [['220', 'constant.numeric.reply-code.success']]);
  await check('sample', RECV, ',14,', [['334', 'constant.numeric.reply-code.intermediate']], [['334', 'invalid']]);
  await check('fixture', f, ',6,', [['452', 'entity.name.function.reply-code.transient-failure'], ['4.3.1', 'entity.name.function.enhanced-status-code.transient-failure']]);
  await check('fixture', f, ',15,', [['421', 'entity.name.function.reply-code.transient-failure'], ['4.4.2', 'entity.name.function.enhanced-status-code']]);
  await check('fixture', f, ',4,', [['550', 'invalid.illegal.reply-code.permanent-failure'], ['5.1.10', 'invalid.illegal.enhanced-status-code.permanent-failure']]);
  await check('sample', TARPIT, ',16,', [['504', 'invalid.illegal.reply-code.permanent-failure'], ['5.7.4', 'invalid.illegal.enhanced-status-code']]);
  await check('sample', RECV, ',5,', [['220', 'constant.numeric.reply-code.success'], ['2.0.0', 'constant.numeric.enhanced-status-code.success']]);
  // Reply in a Send log (received side).
  await check('sample', SEND, ',10,', [['250', 'constant.numeric.reply-code.success'], ['2.1.5', 'constant.numeric.enhanced-status-code']]);
});

test('addresses in <…>, EHLO capability lines', async () => {
  await check('sample', SEND, ',9,', [['<', 'punctuation.definition.address.begin'], ['****@hispanicliving.shop**', 'variable.other.address']]);
  await check('sample', SEND, ',7,', [['<>', 'punctuation.definition.address']]);
  await check('fixture', 'smtp-receive-edge.log', ',1,', [['sender@example.org', 'variable.other.address']]);
  await check('sample', RECV, ',14,', [['authentication response', 'variable.other.address']]);
  // Exchange 2013+ one-line EHLO response.
  await check('sample', RECV, ',3,', [
    ['SIZE', 'variable.other.constant.capability'],
    ['PIPELINING', 'variable.other.constant.capability'],
    ['X-ANONYMOUSTLS', 'variable.other.constant.capability'],
    ['CHUNKING', 'variable.other.constant.capability'],
    ['XRDST', 'variable.other.constant.capability'],
    ['95.10.20.33', 'constant.language.ip-address.v4', 1],
  ]);
  // Exchange 2010: one extension per line.
  await check('sample', TARPIT, ',5,', [['250', 'constant.numeric.reply-code.success'], ['SIZE', 'variable.other.constant.capability']]);
  await check('sample', TARPIT, ',8,', [['ENHANCEDSTATUSCODES', 'variable.other.constant.capability']]);
  await check('sample', TARPIT, ',13,', [['CHUNKING', 'variable.other.constant.capability']]);
  // The word AUTH in a client command is a verb, not a capability.
  await check('sample', TARPIT, ',14,', [], [['AUTH', 'variable.other.constant.capability']]);
});

test('POP3/IMAP4: command column, success versus failure in the context', async () => {
  await check('sample', POP, ',pass,', [['pass', 'keyword.other.command'], ['*****', 'variable.parameter.command-parameters'], ['OK', 'markup.inserted.status.success']]);
  await check('sample', POP, ',user,', [['user', 'keyword.other.command'], ['OK', 'markup.inserted.status.success']]);
  await check('sample', IMAP, 'E2,1,', [['capability', 'keyword.other.command'], ['ok', 'markup.inserted.status.success']]);
  await check('sample', IMAP, 'E2,0,', [['OpenSession', 'keyword.other.command.open-session']]);
  await check('sample', IMAP, 'E2,3,', [['CloseSession', 'keyword.other.command.close-session']]);
  await check('sample', IMAP, 'E2,2,', [['login', 'keyword.other.command'], ['NO', 'invalid.illegal.failure'], ['ProxyNotAuthenticated', 'invalid.illegal.failure'], ['ErrMsg', 'variable.other.key.error']], [['aXSV', 'invalid']]);
  await check('sample', IMAP2, 'authenticate', [['NO', 'invalid.illegal.failure'], ['AuthFailed:LogonDenied', 'invalid.illegal.failure', 1]], [['PLAIN', 'invalid']]);
  await check('fixture', 'headerless.log', ',pass,', [['-ERR', 'invalid.illegal.failure'], ['LogonFailed:AuthFailed', 'invalid.illegal.failure']]);
  await check('fixture', 'headerless.log', ',select,', [['select', 'keyword.other.command'], ['BAD', 'invalid.illegal.failure']]);
  // The IMAP4 elastic sample: the long nested ActivityContextData context with R=OK.
  await check('sample', 'imap4/elastic-integrations-pipeline-test-imap4.log', 'examine', [['examine', 'keyword.other.command'], ['OK', 'markup.inserted.status.success'], ['UidNext', 'variable.other.key']], [['INBOX', 'invalid']]);
});

test('connectivity: direction and failure descriptions', async () => {
  await check('sample', CONN, 'MapiSubmission', [['MapiSubmission', 'storage.type.source'], ['+', 'markup.inserted.event.connect'], ['Exchange-Server.contoso.com', 'markup.inserted.data.connect']]);
  await check('sample', CONN, 'Established', [['>', 'keyword.control.event.send'], ['Established connection to ', 'string.unquoted.data.sent'], ['192.168.0.12', 'constant.language.ip-address.v4']]);
  await check('sample', CONN, 'Messages:', [['-', 'markup.deleted.event.disconnect', 2], ['Messages: 0 Bytes: 0', 'markup.deleted.data.disconnect']]);
  await check('fixture', 'headerless.log', 'Failed connection', [['>', 'keyword.control.event.send'], ['Failed', 'invalid.illegal.failure'], ['TimedOut', 'invalid.illegal.failure']]);
  await check('fixture', 'headerless.log', 'Winsock', [['Failed', 'invalid.illegal.failure'], ['Winsock error code: 10060', 'invalid.illegal.failure']]);
  // The same failure text in an SMTP Send log's information line.
  await check('sample', SEND_ELASTIC, 'Winsock', [['Failed', 'invalid.illegal.failure'], ['Winsock error code: 10061', 'invalid.illegal.failure'], ['Win32 error code: 10061', 'invalid.illegal.failure'], ['Error Message:', 'invalid.illegal.failure']], [['Destination domain', 'invalid'], [' No connection', 'invalid']]);
  await check('sample', RECV, 'LogonDenied', [['failed', 'invalid.illegal.failure'], ['LogonDenied', 'invalid.illegal.failure']]);
});

test('message tracking: source and event-id, problems marked', async () => {
  await check('sample', MSGTRK16, 'RECEIVE', [['STOREDRIVER', 'storage.type.source'], ['RECEIVE', 'keyword.other.event-id']], [['RECEIVE', 'invalid']]);
  await check('sample', MSGTRK10, 'NOTIFYMAPI', [['NOTIFYMAPI', 'keyword.other.event-id'], ['MDB:61914740', 'string.quoted.double']]);
  await check('sample', MSGTRK_NOHDR, 'RESOLVE', [['ROUTING', 'storage.type.source'], ['RESOLVE', 'keyword.other.event-id'], ['mail1@test.com', 'variable.other.address']]);
  await check('sample', 'msgtrk/kinesistap-ex2013-amazon-msgtrk.log', 'HAREDIRECT', [['HAREDIRECT', 'keyword.other.event-id']]);
  const f = 'headerless.log';
  await check('fixture', f, ',FAIL,', [['FAIL', 'invalid.illegal.event-id.problem'], ['550', 'invalid.illegal.reply-code'], ['5.1.10', 'invalid.illegal.enhanced-status-code'], ['nobody@example.com', 'variable.other.address']]);
  await check('fixture', f, ',DSN,DSN,', [['DSN', 'invalid.illegal.event-id.problem', 1]], [['DSN', 'invalid', 0]]);
  await check('fixture', f, 'POISONMESSAGE', [['POISONMESSAGE', 'invalid.illegal.event-id.problem']]);
  await check('fixture', f, ',DEFER,', [['DEFER', 'entity.name.function.event-id.deferred'], ['451', 'entity.name.function.reply-code'], ['4.4.0', 'entity.name.function.enhanced-status-code']]);
});

test('W3C extended (IIS SMTP): directives, verbs and status codes in their columns', async () => {
  await check('sample', W3C, '#Software', [['Software', 'keyword.other.directive'], ['Microsoft Internet Information Services 5.0', 'string.unquoted.directive-value']]);
  await check('sample', W3C, ' HELO - +36A42160', [
    ['2006-10-09', 'constant.numeric.timestamp.date'],
    ['05:00:15', 'constant.numeric.timestamp.time'],
    ['24.118.118.106', 'constant.language.ip-address.v4'],
    ['HELO', 'keyword.other.command.smtp'],
    ['250', 'constant.numeric.reply-code.success'],
  ]);
  await check('sample', W3C, 'MAIL - +FROM:+<EldonpyzWestoncusk', [['MAIL', 'keyword.other.command.smtp'], ['EldonpyzWestoncusk@sbcglobal.net', 'variable.other.address'], ['+', 'constant.character.escape.space']]);
  await check('sample', W3C, ' QUIT - 36A42160', [['QUIT', 'keyword.other.command.smtp'], ['240', 'constant.numeric.reply-code.success']]);
  await check('sample', W3C, ' xxxx ', [['xxxx', 'keyword.other.command.smtp'], ['500', 'invalid.illegal.reply-code.permanent-failure']]);
  // Header-less W3C lines are recognised by their shape.
  await check('fixture', 'headerless.log', ' RCPT - ', [['RCPT', 'keyword.other.command.smtp'], ['550', 'invalid.illegal.reply-code']]);
  await check('fixture', 'headerless.log', ' MAIL - ', [['MAIL', 'keyword.other.command.smtp'], ['451', 'entity.name.function.reply-code']]);
});

test('the kind travels from #Log-type to the following lines, and changes at the next header', async () => {
  const lines = await doc('fixture', 'kind-switch.log');
  const smtp = lineWith(lines, 'EHLO ex01');
  assert.ok(hasScope(smtp.tokens[0].scopes, 'meta.log.smtp' + L), dump(smtp));
  expectScope(smtp, 'EHLO', 'keyword.other.command.smtp');
  const trk = lineWith(lines, ',DEFER,');
  assert.ok(hasScope(trk.tokens[0].scopes, 'meta.log.message-tracking' + L), dump(trk));
  assert.ok(!hasScope(trk.tokens[0].scopes, 'meta.log.smtp' + L), dump(trk));
  expectScope(trk, 'DEFER', 'entity.name.function.event-id.deferred');
  // The second #Software line is outside both blocks.
  const sw = lines.filter((l) => l.line.startsWith('#Software'))[1];
  assert.ok(!hasScope(sw.tokens[0].scopes, 'meta.log'), dump(sw));
});

test('header-less excerpts are recognised by their shape', async () => {
  const shapes: [string, string, string][] = [
    ['smtp-receive/elastic-integrations-pipeline-test-smtpreceive.log', 'EHLO', 'meta.record.smtp'],
    ['smtp-receive/blog-ylmf-pc-ex2010-ehlo-filtered.log', 'masscan', 'meta.record.smtp'],
    [CONN, 'Established', 'meta.record.connectivity'],
    [POP, ',pass,', 'meta.record.pop-imap'],
    [MSGTRK_NOHDR, 'RESOLVE', 'meta.record.message-tracking'],
  ];
  for (const [file, marker, scope] of shapes) {
    const t = lineWith(await doc('sample', file), marker);
    assert.ok(hasScope(t.tokens[0].scopes, scope + L), `${file}: ${dump(t)}`);
    assert.ok(!hasScope(t.tokens[0].scopes, 'meta.log'), `${file}: should be outside any header block`);
  }
  // W3C lines whose #Fields has no date column still get their time, verb and addresses.
  const { grammar: g } = { grammar: await grammar() };
  const [, w3cNoDate] = tokenizeLines(g, ['#Software: Microsoft Internet Information Services 6.0', '05:00:42 192.168.1.247 EHLO - +notify.ossec.net 250 0 47 21 0 SMTP - - - -']);
  expectScope(w3cNoDate, '05:00:42', 'constant.numeric.timestamp.time');
  expectScope(w3cNoDate, 'EHLO', 'keyword.other.command.smtp');
  expectScope(w3cNoDate, '192.168.1.247', 'constant.language.ip-address.v4');
  // A line of another Exchange log is not taken for an SMTP or tracking record.
  const agent = lineWith(await doc('sample', 'other-exchange/wazuh-ruleset-ex2013-proxylogon-httpproxy-ecp.log'), 'ecp');
  assert.ok(!agent.tokens.some((k) => hasScope(k.scopes, 'meta.record')), dump(agent));
  expectScope(agent, '2021-04-06T14:54:34.255Z', 'constant.numeric.timestamp');
  // The NCSA-format file is not a W3C record either.
  const ncsa = (await doc('sample', 'w3c-smtp/ossec-docs-exchange2000-smtpsvc-ncsa.log'))[3];
  assert.ok(!ncsa.tokens.some((k) => hasScope(k.scopes, 'meta.record')), dump(ncsa));
});
