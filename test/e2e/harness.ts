/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * End-to-end harness: the packaged .vsix installed into a real VS Code (code-server, VS Code 1.100.3
 * in the browser), driven by Debian's Chromium through playwright-core.
 *
 *   const vs = await VSCode.start({ files: [...] });   // once per test file (before())
 *   await vs.openFile('RECV2024030510-1.LOG');
 *   assert.equal(await vs.statusText('status.editor.mode'), 'Exchange Log');
 *   await vs.close();                                   // after(): kills code-server and Chromium
 *
 * Every wait is on a condition with a bound (`waitUntil`); there are no fixed sleeps.
 * `e2eTest()` saves a screenshot under test-results/ when a test fails.
 */
import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Browser, Page, chromium } from 'playwright-core';
import test, { after, before } from 'node:test';
import { repoRoot, requireSamplesDir } from '../helpers/paths';
import { assertCodeServerReady, codeServerEntry } from '../helpers/vscodeInstall';

export const EXTENSION_ID = 'exchange-log-explorer.exchange-log-explorer';
/** The status bar entry of our extension (VS Code prefixes the item id with the extension id). */
export const STATUS_ITEM = `${EXTENSION_ID}.exchangeLog.status`;
export const DARK_THEME = 'Default Dark Modern';
export const LIGHT_THEME = 'Default Light Modern';

const CHROMIUM = process.env.EXCHANGE_LOG_E2E_CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];
const STARTUP_TIMEOUT_MS = 90_000;
const DEFAULT_TIMEOUT_MS = 20_000;

/** A file of the temporary workspace: copied from test/fixtures or ../shared/samples, or given as text. */
export interface WorkspaceFile {
  /** Name in the workspace, e.g. `RECV2023011116-1.LOG` (or `day/RECV…` in a folder of the workspace). */
  name: string;
  /** `smtp-receive/…log` under the samples folder. */
  sample?: string;
  /** A file under test/fixtures. */
  fixture?: string;
  text?: string;
}

export interface StartOptions {
  files: WorkspaceFile[];
  /** `workbench.colorTheme`; the dark default theme unless given. */
  theme?: string;
  /** More user settings. */
  settings?: Record<string, unknown>;
  viewport?: { width: number; height: number };
  /** Display language, e.g. `pt-br` (code-server's `--locale`; needs a language pack, see `extensions`). */
  locale?: string;
  /** More .vsix files to install beside ours (e.g. `buildLanguagePack()`). */
  extensions?: string[];
}

/** The realistic workspace most tests use: each kind under an Exchange file name (our own logs, test/fixtures/logs), plus the content sniff. */
export const STANDARD_FILES: WorkspaceFile[] = [
  { name: 'RECV2024030510-1.LOG', fixture: 'recv-interleaved.log' },
  { name: 'RECV2023011116-1.LOG', fixture: 'logs/smtp-receive/RECV2024031409-1.LOG' },
  { name: 'SEND2024012515-1.LOG', fixture: 'logs/smtp-send/SEND2024031811-excerpt.log' },
  { name: 'SEND2022101908-1.LOG', fixture: 'logs/smtp-send/SEND2024031914-1-MANGLED.LOG' },
  { name: 'CONNECTLOG2013062721-1.LOG', fixture: 'logs/connectivity/CONNECTLOG20240322-1.LOG' },
  { name: 'MSGTRK2016040500-1.LOG', fixture: 'logs/msgtrk/MSGTRK20240323-1.LOG' },
  { name: 'POP3BE2024012415-1.LOG', fixture: 'logs/pop3/POP320240321-1.LOG' },
  { name: 'IMAP4BE2023010913-1.LOG', fixture: 'logs/imap4/IMAP420240320-1.LOG' },
  // Not an Exchange file name: VS Code gives it the `log` language, our sniff must switch it.
  { name: 'something.log', fixture: 'logs/smtp-receive/RECV2024031409-1.LOG' },
  // An IIS SMTP service (Exchange 2000/2003) W3C log under its usual name: also switched by its header.
  { name: 'ex061009.log', fixture: 'logs/w3c-smtp/ex240323.log' },
  // Not an Exchange log: must stay "Log".
  { name: 'app.log', text: '2024-03-05 10:00:01 INFO service started\n2024-03-05 10:00:02 WARN disk 91% full\n#Software: not a header on line 3\n' },
];

export function baseSettings(theme: string): Record<string, unknown> {
  return {
    'workbench.colorTheme': theme,
    'workbench.startupEditor': 'none',
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'git.enabled': false,
    'github.gitAuthentication': false,
    'security.workspace.trust.enabled': false,
    'editor.minimap.enabled': false,
    'editor.showFoldingControls': 'always',
    'editor.hover.delay': 300,
    'editor.fontSize': 14,
    'window.commandCenter': false,
    'chat.commandCenter.enabled': false,
    'chat.disableAIFeatures': true,
    'files.hotExit': 'off',
  };
}

/** Waits until `probe` returns a value other than undefined/false; the last value is in the error. */
export async function waitUntil<T>(
  what: string, probe: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = DEFAULT_TIMEOUT_MS, intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v as T;
      lastError = undefined;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? `: ${String(lastError)}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * Builds exchange-log-explorer.vsix (`npm run package`) unless it is newer than everything it is made
 * of. Test files may run in parallel: one builds while the others wait on a lock folder.
 */
export async function ensureVsix(): Promise<string> {
  const root = repoRoot();
  const vsix = path.join(root, 'exchange-log-explorer.vsix');
  const inputs = ['package.json', 'package.nls.json', 'dist/client.js', 'dist/server.js', 'syntaxes/exchange-log.tmLanguage.json', 'language-configuration.json'];
  const stale = () => !fs.existsSync(vsix) || inputs.some((f) => {
    const p = path.join(root, f);
    return fs.existsSync(p) && fs.statSync(p).mtimeMs > fs.statSync(vsix).mtimeMs;
  });
  if (!stale()) return vsix;
  if (!fs.existsSync(path.join(root, 'syntaxes', 'exchange-log.tmLanguage.json'))) {
    throw new Error('syntaxes/exchange-log.tmLanguage.json is missing (the grammar, issue 3): the .vsix cannot be built');
  }
  const lock = path.join(root, '.cache', 'vsix.lock');
  fs.mkdirSync(path.dirname(lock), { recursive: true });
  await waitUntil('the lock on building the .vsix', () => {
    try {
      fs.mkdirSync(lock);
      return true;
    } catch {
      // A lock left by a killed run is older than any build takes.
      if (Date.now() - fs.statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 300_000) fs.rmSync(lock, { recursive: true, force: true });
      return false;
    }
  }, 300_000, 250);
  try {
    if (stale()) execFileSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], timeout: 180_000 });
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
  return vsix;
}

/**
 * The language pack of test/fixtures/language-pack-pt-br as a .vsix in `dir`: it translates nothing of
 * VS Code, but without an installed pack for it VS Code ignores `--locale` and extensions get English.
 */
export function buildLanguagePack(dir: string): string {
  const src = path.join(repoRoot(), 'test', 'fixtures', 'language-pack-pt-br');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'exlog-langpack-'));
  try {
    fs.cpSync(src, work, { recursive: true });
    const out = path.join(dir, 'language-pack-pt-br-e2e.vsix');
    const vsce = path.join(repoRoot(), 'node_modules', '@vscode', 'vsce', 'vsce');
    execFileSync(process.execPath, [vsce, 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', out], {
      cwd: work, stdio: ['ignore', 'ignore', 'inherit'], timeout: 60_000,
    });
    return out;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * `languagepacks.json` in the user data folder, as VS Code writes it once it has seen the installed language
 * packs: the server reads it at start to resolve `--locale`, but writes it only when its language pack
 * service first runs, which a fresh profile has not done yet. Lists the installed packs for `locale`.
 */
function writeLanguagePackCache(userDataDir: string, extensionsDir: string, locale: string): void {
  const cache: Record<string, unknown> = {};
  for (const dir of fs.readdirSync(extensionsDir, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    const manifestFile = path.join(extensionsDir, dir.name, 'package.json');
    if (!fs.existsSync(manifestFile)) continue;
    const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
    for (const l of manifest.contributes?.localizations ?? []) {
      if (String(l.languageId).toLowerCase() !== locale.toLowerCase()) continue;
      const translations: Record<string, string> = {};
      for (const t of l.translations ?? []) translations[t.id] = path.join(extensionsDir, dir.name, t.path);
      cache[locale.toLowerCase()] = {
        hash: `${manifest.publisher}.${manifest.name}-${manifest.version}`.replace(/[^A-Za-z0-9.-]/g, ''),
        extensions: [{ extensionIdentifier: { id: `${manifest.publisher}.${manifest.name}` }, version: manifest.version }],
        translations,
        label: l.localizedLanguageName ?? l.languageName ?? l.languageId,
      };
    }
  }
  if (!cache[locale.toLowerCase()]) throw new Error(`no installed language pack for ${locale}: pass one in \`extensions\` (buildLanguagePack())`);
  fs.writeFileSync(path.join(userDataDir, 'languagepacks.json'), JSON.stringify(cache, null, 2));
}

function copyWorkspaceFiles(dir: string, files: WorkspaceFile[]): void {
  for (const f of files) {
    let text: string | Buffer;
    if (f.text !== undefined) text = f.text;
    else if (f.sample) text = fs.readFileSync(path.join(requireSamplesDir(), f.sample));
    else if (f.fixture) text = fs.readFileSync(path.join(repoRoot(), 'test', 'fixtures', f.fixture));
    else throw new Error(`workspace file ${f.name}: give sample, fixture or text`);
    fs.mkdirSync(path.dirname(path.join(dir, f.name)), { recursive: true });
    fs.writeFileSync(path.join(dir, f.name), text);
  }
}

export interface ServerOptions extends StartOptions {
  /** A folder to create the workspace and profile in (emptied first); a new temporary one otherwise. */
  root?: string;
  /** Port on 127.0.0.1; 0 lets code-server pick a free one. */
  port?: number;
}

/** code-server with our .vsix installed in a fresh profile, serving a workspace of log files on 127.0.0.1. */
export class CodeServer {
  /** Lines code-server printed (stdout and stderr). */
  readonly output: string[] = [];
  private stopped = false;

  private constructor(
    readonly root: string,
    readonly workspace: string,
    readonly userDataDir: string,
    readonly proc: ChildProcess,
    private readonly temporary: boolean,
  ) {}

  /** The address of code-server (ends with `/`). */
  url = '';

  /** The address that opens the workspace folder. */
  folderUrl(): string {
    return `${this.url}?folder=${encodeURIComponent(this.workspace).replace(/%2F/g, '/')}`;
  }

  static async start(options: ServerOptions): Promise<CodeServer> {
    assertCodeServerReady();
    const vsix = await ensureVsix();
    const temporary = !options.root;
    const root = options.root ?? fs.mkdtempSync(path.join(os.tmpdir(), 'exlog-e2e-'));
    if (!temporary) {
      fs.rmSync(root, { recursive: true, force: true });
      fs.mkdirSync(root, { recursive: true });
    }
    const workspace = path.join(root, 'logs');
    const userDataDir = path.join(root, 'user-data');
    const extensionsDir = path.join(root, 'extensions');
    for (const d of [workspace, path.join(userDataDir, 'User'), extensionsDir]) fs.mkdirSync(d, { recursive: true });
    copyWorkspaceFiles(workspace, options.files);
    writeSettings(userDataDir, { ...baseSettings(options.theme ?? DARK_THEME), ...options.settings });
    const bind = `127.0.0.1:${options.port ?? 0}`;
    const config = path.join(root, 'code-server.yaml');
    fs.writeFileSync(config, `auth: none\nbind-addr: ${bind}\ncert: false\n`);
    const common = ['--config', config, '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir];
    const env = {
      ...process.env,
      // No marketplace: nothing to ask for on a machine without network, and nothing to install.
      EXTENSIONS_GALLERY: '{}',
    };
    const installs = [vsix, ...(options.extensions ?? [])].flatMap((v) => ['--install-extension', v]);
    execFileSync(process.execPath, [codeServerEntry(), ...common, ...installs], {
      env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000,
    });
    if (options.locale) writeLanguagePackCache(userDataDir, extensionsDir, options.locale);
    const args = [
      codeServerEntry(), ...common, '--auth', 'none', '--bind-addr', bind,
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
      ...(options.locale ? ['--locale', options.locale] : []),
      workspace,
    ];
    // Its own process group, so stop() ends code-server and the extension hosts it starts by that id.
    const proc = spawn(process.execPath, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    // If this process dies before stop(), do not leave code-server behind.
    const reap = () => {
      try {
        process.kill(-proc.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    process.once('exit', reap);
    proc.once('exit', () => process.off('exit', reap));
    const server = new CodeServer(root, workspace, userDataDir, proc, temporary);
    const collect = (d: Buffer) => server.output.push(...String(d).split('\n').filter((l) => l.length > 0));
    proc.stdout!.on('data', collect);
    proc.stderr!.on('data', collect);
    try {
      server.url = await waitUntil('code-server to listen', () => {
        if (proc.exitCode !== null) throw new Error(`code-server exited with ${proc.exitCode}: ${server.output.join('\n')}`);
        const m = server.output.join('\n').match(/HTTP server listening on (http:\/\/127\.0\.0\.1:\d+\/)/);
        return m ? m[1] : undefined;
      }, STARTUP_TIMEOUT_MS);
    } catch (e) {
      await server.stop();
      throw e;
    }
    return server;
  }

  /** Ends code-server's process group; safe to call twice. Removes a temporary root. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await killGroup(this.proc);
    if (this.temporary && !process.env.EXCHANGE_LOG_E2E_KEEP) fs.rmSync(this.root, { recursive: true, force: true });
  }
}

/** code-server with our .vsix, and one Chromium page on the workspace. */
export class VSCode {
  /** Browser console errors. */
  readonly consoleErrors: string[] = [];
  private closed = false;

  private constructor(
    readonly server: CodeServer,
    readonly browser: Browser,
    readonly page: Page,
  ) {}

  get userDataDir(): string {
    return this.server.userDataDir;
  }

  get workspace(): string {
    return this.server.workspace;
  }

  /** Starts code-server on a port of 127.0.0.1 it picks itself, and opens the workspace in Chromium. */
  static async start(options: StartOptions): Promise<VSCode> {
    const server = await CodeServer.start(options);
    let browser: Browser | undefined;
    try {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true, timeout: 60_000 });
      const page = await browser.newPage({ viewport: options.viewport ?? { width: 1600, height: 1000 } });
      page.setDefaultTimeout(DEFAULT_TIMEOUT_MS);
      const vs = new VSCode(server, browser, page);
      page.on('console', (m) => {
        if (m.type() === 'error') vs.consoleErrors.push(m.text());
      });
      await page.goto(server.folderUrl(), { timeout: STARTUP_TIMEOUT_MS });
      await vs.waitForWorkbench();
      return vs;
    } catch (e) {
      await browser?.close().catch(() => undefined);
      await server.stop();
      throw e;
    }
  }

  /** The workbench is up, the explorer lists the workspace, and the extension host is running. */
  private async waitForWorkbench(): Promise<void> {
    await this.page.locator('.monaco-workbench').waitFor({ timeout: STARTUP_TIMEOUT_MS });
    await this.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: STARTUP_TIMEOUT_MS });
    await waitUntil('the extension host to start', () => this.extensionHostLog().includes('Eager extensions activated'), STARTUP_TIMEOUT_MS);
  }

  /** Opens a workspace file from the Explorer (as a person would) and waits for its editor. */
  async openFile(name: string): Promise<void> {
    const row = this.page.locator(`.explorer-folders-view .monaco-list-row[aria-label^="${name}"]`);
    await row.click();
    await waitUntil(`${name} to be the active editor`, async () => {
      const tab = await this.page.locator('.editor-group-container.active .tabs-container .tab.active').getAttribute('aria-label').catch(() => null);
      return tab !== null && tab.startsWith(name) && (await this.page.locator('.editor-instance .view-lines .view-line').count()) > 0;
    });
    await this.focusEditor();
  }

  async focusEditor(): Promise<void> {
    // "View: Focus First Editor Group": a click could move the cursor or scroll the editor.
    await waitUntil('the editor to have focus', async () => {
      if (await this.page.evaluate(() => !!document.activeElement?.closest('.editor-instance .monaco-editor'))) return true;
      await this.page.keyboard.press('Control+1');
      return false;
    }, DEFAULT_TIMEOUT_MS, 300);
  }

  /** The text of a status bar entry by id (`status.editor.mode`, `STATUS_ITEM` …), or undefined when hidden. */
  async statusText(id: string): Promise<string | undefined> {
    return this.page.evaluate((entryId) => {
      const el = document.getElementById(entryId);
      if (!el || el.offsetParent === null || getComputedStyle(el).display === 'none') return undefined;
      return (el.textContent ?? '').replace(/\s+/g, ' ').trim();
    }, id);
  }

  /** The accessible label of a status bar entry (its text and tooltip), or undefined when hidden. */
  async statusLabel(id: string): Promise<string | undefined> {
    return this.page.evaluate((entryId) => {
      const el = document.getElementById(entryId);
      if (!el || el.offsetParent === null) return undefined;
      return el.querySelector('[aria-label]')?.getAttribute('aria-label') ?? el.getAttribute('aria-label') ?? undefined;
    }, id);
  }

  /** Waits until the status bar entry's text satisfies `ok`. */
  async waitForStatus(id: string, ok: (text: string) => boolean, what: string, timeoutMs = DEFAULT_TIMEOUT_MS): Promise<string> {
    let last: string | undefined;
    try {
      return await waitUntil(what, async () => {
        last = await this.statusText(id);
        return last !== undefined && ok(last) ? last : undefined;
      }, timeoutMs);
    } catch (e) {
      throw new Error(`${(e as Error).message} (status entry ${id} shows ${JSON.stringify(last)})`);
    }
  }

  /** Line and column from the status bar (`Ln 8, Col 1`). */
  async cursor(): Promise<{ line: number; column: number }> {
    const text = await this.waitForStatus('status.editor.selection', (t) => /Ln \d+, Col \d+/.test(t), 'the cursor position');
    const m = text.match(/Ln (\d+), Col (\d+)/)!;
    return { line: Number(m[1]), column: Number(m[2]) };
  }

  /** Moves the cursor with Go to Line (Ctrl+G) and waits until the status bar shows it. */
  async goToLine(line: number, column = 1): Promise<void> {
    await this.focusEditor();
    await this.page.keyboard.press('Control+G');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await waitUntil(`the cursor at ${line}:${column}`, async () => {
      const c = await this.cursor();
      return c.line === line && c.column === column;
    });
  }

  /** Runs a command from the Command Palette by its title, e.g. `View: Focus Problems`. */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press('Control+Shift+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    await row.waitFor({ state: 'visible' });
    await row.click();
    // The palette closes, or the command opens a quick pick of its own (which starts without '>').
    await waitUntil(`the command palette to run ${title}`, async () => !(await input.isVisible()) || !(await input.inputValue()).startsWith('>'));
  }

  /** Picks a colour theme with "Preferences: Color Theme", as a person would, and waits for it. */
  async setTheme(theme: string, kind: 'vs' | 'vs-dark'): Promise<void> {
    const isOn = () => this.page.evaluate((k) => {
      const wb = document.querySelector('.monaco-workbench');
      return !!wb && wb.classList.contains(k) && !wb.classList.contains(k === 'vs' ? 'vs-dark' : 'vs');
    }, kind);
    await this.runCommand('Preferences: Color Theme');
    const input = this.page.locator('.quick-input-widget input');
    await input.fill(theme);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: theme }).first();
    await row.waitFor({ state: 'visible' });
    await row.click();
    await input.waitFor({ state: 'hidden' });
    await waitUntil(`the ${theme} theme`, isOn);
  }

  /** The rendered character at 1-based `line`, 0-based `column`: its text, computed colour and box. */
  async charAt(line: number, column: number): Promise<{ char: string; color: string; x: number; y: number; width: number; height: number }> {
    const found = await waitUntil(`line ${line} to be rendered`, () => this.page.evaluate(([ln, col]) => {
      const editor = document.querySelector('.editor-group-container.active .editor-instance .monaco-editor')!;
      const numbers = [...editor.querySelectorAll('.margin-view-overlays .line-numbers')] as HTMLElement[];
      const number = numbers.find((n) => n.textContent?.trim() === String(ln));
      if (!number) return undefined;
      const y = number.getBoundingClientRect().top + 2;
      const lines = [...editor.querySelectorAll('.view-lines .view-line')] as HTMLElement[];
      const row = lines.find((l) => { const r = l.getBoundingClientRect(); return r.top <= y && y < r.bottom; });
      if (!row) return undefined;
      const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
      let offset = 0;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        if (col < offset + text.length) {
          const range = document.createRange();
          range.setStart(node, col - offset);
          range.setEnd(node, col - offset + 1);
          const r = range.getBoundingClientRect();
          const span = node.parentElement!;
          return { char: text[col - offset], color: getComputedStyle(span).color, x: r.left, y: r.top, width: r.width, height: r.height };
        }
        offset += text.length;
      }
      return undefined;
    }, [line, column] as const));
    return found;
  }

  /** Hovers the character at (`line`, `column`) and returns the hover's text once it contains `expect`. */
  async hover(line: number, column: number, expect: string): Promise<string> {
    let last = '';
    try {
      return await waitUntil(`a hover containing ${JSON.stringify(expect)}`, async () => {
        // Where the character is now (the editor may have scrolled), then off it and back on: a new hover
        // request each attempt, in case the first one came before the server had the document.
        const c = await this.charAt(line, column);
        await this.page.mouse.move(c.x + c.width / 2, c.y + c.height / 2 + 30);
        await this.page.mouse.move(c.x + c.width / 2, c.y + c.height / 2);
        // Read the visible hovers without a locator's wait: a wait for a hover that never shows would
        // spend the whole timeout on this one attempt.
        const shown = await waitUntil('a visible hover', async () => {
          last = await this.visibleHoverText();
          return last.includes(expect) ? last : undefined;
        }, 3000, 100).catch(() => undefined);
        return shown;
      }, DEFAULT_TIMEOUT_MS, 500);
    } catch (e) {
      throw new Error(`${(e as Error).message}; the hover showed ${JSON.stringify(last)}`);
    }
  }

  /** The text of the visible editor hovers ('' when none shows), read at once. */
  private async visibleHoverText(): Promise<string> {
    const texts = await this.page.evaluate(() => [...document.querySelectorAll('.monaco-editor .monaco-hover:not(.hidden)')]
      .filter((h) => { const r = h.getBoundingClientRect(); return r.width > 0 && r.height > 0; })
      .map((h) => h.textContent ?? ''));
    return texts.join('\n');
  }

  /** Error notifications (toasts and the notification center). */
  async errorNotifications(): Promise<string[]> {
    return this.page.evaluate(() => [...document.querySelectorAll('.notification-list-item')]
      .filter((n) => n.querySelector('.codicon-error'))
      .map((n) => (n.textContent ?? '').trim()));
  }

  /** The extension host log of this window (exthost1 is the first; later hosts append their own). */
  extensionHostLog(): string {
    return this.logFiles((f) => path.basename(f) === 'remoteexthost.log').map((f) => fs.readFileSync(f, 'utf8')).join('\n');
  }

  /**
   * Our language client's output channel ("Exchange Log", a log channel: VS Code writes it to a file in a
   * folder named after the extension). Throws when there is none, so that a check of it cannot pass on
   * no text at all.
   */
  languageServerLog(): string {
    const files = this.logFiles((f) => f.split(path.sep).includes(EXTENSION_ID) && f.endsWith('.log'));
    if (files.length === 0) throw new Error(`no log file of our output channel under ${path.join(this.userDataDir, 'logs')}`);
    return files.map((f) => fs.readFileSync(f, 'utf8')).join('\n');
  }

  private logFiles(match: (file: string) => boolean): string[] {
    const out: string[] = [];
    const walk = (dir: string) => {
      if (!fs.existsSync(dir)) return;
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (match(p)) out.push(p);
      }
    };
    walk(path.join(this.userDataDir, 'logs'));
    return out.sort();
  }

  /** Saves a PNG of the page under test-results/ and returns its path. */
  async screenshot(name: string): Promise<string> {
    const dir = path.join(repoRoot(), 'test-results');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${name.replace(/[^A-Za-z0-9._-]+/g, '_')}.png`);
    await this.page.screenshot({ path: file, timeout: 10_000 });
    return file;
  }

  /** Closes Chromium and ends code-server's process group; safe to call twice and after a failure. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.browser.close().catch(() => undefined);
    await this.server.stop();
  }
}

/**
 * The end-of-file health check: no error notification, our extension was activated, the extension host
 * log has no error or warning line at all (our fresh profile has no network, gallery or git to complain
 * about), and our language server's output channel has no error or warning. `allowed` lets a test accept
 * lines that its own setup causes.
 */
export async function assertHealthy(vs: VSCode, allowed: (line: string) => boolean = () => false): Promise<void> {
  const errors = await vs.errorNotifications();
  if (errors.length > 0) throw new Error(`error notifications: ${JSON.stringify(errors)}`);
  const host = vs.extensionHostLog();
  if (!new RegExp(`_doActivateExtension ${EXTENSION_ID.replace(/\./g, '\\.')}`).test(host)) {
    throw new Error('the extension host log does not show our extension being activated');
  }
  const bad = (log: string) => log.split('\n').filter((l) => /\[(error|warning)\]/.test(l) && !allowed(l));
  const hostBad = bad(host);
  if (hostBad.length > 0) throw new Error(`extension host log:\n${hostBad.join('\n')}`);
  const serverBad = bad(vs.languageServerLog());
  if (serverBad.length > 0) throw new Error(`language server output:\n${serverBad.join('\n')}`);
}

export function writeSettings(userDataDir: string, settings: Record<string, unknown>): void {
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
}

/** SIGTERM to the process group, SIGKILL after 5 s if it is still there. */
async function killGroup(proc: ChildProcess): Promise<void> {
  if (proc.pid === undefined || proc.exitCode !== null || proc.signalCode !== null) return;
  const signal = (s: NodeJS.Signals) => {
    try {
      process.kill(-proc.pid!, s);
    } catch {
      // already gone
    }
  };
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  signal('SIGTERM');
  const timer = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 5000).unref());
  if ((await Promise.race([exited, timer])) === 'timeout') {
    signal('SIGKILL');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000).unref())]);
  }
  // The extension hosts and the language server are in the same group: make sure none outlives us.
  signal('SIGKILL');
}

/**
 * A node:test test that gets the shared session and saves a screenshot under test-results/ when it fails.
 * `session()` returns the VSCode started in the file's before() hook.
 */
/**
 * One code-server for a test file: started before its tests (from `options`, evaluated then), closed
 * after them. Returns the `it` that the file's tests are declared with.
 */
export function e2eSuite(file: string, options: () => StartOptions): (name: string, fn: (vs: VSCode) => Promise<void>) => void {
  let vs: VSCode | undefined;
  before(async () => {
    vs = await VSCode.start(options());
  }, { timeout: 180_000 });
  after(async () => {
    await vs?.close();
  });
  return (name, fn) => e2eTest(file, name, () => vs, fn);
}

export function e2eTest(
  file: string, name: string, session: () => VSCode | undefined, fn: (vs: VSCode) => Promise<void>,
  options: { timeoutMs?: number; todo?: string } = {},
): void {
  // `todo`: a known bug of the extension, reported; the test runs and shows its failure without failing the run.
  test(name, { timeout: options.timeoutMs ?? 120_000, todo: options.todo }, async () => {
    const vs = session();
    if (!vs) throw new Error('code-server did not start (see the before hook\'s error)');
    try {
      await fn(vs);
    } catch (e) {
      const shot = await vs.screenshot(`${file}-${name}`).catch((err) => `(no screenshot: ${String(err)})`);
      throw Object.assign(e instanceof Error ? e : new Error(String(e)), { message: `${(e as Error).message}\nscreenshot: ${shot}` });
    }
  });
}
