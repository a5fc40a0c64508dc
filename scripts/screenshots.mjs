#!/usr/bin/env node
// `npm run screenshots`: regenerates the README's screenshots in docs/images/ from the packaged
// extension in a real VS Code (code-server + Chromium, the end-to-end harness), Dark Modern theme.
// Add a view: open it with the harness's helpers and save one more PNG below.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const repo = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const { VSCode, STANDARD_FILES, STATUS_ITEM, DARK_THEME, waitUntil } = require(path.join(repo, 'out', 'test', 'e2e', 'harness.js'));

const out = path.join(repo, 'docs', 'images');
fs.mkdirSync(out, { recursive: true });
const RECV = 'RECV2024030510-1.LOG';
const recvLines = fs.readFileSync(path.join(repo, 'test', 'fixtures', 'recv-interleaved.log'), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/);

const vs = await VSCode.start({ files: STANDARD_FILES, theme: DARK_THEME, viewport: { width: 1680, height: 800 } });
const saved = [];
const save = async (name, locator) => {
  const file = path.join(out, name);
  await (locator ?? vs.page).screenshot({ path: file, timeout: 10_000 });
  saved.push(path.relative(repo, file));
};
try {
  await vs.openFile(RECV);
  await vs.goToLine(10, 1);
  await vs.waitForStatus(STATUS_ITEM, (t) => t.endsWith('event 4 of 11'), 'our status bar item on line 10');
  // The server's folding and code lenses are drawn, not only the grammar's colours.
  await waitUntil('the folding controls and code lenses', async () =>
    (await vs.page.locator('.editor-instance .codicon-folding-expanded').count()) > 0 && (await vs.page.locator('.editor-instance .codelens-decoration').count()) > 0);
  // Colouring: the whole window, sidebar with the log folder on the left.
  await save('colouring.png');

  // A hover on the session id of a receive line.
  const line = 10;
  const column = recvLines[line - 1].indexOf('08DC3C0A00000001') + 4;
  await vs.hover(line, column, 'session-id');
  await save('hover.png');
  await vs.page.mouse.move(5, 700);
  await vs.page.keyboard.press('Escape');

  // The Outline view with the header blocks and the sessions.
  const header = vs.page.locator('.pane-header', { hasText: /^\s*Outline/i }).first();
  if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
  // Room for the tree: collapse the folder's pane.
  await vs.page.locator('.pane-header', { hasText: /^\s*logs\s*$/i }).first().click();
  await waitUntil('the outline to list the sessions', async () => (await vs.page.locator('.outline-tree .monaco-list-row', { hasText: '00000002' }).count()) > 0);
  await vs.goToLine(13, 1);
  await vs.waitForStatus(STATUS_ITEM, (t) => t.endsWith('event 6 of 11'), 'our status bar item on line 13');
  await save('outline.png');
} finally {
  await vs.close();
}
console.log(`saved:\n  ${saved.join('\n  ')}`);
