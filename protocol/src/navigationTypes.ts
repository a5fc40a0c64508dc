/** Following a session: the targets of the navigation commands. Types only. */
import type { Position, Range, TextDocumentRef } from './commonTypes';

/** Where `exchangeLog/navigate` should move the cursor. */
export type NavigationTarget = 'nextEvent' | 'previousEvent' | 'firstEvent' | 'lastEvent' | 'nextSession' | 'previousSession';

/** Why there is nowhere to go (the client reports it instead of wrapping around). */
export type NavigationStop =
  | 'endOfSession'   // the cursor is on the session's last event
  | 'startOfSession' // the cursor is on the session's first event
  | 'notInSession'   // the cursor line belongs to no session
  | 'lastSession'    // no session starts after this one
  | 'firstSession'   // no session starts before this one
  | 'noSessions';    // the log has no sessions at all

export interface NavigationParams {
  textDocument: TextDocumentRef;
  /** The cursor. */
  position: Position;
  target: NavigationTarget;
}

export interface NavigationSession {
  id: string;
  /** 1-based position of the event in the session (sequence order). */
  eventIndex: number;
  eventCount: number;
  /** 1-based position of the session among the log's sessions (ordered by first line). */
  sessionIndex: number;
  sessionCount: number;
}

export interface NavigationResult {
  target: NavigationTarget;
  /** Where the cursor goes (start of the target line); absent when there is nowhere to go. */
  position?: Position;
  /** The target line, to reveal. */
  range?: Range;
  stop?: NavigationStop;
  /** One localised line for the status bar. */
  message: string;
  /** The session at the target, or the cursor's session when stopped. */
  session?: NavigationSession;
}
