/**
 * The overview webview's script: receives the numbers from the extension, draws them (render.ts),
 * keeps them in the webview state so the panel redraws at once when it is shown again, and sends
 * clicks back to the extension.
 */
import { render } from './render';
import type { FromWebview, ToWebview } from './messages';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): SavedState | undefined;
  setState(state: SavedState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

interface SavedState {
  last?: ToWebview;
  focus?: string;
  scrollY?: number;
}

const vscode = acquireVsCodeApi();
const root = document.getElementById('root') as HTMLElement;
const tooltip = document.getElementById('tooltip') as HTMLElement;
let state: SavedState = vscode.getState() ?? {};
let lastWidth = 0;

function save(): void {
  vscode.setState(state);
}

function showTooltip(lines: string[] | undefined, anchor?: Element): void {
  if (!lines || !anchor) {
    tooltip.hidden = true;
    return;
  }
  tooltip.replaceChildren(...lines.map((l, i) => {
    const div = document.createElement('div');
    if (i === 0) div.className = 'tip-title';
    div.textContent = l;
    return div;
  }));
  tooltip.hidden = false;
  const r = anchor.getBoundingClientRect();
  const w = tooltip.offsetWidth, h = tooltip.offsetHeight;
  const left = Math.max(4, Math.min(window.innerWidth - w - 4, r.left + r.width / 2 - w / 2));
  const top = r.top - h - 6 >= 0 ? r.top - h - 6 : r.bottom + 6;
  tooltip.style.left = `${left + window.scrollX}px`;
  tooltip.style.top = `${top + window.scrollY}px`;
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

let resizeTimer: ReturnType<typeof setTimeout> | undefined;
new ResizeObserver(() => {
  if (Math.abs(root.clientWidth - lastWidth) < 8) return;
  if (resizeTimer) clearTimeout(resizeTimer);
  resizeTimer = setTimeout(draw, 100);
}).observe(root);

window.addEventListener('scroll', () => {
  state.scrollY = window.scrollY;
  save();
}, { passive: true });

if (state.last) {
  draw();
  if (state.scrollY) window.scrollTo(0, state.scrollY);
}
vscode.postMessage({ type: 'ready' });
