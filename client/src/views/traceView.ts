/**
 * "Trace Message…" and the "Message Trace" view in the Explorer: the messages a trace found, each with
 * its hops in time order (time, server, log, what it says, the gap since the hop before); where it
 * waited and which logs are missing are flagged children. Clicking a hop opens its file at its line.
 * The server answers `exchangeLog/collection/trace`; the view holds no log logic. Log text is shown as
 * plain text (tree labels and tooltips are not markdown).
 */
import * as vscode from 'vscode';
import { TraceRequest } from '../../../protocol/src/index';
import type { TraceHop, TraceMissing, TraceParams, TraceResult, TracedMessage } from '../../../protocol/src/traceTypes';
import { AnyCommand, CommandContext, command, flashStatus } from '../commands/command';
import { revealAt } from '../reveal';
import { escapeIcons } from '../statusBar';

export const TRACE_VIEW = 'exchangeLog.trace';
const OPEN_HOP = 'exchangeLog.trace.openHop';

type Node =
  | { type: 'message'; message: TracedMessage }
  | { type: 'hop'; message: TracedMessage; hop: TraceHop; index: number }
  | { type: 'delay'; hop: TraceHop }
  | { type: 'missing'; missing: TraceMissing }
  | { type: 'note'; text: string; icon: string };

/** What "Trace Message…" is given: from a hover link, a report row or another extension. */
export interface TraceArgs {
  messageId?: string;
  internalId?: string;
  networkId?: string;
  /** The server of an internal id (ids are per server): only messages that passed it are listed. */
  server?: string;
}

const LOG_NAMES: Record<string, string> = {};

function logName(kind: string, service?: string): string {
  if (Object.keys(LOG_NAMES).length === 0) {
    Object.assign(LOG_NAMES, {
      smtpReceive: vscode.l10n.t('SMTP receive'), smtpSend: vscode.l10n.t('SMTP send'), connectivity: vscode.l10n.t('connectivity'),
      messageTracking: vscode.l10n.t('message tracking'), pop3: 'POP3', imap4: 'IMAP4',
    });
  }
  const name = LOG_NAMES[kind] ?? kind;
  return service ? `${name} (${service})` : name;
}

/** `12:03:04.567` of a UTC time, with the date when it is not the day of `day`. */
function clock(ms: number | undefined, day?: number): string {
  if (ms === undefined) return vscode.l10n.t('(no time)');
  const iso = new Date(ms).toISOString();
  const sameDay = day !== undefined && new Date(day).toISOString().slice(0, 10) === iso.slice(0, 10);
  return sameDay ? iso.slice(11, 23) : `${iso.slice(0, 10)} ${iso.slice(11, 23)}`;
}

function duration(ms: number): string {
  if (ms < 1000) return vscode.l10n.t('{0} ms', Math.round(ms));
  if (ms < 60_000) return vscode.l10n.t('{0} s', (ms / 1000).toFixed(ms < 10_000 ? 1 : 0));
  const s = Math.round(ms / 1000);
  if (s < 3600) return s % 60 ? vscode.l10n.t('{0} min {1} s', Math.floor(s / 60), s % 60) : vscode.l10n.t('{0} min', s / 60);
  const m = Math.round(s / 60);
  return m % 60 ? vscode.l10n.t('{0} h {1} min', Math.floor(m / 60), m % 60) : vscode.l10n.t('{0} h', m / 60);
}

/** Log text in a label: one line, no theme icons. */
function plain(text: string, max = 200): string {
  const one = escapeIcons(text.replace(/[\r\n\t]+/g, ' '));
  return one.length > max ? one.slice(0, max - 1) + '…' : one;
}

export class TraceTreeProvider implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  result: TraceResult | undefined;
  /** What was asked, in words. */
  asked = '';

  show(result: TraceResult | undefined, asked: string): void {
    this.result = result;
    this.asked = asked;
    this.changed.fire(undefined);
  }

  getParent(node: Node): Node | undefined {
    if (node.type === 'hop') return { type: 'message', message: node.message };
    return undefined;
  }

  getChildren(node?: Node): Node[] {
    const r = this.result;
    if (!node) {
      if (!r) return [];
      const out: Node[] = [];
      for (const p of r.problems) out.push({ type: 'note', text: p.message, icon: 'error' });
      if (r.partial) out.push({ type: 'note', text: vscode.l10n.t('The log collection is still being indexed: the trace covers what is read so far.'), icon: 'info' });
      if (r.messages.length === 0 && r.problems.length === 0) out.push({ type: 'note', text: vscode.l10n.t('No message matches {0}.', this.asked), icon: 'info' });
      out.push(...r.messages.map((message): Node => ({ type: 'message', message })));
      if (r.more > 0) out.push({ type: 'note', text: vscode.l10n.t('{0} more messages match: narrow the trace.', r.more), icon: 'ellipsis' });
      return out;
    }
    switch (node.type) {
      case 'message':
        return [
          ...node.message.hops.map((hop, index): Node => ({ type: 'hop', message: node.message, hop, index })),
          ...node.message.missing.map((missing): Node => ({ type: 'missing', missing })),
        ];
      case 'hop':
        return node.hop.delay ? [{ type: 'delay', hop: node.hop }] : [];
      default:
        return [];
    }
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.type) {
      case 'note': {
        const item = new vscode.TreeItem(plain(node.text, 500));
        item.iconPath = new vscode.ThemeIcon(node.icon);
        item.tooltip = node.text;
        return item;
      }
      case 'message': {
        const m = node.message;
        const item = new vscode.TreeItem(plain(m.messageId ?? vscode.l10n.t('(no message id)')), vscode.TreeItemCollapsibleState.Expanded);
        const latency = m.latencyMs !== undefined ? ` · ${duration(m.latencyMs)}` : '';
        item.description = plain(`${m.verdict}${latency} · ${m.servers.join(' → ')}`);
        const lines = [
          m.messageId ?? '',
          m.from ? vscode.l10n.t('From: {0}', m.from) : '',
          m.to.length > 0 ? vscode.l10n.t('To: {0}', m.to.join(', ')) : '',
          m.subject ? vscode.l10n.t('Subject: {0}', m.subject) : '',
          m.verdict,
          m.latencyMs !== undefined ? vscode.l10n.t('Latency: {0}', duration(m.latencyMs)) : '',
          m.missing.length > 0 ? vscode.l10n.t('{0} missing logs', m.missing.length) : '',
        ].filter(Boolean);
        item.tooltip = lines.join('\n');
        item.iconPath = new vscode.ThemeIcon(m.missing.length > 0 ? 'warning' : 'mail');
        item.contextValue = 'exchangeLog.trace.message';
        item.id = `message:${m.messageId ?? ''}:${m.hops[0]?.uri ?? ''}:${m.hops[0]?.line ?? ''}`;
        return item;
      }
      case 'hop': {
        const h = node.hop;
        const first = node.message.hops[0]?.time;
        const label = `${clock(h.time, first)}  ${h.server || '?'}  ${logName(h.kind, h.service)}${h.eventId ? ` ${h.eventId}` : ''}`;
        const item = new vscode.TreeItem(plain(label), h.delay ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
        const gap = h.gapMs !== undefined ? `+${duration(h.gapMs)} · ` : '';
        item.description = plain(`${gap}${h.detail}`);
        const uri = vscode.Uri.parse(h.uri);
        const file = uri.path.split('/').pop() ?? h.uri;
        item.tooltip = [
          label,
          `${file}:${h.line + 1}`,
          h.sessionId ? vscode.l10n.t('Session {0}', h.sessionId) : '',
          h.detail,
          vscode.l10n.t('Linked by: {0}', linkName(h.linkedBy)),
          h.gapMs !== undefined ? vscode.l10n.t('{0} after the hop before', duration(h.gapMs)) : '',
          h.delay ?? '',
        ].filter(Boolean).join('\n');
        item.iconPath = new vscode.ThemeIcon(h.delay ? 'watch' : h.kind === 'messageTracking' ? 'list-unordered' : h.kind === 'connectivity' ? 'plug' : h.kind === 'smtpSend' ? 'arrow-right' : 'arrow-left');
        item.command = { command: OPEN_HOP, title: vscode.l10n.t('Open'), arguments: [h.uri, h.line] };
        item.contextValue = 'exchangeLog.trace.hop';
        item.id = `hop:${node.message.messageId ?? ''}:${h.uri}:${h.line}:${node.index}`;
        return item;
      }
      case 'delay': {
        const item = new vscode.TreeItem(plain(node.hop.delay ?? '', 500));
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
        item.tooltip = node.hop.delay;
        return item;
      }
      case 'missing': {
        const x = node.missing;
        const item = new vscode.TreeItem(plain(vscode.l10n.t('Missing: {0} logs of {1}{2}', logName(x.kind, x.service), x.server, x.hour ? ` (${x.hour.replace('T', ' ')}:00 UTC)` : '')));
        item.description = plain(x.message);
        item.tooltip = x.message;
        item.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
        return item;
      }
    }
  }
}

function linkName(link: TraceHop['linkedBy']): string {
  const names: Record<TraceHop['linkedBy'], string> = {
    'message-id': vscode.l10n.t('its message id'),
    'internal-id': vscode.l10n.t('its internal message id on the same server'),
    'network-id': vscode.l10n.t('its network message id'),
    'source-context': vscode.l10n.t('the receive session message tracking names in source-context'),
    reply: vscode.l10n.t('the 250 2.6.0 reply that names the message id'),
    'send-match': vscode.l10n.t('server, remote, sender, recipient and time of the tracking row'),
    connectivity: vscode.l10n.t('the session id of the send session'),
    proxy: vscode.l10n.t('the receive session it proxies'),
    dsn: vscode.l10n.t('the DSN sent to the sender after the failure'),
    query: vscode.l10n.t('the search itself'),
  };
  return names[link] ?? link;
}

/** `<id@host>`, `from:a@b`, `to:…`, `subject:…`, `internal:N`, `network:G` as typed in the box. */
export function parseTraceInput(text: string): TraceParams | undefined {
  const s = text.trim();
  if (!s) return undefined;
  const m = /^(from|to|subject|internal(?:-id)?|network(?:-id)?|message(?:-id)?)\s*:\s*(.+)$/i.exec(s);
  if (!m) return { messageId: s };
  const value = m[2].trim().replace(/^"(.*)"$/, '$1');
  switch (m[1].toLowerCase().replace(/-id$/, '')) {
    case 'from': return { from: value };
    case 'to': return { to: value };
    case 'subject': return { subject: value };
    case 'internal': return { internalId: value };
    case 'network': return { networkId: value };
    default: return { messageId: value };
  }
}

function describe(p: TraceParams): string {
  return p.messageId ?? (p.internalId ? `internal:${p.internalId}` : p.networkId ? `network:${p.networkId}` : p.from ? `from:${p.from}` : p.to ? `to:${p.to}` : `subject:${p.subject ?? ''}`);
}

let provider: TraceTreeProvider | undefined;
let view: vscode.TreeView<Node> | undefined;

export function registerTraceView(ctx: CommandContext): void {
  provider = new TraceTreeProvider();
  view = vscode.window.createTreeView(TRACE_VIEW, { treeDataProvider: provider, showCollapseAll: true });
  ctx.extension.subscriptions.push(view);
}

export function traceCommands(ctx: CommandContext): AnyCommand[] {
  return [
    command('exchangeLog.traceMessage', async (args?: TraceArgs) => {
      let params: TraceParams | undefined;
      if (args && typeof args === 'object' && (args.messageId || args.internalId || args.networkId)) {
        params = { messageId: args.messageId, internalId: args.internalId, networkId: args.networkId };
      } else {
        const typed = await vscode.window.showInputBox({
          title: vscode.l10n.t('Trace Message'),
          prompt: vscode.l10n.t('A message id, or from:ADDRESS, to:ADDRESS, subject:TEXT, internal:ID, network:GUID'),
          placeHolder: '<1234@contoso.com>',
          ignoreFocusOut: true,
        });
        params = typed ? parseTraceInput(typed) : undefined;
      }
      if (!params) return undefined;
      const client = await ctx.client();
      const editor = vscode.window.activeTextEditor;
      const result = await vscode.window.withProgress({ location: { viewId: TRACE_VIEW }, title: vscode.l10n.t('Tracing…') }, () =>
        client.sendRequest(TraceRequest.type, { ...params, textDocument: editor ? { uri: client.code2ProtocolConverter.asUri(editor.document.uri) } : undefined }));
      if (args?.server) result.messages = result.messages.filter((m) => m.servers.includes(args.server!));
      provider?.show(result, describe(params));
      await vscode.commands.executeCommand(`${TRACE_VIEW}.focus`);
      const first = provider?.getChildren().find((n) => n.type === 'message');
      if (first && view) await view.reveal(first, { expand: true, select: false, focus: false }).then(undefined, () => undefined);
      if (result.problems.length > 0) void vscode.window.showWarningMessage(result.problems[0].message);
      else if (result.messages.length === 0) flashStatus(vscode.l10n.t('No message matches {0}.', describe(params)));
      return result;
    }),
    command(OPEN_HOP, async (uri: string, line: number) => {
      if (typeof uri !== 'string' || typeof line !== 'number') return undefined;
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
      const editor = await vscode.window.showTextDocument(doc, { preview: false });
      revealAt(editor, { line, character: 0 });
      return { uri, line };
    }),
    command('exchangeLog.trace.clear', () => {
      provider?.show(undefined, '');
      return true;
    }),
  ];
}
