/**
 * The LSP binding: capabilities, then the handlers, grouped by what they serve, each a thin call
 * into the pure core over the cached model. Other editors and the tests start it with
 * `node dist/server.js --stdio`.
 */
import * as path from 'path';
import { Connection, InitializeParams, InitializeResult, TextDocumentSyncKind } from 'vscode-languageserver';
import { InitializationOptions } from '../../protocol/src/index';
import { configureL10n } from './core/languageService';
import { ServerContext } from './handlers/context';
import { registerCollectionHandlers } from './handlers/collection';
import { registerDocumentHandlers } from './handlers/documents';
import { registerFolderHandlers } from './handlers/folder';
import { registerQueryHandlers } from './handlers/query';
import { registerViewHandlers } from './handlers/views';
import { registerVirtualFileHandlers } from './handlers/virtualFiles';
import { registerTraceHandlers } from './handlers/trace';
import { loadBundle } from './l10nLoader';
import { runSafe } from './runner';
import { Scheduler } from './scheduler';

export function startServer(connection: Connection): void {
  const server = new ServerContext(connection);
  const scheduler = new Scheduler(server);

  let initializeParams: InitializeParams | undefined;
  connection.onInitialize((params: InitializeParams): InitializeResult => {
    initializeParams = params;
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    const locale = options.locale ?? params.locale ?? 'en';
    configureL10n(locale, loadBundle(locale, path.join(__dirname, 'l10n')));
    const ws = params.capabilities.workspace;
    server.client = {
      foldingRangeLimit: params.capabilities.textDocument?.foldingRange?.rangeLimit,
      settings: { configuration: !!ws?.configuration, dynamicChangeRegistration: !!ws?.didChangeConfiguration?.dynamicRegistration },
      refresh: {
        codeLens: !!ws?.codeLens?.refreshSupport,
        inlayHint: !!ws?.inlayHint?.refreshSupport,
        foldingRange: !!(ws as { foldingRange?: { refreshSupport?: boolean } } | undefined)?.foldingRange?.refreshSupport,
      },
      traceLinks: options.traceCommandLinks === true,
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
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'exchange-log-server', version: '0.1.0' },
    };
  });

  connection.onInitialized(() => {
    server.settings.start(server.client.settings);
    collection.start();
    // after the answer to initialize, while the client opens its first document
    setImmediate(() => runSafe(server.log, 'warmUp', undefined, undefined, () => server.service.warmUp()));
  });

  server.settings.onDidChange(() => {
    for (const doc of server.documents.all()) scheduler.schedule(doc.uri);
    server.refresh('codeLens');
    server.refresh('inlayHint');
    server.refresh('foldingRange');
  });

  const folderLogs = registerFolderHandlers(server);
  registerDocumentHandlers(server, scheduler, folderLogs);
  registerViewHandlers(server);
  const collection = registerCollectionHandlers(server, () => initializeParams);
  folderLogs.indexed = collection.linkedFiles;
  registerVirtualFileHandlers(server, collection);
  registerQueryHandlers(server, collection);
  registerTraceHandlers(server, collection);

  server.documents.listen(connection);
  connection.listen();
}
