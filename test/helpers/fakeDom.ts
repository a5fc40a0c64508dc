/**
 * A minimal DOM, just what the overview renderer uses (createElement[NS], setAttribute,
 * appendChild, replaceChildren, textContent, addEventListener, focus), so that the renderer runs in
 * Node and a test can inspect what it built. Text is kept apart from markup: `serialize` escapes it.
 */
export class FakeElement {
  readonly attributes = new Map<string, string>();
  children: FakeElement[] = [];
  text = '';
  readonly listeners = new Map<string, ((e: unknown) => void)[]>();
  hidden = false;
  readonly style: Record<string, string> = {};
  clientWidth = 900;

  constructor(readonly tagName: string, readonly namespace?: string, private readonly doc?: FakeDocument) {}

  setAttribute(name: string, value: string): void {
    this.attributes.set(name, String(value));
  }

  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }

  appendChild<T extends FakeElement>(child: T): T {
    this.children.push(child);
    return child;
  }

  replaceChildren(...nodes: FakeElement[]): void {
    this.children = nodes;
    this.text = '';
  }

  set textContent(value: string) {
    this.children = [];
    this.text = String(value);
  }

  get textContent(): string {
    return this.text + this.children.map((c) => c.textContent).join('');
  }

  addEventListener(type: string, fn: (e: unknown) => void): void {
    const list = this.listeners.get(type) ?? [];
    list.push(fn);
    this.listeners.set(type, list);
  }

  focus(): void {
    if (this.doc) this.doc.activeElement = this;
    this.dispatch('focus');
  }

  dispatch(type: string, init: Record<string, unknown> = {}): { defaultPrevented: boolean } {
    const event = { type, defaultPrevented: false, ...init, preventDefault() { event.defaultPrevented = true; } };
    for (const fn of this.listeners.get(type) ?? []) fn(event);
    return event;
  }

  /** Every element of the subtree, depth first. */
  *all(): Generator<FakeElement> {
    yield this;
    for (const c of this.children) yield* c.all();
  }
}

export class FakeDocument {
  activeElement: FakeElement | undefined;

  createElement(tag: string): FakeElement {
    return new FakeElement(tag.toLowerCase(), undefined, this);
  }

  createElementNS(ns: string, tag: string): FakeElement {
    return new FakeElement(tag, ns, this);
  }
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ESC[c]);

/** HTML as a browser would serialise the tree (text and attribute values escaped). */
export function serialize(el: FakeElement): string {
  const attrs = [...el.attributes].map(([k, v]) => ` ${k}="${escape(v)}"`).join('');
  return `<${el.tagName}${attrs}>${escape(el.text)}${el.children.map(serialize).join('')}</${el.tagName}>`;
}
