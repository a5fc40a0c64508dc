/**
 * Property-based and mutation fuzzing of the pure core: for any input, parsing never throws, every
 * range lies inside the document, and every feature returns valid LSP data (that parsing time grows
 * linearly with the input is measured by `npm run bench`). Seeded with our fixture logs, and with the
 * real samples when present. `npm test` runs a fixed number of cases; `npm run fuzz` runs a long campaign.
 */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { Position, Range } from 'vscode-languageserver-types';
import { getLanguageService } from '../../server/src/core/languageService';
import { LogModel } from '../../server/src/core/model/logModel';
import { NAVIGATION_TARGETS } from '../../server/src/core/features/navigation';

const ls = getLanguageService();

/** Fragments that break parsers: quotes, delimiters, line breaks of every kind, control characters, lone surrogates, BOMs, markdown and command links. */
const HOSTILE = [
  '"', '""', ',', ',,,', '\r', '\n', '\r\n', '\u0000', '\u001b[31m', '\ufeff', '\ud800', '\udc00', '\ufffd', ' ', '\t',
  '#Fields: a,b', '#Software: Microsoft Exchange Server', '#Log-type: SMTP Receive Protocol Log', '+', '-', '>', '<', '*',
  '[x](command:workbench.action.quit)', '<img src=x onerror=alert(1)>', '`', '$(zap)', '08DC3C0A00000001', '2024-01-01T00:00:00.000Z',
  '99999999999999999999', '-1', 'é', '\u202e', 'Tarpit for \'0.00:00:05\'', '550 5.7.1 Unable to relay', 'R="x NO LOGIN failed.";ErrMsg=y',
];

export interface Mutation { kind: 'insert' | 'delete' | 'duplicate' | 'swap'; at: number; len: number; frag: number }

export const mutationArb = fc.record({
  kind: fc.constantFrom<Mutation['kind']>('insert', 'delete', 'duplicate', 'swap'),
  at: fc.double({ min: 0, max: 1, noNaN: true }).map((x) => x),
  len: fc.nat(80),
  frag: fc.nat(HOSTILE.length - 1),
}) as unknown as fc.Arbitrary<Mutation & { at: number }>;

export function mutate(text: string, muts: (Mutation & { at: number })[]): string {
  let t = text;
  for (const m of muts) {
    const at = Math.floor(m.at * t.length);
    switch (m.kind) {
      case 'insert': t = t.slice(0, at) + HOSTILE[m.frag] + t.slice(at); break;
      case 'delete': t = t.slice(0, at) + t.slice(at + m.len); break;
      case 'duplicate': t = t.slice(0, at) + t.slice(at, at + m.len) + t.slice(at); break;
      case 'swap': {
        const lines = t.split('\n');
        const i = Math.floor(m.at * lines.length), j = (i + m.len) % Math.max(1, lines.length);
        [lines[i], lines[j]] = [lines[j], lines[i]];
        t = lines.join('\n');
        break;
      }
    }
  }
  return t;
}

function lineLength(m: LogModel, line: number): number {
  return m.lineEnds[line] - m.lineStarts[line];
}

export function assertPosition(m: LogModel, p: Position, what: string): void {
  assert.ok(Number.isInteger(p.line) && Number.isInteger(p.character), `${what}: integer position`);
  assert.ok(p.line >= 0 && p.line < m.lineStarts.length, `${what}: line ${p.line} inside the document`);
  assert.ok(p.character >= 0 && p.character <= lineLength(m, p.line), `${what}: character ${p.character} inside line ${p.line}`);
}

export function assertRange(m: LogModel, r: Range, what: string): void {
  assertPosition(m, r.start, what);
  assertPosition(m, r.end, what);
  assert.ok(r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character), `${what}: start before end`);
}

function contains(outer: Range, inner: Range): boolean {
  const le = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);
  return le(outer.start, inner.start) && le(inner.end, outer.end);
}

/** Runs every feature of the facade on a text and checks that each answer is valid LSP data. */
export function checkEverything(text: string, positions: Position[]): void {
  const m = ls.parse(text, 'file:///fuzz/RECV2024010100-1.LOG', 1);
  assert.equal(m.lineStarts.length, m.lineEnds.length);
  for (const r of m.records) {
    assert.ok(r.start >= m.lineStarts[r.line] && r.end <= m.lineEnds[r.line] && r.start <= r.end, 'record inside its line');
  }
  for (const p of m.problems) {
    assert.ok(p.start >= 0 && p.end <= text.length && p.start <= p.end, 'problem offsets inside the text');
  }
  const lineCount = m.lineStarts.length;
  for (const f of ls.getFoldingRanges(m, { rangeLimit: 5000 })) {
    assert.ok(f.startLine >= 0 && f.startLine < f.endLine && f.endLine < lineCount, 'folding range inside the document');
  }
  const walk = (syms: ReturnType<typeof ls.getDocumentSymbols>, parent?: Range) => {
    for (const s of syms) {
      assert.ok(typeof s.name === 'string' && s.name.trim().length > 0, 'symbol name not empty');
      assertRange(m, s.range, 'symbol range');
      assertRange(m, s.selectionRange, 'symbol selection range');
      assert.ok(contains(s.range, s.selectionRange), 'selection range inside range');
      if (parent) assert.ok(contains(parent, s.range), 'child inside parent');
      if (s.children) walk(s.children, s.range);
    }
  };
  walk(ls.getDocumentSymbols(m));
  for (const d of ls.getDiagnostics(m)) {
    assertRange(m, d.range, 'diagnostic range');
    assert.ok(typeof d.message === 'string' && d.message.length > 0, 'diagnostic message');
  }
  for (const lens of ls.getCodeLenses(m)) {
    assertRange(m, lens.range, 'code lens range');
    if (lens.command) assert.ok(lens.command.command.startsWith('exchangeLog.'), 'code lenses run only our commands');
  }
  const whole = { start: { line: 0, character: 0 }, end: { line: lineCount - 1, character: lineLength(m, lineCount - 1) } };
  for (const hint of ls.getInlayHints(m, whole, { thresholdMs: 1 })) assertPosition(m, hint.position, 'inlay hint');
  for (const pos of positions) {
    const h = ls.doHover(m, pos);
    if (h) {
      if (h.range) assertRange(m, h.range, 'hover range');
      const value = typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '';
      assert.ok(!/\]\(command:/.test(value.replace(/(`{3,})[\s\S]*?\n\1/g, '')), 'no command link outside code blocks');
    }
    ls.getDocumentInfo(m, pos);
    for (const target of NAVIGATION_TARGETS) {
      const nav = ls.getNavigationTarget(m, pos, target);
      if (nav.position) assertPosition(m, nav.position, `navigation ${target}`);
      if (nav.range) assertRange(m, nav.range, `navigation ${target} range`);
      assert.ok(nav.message.length > 0 || nav.position !== undefined, 'navigation says where it went or why not');
    }
    for (const hl of ls.getDocumentHighlights(m, pos)) assertRange(m, hl.range, 'highlight');
    for (const ref of ls.getReferences(m, pos, true)) assertRange(m, ref.range, 'reference');
    const def = ls.getDefinition(m, pos);
    if (def) assertRange(m, def.range, 'definition');
    checkView(m, ls.getSessionView(m, { position: pos }));
  }
  checkView(m, ls.getGroupedView(m));
  // The overview is plain JSON data whose lines point into the document.
  const o = ls.getOverview(m);
  assert.deepEqual(JSON.parse(JSON.stringify(o)), o, 'overview is JSON data');
  // A redacted copy keeps the structure: the same lines, records, sessions and field counts.
  const red = ls.redact(m);
  const rm = ls.parse(red.text, m.uri, 2);
  assert.equal(rm.lineStarts.length, m.lineStarts.length, 'redaction keeps the lines');
  assert.deepEqual([...rm.records].map((r) => r.fieldCount), [...m.records].map((r) => r.fieldCount), 'redaction keeps the fields');
  for (const pos of positions.slice(0, 4)) for (const l of ls.getLinkedLocations(m, pos, [rm])) assert.ok(l.uri.length > 0);
  for (const sym of ls.getWorkspaceSymbols([m], '0')) assertRange(m, sym.location.range, 'workspace symbol');
}

/** A view's text, line mapping and folds agree with each other and with the source. */
function checkView(m: LogModel, v: ReturnType<typeof ls.getGroupedView>): void {
  const viewLines = v.text.split('\n').length - (v.text.endsWith('\n') ? 1 : 0);
  assert.equal(v.sourceLines.length, viewLines, 'one source line per view line');
  for (const l of v.sourceLines) assert.ok(l >= -1 && l < m.lineStarts.length, 'view maps into the source');
  for (const f of v.folds) assert.ok(f.startLine >= 0 && f.startLine < f.endLine && f.endLine < viewLines, 'view fold inside the view');
}

/** Positions spread over the document, including past its end. */
export function positionsFor(text: string, seed: number): Position[] {
  const lines = text.split(/\r\n|\r|\n/);
  const out: Position[] = [{ line: lines.length + 3, character: 0 }, { line: 0, character: 10_000 }];
  let x = seed || 1;
  for (let i = 0; i < 12; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    const line = x % lines.length;
    out.push({ line, character: lines[line].length === 0 ? 0 : x % (lines[line].length + 2) });
  }
  return out;
}
