/** Time, sequence number and whole-session explanations, from the memoised session summary. */
import { Outcome, SessionSummary, getSessionSummary } from '../summary/sessionSummary';
import { plural, t } from '../l10n';
import { LogModel, LogRecord } from '../model/logModel';
import { explainReply, isReply } from './smtp';
import { bullet, esc, field, note } from './md';
import { formatByteCount, formatDuration, formatInstant } from '../util/format';

export interface TimeOptions {
  /** IANA time zone for "local" times; the process zone (the user's) when undefined. */
  timeZone?: string;
}

/** The record's instant in local time and UTC, and the time since the session's first and previous event. */
export function explainTime(model: LogModel, rec: LogRecord, options: TimeOptions): string[] {
  if (Number.isNaN(rec.time)) return [];
  const out = [
    field(esc(t('Local time:')), esc(formatInstant(rec.time, options.timeZone))),
    field(esc(t('UTC:')), esc(formatInstant(rec.time, 'UTC'))),
  ];
  if (rec.session >= 0) {
    const s = model.sessions[rec.session];
    const summary = getSessionSummary(model, rec.session);
    const pos = s.ordered.indexOf(rec.index);
    if (!Number.isNaN(summary.firstTime) && s.records.length > 1) {
      out.push(field(esc(t('Since the session\'s first event:')), esc(formatDuration(rec.time - summary.firstTime, true))));
    }
    for (let i = pos - 1; i >= 0; i--) {
      const prev = model.records.get(s.ordered[i]);
      if (Number.isNaN(prev.time)) continue;
      out.push(field(esc(t('Since the previous event of the session:')), esc(formatDuration(rec.time - prev.time, true))));
      break;
    }
  }
  return out;
}

/** Event k of n, and repeated or missing numbers. */
export function explainSequence(model: LogModel, rec: LogRecord): string[] {
  if (rec.session < 0) return [];
  const s = model.sessions[rec.session];
  const out = [esc(t('Event {0} of {1} in this session.', s.ordered.indexOf(rec.index) + 1, s.records.length))];
  if (!Number.isNaN(rec.seq) && s.duplicateSeqs.includes(rec.seq)) out.push(esc(t('This number appears more than once in the session: Exchange wrote two lines with the same number (it happens on some builds), or the file was cut and joined.')));
  if (s.missingSeqs.length > 0) {
    const shown = s.missingSeqs.slice(0, 10).join(', ') + (s.missingSeqs.length > 10 ? '…' : '');
    out.push(esc(t('Numbers missing in this session: {0}. Their lines are not in this file (another file, or a gap in logging).', shown)));
  }
  if (s.duplicateSeqs.length > 0 && !(s.duplicateSeqs.includes(rec.seq))) out.push(esc(t('Numbers repeated in this session: {0}.', s.duplicateSeqs.slice(0, 10).join(', '))));
  return out;
}

function outcomeText(o: Outcome, s: SessionSummary): string {
  switch (o) {
    case 'delivered':
      if (s.kind === 'smtpSend') return t('Delivered: the message was sent and accepted by the other side.');
      if (s.kind === 'messageTracking') return t('Delivered or sent on.');
      if (s.kind === 'connectivity') return t('Messages went through this connection.');
      return t('Delivered: the message was accepted.');
    case 'rejected': return t('Rejected with a permanent error.');
    case 'deferred': return t('Deferred with a temporary error; the sender should retry.');
    case 'authFailed': return t('Authentication failed.');
    case 'droppedByRemote': return t('Dropped by the remote side before the session ended normally.');
    case 'connectionFailed': return t('The connection could not be made.');
    case 'tarpitted': return t('Tarpitted: the server delayed its replies and no message went through.');
    case 'noMail': return t('Ended without a message.');
    case 'loginFailed': return t('Login failed.');
    case 'loggedIn': return t('Logged in.');
    case 'connected': return t('Connected; no message went through.');
    case 'incomplete': return t('Not finished in this file.');
    case 'unknown': return t('Unknown.');
  }
}

/** A summary of the whole session, for the session-id hover. */
export function explainSession(model: LogModel, sessionIndex: number, options: TimeOptions): string[] {
  const s = getSessionSummary(model, sessionIndex);
  const out: string[] = [];
  out.push(field(esc(t('Session')), esc(s.id) + ' · ' + esc(plural(s.events, '{0} event', '{0} events')) + ' · ' + esc(t('lines {0}–{1}', s.firstLine + 1, s.lastLine + 1))));
  const items: string[] = [];
  if (!Number.isNaN(s.firstTime)) {
    items.push(bullet(esc(t('First')), esc(formatInstant(s.firstTime, options.timeZone))));
    items.push(bullet(esc(t('Last')), esc(formatInstant(s.lastTime, options.timeZone))));
    items.push(bullet(esc(t('Duration')), esc(formatDuration(s.durationMs, true))));
  }
  if (s.local) items.push(bullet(esc(t('Local endpoint')), esc(s.local)));
  if (s.remote && s.kind !== 'connectivity') items.push(bullet(esc(t('Remote endpoint')), esc(s.remote)));
  if (s.source) items.push(bullet(esc(t('Source')), esc(s.source)));
  if (s.destination) items.push(bullet(esc(t('Destination')), esc(s.destination)));
  if (s.connector) items.push(bullet(esc(t('Connector')), esc(s.connector)));
  if (s.helo) items.push(bullet(esc(s.kind === 'smtpSend' ? t('Remote host (banner)') : t('EHLO/HELO name')), esc(s.helo)));
  if (s.user) items.push(bullet(esc(t('User')), esc(s.user)));
  if (s.mailFrom !== undefined) items.push(bullet(esc(t('MAIL FROM')), s.mailFrom ? esc(s.mailFrom) : esc(t('<> (null sender)'))));
  if (s.recipients.length > 0) {
    const first = s.recipients.slice(0, 3).join(', ') + (s.recipients.length > 3 ? ', …' : '');
    items.push(bullet(esc(t('RCPT TO')), esc(plural(s.recipients.length, '{0} recipient', '{0} recipients')) + ': ' + esc(first)));
  }
  if (s.tls) {
    items.push(bullet(esc(t('TLS')), s.tls.ok
      ? esc(t('negotiated: {0}, {1} bits', s.tls.protocol ?? '?', s.tls.cipher ?? '?'))
      : esc(t('failed')) + (s.tls.detail ? ' · ' + esc(s.tls.detail) : '')));
  } else if (s.kind === 'smtpReceive' || s.kind === 'smtpSend') items.push(bullet(esc(t('TLS')), esc(t('not negotiated in this file'))));
  if (s.auth) {
    const state = s.auth.ok === true ? t('succeeded') : s.auth.ok === false ? t('failed') : t('attempted, result not logged');
    const parts = [state, s.auth.mechanism, s.auth.user].filter((x): x is string => !!x);
    items.push(bullet(esc(t('Authentication')), parts.map((p) => esc(p)).join(' · ')));
  }
  if (s.kind === 'smtpReceive') items.push(bullet(esc(t('Messages')), esc(plural(s.messages, '{0} message accepted', '{0} messages accepted'))));
  else if (s.kind === 'smtpSend') items.push(bullet(esc(t('Messages')), esc(plural(s.messages, '{0} message sent', '{0} messages sent'))));
  else if (s.kind === 'connectivity' && s.bytes !== undefined) items.push(bullet(esc(t('Messages')), esc(plural(s.messages, '{0} message', '{0} messages')) + ' · ' + esc(formatByteCount(s.bytes))));
  if (s.trackingEvents && s.trackingEvents.length > 0) items.push(bullet(esc(t('Tracking events')), esc(s.trackingEvents.slice(0, 12).join(' → ') + (s.trackingEvents.length > 12 ? ' …' : ''))));
  if (s.tarpit && s.outcome !== 'tarpitted') items.push(bullet(esc(t('Tarpit')), esc(t('the server delayed its replies'))));
  out.push(items.join('\n'));
  out.push(field(esc(t('Outcome:')), esc(outcomeText(s.outcome, s)) + (s.outcomeText ? ' · ' + esc(s.outcomeText) : '')));
  if (s.outcomeText && isReply(s.outcomeText)) {
    out.push(...explainReply(s.outcomeText));
  }
  const m = s.kind !== 'messageTracking' ? model.sessions[sessionIndex] : undefined;
  if (m && m.missingSeqs.length > 0) out.push(note(esc(plural(m.missingSeqs.length, '{0} sequence number is missing.', '{0} sequence numbers are missing.'))));
  if (s.startsBeforeFile) out.push(note(esc(t('The session began before this file starts: its first events are in an earlier file.'))));
  if (s.continuesAfterFile && s.kind !== 'messageTracking') out.push(note(esc(t('The session continues past the end of this file: look in the next file.'))));
  return out;
}
