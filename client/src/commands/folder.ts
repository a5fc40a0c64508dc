/**
 * Beyond one file:
 * - `exchangeLog.openFolderAsOneLog`: several logs (a folder, or files picked in the Explorer) as one
 *   read-only, time-merged view. Files are read here one at a time through `workspace.fs` (never
 *   opened in an editor) and sent to the language server, which keeps only the lines of their
 *   sessions and builds the view; a cancellable progress notification shows the reading.
 * - `exchangeLog.continueInNextFile` / `continueInPreviousFile`: open the neighbouring file of the
 *   same log and reveal the session at the cursor there. The server decides which files and where.
 * No log logic here: the client lists folders, reads bytes and moves the cursor.
 */
import * as vscode from 'vscode';
import {
  ContinuationRequest, ContinuationResult, FolderView, FolderViewAddRequest, FolderViewBuildRequest, FolderViewDisposeNotification,
  SessionEdgeRequest,
} from '../../../protocol/src/index';
import { revealAt } from '../reveal';
import { LANGUAGE_ID } from '../languages';
import { AnyCommand, CommandContext, command, flashStatus } from './command';

/** Files of one folder view. */
const MAX_FOLDER_FILES = 2000;

const decoder = new TextDecoder('utf-8');

/** Reads a file as text through the workspace file system (works in virtual and untrusted workspaces). */
async function readText(uri: vscode.Uri): Promise<string> {
  return decoder.decode(await vscode.workspace.fs.readFile(uri));
}

function baseName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() || uri.toString(true);
}

const byName = (a: vscode.Uri, b: vscode.Uri) => baseName(a).localeCompare(baseName(b), undefined, { numeric: true, sensitivity: 'base' });

/** The `.log` files of the selection: folders are listed (not recursively), files kept as they are. */
async function logFilesOf(selection: readonly vscode.Uri[]): Promise<vscode.Uri[]> {
  const out: vscode.Uri[] = [];
  const seen = new Set<string>();
  const push = (u: vscode.Uri) => {
    if (!seen.has(u.toString())) {
      seen.add(u.toString());
      out.push(u);
    }
  };
  for (const uri of selection) {
    let type: vscode.FileType;
    try {
      type = (await vscode.workspace.fs.stat(uri)).type;
    } catch {
      continue;
    }
    if (type & vscode.FileType.Directory) {
      const entries = await vscode.workspace.fs.readDirectory(uri);
      const files = entries
        .filter(([name, t]) => (t & vscode.FileType.File) !== 0 && /\.log$/i.test(name))
        .map(([name]) => vscode.Uri.joinPath(uri, name))
        .sort(byName);
      files.forEach(push);
    } else push(uri);
  }
  return out;
}

/**
 * Reads the files of `selection` into one view on the server. Undefined when cancelled or when there
 * is nothing to read (the user is told).
 */
export async function readLogsAsOneView(ctx: CommandContext, selection: readonly vscode.Uri[], title: string, token?: vscode.CancellationToken): Promise<FolderView | undefined> {
  const files = (await logFilesOf(selection)).slice(0, MAX_FOLDER_FILES);
  if (files.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No .log file was found in the selection.'));
    return undefined;
  }
  const client = await ctx.client();
  const viewId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  return vscode.window.withProgress({
    location: vscode.ProgressLocation.Notification,
    title: vscode.l10n.t('Reading Exchange logs'),
    cancellable: true,
  }, async (progress, cancel) => {
    const cancelled = () => cancel.isCancellationRequested || token?.isCancellationRequested === true;
    try {
      for (let i = 0; i < files.length; i++) {
        if (cancelled()) break;
        progress.report({ message: vscode.l10n.t('{0} ({1} of {2})', baseName(files[i]), i + 1, files.length), increment: 100 / files.length });
        let text: string;
        try {
          text = await readText(files[i]);
        } catch (e) {
          void vscode.window.showWarningMessage(vscode.l10n.t('{0} cannot be read: {1}', files[i].toString(true), e instanceof Error ? e.message : String(e)));
          continue;
        }
        const added = await client.sendRequest(FolderViewAddRequest.type, { viewId, uri: client.code2ProtocolConverter.asUri(files[i]), text });
        if (!added.accepted) break;
      }
      if (cancelled()) {
        void client.sendNotification(FolderViewDisposeNotification.type, { viewId });
        return undefined;
      }
      return (await client.sendRequest(FolderViewBuildRequest.type, { viewId, title })) ?? undefined;
    } catch (e) {
      void client.sendNotification(FolderViewDisposeNotification.type, { viewId });
      throw e;
    }
  });
}

/** The title of a folder view: the folder's name, or the first file's name and how many more. */
export function selectionTitle(selection: readonly vscode.Uri[]): string {
  if (selection.length === 1) return baseName(selection[0]);
  return vscode.l10n.t('{0} and {1} more', baseName(selection[0]), selection.length - 1);
}

export interface ContinueResult extends ContinuationResult {
  /** The file opened and the line revealed there (0-based), when it was found. */
  uri?: string;
  line?: number;
}

/** The commands of this file that need nothing from the session views. */
export function continueCommands(ctx: CommandContext): AnyCommand[] {
  return [
    command('exchangeLog.continueInNextFile', () => continueInFile(ctx, 'next')),
    command('exchangeLog.continueInPreviousFile', () => continueInFile(ctx, 'previous')),
  ];
}

async function continueInFile(ctx: CommandContext, direction: 'next' | 'previous'): Promise<ContinueResult | null | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== LANGUAGE_ID) {
    flashStatus(vscode.l10n.t('Open an Exchange log first.'));
    return undefined;
  }
  const client = await ctx.client();
  const folder = vscode.Uri.joinPath(editor.document.uri, '..');
  let siblings: string[] = [];
  try {
    siblings = (await vscode.workspace.fs.readDirectory(folder)).filter(([, t]) => (t & vscode.FileType.File) !== 0).map(([name]) => name);
  } catch {
    // a document without a readable folder (untitled, some virtual file systems): no neighbours
  }
  const answer = await client.sendRequest(ContinuationRequest.type, {
    textDocument: { uri: client.code2ProtocolConverter.asUri(editor.document.uri) },
    position: { line: editor.selection.active.line, character: editor.selection.active.character },
    direction,
    siblings,
  });
  if (!answer) return answer;
  if (!answer.continues || answer.files.length === 0 || answer.sessionId === undefined) {
    flashStatus(answer.message);
    return answer;
  }
  let message = answer.message;
  for (const name of answer.files) {
    const uri = vscode.Uri.joinPath(folder, name);
    let doc = await vscode.workspace.openTextDocument(uri);
    if (doc.languageId !== LANGUAGE_ID) doc = await vscode.languages.setTextDocumentLanguage(doc, LANGUAGE_ID);
    // The document was opened just now: the server answers once it has this version.
    const textDocument = { uri: client.code2ProtocolConverter.asUri(uri), version: doc.version };
    const edge = await client.sendRequest(SessionEdgeRequest.type, { textDocument, sessionId: answer.sessionId, edge: direction === 'next' ? 'first' : 'last' });
    if (!edge) continue;
    message = edge.message;
    if (edge.position && edge.range) {
      revealAt(await vscode.window.showTextDocument(doc, { preview: false }), edge.position, edge.range);
      flashStatus(edge.message);
      return { ...answer, message: edge.message, uri: uri.toString(), line: edge.position.line };
    }
  }
  flashStatus(message);
  return { ...answer, message };
}
