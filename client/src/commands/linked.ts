/**
 * Linked logs and redacted copies. The server finds the links (`exchangeLog/linkedTarget`) and
 * computes the redaction (`exchangeLog/redact`); this file only lists a log's folder (names only,
 * handed to the server, which picks the logs among them), opens the files the server names, moves
 * the cursor and shows the preview.
 */
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import {
  FolderLogsNotification, LinkedTargetRequest, LinkedTargetResult, RedactRequest, RedactResult,
} from '../../../protocol/src/index';
import { LANGUAGE_ID } from '../languages';
import { AnyCommand, CommandContext, command, flashStatus } from './command';

/** Files of a folder handed to the server (it keeps the Exchange logs among them). */
const MAX_FOLDER_FILES = 50_000;

/** Hands the server the files beside each opened log (for the "Open in … log" lenses). */
export function registerFolderLogs(ctx: CommandContext): void {
  const sent = new Set<string>();
  const send = async (doc: vscode.TextDocument) => {
    if (doc.languageId !== LANGUAGE_ID || doc.uri.scheme !== 'file') return;
    const key = doc.uri.toString();
    if (sent.has(key)) return;
    sent.add(key);
    const folder = vscode.Uri.joinPath(doc.uri, '..');
    let entries: [string, vscode.FileType][];
    try {
      entries = await vscode.workspace.fs.readDirectory(folder);
    } catch {
      return;
    }
    const client = await ctx.client();
    const siblings = entries
      .filter(([, type]) => type === vscode.FileType.File)
      .slice(0, MAX_FOLDER_FILES)
      .map(([name]) => client.code2ProtocolConverter.asUri(vscode.Uri.joinPath(folder, name)));
    await client.sendNotification(FolderLogsNotification.type, { textDocument: { uri: client.code2ProtocolConverter.asUri(doc.uri) }, siblings });
  };
  ctx.extension.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument((d) => void send(d)),
    vscode.workspace.onDidCloseTextDocument((d) => sent.delete(d.uri.toString())),
  );
  vscode.workspace.textDocuments.forEach((d) => void send(d));
}

export function linkedCommands(ctx: CommandContext): AnyCommand[] {
  return [
    command('exchangeLog.openLinked', (uri: string, line: number) => openLinked(ctx, uri, line)),
    command('exchangeLog.redactCopy', () => redactCopy(ctx)),
  ];
}

/** Opens the linked log at the linked session; opens the folder's candidate files first when needed. */
async function openLinked(ctx: CommandContext, uri: string, line: number): Promise<LinkedTargetResult | null> {
  const client = await ctx.client();
  let result = await client.sendRequest(LinkedTargetRequest.type, { textDocument: { uri }, line });
  if (result && result.locations.length === 0 && result.candidates.length > 0) {
    const opened: { uri: string; version: number }[] = [];
    for (const c of result.candidates) {
      let doc = await vscode.workspace.openTextDocument(client.protocol2CodeConverter.asUri(c));
      if (doc.languageId !== LANGUAGE_ID) doc = await vscode.languages.setTextDocumentLanguage(doc, LANGUAGE_ID);
      opened.push({ uri: c, version: doc.version });
    }
    // The server learns of the new documents through the usual didOpen: it answers once it has them.
    result = await client.sendRequest(LinkedTargetRequest.type, { textDocument: { uri }, line, opened });
  }
  if (!result || result.locations.length === 0) {
    flashStatus(vscode.l10n.t('The linked session is not in any open log or log file of this folder.'));
    return result;
  }
  await show(client, result.locations[0]);
  return result;
}

async function show(client: LanguageClient, loc: LinkedTargetResult['locations'][number]): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(client.protocol2CodeConverter.asUri(loc.uri));
  const r = loc.range;
  const range = new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
  await vscode.window.showTextDocument(doc, { selection: range, preview: false });
}

/** Opens a redacted copy of the active log beside it as a diff; the user saves it where they like. */
async function redactCopy(ctx: CommandContext): Promise<RedactResult | null | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== LANGUAGE_ID) return undefined;
  const client = await ctx.client();
  const original = editor.document;
  const result = await client.sendRequest(RedactRequest.type, { textDocument: { uri: client.code2ProtocolConverter.asUri(original.uri) } });
  if (!result) return result;
  const copy = await vscode.workspace.openTextDocument({ content: result.text, language: LANGUAGE_ID });
  const title = vscode.l10n.t('Redacted copy of {0} (review, then save)', vscode.workspace.asRelativePath(original.uri));
  await vscode.commands.executeCommand('vscode.diff', original.uri, copy.uri, title);
  const c = result.counts;
  void vscode.window.showInformationMessage(vscode.l10n.t(
    'Replaced {0} e-mail addresses and user names, {1} IP addresses, {2} host names, {3} subjects and {4} AUTH arguments. Review the copy, then save it where you like.',
    c.emails + c.users, c.ipv4 + c.ipv6, c.hosts, c.subjects, c.secrets));
  return result;
}
