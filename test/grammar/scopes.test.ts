/**
 * Scope assertions for the TextMate grammar, on our own logs (test/fixtures/logs) and fixture lines
 * (test/fixtures/grammar), and on the real samples (../shared/samples) when they are present, tokenized
 * with vscode-textmate + vscode-oniguruma.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { execFileSync } from 'child_process';
import type { IGrammar } from 'vscode-textmate';
import { fixtureLog, fixtureLogs, readSample, repoRoot, sampleFiles } from '../helpers/paths';
import { ALL_LOGS, layeredTest } from '../helpers/layers';
import { dump, hasScope, loadGrammar, scopesOfText, splitLines, TokenizedLine, tokenizeLines, SCOPE_NAME } from './tm';

const L = '.exchange-log';
let grammarP: Promise<IGrammar> | undefined;
const grammar = () => (grammarP ??= loadGrammar().then((g) => g.grammar));

/** A public sample, one of our logs (test/fixtures/logs), or a file of grammar fixture lines (test/fixtures/grammar). */
type Source = 'sample' | 'log' | 'fixture';

const docCache = new Map<string, TokenizedLine[]>();
async function doc(kind: Source, name: string): Promise<TokenizedLine[]> {
  const key = kind + ':' + name;
  let d = docCache.get(key);
  if (!d) {
    const text = kind === 'sample' ? readSample(name) : kind === 'log' ? fixtureLog(name) : fs.readFileSync(path.join(repoRoot(), 'test', 'fixtures', 'grammar', name), 'utf8');
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
async function check(kind: Source, file: string, marker: string, cases: Case[], absent: Case[] = []): Promise<void> {
  const t = lineWith(await doc(kind, file), marker);
  for (const [needle, scope, occ] of cases) expectScope(t, needle, scope, occ ?? 0);
  for (const [needle, scope, occ] of absent) expectNoScope(t, needle, scope, occ ?? 0);
}

/** A check of one line: the log it is in, a marker that finds the line, the scopes parts of it must have and must not have. */
type Check = [kind: Source, file: string, marker: string, cases: Case[], absent?: Case[]];

async function checkAll(checks: Check[]): Promise<void> {
  for (const [kind, file, marker, cases, absent] of checks) await check(kind, file, marker, cases, absent);
}

// The public samples.
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

// Our own logs of the same situations (test/fixtures/logs).
const F_RECV = 'smtp-receive/RECV2024031409-1.LOG';
const F_TARPIT = 'smtp-receive/RECV20240315-1.LOG';
const F_SEND = 'smtp-send/SEND2024031914-1-MANGLED.LOG';
const F_SEND_FAILED = 'smtp-send/SEND2024031811-excerpt.log';
const F_CONN = 'connectivity/CONNECTLOG20240322-1.LOG';
const F_CONN_NOHDR = 'connectivity/CONNECTLOG20240322-excerpt.log';
const F_IMAP = 'imap4/IMAP420240320-1.LOG';
const F_IMAP2 = 'imap4/IMAP420240320-2.LOG';
const F_IMAP3 = 'imap4/IMAP420240321-1.LOG';
const F_POP = 'pop3/POP320240321-1.LOG';
const F_MSGTRK16 = 'msgtrk/MSGTRKMS2024032508-1.LOG';
const F_MSGTRK10 = 'msgtrk/MSGTRK20240323-1.LOG';
const F_MSGTRK13 = 'msgtrk/MSGTRK2024032417-1.LOG';
const F_MSGTRK_NOHDR = 'msgtrk/MSGTRK2024032609-excerpt.log';
const F_W3C = 'w3c-smtp/ex240323.log';

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

layeredTest('lines of other Exchange logs stay generic inside their header block', ALL_LOGS, async (files) => {
  let checked = 0;
  for (const s of files.filter((f) => f.folder === 'other-exchange')) {
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

const RECORD_LINES = {
  fixtures: () => ({ files: fixtureLogs(), ncsa: 'w3c-smtp/nc240323.log' }),
  samples: () => ({ files: sampleFiles(), ncsa: 'w3c-smtp/ossec-docs-exchange2000-smtpsvc-ncsa.log' }),
};

layeredTest('every line of every sample tokenizes, and record lines of the known kinds get a record scope', RECORD_LINES, async ({ files, ncsa }) => {
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
  for (const s of files) {
    if (!/\.log$/i.test(s.name)) continue;
    const lines = tokenizeLines(g, splitLines(s.text));
    const want = expectRecord[s.folder];
    if (!want || s.name === ncsa) continue;
    for (const t of lines) {
      const bare = t.line.replace(/^\uFEFF/, '');
      if (bare.startsWith('#') || /^(Software|Version|Log-type|Date|Fields):/.test(bare)) continue;
      // The one IMAP line whose last column was cut off still has 11 columns and must still be read.
      assert.ok(t.tokens.length > 0 && hasScope(t.tokens[0].scopes, want), `${s.name}: not a ${want} line:\n  ${t.line}\n${dump(t)}`);
      checked++;
    }
  }
  assert.ok(checked > 100, `only ${checked} record lines checked`);
});

const EVENTS = {
  fixtures: (): [Source, string] => ['log', F_TARPIT],
  samples: (): [Source, string] => ['sample', TARPIT],
};

layeredTest('the five event characters get five distinct scopes (SMTP receive sample)', EVENTS, async ([kind, file]) => {
  const lines = await doc(kind, file);
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

layeredTest('the data of a line follows its event: sent, received, information and disconnect differ', {
  fixtures: (): Check[] => [
    ['log', F_TARPIT, ',3,', [['win-q3m7', 'entity.name.type.data.received']]],
    ['log', F_TARPIT, ',16,', [['Unrecognized authentication type', 'string.unquoted.data.sent']]],
    ['log', F_TARPIT, ',15,', [["Tarpit for '0.00:00:05'", 'comment.line.data.information']]],
    ['log', F_TARPIT, ',17,', [['Remote', 'markup.deleted.data.disconnect']]],
    // A Send log reverses the roles: what we sent is the command, what we received the reply.
    ['log', F_SEND, ',4,', [['>', 'keyword.control.event.send'], ['mail.contoso.com', 'string.unquoted.data.sent']]],
    ['log', F_SEND, ',8,', [['<', 'entity.name.type.event.receive'], [' Ok', 'entity.name.type.data.received']]],
  ],
  samples: (): Check[] => [
    ['sample', TARPIT, ',3,', [['ylmf-pc', 'entity.name.type.data.received']]],
    ['sample', TARPIT, ',16,', [['Unrecognized authentication type', 'string.unquoted.data.sent']]],
    ['sample', TARPIT, ',15,', [["Tarpit for '0.00:00:05'", 'comment.line.data.information']]],
    ['sample', TARPIT, ',17,', [['Remote', 'markup.deleted.data.disconnect']]],
    ['sample', SEND, ',4,', [['>', 'keyword.control.event.send'], ['My.Mail.Server.com', 'string.unquoted.data.sent', 1]]],
    ['sample', SEND, ',8,', [['<', 'entity.name.type.event.receive'], [' Ok', 'entity.name.type.data.received']]],
  ],
}, checkAll);

layeredTest('directive lines: name and value', {
  fixtures: (): Check[] => [
    ['log', F_RECV, '#Software', [['#Software', 'keyword.other.directive'], ['Microsoft Exchange Server', 'string.unquoted.directive-value']]],
    ['log', F_RECV, '#Version', [['Version', 'keyword.other.directive'], ['15.0.0.0', 'constant.numeric.version']]],
    ['log', F_RECV, '#Log-type', [['Log-type', 'keyword.other.directive'], ['SMTP Receive Protocol Log', 'markup.heading.log-type']]],
    ['log', F_RECV, '#Date', [['2024-03-14T09:00:00.317Z', 'constant.numeric.timestamp']]],
    ['log', F_RECV, '#Fields', [['date-time', 'variable.other.field-name'], ['context', 'variable.other.field-name']]],
    // The BOM-prefixed first line of a message-tracking log.
    ['log', F_MSGTRK10, 'Software', [['#Software', 'keyword.other.directive'], ['Microsoft Exchange Server', 'string.unquoted.directive-value']]],
    // Directive names are case-insensitive (#Log-Type as documented).
    ['fixture', 'smtp-receive-edge.log', '#Log-Type', [['SMTP Receive Protocol Log', 'markup.heading.log-type']]],
    // W3C: date and time in #Date, space-separated #Fields.
    ['log', F_W3C, '#Date', [['2024-03-23', 'constant.numeric.timestamp'], ['08:30:02', 'constant.numeric.timestamp']]],
    ['log', F_W3C, '#Fields', [['c-ip', 'variable.other.field-name'], ['sc-status', 'variable.other.field-name']]],
    // The MANGLED log lost its '#': still read as a directive, marked as damaged.
    ['log', F_SEND, 'Software:', [['Software', 'invalid.deprecated.missing-hash'], ['Microsoft Exchange Server', 'string.unquoted.directive-value']]],
    ['log', F_SEND, 'Log-type:', [['Log-type', 'invalid.deprecated.missing-hash'], ['SMTP Send Protocol Log', 'markup.heading.log-type']]],
  ],
  samples: (): Check[] => [
    ['sample', RECV, '#Software', [['#Software', 'keyword.other.directive'], ['Microsoft Exchange Server', 'string.unquoted.directive-value']]],
    ['sample', RECV, '#Version', [['Version', 'keyword.other.directive'], ['15.0.0.0', 'constant.numeric.version']]],
    ['sample', RECV, '#Log-type', [['Log-type', 'keyword.other.directive'], ['SMTP Receive Protocol Log', 'markup.heading.log-type']]],
    ['sample', RECV, '#Date', [['2023-01-11T16:00:04.113Z', 'constant.numeric.timestamp']]],
    ['sample', RECV, '#Fields', [['date-time', 'variable.other.field-name'], ['context', 'variable.other.field-name']]],
    ['sample', MSGTRK10, 'Software', [['#Software', 'keyword.other.directive'], ['Microsoft Exchange Server', 'string.unquoted.directive-value']]],
    ['sample', W3C, '#Date', [['2006-10-09', 'constant.numeric.timestamp'], ['05:00:15', 'constant.numeric.timestamp']]],
    ['sample', W3C, '#Fields', [['c-ip', 'variable.other.field-name'], ['sc-status', 'variable.other.field-name']]],
    ['sample', SEND, 'Software:', [['Software', 'invalid.deprecated.missing-hash'], ['Microsoft Exchange Server', 'string.unquoted.directive-value']]],
    ['sample', SEND, 'Log-type:', [['Log-type', 'invalid.deprecated.missing-hash'], ['SMTP Send Protocol Log', 'markup.heading.log-type']]],
  ],
}, checkAll);

layeredTest('timestamps, session ids, sequence numbers, connector names', {
  fixtures: () => ({
    recv: ['log', F_RECV] as [Source, string],
    checks: [
      ['log', F_RECV, ',14,', [
        ['2024-03-14T09:12:53.940Z', 'constant.numeric.timestamp'],
        ['EX02\\Default Frontend EX02', 'variable.other.connector'],
        ['08DC4417E9A3B5C7', 'variable.other.constant.session-id'],
        ['14', 'meta.record.smtp'],
      ]],
      // Connector with a trailing space (Exchange 2010).
      ['log', F_TARPIT, ',5,', [['CAS01\\Default CAS01 ', 'variable.other.connector'], ['08CE4B2A9F1D3C07', 'variable.other.constant.session-id']]],
      // POP3/IMAP4 counters.
      ['log', F_IMAP, '00000000000002A1,2,', [['00000000000002A1', 'variable.other.constant.session-id'], ['131', 'constant.numeric.integer.duration']]],
      // Connectivity session.
      ['log', F_CONN, 'MapiDelivery', [['08DC4A9E11D0C3F4', 'variable.other.constant.session-id'], ['2024-03-22T16:04:31.022Z', 'constant.numeric.timestamp']]],
    ] as Check[],
  }),
  samples: () => ({
    recv: ['sample', RECV] as [Source, string],
    checks: [
      ['sample', RECV, ',14,', [
        ['2023-01-11T16:00:06.195Z', 'constant.numeric.timestamp'],
        ['SERVER-HOSTNAME\\Default Frontend SERVER-HOSTNAME', 'variable.other.connector'],
        ['123453EC62278461', 'variable.other.constant.session-id'],
        ['14', 'meta.record.smtp'],
      ]],
      // Connector with a trailing space, all-zero session id (Exchange 2010 sample).
      ['sample', TARPIT, ',5,', [['EX\\Default ', 'variable.other.connector'], ['0000000000000000', 'variable.other.constant.session-id']]],
      ['sample', IMAP, '00000000000000E2,2,', [['00000000000000E2', 'variable.other.constant.session-id'], ['122', 'constant.numeric.integer.duration']]],
      ['sample', CONN, 'MapiSubmission', [['08D03F2DE58E0D70', 'variable.other.constant.session-id'], ['2013-06-27T21:08:37.520Z', 'constant.numeric.timestamp']]],
    ] as Check[],
  }),
}, async ({ recv, checks }) => {
  await checkAll(checks.slice(0, 1));
  const t = lineWith(await doc(...recv), ',14,');
  assert.ok(hasScope(scopesOfText(t, ',14,')[1], 'constant.numeric.integer.sequence-number' + L), dump(t));
  await checkAll(checks.slice(1));
});

layeredTest('endpoints: IPv4:port, host:port, IPv6 with and without brackets and zone ids, empty local endpoint', {
  fixtures: () => ({
    before: [
      ['log', F_RECV, ',4,', [['10.20.30.40', 'constant.language.ip-address.v4'], ['25', 'constant.numeric.integer.port'], ['198.51.100.23', 'constant.language.ip-address'], ['50714', 'constant.numeric.integer.port']]],
      ['log', F_TARPIT, ',0,', [['192.168.10.5', 'constant.language.ip-address.v4'], ['203.0.113.88', 'constant.language.ip-address.v4']]],
      ['log', F_SEND, ',2,', [['OurServerInternalIP', 'constant.language.host-name'], ['21877', 'constant.numeric.integer.port']]],
      ['log', F_SEND_FAILED, 'attempting', [['10.20.30.41', 'constant.language.ip-address.v4'], ['2525', 'constant.numeric.integer.port']]],
      ['log', F_MSGTRK16, 'RECEIVE', [
        ['fe80::5d2a:9c41:e07b:3f18', 'constant.language.ip-address.v6'],
        ['fe80::5d2a:9c41:e07b:3f18', 'constant.language.ip-address.v6', 1],
        ['%', 'punctuation.separator.zone-id'],
      ]],
    ] as Check[],
    zone: ['log', F_MSGTRK16, '3f18%7,EX03,'] as [Source, string, string],
    after: [
      ['fixture', 'smtp-receive-edge.log', ',0,[', [
        ['2001:db8::25', 'constant.language.ip-address.v6'],
        ['[', 'punctuation.definition.ip-address.begin'],
        ['2001:db8::99', 'constant.language.ip-address.v6'],
        ['11', 'constant.language.ip-address.zone-id'],
        ['51234', 'constant.numeric.integer.port'],
      ]],
      ['fixture', 'smtp-receive-edge.log', 'fe80::99%11', [['fe80::99', 'constant.language.ip-address.v6'], ['11', 'constant.language.ip-address.zone-id']]],
    ] as Check[],
  }),
  samples: () => ({
    before: [
      ['sample', RECV, ',4,', [['10.10.10.10', 'constant.language.ip-address.v4'], ['25', 'constant.numeric.integer.port'], ['95.10.20.33', 'constant.language.ip-address'], ['56026', 'constant.numeric.integer.port']]],
      ['sample', TARPIT, ',0,', [['x.x.x.x', 'constant.language.host-name'], ['91.112.61.94', 'constant.language.ip-address.v4']]],
      ['sample', SEND, ',2,', [['InternalIPOfMyMailServer', 'constant.language.host-name'], ['10437', 'constant.numeric.integer.port']]],
      ['sample', SEND_ELASTIC, 'attempting', [['10.11.12.13', 'constant.language.ip-address.v4'], ['2525', 'constant.numeric.integer.port']]],
      ['sample', MSGTRK16, 'RECEIVE', [
        ['fe80::1234:5678:4321:1010', 'constant.language.ip-address.v6'],
        ['1234:5678:4321:1010', 'constant.language.ip-address.v6', 1],
        ['%', 'punctuation.separator.zone-id'],
      ]],
    ] as Check[],
    zone: ['sample', MSGTRK16, '1010%3,SERVER-HOSTNAME,'] as [Source, string, string],
    after: [] as Check[],
  }),
}, async ({ before, zone: [kind, file, zone], after }) => {
  await checkAll(before);
  const trk = lineWith(await doc(kind, file), 'RECEIVE');
  assert.ok(hasScope(scopesOfText(trk, zone)[5], 'constant.language.ip-address.zone-id' + L), dump(trk));
  await checkAll(after);
});

layeredTest('quoted fields and their "" escapes', {
  fixtures: () => ({
    banner: ['log', F_TARPIT] as [Source, string],
    quoted: [['"220', 'string.quoted.double'], ['Fri, 15 Mar', 'string.quoted.double'], ['+0100"', 'string.quoted.double']] as Case[],
    afterComma: ' 15 Mar 2024 03:41:07 +0100',
    checks: [
      ['log', F_RECV, 'TLS protocol', [['strength 256 bits, MAC hash', 'comment.line.data.information']]],
      ['log', F_IMAP2, 'authenticate', [['""', 'constant.character.escape.quote'], ['""', 'constant.character.escape.quote', 1], ['""', 'constant.character.escape.quote', 2]]],
      ['fixture', 'smtp-receive-edge.log', ',16,', [['""EX02""', 'string.quoted.double'], ['""', 'constant.character.escape.quote']]],
      ['log', 'other-exchange/Rps_Cmdlet_2024032511-1.LOG', 'ResultSize', [['""', 'constant.character.escape.quote'], ['-ResultSize ', 'string.quoted.double']]],
    ] as Check[],
  }),
  samples: () => ({
    banner: ['sample', TARPIT] as [Source, string],
    quoted: [['"220', 'string.quoted.double'], ['Tue, 13 Dec', 'string.quoted.double'], ['-0500"', 'string.quoted.double']] as Case[],
    afterComma: ' 13 Dec 2016 20:17:34 -0500',
    checks: [
      ['sample', RECV, 'TLS protocol', [['strength 128 bits, MAC hash', 'comment.line.data.information']]],
      ['sample', IMAP2, 'authenticate', [['""', 'constant.character.escape.quote'], ['""', 'constant.character.escape.quote', 1], ['""', 'constant.character.escape.quote', 2]]],
      ['sample', 'other-exchange/qazeer-artefacts-Rps_Cmdlet_2023011116-1.log', 'ResultSize', [['""', 'constant.character.escape.quote'], ['-ResultSize ', 'string.quoted.double']]],
    ] as Check[],
  }),
}, async ({ banner: [kind, file], quoted, afterComma, checks }) => {
  await check(kind, file, ',2,', quoted);
  const t = lineWith(await doc(kind, file), ',2,');
  assert.ok(hasScope(scopesOfText(t, '"220')[0], 'punctuation.definition.string.begin' + L), dump(t));
  // A comma inside quotes does not end the field: the rest is still sent data.
  expectScope(t, afterComma, 'string.unquoted.data.sent');
  await checkAll(checks);
});

layeredTest('SMTP commands', {
  fixtures: (): Check[] => {
    const f = 'smtp-receive-edge.log';
    return [
      ['log', F_TARPIT, ',3,', [['EHLO', 'keyword.other.command.smtp']]],
      ['log', F_TARPIT, ',14,', [['AUTH', 'keyword.other.command.smtp']]],
      ['log', F_RECV, ',4,', [['STARTTLS', 'keyword.other.command.smtp']]],
      ['log', F_SEND, ',7,', [['MAIL FROM:', 'keyword.other.command.smtp']]],
      ['log', F_SEND, ',9,', [['RCPT TO:', 'keyword.other.command.smtp']]],
      ['log', F_SEND, ',11,', [['DATA', 'keyword.other.command.smtp']]],
      ['log', F_SEND, ',14,', [['QUIT', 'keyword.other.command.smtp']]],
      ['fixture', f, ',7,', [['BDAT', 'keyword.other.command.smtp']], [['1024 LAST', 'keyword']]],
      ['fixture', f, ',8,', [['RSET', 'keyword.other.command.smtp']]],
      ['fixture', f, ',9,', [['NOOP', 'keyword.other.command.smtp']]],
      ['fixture', f, ',10,', [['XEXCH50', 'keyword.other.command.smtp']]],
      ['fixture', f, ',11,', [['X-ANONYMOUSTLS', 'keyword.other.command.smtp']]],
      ['fixture', f, ',12,', [['XPROXY', 'keyword.other.command.smtp']]],
      // A verb is only a verb at the start of the data: "DATA" inside a reply is text.
      ['fixture', f, ',14,', [['354', 'constant.numeric.reply-code.intermediate']], [['Start mail input', 'keyword']]],
    ];
  },
  samples: (): Check[] => [
    ['sample', TARPIT, ',3,', [['EHLO', 'keyword.other.command.smtp']]],
    ['sample', TARPIT, ',14,', [['AUTH', 'keyword.other.command.smtp']]],
    ['sample', RECV, ',4,', [['STARTTLS', 'keyword.other.command.smtp']]],
    ['sample', SEND, ',7,', [['MAIL FROM:', 'keyword.other.command.smtp']]],
    ['sample', SEND, ',9,', [['RCPT TO:', 'keyword.other.command.smtp']]],
    ['sample', SEND, ',11,', [['DATA', 'keyword.other.command.smtp']]],
    ['sample', SEND, ',14,', [['QUIT', 'keyword.other.command.smtp']]],
  ],
}, checkAll);

layeredTest('reply codes by class, enhanced status codes', {
  fixtures: (): Check[] => {
    const f = 'smtp-receive-edge.log';
    return [
      ['fixture', f, ',2,', [['250', 'constant.numeric.reply-code.success'], ['2.1.0', 'constant.numeric.enhanced-status-code.success']], [['250', 'invalid']]],
      ['log', F_TARPIT, ',2,', [['220', 'constant.numeric.reply-code.success']]],
      ['log', F_RECV, ',14,', [['334', 'constant.numeric.reply-code.intermediate']], [['334', 'invalid']]],
      ['fixture', f, ',6,', [['452', 'entity.name.function.reply-code.transient-failure'], ['4.3.1', 'entity.name.function.enhanced-status-code.transient-failure']]],
      ['fixture', f, ',15,', [['421', 'entity.name.function.reply-code.transient-failure'], ['4.4.2', 'entity.name.function.enhanced-status-code']]],
      ['fixture', f, ',4,', [['550', 'invalid.illegal.reply-code.permanent-failure'], ['5.1.10', 'invalid.illegal.enhanced-status-code.permanent-failure']]],
      ['log', F_TARPIT, ',16,', [['504', 'invalid.illegal.reply-code.permanent-failure'], ['5.7.4', 'invalid.illegal.enhanced-status-code']]],
      ['log', F_RECV, ',5,', [['220', 'constant.numeric.reply-code.success'], ['2.0.0', 'constant.numeric.enhanced-status-code.success']]],
      // Reply in a Send log (received side).
      ['log', F_SEND, ',10,', [['250', 'constant.numeric.reply-code.success'], ['2.1.5', 'constant.numeric.enhanced-status-code']]],
    ];
  },
  samples: (): Check[] => [
    ['sample', TARPIT, ',2,', [['220', 'constant.numeric.reply-code.success']]],
    ['sample', RECV, ',14,', [['334', 'constant.numeric.reply-code.intermediate']], [['334', 'invalid']]],
    ['sample', TARPIT, ',16,', [['504', 'invalid.illegal.reply-code.permanent-failure'], ['5.7.4', 'invalid.illegal.enhanced-status-code']]],
    ['sample', RECV, ',5,', [['220', 'constant.numeric.reply-code.success'], ['2.0.0', 'constant.numeric.enhanced-status-code.success']]],
    ['sample', SEND, ',10,', [['250', 'constant.numeric.reply-code.success'], ['2.1.5', 'constant.numeric.enhanced-status-code']]],
  ],
}, checkAll);

layeredTest('addresses in <…>, EHLO capability lines', {
  fixtures: (): Check[] => [
    ['log', F_SEND, ',9,', [['<', 'punctuation.definition.address.begin'], ['j****@adatum.com', 'variable.other.address']]],
    ['log', F_SEND, ',7,', [['<>', 'punctuation.definition.address']]],
    ['fixture', 'smtp-receive-edge.log', ',1,', [['sender@example.org', 'variable.other.address']]],
    ['log', F_RECV, ',14,', [['authentication response', 'variable.other.address']]],
    // Exchange 2013+ one-line EHLO response.
    ['log', F_RECV, ',3,', [
      ['SIZE', 'variable.other.constant.capability'],
      ['PIPELINING', 'variable.other.constant.capability'],
      ['X-ANONYMOUSTLS', 'variable.other.constant.capability'],
      ['CHUNKING', 'variable.other.constant.capability'],
      ['XRDST', 'variable.other.constant.capability'],
      ['198.51.100.23', 'constant.language.ip-address.v4', 1],
    ]],
    // Exchange 2010: one extension per line.
    ['log', F_TARPIT, ',5,', [['250', 'constant.numeric.reply-code.success'], ['SIZE', 'variable.other.constant.capability']]],
    ['log', F_TARPIT, ',8,', [['ENHANCEDSTATUSCODES', 'variable.other.constant.capability']]],
    ['log', F_TARPIT, ',13,', [['CHUNKING', 'variable.other.constant.capability']]],
    // The word AUTH in a client command is a verb, not a capability.
    ['log', F_TARPIT, ',14,', [], [['AUTH', 'variable.other.constant.capability']]],
  ],
  samples: (): Check[] => [
    ['sample', SEND, ',9,', [['<', 'punctuation.definition.address.begin'], ['****@hispanicliving.shop**', 'variable.other.address']]],
    ['sample', SEND, ',7,', [['<>', 'punctuation.definition.address']]],
    ['sample', RECV, ',14,', [['authentication response', 'variable.other.address']]],
    ['sample', RECV, ',3,', [
      ['SIZE', 'variable.other.constant.capability'],
      ['PIPELINING', 'variable.other.constant.capability'],
      ['X-ANONYMOUSTLS', 'variable.other.constant.capability'],
      ['CHUNKING', 'variable.other.constant.capability'],
      ['XRDST', 'variable.other.constant.capability'],
      ['95.10.20.33', 'constant.language.ip-address.v4', 1],
    ]],
    ['sample', TARPIT, ',5,', [['250', 'constant.numeric.reply-code.success'], ['SIZE', 'variable.other.constant.capability']]],
    ['sample', TARPIT, ',8,', [['ENHANCEDSTATUSCODES', 'variable.other.constant.capability']]],
    ['sample', TARPIT, ',13,', [['CHUNKING', 'variable.other.constant.capability']]],
    ['sample', TARPIT, ',14,', [], [['AUTH', 'variable.other.constant.capability']]],
  ],
}, checkAll);

layeredTest('POP3/IMAP4: command column, success versus failure in the context', {
  fixtures: (): Check[] => [
    ['log', F_POP, ',pass,', [['pass', 'keyword.other.command'], ['*****', 'variable.parameter.command-parameters'], ['OK', 'markup.inserted.status.success']]],
    ['log', F_POP, ',user,', [['user', 'keyword.other.command'], ['OK', 'markup.inserted.status.success']]],
    ['log', F_IMAP, 'A1,1,', [['capability', 'keyword.other.command'], ['ok', 'markup.inserted.status.success']]],
    ['log', F_IMAP, 'A1,0,', [['OpenSession', 'keyword.other.command.open-session']]],
    ['log', F_IMAP, 'A1,3,', [['CloseSession', 'keyword.other.command.close-session']]],
    ['log', F_IMAP, 'A1,2,', [['login', 'keyword.other.command'], ['NO', 'invalid.illegal.failure'], ['ProxyNotAuthenticated', 'invalid.illegal.failure'], ['ErrMsg', 'variable.other.key.error']], [['a001', 'invalid']]],
    ['log', F_IMAP2, 'authenticate', [['NO', 'invalid.illegal.failure'], ['AuthFailed:LogonDenied', 'invalid.illegal.failure', 1]], [['PLAIN', 'invalid']]],
    ['fixture', 'headerless.log', ',pass,', [['-ERR', 'invalid.illegal.failure'], ['LogonFailed:AuthFailed', 'invalid.illegal.failure']]],
    ['fixture', 'headerless.log', ',select,', [['select', 'keyword.other.command'], ['BAD', 'invalid.illegal.failure']]],
    // The long nested ActivityContextData context with R=OK.
    ['log', F_IMAP3, 'examine', [['examine', 'keyword.other.command'], ['OK', 'markup.inserted.status.success'], ['UidNext', 'variable.other.key']], [['INBOX', 'invalid']]],
  ],
  samples: (): Check[] => [
    ['sample', POP, ',pass,', [['pass', 'keyword.other.command'], ['*****', 'variable.parameter.command-parameters'], ['OK', 'markup.inserted.status.success']]],
    ['sample', POP, ',user,', [['user', 'keyword.other.command'], ['OK', 'markup.inserted.status.success']]],
    ['sample', IMAP, 'E2,1,', [['capability', 'keyword.other.command'], ['ok', 'markup.inserted.status.success']]],
    ['sample', IMAP, 'E2,0,', [['OpenSession', 'keyword.other.command.open-session']]],
    ['sample', IMAP, 'E2,3,', [['CloseSession', 'keyword.other.command.close-session']]],
    ['sample', IMAP, 'E2,2,', [['login', 'keyword.other.command'], ['NO', 'invalid.illegal.failure'], ['ProxyNotAuthenticated', 'invalid.illegal.failure'], ['ErrMsg', 'variable.other.key.error']], [['aXSV', 'invalid']]],
    ['sample', IMAP2, 'authenticate', [['NO', 'invalid.illegal.failure'], ['AuthFailed:LogonDenied', 'invalid.illegal.failure', 1]], [['PLAIN', 'invalid']]],
    // The IMAP4 elastic sample: the long nested ActivityContextData context with R=OK.
    ['sample', 'imap4/elastic-integrations-pipeline-test-imap4.log', 'examine', [['examine', 'keyword.other.command'], ['OK', 'markup.inserted.status.success'], ['UidNext', 'variable.other.key']], [['INBOX', 'invalid']]],
  ],
}, checkAll);

const WINSOCK: Case[] = [['Failed', 'invalid.illegal.failure'], ['Winsock error code: 10061', 'invalid.illegal.failure'], ['Win32 error code: 10061', 'invalid.illegal.failure'], ['Error Message:', 'invalid.illegal.failure']];
const NOT_A_FAILURE: Case[] = [['Destination domain', 'invalid'], [' No connection', 'invalid']];

layeredTest('connectivity: direction and failure descriptions', {
  fixtures: (): Check[] => [
    ['log', F_CONN, 'MapiDelivery', [['MapiDelivery', 'storage.type.source'], ['+', 'markup.inserted.event.connect'], ['mbx01.corp.contoso.com', 'markup.inserted.data.connect']]],
    ['log', F_CONN, 'Established', [['>', 'keyword.control.event.send'], ['Established connection to ', 'string.unquoted.data.sent'], ['198.51.100.25', 'constant.language.ip-address.v4']]],
    ['log', F_CONN, 'Retry : 421', [['-', 'markup.deleted.event.disconnect', 2], ['Messages: 0 Bytes: 0', 'markup.deleted.data.disconnect']]],
    ['fixture', 'headerless.log', 'Failed connection', [['>', 'keyword.control.event.send'], ['Failed', 'invalid.illegal.failure'], ['TimedOut', 'invalid.illegal.failure']]],
    ['fixture', 'headerless.log', 'Winsock', [['Failed', 'invalid.illegal.failure'], ['Winsock error code: 10060', 'invalid.illegal.failure']]],
    // The same failure text in an SMTP Send log's information line.
    ['log', F_SEND_FAILED, 'Winsock', WINSOCK, NOT_A_FAILURE],
    ['log', F_RECV, 'LogonDenied', [['failed', 'invalid.illegal.failure'], ['LogonDenied', 'invalid.illegal.failure']]],
  ],
  samples: (): Check[] => [
    ['sample', CONN, 'MapiSubmission', [['MapiSubmission', 'storage.type.source'], ['+', 'markup.inserted.event.connect'], ['Exchange-Server.contoso.com', 'markup.inserted.data.connect']]],
    ['sample', CONN, 'Established', [['>', 'keyword.control.event.send'], ['Established connection to ', 'string.unquoted.data.sent'], ['192.168.0.12', 'constant.language.ip-address.v4']]],
    ['sample', CONN, 'Messages:', [['-', 'markup.deleted.event.disconnect', 2], ['Messages: 0 Bytes: 0', 'markup.deleted.data.disconnect']]],
    ['sample', SEND_ELASTIC, 'Winsock', WINSOCK, NOT_A_FAILURE],
    ['sample', RECV, 'LogonDenied', [['failed', 'invalid.illegal.failure'], ['LogonDenied', 'invalid.illegal.failure']]],
  ],
}, checkAll);

layeredTest('message tracking: source and event-id, problems marked', {
  fixtures: (): Check[] => {
    const f = 'headerless.log';
    return [
      ['log', F_MSGTRK16, 'RECEIVE', [['STOREDRIVER', 'storage.type.source'], ['RECEIVE', 'keyword.other.event-id']], [['RECEIVE', 'invalid']]],
      ['log', F_MSGTRK10, 'NOTIFYMAPI', [['NOTIFYMAPI', 'keyword.other.event-id'], ['MDB:5c1e8a2f', 'string.quoted.double']]],
      ['log', F_MSGTRK_NOHDR, 'RESOLVE', [['ROUTING', 'storage.type.source'], ['RESOLVE', 'keyword.other.event-id'], ['m.silva@contoso.com', 'variable.other.address']]],
      ['log', F_MSGTRK13, 'HAREDIRECT', [['HAREDIRECT', 'keyword.other.event-id']]],
      ['fixture', f, ',FAIL,', [['FAIL', 'invalid.illegal.event-id.problem'], ['550', 'invalid.illegal.reply-code'], ['5.1.10', 'invalid.illegal.enhanced-status-code'], ['nobody@example.com', 'variable.other.address']]],
      ['fixture', f, ',DSN,DSN,', [['DSN', 'invalid.illegal.event-id.problem', 1]], [['DSN', 'invalid', 0]]],
      ['fixture', f, 'POISONMESSAGE', [['POISONMESSAGE', 'invalid.illegal.event-id.problem']]],
      ['fixture', f, ',DEFER,', [['DEFER', 'entity.name.function.event-id.deferred'], ['451', 'entity.name.function.reply-code'], ['4.4.0', 'entity.name.function.enhanced-status-code']]],
    ];
  },
  samples: (): Check[] => [
    ['sample', MSGTRK16, 'RECEIVE', [['STOREDRIVER', 'storage.type.source'], ['RECEIVE', 'keyword.other.event-id']], [['RECEIVE', 'invalid']]],
    ['sample', MSGTRK10, 'NOTIFYMAPI', [['NOTIFYMAPI', 'keyword.other.event-id'], ['MDB:61914740', 'string.quoted.double']]],
    ['sample', MSGTRK_NOHDR, 'RESOLVE', [['ROUTING', 'storage.type.source'], ['RESOLVE', 'keyword.other.event-id'], ['mail1@test.com', 'variable.other.address']]],
    ['sample', 'msgtrk/kinesistap-ex2013-amazon-msgtrk.log', 'HAREDIRECT', [['HAREDIRECT', 'keyword.other.event-id']]],
  ],
}, checkAll);

layeredTest('W3C extended (IIS SMTP): directives, verbs and status codes in their columns', {
  fixtures: (): Check[] => [
    ['log', F_W3C, '#Software', [['Software', 'keyword.other.directive'], ['Microsoft Internet Information Services 6.0', 'string.unquoted.directive-value']]],
    ['log', F_W3C, ' HELO - +7F3A0C21', [
      ['2024-03-23', 'constant.numeric.timestamp.date'],
      ['08:31:17', 'constant.numeric.timestamp.time'],
      ['203.0.113.201', 'constant.language.ip-address.v4'],
      ['HELO', 'keyword.other.command.smtp'],
      ['250', 'constant.numeric.reply-code.success'],
    ]],
    ['log', F_W3C, 'MAIL - +FROM:+<TerrenceqmoHarwood', [['MAIL', 'keyword.other.command.smtp'], ['TerrenceqmoHarwood@example.net', 'variable.other.address'], ['+', 'constant.character.escape.space']]],
    ['log', F_W3C, ' QUIT - 7F3A0C21', [['QUIT', 'keyword.other.command.smtp'], ['240', 'constant.numeric.reply-code.success']]],
    ['log', F_W3C, ' xxxx ', [['xxxx', 'keyword.other.command.smtp'], ['500', 'invalid.illegal.reply-code.permanent-failure']]],
    // Header-less W3C lines are recognised by their shape.
    ['fixture', 'headerless.log', ' RCPT - ', [['RCPT', 'keyword.other.command.smtp'], ['550', 'invalid.illegal.reply-code']]],
    ['fixture', 'headerless.log', ' MAIL - ', [['MAIL', 'keyword.other.command.smtp'], ['451', 'entity.name.function.reply-code']]],
  ],
  samples: (): Check[] => [
    ['sample', W3C, '#Software', [['Software', 'keyword.other.directive'], ['Microsoft Internet Information Services 5.0', 'string.unquoted.directive-value']]],
    ['sample', W3C, ' HELO - +36A42160', [
      ['2006-10-09', 'constant.numeric.timestamp.date'],
      ['05:00:15', 'constant.numeric.timestamp.time'],
      ['24.118.118.106', 'constant.language.ip-address.v4'],
      ['HELO', 'keyword.other.command.smtp'],
      ['250', 'constant.numeric.reply-code.success'],
    ]],
    ['sample', W3C, 'MAIL - +FROM:+<EldonpyzWestoncusk', [['MAIL', 'keyword.other.command.smtp'], ['EldonpyzWestoncusk@sbcglobal.net', 'variable.other.address'], ['+', 'constant.character.escape.space']]],
    ['sample', W3C, ' QUIT - 36A42160', [['QUIT', 'keyword.other.command.smtp'], ['240', 'constant.numeric.reply-code.success']]],
    ['sample', W3C, ' xxxx ', [['xxxx', 'keyword.other.command.smtp'], ['500', 'invalid.illegal.reply-code.permanent-failure']]],
  ],
}, checkAll);

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

layeredTest('header-less excerpts are recognised by their shape', {
  fixtures: () => ({
    shapes: [
      ['log', 'smtp-receive/RECV2024031710-excerpt.log', 'EHLO', 'meta.record.smtp'],
      ['log', 'smtp-receive/RECV2024031604-ehlo-lines.log', 'zgrab', 'meta.record.smtp'],
      ['log', F_CONN_NOHDR, 'Established', 'meta.record.connectivity'],
      ['log', F_POP, ',pass,', 'meta.record.pop-imap'],
      ['log', F_MSGTRK_NOHDR, 'RESOLVE', 'meta.record.message-tracking'],
    ] as [Source, string, string, string][],
    w3cNoDate: true,
    other: ['log', 'other-exchange/Ecp_HttpProxy-excerpt.log', '/ecp/', '2024-03-25T03:17:42.806Z'] as [Source, string, string, string],
    ncsa: ['log', 'w3c-smtp/nc240323.log'] as [Source, string],
  }),
  samples: () => ({
    shapes: [
      ['sample', 'smtp-receive/elastic-integrations-pipeline-test-smtpreceive.log', 'EHLO', 'meta.record.smtp'],
      ['sample', 'smtp-receive/blog-ylmf-pc-ex2010-ehlo-filtered.log', 'masscan', 'meta.record.smtp'],
      ['sample', CONN, 'Established', 'meta.record.connectivity'],
      ['sample', POP, ',pass,', 'meta.record.pop-imap'],
      ['sample', MSGTRK_NOHDR, 'RESOLVE', 'meta.record.message-tracking'],
    ] as [Source, string, string, string][],
    w3cNoDate: false,
    other: ['sample', 'other-exchange/wazuh-ruleset-ex2013-proxylogon-httpproxy-ecp.log', 'ecp', '2021-04-06T14:54:34.255Z'] as [Source, string, string, string],
    ncsa: ['sample', 'w3c-smtp/ossec-docs-exchange2000-smtpsvc-ncsa.log'] as [Source, string],
  }),
}, async (c) => {
  for (const [kind, file, marker, scope] of c.shapes) {
    const t = lineWith(await doc(kind, file), marker);
    assert.ok(hasScope(t.tokens[0].scopes, scope + L), `${file}: ${dump(t)}`);
    assert.ok(!hasScope(t.tokens[0].scopes, 'meta.log'), `${file}: should be outside any header block`);
  }
  if (c.w3cNoDate) {
    // W3C lines whose #Fields has no date column still get their time, verb and addresses.
    const [, w3cNoDate] = tokenizeLines(await grammar(), ['#Software: Microsoft Internet Information Services 6.0', '05:00:42 192.168.1.247 EHLO - +notify.ossec.net 250 0 47 21 0 SMTP - - - -']);
    expectScope(w3cNoDate, '05:00:42', 'constant.numeric.timestamp.time');
    expectScope(w3cNoDate, 'EHLO', 'keyword.other.command.smtp');
    expectScope(w3cNoDate, '192.168.1.247', 'constant.language.ip-address.v4');
  }
  // A line of another Exchange log is not taken for an SMTP or tracking record.
  const [otherKind, otherFile, otherMarker, otherTime] = c.other;
  const agent = lineWith(await doc(otherKind, otherFile), otherMarker);
  assert.ok(!agent.tokens.some((k) => hasScope(k.scopes, 'meta.record')), dump(agent));
  expectScope(agent, otherTime, 'constant.numeric.timestamp');
  // The NCSA-format file is not a W3C record either.
  const ncsa = (await doc(...c.ncsa))[3];
  assert.ok(!ncsa.tokens.some((k) => hasScope(k.scopes, 'meta.record')), dump(ncsa));
});
