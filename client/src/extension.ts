/**
 * Activation: the content sniff, the language client (started when the first Exchange log opens, or
 * when the sniff asks about a log or plain-text document) and the status bar. No log logic lives
 * here: the language server owns it.
 */
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { InitializationOptions } from '../../protocol/src/index';
import { registerOverview } from './overview/overviewPanel';
import { registerReports } from './reports/reportPanel';
import { LANGUAGE_ID } from './languages';
import { registerSniffer } from './sniff';
import { registerStatusBar } from './statusBar';
import { registerCommands } from './commands/command';
import { navigationCommands } from './commands/navigation';
import { sessionViewCommands } from './commands/sessionViews';
import { linkedCommands, registerFolderLogs } from './commands/linked';
import { startVirtualCollection } from './commands/virtualCollection';
import { collectionCommands, listenToCollection, registerCollectionView, setStreaming } from './views/collectionView';
import { searchCommands } from './commands/search';
import { registerTraceView, traceCommands } from './views/traceView';

let client: LanguageClient | undefined;
let starting: Promise<LanguageClient> | undefined;

export interface ExchangeLogApi {
  /** Resolves once the language client is running (tests await it instead of sleeping). */
  ready(): Promise<void>;
}

export function activate(context: vscode.ExtensionContext): ExchangeLogApi {
  const ensureClient = (): Promise<LanguageClient> => {
    if (!starting) starting = startClient(context);
    return starting;
  };
  registerSniffer(context, ensureClient);
  const hasLog = () => vscode.workspace.textDocuments.some((d) => d.languageId === LANGUAGE_ID);
  const ctx = { extension: context, client: ensureClient };
  registerCommands(ctx, navigationCommands, sessionViewCommands, linkedCommands, collectionCommands, searchCommands, traceCommands);
  registerCollectionView(ctx);
  registerTraceView(ctx);
  registerFolderLogs({ extension: context, client: ensureClient });
  if (hasLog()) void ensureClient();
  registerOverview(context, ensureClient);
  registerReports(ctx);
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument((d) => {
    if (d.languageId === LANGUAGE_ID) void ensureClient();
  }));

  return {
    ready: async () => {
      await ensureClient();
    },
  };
}

async function startClient(context: vscode.ExtensionContext): Promise<LanguageClient> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const settings = vscode.workspace.getConfiguration('exchangeLog');
  const storage = context.storageUri ?? context.globalStorageUri;
  const initializationOptions: InitializationOptions = {
    locale: vscode.env.language,
    collection: {
      indexWorkspace: settings.get<boolean>('collection.indexWorkspace', true),
      cache: settings.get<boolean>('collection.cache', true),
      // the index holds addresses and IPs: it stays in the storage VS Code gives the extension
      cacheDir: storage.scheme === 'file' ? vscode.Uri.joinPath(storage, 'collection-index').fsPath : undefined,
    },
    traceCommandLinks: true,
  };
  // The channel is the extension's, not the client's: the client disposes a channel of its own when it
  // stops, and a line the server writes to stderr after that (while the window reloads) then failed with
  // "Channel has been closed". VS Code disposes this one after `deactivate`.
  const outputChannel = vscode.window.createOutputChannel(vscode.l10n.t('Exchange Log'), { log: true });
  context.subscriptions.push(outputChannel);
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: LANGUAGE_ID }],
    initializationOptions,
    outputChannel,
    middleware: {
      // hovers escape all log text; the one link they may carry is "Trace this message": trust that command, no other
      provideHover: async (document, position, token, next) => {
        const hover = await next(document, position, token);
        for (const c of hover?.contents ?? []) if (c instanceof vscode.MarkdownString) c.isTrusted = { enabledCommands: ['exchangeLog.traceMessage'] };
        return hover;
      },
    },
  };
  const c = new LanguageClient('exchangeLog', vscode.l10n.t('Exchange Log'), serverOptions, clientOptions);
  client = c;
  await c.start();
  registerStatusBar(context, c);
  listenToCollection(c, context);
  startVirtualCollection(context, c, setStreaming);
  return c;
}

export async function deactivate(): Promise<void> {
  if (client) await client.stop();
}
