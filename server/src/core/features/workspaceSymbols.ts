/**
 * Workspace symbols: find a session across the open logs (the files of the log collection that are not
 * open are the collection's: core/collection/symbols.ts), by session id, remote address, EHLO name or
 * sender (the POP3/IMAP4 user). The symbol name carries every one of those
 * values, because editors filter the answers again against the name.
 */
import { Range, SymbolInformation, SymbolKind } from 'vscode-languageserver-types';
import { kindName } from '../facts/kinds';
import { LogModel } from '../model/logModel';
import { logFileName } from '../util/fileName';
import { sessionIdRange } from './navigation';
import { cleanText, noIcons } from '../summary/labels';
import { getSessionSummary } from '../summary/sessionSummary';

export interface WorkspaceSymbolOptions {
  /** At most this many symbols (default 1000). */
  limit?: number;
}

/** What workspace symbols need of one session. */
export interface SessionSymbolEntry {
  id: string;
  remote?: string;
  helo?: string;
  sender?: string;
  uri: string;
  range: Range;
  container: string;
}

export function getWorkspaceSymbols(models: readonly LogModel[], query: string, options: WorkspaceSymbolOptions = {}): SymbolInformation[] {
  const q = query.trim().toLowerCase();
  if (q.length === 0) return [];
  const limit = options.limit ?? 1000;
  const out: SymbolInformation[] = [];
  const search = (entries: Iterable<SessionSymbolEntry>): boolean => {
    for (const e of entries) {
      if (out.length >= limit) return false;
      const values = [e.id, e.remote, e.helo, e.sender];
      if (!values.some((v) => v !== undefined && v.toLowerCase().includes(q))) continue;
      const parts = [clean(e.id)];
      if (e.remote) parts.push(clean(e.remote));
      if (e.helo) parts.push(clean(e.helo));
      if (e.sender) parts.push(clean(e.sender));
      out.push({ name: parts.join(' · '), kind: SymbolKind.Event, location: { uri: e.uri, range: e.range }, containerName: e.container });
    }
    return true;
  };
  for (const model of models) if (!search(lazyEntries(model))) return out;
  return out;
}

/** The entries of an open log, computed only as far as the search goes. */
function* lazyEntries(model: LogModel): Generator<SessionSymbolEntry> {
  const container = noIcons(`${logFileName(model.uri)} · ${kindName(model.kind)}`);
  for (const session of model.sessions) {
    const s = getSessionSummary(model, session.index);
    yield {
      id: session.id, remote: s.remote, helo: s.helo, sender: s.mailFrom || s.user, uri: model.uri, container,
      get range() {
        return sessionIdRange(model, session.records[0]);
      },
    };
  }
}

/** Plain one-line text with no `$(icon)` syntax: symbol names are shown where icons render. */
function clean(text: string): string {
  return noIcons(cleanText(text, 100));
}
