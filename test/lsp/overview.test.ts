/** `exchangeLog/overview` over real JSON-RPC, for every kind of our fixture logs and of the samples, in English and Portuguese. */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { Overview, OverviewRequest } from '../../protocol/src/index';
import { LspClient } from '../helpers/lspClient';
import { fixtureLog, readSample } from '../helpers/paths';
import { ALL_LOGS, layeredTest } from '../helpers/layers';

const KIND_OF_FOLDER: Record<string, string[]> = {
  'smtp-receive': ['smtpReceive'],
  'smtp-send': ['smtpSend'],
  imap4: ['imap4'],
  pop3: ['pop3'],
  connectivity: ['connectivity'],
  msgtrk: ['messageTracking'],
  'other-exchange': ['generic'],
  'w3c-smtp': ['w3c', 'generic'],
};

let client: LspClient;

before(async () => {
  client = new LspClient();
  await client.initialize({ locale: 'en' });
});

after(() => client.shutdownHealthy());

const ask = (uri: string) => client.request<Overview | null>(OverviewRequest.method, { textDocument: { uri } });

layeredTest('every sample: the overview answers with its kind, a timeline when it has times, and bounded tables', ALL_LOGS, async (files) => {
  const kinds = new Set<string>();
  for (const s of files) {
    const uri = `file:///samples/${s.folder}/${s.name.split('/').pop()}`;
    await client.open(uri, s.text);
    const o = await ask(uri);
    assert.ok(o, s.name);
    assert.ok(KIND_OF_FOLDER[s.folder].includes(o.kind), `${s.name}: ${o.kind}`);
    kinds.add(o.kind);
    assert.equal(o.uri, uri);
    assert.equal(o.version, 1);
    const lineCount = s.text.split(/\r\n|\r|\n/).length;
    if (o.timeline) {
      assert.ok(o.timeline.buckets.length > 0);
      for (const b of o.timeline.buckets) assert.ok(b.line >= 0 && b.line < lineCount && b.counts.length === o.timeline.series.length);
    }
    for (const t of o.tables) for (const r of t.rows) for (const i of r.sessions) assert.ok(o.sessionRefs[i].line < lineCount);
    if (['smtp-receive', 'smtp-send', 'imap4', 'pop3', 'connectivity', 'msgtrk'].includes(s.folder)) {
      assert.ok(o.records > 0, s.name);
      assert.ok(o.timeline, `${s.name}: timeline`);
      assert.ok(o.tables.length > 0, `${s.name}: tables`);
    }
    await client.close(uri);
  }
  assert.deepEqual([...kinds].sort(), ['connectivity', 'generic', 'imap4', 'messageTracking', 'pop3', 'smtpReceive', 'smtpSend', 'w3c']);
});

test('the overview follows edits: an appended session shows up in the next answer', async () => {
  const uri = 'file:///logs/RECV2024030512-1.LOG';
  const head = '#Software: Microsoft Exchange Server\n#Log-type: SMTP Receive Protocol Log\n#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context\n';
  await client.open(uri, head + '2024-01-01T00:00:01.000Z,C,AAAA000000000001,0,1.1.1.1:25,2.2.2.2:1,+,,\n');
  let o = await ask(uri);
  assert.equal(o!.sessions, 1);
  await client.change(uri, 2, [{
    range: { start: { line: 4, character: 0 }, end: { line: 4, character: 0 } },
    text: '2024-01-01T00:00:02.000Z,C,BBBB000000000002,0,1.1.1.1:25,3.3.3.3:1,+,,\n2024-01-01T00:00:03.000Z,C,BBBB000000000002,1,1.1.1.1:25,3.3.3.3:1,>,550 5.7.1 Unable to relay,\n',
  }]);
  o = await ask(uri);
  assert.equal(o!.version, 2);
  assert.equal(o!.sessions, 2);
  assert.deepEqual(o!.tables.find((t) => t.id === 'remoteIpsByFailures')!.rows.map((r) => r.key), ['3.3.3.3']);
  const tl = o!.timeline!;
  const fail = tl.series.findIndex((s) => s.id === 'fail5xx');
  assert.deepEqual(tl.buckets.map((b) => b.counts[fail]), [0, 0, 1]);
  assert.deepEqual(tl.buckets.map((b) => b.line), [3, 4, 5]);
  await client.close(uri);
});

test('an unknown document answers null and the server stays up', async () => {
  assert.equal(await ask('file:///nope.log'), null);
  assert.equal(await ask('file:///nope2.log'), null);
});

const TARPIT = {
  fixtures: () => fixtureLog('smtp-receive/RECV20240315-1.LOG'),
  samples: () => readSample('smtp-receive/blog-ylmf-pc-ex2010-auth-login-tarpit.log'),
};

layeredTest('Portuguese labels when the client speaks pt-br', TARPIT, async (text) => {
  const pt = new LspClient();
  try {
    await pt.initialize({ locale: 'pt-br' });
    const uri = 'file:///samples/RECV.LOG';
    await pt.open(uri, text);
    const o = await pt.request<Overview>(OverviewRequest.method, { textDocument: { uri } });
    assert.equal(o.timeline!.series[0].label, 'Sessões iniciadas');
    assert.equal(o.tables[0].title, 'Endereços IP remotos');
    assert.deepEqual(o.tables.find((t) => t.id === 'auth')!.rows[0].cells, ['LOGIN', 'Falhou', 1]);
  } finally {
    await pt.shutdown();
  }
});
