/**
 * The message trace in a real VS Code: a generated two-server collection as the workspace, a relayed
 * message's front-end receive log opened, its `250 2.6.0` reply hovered, "Trace this message" clicked in
 * the hover; the Message Trace view lists the message and its hops as the core traces them (times,
 * servers, logs, what each says); a click on a hop on the other server opens that file at that line.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { TextLookups } from '../../server/src/core/collection/textLookup';
import { traceMessages } from '../../server/src/core/collection/trace';
import { configureL10n } from '../../server/src/core/l10n';
import { buildCollection } from '../helpers/generateCollection';
import { indexTexts } from '../helpers/indexCollection';
import { VSCode, assertHealthy, e2eSuite, waitUntil } from './harness';
import { activeTab, breadcrumbs, quickOpen } from './editors';
import { foldExplorerPanes } from './collectionView';

configureL10n('en', undefined);

// A small collection: one hour of two servers, files of whole hours.
const g = buildCollection({ servers: 2, hours: 1, messagesPerHour: 60, seed: 3, imap: false });
const c = indexTexts(g.files.map((f) => ({ path: f.path, text: f.text })));
// A message relayed by EX01's front end to the other server's Hub, then sent to the Internet.
const message = g.messages.find((m) => m.scenario === 'relayedOut'
  && m.hops.some((h) => h.server === 'EX01' && h.service === 'FrontEnd') && m.hops.some((h) => h.server === 'EX02' && h.logKind === 'smtpReceive'))
  ?? g.messages.find((m) => m.scenario === 'inboundDelivered' && new Set(m.hops.map((h) => h.server)).size === 2)!;
const expected = traceMessages(c.index, { messageId: message.messageId }, { uriOf: (p) => p, lookups: new TextLookups(), lines: c.lines }).messages[0];
const feReceive = message.hops[0];
const replyLine = feReceive.reply!.line;
const file = g.files.find((f) => f.path === feReceive.path)!;

const it = e2eSuite('trace', () => ({
  files: g.files.map((f) => ({ name: f.path, text: f.text })),
}));

/** The Message Trace pane of the Explorer. */
const tracePane = (vs: VSCode) => vs.page.locator('.pane', { has: vs.page.locator('.pane-header[aria-label^="Message Trace"]') });

interface Row { index: number; label: string; description: string; level: number }

async function traceRows(vs: VSCode): Promise<Row[]> {
  const rows = await tracePane(vs).locator('.monaco-list-row').evaluateAll((els) => els.map((e) => ({
    index: Number(e.getAttribute('data-index')),
    label: (e.querySelector('.label-name')?.textContent ?? '').trim(),
    description: (e.querySelector('.label-description')?.textContent ?? '').trim(),
    level: Number(e.getAttribute('aria-level')),
  })));
  return rows.sort((a, b) => a.index - b.index);
}

/** Opens a file of the workspace with Quick Open (Ctrl+P) by its path, and waits for it in the editor. */
async function openLog(vs: VSCode, rel: string): Promise<void> {
  await quickOpen(vs, rel);
  const folder = path.posix.dirname(rel);
  await waitUntil(`${rel} in the editor`, async () => {
    return (await activeTab(vs))?.startsWith(path.posix.basename(rel)) && (await breadcrumbs(vs)).includes(folder.split('/').slice(-1)[0]);
  }, 30_000);
}

it('hovering a 250 2.6.0 reply offers "Trace this message"; the Message Trace view shows the hops the core finds; a hop opens its file at its line', async (vs) => {
  assert.ok(expected.hops.length >= 5, `the core traces ${expected.hops.length} hops`);
  assert.ok(new Set(expected.hops.map((h) => h.server)).size === 2, 'across two servers');

  await openLog(vs, file.path);
  // room for the trace
  await foldExplorerPanes(vs);
  const text = file.text.split('\r\n')[replyLine];
  await vs.goToLine(replyLine + 1);
  const column = text.indexOf('250 2.6.0') + 3;
  // the workspace is being indexed when the test begins: a trace asked meanwhile says it is partial, and is asked again
  const rows = await waitUntil('the Message Trace view to list the message and all its hops', async () => {
    await vs.hover(replyLine + 1, column, 'Trace this message');
    await vs.page.locator('.monaco-hover:not(.hidden) a', { hasText: 'Trace this message' }).first().click();
    return waitUntil('the trace to answer', async () => {
      const all = await traceRows(vs);
      if (all.some((r) => /still being indexed/.test(r.label))) return null;
      return all.length >= expected.hops.length + 1 && all[0].label === message.messageId ? all : undefined;
    }, 20_000).then((all) => all ?? undefined);
  }, 90_000, 1000);
  assert.equal(rows[0].level, 1);
  assert.match(rows[0].description, new RegExp(`^${expected.verdict.slice(0, 12).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  const hops = rows.filter((r) => r.level === 2);
  assert.equal(hops.length, expected.hops.length);
  expected.hops.forEach((h, i) => {
    const time = new Date(h.time!).toISOString().slice(11, 23);
    assert.ok(hops[i].label.startsWith(`${time}  ${h.server}  `), `${hops[i].label} (the core: ${time} ${h.server})`);
    assert.ok(hops[i].description.includes(h.detail.slice(0, 30)), `${hops[i].description} (the core: ${h.detail})`);
  });

  // a click on the Hub's receive session on the other server opens that file at the message's line
  const k = expected.hops.findIndex((h) => h.server !== 'EX01' && h.kind === 'smtpReceive');
  assert.ok(k > 0);
  const target = expected.hops[k];
  await tracePane(vs).locator(`.monaco-list-row[data-index="${hops[k].index}"]`).click();
  const rel = target.uri;
  await waitUntil(`${rel} in the editor at line ${target.line + 1}`, async () => {
    const crumbs = await breadcrumbs(vs);
    return (await activeTab(vs))?.startsWith(path.posix.basename(rel)) && crumbs.includes(target.server) && crumbs.includes('Hub');
  }, 30_000);
  await waitUntil(`the cursor on line ${target.line + 1}`, async () => (await vs.cursor()).line === target.line + 1);
});

it('no error notification, and nothing unexpected in the extension host log or our server\'s output', assertHealthy);
