/**
 * The read-only session views: `exchangeLog.showSession` (one session, summary on top, lines in
 * sequence order) and `exchangeLog.groupBySession` (the whole log, sessions contiguous, one fold
 * per session). The language server builds the text and the line mapping; this file serves them as
 * virtual documents of our own scheme, turns the mapping into links, Go to Definition targets and
 * folding ranges, and rebuilds open views when their log changes. Every link points at a line of the
 * source log and nowhere else.
 */
import * as vscode from 'vscode';
import { FolderView, GroupedViewRequest, LogView, SearchViewRequest, SessionViewRequest } from '../../../protocol/src/index';
import { LANGUAGE_ID, VIEW_LANGUAGE, VIEW_SCHEME } from '../languages';
import { AnyCommand, CommandContext, command, flashStatus } from './command';
import { continueCommands, readLogsAsOneView, selectionTitle } from './folder';

/** Above this many linked lines, only the session summary lines are links (Go to Definition works on all). */
const LINK_LIMIT = 10_000;
const REFRESH_DELAY_MS = 300;
const FORGET_DELAY_MS = 10_000;

interface ViewSpec {
  /** The source log's URI, as a string ('' for a search over the collection). */
  source: string;
  view: 'session' | 'grouped' | 'folder' | 'search';
  sessionId?: string;
  /** Folder view: the folders and files it was made of (`source` is the first). Search view: the folders and files searched (none: the collection). */
  selection?: string[];
  /** Search view: the query. */
  query?: string;
}

/** What a search view shows: the query, what it covered, and the document searched when there is no collection. */
export interface SearchViewSpec {
  query: string;
  within?: string[];
  /** The editor's document when the search ran (`source` of the view). */
  document?: string;
}

export interface ShowViewResult {
  /** The view document's URI. */
  uri: string;
  sessionId?: string;
}

export function viewUri(spec: ViewSpec): vscode.Uri {
  const source = vscode.Uri.parse(spec.source);
  const base = source.path.split('/').pop() || source.toString();
  const title = spec.view === 'search'
    ? vscode.l10n.t('Search: {0}', (spec.query ?? '').length > 60 ? `${(spec.query ?? '').slice(0, 59)}…` : spec.query ?? '')
    : spec.view === 'session'
    ? vscode.l10n.t('{0} (session {1})', base, spec.sessionId ?? '')
    : spec.view === 'folder'
      ? vscode.l10n.t('{0} (merged by session)', selectionTitle((spec.selection ?? [spec.source]).map((s) => vscode.Uri.parse(s))))
      : vscode.l10n.t('{0} (grouped by session)', base);
  const query = new URLSearchParams({ source: spec.source, view: spec.view });
  if (spec.sessionId !== undefined) query.set('session', spec.sessionId);
  if (spec.query !== undefined) query.set('query', spec.query);
  for (const s of spec.selection ?? []) query.append('selection', s);
  // The title is only for the tab: it holds no slash and no control character.
  // eslint-disable-next-line no-control-regex
  const safe = title.replace(/[\\/\u0000-\u001f\u007f]/g, '_');
  return vscode.Uri.from({ scheme: VIEW_SCHEME, path: '/' + safe, query: query.toString() });
}

export function parseViewUri(uri: vscode.Uri): ViewSpec | undefined {
  if (uri.scheme !== VIEW_SCHEME) return undefined;
  const q = new URLSearchParams(uri.query);
  const source = q.get('source');
  const view = q.get('view');
  if (view === 'search') {
    const query = q.get('query');
    return query === null ? undefined : { source: source ?? '', view, query, selection: q.getAll('selection') };
  }
  if (!source || (view !== 'session' && view !== 'grouped' && view !== 'folder')) return undefined;
  const sessionId = q.get('session') ?? undefined;
  if (view === 'session' && sessionId === undefined) return undefined;
  if (view === 'folder') {
    const selection = q.getAll('selection');
    return { source, view, selection: selection.length > 0 ? selection : [source] };
  }
  return { source, view, sessionId };
}

class ViewProvider implements vscode.TextDocumentContentProvider, vscode.FoldingRangeProvider, vscode.DocumentLinkProvider, vscode.DefinitionProvider {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly foldsChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeFoldingRanges = this.foldsChanged.event;
  /** The last view data served, by view URI. */
  private readonly views = new Map<string, LogView>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(private readonly ctx: CommandContext) {}

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.views.clear();
    this.changed.dispose();
    this.foldsChanged.dispose();
  }

  /** Primes the cache with an answer already fetched (showSession fetches it to learn the session id). */
  remember(uri: vscode.Uri, view: LogView): void {
    this.views.set(uri.toString(), view);
  }

  async provideTextDocumentContent(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
    return (await this.load(uri, token)).text;
  }

  /** Builds (or reuses) a view: its text, and the data behind it when the server could build it. */
  private async load(uri: vscode.Uri, token?: vscode.CancellationToken): Promise<{ text: string; view?: LogView }> {
    const spec = parseViewUri(uri);
    if (!spec) return { text: vscode.l10n.t('This view address is not valid.') };
    if (spec.view === 'folder') return this.loadFolder(uri, spec, token);
    if (spec.view === 'search') return this.loadSearch(uri, spec, token);
    const sourceUri = vscode.Uri.parse(spec.source);
    let source = vscode.workspace.textDocuments.find((d) => d.uri.toString() === sourceUri.toString());
    if (!source) {
      try {
        // Opening the log (without an editor) hands it to the language server.
        source = await vscode.workspace.openTextDocument(sourceUri);
      } catch {
        return { text: vscode.l10n.t('The log {0} cannot be opened.', sourceUri.toString(true)) };
      }
    }
    const cached = this.views.get(uri.toString());
    if (cached && cached.version === source.version) return { text: cached.text, view: cached };
    const client = await this.ctx.client();
    // The server answers for the version the editor shows (it waits a moment for it to arrive).
    const textDocument = { uri: client.code2ProtocolConverter.asUri(sourceUri), version: source.version };
    const view = spec.view === 'session'
      ? await client.sendRequest(SessionViewRequest.type, { textDocument, sessionId: spec.sessionId }, token)
      : await client.sendRequest(GroupedViewRequest.type, { textDocument }, token);
    if (!view) {
      this.views.delete(uri.toString());
      return { text: vscode.l10n.t('{0} is not open as an Exchange log, so this view cannot be built.', sourceUri.toString(true)) };
    }
    this.views.set(uri.toString(), view);
    return { text: view.text, view };
  }

  /** A view of several logs: kept as built; read again only when it is not at hand (a tab restored after a reload). */
  private async loadFolder(uri: vscode.Uri, spec: ViewSpec, token?: vscode.CancellationToken): Promise<{ text: string; view?: LogView }> {
    const cached = this.views.get(uri.toString());
    if (cached) return { text: cached.text, view: cached };
    const selection = (spec.selection ?? [spec.source]).map((s) => vscode.Uri.parse(s));
    const view = await readLogsAsOneView(this.ctx, selection, selectionTitle(selection), token);
    if (!view) return { text: vscode.l10n.t('The logs were not read. Run the command again to build this view.') };
    this.views.set(uri.toString(), view);
    return { text: view.text, view };
  }

  /** A search view: kept as built; searched again only when it is not at hand (a tab restored after a reload). */
  private async loadSearch(uri: vscode.Uri, spec: ViewSpec, token?: vscode.CancellationToken): Promise<{ text: string; view?: LogView }> {
    const cached = this.views.get(uri.toString());
    if (cached) return { text: cached.text, view: cached };
    const client = await this.ctx.client();
    const answer = await client.sendRequest(SearchViewRequest.type, {
      query: spec.query ?? '',
      within: spec.selection && spec.selection.length > 0 ? spec.selection : undefined,
      textDocument: spec.source ? { uri: spec.source } : undefined,
    }, token);
    if (!answer.view) {
      const problems = answer.problems.map((p) => vscode.l10n.t('Column {0}: {1}', p.start + 1, p.message));
      return { text: [vscode.l10n.t('This search cannot run: {0}', spec.query ?? ''), ...problems].join('\n') + '\n' };
    }
    this.views.set(uri.toString(), answer.view);
    return { text: answer.view.text, view: answer.view };
  }

  /** Shows freshly built data in a view that may already be open. */
  replace(uri: vscode.Uri, view: LogView): void {
    this.views.set(uri.toString(), view);
    this.changed.fire(uri);
    this.foldsChanged.fire();
  }

  /** The data behind an open view; rebuilt when it is not at hand (a tab restored after a reload). */
  private async viewFor(document: vscode.TextDocument): Promise<LogView | undefined> {
    const cached = this.views.get(document.uri.toString());
    if (cached) return cached;
    const { view } = await this.load(document.uri);
    // The log changed meanwhile: show the text that goes with the new mapping.
    if (view && view.text !== document.getText()) this.changed.fire(document.uri);
    return view;
  }

  /** Drops the data of a closed view, unless it opens again at once (a change of language closes and reopens it). */
  closed(uri: vscode.Uri): void {
    const key = uri.toString();
    setTimeout(() => {
      if (!vscode.workspace.textDocuments.some((d) => d.uri.toString() === key)) this.views.delete(key);
    }, FORGET_DELAY_MS);
  }

  /** Rebuilds the open views of a log shortly after it changes. */
  sourceChanged(source: vscode.Uri): void {
    const key = source.toString();
    const open = vscode.workspace.textDocuments.filter((d) => parseViewUri(d.uri)?.source === key);
    if (open.length === 0) return;
    const existing = this.timers.get(key);
    if (existing) clearTimeout(existing);
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      for (const d of open) this.changed.fire(d.uri);
      this.foldsChanged.fire();
    }, REFRESH_DELAY_MS));
  }

  /** Line of the source log behind a line of a view. */
  async sourceLocation(document: vscode.TextDocument, line: number): Promise<vscode.Location | undefined> {
    const spec = parseViewUri(document.uri);
    const view = await this.viewFor(document);
    if (!spec || !view) return undefined;
    const target = view.sourceLines[line] ?? -1;
    const source = sourceOf(spec, view, line);
    if (target < 0 || !source) return undefined;
    return new vscode.Location(source, new vscode.Position(target, 0));
  }

  async provideFoldingRanges(document: vscode.TextDocument): Promise<vscode.FoldingRange[]> {
    const view = await this.viewFor(document);
    if (!view) return [];
    return view.folds.map((f) => new vscode.FoldingRange(f.startLine, f.endLine, vscode.FoldingRangeKind.Region));
  }

  async provideDocumentLinks(document: vscode.TextDocument): Promise<vscode.DocumentLink[]> {
    const spec = parseViewUri(document.uri);
    const view = await this.viewFor(document);
    if (!spec || !view) return [];
    let lines: number[] = [];
    for (let i = 0; i < view.sourceLines.length && i < document.lineCount; i++) if (view.sourceLines[i] >= 0) lines.push(i);
    if (lines.length > LINK_LIMIT) lines = view.folds.map((f) => f.startLine);
    const links: vscode.DocumentLink[] = [];
    for (const i of lines) {
      const target = view.sourceLines[i];
      const text = document.lineAt(i);
      const source = sourceOf(spec, view, i);
      if (target < 0 || !source || text.isEmptyOrWhitespace) continue;
      // Only ever a position in the source log: `#L<line>` opens it at that line.
      // A log line links by its first field (the time), so the rest of the line stays readable;
      // a heading or summary line links as a whole. F12 works anywhere on the line.
      const start = text.firstNonWhitespaceCharacterIndex;
      const comma = /^\d/.test(text.text.slice(start)) ? text.text.indexOf(',', start) : -1;
      const range = comma > start ? new vscode.Range(i, start, i, comma) : text.range;
      const link = new vscode.DocumentLink(range, source.with({ fragment: `L${target + 1}` }));
      link.tooltip = vscode.l10n.t('Go to line {0} of the log', target + 1);
      links.push(link);
    }
    return links;
  }

  provideDefinition(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Location | undefined> {
    return this.sourceLocation(document, position.line);
  }
}

/** The provider and opener of the views, once the commands are registered (the search shows its view through them). */
let viewHost: { provider: ViewProvider; open(uri: vscode.Uri): Promise<void> } | undefined;

/** Opens (or refreshes, when it is open) the view of a search's sessions, beside the editor. Returns the view's URI. */
export async function openSearchView(search: SearchViewSpec, view: FolderView): Promise<string | undefined> {
  if (!viewHost) return undefined;
  const uri = viewUri({ source: search.document ?? '', view: 'search', query: search.query, selection: search.within });
  viewHost.provider.replace(uri, view);
  await viewHost.open(uri);
  return uri.toString();
}

export function sessionViewCommands(ctx: CommandContext): AnyCommand[] {
  const provider = new ViewProvider(ctx);
  const selector: vscode.DocumentSelector = { scheme: VIEW_SCHEME };
  const subs = ctx.extension.subscriptions;
  subs.push(
    provider,
    vscode.workspace.registerTextDocumentContentProvider(VIEW_SCHEME, provider),
    vscode.languages.registerFoldingRangeProvider(selector, provider),
    vscode.languages.registerDocumentLinkProvider(selector, provider),
    vscode.languages.registerDefinitionProvider(selector, provider),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document.languageId === LANGUAGE_ID && e.contentChanges.length > 0) provider.sourceChanged(e.document.uri);
    }),
    vscode.workspace.onDidOpenTextDocument((d) => void ensureViewLanguage(d)),
    vscode.workspace.onDidCloseTextDocument((d) => {
      if (d.uri.scheme === VIEW_SCHEME) provider.closed(d.uri);
    }),
  );
  vscode.workspace.textDocuments.forEach((d) => void ensureViewLanguage(d));

  const open = async (uri: vscode.Uri): Promise<void> => {
    const doc = await ensureViewLanguage(await vscode.workspace.openTextDocument(uri));
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  };
  viewHost = { provider, open };

  /** `(uri, line)` from a code lens (line 0-based), or the active editor's cursor. */
  const showSession = async (uri?: string | vscode.Uri, line?: number): Promise<ShowViewResult | undefined> => {
    const at = target(uri, line);
    if (!at) return undefined;
    const client = await ctx.client();
    // The log may have been opened just now: the server answers once it has this version.
    const source = await vscode.workspace.openTextDocument(at.source);
    const view = await client.sendRequest(SessionViewRequest.type, {
      textDocument: { uri: client.code2ProtocolConverter.asUri(at.source), version: source.version },
      position: { line: at.line, character: 0 },
    });
    if (!view) {
      flashStatus(vscode.l10n.t('This document is not open as an Exchange log.'));
      return undefined;
    }
    if (view.sessionId === undefined) {
      flashStatus(view.text.trim());
      return undefined;
    }
    const uriOfView = viewUri({ source: at.source.toString(), view: 'session', sessionId: view.sessionId });
    provider.remember(uriOfView, view);
    await open(uriOfView);
    return { uri: uriOfView.toString(), sessionId: view.sessionId };
  };

  const groupBySession = async (uri?: string | vscode.Uri): Promise<ShowViewResult | undefined> => {
    const at = target(uri, 0);
    if (!at) return undefined;
    const uriOfView = viewUri({ source: at.source.toString(), view: 'grouped' });
    await open(uriOfView);
    return { uri: uriOfView.toString() };
  };

  /**
   * Several logs as one view: the folder or files selected in the Explorer (`clicked`, `selected`
   * as VS Code passes them), the given URIs, or the ones picked in a dialog.
   */
  const openFolderAsOneLog = async (clicked?: vscode.Uri | string, selected?: (vscode.Uri | string)[]): Promise<ShowViewResult & { files: number; sessions: number } | undefined> => {
    const asUri = (u: vscode.Uri | string) => (typeof u === 'string' ? vscode.Uri.parse(u) : u);
    let selection = Array.isArray(selected) && selected.length > 0 ? selected.map(asUri) : clicked ? [asUri(clicked)] : [];
    if (selection.length === 0) {
      selection = await vscode.window.showOpenDialog({
        canSelectFiles: true, canSelectFolders: true, canSelectMany: true,
        openLabel: vscode.l10n.t('Open as one log'),
        title: vscode.l10n.t('Pick a folder of Exchange logs, or several log files'),
      }) ?? [];
      if (selection.length === 0) return undefined;
    }
    const view = await readLogsAsOneView(ctx, selection, selectionTitle(selection));
    if (!view) return undefined;
    const uriOfView = viewUri({ source: selection[0].toString(), view: 'folder', selection: selection.map((u) => u.toString()) });
    provider.replace(uriOfView, view);
    await open(uriOfView);
    return { uri: uriOfView.toString(), files: view.files, sessions: view.sessions };
  };

  return [
    command('exchangeLog.showSession', showSession),
    command('exchangeLog.groupBySession', groupBySession),
    command('exchangeLog.openFolderAsOneLog', openFolderAsOneLog),
    ...continueCommands(ctx),
  ];
}

/** The log behind a line of a view: the line's own file in a view of several logs. */
function sourceOf(spec: ViewSpec, view: LogView, line: number): vscode.Uri | undefined {
  if (!view.sources || !view.sourceFiles) return vscode.Uri.parse(spec.source);
  const file = view.sourceFiles[line] ?? -1;
  return file >= 0 && file < view.sources.length ? vscode.Uri.parse(view.sources[file]) : undefined;
}

/** The log and line a view command applies to: its arguments, or the active Exchange log editor. */
function target(uri: string | vscode.Uri | undefined, line: number | undefined): { source: vscode.Uri; line: number } | undefined {
  if (uri !== undefined && uri !== null) {
    const source = typeof uri === 'string' ? vscode.Uri.parse(uri) : uri;
    if (source.scheme === VIEW_SCHEME) return undefined;
    return { source, line: typeof line === 'number' && Number.isInteger(line) && line >= 0 ? line : 0 };
  }
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== LANGUAGE_ID) {
    flashStatus(vscode.l10n.t('Open an Exchange log first.'));
    return undefined;
  }
  return { source: editor.document.uri, line: typeof line === 'number' ? line : editor.selection.active.line };
}

const switching = new Map<string, Thenable<vscode.TextDocument>>();

/** Views get their own language (colours, no language server), once even if asked twice at once. */
function ensureViewLanguage(doc: vscode.TextDocument): Thenable<vscode.TextDocument> {
  if (doc.uri.scheme !== VIEW_SCHEME || doc.languageId === VIEW_LANGUAGE) return Promise.resolve(doc);
  const key = doc.uri.toString();
  let pending = switching.get(key);
  if (!pending) {
    pending = vscode.languages.setTextDocumentLanguage(doc, VIEW_LANGUAGE).then((d) => {
      switching.delete(key);
      return d;
    }, (e) => {
      switching.delete(key);
      throw e;
    });
    switching.set(key, pending);
  }
  return pending;
}
