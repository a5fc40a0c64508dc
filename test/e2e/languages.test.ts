/** Each Exchange log kind opens with language "Exchange Log", by file name or by its header. */
import assert from 'node:assert/strict';
import { STANDARD_FILES, STATUS_ITEM, assertHealthy, e2eSuite } from './harness';

const it = e2eSuite('languages', () => ({ files: STANDARD_FILES }));

const BY_NAME: [string, string][] = [
  ['RECV2023011116-1.LOG', 'SMTP Receive'],
  ['SEND2024012515-1.LOG', 'SMTP Send'],
  ['CONNECTLOG2013062721-1.LOG', 'Connectivity'],
  ['MSGTRK2016040500-1.LOG', 'Message Tracking'],
  ['POP3BE2024012415-1.LOG', 'POP3'],
  ['IMAP4BE2023010913-1.LOG', 'IMAP4'],
];

for (const [file, kind] of BY_NAME) {
  it(`${file} opens as Exchange Log, and our status bar item names the kind`, async (vs) => {
    await vs.openFile(file);
    await vs.waitForStatus('status.editor.mode', (t) => t === 'Exchange Log', 'the language "Exchange Log"');
    await vs.waitForStatus(STATUS_ITEM, (t) => t.length > 0, 'our status bar item');
    const label = await vs.statusLabel(STATUS_ITEM);
    assert.match(label ?? '', new RegExp(kind, 'i'));
  });
}

it('something.log, whose first line is an Exchange header, is switched from Log to Exchange Log', async (vs) => {
  await vs.openFile('something.log');
  await vs.waitForStatus('status.editor.mode', (t) => t === 'Exchange Log', 'the content sniff to switch the language');
});

it('ex061009.log, an IIS SMTP service W3C log with its #Software header, is switched to Exchange Log', async (vs) => {
  await vs.openFile('ex061009.log');
  await vs.waitForStatus('status.editor.mode', (t) => t === 'Exchange Log', 'the content sniff to switch the language');
  // Moving the cursor updates our item: it names the W3C kind.
  await vs.goToLine(2);
  await vs.waitForStatus(STATUS_ITEM, (t) => t.length > 0, 'our status bar item');
  assert.match((await vs.statusLabel(STATUS_ITEM)) ?? '', /W3C/);
});

it('our status bar item shows when the editor of a file switched by the sniff becomes active', async (vs) => {
  await vs.openFile('POP3BE2024012415-1.LOG');
  await vs.waitForStatus(STATUS_ITEM, (t) => t.length > 0, 'our status bar item on the POP3 log');
  await vs.openFile('ex061009.log');
  await vs.waitForStatus('status.editor.mode', (t) => t === 'Exchange Log', 'the language "Exchange Log"');
  await vs.waitForStatus(STATUS_ITEM, (t) => t === 'W3C extended log (IIS SMTP)', 'our status bar item to name the W3C kind', 10_000);
});

it('app.log, an ordinary log, stays Log and our status bar item is hidden', async (vs) => {
  await vs.openFile('app.log');
  await vs.waitForStatus('status.editor.mode', (t) => t === 'Log', 'the language "Log"');
  // The sniff runs when the document opens; give it the time the other files needed to switch.
  await assert.rejects(vs.waitForStatus('status.editor.mode', (t) => t === 'Exchange Log', 'a wrong switch', 3000));
  assert.equal(await vs.statusText(STATUS_ITEM), undefined);
});

it('no error notification, and nothing unexpected in the extension host log or our server\'s output', assertHealthy);
