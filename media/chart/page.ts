/** Page behaviour both webviews share: drawing again when the width changes, and keeping the scroll position in the webview state. */

/** What `acquireVsCodeApi()` gives a webview: messages to the extension, and a state kept across hiding and reloads. */
export interface VsCodeApi<Message, State> {
  postMessage(message: Message): void;
  getState(): State | undefined;
  setState(state: State): void;
}

/** Calls `draw` (debounced) when `root` becomes wider or narrower by 8 px or more than `drawnWidth()` says it was drawn for. */
export function redrawOnResize(root: HTMLElement, drawnWidth: () => number, draw: () => void): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  new ResizeObserver(() => {
    if (Math.abs(root.clientWidth - drawnWidth()) < 8) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(draw, 100);
  }).observe(root);
}

/** Hands the page's scroll position to `keep` (which saves it in the webview state) as the user scrolls. */
export function keepScroll(keep: (scrollY: number) => void): void {
  window.addEventListener('scroll', () => keep(window.scrollY), { passive: true });
}
