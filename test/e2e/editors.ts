/** The editors as VS Code draws them, for the end-to-end tests: the active tab, its breadcrumbs, where its cursor is. */
import * as path from 'node:path';
import type { Frame, Locator } from 'playwright-core';
import { VSCode, waitUntil } from './harness';

/** The aria-label of the active editor group's active tab. */
export const activeTab = (vs: VSCode) => vs.page.locator('.editor-group-container.active .tabs-container .tab.active').getAttribute('aria-label').catch(() => null);

/** The path segments the active editor's breadcrumbs show (folders, file, then symbols). */
export const breadcrumbs = (vs: VSCode) => vs.page.locator('.editor-group-container.active .breadcrumbs-control .monaco-breadcrumb-item')
  .evaluateAll((els) => els.map((e) => (e.textContent ?? '').trim()));

/**
 * Waits until the active editor shows `file` (checked by its folders below `root` too: FrontEnd and Hub
 * logs have the same names) with the cursor on `line` (1-based).
 */
export async function waitForEditorAt(vs: VSCode, root: string, file: string, line: number): Promise<void> {
  const segments = path.relative(root, file).split(path.sep);
  await waitUntil(`${path.relative(root, file)} in the editor`, async () => {
    const crumbs = await breadcrumbs(vs);
    const at = crumbs.indexOf(segments[segments.length - 1]);
    return (await activeTab(vs))?.startsWith(path.basename(file)) && at >= segments.length - 1
      && segments.every((s, i) => crumbs[at - segments.length + 1 + i] === s);
  }, 30_000);
  await waitUntil(`the cursor on line ${line}`, async () => (await vs.cursor()).line === line);
}

/**
 * The frame of a webview (code-server nests it two iframes deep) once it draws `selector`; `what` names
 * it in the timeout's message.
 */
export function webviewFrame(vs: VSCode, what: string, selector: string, timeoutMs = 30_000): Promise<Frame> {
  return waitUntil(what, async () => {
    for (const f of vs.page.frames()) {
      if ((await f.locator(selector).count().catch(() => 0)) > 0) return f;
    }
    return undefined;
  }, timeoutMs);
}

/**
 * Opens a workspace file (`/`-separated, relative) with Quick Open, once the first entry is that file in
 * its folder (FrontEnd and Hub logs have the same names).
 */
export async function quickOpen(vs: VSCode, rel: string): Promise<void> {
  await vs.page.keyboard.press('Control+P');
  const input = vs.page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(rel);
  const pick = vs.page.locator('.quick-input-list .monaco-list-row').first();
  await waitUntil(`${rel} first in Quick Open`, async () => {
    const t = (await pick.textContent({ timeout: 1000 }).catch(() => '')) ?? '';
    return t.includes(path.posix.basename(rel)) && t.includes(path.posix.dirname(rel));
  });
  await vs.page.keyboard.press('Enter');
}

/**
 * Clicks `target` once its box has stayed where it is for a moment: a webview redraws when it is
 * resized or sent its data again (the panel's `ready`), and a click aimed at a box that moved in between
 * lands on another element.
 */
export async function clickWhenSteady(target: Locator, what: string): Promise<void> {
  let last = '';
  let steady = 0;
  await waitUntil(`${what} to stay in place`, async () => {
    const box = await target.boundingBox().catch(() => null);
    const now = box ? `${box.x},${box.y},${box.width},${box.height}` : '';
    steady = box && now === last ? steady + 1 : 0;
    last = now;
    return steady >= 3;
  }, 20_000, 150);
  await target.click();
}
