/** One document: what the status bar shows, the redacted copy. Types only. */
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
