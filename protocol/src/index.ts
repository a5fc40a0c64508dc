/**
 * Custom LSP requests, declared once and imported by both the client and the server.
 * Every method is documented in README.md under "Language server protocol".
 */
import { RequestType } from 'vscode-languageserver-protocol';

export interface DocumentInfoParams {
  textDocument: { uri: string };
  /** The cursor; when present the answer describes its session. */
  position?: { line: number; character: number };
}

export interface SessionAtCursor {
  id: string;
  /** Remote endpoint, destination or user, whichever the log has. */
  remote?: string;
  /** 1-based position of the cursor line in the session (sequence order). */
  eventIndex: number;
  eventCount: number;
}

export interface DocumentInfo {
  /** Stable kind id (smtpReceive, smtpSend, pop3, imap4, connectivity, messageTracking, w3c, generic). */
  kind: string;
  /** Localised display name of the kind. */
  kindName: string;
  records: number;
  sessions: number;
  session?: SessionAtCursor;
}

export namespace DocumentInfoRequest {
  export const method = 'exchangeLog/documentInfo' as const;
  export const type = new RequestType<DocumentInfoParams, DocumentInfo | null, void>(method);
}

/** Initialization options the client sends. */
export interface InitializationOptions {
  /** Locale of the VS Code UI; the server also accepts the standard `locale` of `initialize`. */
  locale?: string;
}

// ---- Following a session: navigation targets and the session views ----

/** Where `exchangeLog/navigate` should move the cursor. */
export type NavigationTarget = 'nextEvent' | 'previousEvent' | 'firstEvent' | 'lastEvent' | 'nextSession' | 'previousSession';

/** Why there is nowhere to go (the client reports it instead of wrapping around). */
export type NavigationStop = 'endOfSession' | 'startOfSession' | 'notInSession' | 'lastSession' | 'firstSession' | 'noSessions';

export interface NavigationParams {
  textDocument: { uri: string };
  /** The cursor. */
  position: { line: number; character: number };
  target: NavigationTarget;
}

export interface NavigationResult {
  target: NavigationTarget;
  /** Where the cursor goes (start of the target line); absent when there is nowhere to go. */
  position?: { line: number; character: number };
  /** The target line, to reveal. */
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
  stop?: NavigationStop;
  /** One localised line for the status bar. */
  message: string;
  /** The session at the target, or the cursor's session when stopped. */
  session?: { id: string; eventIndex: number; eventCount: number; sessionIndex: number; sessionCount: number };
}

/** Next / previous / first / last event in the session, next / previous session. Null for an unknown document. */
export namespace NavigationRequest {
  export const method = 'exchangeLog/navigate' as const;
  export const type = new RequestType<NavigationParams, NavigationResult | null, void>(method);
}

/** The text of a read-only view and the mapping of its lines back to the log. */
export interface LogView {
  /** Version of the source document the view was built from. */
  version: number;
  text: string;
  /** For each line of the view: the source line it shows or points at (0-based), or -1. */
  sourceLines: number[];
  /** Folding ranges of the view, 0-based inclusive lines. */
  folds: { startLine: number; endLine: number }[];
  /** Session view only: the session shown; absent when there is none (the text says why). */
  sessionId?: string;
}

export interface SessionViewParams {
  textDocument: { uri: string };
  /** The session by id (stable across edits)… */
  sessionId?: string;
  /** …or the session of the line at this position. */
  position?: { line: number; character: number };
}

/** One session: its summary, then its lines in sequence order. Null for an unknown document. */
export namespace SessionViewRequest {
  export const method = 'exchangeLog/sessionView' as const;
  export const type = new RequestType<SessionViewParams, LogView | null, void>(method);
}

export interface GroupedViewParams {
  textDocument: { uri: string };
}

/** The whole log with every session contiguous and summarised, one fold per session. Null for an unknown document. */
export namespace GroupedViewRequest {
  export const method = 'exchangeLog/groupedView' as const;
  export const type = new RequestType<GroupedViewParams, LogView | null, void>(method);
}

/** `exchangeLog/overview`: the whole log at a glance (the overview panel draws it; the server computes it). */
export interface OverviewParams {
  textDocument: { uri: string };
}

/** Theme chart colour of a series: the webview draws it with `--vscode-charts-<color>`. */
export type OverviewColor = 'blue' | 'green' | 'red' | 'yellow' | 'orange' | 'purple' | 'foreground';

export interface OverviewSeries {
  /** Stable id: sessions, messages, logins, fail5xx, fail4xx, failTlsAuth, failConnection, lines; for message tracking the event id (or otherEvents). */
  id: string;
  /** Localised name. */
  label: string;
  /** Bars are stacked in series order; a line is drawn over them. */
  style: 'bar' | 'line';
  color: OverviewColor;
}

export interface OverviewBucket {
  /** Start of the bucket, ms since the epoch (UTC). */
  start: number;
  /** One count per series, in series order. */
  counts: number[];
  /** First line (0-based, file order) whose time falls in the bucket: the line a click reveals. */
  line: number;
}

export interface OverviewTimeline {
  /** 1000 (per second, logs shorter than five minutes), 60000 (per minute), wider for logs longer than a day. */
  bucketMs: number;
  start: number;
  /** Exclusive. */
  end: number;
  series: OverviewSeries[];
  /** Only buckets that hold at least one line (at most 1440), in time order. */
  buckets: OverviewBucket[];
}

export interface OverviewColumn {
  label: string;
  numeric: boolean;
}

export interface OverviewRow {
  /** Stable key of the row within its table. */
  key: string;
  /** One cell per column: text from the log (untrusted: show as text only) or a number. */
  cells: (string | number)[];
  /** Indices into `Overview.sessionRefs`: the row's first sessions in file order (at most 50). */
  sessions: number[];
  /** All sessions of the row (may exceed `sessions.length`). */
  sessionCount: number;
  /** First line of the row's first session (or of the row, for logs without sessions). */
  line: number;
}

export interface OverviewTable {
  /** Stable id: remoteIps, remoteIpsByFailures, ehlo, ehloByFailures, tls, auth, replies, users, usersByFailures, destinations, destinationsByFailures, events, senders, sendersByFailures. */
  id: string;
  title: string;
  columns: OverviewColumn[];
  /** The top rows (at most 15). */
  rows: OverviewRow[];
  totalRows: number;
}

export interface OverviewSessionRef {
  id: string;
  /** First line of the session (0-based). */
  line: number;
  /** Time of its first line, ms since the epoch, or null. */
  time: number | null;
  remote?: string;
  /** EHLO name, user or sender. */
  name?: string;
  /** Localised failure kind, when the session failed. */
  failure?: string;
}

export interface Overview {
  uri: string;
  version: number;
  kind: string;
  kindName: string;
  records: number;
  sessions: number;
  firstTime: number | null;
  lastTime: number | null;
  timeline: OverviewTimeline | null;
  tables: OverviewTable[];
  sessionRefs: OverviewSessionRef[];
}

export namespace OverviewRequest {
  export const method = 'exchangeLog/overview' as const;
  export const type = new RequestType<OverviewParams, Overview | null, void>(method);
}
