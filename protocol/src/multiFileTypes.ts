/**
 * Beyond one file: linked logs, continuing a session in the next or previous file, and the index of
 * the workspace's logs. Types only.
 */
import type { Location, Position, Range, TextDocumentRef, VersionedTextDocumentRef } from './commonTypes';

/** The files beside a document, as the client listed them (names only; the server reads no files). */
export interface FolderLogsParams {
  textDocument: TextDocumentRef;
  /** URIs of the files in the document's folder; the server keeps the Exchange logs that link to others. */
  siblings: string[];
}

export interface LinkedTargetParams {
  textDocument: TextDocumentRef;
  /** The line of the lens (a session's first line). */
  line: number;
  /** Files of `candidates` the client has just opened, at their versions: the server answers once it has them (or after a moment). */
  opened?: VersionedTextDocumentRef[];
}

export interface LinkedTargetResult {
  /** Linked places in the open logs. */
  locations: Location[];
  /** When nothing open has the link: files of the same folder and date to open, then ask again. */
  candidates: string[];
}

export type ContinueDirection = 'next' | 'previous';

export interface ContinuationParams {
  textDocument: TextDocumentRef;
  position: Position;
  direction: ContinueDirection;
  /** The names of the files in the log's folder. */
  siblings: string[];
}

export interface ContinuationResult {
  direction: ContinueDirection;
  /** The session at the cursor. */
  sessionId?: string;
  /** False when the session begins (ends) in this file, or the cursor is on no session: `message` says why. */
  continues: boolean;
  /** Names from `siblings` to look in, nearest first. */
  files: string[];
  /** One localised line for the status bar. */
  message: string;
}

export interface SessionEdgeParams {
  textDocument: VersionedTextDocumentRef;
  sessionId: string;
  edge: 'first' | 'last';
}

export interface SessionEdgeResult {
  sessionId: string;
  /** The session's first (`edge` = first) or last line, at its session id; absent when the session is not in the log. */
  position?: Position;
  range?: Range;
  message: string;
}

/**
 * A file of a virtual workspace (no `file:` URI: the server cannot read it), sent by the client for the
 * log collection. Without `text`, the server answers whether it already holds the file at `size` and
 * `mtime` (`skipped`) or needs its text (`needText`).
 */
export interface IndexLogParams {
  uri: string;
  /** The file's text (decoded as UTF-8); absent: only ask whether the server holds the file already. */
  text?: string;
  /** Bytes and modification time (ms) as the client's file system states them: a file sent again unchanged is skipped. */
  size?: number;
  mtime?: number;
}

export interface IndexLogResult {
  sessions: number;
  /** False when the file was not indexed (see `needText`, `warning`). */
  accepted: boolean;
  /** Message-tracking events of the file. */
  events?: number;
  /** The server held the file at this size and time already (in memory or in its cache): nothing was read. */
  skipped?: boolean;
  /** Asked without `text`: send the text. */
  needText?: boolean;
  /** A problem reading the file (binary, unreadable…), in plain words, naming it. */
  warning?: string;
}

export interface ForgetLogsParams {
  uris: string[];
}

/** Server → client: the text of a file of a virtual workspace the server needs again (its lines for a view or a trace). */
export interface ReadFileParams {
  uri: string;
}

export interface ReadFileResult {
  /** The file's text (decoded as UTF-8, without its byte order mark); absent when it cannot be read. */
  text?: string;
  /** Why it cannot be read. */
  message?: string;
}
