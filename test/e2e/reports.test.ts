/**
 * The report panel in a real VS Code, over a workspace that is a generated two-server collection:
 * "Show Report…" from the Command Palette (its pick of reports, then the optional search), the relay
 * report drawn in the webview as the core computes it over the same files, a heading that sorts (click
 * and Enter), "Save as CSV…" through VS Code's save dialog writing the rows in the order shown, "Copy as
 * CSV", a row that opens its sessions' search, the volume report's charts (Observable Plot, no CSP
 * violation), and the panel restored after a reload of the window.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Frame, Locator } from 'playwright-core';
import { parse } from 'csv-parse/sync';
import type { ReportTable } from '../../protocol/src/index';
import { CollectionIndex } from '../../server/src/core/collection/collection';
import { indexPart } from '../../server/src/core/collection/part';
import { buildReport } from '../../server/src/core/collection/reports/index';
import { reportTableCsv } from '../../client/src/reports/reportCsv';
import { generateCollection } from '../helpers/generateCollection';
import { VSCode, assertHealthy, e2eSuite, waitUntil } from './harness';
import { activeTab, webviewFrame } from './editors';

// A small collection (a few dozen files, about 1 MB): the workspace itself, indexed by the server.
const files = [...generateCollection({ servers: ['EX01', 'EX02'], targetBytes: 1024 * 1024, fileLimitBytes: 128 * 1024, seed: 7 })];
const index = new CollectionIndex();
for (const f of files) {
  const p = `/workspace/${f.path}`;
  const part = indexPart(f.text, { byteStart: 0, byteEnd: f.bytes, endsWithBreak: true, lineOffset: 0, headerPrefix: '' }, p);
  index.setFile({ path: p, size: f.bytes, mtime: 1, parts: [part] });
}
/** The relay report as the core computes it (the panel asks for the default 50 rows per table). */
const relay = buildReport('relay', { index, match: () => true, top: 50, uriOf: (p) => `file://${p}` });
const relayTable = relay.tables.find((t) => t.id === 'relay') as ReportTable;
const keyOf = (cells: Record<string, unknown>) => `${String(cells.connector)}|${String(cells.remote)}`;

const it = e2eSuite('reports', () => ({ files: files.map((f) => ({ name: f.path, text: f.text })) }));

/** The frame of the report webview (code-server nests it two iframes deep) that shows the table `tableId`. */
function reportFrame(vs: VSCode, tableId: string, timeoutMs = 60_000): Promise<Frame> {
  return webviewFrame(vs, `the report webview to draw its table ${tableId}`, `section[data-table="${tableId}"] tr[data-row]`, timeoutMs);
}

/**
 * Waits until the report counts the whole collection: asked for as the language server starts, it
 * counts again by itself while the collection is being indexed.
 */
async function whenComplete(vs: VSCode, tableId: string): Promise<Frame> {
  return waitUntil('the report over the whole collection', async () => {
    const frame = await reportFrame(vs, tableId, 1000).catch(() => undefined);
    return frame && (await frame.locator('.notice.partial').count()) === 0 ? frame : undefined;
  }, 90_000, 1000);
}

/** Connector|remote of each row of the relay table, in the order drawn. */
async function shownKeys(frame: Frame): Promise<string[]> {
  const connector = relayTable.columns.findIndex((c) => c.key === 'connector');
  const remote = relayTable.columns.findIndex((c) => c.key === 'remote');
  const flagged = relayTable.rows.some((r) => r.flag) ? 1 : 0;
  return frame.locator('section[data-table="relay"] tbody tr').evaluateAll((trs, [c, r]) =>
    trs.map((tr) => `${tr.children[c].textContent}|${tr.children[r].textContent}`), [connector + flagged, remote + flagged]);
}

async function openReport(vs: VSCode, name: string, label: string, where = ''): Promise<void> {
  await vs.runCommand('Exchange Log: Show Report…');
  const input = vs.page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await waitUntil('the pick of reports', async () => (await vs.page.locator('.quick-input-list .monaco-list-row').count()) > 0);
  // the reports are listed by their titles, found by their names too
  await input.fill(name);
  const row = vs.page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ state: 'visible' });
  await row.click();
  await waitUntil('the box to narrow by a search', async () => (await vs.page.locator('.quick-input-widget .quick-input-title').textContent().catch(() => ''))?.includes('Narrow by a search'));
  await input.fill(where);
  await vs.page.keyboard.press('Enter');
}

it('Show Report… opens the relay report as the core counts it; a heading sorts on click and on Enter', async (vs) => {
  assert.ok(relayTable.rows.length >= 10, `the core lists ${relayTable.rows.length} relay rows`);
  await openReport(vs, 'relay', 'Relay inventory');
  const frame = await whenComplete(vs, 'relay');
  await waitUntil('the tab of the report', async () => (await activeTab(vs))?.startsWith(`Report: ${relay.title}`));
  assert.equal(await frame.locator('h1').textContent(), relay.title);
  const keys = await shownKeys(frame);
  assert.deepEqual([...keys].sort(), relayTable.rows.map((r) => keyOf(r.cells)).sort(), 'the rows of the core');
  if (relayTable.total > relayTable.rows.length) assert.ok((await frame.locator('section[data-table="relay"] .more').textContent())?.includes(String(relayTable.total)));
  // flagged rows say so in words
  const flagged = relayTable.rows.filter((r) => r.flag);
  assert.ok(flagged.length > 0, 'the generator has anonymous relays outside the organisation');
  assert.equal(await frame.locator('section[data-table="relay"] tr[data-flag]').count(), flagged.length);
  assert.match((await frame.locator('section[data-table="relay"] tr[data-flag] td.flag').first().textContent()) ?? '', /^Warning: /);

  // Sessions, descending, by a click on its heading
  const sessions = frame.locator('section[data-table="relay"] th[data-column="sessions"]');
  await sessions.locator('button').click();
  assert.equal(await sessions.getAttribute('aria-sort'), 'descending');
  const bySessions = await shownKeys(frame);
  const count = new Map(relayTable.rows.map((r) => [keyOf(r.cells), Number(r.cells.sessions)]));
  const counts = bySessions.map((k) => count.get(k)!);
  assert.deepEqual(counts, [...counts].sort((a, b) => b - a), 'most sessions first');
  // Remote address, ascending, with Enter on its heading
  const remote = frame.locator('section[data-table="relay"] th[data-column="remote"]');
  await remote.locator('button').focus();
  await vs.page.keyboard.press('Enter');
  await waitUntil('the table sorted by remote address', async () => (await remote.getAttribute('aria-sort')) === 'ascending');
  const remotes = (await shownKeys(frame)).map((k) => k.split('|')[1]);
  const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  assert.deepEqual(remotes, [...remotes].sort(collator.compare));
  assert.ok(!vs.consoleErrors.some((e) => /Content Security Policy/i.test(e)), vs.consoleErrors.join('\n'));
});

it('Save as CSV… writes the table in the order shown through the save dialog; Copy as CSV says how many rows it copied', async (vs) => {
  const frame = await reportFrame(vs, 'relay');
  const order = (await shownKeys(frame)).map((k) => relayTable.rows.findIndex((r) => keyOf(r.cells) === k));
  assert.ok(order.every((i) => i >= 0));
  const target = path.join(vs.workspace, 'relay-relay.csv');
  assert.ok(!fs.existsSync(target));
  await frame.locator('section[data-table="relay"] button[data-action="save-csv"]').click();
  // VS Code's own save dialog (a path box in the browser), offering the workspace folder and the table's name
  const input = vs.page.locator('.quick-input-widget input');
  await waitUntil('the save dialog', async () => (await input.isVisible()) && (await input.inputValue()).endsWith('relay-relay.csv'));
  await vs.page.keyboard.press('Enter');
  const text = await waitUntil('the CSV file', () => (fs.existsSync(target) && fs.statSync(target).size > 0 ? fs.readFileSync(target, 'utf8') : undefined));
  assert.ok(text.startsWith('\uFEFF'), 'a byte order mark for Excel');
  assert.equal(text.slice(1), reportTableCsv(relayTable, order), 'the core\'s cells, in the order shown');
  const rows = parse(text.slice(1)) as string[][];
  assert.deepEqual(rows[0], relayTable.columns.map((c) => c.key));
  assert.equal(rows.length, relayTable.rows.length + 1);
  assert.match(rows[1][relayTable.columns.findIndex((c) => c.key === 'first')], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/, 'times in ISO 8601');

  await frame.locator('section[data-table="relay"] button[data-action="copy-csv"]').click();
  await waitUntil('the status bar to say what was copied', async () => (await vs.page.locator('.statusbar').textContent())?.includes(`Copied ${relayTable.rows.length} rows`));
});

it('a row of the report opens the search of its sessions', async (vs) => {
  const frame = await reportFrame(vs, 'relay');
  const first = frame.locator('section[data-table="relay"] tbody tr').first();
  const key = (await shownKeys(frame))[0];
  const row = relayTable.rows.find((r) => keyOf(r.cells) === key)!;
  assert.ok(row.where, 'the core gives each row a search');
  await first.click();
  const tab = await waitUntil('the search view of the row', async () => {
    const t = await activeTab(vs);
    return t?.startsWith('Search: ') ? t : undefined;
  }, 30_000);
  // the tab names the search (its first 60 characters; no slash or backslash in a tab's name)
  assert.ok(tab.startsWith(`Search: ${row.where.slice(0, 40).replace(/[\\/]/g, '_')}`), `${tab} searches ${row.where}`);
  // and the view shows the row's sessions: lines of its remote address
  await waitUntil(`the view to show sessions of ${String(row.cells.remote)}`, () => vs.page.evaluate((remote) =>
    [...document.querySelectorAll('.editor-group-container.active .editor-instance .view-lines .view-line')].some((l) => (l.textContent ?? '').includes(remote)), String(row.cells.remote)));
});

it('the volume report draws its charts with Observable Plot: a focusable point per hour with a tooltip, a legend, the data as a table', async (vs) => {
  await vs.runCommand('View: Close All Editor Groups');
  const volume = buildReport('volume', { index, match: () => true, top: 50, uriOf: (p) => `file://${p}` });
  assert.ok(volume.charts.length > 0);
  await openReport(vs, 'volume', 'Volume per hour');
  const tableId = volume.tables[0].id;
  const frame = await whenComplete(vs, tableId);
  const charts = frame.locator('section.report-chart');
  assert.equal(await charts.count(), volume.charts.length);
  const chart = charts.first();
  assert.equal(await chart.locator('h2').textContent(), volume.charts[0].title);
  const hours = new Set(volume.charts[0].series.flatMap((s) => s.points.map((p) => p.x)));
  const points: Locator = chart.locator('svg .point');
  assert.equal(await points.count(), hours.size, 'one point per hour');
  assert.deepEqual(await chart.locator('.legend li').allTextContents(), volume.charts[0].series.map((s) => s.name));
  assert.ok((await chart.locator('svg rect.bar').count()) > 0);
  // the bars take the theme's chart colours
  const fill = await chart.locator('svg rect.bar').first().evaluate((e) => getComputedStyle(e).fill);
  assert.match(fill, /^rgb/);
  assert.notEqual(fill, 'rgb(0, 0, 0)');
  // keyboard: Tab reaches the chart's point; its tooltip shows its numbers
  await points.first().focus();
  const tip = frame.locator('#tooltip');
  await waitUntil('the tooltip of the focused point', async () => (await tip.isVisible()) && ((await tip.textContent()) ?? '').includes('UTC'));
  assert.equal(await chart.locator('details.chart-data tbody tr').count(), hours.size);
  assert.ok(!vs.consoleErrors.some((e) => /Content Security Policy/i.test(e)), vs.consoleErrors.join('\n'));
});

it('a report panel comes back after the window is reloaded', async (vs) => {
  await vs.runCommand('Developer: Reload Window');
  const frame = await whenComplete(vs, buildReport('volume', { index, match: () => true, top: 50, uriOf: (p) => `file://${p}` }).tables[0].id);
  assert.ok((await frame.locator('section.report-chart').count()) > 0);
});

it('no error notification, and nothing unexpected in the extension host log or our server\'s output', assertHealthy);
