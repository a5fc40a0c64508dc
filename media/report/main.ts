/**
 * The report panel's script: receives the report from the extension, draws it (render.ts), keeps its
 * parameters and the tables' sort orders in the webview state (the extension restores the panel from
 * them after a reload), and sends clicks back to the extension.
 */
import { render, SortState } from './render';
import type { FromWebview, ReportPanelParams, ToWebview } from './messages';
import { tooltipFor } from '../chart/tooltip';
import { VsCodeApi, keepScroll, redrawOnResize } from '../chart/page';

declare function acquireVsCodeApi(): VsCodeApi<FromWebview, SavedState>;

/** What the webview keeps across hiding and reloads (never the report itself: it is asked for again). */
interface SavedState {
  params?: ReportPanelParams;
  sort?: Record<string, SortState>;
  scrollY?: number;
}

const vscode = acquireVsCodeApi();
const root = document.getElementById('root') as HTMLElement;
const showTooltip = tooltipFor(document.getElementById('tooltip') as HTMLElement);
let state: SavedState = vscode.getState() ?? {};
let last: ToWebview | undefined;
let lastWidth = 0;
let scrollPending = state.scrollY ?? 0;

function save(): void {
  vscode.setState(state);
}

function status(text: string, cls: string): void {
  const p = document.createElement('p');
  p.className = cls;
  p.textContent = text;
  root.replaceChildren(p);
}

function draw(): void {
  const m = last;
  if (!m) return;
  lastWidth = root.clientWidth;
  if (m.type === 'loading') {
    status(m.message, 'status');
    return;
  }
  if (m.type === 'error') {
    status(m.message, 'status error');
    return;
  }
  state.sort ??= {};
  render(document, root, m, {
    width: root.clientWidth,
    post: (msg) => vscode.postMessage(msg),
    tooltip: showTooltip,
    sort: state.sort,
    sorted: () => save(),
  });
  if (scrollPending) {
    window.scrollTo(0, scrollPending);
    scrollPending = 0;
  }
}

window.addEventListener('message', (e: MessageEvent<ToWebview>) => {
  const m = e.data;
  if (!m || (m.type !== 'loading' && m.type !== 'report' && m.type !== 'error')) return;
  const sameParams = JSON.stringify(state.params) === JSON.stringify(m.params);
  if (!sameParams) {
    state.sort = {};
    state.scrollY = 0;
  }
  state.params = m.params;
  save();
  // a refresh keeps the report on screen until the new one arrives
  if (m.type === 'loading' && last?.type === 'report' && sameParams) return;
  last = m;
  draw();
});

redrawOnResize(root, () => lastWidth, draw);
keepScroll((y) => {
  state.scrollY = y;
  save();
});

vscode.postMessage({ type: 'ready' });
