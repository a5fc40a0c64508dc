/**
 * Plain types shared by the protocol and the server core. Like every `*Types.ts` file of the
 * protocol, this one declares types only and imports nothing but other `*Types.ts` files (as types),
 * so the pure core may use it (`test/unit/purity.test.ts` checks it).
 */

/** Stable id of a log kind. */
export type LogKind =
  | 'smtpReceive'
  | 'smtpSend'
  | 'pop3'
  | 'imap4'
  | 'connectivity'
  | 'messageTracking'
  | 'w3c'
  | 'generic';

/** A place in a document: 0-based line and UTF-16 character, as in LSP. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface Location {
  uri: string;
  range: Range;
}

/** A document by its URI. */
export interface TextDocumentRef {
  uri: string;
}

/**
 * A document by its URI and, optionally, the version the client holds: the server then answers for
 * that version, waiting a moment for it to arrive (a document opened just now may not have reached
 * it yet), and for the version it has when that does not come in time.
 */
export interface VersionedTextDocumentRef {
  uri: string;
  version?: number;
}

/** Initialization options the client sends. */
export interface InitializationOptions {
  /** Locale of the VS Code UI; the server also accepts the standard `locale` of `initialize`. */
  locale?: string;
  /** The log collection; without it the server indexes the workspace folders with no cache. */
  collection?: {
    /** Index the workspace folders (default true). */
    indexWorkspace?: boolean;
    /** Keep the index on disk (default true when `cacheDir` is given). */
    cache?: boolean;
    /** Where the index is kept: the extension's storage folder. */
    cacheDir?: string;
  };
  /**
   * The client runs the command `exchangeLog.traceMessage` from `command:` links in hovers (it trusts
   * that one command): hovers of a message id, a `250 2.6.0` reply or a tracking row then offer
   * "Trace this message". Off by default: other editors get no command links.
   */
  traceCommandLinks?: boolean;
}
