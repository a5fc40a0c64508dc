/**
 * A browser document for the webview renderers' unit tests: jsdom, with the page's `#root` element
 * attached to it (focus and `document.activeElement` need a connected element). Observable Plot draws
 * into it through its `document` option.
 */
import { JSDOM } from 'jsdom';

export interface TestDom {
  window: JSDOM['window'];
  document: Document;
  /** `<main id="root">` in the body. */
  root: HTMLElement;
}

export function makeDom(): TestDom {
  const dom = new JSDOM('<!DOCTYPE html><html><body><main id="root"></main><div id="tooltip" hidden></div></body></html>', { pretendToBeVisual: true });
  const document = dom.window.document;
  return { window: dom.window, document, root: document.getElementById('root') as HTMLElement };
}

/** Every element of a subtree, the root included, in document order. */
export function allElements(root: Element): Element[] {
  return [root, ...Array.from(root.querySelectorAll('*'))];
}

/** Dispatches a key press; true when the page prevented its default action (it handled the key). */
export function press(el: Element, key: string): boolean {
  const win = el.ownerDocument.defaultView as unknown as typeof globalThis;
  return !el.dispatchEvent(new win.KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
}

export function click(el: Element): void {
  const win = el.ownerDocument.defaultView as unknown as typeof globalThis;
  el.dispatchEvent(new win.MouseEvent('click', { bubbles: true, cancelable: true }));
}
