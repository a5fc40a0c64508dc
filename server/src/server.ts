/**
 * The LSP binding: capabilities, document sync, and thin handlers that look up the cached model
 * and call the pure core. Other editors and the tests start it with `node dist/server.js --stdio`.
 */
import * as path from 'path';
import {
  Connection, InitializeParams, InitializeResult, TextDocumentSyncKind, TextDocuments,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentInfoRequest, InitializationOptions } from '../../protocol/src/index';
import { GroupedViewRequest, NavigationRequest, SessionViewRequest } from '../../protocol/src/index';
import { configureL10n, getLanguageService } from './core/languageService';
import { loadBundle } from './l10nLoader';
import { ModelCache } from './modelCache';
import { runSafe } from './runner';

const DIAGNOSTICS_DELAY_MS = 200;

export function startServer(connection: Connection): void {
  const service = getLanguageService();
  const documents = new TextDocuments(TextDocument);
  const cache = new ModelCache(service);
  const log = (m: string) => connection.console.error(m);
  let foldingRangeLimit: number | undefined;
  const pending = new Map<string, ReturnType<typeof setTimeout>>();

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    const locale = options.locale ?? params.locale ?? 'en';
    configureL10n(locale, loadBundle(locale, path.join(__dirname, 'l10n')));
    foldingRangeLimit = params.capabilities.textDocument?.foldingRange?.rangeLimit;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        foldingRangeProvider: true,
        documentSymbolProvider: { label: 'Exchange Log' },
        documentHighlightProvider: true,
        referencesProvider: true,
        definitionProvider: true,
        workspaceSymbolProvider: true,
      },
      serverInfo: { name: 'exchange-log-server', version: '0.1.0' },
    };
  });

  const modelOf = (uri: string) => {
    const doc = documents.get(uri);
    return doc ? cache.get(doc) : undefined;
  };

  connection.onHover((params, token) =>
    runSafe(log, 'hover', token, null, () => {
      const model = modelOf(params.textDocument.uri);
      return model ? service.doHover(model, params.position) : null;
    }));

  connection.onFoldingRanges((params, token) =>
    runSafe(log, 'foldingRange', token, [], () => {
      const model = modelOf(params.textDocument.uri);
      return model ? service.getFoldingRanges(model, { rangeLimit: foldingRangeLimit }) : [];
    }));

  connection.onDocumentSymbol((params, token) =>
    runSafe(log, 'documentSymbol', token, [], () => {
      const model = modelOf(params.textDocument.uri);
      return model ? service.getDocumentSymbols(model) : [];
    }));

  connection.onRequest(DocumentInfoRequest.type, (params, token) =>
    runSafe(log, DocumentInfoRequest.method, token, null, () => {
      const model = modelOf(params.textDocument.uri);
      return model ? service.getDocumentInfo(model, params.position) : null;
    }));

  connection.onRequest(NavigationRequest.type, (params, token) =>
    runSafe(log, NavigationRequest.method, token, null, () => {
      const model = modelOf(params.textDocument.uri);
      return model ? service.getNavigationTarget(model, params.position, params.target) : null;
    }));

  connection.onRequest(SessionViewRequest.type, (params, token) =>
    runSafe(log, SessionViewRequest.method, token, null, () => {
      const model = modelOf(params.textDocument.uri);
      return model ? service.getSessionView(model, { sessionId: params.sessionId, position: params.position }) : null;
    }));

  connection.onRequest(GroupedViewRequest.type, (params, token) =>
    runSafe(log, GroupedViewRequest.method, token, null, () => {
      const model = modelOf(params.textDocument.uri);
      return model ? service.getGroupedView(model) : null;
    }));

  connection.onDocumentHighlight((params, token) =>
    runSafe(log, 'documentHighlight', token, [], () => {
      const model = modelOf(params.textDocument.uri);
      return model ? service.getDocumentHighlights(model, params.position) : [];
    }));

  connection.onReferences((params, token) =>
    runSafe(log, 'references', token, [], () => {
      const model = modelOf(params.textDocument.uri);
      return model ? service.getReferences(model, params.position, params.context?.includeDeclaration ?? true) : [];
    }));

  connection.onDefinition((params, token) =>
    runSafe(log, 'definition', token, null, () => {
      const model = modelOf(params.textDocument.uri);
      return model ? service.getDefinition(model, params.position) : null;
    }));

  connection.onWorkspaceSymbol((params, token) =>
    runSafe(log, 'workspaceSymbol', token, [], () =>
      service.getWorkspaceSymbols(documents.all().map((d) => cache.get(d)), params.query)));

  const validate = (uri: string) => {
    const existing = pending.get(uri);
    if (existing) clearTimeout(existing);
    pending.set(uri, setTimeout(() => {
      pending.delete(uri);
      const doc = documents.get(uri);
      if (!doc) return;
      try {
        const model = cache.get(doc);
        void connection.sendDiagnostics({ uri, version: doc.version, diagnostics: service.getDiagnostics(model) });
      } catch (e) {
        log(`Error in diagnostics: ${e instanceof Error ? e.stack : String(e)}`);
      }
    }, DIAGNOSTICS_DELAY_MS));
  };

  documents.onDidOpen((e) => validate(e.document.uri));
  documents.onDidChangeContent((e) => validate(e.document.uri));
  documents.onDidClose((e) => {
    const t = pending.get(e.document.uri);
    if (t) clearTimeout(t);
    pending.delete(e.document.uri);
    cache.delete(e.document.uri);
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  documents.listen(connection);
  connection.listen();
}
