/** The read-only views: one session, the log grouped by session, several logs as one. Types only. */
import type { LogKind, Position, VersionedTextDocumentRef } from './commonTypes';

/** The text of a read-only view and the mapping of its lines back to the log. */
export interface LogView {
  /** Version of the source document the view was built from. */
  version: number;
  text: string;
  /** For each line of the view: the source line it shows or points at (0-based), or -1. */
  sourceLines: number[];
  /** Folding ranges of the view (one per session in the grouped view), 0-based inclusive lines. */
  folds: { startLine: number; endLine: number }[];
  /** Session view only: the session shown; absent when there is none (the text says why). */
  sessionId?: string;
  /** Views of several logs: the files, as URIs… */
  sources?: string[];
  /** …and for each line, the index into `sources` of its file (or -1). Absent: every line is of the one source. */
  sourceFiles?: number[];
}

/** Which session a session view shows. */
export interface SessionQuery {
  /** The session by id (stable across edits)… */
  sessionId?: string;
  /** …or the session of the line at this position. */
  position?: Position;
}

export interface SessionViewParams extends SessionQuery {
  textDocument: VersionedTextDocumentRef;
}

export interface GroupedViewParams {
  textDocument: VersionedTextDocumentRef;
}

export interface FolderViewAddParams {
  /** Chosen by the client; one view is built per id. */
  viewId: string;
  uri: string;
  /** The file's whole text. The server keeps only the lines of its sessions. */
  text: string;
}

/** What adding one file did. */
export interface FolderViewAddResult {
  /** False when a limit was reached: the file was not kept, send no more. */
  accepted: boolean;
  records: number;
  sessions: number;
  kind: LogKind;
}

export interface FolderViewBuildParams {
  viewId: string;
  /** The first words of the view's heading (e.g. the folder name). */
  title?: string;
}

export interface FolderView extends LogView {
  /** The files, as URIs, in the order they were added. */
  sources: string[];
  sourceFiles: number[];
  /** Files added and kept, sessions and events in the view. */
  files: number;
  sessions: number;
  events: number;
  /** True when a limit stopped the reading: the view says so on its second line. */
  truncated: boolean;
}

export interface FolderViewDisposeParams {
  viewId: string;
}
