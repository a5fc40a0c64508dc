/**
 * The text of the two read-only views, with the mapping of every view line back to its source line:
 * - the session view: one session's summary, then its lines in sequence order;
 * - the grouped view: the whole log with every session contiguous (sessions ordered by their first
 *   line), a one-line summary above each, and one folding range per session.
 * Log lines are copied verbatim; summary values taken from the log are stripped of control
 * characters. The client turns `sourceLines` into links and `folds` into folding ranges.
 */
import { kindName } from '../facts/kinds';
import { formatNumber, plural, t } from '../l10n';
import { LogModel, Session } from '../model/logModel';
import { sanitizeControls, truncate } from '../util/markdown';
import { logFileName } from '../util/fileName';
import { sessionAtLine } from './navigation';
import { outcomeLabel } from '../summary/labels';
import { SessionSummary, getSessionSummary } from '../summary/sessionSummary';
import { formatDuration, formatUtcTime } from '../util/format';
import type { LogView, SessionQuery } from '../../../../protocol/src/viewTypes';

/** The prefix of a heading line; a log line never starts with it. */
export const HEADING = '\u25b6 ';
/** The prefix of a summary line under a heading. */
export const INDENT = '  ';
const SEPARATOR = '\u2500'.repeat(72);

class ViewBuilder {
  readonly lines: string[] = [];
  readonly sourceLines: number[] = [];
  readonly folds: { startLine: number; endLine: number }[] = [];

  add(text: string, sourceLine = -1): number {
    this.lines.push(text);
    this.sourceLines.push(sourceLine);
    return this.lines.length - 1;
  }

  record(model: LogModel, ri: number): number {
    const rec = model.records.get(ri);
    return this.add(model.text.slice(rec.start, rec.end), rec.line);
  }

  build(model: LogModel, sessionId?: string): LogView {
    return { version: model.version, text: this.lines.join('\n') + '\n', sourceLines: this.sourceLines, folds: this.folds, sessionId };
  }
}

export function findSession(model: LogModel, query: SessionQuery): Session | undefined {
  if (query.sessionId !== undefined) {
    const i = model.sessionById.get(query.sessionId);
    return i === undefined ? undefined : model.sessions[i];
  }
  if (query.position) return sessionAtLine(model, query.position.line)?.session;
  return undefined;
}

export function getSessionView(model: LogModel, query: SessionQuery): LogView {
  const b = new ViewBuilder();
  const session = findSession(model, query);
  if (!session) {
    if (query.sessionId !== undefined) b.add(t('Session {0} is no longer in this log.', clean(query.sessionId)));
    else if (query.position) b.add(t('Line {0} belongs to no session.', formatNumber(query.position.line + 1)));
    else b.add(t('No session was given.'));
    return b.build(model);
  }
  const s = getSessionSummary(model, session.index);
  const firstEventLine = model.records.line[session.ordered[0]];
  b.add(HEADING + t('Session {0} · {1}', clean(s.id), kindName(s.kind)), firstEventLine);
  for (const line of detailLines(s, session)) b.add(INDENT + line);
  b.add(INDENT + fieldsLine(model, session));
  b.add(INDENT + t('The lines below are in sequence order; each one links to its place in the log.'));
  b.add(SEPARATOR);
  for (const ri of session.ordered) b.record(model, ri);
  return b.build(model, session.id);
}

export function getGroupedView(model: LogModel): LogView {
  const b = new ViewBuilder();
  const title = [
    t('{0} grouped by session', logFileName(model.uri)),
    kindName(model.kind),
    plural(model.sessions.length, '{0} session', '{0} sessions'),
    plural(model.records.length, '{0} event', '{0} events'),
  ];
  b.add(HEADING + title.join(' · '));
  if (model.sessions.length > 0) {
    b.add(INDENT + t('Sessions in the order of their first line, each followed by its lines in sequence order. Fold a session to keep only its summary; every line links to its place in the log.'));
  } else if (model.records.length > 0) {
    b.add(INDENT + t('This log has no session column: its lines are shown in file order.'));
  } else {
    b.add(INDENT + t('This log has no records.'));
  }
  const seen = new Set<string>();
  for (const block of model.blocks) {
    if (!block.fields) continue;
    const key = block.fields.join(',');
    if (seen.has(key)) continue;
    seen.add(key);
    b.add(INDENT + t('Fields: {0}', clean(key, 2000)));
  }
  const memo: Memo = new Map();
  for (const session of model.sessions) {
    b.add('');
    const s = getSessionSummary(model, session.index);
    const start = b.add(HEADING + oneLineSummary(s, memo), model.records.line[session.records[0]]);
    let end = start;
    for (const ri of session.ordered) end = b.record(model, ri);
    if (end > start) b.folds.push({ startLine: start, endLine: end });
  }
  const loose: number[] = [];
  for (let ri = 0; ri < model.records.length; ri++) if (model.records.session[ri] < 0) loose.push(ri);
  if (loose.length > 0) {
    b.add('');
    const start = b.add(HEADING + t('Lines without a session · {0}', plural(loose.length, '{0} event', '{0} events')));
    let end = start;
    for (const ri of loose) end = b.record(model, ri);
    if (model.sessions.length > 0) b.folds.push({ startLine: start, endLine: end });
  }
  return b.build(model);
}

/** Labels that repeat from session to session, made once per view (Intl plural rules are slow to build). */
type Memo = Map<string, string>;

function once(memo: Memo | undefined, key: string, make: () => string): string {
  if (!memo) return make();
  let v = memo.get(key);
  if (v === undefined) {
    v = make();
    memo.set(key, v);
  }
  return v;
}

/** The one-line summary of a session in the grouped view. */
export function oneLineSummary(s: SessionSummary, memo?: Memo): string {
  const parts = [clean(s.id)];
  if (s.kind === 'connectivity') {
    if (s.source) parts.push(clean(s.source));
    if (s.destination) parts.push('\u2192 ' + clean(s.destination));
  } else if (s.remote) parts.push(clean(s.remote));
  if (s.helo) parts.push(s.kind === 'smtpReceive' ? `EHLO ${clean(s.helo)}` : clean(s.helo));
  if (s.mailFrom !== undefined && s.kind !== 'messageTracking') parts.push(t('MAIL FROM: {0}', clean(s.mailFrom) || '<>'));
  else if (s.mailFrom) parts.push(t('Sender: {0}', clean(s.mailFrom)));
  if (s.user && s.kind !== 'smtpReceive' && s.kind !== 'smtpSend') parts.push(t('User: {0}', clean(s.user)));
  const rcpts = s.recipients.length;
  if (rcpts > 0) parts.push(once(memo, `r${rcpts}`, () => plural(rcpts, '{0} recipient', '{0} recipients')));
  parts.push(once(memo, `o${s.outcome}`, () => outcomeLabel(s.outcome)));
  parts.push(once(memo, `e${s.events}`, () => plural(s.events, '{0} event', '{0} events')));
  return parts.join(' · ');
}

/** The summary block of the session view, one string per line (without indentation). */
function detailLines(s: SessionSummary, session: Session): string[] {
  const out: string[] = [];
  const push = (parts: string[]) => {
    if (parts.length > 0) out.push(parts.join(' · '));
  };

  const endpoints: string[] = [];
  if (s.kind === 'connectivity') {
    if (s.source) endpoints.push(t('Source: {0}', clean(s.source)));
    if (s.destination) endpoints.push(t('Destination: {0}', clean(s.destination)));
  } else {
    if (s.remote) endpoints.push(t('Remote: {0}', clean(s.remote)));
    if (s.local) endpoints.push(t('Local: {0}', clean(s.local)));
  }
  if (s.connector) endpoints.push(t('Connector: {0}', clean(s.connector)));
  push(endpoints);

  const talk: string[] = [];
  if (s.helo) talk.push(s.kind === 'smtpReceive' ? t('EHLO: {0}', clean(s.helo)) : t('Remote host: {0}', clean(s.helo)));
  if (s.mailFrom !== undefined && s.kind !== 'messageTracking') talk.push(t('MAIL FROM: {0}', clean(s.mailFrom) || '<>'));
  else if (s.mailFrom) talk.push(t('Sender: {0}', clean(s.mailFrom)));
  if (s.recipients.length > 0) talk.push(t('Recipients: {0}', list(s.recipients, 5)));
  if (s.user && s.kind !== 'smtpReceive' && s.kind !== 'smtpSend') talk.push(t('User: {0}', clean(s.user)));
  push(talk);

  const security: string[] = [];
  if (s.tls) security.push(s.tls.ok ? t('TLS: {0}', [s.tls.protocol, s.tls.cipher].filter(Boolean).map((x) => clean(x!)).join(' ')) : t('TLS: failed'));
  if (s.auth && (s.kind === 'smtpReceive' || s.kind === 'smtpSend')) {
    const a = [s.auth.mechanism, s.auth.user].filter((x): x is string => !!x).map((x) => clean(x));
    if (s.auth.ok === true) a.push(t('succeeded'));
    if (s.auth.ok === false) a.push(t('failed'));
    if (a.length > 0) security.push(t('AUTH: {0}', a.join(' ')));
  }
  if (s.tarpit) security.push(t('tarpit'));
  push(security);

  let outcome = t('Outcome: {0}', outcomeLabel(s.outcome));
  if (s.outcomeText) outcome += ' \u2014 ' + clean(s.outcomeText, 200);
  const result = [outcome];
  if (s.messages > 0) result.push(plural(s.messages, '{0} message', '{0} messages'));
  push(result);

  if (s.trackingEvents && s.trackingEvents.length > 0) push([t('Events: {0}', list(s.trackingEvents, 20, ' \u2192 '))]);

  const stats = [plural(s.events, '{0} event', '{0} events'), t('lines {0}–{1} of the log', formatNumber(s.firstLine + 1), formatNumber(s.lastLine + 1))];
  if (!Number.isNaN(s.firstTime)) stats.push(t('{0} to {1} UTC ({2})', formatUtcTime(s.firstTime), formatUtcTime(s.lastTime, sameUtcDay(s.firstTime, s.lastTime)), formatDuration(s.durationMs)));
  push(stats);

  const edges: string[] = [];
  if (s.startsBeforeFile) edges.push(t('It began before this file starts.'));
  if (s.continuesAfterFile) edges.push(t('It continues after this file ends.'));
  if (edges.length > 0) out.push(edges.join(' '));
  if (session.duplicateSeqs.length > 0) out.push(t('Sequence numbers seen more than once: {0}', list(session.duplicateSeqs.map(String), 20)));
  if (session.missingSeqs.length > 0) out.push(t('Sequence numbers missing: {0}', list(session.missingSeqs.map(String), 20)));
  return out;
}

function fieldsLine(model: LogModel, session: Session): string {
  const layout = model.records.layout(session.records[0]);
  const names = clean(layout.names.join(layout.delimiter), 2000);
  return layout.inferred ? t('Fields (inferred: the file has no header): {0}', names) : t('Fields: {0}', names);
}

function list(values: readonly string[], max: number, sep = ', '): string {
  const shown = values.slice(0, max).map((v) => clean(v, 200));
  let text = shown.join(sep);
  if (values.length > max) text += sep + t('and {0} more', formatNumber(values.length - max));
  return text;
}

/** One line of log text for a summary: no control characters, no line breaks, bounded. */
function clean(text: string, max = 300): string {
  return truncate(sanitizeControls(text).replace(/[\r\n]+/g, ' '), max);
}

function sameUtcDay(a: number, b: number): boolean {
  return Math.floor(a / 86_400_000) === Math.floor(b / 86_400_000);
}
