/** `exchangeLog/sniff` over real JSON-RPC: the client asks with a document's first lines, before any document is open. */
import { after, before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { SniffRequest, SniffResult } from '../../protocol/src/index';
import { generateLog } from '../bench/generateLogs';
import { LspClient } from '../helpers/lspClient';

let client: LspClient;

before(async () => {
  client = new LspClient();
  await client.initialize({ locale: 'en' });
});

after(() => client.shutdownHealthy());

const sniff = (text: unknown) => client.request<SniffResult>(SniffRequest.method, { text });

test('a header, a header-less excerpt, an ordinary log, too little to tell', async () => {
  const log = generateLog('connectivity', 10_000, 7);
  const lines = log.split('\n');
  assert.deepEqual(await sniff(lines.slice(0, 30).join('\n')), { kind: 'connectivity', by: 'header', final: true });
  assert.deepEqual(await sniff(lines.filter((l) => !l.startsWith('#')).slice(5, 12).join('\n')), { kind: 'connectivity', by: 'lines', final: true });
  const npm = Array.from({ length: 12 }, (_, i) => `${i} verbose step ${i} of the install`).join('\n');
  assert.deepEqual(await sniff(npm), { final: true });
  assert.deepEqual(await sniff('one line of notes'), { final: false });
});

test('parameters that are not text get a final no', async () => {
  assert.deepEqual(await sniff(42), { final: true });
  assert.deepEqual(await sniff(undefined), { final: true });
});
