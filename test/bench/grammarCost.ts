/**
 * The grammar part of the benchmark: tokenizing every line of a text with vscode-textmate +
 * vscode-oniguruma (as VS Code does: `tokenizeLine2`, the rule stack carried from line to line) with
 * our grammar, a grammar with no pattern (the plain-text floor) and one with a single `\w+` pattern.
 */
import * as vsctm from 'vscode-textmate';
import { loadGrammar, onigLib } from '../grammar/tm';

export interface GrammarCost {
  /** Median ms per grammar. */
  ours: number;
  plain: number;
  onePattern: number;
  /** One regex per line with one scoped capture per CSV column (up to 12) and nothing else. */
  columns: number;
}

/** The least a grammar that colours columns costs: one regex per line, one scoped capture per column. */
const COLUMNS_GRAMMAR = {
  scopeName: 'text.columns.bench',
  patterns: [{
    match: '^([^,]*+)' + '(?:(,)([^,]*+))?'.repeat(11) + '(.*)$',
    captures: Object.fromEntries(Array.from({ length: 24 }, (_, i) => [String(i + 1), { name: i % 2 ? 'punctuation.separator.field' : `column.c${i}` }])),
  }],
};

export interface ScannerCounts {
  lines: number;
  /** Calls of the regular expression engine (`findNextMatchSync`). */
  scans: number;
  /** Strings handed to the engine: one per line, plus one per retokenized capture. */
  strings: number;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function tokenizeAll(g: vsctm.IGrammar, lines: readonly string[]): number {
  const t0 = performance.now();
  let state = vsctm.INITIAL;
  for (const l of lines) state = g.tokenizeLine2(l, state).ruleStack;
  return performance.now() - t0;
}

/** Median of `runs` timed passes per grammar, after one untimed pass each (compiles the scanners). */
export async function grammarCost(text: string, runs = 3): Promise<GrammarCost> {
  const { grammar: ours } = await loadGrammar();
  const { grammar: plain } = await loadGrammar(undefined, { scopeName: 'text.plain.bench', patterns: [] }, 'text.plain.bench');
  const { grammar: one } = await loadGrammar(undefined, { scopeName: 'text.one.bench', patterns: [{ match: '\\w+', name: 'word' }] }, 'text.one.bench');
  const { grammar: columns } = await loadGrammar(undefined, COLUMNS_GRAMMAR, COLUMNS_GRAMMAR.scopeName);
  const lines = text.split(/\r?\n/);
  const t = { ours: [] as number[], plain: [] as number[], onePattern: [] as number[], columns: [] as number[] };
  for (const g of [plain, one, columns, ours]) tokenizeAll(g, lines);
  for (let i = 0; i < runs; i++) {
    t.plain.push(tokenizeAll(plain, lines));
    t.onePattern.push(tokenizeAll(one, lines));
    t.columns.push(tokenizeAll(columns, lines));
    t.ours.push(tokenizeAll(ours, lines));
  }
  return { ours: median(t.ours), plain: median(t.plain), onePattern: median(t.onePattern), columns: median(t.columns) };
}

/** Counts engine calls and engine strings while our grammar tokenizes `text` (a separate registry). */
export async function scannerCounts(text: string): Promise<ScannerCounts> {
  const lib = await onigLib();
  const counts: ScannerCounts = { lines: 0, scans: 0, strings: 0 };
  const counting: vsctm.IOnigLib = {
    createOnigScanner: (patterns) => {
      const s = lib.createOnigScanner(patterns);
      return {
        findNextMatchSync: (str: vsctm.OnigString | string, start: number, options: number) => {
          counts.scans++;
          return s.findNextMatchSync(str, start, options);
        },
        dispose: () => s.dispose?.(),
      };
    },
    createOnigString: (s) => {
      counts.strings++;
      return lib.createOnigString(s);
    },
  };
  const { grammar } = await loadGrammar(undefined, undefined, undefined, Promise.resolve(counting));
  const lines = text.split(/\r?\n/);
  tokenizeAll(grammar, lines);
  counts.lines = lines.length;
  return counts;
}
