/**
 * Following a session in a real VS Code: each navigation command moves the cursor (read from the
 * status bar's Ln/Col) to the line the core computes, and Show Session opens the session view.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getLanguageService } from '../../server/src/core/languageService';
import type { NavigationTarget } from '../../protocol/src/navigationTypes';
import { repoRoot } from '../helpers/paths';
import { STANDARD_FILES, assertHealthy, e2eSuite, waitUntil } from './harness';

const RECV = 'RECV2024030510-1.LOG';
const ls = getLanguageService();
const recv = ls.parse(fs.readFileSync(path.join(repoRoot(), 'test', 'fixtures', 'recv-interleaved.log'), 'utf8'), `file:///logs/${RECV}`, 1);

const it = e2eSuite('navigation', () => ({ files: STANDARD_FILES }));

const COMMANDS: [string, NavigationTarget][] = [
  ['Exchange Log: Next Event in Session', 'nextEvent'],
  ['Exchange Log: Previous Event in Session', 'previousEvent'],
  ['Exchange Log: First Event in Session', 'firstEvent'],
  ['Exchange Log: Last Event in Session', 'lastEvent'],
  ['Exchange Log: Next Session', 'nextSession'],
];

// Line 8 is event 3 of session 08DC3C0A00000001, whose lines interleave with session …02.
const FROM = 8;
for (const [title, target] of COMMANDS) {
  it(`${title} moves the cursor from line ${FROM} to the line the server computes`, async (vs) => {
    const expected = ls.getNavigationTarget(recv, { line: FROM - 1, character: 0 }, target).position;
    assert.ok(expected, `the core has a ${target} target from line ${FROM}`);
    await vs.openFile(RECV);
    await vs.goToLine(FROM);
    await vs.runCommand(title);
    await vs.focusEditor();
    await waitUntil(`the cursor on line ${expected.line + 1}`, async () => (await vs.cursor()).line === expected.line + 1);
  });
}

it('Ctrl+Alt+PageDown is Next Event in Session', async (vs) => {
  const expected = ls.getNavigationTarget(recv, { line: FROM - 1, character: 0 }, 'nextEvent').position!;
  await vs.openFile(RECV);
  await vs.goToLine(FROM);
  await vs.page.keyboard.press('Control+Alt+PageDown');
  await waitUntil(`the cursor on line ${expected.line + 1}`, async () => (await vs.cursor()).line === expected.line + 1);
});

it('Show Session opens a view of the session at the cursor, with only its lines', async (vs) => {
  await vs.openFile(RECV);
  await vs.goToLine(9); // session 08DC3C0A00000002, 4 events
  await vs.runCommand('Exchange Log: Show Session');
  const label = await waitUntil('a new editor for the session', async () => {
    const l = await vs.page.locator('.editor-group-container.active .tabs-container .tab.active').getAttribute('aria-label').catch(() => null);
    return l && l.includes('session 08DC3C0A00000002') ? l : undefined;
  });
  assert.match(label, new RegExp(`^${RECV.replace(/\./g, '\\.')} \\(session 08DC3C0A00000002\\)`));
  const text = await waitUntil('the session view to render', async () => {
    const t = await vs.page.evaluate(() => [...document.querySelectorAll('.editor-group-container.active .editor-instance .view-lines .view-line')].map((l) => l.textContent ?? '').join('\n'));
    return t.includes('08DC3C0A00000002') ? t : undefined;
  });
  // The session's four records (lines 9, 12, 17 and 18 of the log) and none of the other session.
  assert.equal(text.match(/^2024-03-05T10:00:0\d\.\d{3}Z,/gm)?.length, 4, text);
  assert.doesNotMatch(text, /08DC3C0A00000001/, 'no line of the other session');
});

it('no error notification, and nothing unexpected in the extension host log or our server\'s output', assertHealthy);
