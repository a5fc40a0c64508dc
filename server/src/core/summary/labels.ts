/**
 * Short, localised words about a session (its name, outcome, key events, TLS and AUTH results),
 * shared by the outline, the code lenses, the inlay hints, the diagnostics and the views so that
 * they all say the same thing the same way. Numbers, sizes and durations are written by
 * `util/format`. Nothing here returns markdown: callers that render markdown escape the result.
 */
import { replyCode } from '../facts/smtp';
import { t } from '../l10n';
import { LogModel } from '../model/logModel';
import { hostOf } from '../util/endpoints';
import { sanitizeControls, truncate } from '../util/markdown';
import { KeyEventKind, Outcome, SessionSummary } from './sessionSummary';

/** Log text shown in a plain-text label: control characters made visible, whitespace folded, length capped. */
export function cleanText(s: string, max = 120): string {
  return truncate(sanitizeControls(s).replace(/\s+/g, ' ').trim(), max);
}

/**
 * Text for places where VS Code renders `$(icon)` syntax (code lens titles, some labels): log text
 * must not be able to show an icon, so the `$(` of such a sequence is broken with a zero-width joiner.
 */
export function noIcons(s: string): string {
  return s.replace(/\$\(/g, '$\u200d(');
}

/** `08DC3C0A00000001` → `…00000001`: the changing end of an Exchange session id. */
export function shortSessionId(id: string): string {
  const clean = cleanText(id, 200);
  return clean.length > 10 ? '…' + clean.slice(-8) : clean;
}

export function outcomeLabel(o: Outcome): string {
  switch (o) {
    case 'delivered': return t('delivered');
    case 'rejected': return t('rejected');
    case 'deferred': return t('deferred');
    case 'authFailed': return t('authentication failed');
    case 'droppedByRemote': return t('dropped by the remote side');
    case 'connectionFailed': return t('connection failed');
    case 'tarpitted': return t('tarpitted');
    case 'noMail': return t('no mail');
    case 'loginFailed': return t('login failed');
    case 'loggedIn': return t('logged in');
    case 'connected': return t('connected');
    case 'incomplete': return t('continues in a later file');
    case 'unknown': return t('outcome unknown');
  }
}

export function keyEventLabel(k: KeyEventKind): string {
  switch (k) {
    case 'connect': return t('Connect');
    case 'ehlo': return 'EHLO';
    case 'starttls': return 'STARTTLS';
    case 'tls': return 'TLS';
    case 'auth': return 'AUTH';
    case 'mailFrom': return 'MAIL FROM';
    case 'rcptTo': return 'RCPT TO';
    case 'data': return 'DATA';
    case 'reply': return t('Reply');
    case 'disconnect': return t('Disconnect');
    case 'login': return t('Login');
    case 'failure': return t('Failure');
    case 'connection': return t('Connection');
    case 'totals': return t('Totals');
    case 'message': return t('Message');
    case 'tarpit': return t('Tarpit');
  }
}

/**
 * Bytes the session moved: the connectivity totals, or the sizes Exchange writes in its replies to
 * DATA/BDAT (`250 2.6.0 <…> [InternalId=…] 34567 bytes in 0.120, …`). Undefined when the log does not say.
 */
export function sessionBytes(s: SessionSummary): number | undefined {
  if (s.bytes !== undefined) return s.bytes;
  let total = 0;
  let seen = false;
  for (const k of s.keyEvents) {
    if (k.kind !== 'reply') continue;
    const m = /\b(\d{1,12}) bytes in\b/.exec(k.text);
    if (m) {
      total += +m[1];
      seen = true;
    }
  }
  return seen ? total : undefined;
}

/** The final SMTP reply code of a session: the reply behind its outcome, else the last accepted message. */
export function finalReplyCode(s: SessionSummary): string | undefined {
  const codeOf = (text: string) => (replyCode(text) ? text.slice(0, 3) : undefined);
  const fromOutcome = codeOf(s.outcomeText ?? '');
  if (fromOutcome) return fromOutcome;
  for (let i = s.keyEvents.length - 1; i >= 0; i--) {
    const k = s.keyEvents[i];
    if (k.kind === 'reply') return codeOf(k.text);
  }
  return undefined;
}

/** TLS protocol name safe for a label (`TLS 1.2`), from what the summary parsed. */
export function tlsLabel(s: SessionSummary): string | undefined {
  if (!s.tls) return undefined;
  if (!s.tls.ok) return t('TLS failed');
  const p = s.tls.protocol ?? '';
  return /^[A-Za-z0-9 ._-]{1,20}$/.test(p) ? p : 'TLS';
}

export function authLabel(s: SessionSummary): string | undefined {
  if (!s.auth || s.auth.ok === undefined) return undefined;
  const isLogin = s.kind === 'pop3' || s.kind === 'imap4';
  if (isLogin) return s.auth.ok ? t('login ok') : t('login failed');
  return s.auth.ok ? t('AUTH ok') : t('AUTH failed');
}

/** Remote endpoint, destination or client address of a session, as a host (no port). */
export function sessionPeer(s: SessionSummary): string | undefined {
  if (s.kind === 'connectivity') return s.destination ? cleanText(s.destination, 80) : undefined;
  if (s.remote) return cleanText(hostOf(s.remote), 80);
  return undefined;
}

/** EHLO name, remote banner host or user of a session. */
export function sessionWho(s: SessionSummary): string | undefined {
  const v = s.kind === 'pop3' || s.kind === 'imap4' ? s.user : s.kind === 'messageTracking' ? s.mailFrom : s.helo ?? s.auth?.user;
  return v ? cleanText(v, 80) : undefined;
}

/** The name of a session in lists: `203.0.113.7 · mail.fabrikam.com · …00000001`. Never empty. */
export function sessionName(s: SessionSummary): string {
  const parts = [sessionPeer(s), sessionWho(s), shortSessionId(s.id)].filter((x): x is string => !!x && x.length > 0);
  return parts.length > 0 ? parts.join(' · ') : t('(session)');
}

/** The line of the first record of a session (file order). */
export function sessionFirstLine(model: LogModel, sessionIndex: number): number {
  return model.records.line[model.sessions[sessionIndex].records[0]];
}
