/**
 * Workspace symbols: the sessions of the open logs, then of the log collection the server indexed
 * (files not open), then of the log files a client of a virtual workspace sends one at a time (the
 * server keeps what symbols need of each, not the text).
 */
import { ForgetLogsNotification, IndexLogRequest } from '../../../protocol/src/index';
import { SessionSymbolEntry } from '../core/features/workspaceSymbols';
import { runSafe } from '../runner';
import { pathKey } from '../core/collection/collection';
import { CollectionHandlers, pathOfUri, uriOfPath } from './collection';
import { ServerContext } from './context';

/** At most this many workspace symbols are answered. */
const SYMBOL_LIMIT = 1000;

/** Sessions kept for workspace symbols from files that are not open. */
const MAX_INDEXED_SESSIONS = 500_000;

class WorkspaceIndex {
  private readonly byUri = new Map<string, SessionSymbolEntry[]>();
  private sessions = 0;

  /** Keeps the entries of a file not in the index, unless the index would grow past its bound; false when not kept. */
  add(uri: string, entries: SessionSymbolEntry[]): boolean {
    if (this.sessions + entries.length > MAX_INDEXED_SESSIONS) return false;
    this.byUri.set(uri, entries);
    this.sessions += entries.length;
    return true;
  }

  forget(uri: string): void {
    const previous = this.byUri.get(uri);
    if (previous) this.sessions -= previous.length;
    this.byUri.delete(uri);
  }

  /** The entries of every indexed file except `skip`. */
  entriesExcept(skip: ReadonlySet<string>): SessionSymbolEntry[][] {
    return [...this.byUri].filter(([uri]) => !skip.has(uri)).map(([, entries]) => entries);
  }
}

export function registerWorkspaceIndex(server: ServerContext, collection: CollectionHandlers): void {
  const { connection, service, documents, cache, log } = server;
  const index = new WorkspaceIndex();

  connection.onRequest(IndexLogRequest.type, (params, token) =>
    runSafe(log, IndexLogRequest.method, token, { sessions: 0, accepted: false }, () => {
      index.forget(params.uri);
      const entries = service.getSessionSymbolEntries(service.parse(params.text, params.uri, 0));
      return { sessions: entries.length, accepted: index.add(params.uri, entries) };
    }));

  connection.onNotification(ForgetLogsNotification.type, (params) => {
    for (const uri of params.uris) index.forget(uri);
  });

  connection.onWorkspaceSymbol((params, token) =>
    runSafe(log, 'workspaceSymbol', token, [], () => {
      const open = documents.all();
      const closed = index.entriesExcept(new Set(open.map((d) => d.uri)));
      const found = service.getWorkspaceSymbols(open.map((d) => cache.get(d)), params.query, { indexed: closed });
      const indexed = collection.service;
      if (!indexed || found.length >= SYMBOL_LIMIT) return found;
      const openPaths = new Set(open.map((d) => pathOfUri(d.uri)).filter((p): p is string => p !== undefined).map(pathKey));
      const sent = new Set(found.map((s) => s.location.uri));
      const more = indexed.symbols(params.query, uriOfPath, (p) => openPaths.has(pathKey(p)) || sent.has(uriOfPath(p)), SYMBOL_LIMIT - found.length);
      return [...found, ...more];
    }));
}
