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
