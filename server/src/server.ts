/**
 * The LSP binding: capabilities, document sync, and thin handlers that look up the cached model
 * and call the pure core. Other editors and the tests start it with `node dist/server.js --stdio`.
 */
import * as path from 'path';
import {
  Connection, InitializeParams, InitializeResult, TextDocumentSyncKind, TextDocuments,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentInfoRequest, InitializationOptions, OverviewRequest } from '../../protocol/src/index';
import { configureL10n, getLanguageService } from './core/languageService';
import { loadBundle } from './l10nLoader';
import { ModelCache } from './modelCache';
import { runSafe } from './runner';

const DIAGNOSTICS_DELAY_MS = 200;

export function startServer(connection: Connection): void {
  const service = getLanguageService();
  const cache = new ModelCache(service);
  const documents = new TextDocuments<TextDocument>({
    create: (uri, languageId, version, content) => {
      cache.opened(uri, version);
      return TextDocument.create(uri, languageId, version, content);
    },
    update: (document, changes, version) => {
      cache.changing(document, changes, version);
      return TextDocument.update(document, changes, version);
    },
  });
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

  connection.onRequest(OverviewRequest.type, (params, token) =>
    runSafe(log, OverviewRequest.method, token, null, () => {
      const model = modelOf(params.textDocument.uri);
      return model ? service.getOverview(model) : null;
    }));

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
