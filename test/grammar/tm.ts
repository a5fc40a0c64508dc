/**
 * Loads our TextMate grammar with the engine VS Code uses (vscode-textmate + vscode-oniguruma) and
 * offers small helpers to ask "which scopes does this piece of a line get?".
 */
import * as fs from 'fs';
import * as path from 'path';
import * as vsctm from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';
import { repoRoot } from '../helpers/paths';

export const SCOPE_NAME = 'text.log.exchange';
export const GRAMMAR_PATH = path.join(repoRoot(), 'syntaxes', 'exchange-log.tmLanguage.json');

let onigReady: Promise<vsctm.IOnigLib> | undefined;

export function onigLib(): Promise<vsctm.IOnigLib> {
  if (!onigReady) {
    onigReady = (async () => {
      const wasm = fs.readFileSync(path.join(repoRoot(), 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
      await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
      return {
        createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
        createOnigString: (s: string) => new oniguruma.OnigString(s),
      };
    })();
  }
  return onigReady;
}

/**
 * A registry holding our grammar (optionally another raw grammar under another scope name, or another
 * engine binding, e.g. one that counts calls).
 */
export async function loadGrammar(
  theme?: vsctm.IRawTheme,
  raw: unknown = JSON.parse(fs.readFileSync(GRAMMAR_PATH, 'utf8')),
  scopeName = SCOPE_NAME,
  lib: Promise<vsctm.IOnigLib> = onigLib(),
): Promise<{ registry: vsctm.Registry; grammar: vsctm.IGrammar }> {
  const registry = new vsctm.Registry({
    onigLib: lib,
    theme,
    loadGrammar: async (name) => (name === scopeName ? vsctm.parseRawGrammar(JSON.stringify(raw), 'grammar.json') : null),
  });
  const grammar = await registry.loadGrammar(scopeName);
  if (!grammar) throw new Error(`grammar ${scopeName} did not load`);
  return { registry, grammar };
}

export interface Tok {
  text: string;
  start: number;
  end: number;
  scopes: string[];
}

export interface TokenizedLine {
  line: string;
  tokens: Tok[];
}

/** Tokenizes the lines of a document in order, carrying the rule stack from line to line. */
export function tokenizeLines(grammar: vsctm.IGrammar, lines: readonly string[]): TokenizedLine[] {
  let stack = vsctm.INITIAL;
  const out: TokenizedLine[] = [];
  for (const line of lines) {
    const r = grammar.tokenizeLine(line, stack);
    if (r.stoppedEarly) throw new Error(`tokenization stopped early on: ${line.slice(0, 80)}`);
    stack = r.ruleStack;
    out.push({
      line,
      tokens: r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), start: t.startIndex, end: Math.min(t.endIndex, line.length), scopes: t.scopes })),
    });
  }
  return out;
}

export function splitLines(text: string): string[] {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Scopes of every character of `needle` in the line (the occurrence-th match, 0-based).
 * Returns one scope list per character.
 */
export function scopesOfText(t: TokenizedLine, needle: string, occurrence = 0): string[][] {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = t.line.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" (#${occurrence}) not found in: ${t.line}`);
  }
  const out: string[][] = [];
  for (let i = at; i < at + needle.length; i++) {
    const tok = t.tokens.find((k) => k.start <= i && i < k.end);
    out.push(tok ? tok.scopes : []);
  }
  return out;
}

/** True when `scope` (a full scope or a dotted prefix, e.g. `invalid`) is in the list. */
export function hasScope(scopes: readonly string[], scope: string): boolean {
  return scopes.some((s) => s === scope || s.startsWith(scope + '.'));
}

/** Human-readable dump, used in assertion messages. */
export function dump(t: TokenizedLine): string {
  return t.tokens
    .map((k) => `${JSON.stringify(k.text)} ${k.scopes.filter((s) => s !== SCOPE_NAME).join(' ')}`)
    .join('\n');
}
