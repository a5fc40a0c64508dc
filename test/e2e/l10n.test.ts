/**
 * Brazilian Portuguese in a real VS Code: code-server started with `--locale pt-br` and a test language
 * pack (test/fixtures/language-pack-pt-br, which translates nothing of VS Code, so its own UI stays
 * English). Our manifest strings (package.nls.pt-br.json), the client's and the language server's
 * texts (the server gets the locale from `initialize`) are Portuguese.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before } from 'node:test';
import { repoRoot } from '../helpers/paths';
import { STANDARD_FILES, VSCode, assertHealthy, buildLanguagePack, e2eTest, waitUntil } from './harness';

const RECV = 'RECV2024030510-1.LOG';
const root = repoRoot();
const nls = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
const nlsPt = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.pt-br.json'), 'utf8')) as Record<string, string>;
const ptBundle = () => Object.assign({}, ...fs.readdirSync(path.join(root, 'l10n', 'pt-br'))
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(fs.readFileSync(path.join(root, 'l10n', 'pt-br', f), 'utf8')))) as Record<string, string>;
const recvLines = fs.readFileSync(path.join(root, 'test', 'fixtures', 'recv-interleaved.log'), 'utf8').replace(/^\uFEFF/, '').split(/\r?\n/);

let vs: VSCode | undefined;
let packDir: string | undefined;
before(async () => {
  // VS Code ignores --locale unless a language pack for it is installed: a test pack that translates nothing
  // of VS Code itself (its UI stays English) makes it start in pt-br, as a Portuguese user's VS Code does.
  packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'exlog-l10n-'));
  vs = await VSCode.start({ files: STANDARD_FILES, locale: 'pt-br', extensions: [buildLanguagePack(packDir)] });
}, { timeout: 180_000 });
after(async () => {
  await vs?.close();
  if (packDir) fs.rmSync(packDir, { recursive: true, force: true });
});
const it = (name: string, fn: (vs: VSCode) => Promise<void>) => e2eTest('l10n', name, () => vs, fn);

it('the Command Palette lists our commands under their Portuguese titles', async (vs) => {
  const title = `${nlsPt['command.category']}: ${nlsPt['command.showSession']}`;
  assert.notEqual(nlsPt['command.showSession'], nls['command.showSession'], 'the pt-br title differs from the English one');
  await vs.openFile(RECV);
  await vs.page.keyboard.press('Control+Shift+P');
  const input = vs.page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${nlsPt['command.category']}`);
  const labels = await waitUntil(`${JSON.stringify(title)} in the Command Palette`, async () => {
    const rows = await vs.page.evaluate(() => [...document.querySelectorAll('.quick-input-list .monaco-list-row')].map((r) => r.getAttribute('aria-label') ?? ''));
    return rows.some((r) => r.startsWith(title)) ? rows : undefined;
  });
  assert.ok(!labels.some((r) => r.startsWith(`${nls['command.category']}: ${nls['command.showSession']}`)), `no English title: ${labels.join(' | ')}`);
  await vs.page.keyboard.press('Escape');
  await input.waitFor({ state: 'hidden' });
  // And it runs: the session view opens.
  await vs.goToLine(9);
  await vs.runCommand(title);
  await waitUntil('the session view', async () => ((await vs.page.locator('.editor-group-container.active .tabs-container .tab.active').getAttribute('aria-label').catch(() => null)) ?? '').includes('08DC3C0A00000002'));
  // Back to one editor group: the next test hovers far to the right of the log.
  await vs.runCommand('View: Close All Editor Groups');
  await waitUntil('no editor open', async () => (await vs.page.locator('.tabs-container .tab').count()) === 0);
});

it('hovers are in Portuguese: the language server got the locale', async (vs) => {
  await vs.openFile(RECV);
  const bundle = ptBundle();
  const receive = bundle['Receive: text this server received from the remote side.'];
  assert.ok(receive, 'the pt-br bundle translates the receive event');
  const line = recvLines.findIndex((l) => l.split(',')[6] === '<') + 1;
  const column = recvLines[line - 1].split(',').slice(0, 6).join(',').length + 1;
  const text = await vs.hover(line, column, receive);
  assert.doesNotMatch(text, /Receive: text this server received/);
  // The column line too ("coluna 7 de 9").
  assert.match(text, new RegExp(bundle['column {0} of {1}'].replace('{0}', '7').replace('{1}', '9')));
});

/** The keys of our client's `l10n.t('…')` calls: VS Code's "Using default string" warning for one of them is a missing translation of ours. */
const clientKeys = () => new Set(fs.readdirSync(path.join(root, 'client', 'src'), { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.ts'))
  .flatMap((f) => [...fs.readFileSync(path.join(root, 'client', 'src', f), 'utf8').matchAll(/l10n\.t\(\s*'((?:[^'\\]|\\.)*)'/g)].map((m) => m[1].replace(/\\(.)/g, '$1'))));

it('no error notification, and nothing unexpected in the extension host log or our server\'s output', async (vs) => {
  const ours = clientKeys();
  assert.ok(ours.has('Open an Exchange log first.'), 'the client\'s keys are found');
  // The test language pack has no bundles for VS Code's built-in extensions: VS Code says so for each of them.
  await assertHealthy(vs, (line) => /\[error\] No bundle location found for extension vscode\.[\w-]+$/.test(line)
    || (/\[warning\] Using default string since no string found in i18n bundle that has the key: /.test(line)
      && !ours.has(line.replace(/^.*that has the key: /, ''))));
});
