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
import { GroupedViewRequest, NavigationRequest, SessionViewRequest } from '../../protocol/src/index';
import { configureL10n, getLanguageService } from './core/languageService';
import { loadBundle } from './l10nLoader';
import { ModelCache } from './modelCache';
import { runSafe } from './runner';
import { SettingsStore, diagnosticOptions, foldingLimit, symbolOptions } from './settings';

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
  const settings = new SettingsStore(connection, log);
  let settingsCaps = { configuration: false, dynamicChangeRegistration: false };
  let refreshSupport = { codeLens: false, inlayHint: false, foldingRange: false };

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    const locale = options.locale ?? params.locale ?? 'en';
    configureL10n(locale, loadBundle(locale, path.join(__dirname, 'l10n')));
    foldingRangeLimit = params.capabilities.textDocument?.foldingRange?.rangeLimit;
    const ws = params.capabilities.workspace;
    settingsCaps = { configuration: !!ws?.configuration, dynamicChangeRegistration: !!ws?.didChangeConfiguration?.dynamicRegistration };
    refreshSupport = {
      codeLens: !!ws?.codeLens?.refreshSupport,
      inlayHint: !!ws?.inlayHint?.refreshSupport,
      foldingRange: !!(ws as { foldingRange?: { refreshSupport?: boolean } } | undefined)?.foldingRange?.refreshSupport,
    };
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        foldingRangeProvider: true,
        documentSymbolProvider: { label: 'Exchange Log' },
        codeLensProvider: { resolveProvider: false },
        inlayHintProvider: true,
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

  connection.onInitialized(() => settings.start(settingsCaps));

  connection.onFoldingRanges(async (params, token) => {
    const s = await settings.get();
    return runSafe(log, 'foldingRange', token, [], () => {
      const model = modelOf(params.textDocument.uri);
      return model ? service.getFoldingRanges(model, { rangeLimit: foldingLimit(s, foldingRangeLimit) }) : [];
    });
  });

  connection.onDocumentSymbol(async (params, token) => {
    const s = await settings.get();
    return runSafe(log, 'documentSymbol', token, [], () => {
      const model = modelOf(params.textDocument.uri);
      return model ? service.getDocumentSymbols(model, symbolOptions(s)) : [];
    });
  });

  connection.onCodeLens(async (params, token) => {
    const s = await settings.get();
    return runSafe(log, 'codeLens', token, [], () => {
      const model = s.codeLens.enabled ? modelOf(params.textDocument.uri) : undefined;
      return model ? service.getCodeLenses(model) : [];
    });
  });

  connection.languages.inlayHint.on(async (params, token) => {
    const s = await settings.get();
    return runSafe(log, 'inlayHint', token, [], () => {
      const model = s.inlayHints.sessionGaps ? modelOf(params.textDocument.uri) : undefined;
      return model ? service.getInlayHints(model, params.range, { thresholdMs: s.inlayHints.gapThresholdSeconds * 1000 }) : [];
    });
  });

  settings.onDidChange(() => {
    for (const doc of documents.all()) validate(doc.uri);
    if (refreshSupport.codeLens) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
    if (refreshSupport.inlayHint) void connection.sendRequest('workspace/inlayHint/refresh').catch(() => undefined);
    if (refreshSupport.foldingRange) void connection.sendRequest('workspace/foldingRange/refresh').catch(() => undefined);
  });

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

  connection.onRequest(OverviewRequest.type, (params, token) =>
    runSafe(log, OverviewRequest.method, token, null, () => {
      const model = modelOf(params.textDocument.uri);
      return model ? service.getOverview(model) : null;
    }));

  const validate = (uri: string) => {
    const existing = pending.get(uri);
    if (existing) clearTimeout(existing);
    pending.set(uri, setTimeout(async () => {
      pending.delete(uri);
      const s = await settings.get();
      const doc = documents.get(uri);
      if (!doc) return;
      try {
        const model = cache.get(doc);
        void connection.sendDiagnostics({ uri, version: doc.version, diagnostics: service.getDiagnostics(model, diagnosticOptions(s)) });
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
