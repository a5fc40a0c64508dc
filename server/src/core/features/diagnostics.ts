/**
 * Diagnostics (Problems panel, F8): format problems found while parsing, session integrity
 * (sequence numbers, time order, sessions cut by the file's start or end) and, switchable per kind,
 * session outcomes (rejections, deferrals, TLS and authentication failures, connection failures,
 * tarpits, idle and dropped sessions). Messages are localised; codes are stable; the count is capped.
 */
import { Diagnostic, DiagnosticSeverity, Range } from 'vscode-languageserver-types';
import { kindName } from '../facts/kinds';
import { t } from '../l10n';
import { LogKind } from '../model/kinds';
import { LogModel, LogRecord, Problem, ProblemCode, Session, recordFields, sessionColumn } from '../model/logModel';
import { cleanText, shortSessionId } from '../summary/labels';
import { KeyEventKind, getSessionSummary } from '../summary/sessionSummary';
import { clockTime } from '../util/format';
import { sanitizeControls, truncate } from '../util/markdown';
import { lineRange, rangeOf, spanOnLine } from '../util/positions';

export const DIAGNOSTIC_SOURCE = 'exchange-log';

/** Session outcomes that can be reported, each switchable. */
export type OutcomeCategory =
  | 'rejected' | 'deferred' | 'tlsFailed' | 'authFailed' | 'connectionFailed' | 'tarpit' | 'idle' | 'dropped';
export type OutcomeSeverity = 'off' | 'information' | 'warning';

export const OUTCOME_CATEGORIES: readonly OutcomeCategory[] = [
  'rejected', 'deferred', 'tlsFailed', 'authFailed', 'connectionFailed', 'tarpit', 'idle', 'dropped',
];

export const DEFAULT_OUTCOME_SEVERITY: Readonly<Record<OutcomeCategory, OutcomeSeverity>> = {
  rejected: 'warning',
  deferred: 'information',
  tlsFailed: 'warning',
  authFailed: 'warning',
  connectionFailed: 'warning',
  tarpit: 'information',
  idle: 'information',
  dropped: 'information',
};

export const DEFAULT_MAX_PROBLEMS = 1000;

export interface DiagnosticOptions {
  /**
   * At most this many diagnostics are returned (default 1000). Past it, errors are kept before
   * warnings before information, earlier lines first, and one more diagnostic says how many were left out.
   */
  maxProblems?: number;
  /** Sequence numbers, time order, sessions cut by the file (default true). */
  integrity?: boolean;
  /** `false` turns every outcome off; otherwise a severity per kind (missing kinds take the default). */
  outcomes?: false | Partial<Record<OutcomeCategory, OutcomeSeverity>>;
}

/** Codes of the diagnostics that are not format problems. */
export type SessionDiagnosticCode =
  | 'duplicate-sequence' | 'missing-sequence' | 'time-backwards' | 'no-connect' | 'no-disconnect'
  | 'session-rejected' | 'session-deferred' | 'tls-failed' | 'auth-failed' | 'connection-failed'
  | 'tarpit' | 'session-idle' | 'session-dropped' | 'too-many-problems';

/** Integrity findings reported per session and code at most this often, so one broken session cannot fill the list. */
const MAX_PER_SESSION = 10;

const SEVERITY: Readonly<Record<ProblemCode, DiagnosticSeverity>> = {
  'unterminated-quote': DiagnosticSeverity.Error,
  'stray-quote': DiagnosticSeverity.Warning,
  'field-count': DiagnosticSeverity.Warning,
  'bad-timestamp': DiagnosticSeverity.Warning,
  'unknown-event': DiagnosticSeverity.Warning,
  'bad-sequence': DiagnosticSeverity.Warning,
  'bad-session-id': DiagnosticSeverity.Information,
  'no-header': DiagnosticSeverity.Information,
  'missing-fields': DiagnosticSeverity.Warning,
  'partial-header': DiagnosticSeverity.Information,
  'fields-changed': DiagnosticSeverity.Information,
  'damaged-directive': DiagnosticSeverity.Warning,
};

export function problemMessage(p: Problem): string {
  const a = p.args.map((x) => (typeof x === 'string' ? quoteValue(x) : x));
  switch (p.code) {
    case 'unterminated-quote':
      return t('Unterminated quote: this field opens a quote that is not closed before the end of the line.');
    case 'stray-quote':
      return t('Stray quote inside a field that does not start with a quote.');
    case 'field-count':
      return t('This record has {0} fields but #Fields names {1}.', a[0], a[1]);
    case 'bad-timestamp':
      return t('The time {0} is not a valid timestamp (expected yyyy-MM-ddTHH:mm:ss.fffZ).', a[0]);
    case 'unknown-event':
      return a[0] === '""'
        ? t('The event column is empty (expected one of + - > < *).')
        : t('Unknown event {0} (expected one of + - > < *).', a[0]);
    case 'bad-sequence':
      return t('The sequence number {0} is not a number.', a[0]);
    case 'bad-session-id':
      return t('The session id {0} is not hexadecimal.', a[0]);
    case 'no-header':
      return t('No header: the columns are inferred from the line shape as a {0}.', kindName(p.args[0] as LogKind));
    case 'missing-fields':
      return t('This header has no #Fields line, so the column names are guessed.');
    case 'partial-header':
      return t('This header is incomplete: {0} missing.', p.args[0] as string);
    case 'fields-changed':
      return t('#Fields changed: records from here on follow the new column list.');
    case 'damaged-directive':
      return t('The directive {0} has lost its # prefix.', a[0]);
  }
}

function quoteValue(v: string): string {
  return `"${truncate(sanitizeControls(v), 60)}"`;
}


const SESSION_KINDS: ReadonlySet<LogKind> = new Set<LogKind>(['smtpReceive', 'smtpSend', 'pop3', 'imap4', 'connectivity']);

export function getDiagnostics(model: LogModel, options: DiagnosticOptions = {}): Diagnostic[] {
  const max = Math.max(1, options.maxProblems ?? DEFAULT_MAX_PROBLEMS);
  const all: Diagnostic[] = [];
  for (const p of model.problems) {
    all.push({
      range: rangeOf(model, p.start, p.end),
      severity: SEVERITY[p.code],
      code: p.code,
      source: DIAGNOSTIC_SOURCE,
      message: problemMessage(p),
    });
  }
  if (options.integrity !== false) integrityDiagnostics(model, all);
  if (options.outcomes !== false) {
    const severities = { ...DEFAULT_OUTCOME_SEVERITY, ...(options.outcomes ?? {}) };
    if (OUTCOME_CATEGORIES.some((c) => severities[c] !== 'off')) outcomeDiagnostics(model, severities, all);
  }
  if (all.length <= max) return sortByPosition(all);
  // Keep the most severe, then the earliest; say how many were left out.
  const kept = all
    .map((d, i) => ({ d, i }))
    .sort((a, b) => (a.d.severity ?? 4) - (b.d.severity ?? 4) || a.d.range.start.line - b.d.range.start.line || a.i - b.i)
    .slice(0, Math.max(0, max - 1))
    .map((x) => x.d);
  kept.push({
    range: lineRange(model, firstContentLine(model)),
    severity: DiagnosticSeverity.Information,
    code: 'too-many-problems',
    source: DIAGNOSTIC_SOURCE,
    message: t('{0} problems found; the {1} most severe are listed. Raise exchangeLog.diagnostics.maxProblems to list more.', all.length, kept.length),
  });
  return sortByPosition(kept);
}

function sortByPosition(list: Diagnostic[]): Diagnostic[] {
  return list.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

function firstContentLine(model: LogModel): number {
  if (model.blocks.length > 0) return model.blocks[0].startLine;
  return model.records.length > 0 ? model.records.line[0] : 0;
}

function push(out: Diagnostic[], range: Range, severity: DiagnosticSeverity, code: SessionDiagnosticCode, message: string): void {
  out.push({ range, severity, code, source: DIAGNOSTIC_SOURCE, message });
}

/** Range of one column of a record (the whole line when the column is absent). */
function columnRange(model: LogModel, rec: LogRecord, col: number, spans?: number[]): Range {
  if (col >= 0) {
    spans ??= recordFields(model, rec);
    if (col * 2 < spans.length && spans[col * 2 + 1] > spans[col * 2]) return spanOnLine(model, rec.line, spans[col * 2], spans[col * 2 + 1]);
  }
  return lineRange(model, rec.line);
}

/** Range of the session id of a record (see `sessionColumn`). */
function sessionIdRange(model: LogModel, rec: LogRecord): Range {
  const spans = recordFields(model, rec);
  return columnRange(model, rec, sessionColumn(model, rec, spans), spans);
}

function integrityDiagnostics(model: LogModel, out: Diagnostic[]): void {
  const { records } = model;
  const times = records.time;
  for (const s of model.sessions) {
    let shortId: string | undefined;
    const short = () => (shortId ??= shortSessionId(s.id));
    const seqCol = records.layout(s.records[0]).seq;
    if (s.duplicateSeqs.length > 0) duplicateSequences(model, s, short(), seqCol, out);
    if (s.missingSeqs.length > 0) missingSequences(model, s, short(), seqCol, out);
    // Time going backwards, in sequence order (read from the time column: no record objects).
    let prev = -1;
    let reported = 0;
    for (const ri of s.ordered) {
      const time = times[ri];
      if (Number.isNaN(time)) continue;
      if (prev >= 0 && time < times[prev] && reported < MAX_PER_SESSION) {
        reported++;
        const rec = records.get(ri);
        push(out, columnRange(model, rec, rec.layout.time), DiagnosticSeverity.Warning, 'time-backwards',
          t('Time goes backwards in session {0}: this event is at {1}, the one before it (line {2}) at {3}.', short(), clockTime(time, true), records.line[prev] + 1, clockTime(times[prev], true)));
      }
      if (prev < 0 || time >= times[prev]) prev = ri;
    }
    if (!SESSION_KINDS.has(s.kind)) continue;
    const sum = getSessionSummary(model, s.index);
    if (sum.startsBeforeFile) {
      const first = records.get(s.records[0]);
      // a send session cut between its first lines and its connect has the connect here, not its line 0
      const connected = sum.keyEvents.some((k) => k.kind === 'connect');
      push(out, sessionIdRange(model, first), DiagnosticSeverity.Information, 'no-connect', connected
        ? t('Session {0} starts here at sequence number {1}: its first events are in an earlier file.', short(), model.records.seq[s.ordered[0]])
        : t('Session {0} has no connect event here: it began in an earlier file.', short()));
    }
    if (sum.continuesAfterFile && sum.outcome !== 'connectionFailed') {
      const last = records.get(s.records[s.records.length - 1]);
      push(out, sessionIdRange(model, last), DiagnosticSeverity.Information, 'no-disconnect',
        t('Session {0} has no disconnect event here: it continues in a later file.', short()));
    }
  }
}

function duplicateSequences(model: LogModel, s: Session, short: string, seqCol: number, out: Diagnostic[]): void {
  const dups = new Set(s.duplicateSeqs);
  const seen = new Map<number, number>();
  let reported = 0;
  for (const ri of s.ordered) {
    if (!dups.has(model.records.seq[ri])) continue;
    const rec = model.records.get(ri);
    const count = (seen.get(rec.seq) ?? 0) + 1;
    seen.set(rec.seq, count);
    if (count !== 2 || reported >= MAX_PER_SESSION) continue;
    reported++;
    const first = s.ordered.find((r) => model.records.seq[r] === rec.seq)!;
    push(out, columnRange(model, rec, seqCol), DiagnosticSeverity.Warning, 'duplicate-sequence',
      t('Sequence number {0} is repeated in session {1} (first on line {2}).', rec.seq, short, model.records.line[first] + 1));
  }
}

function missingSequences(model: LogModel, s: Session, short: string, seqCol: number, out: Diagnostic[]): void {
  // missingSeqs is ascending: split it into gaps and report each gap on the record after it.
  const gaps: [number, number][] = [];
  for (const q of s.missingSeqs) {
    const g = gaps[gaps.length - 1];
    if (g && q === g[1] + 1) g[1] = q;
    else gaps.push([q, q]);
  }
  let reported = 0;
  for (const [a, b] of gaps) {
    if (reported >= MAX_PER_SESSION) break;
    const afterIndex = s.ordered.find((r) => model.records.seq[r] > b);
    if (afterIndex === undefined) continue;
    const after = model.records.get(afterIndex);
    reported++;
    const message = a === b
      ? t('Sequence number {0} of session {1} is missing.', a, short)
      : t('Sequence numbers {0} to {1} of session {2} are missing.', a, b, short);
    push(out, columnRange(model, after, seqCol), DiagnosticSeverity.Warning, 'missing-sequence', message);
  }
}

function outcomeDiagnostics(model: LogModel, severities: Record<OutcomeCategory, OutcomeSeverity>, out: Diagnostic[]): void {
  const sev = (c: OutcomeCategory) => (severities[c] === 'warning' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Information);
  const on = (c: OutcomeCategory) => severities[c] === 'warning' || severities[c] === 'information';
  for (const session of model.sessions) {
    const s = getSessionSummary(model, session.index);
    let shortId: string | undefined;
    const short = () => (shortId ??= shortSessionId(s.id));
    const at = (record: number | undefined): Range => {
      const rec = model.records.get(record ?? session.records[0]);
      const col = rec.layout.data >= 0 ? rec.layout.data : rec.layout.context;
      return columnRange(model, rec, col);
    };
    const keyRecord = (...kinds: KeyEventKind[]) => s.keyEvents.find((k) => kinds.includes(k.kind))?.record;
    const reason = (text: string | undefined) => cleanText(text ?? '', 160) || t('no reply text');
    const isMessage = s.kind === 'messageTracking';

    if (s.outcome === 'rejected' && on('rejected')) {
      push(out, at(s.outcomeRecord), sev('rejected'), 'session-rejected', isMessage
        ? t('Message {0} failed: {1}', short(), reason(s.outcomeText))
        : t('Session {0} was rejected: {1}', short(), reason(s.outcomeText)));
    }
    if (s.outcome === 'deferred' && on('deferred')) {
      push(out, at(s.outcomeRecord), sev('deferred'), 'session-deferred', isMessage
        ? t('Message {0} was deferred: {1}', short(), reason(s.outcomeText))
        : t('Session {0} was deferred (temporary failure): {1}', short(), reason(s.outcomeText)));
    }
    if (s.tls && !s.tls.ok && on('tlsFailed')) {
      push(out, at(keyRecord('tls')), sev('tlsFailed'), 'tls-failed',
        t('TLS negotiation failed in session {0}: {1}', short(), reason(s.tls.detail)));
    }
    if ((s.outcome === 'authFailed' || s.outcome === 'loginFailed' || s.auth?.ok === false) && on('authFailed')) {
      const rec = s.outcome === 'loginFailed' ? s.outcomeRecord ?? keyRecord('failure', 'login') : keyRecord('failure') ?? keyRecord('auth');
      push(out, at(rec), sev('authFailed'), 'auth-failed',
        s.outcome === 'loginFailed'
          ? t('Login failed in session {0}: {1}', short(), reason(s.outcomeText))
          : t('Authentication failed in session {0}: {1}', short(), reason(s.auth?.detail ?? s.outcomeText)));
    }
    if (s.outcome === 'connectionFailed' && on('connectionFailed')) {
      push(out, at(s.outcomeRecord), sev('connectionFailed'), 'connection-failed',
        t('Connection failed in session {0}: {1}', short(), reason(s.outcomeText)));
    }
    if (s.tarpit && on('tarpit')) {
      const k = s.keyEvents.find((e) => e.kind === 'tarpit');
      push(out, at(k?.record), sev('tarpit'), 'tarpit',
        t('Session {0} was tarpitted (replies delayed): {1}', short(), reason(k?.text)));
    }
    if (s.outcome === 'noMail' && on('idle') && !s.mailFrom && !(s.tls && !s.tls.ok)) {
      push(out, at(undefined), sev('idle'), 'session-idle', s.kind === 'pop3' || s.kind === 'imap4'
        ? t('Session {0} connected and ended without logging in.', short())
        : t('Session {0} connected and ended without sending mail.', short()));
    }
    if (s.outcome === 'droppedByRemote' && on('dropped')) {
      push(out, at(keyRecord('disconnect')), sev('dropped'), 'session-dropped',
        t('Session {0} was dropped by the remote side before QUIT: {1}', short(), reason(s.outcomeText)));
    }
  }
}

