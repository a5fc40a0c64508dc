/**
 * Code lenses: on each session's first line, its one-line summary
 * ("2 msgs · 34 KB · TLS 1.2 · AUTH ok · 1.3 s · 250"), which opens the session view
 * (`exchangeLog.showSession` with the document URI and the line). Titles are built from numbers
 * and words we compute, never from free log text, and cannot show `$(icon)` sequences.
 */
import { CodeLens } from 'vscode-languageserver-types';
import { plural, t } from '../l10n';
import { LinkContext, getSessionLinks } from './links';
import { LogModel } from '../model/logModel';
import { SessionSummary, getSessionSummary } from '../summary/sessionSummary';
import { authLabel, finalReplyCode, noIcons, outcomeLabel, sessionBytes, tlsLabel } from '../summary/labels';
import { formatBytes, formatDuration } from '../util/format';
import { lineRange } from '../util/positions';

export const SHOW_SESSION_COMMAND = 'exchangeLog.showSession';
export const OPEN_LINKED_COMMAND = 'exchangeLog.openLinked';
export const DEFAULT_MAX_CODE_LENSES = 10_000;

export interface CodeLensOptions {
  /** Most lenses returned, for the first sessions in the file (default 10 000). */
  maxLenses?: number;
  /**
   * The other open logs and the log files of the same folder: sessions of a connectivity or send
   * log whose other log is open (or may be, by file name) get a lens "Open in send log" /
   * "Open in connectivity log" (`exchangeLog.openLinked` with the document URI and the line).
   */
  links?: LinkContext;
}

export function getCodeLenses(model: LogModel, options: CodeLensOptions = {}): CodeLens[] {
  const max = options.maxLenses ?? DEFAULT_MAX_CODE_LENSES;
  const out: CodeLens[] = [];
  const linked = new Map<number, string>();
  if (options.links) {
    for (const l of getSessionLinks(model, options.links)) {
      linked.set(l.sessionIndex, l.target === 'smtpSend' ? t('Open in send log') : t('Open in connectivity log'));
    }
  }
  for (const session of model.sessions) {
    if (out.length >= max) break;
    const s = getSessionSummary(model, session.index);
    const line = s.firstLine;
    out.push({
      range: lineRange(model, line),
      command: { title: sessionLensTitle(s), command: SHOW_SESSION_COMMAND, arguments: [model.uri, line] },
    });
    const title = linked.get(session.index);
    if (title) out.push({ range: lineRange(model, line), command: { title, command: OPEN_LINKED_COMMAND, arguments: [model.uri, line] } });
  }
  return out;
}

/** The one-line summary of a session. */
export function sessionLensTitle(s: SessionSummary): string {
  const parts: string[] = [];
  const smtp = s.kind === 'smtpReceive' || s.kind === 'smtpSend';
  if (smtp || s.kind === 'connectivity') parts.push(plural(s.messages, '{0} msg', '{0} msgs'));
  const bytes = sessionBytes(s);
  if (bytes !== undefined && bytes > 0) parts.push(formatBytes(bytes));
  const tls = tlsLabel(s);
  if (tls) parts.push(tls);
  const auth = authLabel(s);
  if (auth) parts.push(auth);
  const duration = formatDuration(s.durationMs);
  if (duration) parts.push(duration);
  if (smtp) {
    const code = finalReplyCode(s);
    if (code) parts.push(code);
  }
  // The outcome, unless the AUTH/login word above already says it.
  const saidByAuth = auth !== undefined && (s.outcome === 'authFailed' || s.outcome === 'loginFailed' || s.outcome === 'loggedIn');
  if (s.outcome !== 'delivered' && s.outcome !== 'unknown' && !saidByAuth) parts.push(outcomeLabel(s.outcome));
  if (s.kind === 'messageTracking' && s.trackingEvents && s.trackingEvents.length > 0) {
    parts.push(plural(s.trackingEvents.length, '{0} event', '{0} events'));
  }
  return noIcons(parts.join(' · '));
}
