/**
 * "Show Report…" (`exchangeLog.showReport`) and the report panel: a webview that shows what the
 * language server computes for `exchangeLog/collection/report` (ReportResult: tables, charts). The
 * webview (media/report/) draws it; this side asks the server, turns a row's click into a session
 * search (`exchangeLog.searchSessions`) or a message trace (`exchangeLog.traceMessage`), and writes
 * a table as CSV to the clipboard or to a file. A panel remembers its parameters (webview state), so
 * it is restored after a reload.
 */
import * as crypto from 'crypto';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { ReportName, ReportRequest, ReportResult } from '../../../protocol/src/index';
import type { FromWebview, ReportPanelParams, ReportStrings, ToWebview } from '../../../media/report/messages';
import { CommandContext, command, flashStatus, registerCommands } from '../commands/command';
import { buildOverviewHtml, makeNonce } from '../overview/html';
import { LANGUAGE_ID } from '../languages';
import { csvFileName, reportTableCsv } from './reportCsv';
import { onCollectionChanged } from '../views/collectionView';

const VIEW_TYPE = 'exchangeLog.report';
const SEARCH_COMMAND = 'exchangeLog.searchSessions';
const TRACE_COMMAND = 'exchangeLog.traceMessage';
/** How long after the collection changed a report that was not final is counted again. */
const RECOUNT_DELAY_MS = 1500;

export const REPORT_NAMES: readonly ReportName[] = ['relay', 'tls', 'auth-failures', 'senders', 'recipients', 'domains', 'replies', 'certificates', 'volume', 'latency'];

/** The arguments of `exchangeLog.showReport`. */
export interface ShowReportArgs {
  report?: ReportName;
  where?: string;
  within?: string[];
}

function reportTitle(name: ReportName): string {
  switch (name) {
    case 'relay': return vscode.l10n.t('Relay inventory');
    case 'tls': return vscode.l10n.t('TLS versions');
    case 'auth-failures': return vscode.l10n.t('Authentication failures');
    case 'senders': return vscode.l10n.t('Top senders');
    case 'recipients': return vscode.l10n.t('Top recipients');
    case 'domains': return vscode.l10n.t('Top domains');
    case 'replies': return vscode.l10n.t('Reply codes');
    case 'certificates': return vscode.l10n.t('Certificates');
    case 'volume': return vscode.l10n.t('Volume per hour');
    case 'latency': return vscode.l10n.t('Message latency');
  }
}

function reportDescription(name: ReportName): string {
  switch (name) {
    case 'relay': return vscode.l10n.t('Per receive connector and remote IP: EHLO names, AUTH user, sender domains, recipient domains outside the organisation, sessions and messages.');
    case 'tls': return vscode.l10n.t('Per remote IP, connector and direction: TLS versions and ciphers, sessions without TLS, first and last seen.');
    case 'auth-failures': return vscode.l10n.t('Per remote IP: authentication failures, users tried, first and last seen, worst first.');
    case 'senders': return vscode.l10n.t('The senders with the most messages, with counts and bytes.');
    case 'recipients': return vscode.l10n.t('The recipients with the most messages, with counts and bytes.');
    case 'domains': return vscode.l10n.t('The sender and recipient domains with the most messages, with counts and bytes.');
    case 'replies': return vscode.l10n.t('Reply and enhanced status codes with counts and example sessions.');
    case 'certificates': return vscode.l10n.t('Certificates seen in TLS negotiations, flagged when expired or near expiry.');
    case 'volume': return vscode.l10n.t('Sessions, messages and failures per hour and server, as charts and a table.');
    case 'latency': return vscode.l10n.t('Time from the first RECEIVE to delivery or send: percentiles per hour and server, and the slowest messages.');
  }
}

function strings(): ReportStrings {
  return {
    refresh: vscode.l10n.t('Refresh'),
    overCollection: vscode.l10n.t('Over the log collection'),
    overDocument: vscode.l10n.t('Over {0}'),
    narrowedBy: vscode.l10n.t('Narrowed by: {0}'),
    elapsed: vscode.l10n.t('Counted in {0} ms'),
    partial: vscode.l10n.t('The collection is still being indexed: this report counts the files read so far, and counts again as more are read.'),
    problems: vscode.l10n.t('The search has mistakes: nothing was counted'),
    summary: vscode.l10n.t('Summary'),
    chartHelp: vscode.l10n.t('Hover a bar or a point, or move between them with the arrow keys, to read its numbers.'),
    timesUtc: vscode.l10n.t('Times are UTC.'),
    chartData: vscode.l10n.t('The chart as a table'),
    total: vscode.l10n.t('Total'),
    tableHelp: vscode.l10n.t('Click a row, or press Enter on it, to list its sessions. Click a heading to sort.'),
    tableHelpTrace: vscode.l10n.t('Click a row, or press Enter on it, to trace its message. Click a heading to sort.'),
    copyCsv: vscode.l10n.t('Copy as CSV'),
    saveCsv: vscode.l10n.t('Save as CSV…'),
    sortBy: vscode.l10n.t('Sort by {0}'),
    rowsOf: vscode.l10n.t('The first {0} of {1} rows'),
    noRows: vscode.l10n.t('Nothing to list.'),
    flag: vscode.l10n.t('Flag'),
    flagError: vscode.l10n.t('Error: {0}'),
    flagWarning: vscode.l10n.t('Warning: {0}'),
    noData: vscode.l10n.t('No data to draw.'),
  };
}

/** Arguments from a caller (a menu, a test, another command): anything else than the documented shape is dropped. */
export function normaliseArgs(args: unknown): ShowReportArgs {
  if (!args || typeof args !== 'object') return {};
  const a = args as Record<string, unknown>;
  const out: ShowReportArgs = {};
  if (typeof a.report === 'string' && (REPORT_NAMES as readonly string[]).includes(a.report)) out.report = a.report as ReportName;
  if (typeof a.where === 'string' && a.where.trim()) out.where = a.where.trim();
  if (Array.isArray(a.within)) {
    const within = a.within.filter((w): w is string => typeof w === 'string' && w.length > 0);
    if (within.length) out.within = within;
  }
  return out;
}

function validParams(p: unknown): ReportPanelParams | undefined {
  const args = normaliseArgs(p);
  if (!args.report) return undefined;
  const doc = (p as { textDocument?: unknown }).textDocument;
  return { ...args, report: args.report, textDocument: typeof doc === 'string' && doc ? doc : undefined };
}

export function registerReports(ctx: CommandContext): void {
  registerCommands(ctx, (c) => [
    command('exchangeLog.showReport', async (args?: unknown): Promise<ReportPanelParams | undefined> => {
      const given = normaliseArgs(args);
      let report = given.report;
      let where = given.where;
      if (!report) {
        type Item = vscode.QuickPickItem & { report: ReportName };
        const items: Item[] = REPORT_NAMES.map((r) => ({ label: reportTitle(r), description: r, detail: reportDescription(r), report: r }));
        const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Show Report'), placeHolder: vscode.l10n.t('Pick a report'), matchOnDescription: true, matchOnDetail: true });
        if (!pick) return undefined;
        report = pick.report;
        if (where === undefined) {
          const typed = await vscode.window.showInputBox({
            title: vscode.l10n.t('Narrow by a search (optional)'),
            prompt: vscode.l10n.t('Only the sessions that match this search are counted; leave it empty to count them all.'),
            placeHolder: vscode.l10n.t('e.g. remote:10.0.0.0/8 tls:1.0 OR tls:1.1'),
          });
          if (typed === undefined) return undefined;
          where = typed.trim() || undefined;
        }
      }
      const active = vscode.window.activeTextEditor?.document;
      const params: ReportPanelParams = {
        report,
        where,
        within: given.within,
        textDocument: active && active.languageId === LANGUAGE_ID ? active.uri.toString() : undefined,
      };
      ReportPanel.show(c, params);
      return params;
    }),
  ]);
  ctx.extension.subscriptions.push(vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
    deserializeWebviewPanel: async (panel: vscode.WebviewPanel, state: unknown) => {
      const params = validParams((state as { params?: unknown } | undefined)?.params);
      if (!params) {
        panel.dispose();
        return;
      }
      ReportPanel.restore(ctx, panel, params);
    },
  }));
}

class ReportPanel {
  private static readonly open = new Map<string, ReportPanel>();

  private last: ReportResult | undefined;
  private generation = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The collection changed while the panel was hidden and its report was not final. */
  private stale = false;
  private readonly disposables: vscode.Disposable[] = [];

  static show(ctx: CommandContext, params: ReportPanelParams): void {
    const key = JSON.stringify(params);
    const existing = ReportPanel.open.get(key);
    if (existing) {
      existing.panel.reveal();
      void existing.update();
      return;
    }
    const column = vscode.window.activeTextEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active;
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, vscode.l10n.t('Report: {0}', reportTitle(params.report)), column, ReportPanel.options(ctx));
    ReportPanel.open.set(key, new ReportPanel(panel, ctx, params));
  }

  static restore(ctx: CommandContext, panel: vscode.WebviewPanel, params: ReportPanelParams): void {
    panel.webview.options = ReportPanel.options(ctx);
    ReportPanel.open.set(JSON.stringify(params), new ReportPanel(panel, ctx, params));
  }

  private static options(ctx: CommandContext): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, enableFindWidget: true, localResourceRoots: [vscode.Uri.joinPath(ctx.extension.extensionUri, 'dist')] };
  }

  private constructor(private readonly panel: vscode.WebviewPanel, private readonly ctx: CommandContext, private readonly params: ReportPanelParams) {
    const webview = panel.webview;
    const dist = ctx.extension.extensionUri;
    panel.title = vscode.l10n.t('Report: {0}', reportTitle(params.report));
    webview.html = buildOverviewHtml({
      cspSource: webview.cspSource,
      nonce: makeNonce((n) => crypto.randomBytes(n)),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'dist', 'report.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'dist', 'report.css')).toString(),
      lang: vscode.env.language,
      title: reportTitle(params.report),
      loading: vscode.l10n.t('Computing the report…'),
    });
    this.disposables.push(
      panel.onDidDispose(() => this.dispose()),
      webview.onDidReceiveMessage((m: FromWebview) => void this.onMessage(m)),
      // While the collection is being indexed (or before its first files are read) the report is
      // counted again as files come in.
      onCollectionChanged(() => {
        if (this.last && !this.last.partial && this.last.tables.length > 0) return;
        if (!panel.visible) {
          this.stale = true;
          return;
        }
        if (this.timer) return;
        this.timer = setTimeout(() => {
          this.timer = undefined;
          void this.update();
        }, RECOUNT_DELAY_MS);
      }),
      panel.onDidChangeViewState(() => {
        if (panel.visible && this.stale) {
          this.stale = false;
          void this.update();
        }
      }),
    );
  }

  private post(message: ToWebview): void {
    void this.panel.webview.postMessage(message);
  }

  private scopeName(): string {
    const uri = this.params.textDocument;
    if (!uri) return '';
    try {
      return path.posix.basename(vscode.Uri.parse(uri).path) || uri;
    } catch {
      return uri;
    }
  }

  async update(): Promise<void> {
    const gen = ++this.generation;
    const p = this.params;
    this.post({ type: 'loading', params: p, message: vscode.l10n.t('Computing the report…') });
    let result: ReportResult;
    try {
      const client = await this.ctx.client();
      result = await client.sendRequest(ReportRequest.type, {
        report: p.report,
        where: p.where,
        within: p.within,
        textDocument: p.textDocument ? { uri: client.code2ProtocolConverter.asUri(vscode.Uri.parse(p.textDocument)) } : undefined,
      });
    } catch (e) {
      if (gen === this.generation) this.post({ type: 'error', params: p, message: vscode.l10n.t('The report could not be computed: {0}', e instanceof Error ? e.message : String(e)) });
      return;
    }
    if (gen !== this.generation) return; // a newer request is under way
    this.last = result;
    this.panel.title = vscode.l10n.t('Report: {0}', result.title || reportTitle(p.report));
    this.sendResult();
  }

  private sendResult(): void {
    if (!this.last) return;
    this.post({ type: 'report', params: this.params, result: this.last, lang: vscode.env.language, strings: strings(), scopeName: this.scopeName() });
  }

  private async onMessage(m: FromWebview): Promise<void> {
    if (!m || typeof m !== 'object') return;
    switch (m.type) {
      case 'ready':
        if (this.last) this.sendResult();
        else await this.update();
        return;
      case 'refresh':
        await this.update();
        return;
      case 'openRow':
        if (typeof m.table === 'string' && Number.isInteger(m.row)) await this.openRow(m.table, m.row);
        return;
      case 'copyCsv':
      case 'saveCsv': {
        const table = this.last?.tables.find((t) => t.id === m.table);
        if (!table) return;
        const order = Array.isArray(m.order) ? m.order : undefined;
        const csv = reportTableCsv(table, order);
        const rows = order?.length ?? table.rows.length;
        if (m.type === 'copyCsv') {
          await vscode.env.clipboard.writeText(csv);
          flashStatus(vscode.l10n.t('Copied {0} rows of "{1}" as CSV.', rows, table.title));
        } else {
          await this.save(table.id, table.title, csv, rows);
        }
        return;
      }
    }
  }

  private async save(tableId: string, title: string, csv: string, rows: number): Promise<void> {
    const name = csvFileName(this.params.report, tableId);
    const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri ?? vscode.Uri.file(os.homedir());
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(folder, name),
      filters: { [vscode.l10n.t('CSV files')]: ['csv'] },
      title: vscode.l10n.t('Save "{0}" as CSV', title),
    });
    if (!target) return;
    // With a byte order mark, Excel reads the file as UTF-8.
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode('\uFEFF' + csv));
    flashStatus(vscode.l10n.t('Saved {0} rows to {1}.', rows, path.basename(target.fsPath || target.path)));
  }

  private async openRow(tableId: string, index: number): Promise<void> {
    const result = this.last;
    const row = result?.tables.find((t) => t.id === tableId)?.rows[index];
    if (!result || !row) return;
    let id: string;
    let args: unknown;
    if (row.trace) {
      id = TRACE_COMMAND;
      args = { ...row.trace };
    } else if (row.where) {
      id = SEARCH_COMMAND;
      // a report over the open document: the search covers that document too
      const within = this.params.within ?? (result.source === 'document' && this.params.textDocument ? [this.params.textDocument] : undefined);
      args = { query: row.where, within };
    } else {
      return;
    }
    const available = await vscode.commands.getCommands(true);
    if (!available.includes(id)) {
      void vscode.window.showInformationMessage(vscode.l10n.t('This needs the command {0}, which this version of the extension does not have.', id));
      return;
    }
    try {
      await vscode.commands.executeCommand(id, args);
    } catch (e) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Exchange Log: the command failed: {0}', e instanceof Error ? e.message : String(e)));
    }
  }

  private dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const [key, panel] of ReportPanel.open) if (panel === this) ReportPanel.open.delete(key);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
