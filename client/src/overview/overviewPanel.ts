/**
 * The overview panel: a webview beside the log that shows what the language server computes for
 * `exchangeLog/overview`. It follows the active Exchange log, updates (debounced) when the log
 * changes, and turns clicks into editor moves: a bar reveals the first line of its minute, a row
 * lists its sessions in a quick pick.
 */
import * as crypto from 'crypto';
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { Overview, OverviewRequest, OverviewSessionRef } from '../../../protocol/src/index';
import type { FromWebview, OverviewStrings, ToWebview } from '../../../media/overview/messages';
import { buildOverviewHtml, makeNonce } from './html';
import { LANGUAGE_ID } from '../languages';
import { revealAt } from '../reveal';
import { escapeIcons } from '../statusBar';
import { overviewRowQuery } from '../commands/searchQuery';

const VIEW_TYPE = 'exchangeLog.overview';
const UPDATE_DELAY_MS = 600;

export function registerOverview(context: vscode.ExtensionContext, getClient: () => Promise<LanguageClient>): void {
  context.subscriptions.push(vscode.commands.registerCommand('exchangeLog.showOverview', (uri?: vscode.Uri) => {
    const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri;
    const doc = target ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === target.toString()) : undefined;
    if (!doc || doc.languageId !== LANGUAGE_ID) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Open an Exchange log to see its overview.'));
      return;
    }
    OverviewPanel.show(context, getClient, doc);
  }));
}

function strings(): OverviewStrings {
  return {
    summary: vscode.l10n.t('Lines: {0} · sessions: {1}'),
    timeline: vscode.l10n.t('Timeline'),
    perSecond: vscode.l10n.t('per second'),
    perMinute: vscode.l10n.t('per minute'),
    perMinutes: vscode.l10n.t('per {0} minutes'),
    perHours: vscode.l10n.t('per {0} hours'),
    perDays: vscode.l10n.t('per {0} days'),
    timelineHelp: vscode.l10n.t('Times are UTC. Click a bar, or press Enter on it, to go to the first line of that interval; the arrow keys move between bars.'),
    chartLabel: vscode.l10n.t('Timeline of the log'),
    noTimes: vscode.l10n.t('No line of this log has a time stamp, so there is no timeline.'),
    tablesHelp: vscode.l10n.t('Click a row, or press Enter on it, to list its sessions.'),
    more: vscode.l10n.t('{0} more not shown'),
    rowSessions: vscode.l10n.t('Sessions: {0}'),
    rowLine: vscode.l10n.t('Go to line {0}'),
    empty: vscode.l10n.t('Open an Exchange log to see its overview.'),
  };
}


class OverviewPanel {
  private static current: OverviewPanel | undefined;

  private document: vscode.TextDocument;
  private last: Overview | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;
  private stale = false;
  private readonly disposables: vscode.Disposable[] = [];

  static show(context: vscode.ExtensionContext, getClient: () => Promise<LanguageClient>, doc: vscode.TextDocument): void {
    const existing = OverviewPanel.current;
    if (existing) {
      existing.panel.reveal(undefined, true);
      existing.setDocument(doc);
      return;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, vscode.l10n.t('Overview'), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'dist')],
    });
    OverviewPanel.current = new OverviewPanel(panel, context, getClient, doc);
  }

  private constructor(private readonly panel: vscode.WebviewPanel, context: vscode.ExtensionContext, private readonly getClient: () => Promise<LanguageClient>, doc: vscode.TextDocument) {
    this.document = doc;
    const webview = panel.webview;
    webview.html = buildOverviewHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce((n) => crypto.randomBytes(n)),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'dist', 'overview.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(context.extensionUri, 'dist', 'overview.css')).toString(),
      lang: vscode.env.language,
      title: vscode.l10n.t('Overview'),
      loading: vscode.l10n.t('Computing the overview…'),
    });
    this.setTitle();
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      webview.onDidReceiveMessage((m: FromWebview) => void this.onMessage(m)),
      panel.onDidChangeViewState(() => {
        if (panel.visible && this.stale) this.schedule(0);
      }),
      vscode.window.onDidChangeActiveTextEditor((e) => {
        if (e && e.document.languageId === LANGUAGE_ID && e.document.uri.toString() !== this.document.uri.toString()) this.setDocument(e.document);
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() === this.document.uri.toString() && e.contentChanges.length > 0) this.schedule(UPDATE_DELAY_MS);
      }),
      vscode.workspace.onDidOpenTextDocument((d) => {
        // a document switched to the Exchange Log language by the content sniff
        if (d.uri.toString() === this.document.uri.toString()) this.document = d;
      }),
    );
    this.schedule(0);
  }

  private setTitle(): void {
    const name = this.document.uri.path.split('/').pop() || this.document.uri.toString();
    this.panel.title = vscode.l10n.t('Overview: {0}', name);
  }

  private setDocument(doc: vscode.TextDocument): void {
    if (doc.uri.toString() === this.document.uri.toString()) return;
    this.document = doc;
    this.last = undefined;
    this.setTitle();
    this.schedule(0);
  }

  private schedule(delay: number): void {
    if (this.timer) clearTimeout(this.timer);
    if (!this.panel.visible) {
      this.stale = true;
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.update();
    }, delay);
  }

  private async update(): Promise<void> {
    const gen = ++this.generation;
    this.stale = false;
    const doc = this.document;
    let overview: Overview | null = null;
    try {
      const client = await this.getClient();
      overview = await client.sendRequest(OverviewRequest.type, { textDocument: { uri: client.code2ProtocolConverter.asUri(doc.uri) } });
    } catch (e) {
      if (gen === this.generation) this.post({ type: 'empty', message: vscode.l10n.t('The overview could not be computed: {0}', e instanceof Error ? e.message : String(e)) });
      return;
    }
    if (gen !== this.generation) return; // a newer request is under way
    if (!overview) {
      this.post({ type: 'empty', message: strings().empty });
      return;
    }
    this.last = overview;
    const fileName = doc.uri.path.split('/').pop() || doc.uri.toString();
    this.post({ type: 'overview', overview, fileName, lang: vscode.env.language, strings: strings() });
  }

  private post(message: ToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  private async onMessage(m: FromWebview): Promise<void> {
    if (!m || typeof m !== 'object') return;
    switch (m.type) {
      case 'ready':
        if (this.last) this.post({ type: 'overview', overview: this.last, fileName: this.document.uri.path.split('/').pop() ?? '', lang: vscode.env.language, strings: strings() });
        else this.schedule(0);
        return;
      case 'revealLine':
        if (Number.isInteger(m.line) && m.line >= 0) await this.reveal(m.line);
        return;
      case 'listSessions':
        await this.listSessions(String(m.table), String(m.row));
        return;
    }
  }

  private async reveal(line: number): Promise<void> {
    const doc = this.document;
    const visible = vscode.window.visibleTextEditors.find((e) => e.document.uri.toString() === doc.uri.toString());
    const column = visible?.viewColumn ?? (this.panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One);
    const editor = await vscode.window.showTextDocument(doc, { viewColumn: column, preserveFocus: false });
    revealAt(editor, { line: Math.min(line, doc.lineCount - 1), character: 0 });
  }

  private async listSessions(tableId: string, rowKey: string): Promise<void> {
    const o = this.last;
    const table = o?.tables.find((t) => t.id === tableId);
    const row = table?.rows.find((r) => r.key === rowKey);
    if (!o || !table || !row) return;
    const refs = row.sessions.map((i) => o.sessionRefs[i]).filter((r): r is OverviewSessionRef => r !== undefined);
    if (refs.length === 0) {
      await this.reveal(row.line);
      return;
    }
    if (refs.length === 1 && row.sessionCount === 1) {
      await this.reveal(refs[0].line);
      return;
    }
    type Item = vscode.QuickPickItem & { line: number; query?: string };
    // First, the search that lists the row's sessions (in this log), with their lines in one view.
    const query = overviewRowQuery(o.kind, tableId, rowKey);
    const search: Item[] = query === undefined ? [] : [{
      label: `$(search) ${escapeIcons(query)}`,
      description: vscode.l10n.t('Search Sessions'),
      detail: vscode.l10n.t('All the sessions of this row in one view, and listed in the Log Collection view'),
      line: -1,
      query,
    }];
    const items: Item[] = [...search, ...refs.map((r) => ({
      label: escapeIcons(r.id),
      description: escapeIcons([r.time !== null ? new Date(r.time).toISOString().replace('T', ' ').slice(0, 19) : '', r.remote ?? ''].filter(Boolean).join(' · ')),
      detail: escapeIcons([r.name ?? '', r.failure ?? ''].filter(Boolean).join(' · ')) || undefined,
      line: r.line,
    }))];
    const label = escapeIcons(String(row.cells[0] ?? row.key));
    const title = row.sessionCount > refs.length
      ? vscode.l10n.t('{0}: the first {1} of {2} sessions', label, refs.length, row.sessionCount)
      : vscode.l10n.t('{0}: {1} sessions', label, refs.length);
    const pick = await vscode.window.showQuickPick(items, { title, placeHolder: vscode.l10n.t('Pick a session to go to its first line'), matchOnDescription: true, matchOnDetail: true });
    if (pick?.query !== undefined) {
      await vscode.commands.executeCommand('exchangeLog.searchSessions', { query: pick.query, within: [this.document.uri.toString()] });
    } else if (pick) await this.reveal(pick.line);
  }

  private dispose(): void {
    if (OverviewPanel.current === this) OverviewPanel.current = undefined;
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
