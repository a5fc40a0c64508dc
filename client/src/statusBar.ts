/** Status bar: the log kind, and for the cursor line its session and "event k of n". */
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { DocumentInfoRequest } from '../../protocol/src/index';
import { LANGUAGE_ID } from './sniff';

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
      const info = await client.sendRequest(DocumentInfoRequest.type, {
        textDocument: { uri: editor.document.uri.toString() },
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
        item.text = `$(list-flat) ${id}${remote} · ${vscode.l10n.t('event {0} of {1}', s.eventIndex, s.eventCount)}`;
        item.tooltip = `${info.kindName}\n${vscode.l10n.t('Session {0}', s.id)}`;
      } else {
        item.text = `$(list-flat) ${kind}`;
        item.tooltip = vscode.l10n.t('{0}: {1} records, {2} sessions', info.kindName, info.records, info.sessions);
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
    { dispose: () => timer && clearTimeout(timer) },
  );
  schedule();
}

/** `$(name)` in a status bar text renders an icon; log text must not. */
export function escapeIcons(text: string): string {
  return text.replace(/\$\(/g, '$\u200b(');
}
