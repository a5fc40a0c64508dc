/**
 * "Search Sessions…" (`exchangeLog.searchSessions`): a quick pick used as a search box. As the user
 * types, the language server completes the query (field names, then the values the collection holds)
 * and says what is wrong with it; the completions are items (choosing one completes the text, it does
 * not search), a mistake is an item that underlines the wrong spot, and the first item runs the search.
 * The results open as one read-only view (sessions contiguous, every line linked to its file and line)
 * and are listed in the Log Collection view. The last queries are remembered per workspace.
 *
 * Also "Search Sessions Like This" (the session at the cursor, by its remote address) and "Clear
 * Search Results". The overview panel and the reports run `exchangeLog.searchSessions` with a query.
 * No log logic here: the server parses, completes and searches.
 */
import * as vscode from 'vscode';
import {
  DocumentInfoRequest, QueryCompletionItem, QueryCompletionRequest, QueryProblem, QueryScope, SearchViewRequest, SessionSearchRequest,
  SessionSearchResult,
} from '../../../protocol/src/index';
import { LANGUAGE_ID } from '../languages';
import { escapeIcons } from '../statusBar';
import { setSearchResults } from '../views/collectionView';
import { AnyCommand, CommandContext, command, flashStatus } from './command';
import { openSearchView } from './sessionViews';
import { fieldQuery, hostOfEndpoint, underlineProblem } from './searchQuery';

/** The query with the wrong spot marked, for a quick pick label (icons in the query shown as text). */
function markProblem(query: string, problem: QueryProblem): string {
  return escapeIcons(underlineProblem(query, problem));
}

const HISTORY_KEY = 'exchangeLog.search.history';
const HISTORY_MAX = 20;
/** Rows listed in the Log Collection view (the view of the sessions has its own limit). */
const RESULT_ROWS = 1000;
const COMPLETE_DELAY_MS = 50;

export interface SearchArgs {
  /** Run this query at once (no search box). */
  query?: string;
  /** File or folder URIs: search only the files at or below them. */
  within?: string[];
}

export interface SearchOutcome {
  query: string;
  problems: QueryProblem[];
  total: number;
  /** Rows listed in the Log Collection view. */
  rows: number;
  /** Sessions the view shows. */
  shown: number;
  partial: boolean;
  source: SessionSearchResult['source'];
  /** The URI of the view of the sessions, when one opened. */
  view?: string;
}

type Item = vscode.QuickPickItem & (
  | { type: 'search' }
  | { type: 'problem'; problem: QueryProblem }
  /** `forValue`: the text the completion was computed for (its span is in that text). */
  | { type: 'completion'; completion: QueryCompletionItem; forValue: string }
  | { type: 'history'; query: string }
  | { type: 'separator' }
);

const KIND_ICON: Record<QueryCompletionItem['kind'], string> = { field: 'symbol-field', value: 'symbol-value', keyword: 'symbol-keyword' };

/**
 * The scope of a search: the arguments' files and folders, and the document searched when there is no
 * collection: the active Exchange log, or an open Exchange log the arguments name (the overview panel's).
 */
function scopeOf(args: SearchArgs | undefined): QueryScope {
  const within = Array.isArray(args?.within) ? args!.within.filter((w): w is string => typeof w === 'string') : [];
  const editor = vscode.window.activeTextEditor;
  const isLog = (d: vscode.TextDocument) => d.languageId === LANGUAGE_ID;
  const named = vscode.workspace.textDocuments.find((d) => isLog(d) && within.includes(d.uri.toString()));
  const doc = named ?? (editor && isLog(editor.document) ? editor.document : undefined);
  return { within: within.length > 0 ? within : undefined, textDocument: doc ? { uri: doc.uri.toString() } : undefined };
}

function history(ctx: CommandContext): string[] {
  const h = ctx.extension.workspaceState.get<unknown>(HISTORY_KEY);
  return Array.isArray(h) ? h.filter((q): q is string => typeof q === 'string') : [];
}

async function remember(ctx: CommandContext, query: string): Promise<void> {
  const list = [query, ...history(ctx).filter((q) => q !== query)].slice(0, HISTORY_MAX);
  await ctx.extension.workspaceState.update(HISTORY_KEY, list);
}

function withinTitle(within: string[] | undefined): string {
  if (!within || within.length === 0) return vscode.l10n.t('Search Sessions');
  const names = within.map((w) => vscode.Uri.parse(w).path.split('/').filter(Boolean).pop() ?? w);
  return vscode.l10n.t('Search Sessions in {0}', escapeIcons(names.slice(0, 3).join(', ') + (names.length > 3 ? ', …' : '')));
}

/**
 * The search box. Resolves with the query to run, or undefined when it was closed. `initial` is put in
 * the box (a query with mistakes, to fix).
 */
async function askQuery(ctx: CommandContext, scope: QueryScope, initial = ''): Promise<string | undefined> {
  const client = await ctx.client();
  const qp = vscode.window.createQuickPick<Item>();
  qp.title = withinTitle(scope.within);
  qp.placeholder = vscode.l10n.t('A search, e.g. remote:10.0.0.0/8 outcome:rejected (Enter searches; pick a completion to insert it)');
  qp.matchOnDescription = false;
  qp.matchOnDetail = false;
  qp.value = initial;
  let generation = 0;
  /** The completion answer for the value in the box, once it came. */
  let answered: { value: string; problems: QueryProblem[] } | undefined;
  /** The last completions listed, kept while the next answer is on its way (the list does not flicker as one types). */
  let listed: { value: string; items: QueryCompletionItem[] } = { value: '', items: [] };
  let timer: ReturnType<typeof setTimeout> | undefined;

  const render = (value: string, completions: { value: string; items: QueryCompletionItem[] }, problems: QueryProblem[]) => {
    const items = completions.items;
    const out: Item[] = [];
    out.push({
      type: 'search',
      label: `$(search) ${value.trim() ? escapeIcons(value) : vscode.l10n.t('Type a search')}`,
      description: problems.length > 0 ? vscode.l10n.t('the search has mistakes') : vscode.l10n.t('Search sessions (Enter)'),
      alwaysShow: true,
    });
    for (const p of problems) {
      out.push({
        type: 'problem', problem: p, alwaysShow: true,
        label: `$(error) ${markProblem(value, p)}`,
        detail: vscode.l10n.t('Column {0}: {1}', p.start + 1, escapeIcons(p.message)),
      });
    }
    if (items.length > 0) {
      out.push({ type: 'separator', label: vscode.l10n.t('Completions'), kind: vscode.QuickPickItemKind.Separator, alwaysShow: true });
      for (const c of items) {
        out.push({
          type: 'completion', completion: c, forValue: completions.value, alwaysShow: true,
          label: `$(${KIND_ICON[c.kind] ?? 'symbol-text'}) ${escapeIcons(c.label)}`,
          description: c.detail !== undefined ? escapeIcons(c.detail) : undefined,
        });
      }
    }
    const past = history(ctx).filter((q) => q !== value && (value.trim() === '' || q.startsWith(value)));
    if (past.length > 0) {
      out.push({ type: 'separator', label: vscode.l10n.t('Recent searches'), kind: vscode.QuickPickItemKind.Separator, alwaysShow: true });
      for (const q of past) out.push({ type: 'history', query: q, label: `$(history) ${escapeIcons(q)}`, alwaysShow: true });
    }
    qp.items = out;
  };

  const complete = (value: string) =>
    client.sendRequest(QueryCompletionRequest.type, { query: value, offset: value.length, within: scope.within, textDocument: scope.textDocument });
  const update = async () => {
    const gen = ++generation;
    const value = qp.value;
    qp.busy = true;
    try {
      const r = await complete(value);
      if (gen !== generation) return;
      answered = { value, problems: r.problems };
      listed = { value, items: r.items };
      render(value, listed, r.problems);
    } catch {
      if (gen === generation) render(value, (listed = { value, items: [] }), []);
    } finally {
      if (gen === generation) qp.busy = false;
    }
  };
  const schedule = (delay = COMPLETE_DELAY_MS) => {
    if (timer) clearTimeout(timer);
    answered = undefined;
    // the search item follows the text at once; the completions (and mistakes) when the server answers
    render(qp.value, listed, []);
    timer = setTimeout(() => {
      timer = undefined;
      void update();
    }, delay);
  };

  return new Promise<string | undefined>((resolve) => {
    let done = false;
    const finish = (query: string | undefined) => {
      if (done) return;
      done = true;
      resolve(query);
      qp.hide();
    };
    qp.onDidChangeValue(() => schedule());
    qp.onDidAccept(() => {
      const item = qp.activeItems[0];
      if (!item || item.type === 'search') {
        const value = qp.value;
        if (value.trim() === '') return;
        if (answered && answered.value === value && answered.problems.length > 0) {
          // the mistakes are listed: point at the first one instead of searching
          const first = qp.items.find((i) => i.type === 'problem');
          if (first) qp.activeItems = [first];
          return;
        }
        finish(value);
      } else if (item.type === 'completion') {
        void (async () => {
          const value = qp.value;
          let c: QueryCompletionItem | undefined = item.completion;
          // a completion listed for an earlier text (its span is in that text): the same one for this text
          if (item.forValue !== value) {
            const label = c.label, kind = c.kind;
            c = (await complete(value).catch(() => undefined))?.items.find((i) => i.label === label && i.kind === kind);
            if (done || qp.value !== value) return;
          }
          if (c) {
            const start = Math.max(0, Math.min(c.replaceStart, value.length));
            const end = Math.max(start, Math.min(c.replaceEnd, value.length));
            qp.value = value.slice(0, start) + c.insertText + value.slice(end);
          }
          schedule(0);
        })();
      } else if (item.type === 'history') {
        finish(item.query);
      }
    });
    qp.onDidHide(() => {
      if (timer) clearTimeout(timer);
      generation++;
      qp.dispose();
      if (!done) {
        done = true;
        resolve(undefined);
      }
    });
    qp.show();
    schedule(0);
  });
}

/** Runs a query: the sessions listed in the Log Collection view, and their view opened beside the editor. */
async function runSearch(ctx: CommandContext, query: string, scope: QueryScope): Promise<SearchOutcome> {
  const client = await ctx.client();
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Searching sessions…') }, () =>
    client.sendRequest(SessionSearchRequest.type, { query, within: scope.within, textDocument: scope.textDocument, limit: RESULT_ROWS }));
  const outcome: SearchOutcome = { query, problems: result.problems, total: result.total, rows: result.rows.length, shown: 0, partial: result.partial, source: result.source };
  if (result.problems.length > 0) return outcome;
  await remember(ctx, query);
  setSearchResults({ query, scope, result });
  const answer = await client.sendRequest(SearchViewRequest.type, { query, within: scope.within, textDocument: scope.textDocument });
  if (answer.view) {
    outcome.shown = answer.shown;
    outcome.view = await openSearchView({ query, within: scope.within, document: scope.textDocument?.uri }, answer.view);
  }
  flashStatus(result.total === 1
    ? vscode.l10n.t('1 session matches {0}', query)
    : vscode.l10n.t('{0} sessions match {1}', result.total, query));
  return outcome;
}

/** A query's mistakes, one message (the box opens again with the query to fix it). */
function problemsMessage(query: string, problems: QueryProblem[]): string {
  return vscode.l10n.t('The search {0} has a mistake at column {1}: {2}', query, problems[0].start + 1, problems[0].message);
}

export function searchCommands(ctx: CommandContext): AnyCommand[] {
  const search = async (args?: SearchArgs): Promise<SearchOutcome | undefined> => {
    const a = args && typeof args === 'object' ? args : undefined;
    const scope = scopeOf(a);
    let query = typeof a?.query === 'string' && a.query.trim() !== '' ? a.query : await askQuery(ctx, scope);
    for (;;) {
      if (query === undefined) return undefined;
      const outcome = await runSearch(ctx, query, scope);
      if (outcome.problems.length === 0) return outcome;
      void vscode.window.showWarningMessage(problemsMessage(query, outcome.problems));
      // from the box or from a click: open the box with the query to fix it
      const fixed = await askQuery(ctx, scope, query);
      if (fixed === undefined) return outcome;
      query = fixed;
    }
  };

  /** The session at the cursor (or at `line` of `uri`): the sessions of the same remote address. */
  const likeThis = async (uri?: string | vscode.Uri, line?: number): Promise<SearchOutcome | undefined> => {
    const editor = vscode.window.activeTextEditor;
    const target = uri !== undefined && uri !== null ? (typeof uri === 'string' ? vscode.Uri.parse(uri) : uri) : editor?.document.uri;
    const doc = target ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString()) : undefined;
    if (!doc || doc.languageId !== LANGUAGE_ID) {
      flashStatus(vscode.l10n.t('Open an Exchange log first.'));
      return undefined;
    }
    const at = typeof line === 'number' && Number.isInteger(line) && line >= 0 ? line : editor?.document === doc ? editor.selection.active.line : 0;
    const client = await ctx.client();
    const info = await client.sendRequest(DocumentInfoRequest.type, {
      textDocument: { uri: client.code2ProtocolConverter.asUri(doc.uri), version: doc.version },
      position: { line: at, character: 0 },
    });
    const remote = info?.session?.remote;
    if (!remote) {
      flashStatus(info?.session ? vscode.l10n.t('This session has no remote address to search for.') : vscode.l10n.t('Line {0} belongs to no session.', at + 1));
      return undefined;
    }
    return search({ query: fieldQuery('remote', hostOfEndpoint(remote)) });
  };

  return [
    command('exchangeLog.searchSessions', search),
    command('exchangeLog.searchSessionsLikeThis', likeThis),
    command('exchangeLog.clearSearchResults', () => {
      setSearchResults(undefined);
    }),
  ];
}

