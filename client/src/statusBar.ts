/** Status bar: the log kind, and for the cursor line its session and "event k of n". */
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { DocumentInfoRequest } from '../../protocol/src/index';
import { LANGUAGE_ID } from './languages';

export function registerStatusBar(context: vscode.ExtensionContext, client: LanguageClient): void {
  const item = vscode.window.createStatusBarItem('exchangeLog.status', vscode.StatusBarAlignment.Right, 100);
  item.name = vscode.l10n.t('Exchange Log');
  context.subscriptions.push(item);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let generation = 0;

  const update = async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || editor.document.languageId !== LANGUAGE_ID) {
      item.hide();
      return;
    }
    const mine = ++generation;
    const pos = editor.selection.active;
    try {
      // A document whose language was just switched may not have reached the server yet: it answers once it has this version.
      const info = await client.sendRequest(DocumentInfoRequest.type, {
        textDocument: { uri: editor.document.uri.toString(), version: editor.document.version },
        position: { line: pos.line, character: pos.character },
      });
      if (mine !== generation) return;
      if (!info) {
        item.hide();
        return;
      }
      // Log text never goes through the $(icon) syntax: only our own icon is literal here.
      const kind = escapeIcons(info.kindName);
      if (info.session) {
        const s = info.session;
        const id = escapeIcons(s.id.length > 8 ? s.id.slice(-8) : s.id);
        const remote = s.remote ? ` · ${escapeIcons(s.remote)}` : '';
        const label = `${id}${remote} · ${vscode.l10n.t('event {0} of {1}', s.eventIndex, s.eventCount)}`;
        item.text = `$(list-flat) ${label}`;
        item.tooltip = `${info.kindName}\n${vscode.l10n.t('Session {0}', s.id)}`;
        item.accessibilityInformation = { label: `${info.kindName}, ${label}` };
      } else {
        item.text = `$(list-flat) ${kind}`;
        item.tooltip = `${info.kindName}: ${count(info.records, vscode.l10n.t('{0} record', info.records), vscode.l10n.t('{0} records', info.records))}, ${count(info.sessions, vscode.l10n.t('{0} session', info.sessions), vscode.l10n.t('{0} sessions', info.sessions))}`;
        item.accessibilityInformation = { label: item.tooltip };
      }
      item.show();
    } catch {
      // The server may be restarting; the next selection change updates the item.
    }
  };
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void update(), 50);
  };
  context.subscriptions.push(
    vscode.window.onDidChangeActiveTextEditor(schedule),
    vscode.window.onDidChangeTextEditorSelection(schedule),
    vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.document === vscode.window.activeTextEditor?.document) schedule();
    }),
    // Switching a document's language (the content sniff) reopens it without changing the active editor.
    vscode.workspace.onDidOpenTextDocument((doc) => {
      if (doc.uri.toString() === vscode.window.activeTextEditor?.document.uri.toString()) schedule();
    }),
    { dispose: () => timer && clearTimeout(timer) },
  );
  schedule();
}

/** Picks the singular or plural sentence by the UI language's plural rules. */
function count(n: number, one: string, other: string): string {
  let rule = 'other';
  try {
    rule = new Intl.PluralRules(vscode.env.language).select(n);
  } catch {
    rule = n === 1 ? 'one' : 'other';
  }
  return rule === 'one' ? one : other;
}

/** `$(name)` in a status bar text renders an icon; log text must not. */
export function escapeIcons(text: string): string {
  return text.replace(/\$\(/g, '$\u200b(');
}
