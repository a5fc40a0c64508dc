/**
 * Which files of a folder are Exchange logs: by name (the families Exchange writes) or by their first
 * lines (a header, as the content sniff reads it).
 */
import { kindFromFileName } from '../model/kinds';

/** True for the names Exchange gives its text logs (`RECV2024030510-1.LOG`, `MSGTRKMS…`, `IMAP4BE…`). */
export function isExchangeLogName(name: string): boolean {
  return /\.log$/i.test(name) && kindFromFileName(name) !== undefined;
}

/** True when a file's first bytes are an Exchange (or IIS SMTP) log header. */
export function looksLikeExchangeLogStart(head: string): boolean {
  const lines = head.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/, 8);
  let i = 0;
  if (lines.length > 1 && !lines[0].startsWith('#') && /^#Software:/i.test(lines[1])) i = 1;
  const first = lines[i] ?? '';
  if (/^#Software:\s*Microsoft Exchange/i.test(first)) return true;
  return /^#Software:\s*Microsoft Internet Information Services/i.test(first) && /SMTPSVC|MSExchange/i.test(head);
}
