/** Code lenses: one per session, on its first line, opening the session view. */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { getLanguageService } from '../../server/src/core/languageService';
import { generateReceiveLog } from '../helpers/generate';
import { fixture, fixtureLog, readSample } from '../helpers/paths';
import { layeredTest } from '../helpers/layers';

const ls = getLanguageService();
const uri = 'file:///logs/RECV2024030510-1.LOG';

test('a lens on each session first line runs exchangeLog.showSession(uri, line)', () => {
  const m = ls.parse(fixture('recv-interleaved.log'), uri, 1);
  const lenses = ls.getCodeLenses(m);
  assert.deepEqual(lenses.map((l) => l.range.start.line), [5, 8, 25]);
  assert.deepEqual(lenses.map((l) => l.command!.command), ['exchangeLog.showSession', 'exchangeLog.showSession', 'exchangeLog.showSession']);
  assert.deepEqual(lenses.map((l) => l.command!.arguments), [[uri, 5], [uri, 8], [uri, 25]]);
  assert.deepEqual(lenses.map((l) => l.command!.title), [
    '0 msgs · 2 s · no mail',
    '0 msgs · 1.1 s · dropped by the remote side',
    '0 msgs · 100 ms · continues in a later file',
  ]);
});

test('delivered sessions: messages, size from the DATA replies, TLS, duration and the final reply', () => {
  const g = generateReceiveLog({ targetBytes: 150_000, seed: 21 });
  const titles = ls.getCodeLenses(ls.parse(g.text, uri, 1)).map((l) => l.command!.title);
  const delivered = titles.filter((x) => / · 250$/.test(x));
  assert.ok(delivered.length > 3, titles.slice(0, 10).join('\n'));
  for (const t of delivered) assert.match(t, /^[1-9]\d* msgs? · [\d.]+ KB · TLS 1\.[23] (· AUTH ok )?· [\d.]+ (ms|s|min \d+ s) · 250$/);
  assert.ok(titles.some((x) => /^0 msgs · TLS 1\.[23] · AUTH failed · .* · 535$/.test(x)), 'auth failure with its reply');
  assert.ok(titles.some((x) => /· 550 · rejected$/.test(x)));
  assert.ok(titles.some((x) => / · TLS failed · /.test(x)));
});

interface TitleCase {
  recv: string;
  recvTitles: string[];
  imap: string;
  imapTitle: string;
  connectivity: string;
  connectivityTitle: string;
}

const TITLES = {
  fixtures: (): TitleCase => ({
    recv: fixtureLog('smtp-receive/RECV2024031409-1.LOG'), recvTitles: ['0 msgs · TLS 1.2 · AUTH failed · 18 s'],
    imap: fixtureLog('imap4/IMAP420240320-1.LOG'), imapTitle: 'login failed · 138 ms',
    connectivity: fixtureLog('connectivity/CONNECTLOG20240322-1.LOG'), connectivityTitle: '0 msgs · 907 ms · connected',
  }),
  samples: (): TitleCase => ({
    recv: readSample('smtp-receive/qazeer-artefacts-RECV2023011116-1.log'), recvTitles: ['0 msgs · TLS 1.2 · AUTH failed · 19 s'],
    imap: readSample('imap4/msqa-1156767-ex2013cu23-imap-login-failed.log'), imapTitle: 'login failed · 125 ms',
    connectivity: readSample('connectivity/msdocs-supportarticles-event7009-mailbox-connectivity.log'), connectivityTitle: '0 msgs · 47 ms · connected',
  }),
};

layeredTest('samples: AUTH failure, IMAP4 login, connectivity totals', TITLES, (c) => {
  const auth = ls.getCodeLenses(ls.parse(c.recv, 'file:///x/RECV2023011116-1.LOG', 1));
  assert.deepEqual(auth.map((l) => l.command!.title), c.recvTitles);
  const imap = ls.getCodeLenses(ls.parse(c.imap, 'file:///x/IMAP4_1.LOG', 1));
  assert.equal(imap[0].command!.title, c.imapTitle);
  const conn = ls.getCodeLenses(ls.parse(c.connectivity, 'file:///x/CONNECTLOG1.LOG', 1));
  assert.equal(conn[1].command!.title, c.connectivityTitle);
});

test('log text cannot put an icon in a lens title', () => {
  const text = '#Software: Microsoft Exchange Server\n#Log-type: SMTP Receive Protocol Log\n#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context\n'
    + '2024-03-05T10:00:01.000Z,C,AAAA000000000001,0,1.1.1.1:25,2.2.2.2:1,+,,\n'
    + '2024-03-05T10:00:01.100Z,C,AAAA000000000001,1,1.1.1.1:25,2.2.2.2:1,*,,"TLS protocol $(zap)$(bug) negotiation succeeded using bulk encryption algorithm X with strength 1 bits"\n';
  const [lens] = ls.getCodeLenses(ls.parse(text, uri, 1));
  assert.ok(!lens.command!.title.includes('$('), lens.command!.title);
  assert.match(lens.command!.title, /· TLS ·/);
});
