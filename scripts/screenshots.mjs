#!/usr/bin/env node
// `npm run screenshots`: regenerates the README's screenshots in docs/images/ from the packaged
// extension in a real VS Code (code-server + Chromium, the end-to-end harness), Dark Modern theme:
// colouring, a hover, the outline, the session view (Show Session), the overview panel, the Log
// Collection view, the report panel (a table, and charts) and the Message Trace view.
// Add a view: open it with the harness's helpers and save one more PNG below.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const repo = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const { VSCode, STANDARD_FILES, STATUS_ITEM, DARK_THEME, waitUntil } = require(path.join(repo, 'out', 'test', 'e2e', 'harness.js'));
const { activeTab, quickOpen } = require(path.join(repo, 'out', 'test', 'e2e', 'editors.js'));
const { foldExplorerPanes } = require(path.join(repo, 'out', 'test', 'e2e', 'collectionView.js'));
const { generateReceiveLog } = require(path.join(repo, 'out', 'test', 'helpers', 'generate.js'));
const { generateCollection, buildCollection } = require(path.join(repo, 'out', 'test', 'helpers', 'generateCollection.js'));

const out = path.join(repo, 'docs', 'images');
fs.mkdirSync(out, { recursive: true });
const RECV = 'RECV2024030510-1.LOG';
const recvLines = fs.readFileSync(path.join(repo, 'test', 'fixtures', 'recv-interleaved.log'), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/);

// A generated receive log of some forty interleaved sessions: a fuller timeline for the overview.
const BUSY = 'RECV2024030511-1.LOG';
const busyText = generateReceiveLog({ targetBytes: 150_000, seed: 5 }).text;

const vs = await VSCode.start({ files: [...STANDARD_FILES, { name: BUSY, text: busyText }], theme: DARK_THEME, viewport: { width: 1680, height: 800 } });
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
  // The hover fades in: wait until it is opaque, or the picture shows the text behind it.
  await waitUntil('the hover to be opaque', () => vs.page.evaluate(() => {
    const h = document.querySelector('.monaco-hover:not(.hidden)');
    for (let e = h; e; e = e.parentElement) if (Number(getComputedStyle(e).opacity) < 1) return false;
    return !!h;
  }));
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
  await vs.page.locator('.pane-header', { hasText: /^\s*logs\s*$/i }).first().click();

  // The session view: Show Session on a line of session 08DC3C0A00000001, beside the log.
  await vs.goToLine(10, 1);
  await vs.runCommand('Exchange Log: Show Session');
  await waitUntil('the session view', async () => ((await vs.page.locator('.editor-group-container.active .tabs-container .tab.active').getAttribute('aria-label').catch(() => null)) ?? '').includes('(session 08DC3C0A00000001)'));
  await waitUntil('the session view to render its summary and lines', async () =>
    (await vs.page.locator('.editor-group-container.active .view-line', { hasText: 'QUIT' }).count()) > 0);
  // Tokenization of a new document is asynchronous: wait until its summary and log lines are coloured.
  await waitUntil('the session view to be coloured', async () => (await vs.page.evaluate(() => {
    const colours = new Set([...document.querySelectorAll('.editor-group-container.active .view-line span > span')].map((s) => getComputedStyle(s).color));
    return colours.size;
  })) >= 5);
  await save('session-view.png');
  await vs.runCommand('View: Close All Editor Groups');
  await waitUntil('no editor open', async () => (await vs.page.locator('.tabs-container .tab').count()) === 0);

  // The overview panel of the generated log, opened with the editor title button.
  await vs.openFile(BUSY);
  await vs.goToLine(1, 1);
  await vs.page.locator('.editor-group-container.active .editor-actions .codicon-graph').click();
  await waitUntil('the overview to draw its timeline and tables', async () => {
    for (const f of vs.page.frames()) {
      const bars = await f.locator('.bucket[data-bucket]').count().catch(() => 0);
      if (bars > 0 && (await f.locator('tr[data-table][data-row]').count().catch(() => 0)) > 0) return true;
    }
    return false;
  }, 30_000);
  await save('overview.png');
} finally {
  await vs.close();
}

// The Log Collection view: a workspace of a generated collection of two servers, indexed by the server;
// a log kind and its day opened down to the files, and a file opened from the view.
const collection = [...generateCollection({ servers: ['EX01', 'EX02'], targetBytes: 1024 * 1024, fileLimitBytes: 128 * 1024, seed: 7 })]
  .map((f) => ({ name: f.path, text: f.text }));
const vs2 = await VSCode.start({ files: collection, theme: DARK_THEME, viewport: { width: 1680, height: 800 } });
try {
  const pane = vs2.page.locator('.pane', { has: vs2.page.locator('.pane-header[aria-label^="Log Collection"]') });
  await pane.locator('.pane-header').click();
  await vs2.page.locator('.pane-header', { hasText: /^\s*logs\s*$/i }).first().click();
  const row = (label) => pane.locator('.monaco-list-row', { has: vs2.page.locator('.label-name', { hasText: label }) }).first();
  await row('EX02').waitFor({ state: 'visible', timeout: 60_000 });
  await waitUntil('the indexing to end', async () => (await pane.locator('.monaco-list-row', { hasText: 'Indexing' }).count()) === 0, 60_000);
  await row('SMTP Receive protocol log · FrontEnd').click();
  await row('2024-03-04').click();
  await row('RECV2024030400-2.LOG').click();
  await waitUntil('the log in the editor', async () => ((await vs2.page.locator('.editor-group-container.active .tabs-container .tab.active').getAttribute('aria-label').catch(() => null)) ?? '').startsWith('RECV2024030400-2.LOG')
    && (await vs2.page.locator('.editor-instance .codelens-decoration').count()) > 0);
  await save('collection.png', vs2.page);
} finally {
  await vs2.close();
}
// The report panel over a generated collection of two servers and twelve hours, indexed by the server:
// the relay inventory (a table with flagged rows) and the volume per hour (charts drawn by Observable
// Plot, a bar focused with its tooltip).
const day = [...generateCollection({ servers: ['EX01', 'EX02'], start: Date.UTC(2024, 2, 4, 6), hours: 12, messagesPerHour: 30, fileLimitBytes: 512 * 1024, seed: 11 })]
  .map((f) => ({ name: f.path, text: f.text }));
const vs3 = await VSCode.start({ files: day, theme: DARK_THEME, viewport: { width: 1680, height: 800 } });
try {
  // The report's frame once it counts the whole collection (it counts again as the files are indexed).
  const reportFrame = (table) => waitUntil(`the report's table ${table}`, async () => {
    for (const f of vs3.page.frames()) {
      if ((await f.locator(`section[data-table="${table}"] tr[data-row]`).count().catch(() => 0)) > 0 && (await f.locator('.notice.partial').count()) === 0) return f;
    }
    return undefined;
  }, 120_000);
  const showReport = async (name, label) => {
    await vs3.runCommand('Exchange Log: Show Report…');
    await vs3.page.locator('.quick-input-widget input').fill(name);
    await vs3.page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().click();
    await waitUntil('the box to narrow by a search', async () => ((await vs3.page.locator('.quick-input-widget .quick-input-title').textContent().catch(() => '')) ?? '').includes('Narrow'));
    await vs3.page.keyboard.press('Enter');
  };
  await vs3.runCommand('View: Close Primary Side Bar');
  await showReport('relay', 'Relay inventory');
  await reportFrame('relay');
  await save('report.png', vs3.page);
  await vs3.runCommand('View: Close All Editor Groups');
  await showReport('volume', 'Volume per hour');
  const frame = await reportFrame('byHour');
  const points = frame.locator('section.report-chart').first().locator('.point');
  await points.nth(Math.floor((await points.count()) * 0.6)).focus();
  await waitUntil('the tooltip', async () => frame.locator('#tooltip').isVisible());
  await save('report-chart.png', vs3.page);
} finally {
  await vs3.close();
}

// The Message Trace view: a message relayed by one server's front end to the other server's Hub and
// sent on, traced from the hover of its `250 2.6.0` reply in the front end's receive log.
const traced = buildCollection({ servers: 2, hours: 1, messagesPerHour: 60, seed: 3, imap: false });
const relayed = traced.messages.find((m) => m.scenario === 'relayedOut'
  && m.hops.some((h) => h.server === 'EX01' && h.service === 'FrontEnd') && m.hops.some((h) => h.server === 'EX02' && h.logKind === 'smtpReceive'));
const vs4 = await VSCode.start({ files: traced.files.map((f) => ({ name: f.path, text: f.text })), theme: DARK_THEME, viewport: { width: 1680, height: 800 } });
try {
  const first = relayed.hops[0];
  const file = traced.files.find((f) => f.path === first.path);
  await quickOpen(vs4, file.path);
  await waitUntil('the log in the editor', async () => ((await activeTab(vs4)) ?? '').startsWith(path.posix.basename(file.path)));
  // room for the trace
  await foldExplorerPanes(vs4);
  const line = first.reply.line;
  const column = file.text.split('\r\n')[line].indexOf('250 2.6.0') + 3;
  await vs4.goToLine(line + 1);
  const tracePane = vs4.page.locator('.pane', { has: vs4.page.locator('.pane-header[aria-label^="Message Trace"]') });
  // the workspace is being indexed at first: a trace asked meanwhile is partial, and is asked again
  await waitUntil('the Message Trace view to list the message and its hops', async () => {
    await vs4.hover(line + 1, column, 'Trace this message');
    await vs4.page.locator('.monaco-hover:not(.hidden) a', { hasText: 'Trace this message' }).first().click();
    return waitUntil('the trace', async () => {
      const labels = await tracePane.locator('.monaco-list-row .label-name').allTextContents();
      if (labels.some((l) => /still being indexed/.test(l))) return null;
      return labels.length >= relayed.hops.length + 1 ? true : undefined;
    }, 20_000).then((done) => done ?? undefined);
  }, 90_000, 1000);
  await vs4.page.keyboard.press('Escape');
  // a wider side bar, for the hops' whole labels: its edge dragged to the right
  const bar = await vs4.page.locator('.part.sidebar').boundingBox();
  await vs4.page.mouse.move(bar.x + bar.width + 1, bar.y + 400);
  await vs4.page.mouse.down();
  await vs4.page.mouse.move(880, bar.y + 400, { steps: 10 });
  await vs4.page.mouse.up();
  await vs4.page.mouse.move(5, 700);
  await waitUntil('the side bar wider', async () => ((await vs4.page.locator('.part.sidebar').boundingBox())?.width ?? 0) > 600);
  await save('trace.png', vs4.page);
} finally {
  await vs4.close();
}
console.log(`saved:\n  ${saved.join('\n  ')}`);
