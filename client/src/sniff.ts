/**
 * Content sniff: VS Code's own `log` language owns `*.log`, and `firstLine` is only consulted when
 * no file-name rule matched. So when a `log` or `plaintext` document opens, the language server is
 * asked whether its first lines are an Exchange log (an Exchange header, or header-less lines of a
 * known shape: an excerpt pasted from a ticket); if so it is switched to `exchange-log`. An untitled
 * document is asked about again when text is pasted or typed into it, until the answer is final.
 * The setting `exchangeLog.detectByContent` turns it off.
 */
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { SniffRequest } from '../../protocol/src/index';
import { LANGUAGE_ID, VIEW_SCHEME } from './languages';

const CANDIDATES = new Set(['log', 'plaintext']);
/** Documents nobody opened as a file: VS Code's output channels, our own views. */
const SKIPPED_SCHEMES = new Set(['output', VIEW_SCHEME]);
/** The start of a document that is sent (the server reads no more). */
const HEAD_LINES = 30;
const HEAD_CHARS = 64 * 1024;
/** An untitled document is asked about again this long after the last change. */
const RESNIFF_DELAY_MS = 300;

export function registerSniffer(context: vscode.ExtensionContext, getClient: () => Promise<LanguageClient>): void {
  /** Untitled documents with a final answer. */
  const decided = new Set<string>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  const wanted = (doc: vscode.TextDocument) => CANDIDATES.has(doc.languageId) && !SKIPPED_SCHEMES.has(doc.uri.scheme)
    && vscode.workspace.getConfiguration('exchangeLog', doc).get<boolean>('detectByContent', true);

  const check = async (doc: vscode.TextDocument) => {
    if (!wanted(doc)) return;
    const head = doc.getText(new vscode.Range(0, 0, Math.min(doc.lineCount, HEAD_LINES), 0)).slice(0, HEAD_CHARS);
    // Started even for an empty untitled document (nothing to tell yet), so that the server answers
    // in time when text is pasted: before VS Code's own guess of the language, which would win.
    const client = await getClient();
    if (head.trim() === '') return;
    const answer = await client.sendRequest(SniffRequest.type, { text: head });
    if (answer.final) decided.add(doc.uri.toString());
    if (answer.kind && !doc.isClosed && CANDIDATES.has(doc.languageId)) await vscode.languages.setTextDocumentLanguage(doc, LANGUAGE_ID);
  };
  // The language client reports its own failures; a document closed meanwhile needs nothing.
  const sniff = (doc: vscode.TextDocument) => void check(doc).catch(() => undefined);

  const forget = (key: string) => {
    const timer = timers.get(key);
    if (timer) clearTimeout(timer);
    timers.delete(key);
  };
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(sniff),
    vscode.workspace.onDidChangeTextDocument(({ document, contentChanges }) => {
      const key = document.uri.toString();
      if (document.uri.scheme !== 'untitled' || contentChanges.length === 0 || decided.has(key) || !wanted(document)) return;
      forget(key);
      timers.set(key, setTimeout(() => {
        timers.delete(key);
        sniff(document);
      }, RESNIFF_DELAY_MS));
    }),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      const key = doc.uri.toString();
      forget(key);
      decided.delete(key);
    }),
    { dispose: () => [...timers.keys()].forEach(forget) },
  );
  vscode.workspace.textDocuments.forEach(sniff);
}
