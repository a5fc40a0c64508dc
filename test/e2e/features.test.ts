/**
 * What the language server and the grammar show in a real VS Code, on the interleaved receive log
 * (test/fixtures/recv-interleaved.log as RECV2024030510-1.LOG) and the MANGLED send log. Expected
 * values come from the pure core, so these tests check that VS Code shows what the server computes.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getLanguageService } from '../../server/src/core/languageService';
import { fixtureLog, repoRoot } from '../helpers/paths';
import { DARK_THEME, LIGHT_THEME, STANDARD_FILES, STATUS_ITEM, assertHealthy, e2eSuite, waitUntil } from './harness';

const RECV = 'RECV2024030510-1.LOG';
const MANGLED = 'SEND2022101908-1.LOG';
const ls = getLanguageService();
const recvText = fs.readFileSync(path.join(repoRoot(), 'test', 'fixtures', 'recv-interleaved.log'), 'utf8');
const recv = ls.parse(recvText, `file:///logs/${RECV}`, 1);
const recvLines = recvText.replace(/^\uFEFF/, '').split(/\r?\n/);

/** 1-based line and 0-based column of the event character of the first record whose event is `ev`. */
function eventPosition(ev: string): { line: number; column: number } {
  for (let i = 0; i < recvLines.length; i++) {
    const fields = recvLines[i].split(',');
    if (!recvLines[i].startsWith('#') && fields.length >= 9 && fields[6] === ev) {
      return { line: i + 1, column: fields.slice(0, 6).join(',').length + 1 };
    }
  }
  throw new Error(`no record with event ${ev} in the fixture`);
}

const it = e2eSuite('features', () => ({ files: STANDARD_FILES }));

it('the status bar shows the log kind on a header line, and the session and "event k of n" on a record', async (vs) => {
  await vs.openFile(RECV);
  await vs.goToLine(1);
  await vs.waitForStatus(STATUS_ITEM, (t) => t === 'SMTP Receive protocol log', 'the log kind');
  // Line 8 is sequence number 2 of session 08DC3C0A00000001, which has 11 events (0 … 10).
  assert.match(recvLines[7], /,08DC3C0A00000001,2,/);
  await vs.goToLine(8, 30);
  await vs.waitForStatus(STATUS_ITEM, (t) => t === '00000001 · 203.0.113.7:50001 · event 3 of 11', 'the session and event 3 of 11');
  // A line of the other, interleaved session.
  assert.match(recvLines[8], /,08DC3C0A00000002,0,/);
  await vs.goToLine(9);
  await vs.waitForStatus(STATUS_ITEM, (t) => t === '00000002 · 198.51.100.9:40000 · event 1 of 4', 'session 2, event 1 of 4');
});

it('hovering the session id of a receive line shows its column, what it means and the session summary', async (vs) => {
  await vs.openFile(RECV);
  const line = 10; // 2024-03-05T10:00:01.600Z,EX01\Default Frontend EX01,08DC3C0A00000001,3,…,<,EHLO mail.fabrikam.com,
  const column = recvLines[line - 1].indexOf('08DC3C0A00000001') + 4;
  assert.ok(column > 4);
  const text = await vs.hover(line, column, 'session-id');
  assert.match(text, /column 3 of 9/);
  assert.match(text, /Identifies one SMTP session/);
  // The session summary (issue 4): events, endpoints, EHLO name, sender and the outcome.
  assert.match(text, /Session\s*08DC3C0A00000001 · 11 events/);
  assert.match(text, /EHLO\/HELO name:\s*mail\.fabrikam\.com/);
  assert.match(text, /MAIL FROM:\s*alice@fabrikam\.com/);
  assert.match(text, /Outcome:\s*Ended without a message/);
});

it('hovering the event character explains it', async (vs) => {
  await vs.openFile(RECV);
  const { line, column } = eventPosition('<');
  const text = await vs.hover(line, column, 'event');
  assert.match(text, /Receive: text this server received/);
});

for (const [theme, kind] of [[DARK_THEME, 'vs-dark'], [LIGHT_THEME, 'vs']] as const) {
  it(`the five event characters + - > < * are drawn in five different colours in ${theme}`, async (vs) => {
    assert.ok(fs.existsSync(path.join(repoRoot(), 'syntaxes', 'exchange-log.tmLanguage.json')), 'the grammar (issue 3) is not in this tree');
    await vs.setTheme(theme, kind);
    await vs.openFile(RECV);
    const colours = new Map<string, string>();
    for (const ev of ['+', '-', '>', '<', '*']) {
      const { line, column } = eventPosition(ev);
      const c = await vs.charAt(line, column);
      assert.equal(c.char, ev, `line ${line} column ${column} is rendered as ${JSON.stringify(c.char)}`);
      colours.set(ev, c.color);
    }
    const distinct = new Set(colours.values());
    assert.equal(distinct.size, 5, `colours in ${theme}: ${JSON.stringify(Object.fromEntries(colours))}`);
  });
}

it('folding controls sit on the header blocks and on each run of one session, and folding hides the run', async (vs) => {
  await vs.setTheme(DARK_THEME, 'vs-dark');
  await vs.openFile(RECV);
  await vs.goToLine(1);
  const expected = ls.getFoldingRanges(recv).map((r) => r.startLine + 1).sort((a, b) => a - b);
  assert.ok(expected.length >= 4, `the core folds ${expected.length} ranges`);
  const shown = await waitUntil('the folding controls', async () => {
    const lines = await vs.page.evaluate(() => [...document.querySelectorAll('.editor-instance .margin-view-overlays > div')]
      .filter((d) => d.querySelector('.codicon-folding-expanded, .codicon-folding-collapsed'))
      .map((d) => Number(d.querySelector('.line-numbers')?.textContent?.trim()))
      .sort((a, b) => a - b));
    return lines.length === expected.length ? lines : undefined;
  });
  assert.deepEqual(shown, expected);
  // Fold the first session run (lines 6-8) with its control and see lines 7 and 8 disappear.
  const run = ls.getFoldingRanges(recv).find((r) => r.startLine === 5);
  assert.ok(run && run.endLine === 7, 'the core folds lines 6-8 as one run');
  const lineVisible = (n: number) => vs.page.evaluate((ln) => [...document.querySelectorAll('.editor-instance .margin-view-overlays .line-numbers')]
    .some((e) => e.textContent?.trim() === String(ln)), n);
  assert.ok(await lineVisible(7));
  const control = vs.page.locator('.editor-instance .margin-view-overlays > div', { has: vs.page.locator('.line-numbers', { hasText: /^\s*6\s*$/ }) })
    .locator('.codicon-folding-expanded');
  await control.click();
  await waitUntil('lines 7 and 8 to fold away', async () => !(await lineVisible(7)) && !(await lineVisible(8)) && (await lineVisible(9)));
  await vs.page.locator('.editor-instance .margin-view-overlays > div', { has: vs.page.locator('.line-numbers', { hasText: /^\s*6\s*$/ }) })
    .locator('.codicon-folding-collapsed').click();
  await waitUntil('lines 7 and 8 to unfold', () => lineVisible(7));
});

it('the Outline view lists the header blocks and their sessions, and selecting a session moves the cursor there', async (vs) => {
  await vs.openFile(RECV);
  const symbols = ls.getDocumentSymbols(recv);
  const headers = symbols.map((s) => s.name);
  const sessions = symbols.flatMap((s) => s.children ?? []);
  assert.ok(headers.length === 2 && sessions.length === 3, `the core gives ${headers.length} headers and ${sessions.length} sessions`);
  // Room for the whole tree: collapse the folder's pane while the outline is read, open it again after.
  const folderPane = vs.page.locator('.pane-header', { hasText: /^\s*logs\s*$/i }).first();
  const outlinePane = vs.page.locator('.pane-header', { hasText: /^\s*Outline/i }).first();
  if ((await outlinePane.getAttribute('aria-expanded')) !== 'true') await outlinePane.click();
  await folderPane.click();
  try {
    const rowLabels = () => vs.page.evaluate(() => [...document.querySelectorAll('.pane-body .outline-tree .monaco-list-row, .outline-pane .monaco-list-row')]
      .map((r) => (r.textContent ?? '').replace(/\s+/g, ' ').trim()));
    await waitUntil('the outline to list every header and session', async () => {
      const l = await rowLabels();
      return [...headers, ...sessions.map((s) => s.name)].every((n) => l.some((x) => x.includes(n)));
    });
    const second = sessions[1];
    assert.match(second.name, /00000002/);
    await vs.page.locator('.monaco-list-row', { hasText: second.name }).first().click();
    await waitUntil('the cursor to move to session 2', async () => (await vs.cursor()).line === second.selectionRange.start.line + 1);
  } finally {
    if ((await folderPane.getAttribute('aria-expanded')) !== 'true') await folderPane.click();
  }
});

it('the Problems panel lists the diagnostics of the MANGLED send log, with their codes', async (vs) => {
  const text = fixtureLog('smtp-send/SEND2024031914-1-MANGLED.LOG');
  const codes = new Set(ls.getDiagnostics(ls.parse(text, `file:///logs/${MANGLED}`, 1)).map((d) => String(d.code)));
  assert.ok(codes.has('damaged-directive'), `the core reports ${[...codes].join(', ')}`);
  await vs.openFile(MANGLED);
  await vs.runCommand('View: Focus Problems (Errors, Warnings, Infos)');
  const rows = await waitUntil('the problems of the MANGLED log', async () => {
    const r = await vs.page.evaluate(() => [...document.querySelectorAll('.markers-panel .monaco-list-row')].map((e) => (e.textContent ?? '').replace(/\s+/g, ' ')));
    return [...codes].every((c) => r.some((x) => x.includes('exchange-log') && x.includes(c))) ? r : undefined;
  });
  assert.ok(rows.some((r) => r.includes(MANGLED)), 'the file is named in the panel');
});

it('no error notification, and nothing unexpected in the extension host log or our server\'s output', assertHealthy);
