/**
 * The log collection over LSP: the server indexes the workspace folders it is given (and the folders
 * the client adds) in worker threads, reports work-done progress that the user can cancel, answers the
 * Log Collection view, "Go to Time…" and workspace symbols from the index (partial while it runs), and
 * reads again what changed when files are created or grow. Folders of a virtual workspace (no `file:`
 * URI) are the client's to send, file by file (see virtualFiles.ts); their files are in the same index,
 * keyed by their URIs.
 */
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import { CancellationToken, DidChangeWatchedFilesNotification, InitializeParams, SymbolInformation, WorkDoneProgressReporter } from 'vscode-languageserver';
import {
  CollectionAddFolderRequest, CollectionCancelRequest, CollectionChangedNotification, CollectionClearCacheRequest, CollectionGoToTimeRequest,
  CollectionRefreshRequest, CollectionTreeRequest, InitializationOptions,
} from '../../../protocol/src/index';
import type { CollectionRefreshResult, CollectionTree } from '../../../protocol/src/collectionTypes';
import { t } from '../core/l10n';
import type { LogKind } from '../core/model/kinds';
import { firstLineAtOrAfter, goToTime } from '../core/collection/time';
import { isUriKey, pathKey } from '../core/collection/collection';
import { readLogText } from '../collection/readParts';
import { CollectionService } from '../collection/service';
import { IndexProgress, IndexRun } from '../collection/indexer';
import { loadBundle } from '../l10nLoader';
import { runSafe } from '../runner';
import { ServerContext } from './context';
import { VirtualTexts, isVirtualKey } from './virtualFiles';

/** At most this many workspace symbols are answered. */
const SYMBOL_LIMIT = 1000;

/** How often the view is told that the collection changed while files are being read. */
const CHANGED_EVERY_MS = 1000;
/** Files changed on disk are read again after this quiet time. */
const WATCH_DELAY_MS = 2000;

export interface CollectionHandlers {
  readonly service: CollectionService | undefined;
  /** Call from `onInitialized`: sets up the service and starts indexing the workspace folders. */
  start(): void;
  /** Files of the collection (URIs) holding sessions of `kind` with these ids, by id (linked logs). */
  linkedFiles(kind: LogKind, ids: readonly string[]): ReadonlyMap<string, readonly string[]>;
  /** Tells the client that the collection changed (at most once a second unless `force`). */
  changed(force?: boolean): void;
  /** The texts of virtual files, fetched from the client for a question. */
  readonly texts: VirtualTexts;
}

/** `file:` URIs as paths: folders on disk, which the server reads itself. */
export function pathOfUri(uri: string): string | undefined {
  if (!/^file:/i.test(uri)) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/**
 * The key of a URI in the collection: the path of a `file:` URI, the URI itself for any other scheme
 * (a virtual workspace's file, which the client sends). Undefined for what is neither.
 */
export function keyOfUri(uri: string): string | undefined {
  if (/^file:/i.test(uri)) return pathOfUri(uri);
  return isUriKey(uri) ? uri : undefined;
}

/** The URI of a key of the collection: a key that is a URI already is its own URI; a path is a `file:` URI. */
export function uriOfKey(key: string): string {
  return isUriKey(key) ? key : pathToFileURL(key).toString();
}

export function registerCollectionHandlers(server: ServerContext, initialize: () => InitializeParams | undefined): CollectionHandlers {
  const { connection, log } = server;
  const handlers: CollectionHandlers & { service: CollectionService | undefined } = {
    service: undefined,
    start: () => start(),
    linkedFiles: (kind, ids) => {
      const found = handlers.service?.collection.sessionFiles(kind, ids);
      handlers.service?.asked();
      const out = new Map<string, string[]>();
      for (const [id, paths] of found ?? []) out.set(id, paths.map(uriOfKey));
      return out;
    },
    changed: (force) => changed(force),
    texts: new VirtualTexts(connection, log),
  };
  let watchSupport = false;
  let progressSupport = false;
  let lastChanged = 0;
  let progress: IndexProgress | undefined;
  /** Set by the user (the progress's cancel, or the Stop Indexing command) for the run in progress. */
  let stopRequested = false;

  const changed = (force = false) => {
    const now = performance.now();
    if (!force && now - lastChanged < CHANGED_EVERY_MS) return;
    lastChanged = now;
    void connection.sendNotification(CollectionChangedNotification.type, {});
  };

  /** Reads what changed below the folders, with progress the user can cancel. */
  const refresh = async (): Promise<IndexRun | undefined> => {
    const service = handlers.service;
    if (!service || service.folders().length === 0) return undefined;
    let reporter: WorkDoneProgressReporter | undefined;
    if (progressSupport) {
      try {
        reporter = await connection.window.createWorkDoneProgress();
        reporter.begin(t('Indexing Exchange logs'), 0, t('Listing files…'), true);
      } catch {
        reporter = undefined;
      }
    }
    stopRequested = false;
    const token = (reporter as { token?: CancellationToken } | undefined)?.token;
    token?.onCancellationRequested(() => (stopRequested = true));
    try {
      const run = await service.refresh({
        report: (p) => {
          progress = p;
          const rate = p.elapsedMs > 0 ? p.bytes / 1048576 / (p.elapsedMs / 1000) : 0;
          const percent = p.totalBytes > 0 ? Math.floor((p.bytes / p.totalBytes) * 100) : p.totalFiles > 0 ? Math.floor((p.files / p.totalFiles) * 100) : 0;
          reporter?.report(percent, t('{0} of {1} files, {2} of {3} MB, {4} MB/s', String(p.files), String(p.totalFiles), (p.bytes / 1048576).toFixed(0), (p.totalBytes / 1048576).toFixed(0), rate.toFixed(0)));
          changed();
        },
        cancelled: () => stopRequested,
      });
      for (const w of run.warnings) log(w);
      return run;
    } finally {
      progress = undefined;
      reporter?.done();
      changed(true);
    }
  };

  const start = () => {
    const params = initialize();
    if (!params) return;
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    const collection = options.collection ?? {};
    watchSupport = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    progressSupport = !!params.capabilities.window?.workDoneProgress;
    const locale = options.locale ?? params.locale ?? 'en';
    handlers.service = new CollectionService({
      cacheDir: collection.cache === false ? undefined : collection.cacheDir,
      locale,
      bundle: loadBundle(locale, path.join(__dirname, 'l10n')),
    });
    if (collection.indexWorkspace !== false) {
      const folders = (params.workspaceFolders ?? []).map((f) => pathOfUri(f.uri)).filter((p): p is string => p !== undefined);
      if (folders.length === 0 && params.rootUri) {
        const root = pathOfUri(params.rootUri);
        if (root) folders.push(root);
      }
      handlers.service.setFolders(folders);
      // the folders of a virtual workspace: the client sends their files
      for (const f of params.workspaceFolders ?? []) if (isVirtualKey(f.uri)) handlers.service.addVirtualFolder(f.uri);
    }
    if (params.capabilities.workspace?.workspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const service = handlers.service;
        if (!service || collection.indexWorkspace === false) return;
        const removed = new Set(e.removed.map((f) => pathOfUri(f.uri)).filter(Boolean));
        const next = service.folders().filter((f) => !removed.has(f));
        for (const f of e.added) {
          const p = pathOfUri(f.uri);
          if (p) next.push(p);
          else if (isVirtualKey(f.uri)) service.addVirtualFolder(f.uri);
        }
        for (const f of e.removed) if (isVirtualKey(f.uri)) service.removeVirtualFolder(f.uri);
        service.setFolders(next);
        void refresh();
      });
    }
    if (watchSupport) {
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{log,LOG,Log}' }] });
    }
    void refresh();
  };

  let watchTimer: ReturnType<typeof setTimeout> | undefined;
  connection.onDidChangeWatchedFiles(() => {
    if (watchTimer) clearTimeout(watchTimer);
    watchTimer = setTimeout(() => {
      watchTimer = undefined;
      void refresh();
    }, WATCH_DELAY_MS);
  });

  connection.onRequest(CollectionTreeRequest.type, (_params, token) =>
    runSafe(log, CollectionTreeRequest.method, token, emptyTree(), (): CollectionTree => {
      const service = handlers.service;
      if (!service) return emptyTree();
      return {
        indexing: service.indexing,
        progress,
        folders: [...service.folders().map(uriOfKey), ...service.virtualFolders()],
        servers: service.tree(uriOfKey),
      };
    }));

  connection.onRequest(CollectionAddFolderRequest.type, (params) => {
    const service = handlers.service;
    const folder = typeof params?.uri === 'string' ? pathOfUri(params.uri) : undefined;
    if (!service) return { accepted: false, message: t('The language server is still starting.') };
    if (!folder && typeof params?.uri === 'string' && isVirtualKey(params.uri)) {
      // a virtual folder: the client reads its files and sends them
      service.addVirtualFolder(params.uri);
      changed(true);
      return { accepted: true, stream: true, message: t('Indexing {0}…', params.uri) };
    }
    if (!folder) return { accepted: false, message: t('Only folders on disk can be added to the collection: {0}', String(params?.uri)) };
    service.addFolder(folder);
    void refresh();
    return { accepted: true, message: t('Indexing {0}…', folder) };
  });

  connection.onRequest(CollectionRefreshRequest.type, async (): Promise<CollectionRefreshResult> => {
    const run = await refresh();
    return run ?? { files: 0, read: 0, appended: 0, cached: 0, bytesRead: 0, warnings: [], cancelled: false, elapsedMs: 0 };
  });

  connection.onRequest(CollectionCancelRequest.type, () => {
    const running = handlers.service?.indexing ?? false;
    if (running) stopRequested = true;
    return { stopped: running };
  });

  connection.onRequest(CollectionClearCacheRequest.type, () => ({ deleted: handlers.service?.clearCache() ?? 0 }));

  connection.onRequest(CollectionGoToTimeRequest.type, (params, token) => handlers.texts.run((virtualText) =>
    runSafe(log, CollectionGoToTimeRequest.method, token, { message: t('No log of the collection covers that time.') }, () => {
      const service = handlers.service;
      if (!service) return { message: t('The language server is still starting.') };
      const current = params.textDocument ? keyOfUri(params.textDocument.uri) : undefined;
      const answer = goToTime(service.collection, params.time, {
        current, server: params.server, kind: params.kind, partial: service.indexing,
        lineInFile: (file, time) => {
          // the open document's model, else the file read once more (from disk, or through the client)
          const open = server.documents.all().find((d) => keyOfUri(d.uri) !== undefined && pathKey(keyOfUri(d.uri)!) === pathKey(file));
          try {
            if (open) return firstLineAtOrAfter(server.cache.get(open), time);
            const text = isVirtualKey(file) ? virtualText(file) : readLogText(file);
            return text === undefined ? undefined : firstLineAtOrAfter(server.service.parse(text, uriOfKey(file), 0), time);
          } catch {
            return undefined;
          }
        },
      });
      return answer.path === undefined
        ? { message: answer.message }
        : { location: { uri: uriOfKey(answer.path), range: { start: { line: answer.line, character: 0 }, end: { line: answer.line, character: 0 } } }, message: answer.message };
    })));

  // Workspace symbols: the sessions of the open logs, then of the collection's files that are not open.
  connection.onWorkspaceSymbol((params, token) =>
    runSafe(log, 'workspaceSymbol', token, [], (): SymbolInformation[] => {
      const open = server.documents.all();
      const found = server.service.getWorkspaceSymbols(open.map((d) => server.cache.get(d)), params.query);
      const service = handlers.service;
      if (!service || found.length >= SYMBOL_LIMIT) return found;
      const openKeys = new Set(open.map((d) => keyOfUri(d.uri)).filter((k): k is string => k !== undefined).map(pathKey));
      const more = service.symbols(params.query, uriOfKey, (p) => openKeys.has(pathKey(p)), SYMBOL_LIMIT - found.length);
      return [...found, ...more];
    }));

  return handlers;
}

function emptyTree(): CollectionTree {
  return { indexing: false, folders: [], servers: [] };
}
