/**
 * The content sniff: Exchange logs are recognised by their header or, without one, by the shape of
 * their lines; ordinary logs are not. The repository's own logs only (generated and fixtures).
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { getLanguageService } from '../../server/src/core/languageService';
import { SNIFF_LINES, sniffLog } from '../../server/src/core/model/sniff';
import { GeneratedKind, generateLog } from '../bench/generateLogs';
import { repoRoot } from '../helpers/paths';

const KINDS: GeneratedKind[] = ['smtpReceive', 'smtpSend', 'pop3', 'imap4', 'connectivity', 'messageTracking'];

/** The first lines of a text, as the client sends them. */
const head = (text: string) => text.split('\n').slice(0, SNIFF_LINES).join('\n');
/** A header-less excerpt: the record lines from line `from` on. */
const excerpt = (text: string, from = 40, count = 20) =>
  text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l !== '' && !l.startsWith('#')).slice(from, from + count).join('\n');

test('every generated kind is recognised by its header, and by its lines without one', () => {
  for (const kind of KINDS) {
    const log = generateLog(kind, 40_000, 5);
    assert.deepEqual(sniffLog(head(log)), { kind, by: 'header', final: true }, `${kind} with its header`);
    assert.deepEqual(sniffLog(excerpt(log)), { kind, by: 'lines', final: true }, `${kind} without a header`);
    // one line is enough, and a stray line in a pasted excerpt does not spoil it
    assert.equal(sniffLog(excerpt(log, 3, 1)).kind, kind, `${kind}: one line`);
    assert.ok(sniffLog(`Here is the log from the server:\n${excerpt(log, 10, 6)}\n`).kind, `${kind}: a line of the ticket above the excerpt`);
  }
});

test('the logs of test/fixtures are recognised as they are', () => {
  const dir = path.join(repoRoot(), 'test', 'fixtures');
  const files = ['recv-interleaved.log', 'w3c-no-session.log', 'grammar/kind-switch.log', 'grammar/smtp-receive-edge.log', 'grammar/headerless.log',
    'linked/CONNECTLOG20240125-1.LOG', 'linked/RECV20240125-1.LOG', 'linked/SEND20240125-1.LOG', 'linked/MSGTRK20240125-1.LOG'];
  for (const f of files) {
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    const answer = sniffLog(head(text));
    assert.ok(answer.kind, f);
    assert.equal(answer.kind, getLanguageService().parse(text).kind, `${f}: the kind the model reads`);
    assert.equal(answer.by, f === 'grammar/headerless.log' ? 'lines' : 'header', f);
  }
  // header-less excerpts of the fixtures (the IIS SMTP W3C log has no CSV shape to go by)
  for (const f of files.filter((n) => n !== 'w3c-no-session.log')) {
    assert.ok(sniffLog(excerpt(fs.readFileSync(path.join(dir, f), 'utf8'), 0, 8)).kind, `${f} without its header`);
  }
});

test('header forms: BOM, a field-name row first, a # eaten by a web page, the IIS SMTP service', () => {
  const recv = generateLog('smtpReceive', 5000, 2);
  assert.equal(sniffLog('\uFEFF' + head(recv)).by, 'header');
  assert.equal(sniffLog('date-time,connector-id,session-id\n' + head(recv)).by, 'header');
  assert.equal(sniffLog(head(recv).replace(/^#/gm, '')).kind, 'smtpReceive', 'damaged directives');
  const iis = '#Software: Microsoft Internet Information Services 6.0\n#Version: 1.0\n#Date: 2006-10-09 05:00:15\n#Fields: date time s-sitename cs-method\n2006-10-09 05:00:15 SMTPSVC1 HELO\n';
  assert.deepEqual(sniffLog(iis), { kind: 'w3c', by: 'header', final: true });
  assert.deepEqual(sniffLog(iis.replace('SMTPSVC1', 'W3SVC1')), { final: true }, 'an IIS web log');
  assert.deepEqual(sniffLog('#Software: Apache Something 2.4\n#Fields: a,b\n2024-03-05T10:00:00.000Z,x\n'), { final: true });
});

/** Common logs that are not Exchange logs. */
const ORDINARY: Record<string, string> = {
  'npm debug log': [
    '0 verbose cli /usr/local/bin/node /usr/local/bin/npm', '1 info using npm@10.2.4', '2 info using node@v20.11.0',
    '3 timing npm:load:whichnode Completed in 0ms', '4 timing config:load:defaults Completed in 1ms', '5 verbose title npm install',
    '6 verbose argv "install" "--save-dev" "typescript"', '7 timing npm:load Completed in 15ms', '8 http fetch GET 200 https://registry.npmjs.org/typescript 90ms',
    '9 verbose exit 0', '10 info ok',
  ].join('\n'),
  syslog: [
    'Mar  5 10:00:01 mail CRON[1234]: (root) CMD (command -v debian-sa1 > /dev/null && debian-sa1 1 1)',
    'Mar  5 10:00:02 mail postfix/smtpd[2211]: connect from unknown[203.0.113.7]',
    'Mar  5 10:00:02 mail postfix/smtpd[2211]: NOQUEUE: reject: RCPT from unknown[203.0.113.7]: 554 5.7.1 <a@b>: Relay access denied; from=<x@y> to=<a@b> proto=ESMTP helo=<z>',
    'Mar  5 10:00:03 mail sshd[998]: Accepted publickey for admin from 198.51.100.4 port 50022 ssh2',
    'Mar  5 10:00:04 mail systemd[1]: Started Session 12 of user admin.',
  ].join('\n'),
  'RFC 5424 syslog': '<34>1 2024-03-05T10:00:01.003Z mymachine.example.com su - ID47 - \'su root\' failed for lonvick on /dev/pts/8\n<165>1 2024-03-05T10:00:02.000Z host app 1234 ID1 [exampleSDID@32473 iut="3"] An application event\n',
  'Apache access log': '203.0.113.7 - - [05/Mar/2024:10:00:01 +0000] "GET /index.html HTTP/1.1" 200 2326 "-" "Mozilla/5.0"\n198.51.100.4 - frank [05/Mar/2024:10:00:02 +0000] "POST /login HTTP/1.1" 302 0 "https://example.com/" "curl/8.0"\n',
  'IIS web log without its header': '2024-03-05 10:00:01 10.0.0.5 GET /owa/ - 443 - 203.0.113.7 Mozilla/5.0 - 302 0 0 15\n2024-03-05 10:00:02 10.0.0.5 POST /ews/exchange.asmx - 443 user 203.0.113.8 Outlook - 200 0 0 31\n',
  'Windows CBS log': '2024-03-05 10:00:01, Info                  CBS    TI: --- Initializing Trusted Installer ---\n2024-03-05 10:00:01, Info                  CBS    Starting TrustedInstaller initialization.\n',
  'Python logging': '2024-03-05 10:00:01,123 - app - INFO - service started\n2024-03-05 10:00:02,456 - app.db - WARNING - slow query (2.1 s)\n',
  'log4j': '2024-03-05T10:00:01.123Z INFO  [main] com.example.App - Starting App\n2024-03-05T10:00:02.456Z ERROR [pool-1] com.example.Db - Connection refused, retrying in 5 s\n',
  'JSON lines': '{"time":"2024-03-05T10:00:01Z","level":"info","msg":"started","port":8080}\n{"time":"2024-03-05T10:00:02Z","level":"error","msg":"failed","err":"EOF"}\n',
  'CSV export with ISO times': 'time,level,logger,message\n2024-03-05T10:00:01Z,INFO,app,started\n2024-03-05T10:00:02Z,WARN,db,"slow, retried"\n',
  'the e2e app.log': '2024-03-05 10:00:01 INFO service started\n2024-03-05 10:00:02 WARN disk 91% full\n#Software: not a header on line 3\n',
};

test('ordinary logs are not Exchange logs', () => {
  for (const [name, text] of Object.entries(ORDINARY)) assert.equal(sniffLog(text).kind, undefined, name);
});

test('the answer is final once enough lines were seen; a short text can still become one', () => {
  assert.deepEqual(sniffLog(''), { final: false });
  assert.deepEqual(sniffLog('some notes\n'), { final: false });
  assert.deepEqual(sniffLog(ORDINARY['npm debug log']), { final: true });
  // at most the first lines and characters are read
  const recvLines = excerpt(generateLog('smtpReceive', 20_000, 4), 0, 5);
  assert.equal(sniffLog(`${'x\n'.repeat(SNIFF_LINES)}${recvLines}`).kind, undefined);
  assert.equal(sniffLog(`${recvLines}\n${'y'.repeat(1_000_000)}`).kind, 'smtpReceive');
});
