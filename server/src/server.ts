/**
 * The LSP binding: capabilities, document sync, and thin handlers that look up the cached model
 * and call the pure core. Other editors and the tests start it with `node dist/server.js --stdio`.
 */
import * as path from 'path';
import {
  CancellationToken, Connection, InitializeParams, InitializeResult, TextDocumentSyncKind, TextDocuments,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  ContinuationRequest, DocumentInfoRequest, FolderLogsNotification, FolderViewAddRequest,
  FolderViewBuildRequest, FolderViewDisposeNotification, ForgetLogsNotification, GroupedViewRequest,
  IndexLogRequest, InitializationOptions, LinkedTargetRequest, NavigationRequest, OverviewRequest,
  RedactRequest, SessionEdgeRequest, SessionViewRequest,
} from '../../protocol/src/index';
import { LogModel, configureL10n, getLanguageService } from './core/languageService';
import { FolderViewBuilder } from './core/features/multiFile';
import { SessionSymbolEntry } from './core/features/workspaceSymbols';
import { loadBundle } from './l10nLoader';
import { ModelCache } from './modelCache';
import { lastAnswerAt, runSafe } from './runner';
import { SettingsStore, diagnosticOptions, foldingLimit, symbolOptions } from './settings';

const DIAGNOSTICS_DELAY_MS = 200;
/** Longest stretch of background work (record details, summaries) before requests are answered. */
const SLICE_MS = 5;
/** Background work waits this long after a request was answered, so that the answer goes out first. */
const AFTER_ANSWER_MS = 3;
/** Linked log files kept of a document's folder. */
const MAX_FOLDER_LOGS = 5000;
/** Folder views being read at the same time. */
const MAX_FOLDER_VIEWS = 4;
/** Sessions kept for workspace symbols from files that are not open. */
const MAX_INDEXED_SESSIONS = 500_000;

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

  /** The document's model; `forFolding`: read only as far as folding needs if not read yet. */
  const modelOf = (uri: string, forFolding = false) => {
    const doc = documents.get(uri);
    if (!doc) return undefined;
    return forFolding ? cache.getForFolding(doc) : cache.get(doc);
  };

  /** A handler safe from errors and cancellation that answers `fallback` for a document it does not have. */
  const onModel = <T>(name: string, token: CancellationToken, fallback: T, uri: string, fn: (model: LogModel) => T, forFolding = false) =>
    runSafe(log, name, token, fallback, () => {
      const model = modelOf(uri, forFolding);
      return model ? fn(model) : fallback;
    });

  connection.onHover((params, token) =>
    onModel('hover', token, null, params.textDocument.uri, (model) => service.doHover(model, params.position)));

  connection.onInitialized(() => {
    settings.start(settingsCaps);
    // after the answer to initialize, while the client opens its first document
    setImmediate(() => runSafe(log, 'warmUp', undefined, undefined, () => service.warmUp()));
  });

  connection.onFoldingRanges(async (params, token) => {
    const s = await settings.get();
    // folding needs only lines, headers and sessions: a newly opened log is read that far first
    return onModel('foldingRange', token, [], params.textDocument.uri,
      (model) => service.getFoldingRanges(model, { rangeLimit: foldingLimit(s, foldingRangeLimit) }), true);
  });

  connection.onDocumentSymbol(async (params, token) => {
    const s = await settings.get();
    return onModel('documentSymbol', token, [], params.textDocument.uri, (model) => service.getDocumentSymbols(model, symbolOptions(s)));
  });

  // Linked logs: the log files beside each document, as the client handed them over.
  const folderLogs = new Map<string, string[]>();
  const openModels = () => documents.all().map((d) => cache.get(d));
  const linkContext = (uri: string) => ({ models: openModels(), siblings: folderLogs.get(uri) });

  connection.onCodeLens(async (params, token) => {
    const s = await settings.get();
    return runSafe(log, 'codeLens', token, [], () => {
      const model = s.codeLens.enabled ? modelOf(params.textDocument.uri) : undefined;
      return model ? service.getCodeLenses(model, { links: linkContext(model.uri) }) : [];
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
    onModel(DocumentInfoRequest.method, token, null, params.textDocument.uri, (model) => service.getDocumentInfo(model, params.position)));

  connection.onRequest(NavigationRequest.type, (params, token) =>
    onModel(NavigationRequest.method, token, null, params.textDocument.uri, (model) => service.getNavigationTarget(model, params.position, params.target)));

  connection.onRequest(SessionViewRequest.type, (params, token) =>
    onModel(SessionViewRequest.method, token, null, params.textDocument.uri, (model) => service.getSessionView(model, { sessionId: params.sessionId, position: params.position })));

  connection.onRequest(GroupedViewRequest.type, (params, token) =>
    onModel(GroupedViewRequest.method, token, null, params.textDocument.uri, (model) => service.getGroupedView(model)));

  connection.onDocumentHighlight((params, token) =>
    onModel('documentHighlight', token, [], params.textDocument.uri, (model) => service.getDocumentHighlights(model, params.position)));

  connection.onReferences((params, token) =>
    runSafe(log, 'references', token, [], () => {
      const model = modelOf(params.textDocument.uri);
      if (!model) return [];
      const own = service.getReferences(model, params.position, params.context?.includeDeclaration ?? true);
      return [...own, ...service.getLinkedLocations(model, params.position, openModels())];
    }));

  // Definition: a field linked to another open log jumps there; otherwise the session's first event.
  connection.onDefinition((params, token) =>
    runSafe(log, 'definition', token, null, () => {
      const model = modelOf(params.textDocument.uri);
      if (!model) return null;
      const linked = service.getLinkedLocations(model, params.position, openModels());
      return linked.length > 0 ? linked : service.getDefinition(model, params.position);
    }));

  connection.onNotification(FolderLogsNotification.type, (params) => {
    folderLogs.set(params.textDocument.uri, service.linkedLogFiles(params.siblings.filter((u) => typeof u === 'string')).slice(0, MAX_FOLDER_LOGS));
    if (refreshSupport.codeLens) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  });

  connection.onRequest(LinkedTargetRequest.type, (params, token) =>
    onModel(LinkedTargetRequest.method, token, null, params.textDocument.uri, (model) => service.getLinkedTarget(model, params.line, linkContext(model.uri))));

  connection.onRequest(RedactRequest.type, (params, token) =>
    onModel(RedactRequest.method, token, null, params.textDocument.uri, (model) => service.redact(model)));

  // Several logs as one view: files arrive one at a time and only their session lines are kept.
  const folderViews = new Map<string, FolderViewBuilder>();
  connection.onRequest(FolderViewAddRequest.type, (params, token) =>
    runSafe(log, FolderViewAddRequest.method, token, { accepted: false, records: 0, sessions: 0, kind: 'generic' }, () => {
      let builder = folderViews.get(params.viewId);
      if (!builder) {
        // A few views at a time: the oldest unfinished one is dropped.
        if (folderViews.size >= MAX_FOLDER_VIEWS) folderViews.delete(folderViews.keys().next().value!);
        folderViews.set(params.viewId, (builder = service.createFolderView()));
      }
      return builder.add(params.uri, params.text);
    }));
  connection.onRequest(FolderViewBuildRequest.type, (params, token) =>
    runSafe(log, FolderViewBuildRequest.method, token, null, () => {
      const builder = folderViews.get(params.viewId);
      if (!builder) return null;
      folderViews.delete(params.viewId);
      return { version: 0, ...builder.build(params.title) };
    }));
  connection.onNotification(FolderViewDisposeNotification.type, (params) => {
    folderViews.delete(params.viewId);
  });

  connection.onRequest(ContinuationRequest.type, (params, token) =>
    onModel(ContinuationRequest.method, token, null, params.textDocument.uri, (model) => service.getContinuation(model, params.position, params.direction, params.siblings)));
  connection.onRequest(SessionEdgeRequest.type, (params, token) =>
    onModel(SessionEdgeRequest.method, token, null, params.textDocument.uri, (model) => service.getSessionEdge(model, params.sessionId, params.edge)));

  // Workspace logs that are not open: what workspace symbols need of each, not their text.
  const indexed = new Map<string, SessionSymbolEntry[]>();
  let indexedCount = 0;
  connection.onRequest(IndexLogRequest.type, (params, token) =>
    runSafe(log, IndexLogRequest.method, token, { sessions: 0, accepted: false }, () => {
      const previous = indexed.get(params.uri);
      if (previous) indexedCount -= previous.length;
      indexed.delete(params.uri);
      const entries = service.getSessionSymbolEntries(service.parse(params.text, params.uri, 0));
      if (indexedCount + entries.length > MAX_INDEXED_SESSIONS) return { sessions: entries.length, accepted: false };
      indexed.set(params.uri, entries);
      indexedCount += entries.length;
      return { sessions: entries.length, accepted: true };
    }));
  connection.onNotification(ForgetLogsNotification.type, (params) => {
    for (const uri of params.uris) {
      const previous = indexed.get(uri);
      if (previous) indexedCount -= previous.length;
      indexed.delete(uri);
    }
  });

  connection.onWorkspaceSymbol((params, token) =>
    runSafe(log, 'workspaceSymbol', token, [], () => {
      const open = documents.all();
      const openUris = new Set(open.map((d) => d.uri));
      const closed = [...indexed].filter(([uri]) => !openUris.has(uri)).map(([, entries]) => entries);
      return service.getWorkspaceSymbols(open.map((d) => cache.get(d)), params.query, { indexed: closed });
    }));

  connection.onRequest(OverviewRequest.type, (params, token) =>
    onModel(OverviewRequest.method, token, null, params.textDocument.uri, (model) => service.getOverview(model)));

  const validate = (uri: string) => {
    const existing = pending.get(uri);
    if (existing) clearTimeout(existing);
    pending.set(uri, setTimeout(async () => {
      pending.delete(uri);
      // vscode-jsonrpc reads requests and writes answers from setImmediate callbacks: the work below
      // runs in slices with such turns between them, and pauses while requests are being answered
      // (an answer is written a turn after its handler returns), so a big log's details and
      // summaries never hold back an answer for long.
      const turn = () => new Promise((resolve) => setImmediate(resolve));
      const pause = async () => {
        do await turn();
        while (performance.now() - lastAnswerAt() < AFTER_ANSWER_MS);
      };
      await pause();
      const first = documents.get(uri);
      if (!first || pending.has(uri)) return;
      const version = first.version;
      try {
        const partial = cache.getForFolding(first);
        for (;;) {
          const until = performance.now() + SLICE_MS;
          if (service.prepare(partial, () => performance.now() > until)) break;
          await pause();
          if (pending.has(uri) || documents.get(uri)?.version !== version) return;
        }
      } catch (e) {
        log(`Error while preparing ${uri}: ${e instanceof Error ? e.stack : String(e)}`);
      }
      const s = await settings.get();
      const doc = documents.get(uri);
      if (!doc || doc.version !== version) return;
      try {
        const model = cache.get(doc);
        void connection.sendDiagnostics({ uri, version: doc.version, diagnostics: service.getDiagnostics(model, diagnosticOptions(s)) });
      } catch (e) {
        log(`Error in diagnostics: ${e instanceof Error ? e.stack : String(e)}`);
      }
    }, DIAGNOSTICS_DELAY_MS));
  };

  // Another log opened or closed changes which "Open in … log" lenses apply.
  const refreshLinks = () => {
    if (refreshSupport.codeLens) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  };
  documents.onDidOpen((e) => {
    validate(e.document.uri);
    refreshLinks();
  });
  documents.onDidChangeContent((e) => validate(e.document.uri));
  documents.onDidClose((e) => {
    const t = pending.get(e.document.uri);
    if (t) clearTimeout(t);
    pending.delete(e.document.uri);
    cache.delete(e.document.uri);
    folderLogs.delete(e.document.uri);
    refreshLinks();
    void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
  });

  documents.listen(connection);
  connection.listen();
}
