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
