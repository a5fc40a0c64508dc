/**
 * Workspace symbols over a collection: sessions of every indexed file, opened or not, found by session
 * id, remote address, EHLO name, sender or user — the same values and the same name as the symbols of
 * open logs (`features/workspaceSymbols.ts`).
 */
import { SymbolInformation, SymbolKind } from 'vscode-languageserver-types';
import { kindName } from '../facts/kinds';
import { cleanText, noIcons } from '../summary/labels';
import { CollectionIndex, fileBaseName } from './collection';
import { KIND_CODES, S } from './schema';

export interface CollectionSymbolOptions {
  limit?: number;
  /** The URI of a file of the collection (its path as the collection names it). */
  uriOf: (path: string) => string;
  /** Files to leave out (they are open: their symbols come from their live model). */
  skip?: (path: string) => boolean;
}

export function getCollectionSymbols(collection: CollectionIndex, query: string, options: CollectionSymbolOptions): SymbolInformation[] {
  const q = query.trim().toLowerCase();
  if (q.length === 0) return [];
  const limit = options.limit ?? 1000;
  const out: SymbolInformation[] = [];
  const names = new Map<number, string>();
  const uris = new Map<number, string | null>();
  for (const ref of collection.sessions()) {
    if (out.length >= limit) break;
    let uri = uris.get(ref.file);
    if (uri === undefined) {
      const path = collection.file(ref.file)!.path;
      uri = options.skip?.(path) ? null : options.uriOf(path);
      uris.set(ref.file, uri);
    }
    if (uri === null) continue;
    const t = ref.table, r = ref.row;
    const values = [S.id, S.remote, S.helo, S.mailFrom, S.user].map((c) => t.text(t.data.columns[c][r]));
    const sender = values[3] || values[4];
    if (![values[0], values[1], values[2], sender].some((v) => v !== undefined && v.toLowerCase().includes(q))) continue;
    const parts = [clean(values[0] ?? '')];
    if (values[1]) parts.push(clean(values[1]));
    if (values[2]) parts.push(clean(values[2]));
    if (sender) parts.push(clean(sender));
    let container = names.get(ref.file);
    if (container === undefined) {
      const path = collection.file(ref.file)!.path;
      const facts = collection.factsOf(ref.file);
      container = noIcons(`${fileBaseName(path)} · ${kindName(KIND_CODES[t.column(S.kind)[r]])}${facts.server ? ` · ${facts.server}` : ''}`);
      names.set(ref.file, container);
    }
    const line = t.column(S.firstLine)[r];
    out.push({ name: parts.join(' · '), kind: SymbolKind.Event, location: { uri, range: { start: { line, character: 0 }, end: { line, character: 0 } } }, containerName: container });
  }
  return out;
}

function clean(text: string): string {
  return noIcons(cleanText(text, 100));
}
