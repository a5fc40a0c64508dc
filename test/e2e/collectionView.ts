/** The Log Collection view as VS Code draws it, for the end-to-end tests that read and click it. */
import { VSCode, waitUntil } from './harness';

export interface ViewRow { index: number; label: string; level: number; expanded: boolean | undefined }

/** The Log Collection pane of the Explorer. */
export const collectionPane = (vs: VSCode) => vs.page.locator('.pane', { has: vs.page.locator('.pane-header[aria-label^="Log Collection"]') });

/** The rows the Log Collection view draws: `label` is the item's label and description as shown. */
export async function viewRows(vs: VSCode): Promise<ViewRow[]> {
  const rows = await collectionPane(vs).locator('.monaco-list-row').evaluateAll((els) => els.map((e) => ({
    index: Number(e.getAttribute('data-index')),
    label: [e.querySelector('.label-name'), e.querySelector('.label-description')].map((l) => (l?.textContent ?? '').trim()).filter((l) => l).join(' '),
    level: Number(e.getAttribute('aria-level')),
    expanded: e.hasAttribute('aria-expanded') ? e.getAttribute('aria-expanded') === 'true' : undefined,
  })));
  return rows.sort((a, b) => a.index - b.index);
}

/** Makes the Log Collection view tall: its pane open, the workspace folder's pane closed. */
export async function showCollectionView(vs: VSCode): Promise<void> {
  const header = collectionPane(vs).locator('.pane-header');
  if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
  const folder = vs.page.locator('.pane-header', { hasText: /^\s*logs\s*$/i }).first();
  if ((await folder.getAttribute('aria-expanded')) === 'true') await folder.click();
  await waitUntil('the Log Collection view open', async () => (await header.getAttribute('aria-expanded')) === 'true');
}

/** Folds the Explorer's workspace folder pane (`logs`) and the Log Collection view: room for the views below them. */
export async function foldExplorerPanes(vs: VSCode): Promise<void> {
  for (const pane of [vs.page.locator('.pane-header', { hasText: /^\s*logs\s*$/i }).first(), vs.page.locator('.pane-header[aria-label^="Log Collection"]')]) {
    if ((await pane.getAttribute('aria-expanded')) === 'true') await pane.click();
  }
}
