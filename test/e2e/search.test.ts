/**
 * Searching sessions in a real VS Code, over a generated two-server collection in the workspace: type a
 * search in "Search Sessions…" with its completion (a field name, then a value the collection holds),
 * run it, and get the search view (its heading, a log line that F12 takes back to its file and line) and
 * the sessions listed atop the Log Collection view (a click opens the file at the session's first line);
 * a search with a mistake keeps the box open with the mistake pointed out; "Search Sessions Like This"
 * from the editor's context menu; "Clear Search Results"; the search behind an overview row. Expected
 * values come from the pure core's index of the same files.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { CollectionIndex, sessionCells } from '../../server/src/core/collection/collection';
import { indexPart } from '../../server/src/core/collection/part';
import { searchSessions, sessionRow } from '../../server/src/core/collection/search';
import { configureL10n } from '../../server/src/core/l10n';
import { getLanguageService } from '../../server/src/core/languageService';
import { generateCollection } from '../helpers/generateCollection';
import type { Frame } from 'playwright-core';
import { VSCode, assertHealthy, e2eSuite, waitUntil } from './harness';
import { activeTab, clickWhenSteady, quickOpen, waitForEditorAt, webviewFrame } from './editors';
import { collectionPane, showCollectionView, viewRows } from './collectionView';

configureL10n('en', undefined);

// A few dozen small files (the size limit rolls them over several times an hour), about 1 MB, in the workspace.
const files = [...generateCollection({ servers: ['EX01', 'EX02'], targetBytes: 1024 * 1024, fileLimitBytes: 128 * 1024, seed: 31, imap: false })];

const it = e2eSuite('search', () => ({ files: files.map((f) => ({ name: f.path, text: f.text })) }));

/** The core's index of the workspace's files, by their paths on disk. */
function coreIndex(vs: VSCode): CollectionIndex {
  const index = new CollectionIndex();
  for (const f of files) {
    const p = path.join(vs.workspace, ...f.path.split('/'));
    const part = indexPart(f.text, { byteStart: 0, byteEnd: f.bytes, endsWithBreak: true, lineOffset: 0, headerPrefix: '' }, p);
    index.setFile({ path: p, size: f.bytes, mtime: 1, parts: [part] });
  }
  return index;
}

/** The lines of a workspace file by its path on disk. */
const linesOf = (vs: VSCode, p: string) => files.find((f) => path.join(vs.workspace, ...f.path.split('/')) === p)!.text.split('\r\n');

/** The remote address with the most receive sessions, and how the core answers a search for it. */
function busiest(index: CollectionIndex): { host: string; prefix: string } {
  const hosts = new Map<string, number>();
  for (const ref of index.sessions()) {
    const c = sessionCells(ref);
    if (c.kind !== 'smtpReceive' || !c.remote) continue;
    const h = c.remote.replace(/:\d+$/, '');
    hosts.set(h, (hosts.get(h) ?? 0) + 1);
  }
  const host = [...hosts].sort((a, b) => b[1] - a[1])[0][0];
  return { host, prefix: host.slice(0, host.lastIndexOf('.') + 1) };
}

// --- what VS Code draws ----------------------------------------------------------------------------

/** Opens a workspace file (`/`-separated, relative) through Quick Open, all editors closed first (the Explorer's pane may be folded away). */
async function openAlone(vs: VSCode, file: string): Promise<void> {
  await vs.runCommand('View: Close All Editor Groups');
  await quickOpen(vs, file);
}

const renderedText = (vs: VSCode) => vs.page.evaluate(() => [...document.querySelectorAll('.editor-group-container.active .editor-instance .view-lines .view-line')]
  .map((l) => (l.textContent ?? '').replace(/\u00a0/g, ' ')).join('\n'));

async function closeAll(vs: VSCode): Promise<void> {
  await vs.runCommand('View: Close All Editor Groups');
  await waitUntil('no editor open', async () => (await vs.page.locator('.tabs-container .tab').count()) === 0);
}

const quickInput = (vs: VSCode) => vs.page.locator('.quick-input-widget input');
/** The rows of the quick pick, as drawn (label, description and detail text). */
const pickRows = (vs: VSCode) => vs.page.locator('.quick-input-list .monaco-list-row').evaluateAll((els) => els.map((e) => ({
  label: (e.querySelector('.label-name')?.textContent ?? '').trim(),
  description: (e.querySelector('.label-description')?.textContent ?? '').trim(),
  detail: (e.querySelector('.quick-input-list-detail, .monaco-icon-label.quick-input-list-label-meta, .quick-input-list-label-meta')?.textContent ?? '').trim(),
  text: (e.textContent ?? '').trim(),
  focused: e.classList.contains('focused'),
})));

/**
 * Waits until the quick pick's rows stop changing: completions of each letter typed arrive one after
 * another, and the list reuses its row elements, so a row found before the last answer may show
 * another value by the time it is clicked.
 */
async function settledPickRows(vs: VSCode): Promise<void> {
  let before = '';
  await waitUntil('the completions to settle', async () => {
    const now = JSON.stringify(await pickRows(vs));
    const same = now === before;
    before = now;
    return same;
  }, 30_000, 500);
}

/** Waits until the Log Collection view lists the servers (the workspace indexed). */
async function waitForIndex(vs: VSCode): Promise<void> {
  await showCollectionView(vs);
  await waitUntil('the Log Collection view to list EX01 and EX02, indexing done', async () => {
    const rows = await viewRows(vs);
    return rows.some((r) => r.level === 1 && r.label.startsWith('EX01 ')) && rows.some((r) => r.level === 1 && r.label.startsWith('EX02 '))
      && !rows.some((r) => r.label.startsWith('Indexing'));
  }, 60_000);
}

// --- the tests -------------------------------------------------------------------------------------

it('Search Sessions…: a field and a value completed in the box, the search view, and the sessions listed in the Log Collection view', async (vs) => {
  const index = coreIndex(vs);
  const { host, prefix } = busiest(index);
  const query = `remote:${host}`;
  const expected = searchSessions(index, query, { limit: 10_000 });
  assert.ok(expected.total >= 3, `${host}: ${expected.total} sessions`);
  const first = sessionRow(index, expected.refs[0], (p) => p);
  await waitForIndex(vs);

  await vs.runCommand('Exchange Log: Search Sessions…');
  const input = quickInput(vs);
  await input.waitFor({ state: 'visible' });
  // a field name: "rem" offers remote:, picking it completes the text and keeps the box open
  await input.pressSequentially('rem');
  const field = vs.page.locator('.quick-input-list .monaco-list-row', { hasText: 'remote:' }).first();
  await waitUntil('the completion remote:', async () => (await field.count()) > 0);
  await settledPickRows(vs);
  await field.click();
  await waitUntil('the box to hold "remote:"', async () => (await input.isVisible()) && (await input.inputValue()) === 'remote:');
  // a value: the addresses the collection holds, with their session counts
  await input.press('End');
  await input.pressSequentially(prefix);
  const value = vs.page.locator('.quick-input-list .monaco-list-row', { hasText: `${host}` }).filter({ hasText: `${expected.total} sessions` });
  await waitUntil(`the completion ${host} (${expected.total} sessions)`, async () => (await value.count()) > 0, 30_000);
  await settledPickRows(vs);
  await value.first().click();
  await waitUntil(`the box to hold "${query}"`, async () => (await input.inputValue()) === query);
  // the first item runs the search
  const rows = await waitUntil('the search item first', async () => {
    const r = await pickRows(vs);
    return r.length > 0 && r[0].text.includes(query) ? r : undefined;
  });
  assert.ok(rows[0].focused, 'the search item is the active one');
  await vs.page.keyboard.press('Enter');

  // the search view: its heading, then the sessions
  await waitUntil('the search view', async () => (await activeTab(vs))?.startsWith(`Search: ${query}`));
  await vs.waitForStatus('status.editor.mode', (t) => t === 'Exchange Log View', 'the language of the search view');
  await waitUntil('the heading', async () => (await renderedText(vs)).includes(`Search: ${query} · ${expected.total} matching sessions`));

  // the Log Collection view: the search on top, one row per session, the earliest first
  const listed = await waitUntil('the search results in the Log Collection view', async () => {
    const r = await viewRows(vs);
    const head = r.find((x) => x.level === 1 && x.label.startsWith(`Search: ${query} `));
    return head && r.find((x) => x.index === head.index + 1 && x.level === 2) ? { head, rows: r } : undefined;
  });
  assert.equal(listed.head.label, `Search: ${query} ${expected.total} sessions`);
  const firstRow = listed.rows.find((x) => x.index === listed.head.index + 1)!;
  const when = new Date(first.start!).toISOString().replace('T', ' ').slice(0, 19);
  assert.ok(firstRow.label.startsWith(`${when} · ${first.remote}`) && firstRow.label.includes(first.server), `${firstRow.label} (the core: ${when}, ${first.remote}, ${first.server})`);
  await collectionPane(vs).locator(`.monaco-list-row[data-index="${firstRow.index}"]`).click();
  await waitForEditorAt(vs, vs.workspace, first.uri, first.line + 1);
  assert.equal(linesOf(vs, first.uri)[first.line].split(',')[2], first.sessionId, 'the line is the session\'s');

  // F12 on a log line of the search view: its own file and line
  await vs.page.locator('.editor-group-container .tabs-container .tab', { hasText: 'Search: ' }).first().click();
  await waitUntil('the search view again', async () => (await activeTab(vs))?.startsWith('Search: '));
  const text = (await renderedText(vs)).split('\n');
  const at = text.findIndex((l) => /^\d{4}-\d\d-\d\dT/.test(l) && l.includes(`,${first.sessionId},`) && !l.includes(`,${first.sessionId},0,`));
  assert.ok(at > 0, 'a later line of the first session is drawn');
  const fileLine = linesOf(vs, first.uri).indexOf(text[at]);
  assert.ok(fileLine > first.line, 'that line is in the session\'s file, after its first line');
  await vs.focusEditor();
  await vs.goToLine(at + 1, 3);
  await vs.page.keyboard.press('F12');
  await waitForEditorAt(vs, vs.workspace, first.uri, fileLine + 1);
  await closeAll(vs);
});

it('a search with a mistake: the box stays open and points at the wrong spot with the message', async (vs) => {
  await vs.runCommand('Exchange Log: Search Sessions…');
  const input = quickInput(vs);
  await input.waitFor({ state: 'visible' });
  await input.fill('outcome:rejectd');
  const problem = await waitUntil('the mistake as an item', async () => (await pickRows(vs)).find((r) => r.text.includes('Column 9:')));
  assert.match(problem.text, /'rejectd' is not a value of outcome; did you mean 'rejected'\?/);
  // the wrong spot underlined: each of its characters followed by a combining low line
  assert.ok(problem.label.includes('outcome:' + [...'rejectd'].map((c) => `${c}\u0332`).join('')), JSON.stringify(problem.label));
  await vs.page.keyboard.press('Enter');
  await waitUntil('the mistake to be the active item, the box still open', async () => (await input.isVisible()) && (await pickRows(vs)).some((r) => r.focused && r.text.includes('Column 9:')));
  await vs.page.keyboard.press('Escape');
  await input.waitFor({ state: 'hidden' });
});

it('Search Sessions Like This (editor context menu) searches the remote address of the session at the cursor; Clear Search Results empties the list', async (vs) => {
  const index = coreIndex(vs);
  const receive = files.filter((f) => f.server === 'EX02' && f.kind === 'smtpReceive' && f.service === 'FrontEnd')[0];
  const lines = receive.text.split('\r\n');
  const line = lines.findIndex((l, i) => i > 10 && /^\d/.test(l) && l.split(',')[3] === '2');
  const remote = lines[line].split(',')[5].replace(/:\d+$/, '');
  const expected = searchSessions(index, `remote:${remote}`, { limit: 0 });
  assert.ok(expected.total >= 1);

  await openAlone(vs, receive.path);
  await waitUntil('the receive log open', async () => (await activeTab(vs))?.startsWith(path.basename(receive.path)));
  await vs.goToLine(line + 1, 1);
  const c = await vs.charAt(line + 1, 3);
  await vs.page.mouse.click(c.x + 2, c.y + c.height / 2, { button: 'right' });
  const item = vs.page.locator('.monaco-menu .action-item', { hasText: 'Search Sessions Like This' }).first();
  await item.waitFor({ state: 'visible' });
  await waitUntil('the menu item to run', async () => {
    if (await item.isVisible()) await item.click({ timeout: 2000 }).catch(() => undefined);
    return !(await item.isVisible());
  }, 20_000, 500);
  await waitUntil('the search view of that address', async () => (await activeTab(vs))?.startsWith(`Search: remote:${remote}`));
  await waitUntil('its heading', async () => (await renderedText(vs)).includes(`Search: remote:${remote} · ${expected.total === 1 ? '1 matching session' : `${expected.total} matching sessions`}`));

  await showCollectionView(vs);
  const head = await waitUntil('the search in the Log Collection view', async () => (await viewRows(vs)).find((r) => r.level === 1 && r.label.startsWith(`Search: remote:${remote} `)));
  // its inline action
  const row = collectionPane(vs).locator(`.monaco-list-row[data-index="${head.index}"]`);
  await row.hover();
  await row.locator('.action-label[aria-label="Clear Search Results"]').click();
  await waitUntil('the search gone from the view', async () => !(await viewRows(vs)).some((r) => r.label.startsWith('Search: ')));
  await closeAll(vs);
});

/** The frame of the overview webview (code-server nests it two iframes deep): the one that draws its tables. */
function overviewFrame(vs: VSCode): Promise<Frame> {
  return webviewFrame(vs, 'the overview webview to draw its tables', 'tr[data-table][data-row]');
}

it('the overview panel: a row of several sessions offers the search of them all, which opens the search view of that log', async (vs) => {
  const receive = files.filter((f) => f.server === 'EX01' && f.kind === 'smtpReceive' && f.service === 'Hub')[0];
  const file = path.join(vs.workspace, ...receive.path.split('/'));
  const overview = getLanguageService().getOverview(getLanguageService().parse(receive.text, 'file:///x/RECV.LOG', 1));
  const row = overview.tables.find((t) => t.id === 'remoteIps')?.rows.find((r) => r.sessionCount > 1);
  assert.ok(row, 'the core has a remote address of several sessions');
  const query = `remote:${row.key}`;
  const index = coreIndex(vs);
  const expected = searchSessions(index, query, { limit: 0, files: (p) => p === file });
  assert.equal(expected.total, row.sessionCount, 'the search finds the row\'s sessions');

  await openAlone(vs, receive.path);
  await waitForEditorAt(vs, vs.workspace, file, 1);
  await vs.runCommand('Exchange Log: Show Overview');
  const frame = await overviewFrame(vs);
  await clickWhenSteady(frame.locator(`tr[data-table="remoteIps"][data-row="${row.key}"]`), `the row ${row.key}`);
  const search = vs.page.locator('.quick-input-list .monaco-list-row').first();
  await waitUntil(`the search ${query} first in the list of the row's sessions`, async () => ((await search.textContent().catch(() => '')) ?? '').includes(query));
  await search.click();
  await waitUntil('the search view', async () => (await activeTab(vs))?.startsWith(`Search: ${query}`));
  await waitUntil('its heading', async () => (await renderedText(vs)).includes(`Search: ${query} · ${row.sessionCount} matching sessions · `));
  await closeAll(vs);
});

it('no error notification, and nothing unexpected in the extension host log or our server\'s output', assertHealthy);
