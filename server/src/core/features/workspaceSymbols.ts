/**
 * Workspace symbols: find a session across the open logs, and across the workspace's log files that
 * the client indexed (`sessionSymbolEntries`, kept instead of the file), by session id, remote
 * address, EHLO name or sender (the POP3/IMAP4 user). The symbol name carries every one of those
 * values, because editors filter the answers again against the name.
 */
import { Range, SymbolInformation, SymbolKind } from 'vscode-languageserver-types';
import { kindName } from '../facts/kinds';
import { LogModel } from '../model/logModel';
import { detach } from '../util/detach';
import { logFileName } from '../util/fileName';
import { sessionIdRange } from './navigation';
import { cleanText, noIcons } from '../summary/labels';
import { getSessionSummary } from '../summary/sessionSummary';

export interface WorkspaceSymbolOptions {
  /** At most this many symbols (default 1000). */
  limit?: number;
  /** Sessions of indexed files that are not open, searched after the open logs. */
  indexed?: Iterable<readonly SessionSymbolEntry[]>;
}

/** What workspace symbols need of one session: small, and holding no reference to the file's text. */
export interface SessionSymbolEntry {
  id: string;
  remote?: string;
  helo?: string;
  sender?: string;
  uri: string;
  range: Range;
  container: string;
}

/** At most this many characters of each value are kept in the index. */
const MAX_VALUE = 200;

export function sessionSymbolEntries(model: LogModel): SessionSymbolEntry[] {
  const container = noIcons(`${logFileName(model.uri)} · ${kindName(model.kind)}`);
  const keep = (v: string | undefined) => (v === undefined ? undefined : detach(v.slice(0, MAX_VALUE)));
  return model.sessions.map((session) => {
    const s = getSessionSummary(model, session.index);
    return {
      id: keep(session.id)!,
      remote: keep(s.remote),
      helo: keep(s.helo),
      sender: keep(s.mailFrom || s.user),
      uri: model.uri,
      range: sessionIdRange(model, session.records[0]),
      container,
    };
  });
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
  for (const entries of options.indexed ?? []) if (!search(entries)) return out;
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
