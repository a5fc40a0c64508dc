/**
 * The content sniff in the editor: header-less Exchange log lines pasted into an untitled editor
 * switch it to Exchange Log (the server answers for the first lines); other text leaves it alone.
 */
import assert from 'node:assert/strict';
import { generateLog } from '../bench/generateLogs';
import { STATUS_ITEM, VSCode, assertHealthy, e2eSuite } from './harness';

const it = e2eSuite('sniff', () => ({
  files: [{ name: 'notes.txt', text: 'A workspace without Exchange logs.\n' }],
  // VS Code's own guess of an untitled editor's language (syslog lines look like Python to it) would race ours.
  settings: { 'workbench.editor.languageDetection': false },
}));

/** Lines of a receive log without its header, as pasted from a ticket. */
const EXCERPT = generateLog('smtpReceive', 20_000, 11).split('\n').filter((l) => l !== '' && !l.startsWith('#')).slice(20, 32).join('\n') + '\n';
const SYSLOG = Array.from({ length: 12 }, (_, i) => `Mar  5 10:00:${String(i).padStart(2, '0')} mail postfix/smtpd[2211]: connect from unknown[203.0.113.${i}]`).join('\n') + '\n';

async function newUntitled(vs: VSCode): Promise<void> {
  await vs.runCommand('File: New Untitled Text File');
  await vs.waitForStatus('status.editor.mode', (t) => t === 'Plain Text', 'a new untitled editor');
  await vs.focusEditor();
}

it('an untitled editor switches to Exchange Log when header-less receive log lines are pasted into it', async (vs) => {
  await newUntitled(vs);
  // Part of a line first: too little to tell, so the editor is asked about again when the rest comes.
  const cut = EXCERPT.indexOf(',') + 1;
  await vs.page.keyboard.insertText(EXCERPT.slice(0, cut));
  await assert.rejects(vs.waitForStatus('status.editor.mode', (t) => t === 'Exchange Log', 'no switch yet', 1500));
  await vs.page.keyboard.insertText(EXCERPT.slice(cut));
  await vs.waitForStatus('status.editor.mode', (t) => t === 'Exchange Log', 'the content sniff to switch the untitled editor');
  await vs.goToLine(3);
  await vs.waitForStatus(STATUS_ITEM, (t) => t.length > 0, 'our status bar item');
  assert.match((await vs.statusLabel(STATUS_ITEM)) ?? '', /SMTP Receive/i);
});

it('an untitled editor holding an ordinary log stays Plain Text', async (vs) => {
  await newUntitled(vs);
  await vs.page.keyboard.insertText(SYSLOG);
  await assert.rejects(vs.waitForStatus('status.editor.mode', (t) => t === 'Exchange Log', 'a wrong switch', 3000));
  assert.equal(await vs.statusText('status.editor.mode'), 'Plain Text');
});

it('no error notification, and nothing unexpected in the extension host log or our server\'s output', assertHealthy);
