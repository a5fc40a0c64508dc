/**
 * Following a session through an interleaved log: the targets of next / previous / first / last
 * event in the session (sequence-number order, file order where numbers are absent or tie) and of
 * next / previous session (sessions ordered by their first line). At either end the answer says so
 * instead of wrapping around. The client only moves the cursor.
 */
import { Position, Range } from 'vscode-languageserver-types';
import { t } from '../l10n';
import { LogModel, Session, recordFields, sessionColumn } from '../model/logModel';
import { sanitizeControls, truncate } from '../util/markdown';
import { lineRange, spanOnLine } from '../util/positions';
import type { NavigationResult, NavigationSession, NavigationTarget } from '../../../../protocol/src/navigationTypes';

export const NAVIGATION_TARGETS: readonly NavigationTarget[] = [
  'nextEvent', 'previousEvent', 'firstEvent', 'lastEvent', 'nextSession', 'previousSession',
];

/** The record and session on a line, if the line is a record of a session. */
export function sessionAtLine(model: LogModel, line: number): { session: Session; record: number } | undefined {
  if (!Number.isInteger(line) || line < 0 || line >= model.lineRecord.length) return undefined;
  const ri = model.lineRecord[line];
  if (ri < 0) return undefined;
  const si = model.records.session[ri];
  if (si < 0) return undefined;
  return { session: model.sessions[si], record: ri };
}

/** Range of the session-id field of a record (the whole line when the field is missing). */
export function sessionIdRange(model: LogModel, recordIndex: number): Range {
  const rec = model.records.get(recordIndex);
  const spans = recordFields(model, rec);
  const col = sessionColumn(model, rec, spans);
  if (col >= 0 && col * 2 < spans.length) return spanOnLine(model, rec.line, spans[col * 2], spans[col * 2 + 1]);
  return lineRange(model, rec.line);
}

/** Session ids shown in messages: no control characters, bounded length. */
export function displayId(id: string): string {
  return truncate(sanitizeControls(id), 64);
}

export function getNavigationTarget(model: LogModel, position: Position, target: NavigationTarget): NavigationResult {
  if (target === 'nextSession' || target === 'previousSession') return sessionTarget(model, position, target);
  const at = sessionAtLine(model, position.line);
  if (!at) {
    return { target, stop: 'notInSession', message: model.sessions.length === 0 ? t('This log has no sessions.') : t('This line belongs to no session.') };
  }
  const { session, record } = at;
  const order = session.ordered;
  const k = order.indexOf(record);
  const id = displayId(session.id);
  let to: number;
  switch (target) {
    case 'nextEvent':
      if (k >= order.length - 1) {
        return { target, stop: 'endOfSession', session: info(model, session, k), message: t('End of session {0}: no later event in this file.', id) };
      }
      to = k + 1;
      break;
    case 'previousEvent':
      if (k <= 0) {
        return { target, stop: 'startOfSession', session: info(model, session, k), message: t('Start of session {0}: no earlier event in this file.', id) };
      }
      to = k - 1;
      break;
    case 'firstEvent':
      to = 0;
      break;
    case 'lastEvent':
      to = order.length - 1;
      break;
  }
  return moveTo(model, target, session, to, t('Event {0} of {1} in session {2}', to + 1, order.length, id));
}

function sessionTarget(model: LogModel, position: Position, target: 'nextSession' | 'previousSession'): NavigationResult {
  const sessions = model.sessions;
  if (sessions.length === 0) return { target, stop: 'noSessions', message: t('This log has no sessions.') };
  const at = sessionAtLine(model, position.line);
  const firstLine = (s: Session) => model.records.line[s.records[0]];
  let to: number;
  if (at) {
    // Sessions are numbered in the order of their first line.
    const i = at.session.index;
    to = target === 'nextSession' ? i + 1 : i - 1;
    if (to < 0 || to >= sessions.length) {
      const id = displayId(at.session.id);
      return target === 'nextSession'
        ? { target, stop: 'lastSession', session: info(model, at.session, at.session.ordered.indexOf(at.record)), message: t('No session starts after session {0}.', id) }
        : { target, stop: 'firstSession', session: info(model, at.session, at.session.ordered.indexOf(at.record)), message: t('No session starts before session {0}.', id) };
    }
  } else {
    // Not on a session line: the nearest session starting after (before) the cursor line.
    const line = position.line;
    to = target === 'nextSession' ? firstIndexAfter(sessions.length, (i) => firstLine(sessions[i]) > line) : firstIndexAfter(sessions.length, (i) => firstLine(sessions[i]) >= line) - 1;
    if (to < 0 || to >= sessions.length) {
      return target === 'nextSession'
        ? { target, stop: 'lastSession', message: t('No session starts after this line.') }
        : { target, stop: 'firstSession', message: t('No session starts before this line.') };
    }
  }
  const s = sessions[to];
  const ri = s.records[0];
  const k = s.ordered.indexOf(ri);
  return moveToRecord(model, target, s, ri, k, t('Session {0} of {1}: {2}', to + 1, sessions.length, displayId(s.id)));
}

/** Smallest i in [0, n) with pred(i) true, for a monotone pred; n when none. */
function firstIndexAfter(n: number, pred: (i: number) => boolean): number {
  let lo = 0, hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (pred(mid)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function moveTo(model: LogModel, target: NavigationTarget, session: Session, k: number, message: string): NavigationResult {
  return moveToRecord(model, target, session, session.ordered[k], k, message);
}

function moveToRecord(model: LogModel, target: NavigationTarget, session: Session, ri: number, k: number, message: string): NavigationResult {
  const line = model.records.line[ri];
  return {
    target,
    position: { line, character: 0 },
    range: lineRange(model, line),
    message,
    session: info(model, session, k),
  };
}

function info(model: LogModel, session: Session, k: number): NavigationSession {
  return {
    id: sanitizeControls(session.id),
    eventIndex: k + 1,
    eventCount: session.ordered.length,
    sessionIndex: session.index + 1,
    sessionCount: model.sessions.length,
  };
}
