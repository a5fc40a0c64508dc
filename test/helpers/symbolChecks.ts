/** Checks VS Code applies (or relies on) for document symbols, and small tree helpers. */
import * as assert from 'node:assert/strict';
import { DocumentSymbol, Range } from 'vscode-languageserver-types';

export function contains(outer: Range, inner: Range): boolean {
  const le = (a: Range['start'], b: Range['start']) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return le(outer.start, inner.start) && le(inner.end, outer.end);
}

/**
 * Non-empty names, selection range inside range, children inside their parent, siblings sorted by
 * start. Returns the number of symbols checked.
 */
export function assertValidSymbols(symbols: DocumentSymbol[], parent?: DocumentSymbol): number {
  let n = 0;
  let prevStart = -1;
  for (const s of symbols) {
    n++;
    assert.equal(typeof s.name, 'string');
    assert.ok(s.name.trim().length > 0, 'symbol name must not be empty');
    assert.ok(contains(s.range, s.selectionRange), `selectionRange inside range for ${s.name}`);
    if (parent) assert.ok(contains(parent.range, s.range), `${s.name} inside its parent ${parent.name}`);
    assert.ok(s.range.start.line >= prevStart, `siblings sorted by start (${s.name})`);
    prevStart = s.range.start.line;
    if (s.children) n += assertValidSymbols(s.children, s);
  }
  return n;
}

export function flatten(symbols: DocumentSymbol[]): DocumentSymbol[] {
  const out: DocumentSymbol[] = [];
  const walk = (l: DocumentSymbol[]) => {
    for (const s of l) {
      out.push(s);
      if (s.children) walk(s.children);
    }
  };
  walk(symbols);
  return out;
}
