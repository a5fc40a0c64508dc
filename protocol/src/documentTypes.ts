/** One document: what the status bar shows, the redacted copy, and the content sniff. Types only. */
import type { LogKind, Position, TextDocumentRef, VersionedTextDocumentRef } from './commonTypes';

export interface DocumentInfoParams {
  textDocument: VersionedTextDocumentRef;
  /** The cursor; when present the answer describes its session. */
  position?: Position;
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
  kind: LogKind;
  /** Localised display name of the kind. */
  kindName: string;
  records: number;
  sessions: number;
  session?: SessionAtCursor;
}

export interface RedactParams {
  textDocument: TextDocumentRef;
}

/** Distinct values replaced, by kind. */
export interface RedactionCounts {
  emails: number;
  users: number;
  ipv4: number;
  ipv6: number;
  hosts: number;
  subjects: number;
  secrets: number;
}

export interface RedactResult {
  /** The redacted text: same lines, fields and quoting; identifying values replaced. */
  text: string;
  counts: RedactionCounts;
  /** Fields changed. */
  fieldsChanged: number;
}

export interface SniffParams {
  /** The first lines of a document (the server reads at most the first 30 lines and 64 KB). */
  text: string;
}

export interface SniffResult {
  /** The kind, when the text is an Exchange log (absent when it is not, or cannot be told yet). */
  kind?: LogKind;
  /** What told it: an Exchange (or IIS SMTP) header, or the shape of header-less lines. */
  by?: 'header' | 'lines';
  /**
   * True when the answer stands: a kind was found, or enough lines were seen to say no. False when
   * the text is too short to tell (an untitled document being filled): ask again when it grows.
   */
  final: boolean;
}
