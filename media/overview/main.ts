/**
 * The overview webview's script: receives the numbers from the extension, draws them (render.ts),
 * keeps them in the webview state so the panel redraws at once when it is shown again, and sends
 * clicks back to the extension.
 */
import { render } from './render';
import type { FromWebview, ToWebview } from './messages';
import { tooltipFor } from '../chart/tooltip';
import { VsCodeApi, keepScroll, redrawOnResize } from '../chart/page';

declare function acquireVsCodeApi(): VsCodeApi<FromWebview, SavedState>;

interface SavedState {
  last?: ToWebview;
  focus?: string;
  scrollY?: number;
}

const vscode = acquireVsCodeApi();
const root = document.getElementById('root') as HTMLElement;
const showTooltip = tooltipFor(document.getElementById('tooltip') as HTMLElement);
let state: SavedState = vscode.getState() ?? {};
let lastWidth = 0;

function save(): void {
  vscode.setState(state);
}

function draw(): void {
  const m = state.last;
  if (!m) return;
  lastWidth = root.clientWidth;
  if (m.type === 'empty') {
    const p = document.createElement('p');
    p.className = 'status';
    p.textContent = m.message;
    root.replaceChildren(p);
    return;
  }
  render(document, root, m, {
    width: root.clientWidth,
    post: (msg) => vscode.postMessage(msg),
    tooltip: showTooltip,
    focused: (key) => {
      state.focus = key;
      save();
    },
    restoreFocus: document.hasFocus() ? state.focus : undefined,
  });
}

window.addEventListener('message', (e: MessageEvent<ToWebview>) => {
  const m = e.data;
  if (!m || (m.type !== 'overview' && m.type !== 'empty')) return;
  if (m.type === 'overview' && state.last?.type === 'overview' && state.last.overview.uri !== m.overview.uri) {
    state.focus = undefined;
    state.scrollY = 0;
  }
  state.last = m;
  save();
  draw();
});

redrawOnResize(root, () => lastWidth, draw);
keepScroll((y) => {
  state.scrollY = y;
  save();
});

if (state.last) {
  draw();
  if (state.scrollY) window.scrollTo(0, state.scrollY);
}
vscode.postMessage({ type: 'ready' });
