/**
 * The "Log Collection" view in the Explorer: the servers of the collection, their log kinds and days,
 * with counts and sizes, as the language server indexed them; a file opens on click. Commands add a
 * folder, index again, clear the cache and go to a time. The view holds no log logic: the server
 * answers `exchangeLog/collection/tree` and says when it changed. The last search's sessions
 * ("Search Sessions…") are listed on top, each opening its file at its first line.
 */
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import {
  CollectionAddFolderRequest, CollectionCancelRequest, CollectionChangedNotification, CollectionClearCacheRequest, CollectionGoToTimeRequest,
  CollectionRefreshRequest, CollectionTree, CollectionTreeKind, CollectionTreeRequest, CollectionTreeServer, CollectionTreeDay,
  CollectionTreeFile, QueryScope, SessionRow, SessionSearchResult,
} from '../../../protocol/src/index';
import { AnyCommand, CommandContext, command, flashStatus } from '../commands/command';
import { StreamingProgress, rescanStreamedFolders, streamFolder } from '../commands/virtualCollection';
import { revealAt } from '../reveal';
import { escapeIcons } from '../statusBar';

/** The last search run: its query, what it covered and its answer. */
export interface SearchResults {
  query: string;
  scope: QueryScope;
  result: SessionSearchResult;
}

type Node =
  | { type: 'server'; server: CollectionTreeServer }
  | { type: 'kind'; server: CollectionTreeServer; kind: CollectionTreeKind }
  | { type: 'day'; kind: CollectionTreeKind; day: CollectionTreeDay }
  | { type: 'file'; file: CollectionTreeFile }
  | { type: 'message'; text: string }
  | { type: 'search'; search: SearchResults }
  | { type: 'searchRow'; row: SessionRow };

const bytes = (n: number) => (n >= 1073741824 ? `${(n / 1073741824).toFixed(1)} GB` : n >= 1048576 ? `${(n / 1048576).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);

/** `2024-03-05 10:15:02` (UTC, as the logs are). */
const utc = (ms: number | undefined) => (ms === undefined || !Number.isFinite(ms) ? '' : new Date(ms).toISOString().replace('T', ' ').slice(0, 19));

class CollectionTreeProvider implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private tree: CollectionTree | undefined;
  /** The last search's results, listed on top until cleared. */
  search: SearchResults | undefined;
  /** Files of a virtual workspace being read through the editor and sent to the server. */
  streaming: StreamingProgress | undefined;

  constructor(private readonly client: () => Promise<LanguageClient>) {}

  refresh(): void {
    this.tree = undefined;
    this.changed.fire(undefined);
  }

  async getChildren(node?: Node): Promise<Node[]> {
    if (!node) {
      const c = await this.client();
      this.tree = await c.sendRequest(CollectionTreeRequest.type, {});
      const t = this.tree;
      const top: Node[] = this.search ? [{ type: 'search', search: this.search }] : [];
      const streaming = this.streaming;
      if (streaming) top.push({ type: 'message', text: vscode.l10n.t('Reading files through the editor: {0} of {1}… the counts are partial.', streaming.done, streaming.total) });
      if (t.servers.length === 0) {
        if (streaming) return top;
        return [...top, { type: 'message', text: t.indexing ? vscode.l10n.t('Indexing…') : t.folders.length === 0 ? vscode.l10n.t('No folder in the collection: add one.') : vscode.l10n.t('No Exchange logs found in the collection\'s folders.') }];
      }
      const servers: Node[] = t.servers.map((server) => ({ type: 'server', server }));
      if (t.indexing && !streaming) servers.unshift({ type: 'message', text: vscode.l10n.t('Indexing… the counts are partial.') });
      return [...top, ...servers];
    }
    switch (node.type) {
      case 'search': {
        const rows: Node[] = node.search.result.rows.map((row) => ({ type: 'searchRow', row }));
        const r = node.search.result;
        if (r.total > r.rows.length) rows.push({ type: 'message', text: vscode.l10n.t('{0} more sessions: see the search view, or narrow the search.', r.total - r.rows.length) });
        if (r.total === 0) rows.push({ type: 'message', text: vscode.l10n.t('No session matches this search.') });
        return rows;
      }
      case 'server': return node.server.kinds.map((kind) => ({ type: 'kind', server: node.server, kind }));
      case 'kind': return node.kind.days.map((day) => ({ type: 'day', kind: node.kind, day }));
      case 'day': return node.day.files.map((file) => ({ type: 'file', file }));
      default: return [];
    }
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.type) {
      case 'search': {
        const { query, result } = node.search;
        const item = new vscode.TreeItem(vscode.l10n.t('Search: {0}', escapeIcons(query)), vscode.TreeItemCollapsibleState.Expanded);
        const count = result.total > result.rows.length
          ? vscode.l10n.t('first {0} of {1} sessions', result.rows.length, result.total)
          : result.total === 1 ? vscode.l10n.t('1 session') : vscode.l10n.t('{0} sessions', result.total);
        item.description = result.partial ? vscode.l10n.t('{0} · partial', count) : count;
        item.tooltip = result.source === 'document'
          ? vscode.l10n.t('The sessions of the current log that match {0}', query)
          : vscode.l10n.t('The sessions of the collection that match {0}', query);
        item.iconPath = new vscode.ThemeIcon('search');
        item.contextValue = 'exchangeLog.searchResults';
        return item;
      }
      case 'searchRow': {
        const r = node.row;
        const uri = vscode.Uri.parse(r.uri);
        const when = utc(r.start);
        const item = new vscode.TreeItem(escapeIcons([when, r.remote ?? r.sessionId].filter(Boolean).join(' · ')), vscode.TreeItemCollapsibleState.None);
        item.description = escapeIcons([r.server, r.labels?.kind ?? r.kind, r.labels?.outcome ?? r.outcome].filter(Boolean).join(' · '));
        const file = uri.path.split('/').pop() ?? r.uri;
        const tip = new vscode.MarkdownString();
        tip.appendText([
          vscode.l10n.t('Session {0}', r.sessionId),
          [r.ehlo && `EHLO ${r.ehlo}`, r.from !== undefined && `MAIL FROM: ${r.from || '<>'}`, r.user && vscode.l10n.t('User: {0}', r.user)].filter(Boolean).join(' · '),
          r.outcomeText ?? '',
          vscode.l10n.t('{0}, line {1}', file, r.line + 1),
        ].filter(Boolean).join('\n\n'));
        item.tooltip = tip;
        item.iconPath = new vscode.ThemeIcon(/rejected|failed|dropped|tarpit/i.test(r.outcome) ? 'error' : r.outcome === 'deferred' ? 'warning' : 'pass');
        const line = new vscode.Range(r.line, 0, r.line, 0);
        item.command = { command: 'vscode.open', title: vscode.l10n.t('Open'), arguments: [uri, { selection: line, preview: true } satisfies vscode.TextDocumentShowOptions] };
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.text);
        item.iconPath = new vscode.ThemeIcon('info');
        return item;
      }
      case 'server': {
        const s = node.server;
        const item = new vscode.TreeItem(s.server || vscode.l10n.t('(server unknown)'), vscode.TreeItemCollapsibleState.Expanded);
        item.description = vscode.l10n.t('{0} files · {1}', s.files, bytes(s.bytes));
        item.iconPath = new vscode.ThemeIcon('server');
        item.contextValue = 'exchangeLog.collection.server';
        return item;
      }
      case 'kind': {
        const k = node.kind;
        const item = new vscode.TreeItem(k.label, vscode.TreeItemCollapsibleState.Collapsed);
        item.description = k.kind === 'messageTracking'
          ? vscode.l10n.t('{0} files · {1} · {2} events', k.files, bytes(k.bytes), k.sessions)
          : vscode.l10n.t('{0} files · {1} · {2} sessions', k.files, bytes(k.bytes), k.sessions);
        item.iconPath = new vscode.ThemeIcon('output');
        return item;
      }
      case 'day': {
        const d = node.day;
        const item = new vscode.TreeItem(d.day || vscode.l10n.t('(no date)'), vscode.TreeItemCollapsibleState.Collapsed);
        item.description = vscode.l10n.t('{0} files · {1}', d.files.length, bytes(d.bytes));
        item.iconPath = new vscode.ThemeIcon('calendar');
        return item;
      }
      case 'file': {
        const f = node.file;
        const uri = vscode.Uri.parse(f.uri);
        const item = new vscode.TreeItem(uri.path.split('/').pop() ?? f.uri, vscode.TreeItemCollapsibleState.None);
        item.resourceUri = uri;
        item.description = f.warning ? vscode.l10n.t('{0} · warning', bytes(f.size)) : vscode.l10n.t('{0} · {1} sessions', bytes(f.size), f.sessions + f.events);
        item.tooltip = f.warning ?? (uri.scheme === 'file' ? uri.fsPath : f.uri);
        item.command = { command: 'vscode.open', title: vscode.l10n.t('Open'), arguments: [uri] };
        return item;
      }
    }
  }
}

let provider: CollectionTreeProvider | undefined;

/** Lists a search's sessions at the top of the view (undefined: removes them). */
export function setSearchResults(search: SearchResults | undefined): void {
  if (!provider) return;
  provider.search = search;
  provider.refresh();
}

/**
 * The streaming of a virtual workspace's files (undefined when it ends): the view says how far it is,
 * refreshed when it starts and ends (and in between when the server says the collection changed).
 */
export function setStreaming(progress: StreamingProgress | undefined): void {
  if (!provider) return;
  const startsOrEnds = (provider.streaming === undefined) !== (progress === undefined);
  provider.streaming = progress && { ...progress };
  if (startsOrEnds) provider.refresh();
}

/** Registers the view; the server's change notices refresh it once the client runs. */
export function registerCollectionView(ctx: CommandContext): void {
  provider = new CollectionTreeProvider(ctx.client);
  ctx.extension.subscriptions.push(vscode.window.registerTreeDataProvider('exchangeLog.collection', provider));
}

/** Fires (at most every 300 ms) when the server says the collection changed: files read, added or gone. */
const collectionChanged = new vscode.EventEmitter<void>();
export const onCollectionChanged = collectionChanged.event;

/** Called once the language client runs: the server says when the collection changed. */
export function listenToCollection(client: LanguageClient, context: vscode.ExtensionContext): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  context.subscriptions.push(client.onNotification(CollectionChangedNotification.type, () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      provider?.refresh();
      collectionChanged.fire();
    }, 300);
  }));
}

export function collectionCommands(ctx: CommandContext): AnyCommand[] {
  return [
    command('exchangeLog.collection.addFolder', async (folder?: vscode.Uri) => {
      const picked = folder instanceof vscode.Uri ? [folder] : await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: true, openLabel: vscode.l10n.t('Add to Log Collection') });
      if (!picked || picked.length === 0) return undefined;
      const client = await ctx.client();
      const results = [];
      const streamed: Promise<void>[] = [];
      for (const uri of picked) {
        const r = await client.sendRequest(CollectionAddFolderRequest.type, { uri: client.code2ProtocolConverter.asUri(uri) });
        results.push(r);
        // a folder the server cannot read (a virtual workspace's): its files are read here and sent
        if (r.accepted && r.stream) streamed.push(streamFolder(uri));
      }
      provider?.refresh();
      void Promise.all(streamed).then(() => provider?.refresh());
      const refused = results.find((r) => !r.accepted);
      if (refused) void vscode.window.showWarningMessage(refused.message);
      return results;
    }),
    command('exchangeLog.collection.refresh', async () => {
      const client = await ctx.client();
      const [r] = await Promise.all([client.sendRequest(CollectionRefreshRequest.type, {}), rescanStreamedFolders()]);
      provider?.refresh();
      return r;
    }),
    command('exchangeLog.collection.stop', async () => {
      const client = await ctx.client();
      const r = await client.sendRequest(CollectionCancelRequest.type, {});
      flashStatus(r.stopped ? vscode.l10n.t('Indexing stopped; what was read stays in the collection.') : vscode.l10n.t('No indexing runs.'));
      return r;
    }),
    command('exchangeLog.collection.clearCache', async () => {
      const client = await ctx.client();
      const r = await client.sendRequest(CollectionClearCacheRequest.type, {});
      flashStatus(vscode.l10n.t('Log collection cache cleared ({0} entries).', r.deleted));
      return r;
    }),
    command('exchangeLog.collection.goToTime', async (time?: string) => {
      const client = await ctx.client();
      const editor = vscode.window.activeTextEditor;
      const input = time ?? await vscode.window.showInputBox({
        title: vscode.l10n.t('Go to Time'),
        prompt: vscode.l10n.t('A time (UTC unless it names a zone), e.g. 2024-03-05 10:15 or 2024-03-05T10:15:00Z'),
        placeHolder: '2024-03-05 10:15',
      });
      if (!input) return undefined;
      const answer = await client.sendRequest(CollectionGoToTimeRequest.type, {
        time: input,
        textDocument: editor ? { uri: client.code2ProtocolConverter.asUri(editor.document.uri) } : undefined,
      });
      if (!answer.location) {
        void vscode.window.showInformationMessage(answer.message);
        return answer;
      }
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(answer.location.uri));
      revealAt(await vscode.window.showTextDocument(doc, { preview: false }), answer.location.range.start, answer.location.range);
      flashStatus(answer.message);
      return answer;
    }),
  ];
}
