/**
 * The log collection: many servers' logs indexed by the language server. Types only (see commonTypes.ts).
 */
import type { LogKind, Location } from './commonTypes';

export type ExchangeService = 'FrontEnd' | 'Hub' | 'Mailbox';

export interface CollectionTreeFile {
  uri: string;
  size: number;
  sessions: number;
  /** Message-tracking events. */
  events: number;
  /** ms since the epoch, NaN when the file has no times. */
  firstTime: number;
  lastTime: number;
  /** A problem reading the file, in plain words. */
  warning?: string;
}

export interface CollectionTreeDay {
  /** `yyyy-mm-dd`, '' when unknown. */
  day: string;
  bytes: number;
  /** Sessions, or events for message tracking. */
  sessions: number;
  files: CollectionTreeFile[];
}

export interface CollectionTreeKind {
  /** The kind and, for SMTP logs, the service: `smtpReceive|FrontEnd`. */
  key: string;
  kind: LogKind;
  service?: ExchangeService;
  /** Localised display name: "SMTP Receive · FrontEnd". */
  label: string;
  files: number;
  bytes: number;
  /** Sessions, or events for message tracking. */
  sessions: number;
  days: CollectionTreeDay[];
}

export interface CollectionTreeServer {
  /** '' when neither the content nor the folders name the server. */
  server: string;
  files: number;
  bytes: number;
  kinds: CollectionTreeKind[];
}

/** What `exchange-log index` prints of a collection. */
export interface CollectionTotals {
  files: number;
  bytes: number;
  sessions: number;
  /** Distinct message ids (accepted in receive sessions, sent, or in message tracking). */
  messages: number;
  events: number;
  servers: string[];
  firstTime: number;
  lastTime: number;
  /** Files with a warning (unreadable, binary, damaged…). */
  warnings: number;
}

export interface CollectionProgress {
  /** Files looked at (from the cache or read) of `totalFiles`. */
  files: number;
  totalFiles: number;
  /** Bytes read from logs so far, of `totalBytes` to read in this run. */
  bytes: number;
  totalBytes: number;
  /** Files taken from the cache. */
  cached: number;
  elapsedMs: number;
}

export interface CollectionTree {
  /** True while files are being read: the counts are partial. */
  indexing: boolean;
  progress?: CollectionProgress;
  /** The folders the collection covers (URIs). */
  folders: string[];
  servers: CollectionTreeServer[];
}

export interface CollectionAddFolderParams {
  uri: string;
}

export interface CollectionAddFolderResult {
  accepted: boolean;
  /** A virtual folder: the server cannot read it, the client sends its files (`exchangeLog/indexLog`). */
  stream?: boolean;
  /** Why not, or what is being done (localised). */
  message: string;
}

export interface CollectionRefreshResult {
  /** Log files found below the collection's folders. */
  files: number;
  /** Files read whole, files read from where they had grown, files taken from the cache or unchanged. */
  read: number;
  appended: number;
  cached: number;
  /** Bytes read from logs. */
  bytesRead: number;
  /** One line per file that could not be read as it should (named). */
  warnings: string[];
  cancelled: boolean;
  elapsedMs: number;
}

export interface CollectionClearCacheResult {
  deleted: number;
}

export interface CollectionGoToTimeParams {
  /** As the user typed it: `2024-03-05 10:15`, `2024-03-05T10:15:00Z`, `10:15` (the day of the current log). */
  time: string;
  /** The current log: its server and kind are looked in first. */
  textDocument?: { uri: string };
  server?: string;
  kind?: LogKind;
}

export interface CollectionGoToTimeResult {
  location?: Location;
  /** What was found, or why nothing was (localised). */
  message: string;
}
