/**
 * Following a session: next / previous / first / last event in the session and next / previous
 * session. The language server computes the target (`exchangeLog/navigate`); this only moves the
 * cursor, reveals the line, and says in the status bar when there is nowhere to go.
 */
import * as vscode from 'vscode';
import { NavigationRequest, NavigationResult, NavigationTarget } from '../../../protocol/src/index';
import { revealAt } from '../reveal';
import { LANGUAGE_ID } from '../languages';
import { AnyCommand, CommandContext, command, flashStatus } from './command';

/** Command id → navigation target. The ids are part of the extension's public surface. */
export const NAVIGATION_COMMANDS: Readonly<Record<string, NavigationTarget>> = {
  'exchangeLog.nextEventInSession': 'nextEvent',
  'exchangeLog.previousEventInSession': 'previousEvent',
  'exchangeLog.firstEventInSession': 'firstEvent',
  'exchangeLog.lastEventInSession': 'lastEvent',
  'exchangeLog.nextSession': 'nextSession',
  'exchangeLog.previousSession': 'previousSession',
};

export function navigationCommands(ctx: CommandContext): AnyCommand[] {
  return Object.entries(NAVIGATION_COMMANDS).map(([id, target]) => command(id, () => navigate(ctx, target)));
}

/**
 * Moves the active editor's cursor. Resolves with the server's answer (undefined when the active
 * editor is not an Exchange log, null when the server does not know the document).
 */
async function navigate(ctx: CommandContext, target: NavigationTarget): Promise<NavigationResult | null | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== LANGUAGE_ID) return undefined;
  const client = await ctx.client();
  const document = editor.document;
  const version = document.version;
  const cursor = editor.selection.active;
  const result = await client.sendRequest(NavigationRequest.type, {
    textDocument: { uri: client.code2ProtocolConverter.asUri(document.uri) },
    position: { line: cursor.line, character: cursor.character },
    target,
  });
  if (!result) return result;
  if (result.position && result.range) {
    // The user may have typed or switched editors meanwhile: then the answer is stale.
    if (document.version !== version || vscode.window.activeTextEditor !== editor) return result;
    revealAt(editor, result.position, result.range);
  }
  if (result.stop) flashStatus(result.message);
  return result;
}
