/**
 * Custom LSP requests, declared once and imported by both the client and the server.
 * Every method is documented in README.md under "Language server protocol".
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';

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
  /** Views of several logs: the files, as URIs… */
  sources?: string[];
  /** …and for each line, the index into `sources` of its file (or -1). Absent: every line is of the one source. */
  sourceFiles?: number[];
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

export * from './overviewTypes';
import type { Overview } from './overviewTypes';

export namespace OverviewRequest {
  export const method = 'exchangeLog/overview' as const;
  export const type = new RequestType<OverviewParams, Overview | null, void>(method);
}

// ---- Linked logs and redacted copies ----

/** The log files beside a document, as the client listed them (names only; the server reads no files). */
export interface FolderLogsParams {
  textDocument: { uri: string };
  /** URIs of `SEND*`, `CONNECTLOG*`, `RECV*` and `MSGTRK*` files in the same folder. */
  siblings: string[];
}

/** The client hands over the log files of a document's folder (for the "Open in … log" lenses). */
export namespace FolderLogsNotification {
  export const method = 'exchangeLog/folderLogs' as const;
  export const type = new NotificationType<FolderLogsParams>(method);
}

export interface LinkedTargetParams {
  textDocument: { uri: string };
  /** The line of the lens (a session's first line). */
  line: number;
}

export interface LinkedTargetResult {
  /** Linked places in the open logs. */
  locations: { uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }[];
  /** When nothing open has the link: files of the same folder and date to open, then ask again. */
  candidates: string[];
}

/** Where "Open in send log" / "Open in connectivity log" goes. Null for an unknown document. */
export namespace LinkedTargetRequest {
  export const method = 'exchangeLog/linkedTarget' as const;
  export const type = new RequestType<LinkedTargetParams, LinkedTargetResult | null, void>(method);
}

export interface RedactParams {
  textDocument: { uri: string };
}

export interface RedactResult {
  /** The redacted text: same lines, fields and quoting; identifying values replaced. */
  text: string;
  /** Distinct values replaced, by kind. */
  counts: { emails: number; users: number; ipv4: number; ipv6: number; hosts: number; subjects: number; secrets: number };
  fieldsChanged: number;
}

/** A redacted copy of a log for a support ticket. Null for an unknown document. */
export namespace RedactRequest {
  export const method = 'exchangeLog/redact' as const;
  export const type = new RequestType<RedactParams, RedactResult | null, void>(method);
}

// ---- Beyond one file: several logs as one view, continue in the next file, workspace index ----

export interface FolderViewAddParams {
  /** Chosen by the client; one view is built per id. */
  viewId: string;
  uri: string;
  /** The file's whole text. The server keeps only the lines of its sessions. */
  text: string;
}

export interface FolderViewAddResult {
  /** False when a limit was reached: the file was not kept, send no more. */
  accepted: boolean;
  records: number;
  sessions: number;
  kind: string;
}

/** Adds one file to a folder view being built (files are sent one at a time). */
export namespace FolderViewAddRequest {
  export const method = 'exchangeLog/folderView/add' as const;
  export const type = new RequestType<FolderViewAddParams, FolderViewAddResult, void>(method);
}

export interface FolderViewBuildParams {
  viewId: string;
  /** The first words of the view's heading (e.g. the folder name). */
  title?: string;
}

export interface FolderView extends LogView {
  sources: string[];
  sourceFiles: number[];
  files: number;
  sessions: number;
  events: number;
  truncated: boolean;
}

/** Builds the view from the files added under `viewId` and forgets them. Null for an unknown id. */
export namespace FolderViewBuildRequest {
  export const method = 'exchangeLog/folderView/build' as const;
  export const type = new RequestType<FolderViewBuildParams, FolderView | null, void>(method);
}

/** Forgets the files added under `viewId` (the reading was cancelled). */
export namespace FolderViewDisposeNotification {
  export const method = 'exchangeLog/folderView/dispose' as const;
  export const type = new NotificationType<{ viewId: string }>(method);
}

export interface ContinuationParams {
  textDocument: { uri: string };
  position: { line: number; character: number };
  direction: 'next' | 'previous';
  /** The names of the files in the log's folder. */
  siblings: string[];
}

export interface ContinuationResult {
  direction: 'next' | 'previous';
  sessionId?: string;
  /** False when the session begins (ends) in this file, or the cursor is on no session. */
  continues: boolean;
  /** Names from `siblings` to look in, nearest first. */
  files: string[];
  message: string;
}

/** Where the session at the cursor continues (`next`) or began (`previous`). Null for an unknown document. */
export namespace ContinuationRequest {
  export const method = 'exchangeLog/continuation' as const;
  export const type = new RequestType<ContinuationParams, ContinuationResult | null, void>(method);
}

export interface SessionEdgeParams {
  textDocument: { uri: string };
  sessionId: string;
  edge: 'first' | 'last';
}

export interface SessionEdgeResult {
  sessionId: string;
  /** Absent when the session is not in the log. */
  position?: { line: number; character: number };
  range?: { start: { line: number; character: number }; end: { line: number; character: number } };
  message: string;
}

/** The first or last line of a session in a log. Null for an unknown document. */
export namespace SessionEdgeRequest {
  export const method = 'exchangeLog/sessionEdge' as const;
  export const type = new RequestType<SessionEdgeParams, SessionEdgeResult | null, void>(method);
}

export interface IndexLogParams {
  uri: string;
  text: string;
}

/** Indexes a workspace log file that is not open, for workspace symbols (the text is not kept). */
export namespace IndexLogRequest {
  export const method = 'exchangeLog/indexLog' as const;
  export const type = new RequestType<IndexLogParams, { sessions: number; accepted: boolean }, void>(method);
}

/** Drops indexed files (deleted, or no longer wanted). */
export namespace ForgetLogsNotification {
  export const method = 'exchangeLog/forgetLogs' as const;
  export const type = new NotificationType<{ uris: string[] }>(method);
}
