/**
 * Workspace symbols: find a session across the open logs by session id, remote address, EHLO name
 * or sender (the POP3/IMAP4 user). The symbol name carries every one of those values, because
 * editors filter the answers again against the name.
 */
import { SymbolInformation, SymbolKind } from 'vscode-languageserver-types';
import { kindName } from '../facts/kinds';
import { LogModel } from '../model/logModel';
import { logFileName } from '../util/fileName';
import { sessionIdRange } from './navigation';
import { cleanText, noIcons } from './sessionLabels';
import { getSessionSummary } from './sessionSummary';

export interface WorkspaceSymbolOptions {
  /** At most this many symbols (default 1000). */
  limit?: number;
}

export function getWorkspaceSymbols(models: readonly LogModel[], query: string, options: WorkspaceSymbolOptions = {}): SymbolInformation[] {
  const q = query.trim().toLowerCase();
  if (q.length === 0) return [];
  const limit = options.limit ?? 1000;
  const out: SymbolInformation[] = [];
  for (const model of models) {
    const container = noIcons(`${logFileName(model.uri)} · ${kindName(model.kind)}`);
    for (const session of model.sessions) {
      if (out.length >= limit) return out;
      const s = getSessionSummary(model, session.index);
      const sender = s.mailFrom || s.user;
      const values = [session.id, s.remote, s.helo, sender];
      if (!values.some((v) => v !== undefined && v.toLowerCase().includes(q))) continue;
      const parts = [clean(session.id)];
      if (s.remote) parts.push(clean(s.remote));
      if (s.helo) parts.push(clean(s.helo));
      if (sender) parts.push(clean(sender));
      out.push({
        name: parts.join(' · '),
        kind: SymbolKind.Event,
        location: { uri: model.uri, range: sessionIdRange(model, session.records[0]) },
        containerName: container,
      });
    }
  }
  return out;
}

/** Plain one-line text with no `$(icon)` syntax: symbol names are shown where icons render. */
function clean(text: string): string {
  return noIcons(cleanText(text, 100));
}
