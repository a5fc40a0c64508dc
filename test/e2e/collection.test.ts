/**
 * The log collection in a real VS Code: a folder of a generated two-server collection (outside the
 * workspace) added with "Add Folder to Log Collection…" and its folder picker, the Log Collection view
 * filled with the servers, their log kinds, days and files; Go to Symbol in Workspace (Ctrl+T) finding a
 * session of a file that was never opened; and Go to Time… opening the right hourly file. Expected values
 * come from the pure core's index of the same files.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CollectionIndex } from '../../server/src/core/collection/collection';
import { indexPart } from '../../server/src/core/collection/part';
import { getCollectionSymbols } from '../../server/src/core/collection/symbols';
import { firstLineAtOrAfter, goToTime } from '../../server/src/core/collection/time';
import { parseLog } from '../../server/src/core/model/logModel';
import { GeneratedFile, generateCollection } from '../helpers/generateCollection';
import { VSCode, assertHealthy, e2eSuite, waitUntil } from './harness';
import { waitForEditorAt } from './editors';
import { ViewRow, collectionPane, showCollectionView, viewRows } from './collectionView';

// --- the collection on disk, and the core's index of it --------------------------------------------

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'exlog-e2e-collection-'));
const onDisk = (f: GeneratedFile) => path.join(dir, ...f.path.split('/'));
// Small files (the size limit rolls them over several times an hour): a few dozen files, about 2 MB.
const files = [...generateCollection({ servers: ['EX01', 'EX02'], targetBytes: 1024 * 1024, fileLimitBytes: 128 * 1024, seed: 7 })];
const index = new CollectionIndex();
for (const f of files) {
  fs.mkdirSync(path.dirname(onDisk(f)), { recursive: true });
  fs.writeFileSync(onDisk(f), f.data);
  const part = indexPart(f.text, { byteStart: 0, byteEnd: f.bytes, endsWithBreak: true, lineOffset: 0, headerPrefix: '' }, onDisk(f));
  index.setFile({ path: onDisk(f), size: f.bytes, mtime: 1, parts: [part] });
}
const uriOf = (p: string) => pathToFileURL(p).toString();
const tree = index.tree(uriOf);
const lines = (f: GeneratedFile) => f.text.split('\r\n');
/** The files of one folder of the collection (one server's FrontEnd or Hub receive logs …), in time order. */
const chain = (server: string, kind: GeneratedFile['kind'], service: GeneratedFile['service']) =>
  files.filter((f) => f.server === server && f.kind === kind && f.service === service);

const it = e2eSuite('collection', () => ({
  // No Exchange log in the workspace: the collection is the added folder alone.
  files: [{ name: 'app.log', text: '2024-03-05 10:00:01 INFO service started\n' }],
}));
// After VS Code is closed (hooks run in the order they are declared).
after(() => fs.rmSync(dir, { recursive: true, force: true }));

// --- what VS Code draws ----------------------------------------------------------------------------

/** The rows below the row `parent` (its children and their children), up to its next sibling. */
function below(rows: ViewRow[], parent: ViewRow): ViewRow[] {
  const start = rows.indexOf(parent) + 1;
  const end = rows.findIndex((r, i) => i >= start && r.level <= parent.level);
  return rows.slice(start, end < 0 ? rows.length : end);
}

async function clickRow(vs: VSCode, row: ViewRow): Promise<void> {
  await collectionPane(vs).locator(`.monaco-list-row[data-index="${row.index}"]`).click();
}

/** Expands (or collapses) the view's row found by `find` and waits until its children are shown (or gone). */
async function setExpanded(vs: VSCode, what: string, find: (rows: ViewRow[]) => ViewRow | undefined, expanded: boolean): Promise<ViewRow[]> {
  const row = await waitUntil(`the row ${what} in the Log Collection view`, async () => find(await viewRows(vs)));
  if (row.expanded !== expanded) await clickRow(vs, row);
  return waitUntil(`the row ${what} ${expanded ? 'expanded' : 'collapsed'}`, async () => {
    const rows = await viewRows(vs);
    const now = find(rows);
    return now && now.expanded === expanded && (below(rows, now).length > 0) === expanded ? rows : undefined;
  });
}

/**
 * Expands a server's log kind and one of its days in the view: returns the rows of the kind's days and
 * of the day's files.
 */
async function expandDay(vs: VSCode, server: string, kindLabel: string, day: string): Promise<{ days: ViewRow[]; files: ViewRow[] }> {
  const serverRow = (r: ViewRow[]) => r.find((x) => x.level === 1 && x.label.startsWith(`${server} `));
  const kindRow = (r: ViewRow[]) => {
    const s = serverRow(r);
    return s && below(r, s).find((x) => x.level === 2 && x.label.startsWith(`${kindLabel} `));
  };
  const dayRow = (r: ViewRow[]) => {
    const k = kindRow(r);
    return k && below(r, k).find((x) => x.level === 3 && x.label.startsWith(`${day} `));
  };
  await setExpanded(vs, server, serverRow, true);
  await setExpanded(vs, `${server} › ${kindLabel}`, kindRow, true);
  const rows = await setExpanded(vs, `${server} › ${kindLabel} › ${day}`, dayRow, true);
  return { days: below(rows, kindRow(rows)!).filter((r) => r.level === 3), files: below(rows, dayRow(rows)!) };
}

async function closeAll(vs: VSCode): Promise<void> {
  await vs.runCommand('View: Close All Editor Groups');
  await waitUntil('no editor open', async () => (await vs.page.locator('.tabs-container .tab').count()) === 0);
}

// --- the tests -------------------------------------------------------------------------------------

it('Add Folder to Log Collection… (its folder picker) fills the Log Collection view with the servers, their log kinds, days and files', async (vs) => {
  assert.deepEqual(tree.map((s) => s.server), ['EX01', 'EX02'], 'the core sees both servers');
  await vs.runCommand('Exchange Log: Add Folder to Log Collection');
  // code-server's folder picker: a quick input holding a path; type the folder's, then accept it with
  // the picker's button, which takes the path typed (after an Enter, CI once saw the picker left open
  // on an empty listing of the folder)
  const input = vs.page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`${dir}${path.sep}`);
  await waitUntil('the picker to list the folder\'s servers', async () => {
    const names = await vs.page.locator('.quick-input-list .monaco-list-row').evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()));
    return names.includes('EX01') && names.includes('EX02');
  });
  await vs.page.locator('.quick-input-widget .monaco-button', { hasText: 'Add to Log Collection' }).click();
  await input.waitFor({ state: 'hidden' });

  await showCollectionView(vs);
  // Every server, each (expanded at first) with its log kinds as the core names and counts them, and no "Indexing…" row.
  const rows = await waitUntil('the view to list EX01 and EX02 with their log kinds, indexing done', async () => {
    const all = await viewRows(vs);
    const servers = all.filter((r) => r.level === 1);
    return servers.length === tree.length && servers.every((r, i) => r.label.startsWith(`${tree[i].server} `) && below(all, r).length === tree[i].kinds.length)
      ? all : undefined;
  }, 60_000);
  for (const server of tree) {
    const row = rows.find((r) => r.level === 1 && r.label.startsWith(`${server.server} `))!;
    assert.equal(row.label, `${server.server} ${server.files} files · ${row.label.split(' · ').pop()}`);
    const kinds = below(rows, row);
    server.kinds.forEach((k, i) => {
      const label = kinds[i].label;
      assert.ok(label.startsWith(`${k.label} ${k.files} files · `) && label.endsWith(` · ${k.sessions} ${k.kind === 'messageTracking' ? 'events' : 'sessions'}`), `${label} (the core: ${k.label}, ${k.files} files, ${k.sessions})`);
    });
  }
  assert.ok(tree[0].kinds.some((k) => k.label.includes('FrontEnd')) && tree[0].kinds.some((k) => k.label.includes('Hub')), 'FrontEnd and Hub logs');

  // A server collapses and expands again.
  const ex01 = (r: ViewRow[]) => r.find((x) => x.level === 1 && x.label.startsWith('EX01 '));
  await setExpanded(vs, 'EX01', ex01, false);
  await setExpanded(vs, 'EX01', ex01, true);
  // A log kind of EX02 shows its day, the day its files.
  const ex02 = tree[1];
  const kind = ex02.kinds.find((k) => k.kind === 'smtpReceive' && k.service === 'FrontEnd')!;
  const day = kind.days[0];
  const shown = await expandDay(vs, 'EX02', kind.label, day.day);
  assert.deepEqual(shown.days.map((r) => r.label.split(' ')[0]), kind.days.map((d) => d.day));
  const fileRows = shown.files;
  assert.deepEqual(fileRows.map((r) => r.label.split(' ')[0]), day.files.map((f) => path.basename(fileURLToPath(f.uri))));
  // A click on a file opens it.
  const file = fileURLToPath(day.files[day.files.length - 1].uri);
  await clickRow(vs, fileRows[fileRows.length - 1]);
  await waitForEditorAt(vs, dir, file, 1);
  await closeAll(vs);
});

it('Go to Symbol in Workspace (Ctrl+T) finds a session of a receive log that was never opened, and opens it at that session\'s line', async (vs) => {
  // A session that begins in the middle of EX02's second FrontEnd receive log.
  const receive = chain('EX02', 'smtpReceive', 'FrontEnd');
  const file = receive[Math.min(1, receive.length - 1)];
  const text = lines(file);
  // Sequence number 0: a session's first line.
  const line = text.findIndex((l, i) => i >= text.length / 2 && /^[^,]*,[^,]*,[^,]*,0,/.test(l));
  assert.ok(line > 0, 'a session begins in the second half of the file');
  const sessionId = text[line].split(',')[2];
  const expected = getCollectionSymbols(index, sessionId, { uriOf }).filter((s) => s.location.uri === uriOf(onDisk(file)));
  assert.equal(expected.length, 1, `the core finds session ${sessionId} once in ${file.path}`);
  assert.equal(expected[0].location.range.start.line, line, 'at its first line');

  assert.equal(await vs.page.locator('.tabs-container .tab').count(), 0, 'no editor is open');
  await vs.page.keyboard.press('Control+T');
  const input = vs.page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`#${sessionId}`);
  // Its name as the server gives it, in that file (by its folders: the name alone is also the Hub's).
  const result = vs.page.locator('.quick-input-list .monaco-list-row', { hasText: path.relative(dir, onDisk(file)).split(path.sep).join('/') })
    .filter({ hasText: expected[0].name });
  await waitUntil(`the session ${sessionId} among the symbols`, async () => (await result.count()) === 1, 30_000);
  await result.click();
  await waitForEditorAt(vs, dir, onDisk(file), line + 1);
  await closeAll(vs);
});

it('Go to Time… opens the file of the current log\'s server and kind that holds the time typed, at the first line at or after it', async (vs) => {
  // From EX01's first FrontEnd receive log to a time inside its second one (the Hub's receive logs of EX01 cover that time too).
  const receive = chain('EX01', 'smtpReceive', 'FrontEnd');
  assert.ok(receive.length >= 2, 'EX01 has two FrontEnd receive logs');
  const [from, to] = receive;
  const toLines = lines(to);
  const records = toLines.map((l, i) => ({ i, time: /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/.exec(l)?.[0] })).filter((r) => r.time);
  // As a person types it: to the second, in UTC.
  const typed = records[Math.floor(records.length / 2)].time!.replace('T', ' ');
  // the server reads the file it found for the line (the index keeps session and event times only)
  const lineInFile = (file: string, time: number) => firstLineAtOrAfter(parseLog(fs.readFileSync(file, 'utf8').replace(/^\uFEFF/, ''), {}), time);
  const answer = goToTime(index, typed, { current: onDisk(from), lineInFile });
  assert.equal(answer.path, onDisk(to), answer.message);
  const at = Date.parse(`${typed.replace(' ', 'T')}Z`);
  const found = toLines[answer.line];
  assert.ok(Date.parse(found.slice(0, found.indexOf(','))) >= at, `line ${answer.line + 1} is at or after ${typed}: ${found}`);
  for (const r of records) if (r.i < answer.line) assert.ok(Date.parse(`${r.time}Z`) < at || r.time === undefined, `line ${r.i + 1} before the answer is earlier than ${typed}`);

  // The current log: opened from the Log Collection view (EX01's FrontEnd receive logs of that day).
  await showCollectionView(vs);
  const kind = tree[0].kinds.find((k) => k.kind === 'smtpReceive' && k.service === 'FrontEnd')!;
  const day = kind.days.find((d) => d.files.some((f) => f.uri === uriOf(onDisk(from))))!;
  const { files: fileRows } = await expandDay(vs, 'EX01', kind.label, day.day);
  await clickRow(vs, fileRows.find((r) => r.label.startsWith(`${path.basename(onDisk(from))} `))!);
  await waitForEditorAt(vs, dir, onDisk(from), 1);

  await vs.runCommand('Exchange Log: Go to Time');
  const input = vs.page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(typed);
  await vs.page.keyboard.press('Enter');
  await waitForEditorAt(vs, dir, onDisk(to), answer.line + 1);
  await closeAll(vs);
});

it('no error notification, and nothing unexpected in the extension host log or our server\'s output', assertHealthy);
