/**
 * Linked logs and redacted copies in a real VS Code: the "Open in send log" code lens of a
 * connectivity log session opens the send log of the same folder and date at that session, and
 * "Redacted Copy for a Support Ticket…" shows a diff whose copy has the stand-ins and none of the
 * log's addresses or host names. Expected values come from the pure core.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { getLanguageService } from '../../server/src/core/languageService';
import { repoRoot } from '../helpers/paths';
import { VSCode, WorkspaceFile, assertHealthy, e2eSuite, waitUntil } from './harness';
import { activeTab } from './editors';

/** A connectivity log of 25 January 2024 and the send log of 15:00 that day, with the same connection. */
const CONN = 'CONNECTLOG20240125-1.LOG';
const SEND = 'SEND2024012515-1.LOG';
/** The send log of the hour before: same folder and date, so also a candidate, but without the session. */
const SEND_EARLIER = 'SEND2024012514-1.LOG';
const sendEarlierText = [
  '#Software: Microsoft Exchange Server',
  '#Version: 15.01.2507.023',
  '#Log-type: SMTP Send Protocol Log',
  '#Date: 2024-01-25T14:00:00.000Z',
  '#Fields: date-time,connector-id,session-id,sequence-number,local-endpoint,remote-endpoint,event,data,context',
  '2024-01-25T14:05:10.000Z,Internet Send Connector,08DC1DB8591B2201,0,,198.51.100.7:25,*,,attempting to connect',
  '2024-01-25T14:05:10.020Z,Internet Send Connector,08DC1DB8591B2201,1,10.1.1.5:40990,198.51.100.7:25,+,,',
  '2024-01-25T14:05:10.060Z,Internet Send Connector,08DC1DB8591B2201,2,10.1.1.5:40990,198.51.100.7:25,<,220 mail.fabrikam.com ESMTP,',
  '2024-01-25T14:05:10.500Z,Internet Send Connector,08DC1DB8591B2201,3,10.1.1.5:40990,198.51.100.7:25,-,,Local',
  '',
].join('\n');
/** The next day: a connectivity log whose only session is in no send log of that day. */
const CONN_NEXT = 'CONNECTLOG20240126-1.LOG';
const SEND_NEXT = 'SEND2024012609-1.LOG';
const connNextText = [
  '#Software: Microsoft Exchange Server',
  '#Version: 15.01.2507.023',
  '#Log-type: Transport Connectivity Log',
  '#Date: 2024-01-26T09:00:00.000Z',
  '#Fields: date-time,session,source,Destination,direction,description',
  '2024-01-26T09:20:00.000Z,08DC1E5F00000B01,SMTP,fabrikam.com,+,Internet Send Connector;QueueLength=0',
  '2024-01-26T09:20:01.000Z,08DC1E5F00000B01,SMTP,fabrikam.com,-,Messages: 0 Bytes: 0 (Retry : Service not active)',
  '',
].join('\n');
const sendNextText = sendEarlierText.replace(/2024-01-25T14/g, '2024-01-26T09').replace(/08DC1DB8591B2201/g, '08DC1E5F00000A01');
/** The receive log of the harness's standard workspace. */
const RECV = 'RECV2023011116-1.LOG';
const RECV_FIXTURE = 'logs/smtp-receive/RECV2024031409-1.LOG';

const FILES: WorkspaceFile[] = [
  { name: CONN, fixture: 'linked/CONNECTLOG20240125-1.LOG' },
  { name: SEND, fixture: 'linked/SEND20240125-1.LOG' },
  { name: SEND_EARLIER, text: sendEarlierText },
  { name: CONN_NEXT, text: connNextText },
  { name: SEND_NEXT, text: sendNextText },
  { name: RECV, fixture: RECV_FIXTURE },
];

/** The workspace's log file names as the client hands them to the server (app files excluded). */
const SIBLINGS = FILES.map((f) => `file:///logs/${f.name}`);

const ls = getLanguageService();
const fixtureText = (name: string) => fs.readFileSync(path.join(repoRoot(), 'test', 'fixtures', name), 'utf8');
// URIs as the workspace will have them (only the folder differs, and the core compares within one folder).
const uri = (name: string) => `file:///logs/${name}`;
const conn = ls.parse(fixtureText('linked/CONNECTLOG20240125-1.LOG'), uri(CONN), 1);
const send = ls.parse(fixtureText('linked/SEND20240125-1.LOG'), uri(SEND), 1);
const sendEarlier = ls.parse(sendEarlierText, uri(SEND_EARLIER), 1);
const connNext = ls.parse(connNextText, uri(CONN_NEXT), 1);
const sendNext = ls.parse(sendNextText, uri(SEND_NEXT), 1);
const recvText = fixtureText(RECV_FIXTURE);
const recv = ls.parse(recvText, uri(RECV), 1);

const it = e2eSuite('linked', () => ({ files: FILES }));

/** Closes every editor, so each test starts from one empty group. */
async function closeAll(vs: VSCode): Promise<void> {
  await vs.runCommand('View: Close All Editor Groups');
  await waitUntil('no editor open', async () => (await vs.page.locator('.tabs-container .tab').count()) === 0);
}

/** The centre of the code lens `title` drawn just above 1-based `line` of the active editor (a line may have several lenses). */
async function lensAbove(vs: VSCode, line: number, title: string): Promise<{ x: number; y: number }> {
  return waitUntil(`the ${JSON.stringify(title)} lens above line ${line}`, () => vs.page.evaluate(([ln, text]) => {
    const editor = document.querySelector('.editor-group-container.active .editor-instance .monaco-editor');
    if (!editor) return undefined;
    const number = [...editor.querySelectorAll('.margin-view-overlays .line-numbers')].find((n) => n.textContent?.trim() === String(ln));
    if (!number) return undefined;
    const lineBox = number.getBoundingClientRect();
    const links = [...editor.querySelectorAll('.codelens-decoration a')].filter((a) => a.textContent?.trim() === text);
    const hit = links.map((a) => a.getBoundingClientRect())
      .find((r) => r.bottom <= lineBox.top + 2 && r.top >= lineBox.top - 2 * lineBox.height);
    return hit ? { x: hit.left + hit.width / 2, y: hit.top + hit.height / 2 } : undefined;
  }, [line, title] as const));
}

it('the "Open in send log" code lens of a connectivity log session opens the send log of that date at the session', async (vs) => {
  const lenses = ls.getCodeLenses(conn, { links: { models: [], siblings: SIBLINGS } })
    .filter((l) => l.command?.command === 'exchangeLog.openLinked');
  assert.ok(lenses.length > 0, 'the core gives the connectivity log an "Open in send log" lens');
  const first = lenses[0];
  assert.equal(first.command!.title, 'Open in send log');
  const line = first.range.start.line; // 0-based: the first session's first line
  // Nothing open yet: the core names both send logs of that date, and only one of them has the session.
  const unopened = ls.getLinkedTarget(conn, line, { models: [], siblings: SIBLINGS });
  assert.deepEqual([...unopened.candidates].sort(), [uri(SEND), uri(SEND_EARLIER)].sort());
  const target = ls.getLinkedTarget(conn, line, { models: [sendEarlier, send], siblings: SIBLINGS });
  assert.equal(target.locations.length, 1, 'exactly one open send log has the session');
  const loc = target.locations[0];
  assert.equal(loc.uri, uri(SEND));
  assert.equal(loc.range.start.line, loc.range.end.line);
  const sessionId = conn.sessions.find((s) => s.records.some((r) => conn.records.get(r).line === line))!.id;
  assert.equal(send.text.split('\n')[loc.range.start.line].slice(loc.range.start.character, loc.range.end.character), sessionId);

  await vs.openFile(CONN);
  // The lens of line `line + 1` is drawn just above that line; the second session has one too.
  const lens = await lensAbove(vs, line + 1, first.command!.title);
  await vs.page.mouse.click(lens.x, lens.y);
  await waitUntil(`${SEND} to be the active editor`, async () => (await activeTab(vs))?.startsWith(SEND));
  // showTextDocument selects the session id: the cursor is at its end, the status bar counts the selection.
  const expected = new RegExp(`Ln ${loc.range.end.line + 1}, Col ${loc.range.end.character + 1} \\(${sessionId.length} selected\\)`);
  await vs.waitForStatus('status.editor.selection', (t) => expected.test(t), `the session id of ${SEND} line ${loc.range.start.line + 1} selected`);
  // The earlier hour's file was opened (as a document, not an editor): no tab for it.
  assert.equal(await vs.page.locator('.tabs-container .tab', { hasText: SEND_EARLIER }).count(), 0);
  await closeAll(vs);
});

it('the lens of a session that the send log of that date does not have leaves the cursor where it is and says so in the status bar', async (vs) => {
  const siblings = SIBLINGS;
  const lenses = ls.getCodeLenses(connNext, { links: { models: [], siblings } }).filter((l) => l.command?.command === 'exchangeLog.openLinked');
  assert.equal(lenses.length, 1, 'the core gives the session a lens: a send log of that date may have it');
  const line = lenses[0].range.start.line;
  assert.deepEqual(ls.getLinkedTarget(connNext, line, { models: [], siblings }), { locations: [], candidates: [uri(SEND_NEXT)] });
  assert.deepEqual(ls.getLinkedTarget(connNext, line, { models: [sendNext], siblings }), { locations: [], candidates: [] }, 'the send log does not have it');
  await vs.openFile(CONN_NEXT);
  await vs.goToLine(1);
  const lens = await lensAbove(vs, line + 1, lenses[0].command!.title);
  await vs.page.mouse.click(lens.x, lens.y);
  const message = 'The linked session is not in any open log or log file of this folder.';
  await waitUntil('the status bar message', async () => ((await vs.page.locator('.part.statusbar').textContent()) ?? '').includes(message));
  assert.ok((await activeTab(vs))?.startsWith(CONN_NEXT), `${CONN_NEXT} stays the active editor`);
  assert.equal(await vs.page.locator('.tabs-container .tab').count(), 1, 'no other log was opened in an editor');
  assert.equal((await vs.cursor()).line, 1, 'the cursor did not move');
  await closeAll(vs);
});

it('Redacted Copy for a Support Ticket… opens a diff whose copy has the stand-ins and none of the log\'s addresses or host names', async (vs) => {
  const title = JSON.parse(fs.readFileSync(path.join(repoRoot(), 'package.nls.json'), 'utf8'))['command.redactCopy'] as string;
  const redacted = ls.redact(recv);
  const expectedLines = redacted.text.split(/\r?\n/);
  // What must not survive, and what stands in for it (as the core replaces it).
  const originals = ['198.51.100.23', '10.20.30.40', 'EX02', 'corp.contoso.com', 'j.doe@contoso.com'];
  for (const o of originals) {
    assert.ok(recvText.includes(o), `the log has ${o}`);
    assert.ok(!redacted.text.toLowerCase().includes(o.toLowerCase()), `the core replaces ${o}`);
  }
  const standIns = ['192.0.2.1:25', '192.0.2.2:50714', 'host1\\Default Frontend host1', 'host2.example.invalid', 'user1@example.invalid'];
  for (const s of standIns) assert.ok(redacted.text.includes(s), `the core's copy has ${s}`);

  await vs.openFile(RECV);
  await vs.runCommand(`Exchange Log: ${title}`);
  await waitUntil('the diff of the redacted copy to be the active editor', async () => (await activeTab(vs))?.startsWith(`Redacted copy of ${RECV}`));
  // The modified side of the diff: its rendered lines by line number.
  const rendered = await waitUntil('the redacted copy to render in the diff', async () => {
    const lines = await vs.page.evaluate(() => {
      const editor = document.querySelector('.editor-group-container.active .monaco-diff-editor .editor.modified .monaco-editor');
      if (!editor) return undefined;
      const rows = [...editor.querySelectorAll('.view-lines .view-line')] as HTMLElement[];
      const out: Record<number, string> = {};
      for (const n of editor.querySelectorAll('.margin-view-overlays .line-numbers')) {
        const y = n.getBoundingClientRect().top + 2;
        const row = rows.find((l) => { const r = l.getBoundingClientRect(); return r.top <= y && y < r.bottom; });
        if (row) out[Number(n.textContent?.trim())] = (row.textContent ?? '').replace(/\u00a0/g, ' ');
      }
      return out;
    });
    return lines && Object.keys(lines).length >= expectedLines.length - 1 && (lines[6] ?? '').includes('example.invalid') ? lines : undefined;
  });
  for (let i = 1; i < expectedLines.length; i++) {
    if (rendered[i] === undefined) continue;
    assert.equal(rendered[i], expectedLines[i - 1], `line ${i} of the copy`);
  }
  const copy = Object.values(rendered).join('\n');
  for (const s of standIns) assert.ok(copy.includes(s), `the copy shows ${s}`);
  for (const o of originals) assert.ok(!copy.toLowerCase().includes(o.toLowerCase()), `the copy shows no ${o}`);
  // The diff's other side is the log itself.
  const original = await vs.page.evaluate(() => [...document.querySelectorAll('.editor-group-container.active .monaco-diff-editor .editor.original .view-lines .view-line')]
    .map((l) => (l.textContent ?? '').replace(/\u00a0/g, ' ')).join('\n'));
  assert.ok(original.includes('198.51.100.23') && original.includes('EX02'), 'the original side shows the log');
  // The notification counts what the core replaced.
  const c = redacted.counts;
  const message = `Replaced ${c.emails + c.users} e-mail addresses and user names, ${c.ipv4 + c.ipv6} IP addresses, ${c.hosts} host names`;
  await waitUntil(`a notification "${message}…"`, async () => (await vs.page.locator('.notification-list-item', { hasText: message }).count()) > 0);
});

it('no error notification, and nothing unexpected in the extension host log or our server\'s output', assertHealthy);
