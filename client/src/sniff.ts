/**
 * Content sniff: VS Code's own `log` language owns `*.log`, and `firstLine` is only consulted when
 * no file-name rule matched. So when a `log` or `plaintext` document opens whose first lines are an
 * Exchange header, switch it to `exchange-log`. The setting `exchangeLog.detectByContent` turns it off.
 */
import * as vscode from 'vscode';

export const LANGUAGE_ID = 'exchange-log';
const CANDIDATES = new Set(['log', 'plaintext']);

/** True when the start of a document is an Exchange (or IIS SMTP) log header. */
export function looksLikeExchangeLog(head: string): boolean {
  const lines = head.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/, 8);
  let i = 0;
  // A bare CSV field-name row may precede the header (CSV-compatible logs).
  if (lines.length > 1 && !lines[0].startsWith('#') && /^#Software:/i.test(lines[1])) i = 1;
  const first = lines[i] ?? '';
  if (/^#Software:\s*Microsoft Exchange/i.test(first)) return true;
  if (/^#Software:\s*Microsoft Internet Information Services/i.test(first)) {
    return /SMTPSVC|MSExchange/i.test(head);
  }
  return false;
}

export function registerSniffer(context: vscode.ExtensionContext): void {
  const check = (doc: vscode.TextDocument) => {
    if (!CANDIDATES.has(doc.languageId)) return;
    if (!vscode.workspace.getConfiguration('exchangeLog', doc).get<boolean>('detectByContent', true)) return;
    const end = Math.min(doc.lineCount, 30);
    const head = doc.getText(new vscode.Range(0, 0, end, 0));
    if (looksLikeExchangeLog(head)) void vscode.languages.setTextDocumentLanguage(doc, LANGUAGE_ID);
  };
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(check));
  vscode.workspace.textDocuments.forEach(check);
}
